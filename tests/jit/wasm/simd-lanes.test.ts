// SIMD lane shapes (jit/wasm/simd.ts): f32x4 for one rounding operation of floats, f64x2 with f32/i32 elements
// widened exactly, i32x4 for exact integer expressions, integer sums in lanes behind an exactness check, and
// stencils a[i + c]. Every result is compared bit for bit with the plain function, on lengths around the lane
// widths and on edge values; each test also checks which shape inspect() reports, so a loop silently left
// scalar fails here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import * as numbat from '../../../src/index.js';
import { rng as mulberry32 } from '../../_support/rng.js';

type Arr = Float64Array | Float32Array | Int32Array | Uint32Array;
type Kernel = (...args: never[]) => unknown;
const text = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

const F32_EDGES = [0, -0, NaN, Infinity, -Infinity, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754942106924411e-38,
  3.4028234663852886e38, -3.4028234663852886e38, 1, -1, 0.5, 1 / 3, 16777216, 16777217, 1e-30, 7e37];
const I32_EDGES = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30) - 7, 65535, 65536, 123456789, -987654321];

function floats(n: number, seed: number, ctor: new (n: number) => Float32Array | Float64Array): Float32Array | Float64Array {
  const r = mulberry32(seed);
  const a = new ctor(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    a[i] = u < 0.3 ? F32_EDGES[Math.floor(r() * F32_EDGES.length)]! : (r() - 0.5) * 10 ** Math.floor(r() * 80 - 40);
  }
  return a;
}
function ints(n: number, seed: number, ctor: new (n: number) => Int32Array | Uint32Array = Int32Array): Int32Array | Uint32Array {
  const r = mulberry32(seed);
  const a = new ctor(n);
  for (let i = 0; i < n; i++) a[i] = r() < 0.3 ? I32_EDGES[Math.floor(r() * I32_EDGES.length)]! : Math.floor((r() - 0.5) * 2 ** (1 + Math.floor(r() * 32)));
  return a;
}
const clone = (a: Arr): Arr => a.slice();

/** Runs `kernel` plain and memoJit'ed on fresh copies of the same arguments; every array and the result must agree bit for bit. */
function agree(name: string, kernel: Kernel, compiled: Kernel, make: (n: number, seed: number) => Array<Arr | number>, lengths = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 100]): void {
  for (const n of lengths) {
    for (const seed of [1, 2, 3]) {
      const args = make(n, seed);
      const mine = args.map((a) => (typeof a === 'number' ? a : clone(a)));
      const want = (kernel as (...a: unknown[]) => unknown)(...args);
      const got = (compiled as (...a: unknown[]) => unknown)(...mine);
      assert.ok(Object.is(got, want), `${name} n=${n} seed=${seed}: returned ${String(got)}, plain ${String(want)}`);
      args.forEach((a, k) => {
        if (typeof a === 'number') return;
        const b = mine[k] as Arr;
        for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${name} n=${n} seed=${seed} arg ${k}[${i}]: ${b[i]} vs plain ${a[i]}`);
      });
    }
  }
}

test('f32x4: a store of one rounding operation of floats is bit-identical (double rounding is innocuous for + - * / sqrt)', () => {
  const kernels: Record<string, (o: Float32Array, a: Float32Array, b: Float32Array) => void> = {
    add(o, a, b) { for (let i = 0; i < o.length; i++) o[i] = a[i]! + b[i]!; },
    sub(o, a, b) { for (let i = 0; i < o.length; i++) o[i] = a[i]! - b[i]!; },
    mul(o, a, b) { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]!; },
    div(o, a, b) { for (let i = 0; i < o.length; i++) o[i] = a[i]! / b[i]!; },
    sqrt(o, a) { for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(a[i]!); },
    minmax(o, a, b) { for (let i = 0; i < o.length; i++) o[i] = Math.max(Math.min(a[i]!, b[i]!), -Math.abs(a[i]!)) * 0.5; },
    scaled(o, a, b) { for (let i = 0; i < o.length; i++) { o[i] = Math.fround(a[i]! * 3) + Math.fround(b[i]! - 0.25); } },
    copy(o, a) { for (let i = 0; i < o.length; i++) o[i] = a[i]!; },
  };
  for (const [name, k] of Object.entries(kernels)) {
    const w = memoJit({ backend: 'wasm' })(k);
    agree(name, k, w, (n, s) => [new Float32Array(n), floats(n, s, Float32Array), floats(n, s + 7, Float32Array)]);
    assert.match(text(w), /runs 4 f32 lanes at a time \(f32x4/, name);
  }
});

test('f32 expressions with two roundings run in f64x2 lanes (widened exactly, rounded once at the store) and stay bit-identical', () => {
  function fma(o: Float32Array, a: Float32Array, b: Float32Array, c: number) { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]! + c; }
  function mixed(o: Float64Array, a: Float32Array, b: Int32Array, c: Uint32Array) { for (let i = 0; i < o.length; i++) o[i] = a[i]! * 0.1 + b[i]! / 3 - c[i]!; }
  const w = memoJit({ backend: 'wasm' })(fma);
  agree('fma', fma, w, (n, s) => [new Float32Array(n), floats(n, s, Float32Array), floats(n, s + 1, Float32Array), 0.1]);
  assert.match(text(w), /runs 2 f64 lanes at a time \(f64x2\)/);
  const m = memoJit({ backend: 'wasm' })(mixed);
  agree('mixed', mixed, m, (n, s) => [new Float64Array(n), floats(n, s, Float32Array), ints(n, s), ints(n, s + 2, Uint32Array)]);
  assert.match(text(m), /runs 2 f64 lanes at a time \(f64x2\)/);
});

test('i32x4: integer stores whose every intermediate is exact wrap like ToInt32; a product past 2^53 stays scalar', () => {
  const kernels: Record<string, (o: Int32Array, a: Int32Array, b: Int32Array, k: number) => void> = {
    lin(o, a, b) { for (let i = 0; i < o.length; i++) o[i] = a[i]! + b[i]! * 3 - 7; },
    bits(o, a, b, k) { for (let i = 0; i < o.length; i++) o[i] = ((a[i]! & b[i]!) ^ (a[i]! << k)) | (b[i]! >> 3); },
    imul(o, a, b) { for (let i = 0; i < o.length; i++) { const t = a[i]! - b[i]!; o[i] = Math.imul(t, a[i]!) + t; } },
  };
  for (const [name, kernel] of Object.entries(kernels)) {
    const w = memoJit({ backend: 'wasm' })(kernel);
    agree(name, kernel, w, (n, s) => [new Int32Array(n), ints(n, s), ints(n, s + 5), 5 + s * 13]);
    assert.match(text(w), /runs 4 i32 lanes at a time \(i32x4/, name);
  }
  function toU32(o: Uint32Array, a: Int32Array) { for (let i = 0; i < o.length; i++) o[i] = a[i]! - 1; }
  const u = memoJit({ backend: 'wasm' })(toU32);
  agree('toU32', toU32, u, (n, s) => [new Uint32Array(n), ints(n, s)]);
  assert.match(text(u), /i32x4/);
  // a[i] * b[i] can reach 2^62: the double product is rounded before ToInt32, so wrapping i32.mul would differ
  function product(o: Int32Array, a: Int32Array, b: Int32Array) { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]!; }
  const p = memoJit({ backend: 'wasm' })(product);
  agree('product', product, p, (n, s) => [new Int32Array(n), ints(n, s), ints(n, s + 1)]);
  assert.match(text(p), /product: a loop stays scalar/);
});

test('integer sums run in lanes without fastmath, exactly: checked first that no partial sum can pass 2^52', () => {
  function sum(a: Int32Array) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s; }
  function from(a: Uint32Array, s0: number) { let s = s0; for (let i = 0; i < a.length; i++) s -= a[i]! * 2; return s; }
  const w = memoJit({ backend: 'wasm' })(sum);
  agree('sum', sum, w, (n, s) => [ints(n, s)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]);
  assert.match(text(w), /integer sums s in lanes, exact/);
  const f = memoJit({ backend: 'wasm' })(from);
  // start values where the check passes (integers), and where it fails (a fraction, -0, NaN, past 2^52): then
  // the scalar loop adds everything in order, and the result is the plain one either way
  for (const s0 of [0, -0, 0.5, 3, -(2 ** 40), 2 ** 52, 2 ** 53 - 1, NaN, -Infinity]) {
    agree(`from ${s0}`, from, f, (n, s) => [ints(n, s, Uint32Array), s0], [0, 1, 4, 9, 33]);
  }
  assert.match(text(f), /integer sums s in lanes, exact/);
  // Array of zeros with s0 = -0: -0 - 0 - 0 … is -0 in order, and in lanes
  assert.ok(Object.is(f(new Uint32Array(9), -0), -0));
});

test('a dot product of Float32Arrays reassociates only with fastmath; without it the loop stays in order', () => {
  function dot(a: Float32Array, b: Float32Array) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; }
  const exact = memoJit({ backend: 'wasm' })(dot);
  agree('dot', dot, exact, (n, s) => [floats(n, s, Float32Array), floats(n, s + 3, Float32Array)]);
  assert.match(text(exact), /stays scalar: an in-order floating reduction \(s\)/);
  const fast = memoJit({ fastmath: true })(dot);
  for (const n of [0, 1, 5, 64, 1001]) {
    const a = Float32Array.from({ length: n }, (_, i) => Math.cos(i)), b = Float32Array.from({ length: n }, (_, i) => Math.sin(i) + 2);
    const want = dot(a, b), got = fast(a, b);
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `n=${n}: ${got} vs ${want}`);
  }
  assert.match(text(fast), /backend: wasm/);
  assert.match(text(fast), /reductions s reassociated: fastmath/);
});

test('stencils: reads at i + c run in lanes when the array written is provably another one', () => {
  function jacobi(b: Float64Array, a: Float64Array) { for (let i = 1; i < a.length - 1; i++) b[i] = (a[i - 1]! + a[i]! + a[i + 1]!) / 3; }
  function wide(b: Float32Array, a: Float32Array, w: number) { for (let i = 2; i < b.length; i++) b[i] = a[i - 2]! * w - 2 * a[i]! + a[i + 2]!; }
  function laplace(out: Int32Array, a: Int32Array) { for (let i = 1; i < out.length - 1; i++) out[i] = a[i - 1]! - 2 * a[i]! + a[i + 1]!; }
  const j = memoJit({ backend: 'wasm' })(jacobi);
  agree('jacobi', jacobi, j, (n, s) => [floats(n, s + 9, Float64Array), floats(n, s, Float64Array)]);
  assert.match(text(j), /f64x2\), a stencil reading a\d*\[i-1\.\.i\+1\]/);
  const w = memoJit({ backend: 'wasm' })(wide);
  // b longer than a: the reads past a's end give undefined (NaN) in JS; the vector loop stops before them
  agree('wide', wide, w, (n, s) => [new Float32Array(n + 3), floats(n, s, Float32Array), 0.7]);
  assert.match(text(w), /stencil reading a\d*\[i-2\.\.i\+2\]/);
  const l = memoJit({ backend: 'wasm' })(laplace);
  agree('laplace', laplace, l, (n, s) => [new Int32Array(n), ints(n, s)]);
  assert.match(text(l), /i32x4.*stencil/);
  // a numbat array read in place, the result written: the same values
  const a = numbat.f64(Array.from({ length: 37 }, (_, i) => Math.sqrt(i))), b1 = numbat.f64(37), b2 = new Float64Array(37);
  j(b1, a);
  jacobi(b2, Float64Array.from(a));
  assert.deepEqual([...b1], [...b2]);
});

test('stencils stay scalar (and exact) where lanes would read what the loop already wrote', () => {
  function inPlace(a: Float64Array) { for (let i = 1; i < a.length - 1; i++) a[i] = (a[i - 1]! + a[i + 1]!) / 2; }
  function viaLocal(b: Float64Array, a: Float64Array) { const c = b; for (let i = 1; i < a.length - 1; i++) c[i] = a[i - 1]! + a[i + 1]!; }
  const p = memoJit({ backend: 'wasm' })(inPlace);
  agree('inPlace', inPlace, p, (n, s) => [floats(n, s, Float64Array)]);
  assert.match(text(p), /stays scalar: a\d* is read at an offset and written in the same loop/);
  const v = memoJit({ backend: 'wasm' })(viaLocal);
  agree('viaLocal', viaLocal, v, (n, s) => [floats(n, s, Float64Array), floats(n, s + 1, Float64Array)]);
  assert.match(text(v), /stays scalar: a\d* is read at an offset and may be the array c\d*/);
  // the same array passed twice: the runtime sends the call to JS, which gives the in-order answer
  const x = floats(20, 4, Float64Array) as Float64Array, y = x.slice();
  memoJit({ backend: 'wasm' })(viaLocal)(x, x);
  viaLocal(y, y);
  assert.deepEqual([...x], [...y]);
});
