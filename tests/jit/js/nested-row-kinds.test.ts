// A number[][] argument whose rows are DataViews or BigInt typed arrays: the outcome is plain's, exception
// included. The entry check (js/nested.ts, rowsAreArrays) sends such rows to the plain function; its mutants
// survive this test because the in-place compiled reads give the same outcome here (see bench/README.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { describeError, exceptionDisagreement, outcomeOf, sameValues } from '../../_support/outcome.js';

function total(m: number[][]): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]! * 2;
  return s;
}

test('rows that are DataViews or BigInt arrays get exactly what plain JS gives (value or exception)', () => {
  const compiled = memoJit(total);
  assert.equal(compiled([[1, 2], [3]]), 12); // the number[][] specialization exists
  const odd: Array<[string, unknown]> = [
    ['DataView', new DataView(new ArrayBuffer(16))],
    ['BigInt64Array', BigInt64Array.of(1n, 2n)],
    ['BigUint64Array', BigUint64Array.of(3n)],
  ];
  for (const [name, row] of odd) {
    const m = [[1, 2], row] as unknown as number[][];
    const want = outcomeOf(() => total(m));
    const got = outcomeOf(() => compiled(m));
    if ('error' in want) {
      assert.ok('error' in got, `${name}: plain threw ${describeError(want.error)}, compiled returned`);
      assert.equal(exceptionDisagreement(want.error, got.error), undefined, name);
    } else {
      assert.ok('value' in got && sameValues(got.value, want.value), `${name}: compiled ${'value' in got ? String(got.value) : describeError(got.error)}, plain ${String(want.value)}`);
    }
  }
});
