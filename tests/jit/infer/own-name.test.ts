// src/jit/infer/own-name.ts: the own name of a function expression names the function itself (recursion), in a
// scope between its locals and everything outside, as in JS. Checked on the parsed function (only a top-level
// function expression's own name counts), then through memoJit against the plain function: recursion through
// the own name, and an outer function with the same name that the own name must shadow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { ownName } from '../../../src/jit/infer/own-name.js';
import { memoJit } from '../../../src/index.js';

test('only a top-level function expression\'s own name denotes it', () => {
  const expr = parseFunction('(function walk(n) { return n <= 0 ? 0 : walk(n - 1); })');
  const value = ownName(expr, 'walk', true);
  assert.equal(value?.k, 'fn');
  assert.equal(ownName(expr, 'walk', false), undefined, 'an inner helper\'s own name needs its defining scope');
  assert.equal(ownName(expr, 'other', true), undefined);
  const anonymous = parseFunction('(function (n) { return n; })');
  assert.equal(ownName(anonymous, 'n', true), undefined);
});

// A decoy the own name must shadow: plain JS never calls it from inside the expression below.
function fib(n: number): number {
  return -1000 * n;
}

test('recursion through the own name compiles and equals the plain function, shadowing an outer namesake', () => {
  const plain = function fib(n: number): number {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  };
  const jit = memoJit(plain);
  for (const n of [0, 1, 2, 10, 20]) assert.equal(jit(n), plain(n));
  assert.equal(jit(20), 6765);
  assert.equal(fib(3), -3000, 'the outer fib is a different function');
  const fact = memoJit(function fact(n: number): number {
    return n <= 1 ? 1 : n * fact(n - 1);
  });
  assert.equal(fact(10), 3628800);
  assert.ok(Object.is(fact(0), 1));
});
