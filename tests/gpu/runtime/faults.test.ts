// src/gpu/runtime/faults.ts: faults of launches that were queued, not waited for. A launch on device arrays
// alone resolves once submitted; if its kernel raised a fault flag (range, out-of-bounds read, loop budget),
// the fault is attached to what it wrote, passed on by later launches that read it, and thrown by the first
// thing that shows the data to the host. The pure helpers are checked first, then the rule on lavapipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { gpu, GpuDeviceLostError, GpuLoopLimitError, GpuOutOfBoundsError, GpuRangeError } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import type { KernelSpec } from '../../../src/gpu/abi.js';
import { deferFault, faultOf, firstFault, mergeFaults } from '../../../src/gpu/runtime/faults.js';

const never = new Promise<undefined>(() => {});

test('deferFault settles to the check\'s error; a clean or rejected check is clean', async () => {
  const error = new GpuRangeError('k', false);
  const bad = deferFault(Promise.resolve(error));
  const good = deferFault(Promise.resolve(undefined));
  const lost = deferFault(Promise.reject(new Error('device lost')));
  assert.equal(await bad.settled, error);
  assert.equal(await good.settled, undefined);
  assert.equal(await lost.settled, undefined);
  assert.equal(bad.clean, false, 'a fault is never clean');
  assert.equal(good.clean, true);
  assert.equal(lost.clean, true, 'a lost device is reported by reading the data, not as this launch\'s fault');
  assert.equal(deferFault(never).clean, false, 'a check still pending is not clean');
});

test('firstFault gives the first error in list order once all settled, or undefined', async () => {
  const a = new GpuRangeError('a', false);
  const b = new GpuLoopLimitError('b', 10);
  assert.equal(await firstFault([]), undefined);
  assert.equal(await firstFault([deferFault(Promise.resolve(undefined))]), undefined);
  assert.equal(await firstFault([deferFault(Promise.resolve(undefined)), deferFault(Promise.resolve(a)), deferFault(Promise.resolve(b))]), a);
  assert.equal(await firstFault([deferFault(Promise.resolve(b)), deferFault(Promise.resolve(a))]), b);
});

test('mergeFaults adds each pending check once and drops clean ones', async () => {
  const p1 = deferFault(never), p2 = deferFault(never);
  const clean = deferFault(Promise.resolve(undefined));
  await clean.settled;
  const empty: readonly ReturnType<typeof deferFault>[] = [];
  assert.equal(mergeFaults(empty, []), empty, 'nothing to add: the same list');
  const one = mergeFaults(empty, [p1]);
  assert.deepEqual(one, [p1]);
  assert.equal(mergeFaults(one, [p1]), one, 'already there: the same list');
  assert.deepEqual(mergeFaults(one, [p2, p1, clean]), [p1, p2]);
  assert.deepEqual(mergeFaults([clean, p1], [p2]), [p1, p2], 'a clean check already in the list is dropped too');
});

test('faultOf reads the flags word: loop budget over range over out-of-bounds arrays', () => {
  const spec: KernelSpec = {
    name: 'k', grid: 1, usesRandom: false, body: '', rangeChecks: 'f64-emulated',
    params: [
      { kind: 'array', name: 'xs', element: 'i32', writes: false, elementwise: true },
      { kind: 'scalar', name: 's', type: 'f32' },
      { kind: 'array', name: 'm', element: 'i32', writes: false, elementwise: false, matrix: 'array2d' },
    ],
  };
  const loop = faultOf(2 ** 31 + 2 ** 30 + 1, spec, 77);
  assert.ok(loop instanceof GpuLoopLimitError && loop.limit === 77, 'bit 31 wins');
  const range = faultOf(2 ** 30 + 1, spec, 77);
  assert.ok(range instanceof GpuRangeError && /exponent range/.test(range.message), 'bit 30, f64-emulated wording');
  const oob = faultOf(0b11, spec, 77);
  // Bit k is the k-th *array* parameter: the scalar between them takes no bit.
  assert.ok(oob instanceof GpuOutOfBoundsError);
  assert.deepEqual(oob.arrays, ['xs', 'm']);
  assert.equal((faultOf(0b10, spec, 77) as GpuOutOfBoundsError).arrays[0], 'm');
});

const mul = gpu({ precision: 'f64-emulated' })(function mulDf(i: number, out: Float64Array, a: Float64Array, b: Float64Array) {
  out[i] = a[i]! * b[i]!;
});
const plusOne = gpu({ precision: 'f64-emulated' })(function plusOneDf(i: number, dst: Float64Array, src: Float64Array) {
  dst[i] = src[i]! + 1;
});
const total = gpu({ precision: 'f64-emulated' })(function totalDf(i: number, xs: Float64Array) {
  return xs[i]!;
});

test('a queued f64-emulated launch out of range resolves; the fault is thrown where its results are read', { skip: noAdapter, timeout: 120_000 }, async () => {
  const n = 300;
  const two = gpu.array(new Float64Array(n).fill(2)), three = gpu.array(new Float64Array(n).fill(3));
  const out = gpu.zeros(Float64Array, n);
  await mul.launch(n, out, two, three);
  assert.deepEqual([...await out.read()], new Array(n).fill(6), 'a clean launch reads back normally');

  const big = gpu.array(new Float64Array(n).fill(1e30));
  const bad = gpu.zeros(Float64Array, n);
  await mul.launch(n, bad, big, big); // 1e60: past f32's exponent range; resolves without waiting
  assert.equal(mul.lastLaunch!.bytesDownloaded, 4, 'only the flags word is copied out, and not waited for');
  await assert.rejects(bad.read(), (e: unknown) => e instanceof GpuRangeError && /kernel 'mulDf'/.test(e.message));
  await assert.rejects(bad.read(), GpuRangeError, 'the fault stays with the data: a second read throws too');

  // Passed on through a launch that reads the faulted array (itself clean): the fault names the first kernel.
  const next = gpu.zeros(Float64Array, n);
  await plusOne.launch(n, next, bad);
  await assert.rejects(next.read(), (e: unknown) => e instanceof GpuRangeError && /kernel 'mulDf'/.test(e.message));
  // A reduction over it waits for its total, so it throws at the launch.
  await assert.rejects(total.launch(n, bad), GpuRangeError);
  // A host array written from it is not touched.
  const host = new Float64Array(n).fill(-1);
  await assert.rejects(plusOne.launch(n, host, bad), GpuRangeError);
  assert.deepEqual([...host], new Array(n).fill(-1), 'nothing copied back from a launch that read faulted data');

  // The same through the repeat path: the same arguments as the last launch, the source faulted in between.
  const src = gpu.array(new Float64Array(n).fill(1)), dst = gpu.zeros(Float64Array, n);
  await plusOne.launch(n, dst, src);
  await plusOne.launch(n, dst, src);
  assert.deepEqual([...await dst.read()], new Array(n).fill(2));
  await mul.launch(n, src, big, big);
  await plusOne.launch(n, dst, src);
  await assert.rejects(dst.read(), (e: unknown) => e instanceof GpuRangeError && /kernel 'mulDf'/.test(e.message));

  // The inputs and unrelated arrays are unaffected; a fresh launch on the same kernel is clean again.
  assert.deepEqual([...await big.read()], new Array(n).fill(1e30));
  const again = gpu.zeros(Float64Array, n);
  await mul.launch(n, again, three, three);
  assert.deepEqual([...await again.read()], new Array(n).fill(9));
  assert.equal(await total.launch(n, again), 9 * n);
});

test('a queued out-of-bounds integer read and a loop past its budget surface at .read()', { skip: noAdapter, timeout: 120_000 }, async () => {
  // JS computes `undefined * 2 + 1` = NaN (stored as 0) where the GPU would compute 1 from its 0: a fault.
  const gather = gpu(function gatherI(i: number, out: Int32Array, table: Int32Array, idx: Int32Array) {
    out[i] = table[idx[i]!]! * 2 + 1;
  });
  const xs = gpu.array(Int32Array.from([10, 20, 30, 40]));
  const ok = gpu.zeros(Int32Array, 4);
  await gather.launch(4, ok, xs, gpu.array(Int32Array.from([3, 2, 1, 0])));
  assert.deepEqual([...await ok.read()], [81, 61, 41, 21]);
  const out = gpu.zeros(Int32Array, 4);
  await gather.launch(4, out, xs, gpu.array(Int32Array.from([0, 1, 2, 9])));
  await assert.rejects(out.read(), (e: unknown) => e instanceof GpuOutOfBoundsError && e.arrays.includes('table'));

  const collatz = gpu({ maxLoopIterations: 20 })(function stepsI(i: number, out: Int32Array, starts: Int32Array) {
    let n = starts[i]!, k = 0;
    while (n !== 1) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      k++;
    }
    out[i] = k;
  });
  const steps = gpu.zeros(Int32Array, 2);
  await collatz.launch(2, steps, gpu.array(Int32Array.from([8, 6])));
  assert.deepEqual([...await steps.read()], [3, 8], 'within budget: 8→4→2→1, 6→3→10→5→16→8→4→2→1');
  const long = gpu.zeros(Int32Array, 2);
  await collatz.launch(2, long, gpu.array(Int32Array.from([8, 27]))); // 27 takes 111 steps
  await assert.rejects(long.read(), (e: unknown) => e instanceof GpuLoopLimitError && e.limit === 20);
});

test('repeats of a queued launch with fault flags check their own flags each time', { skip: noAdapter, timeout: 120_000 }, async () => {
  const steps = gpu({ maxLoopIterations: 20 })(function stepsR(i: number, out: Int32Array, starts: Int32Array) {
    let n = starts[i]!, k = 0;
    while (n !== 1) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      k++;
    }
    out[i] = k;
  });
  const put = gpu(function putR(i: number, xs: Int32Array, v: number) {
    xs[i] = v;
  });
  const starts = gpu.array(Int32Array.from([8, 6]));
  const out = gpu.zeros(Int32Array, 2);
  await steps.launch(2, out, starts);
  await steps.launch(2, out, starts);
  const second = steps.lastLaunch;
  await steps.launch(2, out, starts);
  assert.equal(steps.lastLaunch, second, 'the same arguments again: the cached repeat, not a new plan');
  assert.deepEqual([...await out.read()], [3, 8]);

  await put.launch(2, starts, 27); // 111 steps each, past the budget of 20
  await steps.launch(2, out, starts);
  await assert.rejects(out.read(), (e: unknown) => e instanceof GpuLoopLimitError && e.limit === 20);
  // Back within budget: a new array (the faulted one keeps its fault), the same kernel, clean again.
  await put.launch(2, starts, 16);
  const fresh = gpu.zeros(Int32Array, 2);
  await steps.launch(2, fresh, starts);
  await steps.launch(2, fresh, starts);
  assert.deepEqual([...await fresh.read()], [4, 4]);
});

test('a repeat is not taken with another loop budget than the remembered launch\'s', { skip: noAdapter, timeout: 120_000 }, async () => {
  // numbat_spin() counts an iteration against the budget and flags the launch past it (abi.ts's loop budget).
  const spec: KernelSpec = {
    name: 'budgeted', grid: 1, usesRandom: false, boundedLoops: true,
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }, { kind: 'scalar', name: 'm', type: 'u32' }],
    body: 'fn numbat_kernel(i: i32) { var s = 0u; loop { if (numbat_spin()) { break; } s += 1u; if (s >= numbat_P.s_m) { break; } } a_xs[numbat_li] = f32(s); }',
  };
  const k = new WgslKernel(spec);
  const xs = gpu.zeros(Float32Array, 4);
  await k.launch(4, [xs, 10], { maxLoopIterations: 100 });
  await k.launch(4, [xs, 10], { maxLoopIterations: 100 });
  assert.deepEqual([...await xs.read()], [10, 10, 10, 10]);
  const ys = gpu.zeros(Float32Array, 4);
  await k.launch(4, [ys, 10], { maxLoopIterations: 100 });
  await k.launch(4, [ys, 10], { maxLoopIterations: 5 });
  await assert.rejects(ys.read(), (e: unknown) => e instanceof GpuLoopLimitError && e.limit === 5);
});

test('a queued launch stays under its timeout until the GPU has run it', { skip: noAdapter, timeout: 120_000 }, async () => {
  // Hand-written WGSL whose loop holds lavapipe's queue for seconds (100M iterations); `boundedLoops` gives it
  // a flags word, so the launch is queued with a check. It resolves without waiting (so well before the
  // kernel ends), and the watch it leaves behind retires the device at 100 ms: reading reports the loss.
  const spec: KernelSpec = {
    name: 'spinQueued', grid: 1, usesRandom: false, boundedLoops: true,
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }, { kind: 'scalar', name: 'm', type: 'u32' }],
    body: 'fn numbat_kernel(i: i32) { var s = 0u; loop { s += 1u; if (s > numbat_P.s_m) { break; } } a_xs[numbat_li] = f32(s); }',
  };
  const k = new WgslKernel(spec);
  const xs = gpu.zeros(Float32Array, 1);
  await k.launch(1, [xs, 10], { timeout: 100 });
  assert.deepEqual([...await xs.read()], [11], 'a short run finishes within its timeout and reads back');
  const ys = gpu.zeros(Float32Array, 1);
  await k.launch(1, [ys, 100_000_000], { timeout: 100 });
  await assert.rejects(ys.read(), (e: unknown) => e instanceof GpuDeviceLostError && /spinQueued' timed out after 100 ms/.test(e.message));
});
