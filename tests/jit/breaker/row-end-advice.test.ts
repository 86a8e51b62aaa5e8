// `rows[i] === undefined` and `rows[i] == null` are refused for number[][] rows; the advice must not be to
// write `rows[i] === null`, which is false past the end in JavaScript (the row is undefined there) and so
// changes what the plain function does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitError, memoJit } from '../../../src/index.js';

test('a refused test of a number[][] row for the end advises comparing the index with the length', () => {
  function missingUndefined(rows: number[][], i: number): number {
    return rows[i] === undefined ? -1 : rows[i]![0]!;
  }
  function missingNullish(rows: number[][], i: number): number {
    return rows[i] == null ? -1 : rows[i]![0]!;
  }
  for (const f of [missingUndefined, missingNullish]) {
    assert.equal(f([[1]], 3), -1);
    assert.throws(() => memoJit(f)([[1]], 3), (e: unknown) => e instanceof JitError && /compare the index with the length/.test(e.message) && !/test it with === null/.test(e.message));
  }
  // the advice, followed, gives the plain function's answer compiled
  function followed(rows: number[][], i: number): number {
    return i >= rows.length ? -1 : rows[i]![0]!;
  }
  const c = memoJit(followed);
  for (const i of [0, 3]) assert.ok(Object.is(c([[1]], i), followed([[1]], i)));
});
