// Array methods in compiled code (the rows of src/jit/ops/arrays.ts) give plain JavaScript's answers and leave
// the arrays as plain JavaScript does (issue 19, lower mutant: a method call on an array must not be taken
// for a Math function). Each method is called on an identifier, as researchers write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

function agree<A extends unknown[]>(f: (...args: A) => number, make: () => A): void {
  const plainArgs = make();
  const compiledArgs = make();
  const want = f(...plainArgs);
  const got = memoJit(f)(...compiledArgs);
  assert.ok(Object.is(got, want), `${f.name}: ${got} vs ${want}`);
  assert.deepEqual(compiledArgs, plainArgs, `${f.name}: the arrays after the call`);
}

const data = (): [Float64Array] => [Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6])];

test('search methods on a typed array: indexOf, lastIndexOf, includes, with and without a start', () => {
  agree(function search(xs: Float64Array) {
    return xs.indexOf(1) * 1000 + xs.lastIndexOf(1) * 100 + xs.indexOf(1, 2) * 10 + (xs.includes(9) ? 1 : 0) + (xs.includes(7, 0) ? 5 : 0) + xs.indexOf(8);
  }, data);
});

test('fill, reverse, slice, subarray and set change and copy as plain JavaScript does', () => {
  agree(function reshape(xs: Float64Array) {
    const head = xs.slice(0, 3);
    const view = xs.subarray(4, 8);
    view.reverse();
    xs.fill(0, 0, 2);
    const copy = new Float64Array(8);
    copy.set(xs, 0);
    return head[0]! * 100 + view[0]! * 10 + copy[1]! + copy[7]! / 10;
  }, data);
});

test('push and pop on a number[] change its length as in plain JavaScript', () => {
  agree(function stack(n: number, out: number[]) {
    for (let i = 0; i < n; i++) out.push(i * i);
    const last = out.pop()!;
    return last + out.length * 1000;
  }, () => [5, [0.5] as number[]] as [number, number[]]);
});
