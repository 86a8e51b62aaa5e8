/**
 * Host cost of one `@gpu` launch against Dawn's own, in one process: the target is at most 1.3× Dawn's. Part
 * of `npm run bench:gpu`; alone with `node --import tsx bench/gpu.ts --launch`.
 *
 * The raw Dawn loop runs **numbat's own shader** (the WGSL numbat generated for the kernel, the same
 * workgroup size, entry point and uniform words, planned by `runtime/plan.ts` and packed by
 * `runtime/uniforms.ts`), with one pipeline and one bind group made once, and per iteration an encoder, the
 * dispatch, a submit and a wait. On lavapipe the shader runs on the same CPU cores as the host loop, so a
 * hand-written shader doing less work would make numbat look slower for a reason that is not host cost.
 *
 * - elementwise on device arrays: numbat's launch is queued without waiting, so each iteration then waits
 *   for the queue (`onSubmittedWorkDone`), as the raw Dawn loop does after its submit;
 * - a reduction over 256 invocations: both read back their partials with `mapAsync`;
 * - elementwise with a loop budget (a `while` loop: the kernel can raise a fault flag), on device arrays:
 *   numbat's launch is still queued and reads its flags word later (`src/gpu/runtime/faults.ts`); the raw
 *   loop clears and copies out the same flags word in its submit and waits for the queue, without mapping it.
 *
 * The figure is paired: each sample times one numbat launch and one raw launch back to back, in alternating
 * order, and the ratio reported is the median of the per-pair ratios (a burst of load on the shared machine
 * hits both sides of a pair alike), with the medians of each side and the spread of four rounds' medians.
 *
 * @module
 */
import { gpu } from '../src/gpu/index.js';
import { acquireDevice } from '../src/gpu/runtime/device.js';
import { lowerKernel } from '../src/gpu/frontend.js';
import { generateWgsl } from '../src/gpu/wgsl/generate.js';
import { assembleShader } from '../src/gpu/wgsl/shader.js';
import { bindingsOf, type KernelSpec } from '../src/gpu/abi.js';
import { planLaunch } from '../src/gpu/runtime/plan.js';
import { packUniforms } from '../src/gpu/runtime/uniforms.js';
import { reductionRule } from '../src/gpu/reduction.js';
import type { AnyFunction } from '../src/decorate.js';

const WG = 256;

function incLaunch(i: number, xs: Float32Array): void {
  xs[i] = xs[i]! + 1;
}
function totalLaunch(i: number, xs: Float32Array): number {
  return xs[i]!;
}
function budgetLaunch(i: number, xs: Float32Array): void {
  let k = 0;
  while (k < 3) k++;
  xs[i] = xs[i]! + k;
}
// Workgroups of 256, as the raw loop's (the same shader: see the module comment).
const inc = gpu({ workgroupSize: WG })(incLaunch);
const budget = gpu({ workgroupSize: WG })(budgetLaunch);
const total = gpu({ reduce: 'sum', workgroupSize: WG })(totalLaunch);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function p99(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.99)]!;
}

async function time(body: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - t0) / 1e3;
}

/**
 * Raw Dawn running numbat's shader for `fn` over `n` invocations on a Float32Array of `n` (device-resident):
 * the spec from the same compiler path as `@gpu`, the vec4 entry when numbat takes it (a reduction of lane
 * arrays over [0, n)), uniforms packed by numbat's own packer.
 */
async function rawDawn(fn: AnyFunction, n: number, reduce: boolean): Promise<() => Promise<unknown>> {
  const handle = await acquireDevice();
  const { device } = handle;
  const { module } = lowerKernel(fn, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }], 1);
  const spec: KernelSpec = { ...generateWgsl(module, { grid: 1, ...(reduce ? { reduce: 'sum' as const } : {}) }), name: `raw-${fn.name}` };
  const shader = assembleShader(spec, WG, (spec.laneReads?.length ?? 0) > 0);
  const code = shader.code;
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const limits = {
    maxComputeWorkgroupsPerDimension: handle.limits.maxComputeWorkgroupsPerDimension,
    maxStorageBufferBindingSize: handle.limits.maxStorageBufferBindingSize,
    minStorageBufferOffsetAlignment: handle.limits.minStorageBufferOffsetAlignment,
  };
  const plan = planLaunch({ extent: [n, 1, 1], grid: 1, mode: reduce ? 'reducing' : 'linear', workgroupSize: WG, limits });
  const xs = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
  const uniforms = packUniforms(spec, plan, [new Float32Array(n)], { extent: [n, 1, 1], seedLo: 0, seedHi: 0, launch: 0, maxIters: 2 ** 31 }, handle.limits.minUniformBufferOffsetAlignment);
  const ub = device.createBuffer({ size: uniforms.data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(ub, 0, uniforms.data);
  const b = bindingsOf(spec, shader.vector);
  const partialBytes = reduce ? plan.partials * 4 * reductionRule('sum', spec.returns!).words : 4;
  const partials = device.createBuffer({ size: partialBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: partialBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: ub, offset: 0, size: uniforms.size } },
    { binding: b.arrays[0]!, resource: { buffer: xs } },
  ];
  if (b.partials !== undefined) entries.push({ binding: b.partials, resource: { buffer: partials } });
  const flags = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const flagsOut = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  if (b.flags !== undefined) entries.push({ binding: b.flags, resource: { buffer: flags } });
  for (const v of b.vectors ?? []) entries.push({ binding: v, resource: { buffer: xs, size: n * 4 - ((n * 4) % 16) } });
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const d = plan.dispatches[0]!;
  return async () => {
    const encoder = device.createCommandEncoder();
    if (b.flags !== undefined) encoder.clearBuffer(flags);
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    pass.end();
    if (reduce) encoder.copyBufferToBuffer(partials, 0, staging, 0, partialBytes);
    if (b.flags !== undefined) encoder.copyBufferToBuffer(flags, 0, flagsOut, 0, 4);
    device.queue.submit([encoder.finish()]);
    if (!reduce) return device.queue.onSubmittedWorkDone();
    await staging.mapAsync(GPUMapMode.READ);
    const v = new Float32Array(staging.getMappedRange())[0];
    staging.unmap();
    return v;
  };
}

/**
 * Rows of the launch-cost table: numbat's median and p99, raw Dawn's median and p99 (µs), the median of the
 * paired ratios, and the lowest and highest of the four rounds' median ratios.
 */
export async function launchCost(pairs = 2000): Promise<string[][]> {
  const n = 256;
  const xs = gpu.array(new Float32Array(n));
  const rows: string[][] = [];
  const { device } = await acquireDevice();
  const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ['tiny kernel on a device array (+ wait for the queue)', async () => {
      await inc.launch(n, xs);
      await device.queue.onSubmittedWorkDone();
    }, await rawDawn(incLaunch, n, false)],
    ['tiny reduction on a device array (partials read back)', () => total.launch(n, xs), await rawDawn(totalLaunch, n, true)],
    ['tiny kernel with a loop budget (fault flags, queued)', async () => {
      await budget.launch(n, xs);
      await device.queue.onSubmittedWorkDone();
    }, await rawDawn(budgetLaunch, n, false)],
  ];
  for (const [label, ours, raw] of cases) {
    for (let k = 0; k < 50; k++) { // warm-up: pipelines, pools, bind groups
      await ours();
      await raw();
    }
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    const roundMedians: number[] = [];
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const r: number[] = [];
      for (let k = 0; k < pairs / rounds; k++) {
        // Alternate which side goes first, so neither always runs right after the other's wait.
        const first = k % 2 === 0;
        const tb0 = first ? 0 : await time(raw);
        const ta = await time(ours);
        const tb = first ? await time(raw) : tb0;
        a.push(ta);
        b.push(tb);
        r.push(ta / tb);
      }
      ratios.push(...r);
      roundMedians.push(median(r));
    }
    rows.push([
      label, `${median(a).toFixed(0)} µs`, `${p99(a).toFixed(0)} µs`, `${median(b).toFixed(0)} µs`, `${p99(b).toFixed(0)} µs`,
      `${median(ratios).toFixed(2)}×`, `${Math.min(...roundMedians).toFixed(2)}–${Math.max(...roundMedians).toFixed(2)}×`,
    ]);
  }
  xs.free();
  return rows;
}
