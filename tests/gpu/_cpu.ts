// Runs a callback with WebGPU turned off (NUMBAT_GPU=off), so @gpu kernels take their CPU fallback; the
// device is released first and the setting restored after.
import { GPU_ENV, releaseDevice } from '../../src/gpu/runtime/device.js';

export async function onCpu<T>(body: () => Promise<T>): Promise<T> {
  const before = process.env[GPU_ENV];
  process.env[GPU_ENV] = 'off';
  releaseDevice();
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env[GPU_ENV];
    else process.env[GPU_ENV] = before;
  }
}
