// Which array parameters a Wasm entry may write (src/jit/wasm/zero-copy.ts). writtenParams, on lowered functions:
// false for scalars and for arrays only loaded from or measured (or not used at all), also through local aliases;
// true, conservatively, for an array stored into (itself or through an alias), reassigned, or passed on (to a
// helper, the result), where it could be written.
// Through memoJit({ backend: 'wasm' }) the promise it serves: a call is transactional, so a written numbat array
// that makes the call trap midway (a read past the end, which plain JS answers with undefined) is rerun on JS
// from the untouched argument, and the caller sees the plain function's writes exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, f64 } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { writtenParams } from '../../../src/jit/wasm/zero-copy.js';

const A = { kind: 'array', element: 'f64' } as const;
const N = { kind: 'f64' } as const;
const entry = (f: (...a: never[]) => unknown, types: Parameters<typeof lowerToIR>[1]): boolean[] => writtenParams(lowerToIR(f, types).functions.at(-1)!);

test('read-only arrays (loads, length) and scalars are not written; a stored-into array is', () => {
  function double(xs: Float64Array, out: Float64Array, k: number): void {
    for (let i = 0; i < xs.length; i++) out[i] = k * xs[i]!;
  }
  assert.deepEqual(entry(double, [A, A, N]), [false, true, false]);
  function sum(xs: Float64Array, ys: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * ys[i]!;
    return s + ys.length;
  }
  assert.deepEqual(entry(sum, [A, A]), [false, false]);
  function unused(xs: Float64Array, k: number): number {
    return k * 2;
  }
  assert.deepEqual(entry(unused, [A, N]), [false, false], 'an array never used is not written');
});

test('an array read through a local alias is read-only; written through one, or through an alias of an alias, it is written', () => {
  function viaLocal(xs: Float64Array): number {
    const a = xs;
    return a[0]! + a.length;
  }
  assert.deepEqual(entry(viaLocal, [A]), [false]);
  function writesAlias(xs: Float64Array, ys: Float64Array): number {
    const a = xs, b = ys;
    a[0] = b[0]!;
    return b.length;
  }
  assert.deepEqual(entry(writesAlias, [A, A]), [true, false]);
  function chain(xs: Float64Array, ys: Float64Array, k: number): number {
    let a = xs;
    if (k > 0) a = ys;
    const b = a;
    b[0] = 1;
    return 0;
  }
  assert.deepEqual(entry(chain, [A, A, N]), [true, true, false], 'b aliases a, which aliases xs or ys');
  function passedOn(xs: Float64Array): number {
    function first(v: Float64Array): number {
      return v[0]!;
    }
    const a = xs;
    return first(a);
  }
  assert.deepEqual(entry(passedOn, [A]), [true], 'the alias is passed to a helper');
});

test('an array passed on (a helper, the result) counts as written, even when only read there', () => {
  function viaHelper(xs: Float64Array, ys: Float64Array): number {
    function first(v: Float64Array): number {
      return v[0]!;
    }
    return first(xs) + ys[0]!;
  }
  assert.deepEqual(entry(viaHelper, [A, A]), [true, false]);
  function returned(xs: Float64Array, ys: Float64Array): Float64Array {
    return ys[0]! > 0 ? xs : xs;
  }
  assert.deepEqual(entry(returned, [A, A]), [true, false]);
});

test('an array parameter reassigned counts as written', () => {
  function swap(xs: Float64Array, ys: Float64Array): number {
    if (ys.length > xs.length) xs = ys;
    return xs[0]!;
  }
  const w = entry(swap, [A, A]);
  assert.equal(w[0], true, 'xs is assigned');
  assert.equal(w[1], true, 'ys is passed on into xs');
});

test('compiled: a written numbat array that traps midway is rerun on JS from the untouched argument', () => {
  function bumpThenRead(out: Float64Array, xs: Float64Array, past: number): number {
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + 1;
    return xs[xs.length + past]! + out[0]!;
  }
  const compiled = memoJit({ backend: 'wasm' })(bumpThenRead);
  const xs = f64([1, 2, 3]);
  // In range: by hand, out becomes [1, 2, 3] + 1 and the result is xs[2] + out[0] = 3 + 2.
  const out = f64([1, 2, 3]);
  assert.equal(compiled(out, xs, -1), 5);
  assert.deepEqual([...out], [2, 3, 4]);
  // Past the end: plain JS reads undefined, the sum is NaN, and out is bumped once, not twice.
  const mine = f64([1, 2, 3]);
  const theirs = new Float64Array([1, 2, 3]);
  assert.ok(Object.is(compiled(mine, xs, 4), bumpThenRead(theirs, xs, 4)));
  assert.deepEqual([...mine], [...theirs]);
  assert.deepEqual([...mine], [2, 3, 4]);
  assert.deepEqual([...xs], [1, 2, 3], 'the read-only argument is untouched');
  const report = Object.values(compiled.inspect()).join('\n');
  assert.match(report, /backend: wasm/);
  assert.match(report, /1 answered by JS after a trap/, 'the second call trapped and was rerun on JS');
  assert.match(report, /out\d*: 0 calls in place/, 'the written array is never used in place');
  assert.match(report, /xs\d*: 2 calls in place/, 'the read-only numbat array is used in place on both calls');
});

test('compiled: an array only read is used in place and gives the plain result on numbat and ordinary arrays', () => {
  function dot(xs: Float64Array, ys: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * ys[i]!;
    return s;
  }
  const compiled = memoJit({ backend: 'wasm' })(dot);
  const values = [0.1, -0.2, 1e-300, 3, -0];
  for (const [a, b] of [[f64(values), f64(values)], [new Float64Array(values), f64(values)], [f64([]), f64([])]] as const) {
    assert.ok(Object.is(compiled(a, b), dot(a, b)));
  }
  assert.ok(Object.is(compiled(f64([]), f64([])), 0));
  assert.match(Object.values(compiled.inspect()).join('\n'), /backend: wasm/);
});

test('compiled: an array read through an alias is used in place; one written through an alias that traps midway is rerun from the untouched argument', () => {
  function scaled(out: Float64Array, xs: Float64Array, past: number): number {
    const S = xs, O = out;
    for (let i = 0; i < O.length; i++) O[i] = O[i]! + S[i]!;
    return S[S.length + past]! + O[0]!;
  }
  const compiled = memoJit({ backend: 'wasm' })(scaled);
  const xs = f64([1, 2, 3]);
  // In range, by hand: out becomes [10 + 1, 20 + 2, 30 + 3]; the result is xs[2] + out[0] = 3 + 11.
  const out = f64([10, 20, 30]);
  assert.equal(compiled(out, xs, -1), 14);
  assert.deepEqual([...out], [11, 22, 33]);
  // Past the end: plain reads undefined (NaN), and out is added to once, not twice.
  const mine = f64([10, 20, 30]), theirs = new Float64Array([10, 20, 30]);
  assert.ok(Object.is(compiled(mine, xs, 4), scaled(theirs, xs, 4)));
  assert.deepEqual([...mine], [...theirs]);
  const report = Object.values(compiled.inspect()).join('\n');
  assert.match(report, /1 answered by JS after a trap/);
  assert.match(report, /out\d*: 0 calls in place/, 'written through O: never in place while a trap can interrupt');
  assert.match(report, /xs\d*: 2 calls in place/, 'read through S only: in place');
  assert.deepEqual([...xs], [1, 2, 3]);
});
