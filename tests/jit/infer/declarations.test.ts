// Declarations without an initializer (`let dx;`, `var i, j, k;`): compiled equals plain, and a read that may
// come before any write is a located JitError rather than a different value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { JitError } from '../../../src/jit/errors.js';

type Fn = (...args: never[]) => unknown;

/** Compiled and plain agree with Object.is on every input, and the compiled path did not fall back. */
function same(fn: Fn, inputs: readonly (readonly unknown[])[]): void {
  const jit = memoJit(fn) as unknown as (...args: unknown[]) => unknown;
  for (const args of inputs) {
    const want = (fn as unknown as (...a: unknown[]) => unknown)(...args);
    const got = jit(...args);
    assert.ok(Object.is(got, want), `${fn.name}(${args.join(', ')}): compiled ${String(got)}, plain ${String(want)}`);
  }
}

test('let without initializer, assigned on every path before it is read', () => {
  function dist(x1: number, y1: number, x2: number, y2: number): number {
    let dx;
    let dy;
    dx = x2 - x1;
    dy = y2 - y1;
    return Math.sqrt(dx * dx + dy * dy);
  }
  same(dist as Fn, [[0, 0, 3, 4], [1.5, -2, 0.25, 7], [0, 0, -0, -0], [NaN, 1, 2, 3]]);

  function sign(x: number): number {
    let s;
    if (x > 0) s = 1;
    else if (x < 0) s = -1;
    else s = x; // keeps -0 and NaN
    return s;
  }
  same(sign as Fn, [[3], [-2.5], [0], [-0], [NaN]]);
});

test('var lists: one declaration for several counters, reused by loops', () => {
  function triangle(n: number): number {
    var i, j, k;
    k = 0;
    for (i = 0; i < n; i++) for (j = 0; j <= i; j++) k += i - j;
    return k;
  }
  same(triangle as Fn, [[0], [1], [5], [40]]);

  function trace(a: Float64Array, n: number): number {
    var i, s = 0, t;
    for (i = 0; i < n; i++) {
      t = a[i * n + i]!;
      s += t;
    }
    return s;
  }
  same(trace as Fn, [[new Float64Array([1, 2, 3, 4]), 2], [new Float64Array(9).fill(0.5), 3], [new Float64Array(0), 0]]);
});

test('let without initializer inside a loop starts unset on every iteration', () => {
  function sumAbs(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      let v;
      if (xs[i]! < 0) v = -xs[i]!;
      else v = xs[i]!;
      s += v;
    }
    return s;
  }
  same(sumAbs as Fn, [[new Float64Array([1, -2, 3.5, -0])], [new Float64Array(0)]]);
});

test('a number or boolean read that may come before any write is undefined, as in JS; another kind is a located error', () => {
  function maybe(x: number): number {
    let y;
    if (x > 0) y = x;
    return y! + 1; // plain JS: NaN when x <= 0 (infer/unset.ts; more in tests/jit/language/unset.test.ts)
  }
  const jit = memoJit(maybe as Fn) as unknown as (x: number) => number;
  for (const x of [1, -1, 0, NaN]) assert.ok(Object.is(jit(x), maybe(x)), String(x));
  function maybeFlag(x: number): number {
    let y;
    if (x > 0) y = true;
    return y ? 1 : 2;
  }
  const flag = memoJit(maybeFlag as Fn) as unknown as (x: number) => number;
  for (const x of [1, -1]) assert.equal(flag(x), maybeFlag(x)); // a boolean or undefined (infer/unset.ts)
  function maybeRows(x: number, m: Float64Array[]): number {
    let y;
    if (x > 0) y = m[0];
    return y ? y.length : 2;
  }
  const rows = memoJit(maybeRows as Fn) as unknown as (x: number, m: Float64Array[]) => number;
  assert.throws(() => rows(1, [new Float64Array(1)]), (e: unknown) => e instanceof JitError && /'y' may be read before it is assigned/.test(e.message));
});
