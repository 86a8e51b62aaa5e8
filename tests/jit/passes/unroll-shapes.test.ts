// The unroller (src/jit/passes/unroll.ts) applies only to `i < bound` loops stepping by exactly 1 whose body
// leaves the counter and the bound alone: any other shape unrolled would run a trip too many or too few. Each
// test runs a loop of a shape just outside that set against plain JavaScript (with a small bound, `n & 7`, so
// the counter is an int32 as the pass requires), and checks that the shape inside it is unrolled (so the test
// reaches the pass). Written for the jit-passes sample survivors of issue 19
// (unroll.ts's shape checks); each failed against its mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

const source = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i * i + 0.5);

function agree(f: (xs: Float64Array, n: number) => number, cases: ReadonlyArray<readonly [number, number]>): void {
  const c = memoJit(f);
  for (const [len, n] of cases) assert.ok(Object.is(c(ramp(len), n), f(ramp(len), n)), `${f.name}(length ${len}, ${n}): ${c(ramp(len), n)} vs ${f(ramp(len), n)}`);
}

test('the counted shape `i < n; i = i + 1` is unrolled (the other tests\' loops differ from it in one point)', () => {
  function plainSum(xs: Float64Array, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i = i + 1) s += xs[i]!;
    return s;
  }
  agree(plainSum, [[8, 0], [8, 1], [8, 2], [8, 5]]);
  const c = memoJit(plainSum);
  c(ramp(4), 4);
  assert.match(source(c), /\(\(i \+ 1\) < n\)/);
  // also up to a plain array's length, which could change (it does not here: no call, no array method); the body
  // reads a typed array (a loop reading the plain array's own elements is kept as written: unroll.test.ts)
  function listBound(xs: number[], ys: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i = i + 1) s += ys[i]!;
    return s;
  }
  const l = memoJit(listBound);
  assert.equal(l([1, 2, 3.5], Float64Array.of(1, 2, 3.5)), 6.5);
  assert.match(source(l), /\(\(i \+ 1\) < xs\d*\.length\)/);
});

test('a loop with `<=` runs every trip, up to and including the bound', () => {
  function inclusive(xs: Float64Array, n: number): number {
    let s = 0;
    const m = n & 7; // a small bound keeps the counter an int32 (i + 1 cannot pass 2^31)
    for (let i = 0; i <= m; i = i + 1) s += xs[i]!;
    return s;
  }
  agree(inclusive, [[8, 0], [8, 1], [8, 2], [8, 3], [8, 6]]);
});

test('a loop stepping by 2 runs no extra trip', () => {
  function everyOther(xs: Float64Array, n: number): number {
    let s = 0;
    const m = n & 7;
    for (let i = 0; i < m; i = i + 2) s += xs[i]!;
    return s;
  }
  agree(everyOther, [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5]]);
});

test('a body that also moves the counter stops at the bound', () => {
  function skipping(xs: Float64Array, n: number): number {
    let s = 0;
    const m = n & 7;
    for (let i = 0; i < m; i = i + 1) {
      s += xs[i]!;
      if (xs[i]! > 3) i = i + 1;
    }
    return s;
  }
  agree(skipping, [[10, 0], [10, 1], [10, 3], [10, 4], [10, 5], [10, 6]]);
});
