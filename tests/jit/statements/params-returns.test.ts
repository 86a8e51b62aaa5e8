// Calls with fewer arguments than parameters (missing ones are undefined, or their defaults), `typeof` and
// `=== undefined` tests decided per specialization or at run time, and returns of null/undefined beside values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { agree } from './agree.js';

function range(xs: Float64Array, lo = 0, hi = xs.length): number {
  let s = 0;
  for (let i = lo; i < hi; i++) s += xs[i]!;
  return s;
}

function extent(values: Float64Array, valueof?: (v: number, i: number) => number): number {
  let s = 0;
  if (valueof === undefined) {
    for (const value of values) if (value != null && value >= value) s += value;
  } else {
    let index = -1;
    for (const value of values) s += valueof(value, ++index);
  }
  return s;
}

function optional(x: number, scale?: number, flip?: boolean): number {
  let v = x;
  if (typeof scale === 'number') v *= scale;
  if (scale !== undefined && flip) v = -v;
  if (!flip) v += 1;
  return v;
}

function withDefaultsAtRunTime(xs: Float64Array, k: number): number {
  return scaled(xs[k]!) + scaled(xs[k]!, 2);
}
function scaled(v = 10, by = 3): number {
  return v * by;
}

test('fewer arguments: missing parameters are undefined or take their defaults, per arity', () => {
  const r = memoJit(range);
  const e = memoJit(extent);
  const o = memoJit(optional);
  fc.assert(fc.property(fc.float64Array({ maxLength: 6 }), fc.integer({ min: -2, max: 8 }), fc.integer({ min: -2, max: 8 }), (xs, lo, hi) => {
    agree(range, r, [xs]);
    agree(range, r, [xs, lo]);
    agree(range, r, [xs, lo, hi]);
    agree(extent, e, [xs]);
  }), { numRuns: 150, seed: 21 });
  fc.assert(fc.property(fc.double(), fc.double(), fc.boolean(), (x, s, f) => {
    agree(optional, o, [x]);
    agree(optional, o, [x, s]);
    agree(optional, o, [x, s, f]);
  }), { numRuns: 150, seed: 22 });
  assert.equal(r.signatures.length, 3, r.signatures.join('; '));
});

test('defaults: a callee given undefined at run time (a read past the end) takes its default, as in JS', () => {
  const w = memoJit({ scope: { scaled: memoJit(scaled) } })(withDefaultsAtRunTime);
  for (const k of [0, 1, 5, -1]) agree(withDefaultsAtRunTime, w, [Float64Array.of(1.5, -2), k]);
});

function typeofs(x: number, xs: Float64Array, ys: Int32Array, flags: boolean[]): number {
  let n = 0;
  if (typeof x === 'number') n += 1;
  if (typeof xs[x] !== 'number') n += 2;
  if (typeof ys[x] === 'undefined') n += 4;
  if (ys[x] == null) n += 8;
  if (xs[x] === undefined) n += 16;
  if (typeof flags[x] === 'boolean') n += 32;
  if (typeof xs === 'object' && typeof flags !== 'string') n += 64;
  if (x === null) n += 128;
  if (void 0 !== xs[x]) n += 256;
  return n;
}

test('typeof and === undefined: decided by the types where they can be, tested at run time where a value may be undefined', () => {
  const t = memoJit(typeofs);
  fc.assert(fc.property(fc.integer({ min: -2, max: 6 }), fc.float64Array({ maxLength: 4 }), fc.int32Array({ maxLength: 4 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (x, xs, ys, fl) => {
    agree(typeofs, t, [x, xs, ys, fl]);
    agree(typeofs, t, [x + 0.5, xs, ys, fl]);
  }), { numRuns: 200, seed: 23 });
});

function invert(out: Float32Array, a: Float32Array): Float32Array | null {
  let det = a[0]! * a[3]! - a[1]! * a[2]!;
  if (!det) return null;
  det = 1.0 / det;
  out[0] = a[3]! * det;
  out[1] = -a[1]! * det;
  out[2] = -a[2]! * det;
  out[3] = a[0]! * det;
  return out;
}

function variance(values: Float64Array): number | undefined {
  let count = 0;
  let mean = 0;
  let sum = 0;
  for (const value of values) {
    if (value >= value) {
      count++;
      const delta = value - mean;
      mean += delta / count;
      sum += delta * (value - mean);
    }
  }
  if (count > 1) return sum / (count - 1);
}

function early(x: number): number | undefined {
  if (x > 1) return;
  if (x < -1) return undefined;
  return x * 2;
}

function maybe(x: number): number | null {
  if (x !== x) return null;
  return x + 1;
}
function usesMaybe(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += maybe(xs[i]!)!;
  return s;
}

test('returns of different types: null and undefined beside numbers and arrays are returned as such', () => {
  const inv = memoJit(invert);
  const v = memoJit(variance);
  const ea = memoJit(early);
  const u = memoJit({ scope: { maybe: memoJit(maybe) } })(usesMaybe);
  fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double()), { minLength: 4, maxLength: 4 }), (a) => {
    agree(invert, inv, [new Float32Array(4), Float32Array.from(a)]);
  }), { numRuns: 150, seed: 24 });
  assert.equal(inv(new Float32Array(4), Float32Array.of(1, 2, 2, 4)), null);
  fc.assert(fc.property(fc.float64Array({ maxLength: 5 }), (xs) => { agree(variance, v, [xs]); agree(usesMaybe, u, [xs]); }), { numRuns: 150, seed: 25 });
  assert.equal(v(Float64Array.of(1)), undefined);
  for (const x of [2, -2, 0.5, NaN, -0]) agree(early, ea, [x]);
});

function nullArrayCallee(a: Float32Array): Float32Array | null {
  if (a[0]) return a;
  return null;
}
function callsNullArray(a: Float32Array): number {
  const r = nullArrayCallee(a);
  return r === null ? 0 : r[0]!;
}
function usesMissing(x: number, y?: number): number {
  return x + (y as number);
}

test('what cannot be compiled is a located error', () => {
  const c = memoJit({ scope: { nullArrayCallee: memoJit(nullArrayCallee) } })(callsNullArray);
  assert.throws(() => c(Float32Array.of(1)), (e: unknown) => e instanceof JitError && /returns null or undefined beside Float32Array/.test(e.message) && e.line !== undefined);
  assert.throws(() => memoJit(usesMissing)(1), (e: unknown) => e instanceof JitError && /needs numbers, got an integer and undefined/.test(e.message));
  assert.equal(memoJit(usesMissing)(1, 2), 3);
});
