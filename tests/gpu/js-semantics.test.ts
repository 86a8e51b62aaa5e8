// The GPU and its CPU fallback give plain JavaScript's answer where they used to part (issue 15's wrong
// answers re-found in session 12): a reduction over results JS reads as undefined (a read past the end) is
// NaN, an empty grid gives the reduction's identity, Math.round and Math.sign keep -0, `(x >>> 0) + 1` stored
// into an Int32Array is exact past 2^24, and a bare `return;` in a reducing kernel is a located error on the GPU.
// Where the GPU cannot give JS's answer (an integer product past 2^53 stored into an Int32Array, f64-emulated
// arithmetic past f32's exponent range), the launch rejects with GpuRangeError instead of answering otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu, GpuRangeError, GpuUnsupportedError } from '../../src/gpu/index.js';
import { onCpu } from './_cpu.js';

/** Runs `body` on the GPU (when there is an adapter) and on the CPU fallback, returning both results. */
async function both<T>(body: () => Promise<T>): Promise<{ gpu?: T; cpu: T }> {
  const cpu = await onCpu(body);
  return noAdapter ? { cpu } : { gpu: await body(), cpu };
}

/** Element-wise equality that tells -0 from +0 and NaN equal to itself (Object.is). */
function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let k = 0; k < expected.length; k++) assert.ok(Object.is(actual[k], expected[k]), `${what}[${k}]: ${actual[k]} where JS gives ${expected[k]}`);
}

const shifted = gpu({ reduce: 'sum' })(function shiftedSum(i: number, xs: Float32Array): number {
  return xs[i + 1]!;
});
const largest = gpu({ reduce: 'max' })(function shiftedMax(i: number, xs: Float32Array): number {
  return xs[i + 2]!;
});
const smallest = gpu({ reduce: 'min' })(function smallest(i: number, xs: Float32Array): number {
  return xs[i]!;
});

test('a reduction over a read past the end is NaN on both sides, as the plain loop gives', async () => {
  const xs = new Float32Array([1, 2, 3, 4]);
  let plain = 0;
  for (let i = 0; i < 4; i++) plain += xs[i + 1]!;
  assert.ok(Number.isNaN(plain));
  for (const [side, v] of Object.entries(await both(() => shifted.launch(4, xs)))) assert.ok(Number.isNaN(v), `sum on ${side}: ${v}`);
  for (const [side, v] of Object.entries(await both(() => largest.launch(4, xs)))) assert.ok(Number.isNaN(v), `max on ${side}: ${v}`);
});

test("an empty grid gives the reduction's identity on both sides (the CPU gave undefined)", async () => {
  const xs = new Float32Array([5]);
  const r = await both(() => smallest.launch(0, xs));
  assert.equal(r.cpu, Infinity);
  if (r.gpu !== undefined) assert.equal(r.gpu, Infinity);
  const s = await both(() => shifted.launch(0, xs));
  assert.ok(Object.is(s.cpu, 0), `cpu: ${s.cpu}`);
  if (s.gpu !== undefined) assert.ok(Object.is(s.gpu, 0), `gpu: ${s.gpu}`);
});

test('a kernel without a return still gives undefined on the CPU fallback', async () => {
  const fill = gpu(function fillOnes(i: number, out: Float32Array) {
    out[i] = 1;
  });
  const out = new Float32Array(3);
  assert.equal(await onCpu(() => fill.launch(3, out)), undefined);
  sameBits(out, [1, 1, 1], 'out');
});

test('Math.round and Math.sign keep -0 (round(-0.4), round(-0.5), sign(-0))', async () => {
  const rs = gpu(function roundSign(i: number, xs: Float32Array, out: Float32Array) {
    out[2 * i] = Math.round(xs[i]!);
    out[2 * i + 1] = Math.sign(xs[i]!);
  });
  const xs = new Float32Array([-0.4, -0, 0, 0.3, -0.5, -2.5, 2.5, NaN]);
  const expected = new Float32Array(16);
  for (let i = 0; i < xs.length; i++) {
    expected[2 * i] = Math.round(xs[i]!);
    expected[2 * i + 1] = Math.sign(xs[i]!);
  }
  const r = await both(async () => {
    const out = new Float32Array(16);
    await rs.launch(xs.length, xs, out);
    return out;
  });
  sameBits(r.cpu, expected, 'cpu');
  if (r.gpu) sameBits(r.gpu, expected, 'gpu');
});

test('(x >>> 0) + 1 stored into an Int32Array is exact past 2^24 (it was computed in f32)', async () => {
  const bump = gpu(function bumpUnsigned(i: number, xs: Int32Array, out: Int32Array) {
    out[i] = (xs[i]! >>> 0) + 1;
  });
  const xs = new Int32Array([-1, -2, 2147483647, -2147483648, 16777217, -16777219, 0, 123456789]);
  const expected = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) expected[i] = (xs[i]! >>> 0) + 1;
  const r = await both(async () => {
    const out = new Int32Array(xs.length);
    await bump.launch(xs.length, xs, out);
    return out;
  });
  sameBits(r.cpu, expected, 'cpu');
  if (r.gpu) sameBits(r.gpu, expected, 'gpu');
});

test('a bare `return;` in a reducing kernel is a located GpuUnsupportedError on the GPU; the CPU gives JS\'s NaN', async () => {
  const skip = gpu({ reduce: 'sum' })(function skipLarge(i: number, xs: Float32Array): number {
    if (i > 2) return undefined as unknown as number;
    return xs[i]!;
  });
  const bare = gpu({ reduce: 'sum' })(function bareReturn(i: number, xs: Float32Array): number | undefined {
    if (i > 2) return;
    return xs[i]!;
  });
  const xs = new Float32Array([1, 2, 3, 4]);
  assert.ok(Number.isNaN(await onCpu(() => bare.launch(4, xs))));
  if (noAdapter) return;
  await assert.rejects(bare.launch(4, xs), (e: unknown) => {
    assert.ok(e instanceof GpuUnsupportedError);
    assert.match(e.message, /bare `return;`/);
    assert.match(e.message, /0 for 'sum'/);
    assert.match(e.message, /js-semantics\.test\.ts:\d+:\d+: /, 'the message starts at the return statement');
    return true;
  });
  // `return undefined` is the same value, and compiles to the same refusal or NaN, never a number.
  const v = await skip.launch(4, xs).catch((e: unknown) => e);
  assert.ok(v instanceof GpuUnsupportedError || Number.isNaN(v), String(v));
});

test('an Int32Array store of a product past 2^53 rejects with GpuRangeError (JS rounds it, the GPU kept it exact)', { skip: noAdapter }, async () => {
  const cube = gpu(function tripleSquare(i: number, xs: Int32Array, out: Int32Array) {
    out[i] = xs[i]! * xs[i]! * 3;
  });
  // Within 2^53 the exact i32 arithmetic is JS's ToInt32, wrapped or not.
  const small = new Int32Array([123, -4567, 65537, 50000000]);
  const out = new Int32Array(small.length);
  await cube.launch(small.length, small, out);
  const expected = new Int32Array(small.length);
  for (let i = 0; i < small.length; i++) expected[i] = small[i]! * small[i]! * 3;
  sameBits(out, expected, 'below 2^53');
  // 2147483647² · 3 is 0 modulo 2^32 in JS (the double rounded) and 3 exactly: the launch must not answer 3.
  const before = new Int32Array([7]);
  await assert.rejects(cube.launch(1, new Int32Array([2147483647]), before), GpuRangeError);
  assert.equal(before[0], 7, 'results are not copied back');
  // The same product as an index is simply out of bounds, as in JS: no error.
  const scatter = gpu(function scatter(i: number, xs: Int32Array, out: Float32Array) {
    out[xs[i]! * xs[i]!] = 1;
  });
  const dst = new Float32Array(4);
  await scatter.launch(2, new Int32Array([1, 2147483647]), dst);
  sameBits(dst, [0, 1, 0, 0], 'dst');
});

test("f64-emulated arithmetic that leaves f32's range rejects with GpuRangeError instead of Infinity or 0", { skip: noAdapter }, async () => {
  const mul = gpu({ precision: 'f64-emulated' })(function dfMul(i: number, xs: Float64Array, ys: Float64Array, out: Float64Array) {
    out[i] = xs[i]! * ys[i]!;
  });
  const run = async (a: number, b: number): Promise<number> => {
    const out = new Float64Array(1);
    await mul.launch(1, new Float64Array([a]), new Float64Array([b]), out);
    return out[0]!;
  };
  assert.equal(await run(3, 1e10), 3e10);
  assert.equal(await run(Infinity, 2), Infinity, 'an infinite operand gives Infinity, as in JS');
  assert.equal(await run(0, 1e-30), 0);
  await assert.rejects(run(1e30, 1e30), GpuRangeError, '1e60 in JS');
  await assert.rejects(run(1e-30, 1e-30), GpuRangeError, '1e-60 in JS, not 0');
  const div = gpu({ precision: 'f64-emulated' })(function dfDiv(i: number, xs: Float64Array, ys: Float64Array, out: Float64Array) {
    out[i] = xs[i]! / ys[i]!;
  });
  const out = new Float64Array(1);
  await div.launch(1, new Float64Array([1]), new Float64Array([0]), out);
  assert.equal(out[0], Infinity, '1 / 0 is Infinity in JS too');
  await assert.rejects(div.launch(1, new Float64Array([1e30]), new Float64Array([1e-30]), out), GpuRangeError);
});
