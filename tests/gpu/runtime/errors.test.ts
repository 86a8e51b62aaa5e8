// The launch errors of src/gpu/runtime/errors.ts, without a device: each is a GpuLaunchError (one catch takes
// them all), carries its name and data, and its message says what happened and what to do. GpuRangeError's
// message names the f64-emulated case only for f64-emulated kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GpuCompileError, GpuLaunchError, GpuLoopLimitError, GpuOutOfBoundsError, GpuRangeError, GpuTimeoutError } from '../../../src/gpu/runtime/errors.js';

test('every launch error is a GpuLaunchError with its own name and data', () => {
  const errors = [
    new GpuOutOfBoundsError('k', ['ids']),
    new GpuTimeoutError('k', 500),
    new GpuLoopLimitError('k', 2 ** 31),
    new GpuRangeError('k', false),
  ];
  assert.deepEqual(errors.map((e) => e.name), ['GpuOutOfBoundsError', 'GpuTimeoutError', 'GpuLoopLimitError', 'GpuRangeError']);
  for (const e of errors) {
    assert.ok(e instanceof GpuLaunchError && e instanceof Error);
    assert.match(e.message, /^gpu: .*kernel 'k'/);
  }
  assert.equal((errors[1] as GpuTimeoutError).timeout, 500);
  assert.equal((errors[2] as GpuLoopLimitError).limit, 2 ** 31);
  assert.deepEqual((errors[0] as GpuOutOfBoundsError).arrays, ['ids']);
});

test('GpuOutOfBoundsError tells 1-D reads from 2-D arrays used outside their rows and columns', () => {
  const flat = new GpuOutOfBoundsError('gather', ['ids']);
  assert.match(flat.message, /read 'ids' out of bounds and used the element as an integer/);
  assert.match(flat.message, /k < xs\.length \? xs\[k\] : 0/);
  assert.doesNotMatch(flat.message, /rows and columns/);
  const both = new GpuOutOfBoundsError('mix', ['ids', 'm'], ['m']);
  assert.match(both.message, /read 'ids' out of bounds/);
  assert.match(both.message, /used the 2-D array 'm' outside its rows and columns/);
  assert.match(both.message, /; and /);
});

test('GpuRangeError names the f64-emulated range only for f64-emulated kernels, and always the way out', () => {
  const ints = new GpuRangeError('square', false);
  assert.match(ints.message, /an integer past 2\^53/);
  assert.doesNotMatch(ints.message, /exponent range/);
  assert.match(ints.message, /Math\.imul/);
  assert.match(ints.message, /NUMBAT_GPU=off/);
  const df = new GpuRangeError('dfMul', true);
  assert.match(df.message, /past f32's exponent range \(about 3\.4e38\)/);
});

test('GpuCompileError keeps the shader and the source line it maps to', () => {
  const e = new GpuCompileError('bad', 'fn main() {}', 12);
  assert.equal(e.name, 'GpuCompileError');
  assert.equal(e.wgsl, 'fn main() {}');
  assert.equal(e.sourceLine, 12);
  assert.ok(!(e instanceof GpuLaunchError), 'a compile error is not a launch error');
});
