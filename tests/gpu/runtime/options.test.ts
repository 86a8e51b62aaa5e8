// src/gpu/runtime/options.ts without a device: the documented defaults (2-minute timeout, 2^31 loop iterations,
// 256-invocation workgroups, 1024 reducing workgroups), and normalizeExtent: n, [nx, ny] or [nx, ny, nz] to three
// dimensions, its dimensionality matching the kernel's grid, non-negative integers only, and at most 2^31 - 1
// invocations in all (indices are i32), each refusal saying what to pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_LAUNCH_TIMEOUT, DEFAULT_MAX_LOOP_ITERATIONS, DEFAULT_WORKGROUP_SIZE, REDUCE_MAX_WORKGROUPS, normalizeExtent,
} from '../../../src/gpu/runtime/options.js';

test('the documented defaults', () => {
  assert.equal(DEFAULT_LAUNCH_TIMEOUT, 2 * 60 * 1000, 'two minutes, in ms');
  assert.equal(DEFAULT_MAX_LOOP_ITERATIONS, 2147483648);
  assert.equal(DEFAULT_WORKGROUP_SIZE, 256);
  assert.equal(REDUCE_MAX_WORKGROUPS * 4, 4096, 'f32 partials read back at most');
});

test('normalizeExtent fills the missing dimensions with 1', () => {
  assert.deepEqual(normalizeExtent(1000, 1, 'scale'), [1000, 1, 1]);
  assert.deepEqual(normalizeExtent([640, 480], 2, 'blur'), [640, 480, 1]);
  assert.deepEqual(normalizeExtent([64, 32, 8], 3, 'vol'), [64, 32, 8]);
  assert.deepEqual(normalizeExtent(0, 1, 'scale'), [0, 1, 1], 'an empty launch');
  assert.deepEqual(normalizeExtent([640, 0], 2, 'blur'), [640, 0, 1]);
});

test('normalizeExtent returns a fresh array, not the caller\'s', () => {
  const extent = [4, 5, 6] as const;
  const out = normalizeExtent(extent, 3, 'vol');
  assert.notEqual(out, extent);
  out[0] = 99;
  assert.deepEqual(extent, [4, 5, 6]);
});

test('the extent\'s dimensionality must be the grid\'s, and the message says how to launch', () => {
  assert.throws(() => normalizeExtent(1000, 2, 'blur'), {
    name: 'TypeError',
    message: "gpu: kernel 'blur' has a 2-D grid (its first 2 parameters are indices); launch it with [nx, ny], got 1000",
  });
  assert.throws(() => normalizeExtent([10, 10], 1, 'scale'), {
    message: "gpu: kernel 'scale' has a 1-D grid (its first 1 parameter is the index); launch it with n, got [10,10]",
  });
  assert.throws(() => normalizeExtent([1, 2] as unknown as [number, number, number], 3, 'vol'), {
    message: "gpu: kernel 'vol' has a 3-D grid (its first 3 parameters are indices); launch it with [nx, ny, nz], got [1,2]",
  });
});

test('dimensions must be non-negative integers', () => {
  for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
    assert.throws(() => normalizeExtent(bad, 1, 'k'), { name: 'RangeError', message: /^gpu: launch extent must be non-negative integers, got / }, String(bad));
  }
  assert.throws(() => normalizeExtent([4, -2], 2, 'k'), { name: 'RangeError', message: 'gpu: launch extent must be non-negative integers, got [4,-2]' });
  assert.throws(() => normalizeExtent([4, 2, 0.5], 3, 'k'), RangeError);
});

test('at most 2^31 - 1 invocations in all', () => {
  assert.deepEqual(normalizeExtent(0x7fffffff, 1, 'k'), [2147483647, 1, 1], 'exactly the limit');
  assert.deepEqual(normalizeExtent([65535, 32768], 2, 'k'), [65535, 32768, 1], '2^31 - 2^15: within');
  assert.throws(() => normalizeExtent(2 ** 31, 1, 'k'), {
    name: 'RangeError', message: 'gpu: a launch has at most 2^31-1 invocations (indices are i32), got 2147483648',
  });
  assert.throws(() => normalizeExtent([65536, 32768], 2, 'k'), { message: /got 2147483648$/ }, '2^16 · 2^15 = 2^31');
  assert.throws(() => normalizeExtent([2048, 1024, 1024], 3, 'k'), { message: /got 2147483648$/ });
});
