// Inner functions and the tuples they return, in inference (src/jit/infer/analyze.ts): a helper returning
// `[a, b]` is indexed with constant integers and agrees with plain JS, and an inner function held in a `let`
// is refused with a located error naming the forms that compile (`const` or a function declaration). Written
// for the jit-infer sample survivors of issue 19 (analyze.ts:417 and :908); each failed against its mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';

test('a tuple returned by an inner function is indexed with constant integers', () => {
  function pair(x: number): number {
    function two(a: number): [number, number] {
      return [a + 1, a * 2];
    }
    const t = two(x);
    return t[0] * 10 + t[1];
  }
  const c = memoJit(pair);
  for (const x of [0, 3, -2.5, NaN]) assert.ok(Object.is(c(x), pair(x)), `pair(${x})`);
});

test('an inner function held in a let is a located error that names const and function declarations', () => {
  function held(x: number): number {
    let g = (y: number): number => y * 2;
    return g(x);
  }
  assert.equal(held(3), 6);
  assert.match(compileError(held, [3]).message, /inner functions must be declared with const or function/);
});
