// src/gpu/runtime/pipeline.ts: shader modules and compute pipelines, one per shader text and device. Checked on
// lavapipe: the same shader text gives the same pipeline (the same promise), another text another; a shader that
// does not compile rejects with a GpuCompileError located at the kernel's source line when the error is in the
// body, "runtime preamble: a numbat bug" when it is not, every error line listed; a failed compile is not cached
// (the next launch reports it again rather than a stale promise); the layout has a binding per array, readable
// or writable as the kernel uses it (a launch binding buffers by it succeeds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { acquireDevice } from '../../../src/gpu/runtime/device.js';
import { pipelineFor } from '../../../src/gpu/runtime/pipeline.js';
import { assembleShader } from '../../../src/gpu/wgsl/shader.js';
import { GpuCompileError } from '../../../src/gpu/runtime/errors.js';
import { WgslKernel, type KernelSpec } from '../../../src/internals.js';

const spec = (name: string, body: string, extra: Partial<KernelSpec> = {}): KernelSpec => ({
  name, grid: 1, usesRandom: false, body,
  params: [
    { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true },
    { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true },
  ],
  ...extra,
});

test('one pipeline per shader text and device, shared by every launch asking for it', { skip: noAdapter }, async () => {
  const handle = await acquireDevice();
  const s = spec('twice', 'fn numbat_kernel(i: i32) { a_out[numbat_li] = 2.0 * a_xs[numbat_li]; }');
  const a = pipelineFor(handle, s, assembleShader(s, 64));
  const b = pipelineFor(handle, s, assembleShader(s, 64));
  assert.equal(a, b, 'the same promise for the same text');
  const c = pipelineFor(handle, s, assembleShader(s, 32));
  assert.notEqual(a, c, 'another workgroup size is another text');
  const [pa, pc] = await Promise.all([a, c]);
  assert.notEqual(pa.pipeline, pc.pipeline);
  const out = new Float32Array(3);
  await new WgslKernel(s).launch(3, [out, Float32Array.from([1, 2, 3])]);
  assert.deepEqual([...out], [2, 4, 6], 'the layout binds a writable out and a read-only xs');
});

test('a body that does not compile is located at the kernel\'s line; the failure is not cached', { skip: noAdapter }, async () => {
  const handle = await acquireDevice();
  const s = spec('broken', 'fn numbat_kernel(i: i32) {\n  let y = 1.0;\n  a_out[numbat_li] = y * nope;\n}', {
    locate: (line) => ({ file: 'broken.ts', line: 10 + line, column: 3, text: 'out[i] = y * nope' }),
  });
  const shader = assembleShader(s, 64);
  const first = pipelineFor(handle, s, shader);
  await assert.rejects(first, (e: unknown) => {
    assert.ok(e instanceof GpuCompileError);
    assert.equal(e.sourceLine, 12, 'body line 2 (0-based) of the kernel, as locate maps it');
    assert.match(e.message, /the WGSL for kernel 'broken' does not compile, at broken\.ts:12:3/);
    assert.match(e.message, /WGSL line \d+: a_out\[numbat_li\] = y \* nope;/);
    assert.equal(e.wgsl, shader.code, 'the whole shader travels with the error');
    return true;
  });
  const second = pipelineFor(handle, s, shader);
  assert.notEqual(second, first, 'compiled again, not a cached rejection');
  await assert.rejects(second, GpuCompileError);
});

test('an error outside the body is reported as numbat\'s, at the generated line', { skip: noAdapter }, async () => {
  const handle = await acquireDevice();
  const s = spec('preamble', 'fn numbat_kernel(i: i32) { a_out[numbat_li] = a_xs[numbat_li]; }');
  const shader = assembleShader(s, 64);
  // Break the code after the body (the entry point), keeping the body intact.
  const code = shader.code.replace('fn main(', 'fn main(bogus: nope, ');
  await assert.rejects(pipelineFor(handle, s, { ...shader, code }), (e: unknown) =>
    e instanceof GpuCompileError && /generated WGSL line \d+ \(runtime preamble: a numbat bug\)/.test(e.message) && e.sourceLine === undefined);
});
