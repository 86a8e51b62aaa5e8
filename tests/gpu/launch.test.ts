// src/gpu/launch.ts: the old import path of the launch runtime, kept so that `numbat/internals` and existing
// imports work. Checked: each name it re-exports is the very object of its home module under gpu/runtime/, and
// the internals subpath and numbat/gpu hand out the same objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as launch from '../../src/gpu/launch.js';
import { WgslKernel } from '../../src/gpu/runtime/kernel.js';
import * as errors from '../../src/gpu/runtime/errors.js';
import * as options from '../../src/gpu/runtime/options.js';
import * as internals from '../../src/internals.js';
import * as gpuIndex from '../../src/gpu/index.js';

test('every re-export is its home module\'s object', () => {
  assert.equal(launch.WgslKernel, WgslKernel);
  for (const name of ['GpuCompileError', 'GpuLaunchError', 'GpuOutOfBoundsError', 'GpuTimeoutError', 'GpuLoopLimitError', 'GpuRangeError'] as const) {
    assert.equal(launch[name], errors[name], name);
  }
  for (const name of ['DEFAULT_LAUNCH_TIMEOUT', 'DEFAULT_MAX_LOOP_ITERATIONS', 'DEFAULT_WORKGROUP_SIZE', 'REDUCE_MAX_WORKGROUPS', 'normalizeExtent'] as const) {
    assert.equal(launch[name], options[name], name);
  }
  assert.deepEqual(Object.keys(launch).sort(), [
    'DEFAULT_LAUNCH_TIMEOUT', 'DEFAULT_MAX_LOOP_ITERATIONS', 'DEFAULT_WORKGROUP_SIZE', 'GpuCompileError', 'GpuLaunchError', 'GpuLoopLimitError',
    'GpuOutOfBoundsError', 'GpuRangeError', 'GpuTimeoutError', 'REDUCE_MAX_WORKGROUPS', 'WgslKernel', 'normalizeExtent',
  ]);
});

test('numbat/internals and numbat/gpu hand out the same objects', () => {
  assert.equal(internals.WgslKernel, WgslKernel);
  assert.equal(gpuIndex.GpuRangeError, errors.GpuRangeError);
  assert.equal(gpuIndex.DEFAULT_LAUNCH_TIMEOUT, options.DEFAULT_LAUNCH_TIMEOUT);
});
