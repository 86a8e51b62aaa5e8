// `var` is one binding per function however often it is declared (issue 19, lower mutant): a `var` declared
// again inside a loop or a block assigns that binding, it does not start a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../src/index.js';

test('a var declared again in a loop body and in a block updates the function\'s one binding', () => {
  // Written with `var` on purpose; eval keeps the test's own lint rules out of it.
  const sum = (0, eval)('(function sum(xs) { var s = 0; for (var i = 0; i < xs.length; i++) { var s = s + xs[i]; } if (s > 0) { var s = s * 2; } return s; })') as (xs: Float64Array) => number;
  const xs = Float64Array.from([1.5, 2, -0.25, 4]);
  assert.equal(sum(xs), 14.5);
  assert.ok(Object.is(memoJit(sum)(xs), sum(xs)));
  const param = (0, eval)('(function param(x) { if (x > 1) { var x = x * 3; } return x; })') as (x: number) => number;
  for (const x of [0.5, 2, 7]) assert.ok(Object.is(memoJit(param)(x), param(x)), `param(${x})`);
});
