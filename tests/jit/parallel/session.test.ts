// Copies per call, not per loop (src/jit/parallel/session.ts): an ordinary typed array that several prange
// loops of one call use is copied into shared memory once per call and back once if written; arrays on a
// SharedArrayBuffer and numbat memory are never copied. Counted through copyStats(), never timed. Then the
// module's parts by themselves: callLongArrays' compile-time choice, sharedCopy's reused views, and CallCopies'
// per-call copies (made once, held by serial code, written back once when the call ends, even by a throw).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange, f64 as numbatF64, free, Array2D } from '../../../src/index.js';
import { pstd, throwsInSecondLoop } from './_fixtures.js';
import { CallCopies, callLongArrays, copyStats, countCopy, sharedCopy } from '../../../src/jit/parallel/session.js';
import { lowerToIR } from '../../../src/internals.js';
import { outlineRegions, regionIndex } from '../../../src/jit/parallel/outline.js';
import { inNumbatMemory } from '../../../src/memory/heap.js';

const initialThreads = memoJit.threads;
before(async () => { memoJit.threads = 2; await memoJit.threadsReady(); });
after(() => { memoJit.threads = initialThreads; });

const N = 5000;
const parallel = { parallel: { minIterations: 100 } } as const;

/** Copies into and out of shared memory made by `run`. */
function copiesOf(run: () => void): { into: number; back: number } {
  copyStats(true);
  run();
  const s = copyStats();
  return { into: s.copiesIn, back: s.copiesOut };
}

function data(n: number): Float64Array {
  // multiples of 0.5: sums are exact in any order, so parallel results equal the plain ones bit for bit
  return Float64Array.from({ length: n }, (_, i) => (i % 13) - 6 + (i % 7) * 0.5);
}

function threeLoops(xs: Float64Array, out: Float64Array): number {
  for (const i of prange(xs.length)) out[i] = xs[i]! * 2;
  for (const i of prange(out.length)) out[i] = out[i]! + 1;
  let s = 0;
  for (const i of prange(out.length)) s += out[i]!;
  return s;
}

test('std: two loops over an ordinary array copy it in once per call, and never back', () => {
  const f = memoJit(parallel)(pstd);
  const xs = data(N);
  const expected = memoJit(pstd)(xs);
  for (let call = 0; call < 3; call++) {
    let got = NaN;
    assert.deepEqual(copiesOf(() => { got = f(xs); }), { into: 1, back: 0 }, `call ${call}`);
    assert.ok(Math.abs(got - expected) <= 1e-12 * expected, `${got} vs ${expected}`);
  }
});

test('three loops writing and reading one output: each array in once, the output back once, values right', () => {
  const f = memoJit(parallel)(threeLoops);
  const xs = data(N);
  const out = new Float64Array(N).fill(-5);
  const plainOut = new Float64Array(N).fill(-5);
  const expected = threeLoops(xs, plainOut);
  let got = NaN;
  assert.deepEqual(copiesOf(() => { got = f(xs, out); }), { into: 2, back: 1 });
  assert.equal(got, expected);
  assert.deepEqual(out, plainOut);
});

test('serial code reading an array a loop wrote reads the call\'s copy: one copy in and one back per call', () => {
  function between(out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i * 3;
    const first = out[7]!; // serial read of what the loop wrote
    let s = 0;
    for (const i of prange(out.length)) s += out[i]! + first;
    return s;
  }
  const f = memoJit(parallel)(between);
  const out = new Float64Array(N);
  const plainOut = new Float64Array(N);
  const expected = between(plainOut);
  for (let call = 0; call < 2; call++) {
    let got = NaN;
    // was 2 in, 1 back (copied per loop)
    assert.deepEqual(copiesOf(() => { got = f(out); }), { into: 1, back: 1 }, `call ${call}`);
    assert.equal(got, expected);
    assert.deepEqual(out, plainOut);
  }
});

test('serial code writing an array between loops: the next loop sees the write, one copy each way', () => {
  function write(out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = 1;
    out[3] = 100;
    let s = 0;
    for (const i of prange(out.length)) s += out[i]!;
    return s;
  }
  const out = new Float64Array(N);
  let got = NaN;
  assert.deepEqual(copiesOf(() => { got = memoJit(parallel)(write)(out); }), { into: 1, back: 1 });
  assert.equal(got, N - 1 + 100);
  assert.equal(out[3], 100);
});

function mixed(xs: Float64Array, out: Float64Array): number {
  for (const i of prange(xs.length)) out[i] = xs[i]! * 2;
  // serial code between the loops: reads what the loop wrote, writes both arrays
  let total = 0;
  for (let i = 0; i < out.length; i += 97) total += out[i]!;
  out[0] = out[0]! + total;
  xs[1] = -xs[2]!;
  let s = 0;
  for (const i of prange(out.length)) { out[i] = out[i]! + xs[i]!; s += out[i]!; }
  xs[xs.length - 1] = s;
  for (const i of prange(xs.length)) s += xs[i]! * 0.5;
  return s;
}

test('serial code reading and writing two arrays between three loops: each in once and back once, values the plain function\'s', () => {
  const f = memoJit(parallel)(mixed);
  for (let call = 0; call < 2; call++) {
    const xs = data(N), out = new Float64Array(N);
    const plainXs = data(N), plainOut = new Float64Array(N);
    const expected = mixed(plainXs, plainOut);
    let got = NaN;
    assert.deepEqual(copiesOf(() => { got = f(xs, out); }), { into: 2, back: 2 }, `call ${call}`);
    assert.equal(got, expected);
    assert.deepEqual(xs, plainXs);
    assert.deepEqual(out, plainOut);
  }
  // One thread: no loop runs on workers, so nothing is copied, and serial code works on the arrays themselves.
  memoJit.threads = 1;
  try {
    const xs = data(N), out = new Float64Array(N);
    const plainXs = data(N), plainOut = new Float64Array(N);
    const expected = mixed(plainXs, plainOut);
    let got = NaN;
    assert.deepEqual(copiesOf(() => { got = f(xs, out); }), { into: 0, back: 0 });
    assert.equal(got, expected);
    assert.deepEqual(xs, plainXs);
    assert.deepEqual(out, plainOut);
  } finally {
    memoJit.threads = 2;
  }
});

test('serial writes after the first copy go back even when the call throws in a later loop', () => {
  function late(out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i;
    out[5] = -5;
    let s = 0;
    for (const i of prange(out.length)) {
      if (i === 4000) throw new RangeError('late');
      s += out[i]!;
    }
    return s;
  }
  const f = memoJit(parallel)(late);
  const out = new Float64Array(N);
  copyStats(true);
  assert.throws(() => f(out), /late/);
  const s = copyStats();
  assert.deepEqual({ into: s.copiesIn, back: s.copiesOut }, { into: 1, back: 1 });
  assert.equal(out[5], -5);
  assert.equal(out[4999], 4999);
});

test('an array serial code passes to helpers that read or write its elements is copied once per call, and back once', () => {
  function total(a: Float64Array): number {
    let t = 0;
    for (let i = 0; i < a.length; i++) t += a[i]!;
    return t;
  }
  function bump(a: Float64Array, k: number): void {
    for (let i = 0; i < a.length; i += 7) a[i] = a[i]! + k;
  }
  // A helper that passes it on to another helper that writes it: a write too.
  function bumpTwice(a: Float64Array): number {
    bump(a, 1);
    bump(a, 2);
    return total(a);
  }
  function passes(out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i % 5;
    const t = total(out);
    const u = bumpTwice(out); // serial code writes `out` through the helpers: on the call's copy
    let s = 0;
    for (const i of prange(out.length)) s += out[i]! * t + u;
    return s;
  }
  const f = memoJit(parallel)(passes);
  const out = new Float64Array(N), plainOut = new Float64Array(N);
  const expected = passes(plainOut);
  let got = NaN;
  assert.deepEqual(copiesOf(() => { got = f(out); }), { into: 1, back: 1 });
  assert.equal(got, expected);
  assert.deepEqual(out, plainOut);
});

test('an array a helper returns, keeps or reassigns is copied per loop: the caller never sees the copy', () => {
  function same(a: Float64Array): Float64Array {
    return a;
  }
  function escapes(out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i % 3;
    const b = same(out); // the array itself comes back: a copy here would be told apart from the original
    b[0] = 100;
    let s = 0;
    for (const i of prange(out.length)) s += out[i]!;
    return s;
  }
  const f = memoJit(parallel)(escapes);
  const out = new Float64Array(N), plainOut = new Float64Array(N);
  const expected = escapes(plainOut);
  let got = NaN;
  assert.deepEqual(copiesOf(() => { got = f(out); }), { into: 2, back: 1 });
  assert.equal(got, expected);
  assert.deepEqual(out, plainOut);
});

test('a call that throws in its second loop still copies the first loop\'s writes back, once', () => {
  const f = memoJit(parallel)(throwsInSecondLoop);
  const xs = data(N);
  const out = new Float64Array(N);
  copyStats(true);
  assert.throws(() => f(xs, out), /stop here/);
  const s = copyStats();
  assert.deepEqual({ into: s.copiesIn, back: s.copiesOut }, { into: 2, back: 1 });
  assert.deepEqual(out, xs.map((x) => x + 1));
});

test('SharedArrayBuffer arrays and numbat memory are never copied; one thread copies nothing', () => {
  const f = memoJit(parallel)(threeLoops);
  const xs = new Float64Array(new SharedArrayBuffer(N * 8));
  xs.set(data(N));
  const out = new Float64Array(new SharedArrayBuffer(N * 8));
  const expected = threeLoops(xs, new Float64Array(N));
  assert.deepEqual(copiesOf(() => assert.equal(f(xs, out), expected)), { into: 0, back: 0 });
  const nx = numbatF64(data(N));
  const nout = numbatF64(N);
  try {
    assert.deepEqual(copiesOf(() => assert.equal(f(nx, nout), expected)), { into: 0, back: 0 });
  } finally {
    free(nx);
    free(nout);
  }
  memoJit.threads = 1;
  try {
    assert.deepEqual(copiesOf(() => assert.equal(f(data(N), new Float64Array(N)), expected)), { into: 0, back: 0 });
  } finally {
    memoJit.threads = 2;
  }
});

test('arguments sharing a buffer are not given call-long copies: the results are the plain function\'s', () => {
  function twoViews(a: Float64Array, b: Float64Array): number {
    for (const i of prange(b.length)) b[i] = i;
    let s = 0;
    for (const i of prange(a.length)) s += a[i]!;
    return s;
  }
  const f = memoJit(parallel)(twoViews);
  const buffer = new Float64Array(N);
  const plain = new Float64Array(N);
  assert.equal(f(buffer, buffer.subarray(0, N / 2)), twoViews(plain, plain.subarray(0, N / 2)));
  assert.deepEqual(buffer, plain);
  const other = new Float64Array(N), otherPlain = new Float64Array(N);
  assert.equal(f(other, other), twoViews(otherPlain, otherPlain));
  assert.deepEqual(other, otherPlain);
});

// The jit-parallel survivor session.ts:159 (now :215, `bytesIn += …` / `bytesOut += …` → `-=`) of issue 19:
// the byte counts copyStats() reports (the bench prints them) were checked nowhere.
test('copyStats counts the bytes of each copy: the arrays\' byteLength in, the written one\'s back', () => {
  const f = memoJit(parallel)(threeLoops);
  const xs = data(N);
  const out = new Float64Array(N);
  copyStats(true);
  f(xs, out);
  assert.deepEqual(copyStats(), { copiesIn: 2, copiesOut: 1, bytesIn: 2 * N * 8, bytesOut: N * 8 });
});

// The jit-parallel survivors session.ts:200 and :203 (now :256 and :259, buffersOf: how far into the other
// arguments an alias is looked for) of issue 19: an array whose buffer another argument holds inside an Array2D,
// an object's field or a list of rows must not get a call-long copy, or the loops read the stale original through
// the other argument.
test('an array whose buffer an Array2D, an object field or a list of rows also holds is not copied: the loops see each other\'s writes', () => {
  function viaMatrix(m: Array2D, out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i + 1;
    let s = 0;
    for (const i of prange(m.rows)) s += m.get(i, 0);
    return s;
  }
  function viaRows(rows: Float64Array[], out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i + 1;
    let s = 0;
    for (const i of prange(rows.length)) s += rows[i]![0]!;
    return s;
  }
  function viaField(o: { data: Float64Array }, out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i + 1;
    let s = 0;
    for (const i of prange(o.data.length)) s += o.data[i]!;
    return s;
  }
  const fresh = (): Float64Array => new Float64Array(N);
  {
    const a = fresh(), b = fresh();
    const got = memoJit(parallel)(viaMatrix)(new Array2D(N, 1, a), a);
    assert.equal(got, viaMatrix(new Array2D(N, 1, b), b));
    assert.deepEqual(a, b);
  }
  {
    const a = fresh(), b = fresh();
    const rowsOf = (x: Float64Array): Float64Array[] => Array.from({ length: N / 10 }, (_, r) => x.subarray(10 * r, 10 * r + 10));
    const got = memoJit(parallel)(viaRows)(rowsOf(a), a);
    assert.equal(got, viaRows(rowsOf(b), b));
    assert.deepEqual(a, b);
  }
  {
    const a = fresh(), b = fresh();
    const got = memoJit(parallel)(viaField)({ data: a }, a);
    assert.equal(got, viaField({ data: b }, b));
    assert.deepEqual(a, b);
  }
});

// ------------------------------------------------------------------------------------------ the parts

/** callLongArrays of `fn`'s entry after outlining, as a plain object. */
function callLong(fn: (...a: never[]) => unknown, params: Parameters<typeof lowerToIR>[1]): Record<string, boolean> {
  const { module } = outlineRegions(lowerToIR(fn, params));
  const regions = new Set(module.functions.filter((f) => regionIndex(f) !== undefined).map((f) => f.name));
  return Object.fromEntries(callLongArrays(module.functions.at(-1)!, regions, module.functions));
}

const F64S = { kind: 'array', element: 'f64' } as const;
/** An Int32Array where sharedCopy's parameter type (Float64Array-shaped) is asked for: it takes any typed array. */
const i32 = (...v: number[]): Float64Array => Int32Array.from(v) as unknown as Float64Array;

test('callLongArrays: read-only parameters are call-long (false), serially written ones too (true), others not', () => {
  assert.deepEqual(callLong(pstd, [F64S]), { xs: false });
  function serialWrite(xs: Float64Array): void {
    for (const i of prange(xs.length)) xs[i] = i;
    xs[0] = 5;
    for (const i of prange(xs.length)) xs[i] = xs[i]! + 1;
  }
  assert.deepEqual(callLong(serialWrite, [F64S]), { xs: true });
  function escapes(xs: Float64Array): Float64Array {
    for (const i of prange(xs.length)) xs[i] = i;
    return xs;
  }
  assert.deepEqual(callLong(escapes, [F64S]), {}, 'a returned array could be told apart from its copy');
});

test('countCopy and copyStats: counts and bytes each way; reset returns the counts before zeroing them', () => {
  copyStats(true);
  countCopy(true, 80);
  countCopy(true, 8);
  countCopy(false, 80);
  assert.deepEqual(copyStats(true), { copiesIn: 2, copiesOut: 1, bytesIn: 88, bytesOut: 80 });
  assert.deepEqual(copyStats(), { copiesIn: 0, copiesOut: 0, bytesIn: 0, bytesOut: 0 });
});

test('sharedCopy reuses the view of the same class and length, and makes a new one otherwise', () => {
  const scratch = new Map();
  copyStats(true);
  const a = sharedCopy(scratch, 'k', Float64Array.of(1, 2, 3), false);
  assert.ok(a.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...a], [1, 2, 3]);
  assert.equal(sharedCopy(scratch, 'k', Float64Array.of(4, 5, 6), false), a);
  assert.deepEqual([...a], [4, 5, 6]);
  const longer = sharedCopy(scratch, 'k', Float64Array.of(7, 8, 9, 10), false);
  assert.notEqual(longer, a);
  const ints = sharedCopy(scratch, 'k', i32(1, 2, 3, 4), false);
  assert.ok(ints instanceof Int32Array);
  assert.notEqual(sharedCopy(scratch, 'other', i32(1, 2, 3, 4), false), ints, 'keys are separate');
  assert.deepEqual(copyStats(), { copiesIn: 5, copiesOut: 0, bytesIn: 24 + 24 + 32 + 16 + 16, bytesOut: 0 });
  const inNumbat = sharedCopy(scratch, 'k', i32(1, 2, 3, 4), true);
  assert.ok(inNumbatMemory(inNumbat.buffer), 'numbat: the copy is in numbat memory, where Wasm regions read it');
  assert.deepEqual([...inNumbat], [1, 2, 3, 4]);
  assert.ok(!inNumbatMemory(sharedCopy(scratch, 'k', i32(1, 2, 3, 4), false).buffer));
});

test('CallCopies.use: one copy per call and parameter, written back once when the call ends', () => {
  const calls = new CallCopies();
  const xs = Float64Array.of(1, 2, 3), ys = Float64Array.of(4, 5);
  copyStats(true);
  const entry = calls.wrap((a: Float64Array, b: Float64Array) => {
    const first = calls.use(0, a, true, false) as Float64Array;
    assert.ok(first.buffer instanceof SharedArrayBuffer);
    assert.equal(calls.use(0, a, true, true), first, 'the second loop gets the same copy');
    first[0] = 10;
    assert.equal(calls.held(0, a), first, 'serial code holds the copy from now on');
    assert.equal(calls.held(1, b), b, 'no copy of b yet');
    assert.equal(calls.use(1, b, true, false), calls.use(1, b, true, false));
    assert.equal(xs[0], 1, 'the original is untouched during the call');
    return 'result';
  });
  assert.equal(entry(xs, ys), 'result');
  assert.deepEqual([...xs], [10, 2, 3]);
  assert.deepEqual(copyStats(), { copiesIn: 2, copiesOut: 1, bytesIn: 24 + 16, bytesOut: 24 }, 'ys was not written: not copied back');
});

test('CallCopies.use gives the original outside a call, for shared memory, for another argument, without create, and for aliased buffers', () => {
  const calls = new CallCopies();
  const xs = Float64Array.of(1, 2);
  assert.equal(calls.use(0, xs, true, true), xs, 'no call in progress');
  const shared = new Float64Array(new SharedArrayBuffer(16));
  const big = new Float64Array(4);
  const seen = calls.wrap((a: Float64Array, b: Float64Array, c: Float64Array) => [
    calls.use(0, a, true, true) === a,
    calls.use(1, xs, true, true) === xs, // not the argument at that position
    calls.use(1, b, false, true) === b,
    calls.use(2, c, true, true) === c, // c shares its buffer with b
  ]);
  assert.deepEqual(seen(shared, big, big.subarray(1) as Float64Array), [true, true, true, true]);
  assert.deepEqual([...big], [0, 0, 0, 0]);
});

test('CallCopies: a written copy goes back when the call throws; a nested call has copies of its own', () => {
  const calls = new CallCopies();
  const xs = Float64Array.of(0, 0);
  const inner = Float64Array.of(7, 7);
  const entry: (a: Float64Array, depth: number) => void = calls.wrap((a: Float64Array, depth: number) => {
    const copy = calls.use(0, a, true, true) as Float64Array;
    copy[depth] = depth + 1;
    if (depth === 0) {
      entry(inner, 1);
      assert.equal(calls.held(0, a), copy, 'the outer call still holds its own copy after the inner one');
      throw new RangeError('after the loop');
    }
  });
  assert.throws(() => entry(xs, 0), RangeError);
  assert.deepEqual([...xs], [1, 0]);
  assert.deepEqual([...inner], [7, 2]);
});
