// A test of a number[][] row for the end: `rows[i] === undefined` compiles and answers as JavaScript does (a row
// past the end is undefined); `rows[i] == null` is refused, and the advice must not be to write `rows[i] === null`,
// which is false past the end in JavaScript (the row is undefined there) and so changes what the plain function
// does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitError, memoJit } from '../../../src/index.js';

test('rows[i] === undefined compiles as JavaScript answers it; == null is refused with advice to compare the index with the length', () => {
  function missingUndefined(rows: number[][], i: number): number {
    return rows[i] === undefined ? -1 : rows[i]![0]!;
  }
  const u = memoJit(missingUndefined);
  for (const i of [0, 1, 3]) assert.ok(Object.is(u([[1], [2]], i), missingUndefined([[1], [2]], i)), `i = ${i}`);
  function missingNullish(rows: number[][], i: number): number {
    return rows[i] == null ? -1 : rows[i]![0]!;
  }
  assert.equal(missingNullish([[1]], 3), -1);
  assert.throws(() => memoJit(missingNullish)([[1]], 3), (e: unknown) => e instanceof JitError && /compare the index with the length/.test(e.message) && !/test it with === null/.test(e.message));
  // the advice, followed, gives the plain function's answer compiled
  function followed(rows: number[][], i: number): number {
    return i >= rows.length ? -1 : rows[i]![0]!;
  }
  const c = memoJit(followed);
  for (const i of [0, 3]) assert.ok(Object.is(c([[1]], i), followed([[1]], i)));
});
