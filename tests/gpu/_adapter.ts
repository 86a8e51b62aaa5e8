// Shared by the GPU tests: a private Mesa shader cache, and an adapter check whose result tests use to skip
// with an explicit message (never to pass silently) where WebGPU has no adapter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gpuInfo, type GpuInfo } from '../../src/gpu/runtime/device.js';

if (!process.env.MESA_SHADER_CACHE_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-mesa-'));
  process.env.MESA_SHADER_CACHE_DIR = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
process.env.XDG_RUNTIME_DIR ??= '/tmp';

export const info: GpuInfo = await gpuInfo();
/** `skip` option for node:test: false with an adapter, else the reason shown in the test report. */
export const noAdapter: string | false = info.available ? false : `skipped: no WebGPU adapter (${info.reason})`;
if (noAdapter) console.warn(`[gpu tests] ${noAdapter}`);
