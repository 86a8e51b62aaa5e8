// The GPU and its CPU fallback give plain JavaScript's answer where they used to part (issue 15's wrong
// answers re-found in session 12): a reduction over results JS reads as undefined (a read past the end) is
// NaN, an empty grid gives the reduction's identity, Math.round and Math.sign keep -0, `(x >>> 0) + 1` stored
// into an Int32Array is exact past 2^24, and a bare `return;` in a reducing kernel is a located error on the GPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu, GpuUnsupportedError } from '../../src/gpu/index.js';
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
