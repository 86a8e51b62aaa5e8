// An Array2D row index that is not a row (fractional, negative, past the end) throws Array2D.row's own
// RangeError in compiled code too; a fractional index never reads row 0 (issue 19's first mutant, now in the
// Array2D path of js/codegen.ts: rowOf with a float index).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../src/index.js';

function firstOfRow(m: Array2D, k: number): number {
  return m.row(k / 2)[0]!;
}

test('m.row(k / 2) for a k that is not twice a row throws what plain JS throws, class and message', () => {
  const m = new Array2D(3, 2);
  m.data.set([1, 2, 3, 4, 5, 6]);
  const compiled = memoJit(firstOfRow);
  assert.equal(compiled(m, 2), firstOfRow(m, 2));
  for (const k of [1, 3, -2, 6, 5.5]) {
    let plain: unknown;
    try {
      firstOfRow(m, k);
    } catch (e) {
      plain = e;
    }
    assert.ok(plain instanceof RangeError, `plain throws for k=${k}`);
    assert.throws(() => compiled(m, k), (e: unknown) => e instanceof RangeError && e.message === (plain as Error).message, `k=${k}`);
  }
});
