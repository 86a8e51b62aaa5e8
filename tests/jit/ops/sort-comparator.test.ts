// A sort comparator in compiled code is an arrow of its two parameters, numbers and Math (issue 19, infer
// mutant in src/jit/infer/arrays.ts): Math calls and constants inside it are allowed and sort as plain JS does;
// a name from outside, even inside a Math call's arguments, is a located error naming the rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

test('comparators with Math calls and Math constants sort as plain JavaScript does', () => {
  function byMagnitude(xs: Float64Array): number {
    xs.sort((a, b) => Math.abs(a) - Math.abs(b));
    return xs[0]! * 10 + xs[xs.length - 1]!;
  }
  function scaled(xs: Float64Array): number {
    xs.sort((a, b) => b * Math.PI - a * Math.PI);
    return xs[0]!;
  }
  for (const f of [byMagnitude, scaled]) {
    const a = Float64Array.from([3, -7, 0.5, -1, 2]);
    const b = Float64Array.from(a);
    assert.ok(Object.is(memoJit(f)(b), f(a)), f.name);
    assert.deepEqual([...b], [...a], `${f.name}: the sorted array`);
  }
});

test('a name from outside inside a Math call of a comparator is a located error', () => {
  const K = 2;
  function nearK(xs: Float64Array): number {
    xs.sort((a, b) => Math.abs(a - K) - Math.abs(b - K));
    return xs[0]!;
  }
  const e = catchJit(() => memoJit(nearK)(Float64Array.from([1, 5, 2])));
  assert.match(e.message, /a sort comparator in compiled code is an arrow .*'K' is not a parameter/);
});
