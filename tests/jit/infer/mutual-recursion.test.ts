// Mutually recursive functions whose return type widens while it is being inferred (issue 19, infer mutant in
// specialize.ts): the helper typed in an earlier round must not be reused with that round's narrower types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

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

// Typing a recursion runs rounds: a round that turns a local into a float (`x = 0.5` after `x = 0`) is typed
// again from scratch, callees included; a helper kept from the earlier round would no longer report the call
// back, and the "no base case" check would be skipped (specialize.ts, the rollback between rounds).
function spin(n: number): number {
  let x = 0;
  x = 0.5;
  return back(n + x);
}
function back(n: number): number {
  return spin(n - 1);
}

test('a mutual recursion with no base case is a located compile error, also after a round that widens a local', () => {
  assert.throws(() => spin(3), RangeError);
  const e = catchJit(() => memoJit(spin)(3));
  assert.match(e.message, /never returns except through its own recursive calls/);
  assert.ok(e.line !== undefined, 'the error names a line');
});
