// `precision: 'f64-emulated'` with Float64Arrays on the device (`gpu.array(float64s)`, held as double-f32
// pairs), launches split across dispatches like f32 ones, and the range double-f32 holds (f32's: values
// outside it are a RangeError, never a silent ±Infinity or 0). Tolerances as in wgsl/df32.test.ts: an argument is
// kept within u = 2^-48 relative, and a + b·c within a few u more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { onCpu } from './_cpu.js';
import { gpu } from '../../src/gpu/index.js';
import { WgslKernel } from '../../src/internals.js';
import { lowerKernel } from '../../src/gpu/frontend.js';
import { generateWgsl } from '../../src/gpu/wgsl/generate.js';
import type { Type } from '../../src/jit/types.js';
import { rng } from '../_support/rng.js';

const DF = { precision: 'f64-emulated', require: true } as const;
const U = 2 ** -48;
const rel = (got: number, want: number): number => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));

function maxRel(got: Float64Array, want: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!) !== Number.isNaN(got[i]!)) return Infinity;
    if (!Number.isNaN(want[i]!)) worst = Math.max(worst, rel(got[i]!, want[i]!));
  }
  return worst;
}

test('gpu.array(Float64Array): f64-emulated launches keep it on the device as pairs, .read() joins them', { skip: noAdapter }, async (t) => {
  const axpy = gpu(DF)(function axpy(i: number, a: number, x: Float64Array, y: Float64Array) { y[i] = a * x[i]! + y[i]!; });
  const total = gpu(DF)(function total(i: number, y: Float64Array) { return y[i]!; });
  const r = rng(71);
  const n = 10_007;
  const x = Float64Array.from({ length: n }, () => r() * 2 - 1);
  const y0 = Float64Array.from({ length: n }, () => 1 + r());
  const a = 1 / 3;
  const dx = gpu.array(x);
  const dy = gpu.array(y0);
  await axpy.launch(n, a, dx, dy);
  assert.equal(axpy.lastBackend, 'gpu');
  assert.equal(axpy.lastLaunch!.bytesUploaded > 16 * n - 1, true, 'the first launch uploads both arrays as 8-byte pairs');
  assert.equal(axpy.lastLaunch!.bytesDownloaded, 4, 'nothing is read back from device arrays but the 4-byte flags word of the range checks (GpuRangeError)');
  await axpy.launch(n, a, dx, dy);
  assert.equal(axpy.lastLaunch!.bytesUploaded, 0, 'the second launch moves nothing');
  const want = y0.map((v, i) => v + 2 * a * x[i]!);
  const got = await dy.read();
  assert.ok(got instanceof Float64Array);
  const worst = maxRel(got, want);
  t.diagnostic(`max relative error after two launches on device arrays: ${worst.toExponential(2)}`);
  assert.ok(worst <= 16 * U, `max relative error ${worst} > 16u`);
  // A reduction over the device array, against the f64 sum of what .read() returned.
  const sum = await total.launch(n, dy);
  const exact = got.reduce((s, v) => s + v, 0);
  t.diagnostic(`sum of ${n} device doubles: relative error ${rel(sum, exact).toExponential(2)}`);
  assert.ok(rel(sum, exact) <= n * 4 * U, `sum ${sum} against ${exact}`);
  // The unwritten array reads back as it was given, all 53 bits.
  assert.deepEqual(await dx.read(), x);
  dx.free();
  dy.free();
});

test('gpu.zeros(Float64Array) as an output, and the CPU fallback on the same device arrays', { skip: noAdapter }, async () => {
  const sq = gpu({ precision: 'f64-emulated' })(function sq(i: number, x: Float64Array, out: Float64Array) { out[i] = x[i]! * x[i]! + 0.1; });
  const x = Float64Array.from({ length: 1000 }, (_, i) => 1 + i * 1e-9);
  const want = x.map((v) => v * v + 0.1);
  const out = gpu.zeros(Float64Array, x.length);
  await sq.launch(x.length, gpu.array(x), out);
  assert.ok(maxRel(await out.read(), want) <= 8 * U);
  const cpuOut = gpu.zeros(Float64Array, x.length);
  await onCpu(() => sq.launch(x.length, gpu.array(x), cpuOut));
  assert.equal(sq.lastBackend, 'cpu');
  assert.deepEqual(await cpuOut.read(), want); // the CPU computes in f64 itself
});

test('a Float64Array device array is refused by an f32 kernel, naming the precision option', { skip: noAdapter }, async () => {
  const k = gpu({ require: true })(function k(i: number, x: Float32Array) { x[i] = x[i]! + 1; });
  await assert.rejects(
    k.launch(4, gpu.array(new Float64Array(4)) as never),
    (e: unknown) => e instanceof TypeError && /Float64Array device array/.test(e.message) && /f64-emulated/.test(e.message),
  );
});

test('values outside double-f32 range are a RangeError naming the element, not ±Infinity or 0', { skip: noAdapter }, async () => {
  assert.throws(() => gpu.array(Float64Array.of(1, 2, 1e300)), (e: unknown) => e instanceof RangeError && /element 2 is 1e\+300/.test(e.message));
  assert.throws(() => gpu.array(Float64Array.of(1e-300)), (e: unknown) => e instanceof RangeError && /smallest normal/.test(e.message));
  const k = gpu(DF)(function k(i: number, a: number, x: Float64Array) { x[i] = x[i]! * a; });
  await assert.rejects(k.launch(2, 2, Float64Array.of(1, -4e38)), (e: unknown) => e instanceof RangeError && /argument 'x\d*'.*: element 1 is -4e\+38/.test(e.message));
  await assert.rejects(k.launch(2, 1e39, Float64Array.of(1, 2)), (e: unknown) => e instanceof RangeError && /argument 'a'/.test(e.message));
  // 0, ±Infinity and NaN have exact pairs, and the edges of the range are accepted.
  const x = Float64Array.of(0, Infinity, -Infinity, NaN, 3.4e38, 2 ** -126);
  await k.launch(x.length, 0.5, x);
  assert.deepEqual([...x.slice(0, 4)], [0, Infinity, -Infinity, NaN]);
  assert.ok(rel(x[4]!, 1.7e38) <= 4 * U && x[5] === 2 ** -127, `${x[4]}, ${x[5]}`);
});

/** An f64-emulated spec for `fn` with `types` after the index, as `@gpu` generates it, for WgslKernel's `limits`. */
function dfKernel(fn: (...args: never[]) => unknown, types: Type[]): WgslKernel {
  const { module } = lowerKernel(fn, [{ kind: 'i32' }, ...types], 1);
  return new WgslKernel(generateWgsl(module, { grid: 1, precision: 'f64-emulated' }));
}

const small = { maxComputeWorkgroupsPerDimension: 4, maxStorageBufferBindingSize: 4096 };

test('f64-emulated arrays larger than one storage binding are split across dispatches (host and device arrays)', { skip: noAdapter }, async () => {
  function fma(i: number, a: number, x: Float64Array, y: Float64Array, out: Float64Array) { out[i] = a * x[i]! + y[i]!; }
  const f64: Type = { kind: 'array', element: 'f64' };
  const k = dfKernel(fma, [{ kind: 'f64' }, f64, f64, f64]);
  assert.ok(k.spec.params.every((p) => p.kind !== 'array' || p.elementwise), 'pairs accessed at the own index are elementwise');
  const r = rng(5);
  const n = 5003; // 40 kB of pairs per array, windows of 512 elements (4 KiB)
  const x = Float64Array.from({ length: n }, () => r() * 10);
  const y = Float64Array.from({ length: n }, () => r());
  const want = x.map((v, i) => 0.7 * v + y[i]!);
  const out = new Float64Array(n).fill(-1);
  await k.launch(n, [0.7, x, y, out], { workgroupSize: 64, limits: small });
  assert.ok(k.lastLaunch!.dispatches >= 10, `expected a split launch, got ${k.lastLaunch!.dispatches}`);
  assert.ok(maxRel(out, want) <= 8 * U, `host arrays: ${maxRel(out, want)}`);
  const dout = gpu.zeros(Float64Array, n);
  await k.launch(n, [0.7, gpu.array(x), gpu.array(y), dout], { workgroupSize: 64, limits: small });
  assert.ok(k.lastLaunch!.dispatches >= 10);
  assert.ok(maxRel(await dout.read(), want) <= 8 * U, 'device arrays');
  // A reduction over a split pair array.
  const sumK = dfKernel(function total(i: number, x: Float64Array) { return x[i]!; }, [f64]);
  const sum = (await sumK.launch(n, [x], { workgroupSize: 64, limits: small }))!;
  assert.ok(sumK.lastLaunch!.dispatches >= 10);
  assert.ok(rel(sum, x.reduce((s, v) => s + v, 0)) <= n * 4 * U);
});

test('a split launch longer than an array reads past its end as undefined (NaN), in f32 and in f64-emulated', { skip: noAdapter }, async () => {
  // Dispatches whose window starts past the end of x bind a 16-byte scratch buffer for it: that must read as
  // out of bounds, not as four elements.
  const n = 3000;
  const x64 = Float64Array.from({ length: 1000 }, (_, i) => i + 0.5);
  const k64 = dfKernel(function plus(i: number, x: Float64Array, out: Float64Array) { out[i] = x[i]! + 1; }, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }]);
  const out64 = new Float64Array(n).fill(-1);
  await k64.launch(n, [x64, out64], { workgroupSize: 64, limits: small });
  assert.ok(k64.lastLaunch!.dispatches > 3);
  for (let i = 0; i < n; i++) {
    const want = i < 1000 ? i + 1.5 : NaN;
    if (!Object.is(out64[i], want)) assert.fail(`f64-emulated out[${i}] = ${out64[i]}, expected ${want}`);
  }
  const { module } = lowerKernel(function plus32(i: number, x: Float32Array, out: Float32Array) { out[i] = x[i]! + 1; },
    [{ kind: 'i32' }, { kind: 'array', element: 'f32' }, { kind: 'array', element: 'f32' }], 1);
  const k32 = new WgslKernel(generateWgsl(module, { grid: 1 }));
  const x32 = Float32Array.from({ length: 1000 }, (_, i) => i + 0.5);
  const out32 = new Float32Array(n).fill(-1);
  await k32.launch(n, [x32, out32], { workgroupSize: 64, limits: { ...small, maxStorageBufferBindingSize: 2048 } });
  assert.ok(k32.lastLaunch!.dispatches > 3);
  for (let i = 0; i < n; i++) {
    const want = i < 1000 ? i + 1.5 : NaN;
    if (!Object.is(out32[i], want)) assert.fail(`f32 out[${i}] = ${out32[i]}, expected ${want}`);
  }
});
