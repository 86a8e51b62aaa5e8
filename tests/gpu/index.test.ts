// src/gpu/index.ts (numbat/gpu): the decorator, device arrays, device control, the launch errors and defaults,
// each the defining module's own object and nothing more (no compiler or runtime internals); what the package
// root re-exports from it is the same object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBarrel } from '../_support/barrel.js';
import * as entry from '../../src/gpu/index.js';
import * as root from '../../src/index.js';
import * as gpuModule from '../../src/gpu/gpu.js';
import * as array from '../../src/gpu/runtime/array.js';
import * as device from '../../src/gpu/runtime/device.js';
import * as errors from '../../src/gpu/runtime/errors.js';
import * as options from '../../src/gpu/runtime/options.js';
import * as generate from '../../src/gpu/wgsl/generate.js';

test('numbat/gpu exports exactly its documented names, each the defining module\'s own object', () => {
  assertBarrel(entry, [
    [gpuModule, ['gpu']],
    [array, ['DeviceArray', 'toDevice', 'deviceZeros']],
    [device, ['gpuInfo', 'gpuAvailable', 'releaseDevice', 'setIdleRelease', 'GpuUnavailableError', 'GpuDeviceLostError', 'GPU_ENV']],
    [errors, ['GpuCompileError', 'GpuLaunchError', 'GpuOutOfBoundsError', 'GpuTimeoutError', 'GpuLoopLimitError', 'GpuRangeError']],
    [options, ['DEFAULT_LAUNCH_TIMEOUT', 'DEFAULT_MAX_LOOP_ITERATIONS']],
    [generate, ['GpuUnsupportedError']],
  ]);
});

test('what the root re-exports from numbat/gpu is the same object; internals stay out of both', () => {
  const shared = Object.keys(entry).filter((name) => name in root);
  assert.ok(shared.includes('gpu') && shared.includes('DeviceArray') && shared.includes('GpuUnsupportedError'));
  for (const name of shared) assert.equal((root as Record<string, unknown>)[name], (entry as Record<string, unknown>)[name], name);
  for (const name of ['WgslKernel', 'generateWgsl', 'assembleShader', 'acquireDevice', 'pipelineFor', 'philox4x32', 'DEFAULT_WORKGROUP_SIZE']) {
    assert.ok(!(name in entry), `${name} leaked into numbat/gpu`);
    assert.ok(!(name in root), `${name} leaked into the package root`);
  }
});
