// packUniforms of src/gpu/runtime/uniforms.ts, without a device. The layout is checked against the WGSL spec's
// rules for the uniform address space, applied by hand to the struct the shader declares (assembleShader): every
// member here is u32, i32 or f32 (AlignOf 4, SizeOf 4), so member k sits at roundUp(4, end of member k-1) = 4k; the
// struct's size is roundUp(AlignOf, end of last member), and the binding size must cover it (and is kept a multiple
// of 16). Each word is then checked by field name against values worked out by hand: the dispatch's own fields per
// slot, the launch fields, the reduction's identity bits, array lengths (halved for host f64 pairs, rows and cols
// for 2-D arrays), scalars as their 32-bit patterns. Slots are spaced at the offset alignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelParam, KernelSpec } from '../../../src/gpu/abi.js';
import type { Dispatch, LaunchPlan } from '../../../src/gpu/runtime/plan.js';
import { DeviceArray } from '../../../src/gpu/runtime/array.js';
import { packHostArgs } from '../../../src/gpu/runtime/host.js';
import { assembleShader } from '../../../src/gpu/wgsl/shader.js';
import { packUniforms, type LaunchFields } from '../../../src/gpu/runtime/uniforms.js';

/** The IEEE-754 binary32 bit pattern of `v` (rounded to nearest), read through a DataView. */
function f32bits(v: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v, true);
  return view.getUint32(0, true);
}

/** WGSL AlignOf and SizeOf of the scalar types a uniform struct may hold (WGSL § memory layout, by hand). */
const LAYOUT: Record<string, { align: number; size: number }> = { u32: { align: 4, size: 4 }, i32: { align: 4, size: 4 }, f32: { align: 4, size: 4 } };
const roundUp = (k: number, n: number): number => Math.ceil(n / k) * k;

/** The members of `struct NumbatParams` in the shader, with offsets by the WGSL rules, and the struct's size. */
function structLayout(spec: KernelSpec): { members: Array<{ name: string; offset: number }>; size: number } {
  const code = assembleShader(spec, 64).code ?? '';
  const body = /struct NumbatParams \{([^}]*)\}/.exec(code)![1]!;
  const members: Array<{ name: string; offset: number }> = [];
  let end = 0;
  let align = 1;
  for (const m of body.matchAll(/(\w+)\s*:\s*(\w+)\s*,/g)) {
    const l = LAYOUT[m[2]!];
    assert.ok(l, `member ${m[1]} has type ${m[2]}, outside this table`);
    const offset = roundUp(l.align, end);
    members.push({ name: m[1]!, offset });
    end = offset + l.size;
    align = Math.max(align, l.align);
  }
  return { members, size: roundUp(align, end) };
}

const dispatch = (over: Partial<Dispatch>): Dispatch => ({ start: 0, end: 0, base: 0, bindLength: 0, origin: [0, 0, 0], groups: [1, 1, 1], partialBase: 0, ...over });
const plan = (dispatches: Dispatch[], mode: LaunchPlan['mode'] = 'linear'): LaunchPlan => ({ mode, workgroup: [64, 1, 1], dispatches, partials: 0, split: false });
const fields = (over: Partial<LaunchFields> = {}): LaunchFields => ({ extent: [10, 1, 1], seedLo: 0, seedHi: 0, launch: 0, maxIters: 2 ** 31, ...over });
const kernel = (params: KernelParam[], over: Partial<KernelSpec> = {}): KernelSpec => ({ name: 'k', grid: 1, usesRandom: false, params, body: 'fn numbat_kernel(i: i32) { }', ...over });

const xs: KernelParam = { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true };
const a: KernelParam = { kind: 'scalar', name: 'a', type: 'f32' };

test('every field of a slot sits where the WGSL uniform layout of the shader\'s struct puts it, with its value', () => {
  const spec = kernel([
    xs, a,
    { kind: 'scalar', name: 'n', type: 'i32' },
    { kind: 'scalar', name: 'u', type: 'u32' },
    { kind: 'scalar', name: 'on', type: 'bool' },
    { kind: 'scalar', name: 'd', type: 'df' },
    { kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'nested' },
  ]);
  const { args } = packHostArgs(spec, [new Float32Array(10), 2.5, -1, 4294967295, true, 0.1, [[1, 2, 3], [4, 5, 6]]]);
  const p = plan([dispatch({ start: 0, end: 6, base: 0 }), dispatch({ start: 6, end: 10, base: 4, partialBase: 2, origin: [1, 2, 3] })]);
  const u = packUniforms(spec, p, args, fields({ seedLo: 0xdeadbeef, seedHi: 7, launch: 3 }), 256);
  const layout = structLayout(spec);
  // 16 fixed + len_xs, s_a, s_n, s_u, s_on, s_d, s_d_lo, len_m, rows_m, cols_m = 26 members of 4 bytes.
  assert.equal(layout.members.length, 26);
  assert.deepEqual(layout.members.map((m) => m.offset), Array.from({ length: 26 }, (_, k) => 4 * k));
  assert.equal(layout.size, 104);
  assert.equal(u.size, 112, 'the binding size: 104 rounded up to 16');
  assert.ok(u.size >= layout.size && u.size % 16 === 0);
  assert.equal(u.slot, 256);
  assert.equal(u.data.byteLength, 512, 'two slots');
  const common = {
    identity: 0, seed_lo: 0xdeadbeef, seed_hi: 7, launch: 3, nx: 10, ny: 1, nz: 1, max_iters: 0x80000000, zero: 0,
    len_xs: 10, s_a: 0x40200000, s_n: 0xffffffff, s_u: 0xffffffff, s_on: 1,
    s_d: 0x3dcccccd, s_d_lo: f32bits(0.1 - 0.100000001490116119384765625), len_m: 6, rows_m: 2, cols_m: 3,
  };
  const expected = [
    { ...common, start: 0, end: 6, base: 0, partial_base: 0, ox: 0, oy: 0, oz: 0 },
    { ...common, start: 6, end: 10, base: 4, partial_base: 2, ox: 1, oy: 2, oz: 3 },
  ];
  expected.forEach((want, s) => {
    const words = new DataView(u.data.buffer, s * u.slot, u.slot);
    for (const m of layout.members) {
      assert.equal(words.getUint32(m.offset, true), want[m.name as keyof typeof want], `slot ${s}, ${m.name} at byte ${m.offset}`);
    }
    for (let off = layout.size; off < u.slot; off += 4) assert.equal(words.getUint32(off, true), 0, `slot ${s}: padding at ${off} is zero`);
  });
});

test('slots are spaced at the offset alignment, one per dispatch', () => {
  const spec = kernel([xs, a]); // 18 fields: 72 bytes, binding size 80
  const args = [new Float32Array(4), 1];
  const two = plan([dispatch({ end: 2 }), dispatch({ start: 2, end: 4 })]);
  for (const [alignment, slot] of [[256, 256], [64, 128], [16, 80], [32, 96]] as const) {
    const u = packUniforms(spec, two, args, fields(), alignment);
    assert.equal(u.size, 80);
    assert.equal(u.slot, slot, `alignment ${alignment}`);
    assert.equal(u.data.byteLength, 2 * slot);
    assert.equal(u.data[slot / 4], 2, 'the second slot starts with its own start');
    assert.equal(u.data[slot / 4 + 1], 4);
  }
});

test('a plan without dispatches still gets one slot, all zero', () => {
  const u = packUniforms(kernel([xs]), plan([]), [new Float32Array(3)], fields(), 256);
  assert.equal(u.data.byteLength, 256);
  assert.ok(u.data.every((w) => w === 0));
});

test('the identity word is the reduction\'s identity in the return type\'s bits', () => {
  const cases: Array<[KernelSpec['reduce'], NonNullable<KernelSpec['returns']>, number]> = [
    [undefined, 'f32', 0], // no reduction named: a sum
    ['sum', 'f32', 0],
    ['min', 'f32', 0x7f800000], // +Infinity
    ['max', 'f32', 0xff800000], // -Infinity
    ['min', 'i32', 0x7fffffff], // 2^31 - 1
    ['max', 'i32', 0x80000000], // -2^31 as a u32 word
    ['min', 'u32', 0xffffffff],
    ['max', 'u32', 0],
    ['max', 'df', 0xff800000], // the high word of a double-f32: an f32
  ];
  for (const [reduce, returns, bits] of cases) {
    const spec = kernel([xs], { returns, reduce, body: 'fn numbat_kernel(i: i32) -> f32 { return 0.0; }' });
    const u = packUniforms(spec, plan([dispatch({ end: 3 })], 'reducing'), [new Float32Array(3)], fields(), 256);
    assert.equal(u.data[4], bits, `${reduce ?? '(none)'} over ${returns}`);
  }
  assert.equal(packUniforms(kernel([xs]), plan([dispatch({})]), [new Float32Array(1)], fields(), 256).data[4], 0, 'no return: 0');
});

test('launch fields are stored as u32 words: negative numbers as their two\'s complement', () => {
  const u = packUniforms(kernel([]), plan([dispatch({})]), [], fields({ seedLo: -1, seedHi: -2, launch: 2 ** 32 + 5, extent: [640, 480, 2] }), 16);
  assert.equal(u.size, 64, 'sixteen fixed words: exactly 64 bytes');
  assert.deepEqual([...u.data.subarray(5, 11)], [0xffffffff, 0xfffffffe, 5, 640, 480, 2]);
});

test('scalars: f32 rounded to its nearest bits, i32 as two\'s complement, bool as 0 or 1', () => {
  const spec = kernel([a, { kind: 'scalar', name: 'n', type: 'i32' }, { kind: 'scalar', name: 'b', type: 'bool' }]);
  const words = (args: unknown[]) => [...packUniforms(spec, plan([dispatch({})]), args, fields(), 256).data.subarray(16, 19)];
  assert.deepEqual(words([0.1, -2147483648, false]), [0x3dcccccd, 0x80000000, 0]);
  assert.deepEqual(words([-0, 2147483647, 1]), [0x80000000, 0x7fffffff, 1]);
  assert.deepEqual(words([Infinity, 0, 0]), [0x7f800000, 0, 0]);
  assert.equal(words([Number.NaN, 0, 0])[0]! & 0x7f800000, 0x7f800000, 'NaN: all exponent bits set');
  assert.notEqual(words([Number.NaN, 0, 0])[0]! & 0x007fffff, 0, 'NaN: a nonzero mantissa');
});

test('a df scalar is its nearest f32 and the nearest f32 to the rest; an infinite one has a zero low word', () => {
  const spec = kernel([{ kind: 'scalar', name: 'd', type: 'df' }]);
  const words = (v: number) => [...packUniforms(spec, plan([dispatch({})]), [v], fields(), 256).data.subarray(16, 18)];
  // 1 + 2^-30: f32 keeps 24 bits, so the high word is 1.0 and the low word carries 2^-30 exactly.
  assert.deepEqual(words(1 + 2 ** -30), [0x3f800000, f32bits(2 ** -30)]);
  assert.equal(f32bits(2 ** -30), (127 - 30) << 23, '2^-30 as f32: biased exponent 97, zero mantissa');
  assert.deepEqual(words(0.5), [0x3f000000, 0], 'exact in f32: no low part');
  assert.deepEqual(words(1e300), [0x7f800000, 0], 'beyond f32: +Infinity, low 0');
});

test('array lengths: a DeviceArray\'s length, host f64 pairs halved, 2-D arrays with their rows and columns', () => {
  const pairs: KernelParam = { kind: 'array', name: 'p', element: 'f32', writes: false, elementwise: true, pairs: true };
  const spec = kernel([xs, pairs]);
  const host = packHostArgs(spec, [new Float32Array(7), new Float64Array([1.5, 2.5, 3.5])]).args;
  assert.equal((host[1] as Float32Array).length, 6, 'three (hi, lo) pairs');
  const one = plan([dispatch({})]);
  assert.deepEqual([...packUniforms(spec, one, host, fields(), 256).data.subarray(16, 18)], [7, 3]);
  const onDevice = [new DeviceArray(new Float32Array(9)), new DeviceArray(new Float64Array(4))];
  assert.deepEqual([...packUniforms(spec, one, onDevice, fields(), 256).data.subarray(16, 18)], [9, 4], 'a DeviceArray counts elements, f64 too');
  const matrix: KernelParam = { kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'nested' };
  const mspec = kernel([matrix]);
  const packed = packHostArgs(mspec, [[[1, 2], [3, 4], [5, 6], [7, 8]]]).args;
  assert.deepEqual([...packUniforms(mspec, one, packed, fields(), 256).data.subarray(16, 19)], [8, 4, 2]);
});

test('a 2-D argument that was not packed on the host is an internal error naming the parameter', () => {
  const matrix: KernelParam = { kind: 'array', name: 'grid', element: 'f32', writes: false, elementwise: false, matrix: 'array2d' };
  assert.throws(() => packUniforms(kernel([matrix]), plan([dispatch({})]), [new Float32Array(4)], fields(), 256), {
    name: 'TypeError',
    message: "gpu: internal error: the 2-D argument 'grid' was not packed",
  });
});
