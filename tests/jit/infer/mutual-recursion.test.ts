// Mutually recursive functions whose return type widens while it is being inferred (issue 19, infer mutant in
// specialize.ts): the helper typed in an earlier round must not be reused with that round's narrower types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

function grow(n: number): number {
  if (n <= 0) return 1;
  return helper(n - 1) * 1.5;
}
function helper(n: number): number {
  return grow(n) + 1;
}

function parity(n: number): number {
  if (n === 0) return 0;
  return odd(n - 1) / 2 + 0.25;
}
function odd(n: number): number {
  if (n === 0) return 1;
  return parity(n - 1) * 3;
}

test('a return type widened from int to float through a helper gives plain JS\'s answers', () => {
  const g = memoJit(grow);
  for (const n of [0, 1, 2, 5, 9]) assert.ok(Object.is(g(n), grow(n)), `grow(${n}): ${g(n)} vs ${grow(n)}`);
  const p = memoJit(parity);
  for (const n of [0, 1, 2, 3, 8, 11]) assert.ok(Object.is(p(n), parity(n)), `parity(${n}): ${p(n)} vs ${parity(n)}`);
});
