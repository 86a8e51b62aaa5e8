/**
 * Host cost of one `@gpu` launch against Dawn's own (a raw submit of the same kind of work on the same
 * device), in one process: the target is at most 1.3× Dawn's. Part of `npm run bench:gpu`; alone with
 * `node --import tsx bench/gpu.ts --launch`.
 *
 * - elementwise on device arrays: numbat's launch is queued without waiting, so each iteration then waits
 *   for the queue (`onSubmittedWorkDone`), as the raw Dawn loop does after its submit;
 * - a reduction over 256 invocations: both read back their partials with `mapAsync`.
 *
 * @module
 */
import { gpu } from '../src/gpu/index.js';
import { acquireDevice } from '../src/gpu/runtime/device.js';

// Workgroups of 256, as the raw loop's: on lavapipe the kernels run on the same cores as the host loop, so
// both sides must do the same GPU work for the host costs to compare.
const inc = gpu({ workgroupSize: 256 })(function incLaunch(i: number, xs: Float32Array) {
  xs[i] = xs[i]! + 1;
});
const total = gpu({ reduce: 'sum', workgroupSize: 256 })(function totalLaunch(i: number, xs: Float32Array): number {
  return xs[i]!;
});

interface Stats { median: number; p99: number }

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p99: s[Math.floor(s.length * 0.99)]! };
}

async function sample(times: number, body: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < times; k++) {
    const t0 = process.hrtime.bigint();
    await body();
    out.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return out;
}

/** Raw Dawn: one pipeline, one bind group, made once; per iteration an encoder, a dispatch and a submit. */
async function rawDawn(n: number, readback: boolean): Promise<() => Promise<unknown>> {
  const { device } = await acquireDevice();
  const code = readback
    ? `@group(0) @binding(0) var<storage, read_write> xs: array<f32>;
       @group(0) @binding(1) var<storage, read_write> partial: array<f32>;
       var<workgroup> red: array<f32, 256>;
       @compute @workgroup_size(256) fn main(@builtin(local_invocation_index) l: u32) {
         red[l] = xs[l]; workgroupBarrier();
         for (var s = 128u; s > 0u; s >>= 1u) { if (l < s) { red[l] += red[l + s]; } workgroupBarrier(); }
         if (l == 0u) { partial[0] = red[0]; } }`
    : `@group(0) @binding(0) var<storage, read_write> xs: array<f32>;
       @compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) { if (g.x < ${n}u) { xs[g.x] += 1.0; } }`;
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const xs = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
  const partial = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: xs } }];
  if (readback) entries.push({ binding: 1, resource: { buffer: partial } });
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  return async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(n / 256));
    pass.end();
    if (readback) encoder.copyBufferToBuffer(partial, 0, staging, 0, 4);
    device.queue.submit([encoder.finish()]);
    if (!readback) return device.queue.onSubmittedWorkDone();
    await staging.mapAsync(GPUMapMode.READ);
    const v = new Float32Array(staging.getMappedRange())[0];
    staging.unmap();
    return v;
  };
}

/** Rows of the launch-cost table: median and p99 in µs for numbat and raw Dawn, and their ratio. */
export async function launchCost(times = 2000): Promise<string[][]> {
  const n = 256;
  const xs = gpu.array(new Float32Array(n));
  const rows: string[][] = [];
  const { device } = await acquireDevice();
  const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ['tiny kernel on a device array (+ wait for the queue)', async () => {
      await inc.launch(n, xs);
      await device.queue.onSubmittedWorkDone();
    }, await rawDawn(n, false)],
    ['tiny reduction on a device array (partials read back)', () => total.launch(n, xs), await rawDawn(n, true)],
  ];
  for (const [label, ours, raw] of cases) {
    await sample(50, ours); // warm-up: pipelines, pools, bind groups
    await sample(50, raw);
    // Interleaved rounds, so a burst of load on the shared machine hits both alike.
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < 4; round++) {
      a.push(...(await sample(times / 4, ours)));
      b.push(...(await sample(times / 4, raw)));
    }
    const sa = stats(a), sb = stats(b);
    rows.push([label, `${sa.median.toFixed(0)} µs`, `${sa.p99.toFixed(0)} µs`, `${sb.median.toFixed(0)} µs`, `${sb.p99.toFixed(0)} µs`, `${(sa.median / sb.median).toFixed(2)}×`]);
  }
  xs.free();
  return rows;
}
