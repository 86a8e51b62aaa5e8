// SIMD (jit/wasm/simd.ts): elementwise maps over Float64Arrays run two lanes at a time and stay bit-identical;
// reductions stay scalar and in order unless fastmath, which reassociates them (documented, like numba's).
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

const text = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
const EDGES = [0, -0, NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, 1.5, -2.25, 1 / 3];

function data(n: number, k: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? EDGES[(i + k) % EDGES.length]! : Math.sin(i * 7 + k) * 10 ** ((i % 7) - 3)));
}

test('an elementwise map runs in f64x2 lanes and is bit-identical to plain, every length and edge value', () => {
  function map(out: Float64Array, a: number, x: Float64Array, y: Float64Array) {
    for (let i = 0; i < out.length; i++) {
      const t = a * x[i]! + y[i]!;
      out[i] = Math.sqrt(Math.abs(t)) - Math.min(t, y[i]!) / Math.max(x[i]!, 0.5) + (-t) ** 2;
    }
  }
  const w = memoJit({ backend: 'wasm' })(map);
  for (let n = 0; n < 12; n++) {
    for (const a of [1.5, -0, NaN]) {
      const o1 = new Float64Array(n), o2 = new Float64Array(n);
      w(o1, a, data(n, 1), data(n, 2));
      map(o2, a, data(n, 1), data(n, 2));
      for (let i = 0; i < n; i++) assert.ok(Object.is(o1[i], o2[i]), `n=${n} a=${a} [${i}]: ${o1[i]} vs ${o2[i]}`);
    }
  }
  assert.match(text(w), /the loop over i runs 2 f64 lanes at a time/);
  assert.match(text(w), /f64x2\.mul/);
  // a shorter x than out: the vector loop stops before x ends, and the scalar loop gives JS's answer
  const o1 = new Float64Array(5), o2 = new Float64Array(5);
  w(o1, 2, data(3, 1), data(5, 2));
  map(o2, 2, data(3, 1), data(5, 2));
  for (let i = 0; i < 5; i++) assert.ok(Object.is(o1[i], o2[i]), `short x [${i}]`);
});

test('Math.exp and Math.log in an elementwise map run in the lanes, bit-identical to plain on edge values and every length', () => {
  function expLog(out: Float64Array, x: Float64Array, k: number) {
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(x[i]! * k) - Math.log(x[i]!) * Math.exp(-x[i]!);
  }
  const w = memoJit({ backend: 'wasm' })(expLog);
  // edges of both functions beside the shared ones: overflow and underflow of exp, subnormals and 1 for log
  const more = [709.79, -745.2, 1, 1 + 2 ** -30, 1e-310, 0.5 * Math.LN2, 700, -708.5];
  for (let n = 0; n < 40; n++) {
    const x = Float64Array.from({ length: n }, (_, i) => (i % 2 ? more[(i >> 1) % more.length]! : data(n, 3)[i]!));
    for (const k of [1, -1, 0.37]) {
      const o1 = new Float64Array(n), o2 = new Float64Array(n);
      w(o1, x, k);
      expLog(o2, x, k);
      for (let i = 0; i < n; i++) assert.ok(Object.is(o1[i], o2[i]), `n=${n} k=${k} x=${x[i]} [${i}]: ${o1[i]} vs ${o2[i]}`);
    }
  }
  assert.match(text(w), /the loop over i runs 2 f64 lanes at a time/);
  assert.match(text(w), /v128\.bitselect/);
});

function std(xs: Float64Array) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const m = s / xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return Math.sqrt(v / xs.length);
}

test('a floating reduction stays scalar and in order without fastmath (bit-identical), and says so', () => {
  const w = memoJit({ backend: 'wasm' })(std);
  for (const n of [0, 1, 2, 3, 5, 1000]) assert.ok(Object.is(w(data(n, 3)), std(data(n, 3))), `n=${n}`);
  assert.match(text(w), /stays scalar: an in-order floating reduction \(s\): fastmath is off/);
  // 'auto' named, not left to the default: NUMBAT_JIT_BACKEND (set by the Wasm differential in the same process) changes it
  const auto = memoJit({ backend: 'auto' })(std);
  auto(data(10, 1));
  assert.match(text(auto), /backend: js/, 'auto without fastmath: JS');
});

test('with fastmath, reductions run in lanes (reassociated: close to, not always equal to, the in-order sum); auto picks Wasm', () => {
  const fast = memoJit({ fastmath: true, backend: 'auto' })(std);
  for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 1001]) {
    const xs = Float64Array.from({ length: n }, (_, i) => Math.cos(i) * 100 + 3);
    const want = std(xs), got = fast(xs);
    if (n === 0) assert.ok(Number.isNaN(got));
    else assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `n=${n}: ${got} vs ${want}`);
  }
  // exact when every partial sum is exact (small integers), and NaN/Infinity propagate as in order
  const ints = Float64Array.from({ length: 101 }, (_, i) => i % 9);
  assert.ok(Object.is(fast(ints), std(ints)));
  assert.ok(Number.isNaN(fast(Float64Array.from([1, 2, NaN, 4, 5]))));
  assert.match(text(fast), /backend: wasm — reductions over Float64Arrays run in f64x2 lanes \(fastmath\)/);
  function sumNegZero(xs: Float64Array) { let s = -0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s; }
  function subZero(xs: Float64Array) { let s = -0; for (let i = 0; i < xs.length; i++) s -= xs[i]!; return s; }
  const a = memoJit({ fastmath: true, backend: 'auto' })(sumNegZero), b = memoJit({ fastmath: true, backend: 'wasm' })(subZero);
  assert.ok(Object.is(a(new Float64Array(0)), -0), 'an empty sum keeps -0');
  assert.ok(Object.is(a(Float64Array.from([-0, -0, -0, -0, -0])), -0), 'a sum of -0 is -0');
  assert.ok(Object.is(b(new Float64Array(0)), -0));
  assert.equal(b(Float64Array.from([1, 2, 3, 4, 5, 6, 7])), -28);
});
