// Issue 12, callbacks: `.map`, `.forEach`, `.reduce`, `.reduceRight`, `.some`, `.every`, `.filter`, `.findIndex`,
// `.findLastIndex` with an inline arrow or function expression; `Array.from` (`{ length: n }` with a callback, a
// copy, a copy with a callback); sort comparators written as function expressions. Each kernel runs plain and
// compiled on equal fresh inputs: the same value (Object.is element by element, holes and typed-array classes
// included), the same writes to the arguments, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../src/index.js';
import { outcomeOf, sameValues as same, assertSameOutcome } from '../_support/outcome.js';

type Kernel = (xs: number[], ys: Float64Array, is: Int32Array, n: number, k: number) => unknown;

const KERNELS: Record<string, Kernel> = {
  mapTyped(xs, ys, is, n, k) {
    return [ys.map((v, i) => v * k + i), is.map((v) => v * 3), ys.map((v, i, a) => a[(i + 1) % a.length]! - v)];
  },
  mapPlain(xs, ys, is, n, k) {
    const scaled = xs.map((x) => x * k);
    const flags = xs.map((x, i) => x > k || i === n);
    return [scaled, flags, scaled.length];
  },
  mapOuterReads(xs, ys, is, n, k) {
    let trace = 0;
    for (let i = 0; i < ys.length; i++) trace += Math.tanh(ys[i]!);
    const out = xs.map(function (x) { return x + trace; });
    return [out, trace];
  },
  forEachWritesOuter(xs, ys, is, n, k) {
    let s = 0;
    let count = 0;
    xs.forEach((v, i) => {
      if (v > k) return;
      s += v * i;
      count++;
      ys[i % ys.length] = s; // a write to an argument, seen by the caller
    });
    return [s, count];
  },
  reduceWithStart(xs, ys, is, n, k) {
    const a = ys.reduce((acc, v) => acc + v * v, 0);
    const b = xs.reduce((acc, v, i) => (v > acc ? v : acc) + i * 0, -Infinity);
    const c = is.reduceRight((acc, v, i) => acc * 2 + v - i, k);
    return [a, b, c];
  },
  reduceNoStartMayThrow(xs, ys, is, n, k) {
    // an empty array without a start value throws V8's own TypeError
    const tail = xs.slice(n);
    return tail.reduce((acc, v) => acc - v) + ys.reduce((p, q) => p * q);
  },
  tests(xs, ys, is, n, k) {
    return [
      xs.some((v) => v > k),
      ys.every(function (v, i) { return v === v && i < n + 10; }),
      is.some((v) => v),
      xs.findIndex((v) => v === k),
      ys.findLastIndex((v, i) => v < 0 && i >= n),
    ];
  },
  filters(xs, ys, is, n, k) {
    const small = xs.filter((v, i) => v < k || i === n);
    const typed = ys.filter((v) => v >= 0);
    return [small, typed, small.length + typed.length];
  },
  nested(xs, ys, is, n, k) {
    // a callback that runs another method with a callback, reading the outer one's parameter
    return xs.map((x) => ys.reduce((s, y) => s + y * x, k));
  },
  blockBodyWithLoop(xs, ys, is, n, k) {
    return ys.map((v, i) => {
      let acc = v;
      for (let j = 0; j < n; j++) {
        if (acc > 1e6) break;
        acc = acc * 2 + j;
      }
      if (i === 0) return -acc;
      return acc + k;
    });
  },
  holesKept(xs, ys, is, n, k) {
    // map and forEach skip holes: the result keeps them and the callback never sees them
    const h = new Array(n + 1);
    for (let i = 0; i < n + 1; i += 2) h[i] = xs[i % xs.length]! + k;
    let seen = 0;
    h.forEach(() => { seen++; });
    return [h.map((v: number) => v * 2), seen, h.some((v: number) => v !== v)];
  },
  callbackThrows(xs, ys, is, n, k) {
    return xs.map((v, i) => {
      if (i === n) throw new RangeError(`item ${i} is ${v}`);
      return v;
    });
  },
  callbackInLoop(xs, ys, is, n, k) {
    let total = 0;
    for (let r = 0; r < n; r++) {
      total = xs.reduce((s, v) => s + v * r, total);
      xs.forEach((v, i) => { if (v === total) total += i; });
    }
    return total;
  },
  arrayFrom(xs, ys, is, n, k) {
    let calls = 0;
    const a = Array.from({ length: n }, (_, i) => { calls++; return i * k; });
    const b = Array.from(ys);
    const c = Array.from(is, (v, i) => v > i);
    const d = Array.from(xs, function (v) { return v + k; });
    return [a, b, c, d, calls];
  },
  sortFunctionComparator(xs, ys, is, n, k) {
    const sorted = xs.slice().sort(function (a, b) {
      return a - b;
    });
    ys.sort(function (a, b) { return b - a; });
    return [sorted, ys];
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1));
const inputs = fc.record({
  xs: fc.array(number, { minLength: 1, maxLength: 6 }),
  ys: fc.array(number, { minLength: 1, maxLength: 6 }),
  is: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 6 }),
  n: fc.integer({ min: 0, max: 6 }),
  k: number,
});

for (const [name, kernel] of Object.entries(KERNELS)) {
  test(`callbacks, ${name}: equals plain (values, holes, argument writes, exceptions)`, () => {
    const compiled = memoJit(kernel);
    fc.assert(fc.property(inputs, (r) => {
      const p = { xs: [...r.xs], ys: Float64Array.from(r.ys), is: Int32Array.from(r.is) };
      const c = { xs: [...r.xs], ys: Float64Array.from(r.ys), is: Int32Array.from(r.is) };
      const want = outcomeOf(() => kernel(p.xs, p.ys, p.is, r.n, r.k));
      const got = outcomeOf(() => compiled(c.xs, c.ys, c.is, r.n, r.k));
      assertSameOutcome(got, want);
      assert.ok(same(c.xs, p.xs) && same(c.ys, p.ys) && same(c.is, p.is), 'arguments after the call');
    }), { numRuns: 200, seed: 1212 });
    assert.ok(!Object.keys(compiled.inspect()).some((s) => s.includes('plain function')), 'compiled, not run plain');
  });
}

test('a callback compiles in place: no closure of the plain function is called, and the Wasm backend refuses it with a reason', () => {
  const sum = memoJit({ backend: 'auto' })((ys: Float64Array) => ys.reduce((s, v) => s + v, 0));
  assert.equal(sum(Float64Array.of(1, 2, 3.5)), 6.5);
  const [source] = Object.values(sum.inspect());
  assert.match(source!, /ys\.reduce\(\(s, v\) => \(\(s \+ v\)\), 0\)/);
  assert.match(source!, /backend: js/);
  const forced = memoJit({ backend: 'wasm' })((ys: Float64Array) => ys.map((v) => v * 2));
  assert.deepEqual(forced(Float64Array.of(1, 2)), Float64Array.of(2, 4));
});

test('a callback that is not written inline, or that uses its own this, is a located error saying what to write', () => {
  const double = (v: number): number => v * 2;
  function byName(xs: number[]) { return xs.map(double); }
  assert.throws(() => memoJit(byName)([1, 2]), (e: Error) => /byName|\d+:\d+/.test(e.message) && /passed by name.*write it inline: xs\.map\(\(v, i\) => …\)/.test(e.message));
  function ownThis(xs: number[]) { return xs.map(function (this: unknown, v: number) { return this ? v : -v; }); }
  assert.throws(() => memoJit(ownThis)([1, 2]), /'this' inside a function callback is the callback's own; use an arrow function/);
  function thisArg(xs: number[]) { return xs.map((v) => v, null); }
  assert.throws(() => memoJit(thisArg)([1, 2]), /one callback \(no thisArg\)/);
  function noValue(xs: number[]) { return xs.map((v) => { if (v > 0) return v; }); }
  assert.throws(() => memoJit(noValue)([1, 2]), /must return a value on every path/);
  function readsUndefined(n: number) { return Array.from({ length: n }, (u: unknown, i) => (u as number) + i); }
  assert.throws(() => memoJit(readsUndefined)(2), /'u' may be read before it is assigned/);
  function comparatorBlock(xs: number[]) { return xs.sort(function (a, b) { const d = a - b; return d; }); }
  assert.throws(() => memoJit(comparatorBlock)([2, 1]), /sort comparator/);
});
