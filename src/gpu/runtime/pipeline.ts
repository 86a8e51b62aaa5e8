/**
 * Compute pipelines, compiled once per shader and device: WGSL compile errors are mapped back to the
 * JavaScript line the failing WGSL came from.
 *
 * @module
 */
import { bindingsOf, formatPosition, type KernelSpec } from '../abi.js';
import type { AssembledShader } from '../wgsl/shader.js';
import type { DeviceHandle } from './device.js';
import { GpuCompileError } from './errors.js';

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<CompiledPipeline>>>();

/**
 * A pipeline and the layout its bind groups are made against.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { assembleShader } from '../wgsl/shader.js';
 * import { acquireDevice } from './device.js';
 * import { pipelineFor, type CompiledPipeline } from './pipeline.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * const handle = await acquireDevice();
 * const { pipeline, layout }: CompiledPipeline = await pipelineFor(handle, spec, assembleShader(spec, 256));
 * ```
 */
export interface CompiledPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

function mapCompileError(spec: KernelSpec, shader: AssembledShader, messages: readonly GPUCompilationMessage[]): GpuCompileError {
  const lines = shader.code.split('\n');
  const first = messages.find((m) => m.type === 'error') ?? messages[0]!;
  const bodyLine = first.lineNum - shader.bodyFirstLine;
  const inBody = bodyLine >= 0 && bodyLine < shader.bodyLineCount;
  const position = inBody ? spec.locate?.(bodyLine) : undefined;
  const where = position
    ? `${formatPosition(position)}${position.text ? `\n${position.text}\n ` : ''}`
    : `generated WGSL line ${first.lineNum}${inBody ? '' : ' (runtime preamble: a numbat bug)'}`;
  const rest = messages.filter((m) => m !== first && m.type === 'error').map((m) => `\n  also WGSL line ${m.lineNum}: ${m.message}`);
  return new GpuCompileError(
    `gpu: the WGSL for kernel '${spec.name}' does not compile, at ${where}: ${first.message}\n` +
      `  WGSL line ${first.lineNum}: ${(lines[first.lineNum - 1] ?? '').trim()}${rest.join('')}`,
    shader.code,
    position?.line,
  );
}

async function compilePipeline(handle: DeviceHandle, spec: KernelSpec, shader: AssembledShader): Promise<CompiledPipeline> {
  const device = handle.device;
  const bindings = bindingsOf(spec, shader.vector);
  const entries: GPUBindGroupLayoutEntry[] = [{ binding: bindings.uniform, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }];
  spec.params.filter((p) => p.kind === 'array').forEach((p, k) => {
    entries.push({ binding: bindings.arrays[k]!, visibility: GPUShaderStage.COMPUTE, buffer: { type: p.writes ? 'storage' : 'read-only-storage' } });
  });
  for (const b of [bindings.partials, bindings.flags]) {
    if (b !== undefined) entries.push({ binding: b, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
  }
  for (const m of bindings.masks ?? []) if (m !== undefined) entries.push({ binding: m, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
  for (const v of bindings.vectors ?? []) entries.push({ binding: v, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
  // Shader errors surface as validation errors too; the scope keeps Dawn from printing them as uncaptured.
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: shader.code, label: spec.name });
  const info = await module.getCompilationInfo();
  const moduleError = await device.popErrorScope();
  if (info.messages.some((m) => m.type === 'error')) throw mapCompileError(spec, shader, info.messages);
  if (moduleError) throw new GpuCompileError(`gpu: kernel '${spec.name}': ${moduleError.message}`, shader.code);
  device.pushErrorScope('validation');
  const layout = device.createBindGroupLayout({ entries });
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({
      label: spec.name,
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
  } catch (error) {
    await device.popErrorScope();
    throw new GpuCompileError(`gpu: kernel '${spec.name}' cannot be made a compute pipeline: ${(error as Error).message}`, shader.code);
  }
  const layoutError = await device.popErrorScope();
  if (layoutError) throw new GpuCompileError(`gpu: kernel '${spec.name}': ${layoutError.message}`, shader.code);
  return { pipeline, layout };
}

/**
 * The pipeline of `shader` on `handle`'s device, compiled on first use; a failed compile is not cached.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { assembleShader } from '../wgsl/shader.js';
 * import { acquireDevice } from './device.js';
 * import { pipelineFor } from './pipeline.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * const handle = await acquireDevice();
 * const compiled = await pipelineFor(handle, spec, assembleShader(spec, 256));
 * // The same shader on the same device: the cached pipeline, no second compile.
 * console.log((await pipelineFor(handle, spec, assembleShader(spec, 256))) === compiled); // true
 * ```
 */
export function pipelineFor(handle: DeviceHandle, spec: KernelSpec, shader: AssembledShader): Promise<CompiledPipeline> {
  let cache = pipelines.get(handle.device);
  if (!cache) pipelines.set(handle.device, (cache = new Map()));
  let entry = cache.get(shader.code);
  if (!entry) {
    entry = compilePipeline(handle, spec, shader);
    cache.set(shader.code, entry);
    // A failed compile is not cached: the error is reported on every launch, not once.
    entry.catch(() => cache.delete(shader.code));
  }
  return entry;
}
