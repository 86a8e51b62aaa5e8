// src/gpu/runtime/uniforms.ts: one launch's uniform words, one slot per dispatch. Checked by hand against the
// shader's struct (abi.ts's FIXED_UNIFORMS, then each parameter's words in order) and WGSL's uniform layout: all
// fields are 4-byte scalars, so field k is at byte 4k; the struct's size is rounded up to 16 (a structure in the
// uniform address space has an alignment and a size that are multiples of 16); each dispatch's slot starts at a
// multiple of the device's minUniformBufferOffsetAlignment. Words: f32 scalars as their f32 bits, i32 two's
// complement, bools 0/1, f64-emulated scalars as (hi, lo) f32 words summing to the double, arrays their length,
// 2-D arrays (length, rows, cols), host pairs their element count; the reduction's identity; per-dispatch ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXED_UNIFORMS, type KernelSpec } from '../../../src/gpu/abi.js';
import type { LaunchPlan } from '../../../src/gpu/runtime/plan.js';
import { packUniforms } from '../../../src/gpu/runtime/uniforms.js';
import { toDevice } from '../../../src/gpu/runtime/array.js';
import { packHostArgs } from '../../../src/gpu/runtime/host.js';
import { Array2D } from '../../../src/index.js';

const f32Bits = (v: number): number => new Uint32Array(new Float32Array([v]).buffer)[0]!;
const wordsAsF32 = (w: number): number => new Float32Array(new Uint32Array([w]).buffer)[0]!;

const plan = (dispatches: Array<{ start: number; end: number; base: number; partialBase?: number }>): LaunchPlan => ({
  mode: 'linear', workgroup: [64, 1, 1], partials: 0, split: false,
  dispatches: dispatches.map((d) => ({ ...d, bindLength: d.end - d.base, origin: [0, 0, 0], groups: [1, 1, 1], partialBase: d.partialBase ?? 0 })),
});
const fields = { extent: [1000, 1, 1] as const, seedLo: 0xdeadbeef, seedHi: 7, launch: 3, maxIters: 2 ** 31 };
const F = FIXED_UNIFORMS.length;
const at = (name: (typeof FIXED_UNIFORMS)[number]): number => FIXED_UNIFORMS.indexOf(name);

test('fixed words then each parameter\'s, in the shader struct\'s order', () => {
  const spec: KernelSpec = {
    name: 'k', grid: 1, usesRandom: true, body: '',
    params: [
      { kind: 'scalar', name: 'a', type: 'f32' },
      { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true },
      { kind: 'scalar', name: 'n', type: 'i32' },
      { kind: 'scalar', name: 'on', type: 'bool' },
      { kind: 'scalar', name: 'u', type: 'u32' },
    ],
  };
  const { data, slot, size } = packUniforms(spec, plan([{ start: 0, end: 1000, base: 0 }]), [0.1, new Float32Array(1000), -5, true, 2 ** 32 - 1], fields, 256);
  assert.equal(size, Math.ceil((F + 5) * 4 / 16) * 16, 'the struct, rounded up to 16 bytes');
  assert.equal(size % 16, 0);
  assert.equal(slot, 256);
  assert.equal(data.length, slot / 4);
  assert.equal(data[at('start')], 0);
  assert.equal(data[at('end')], 1000);
  assert.equal(data[at('seed_lo')], 0xdeadbeef);
  assert.equal(data[at('seed_hi')], 7);
  assert.equal(data[at('launch')], 3);
  assert.equal(data[at('nx')], 1000);
  assert.equal(data[at('ny')], 1);
  assert.equal(data[at('max_iters')], 2 ** 31);
  assert.equal(data[at('zero')], 0);
  assert.equal(data[at('identity')], 0, 'no reduction');
  assert.deepEqual([...data.slice(F, F + 5)], [f32Bits(0.1), 1000, 2 ** 32 - 5, 1, 2 ** 32 - 1]);
  assert.ok(data.slice(F + 5).every((w) => w === 0), 'the rest of the slot is zero');
});

test('one slot per dispatch at the offset alignment, each with its own range and the same parameter words', () => {
  const spec: KernelSpec = { name: 'k', grid: 1, usesRandom: false, body: '', params: [{ kind: 'scalar', name: 'a', type: 'f32' }] };
  const { data, slot } = packUniforms(spec, plan([{ start: 0, end: 600, base: 0 }, { start: 600, end: 1000, base: 512 }]), [2.5], fields, 64);
  assert.equal(slot, 128, 'the 68-byte struct rounds to 80, then to a multiple of 64');
  assert.equal(data.length, 2 * 32);
  const second = slot / 4;
  assert.deepEqual([data[at('start')], data[at('end')], data[at('base')]], [0, 600, 0]);
  assert.deepEqual([data[second + at('start')], data[second + at('end')], data[second + at('base')]], [600, 1000, 512]);
  assert.equal(data[F], f32Bits(2.5));
  assert.equal(data[second + F], f32Bits(2.5));
});

test('f64-emulated scalars are two f32 words summing to the double; pairs count elements; 2-D arrays give rows and cols', () => {
  const spec: KernelSpec = {
    name: 'k', grid: 1, usesRandom: false, body: '',
    params: [
      { kind: 'scalar', name: 'x', type: 'df' },
      { kind: 'array', name: 'ys', element: 'f32', writes: false, elementwise: true, pairs: true },
      { kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'array2d' },
      { kind: 'array', name: 'zs', element: 'f32', writes: false, elementwise: true, pairs: true },
    ],
  };
  const m = new Array2D(3, 5);
  const host = packHostArgs(spec, [Math.PI, new Float64Array(7), m, toDevice(new Float64Array(4))]);
  const { data } = packUniforms(spec, plan([{ start: 0, end: 1, base: 0 }]), host.args, fields, 256);
  const [hi, lo] = [wordsAsF32(data[F]!), wordsAsF32(data[F + 1]!)];
  assert.equal(hi, Math.fround(Math.PI), 'the high word is the nearest f32');
  assert.equal(lo, Math.fround(Math.PI - hi), 'the low word the nearest f32 to the rest');
  assert.ok(Math.abs(hi + lo - Math.PI) < 2 ** -45, 'together about 48 bits of the double');
  assert.equal(data[F + 2], 7, 'a host Float64Array of 7, packed as 14 f32 words: 7 elements');
  assert.deepEqual([...data.slice(F + 3, F + 6)], [15, 3, 5], 'length, rows, cols');
  assert.equal(data[F + 6], 4, 'a Float64Array device array: its elements');
});

test('a reduction\'s identity word', () => {
  const base = { grid: 1 as const, usesRandom: false, body: '', params: [] };
  const word = (spec: KernelSpec): number => packUniforms(spec, plan([{ start: 0, end: 1, base: 0 }]), [], fields, 256).data[at('identity')]!;
  assert.equal(word({ ...base, name: 's', returns: 'f32', reduce: 'sum' }), 0);
  assert.equal(word({ ...base, name: 'mn', returns: 'f32', reduce: 'min' }), f32Bits(Infinity));
  assert.equal(word({ ...base, name: 'mx', returns: 'f32', reduce: 'max' }), f32Bits(-Infinity));
  assert.equal(word({ ...base, name: 'imn', returns: 'i32', reduce: 'min' }), 0x7fffffff, 'the largest i32');
  assert.equal(word({ ...base, name: 'imx', returns: 'i32', reduce: 'max' }), 0x80000000, 'the smallest i32, as bits');
});
