// The ABI derived once from a spec (binding numbers, uniform layout, reduction rules), checked without a device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingsOf, FIXED_UNIFORMS, uniformSize, type KernelSpec } from '../../src/gpu/abi.js';
import { assembleShader } from '../../src/gpu/wgsl/shader.js';
import { combineOnHost, reductionRule } from '../../src/gpu/reduction.js';

const base: KernelSpec = {
  name: 'k', grid: 1, usesRandom: false,
  params: [
    { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true },
    { kind: 'scalar', name: 'a', type: 'f32' },
    { kind: 'array', name: 'ids', element: 'i32', writes: true, elementwise: false, checkedReads: 'any-index' },
  ],
  body: 'fn numbat_kernel(i: i32) -> i32 { return 1; }',
  returns: 'i32', reduce: 'sum',
};

test('bindings: uniforms at 0, arrays in order, then partials, then flags; the shader declares the same numbers', () => {
  const b = bindingsOf(base);
  assert.deepEqual(b, { uniform: 0, arrays: [1, 2], partials: 3, flags: 4, count: 5 });
  const code = assembleShader(base, 64).code;
  assert.match(code, /@binding\(0\) var<uniform> numbat_P/);
  assert.match(code, /@binding\(1\) var<storage, read> a_xs: array<f32>/);
  assert.match(code, /@binding\(2\) var<storage, read_write> a_ids: array<i32>/);
  assert.match(code, /@binding\(3\) var<storage, read_write> numbat_partials: array<vec2u>/);
  assert.match(code, /@binding\(4\) var<storage, read_write> numbat_flags/);
  const plain = bindingsOf({ ...base, params: base.params.slice(0, 2), returns: undefined, reduce: undefined } as KernelSpec);
  assert.deepEqual(plain, { uniform: 0, arrays: [1], count: 2 });
  assert.deepEqual(bindingsOf({ ...base, params: [], returns: undefined, reduce: undefined, boundedLoops: true } as KernelSpec), { uniform: 0, arrays: [], flags: 1, count: 2 });
});

test('uniform layout: the fixed fields, then one u32-sized field per parameter, rounded to 16 bytes', () => {
  assert.equal(uniformSize(base), Math.ceil(((FIXED_UNIFORMS.length + 3) * 4) / 16) * 16);
  const code = assembleShader(base, 64).code;
  const fields = code.slice(code.indexOf('struct NumbatParams {'), code.indexOf('}')).split('\n').slice(1).map((l) => l.trim().split(':')[0]).filter((f) => f);
  assert.deepEqual(fields, [...FIXED_UNIFORMS, 'len_xs', 's_a', 'len_ids']);
});

test('reduction rules: integer sums in two words, read back exactly past 2^32; NaN-propagating float min/max', () => {
  const sum = reductionRule('sum', 'i32');
  assert.equal(sum.words, 2);
  assert.equal(sum.accumulator, 'vec2u');
  // -5e9 as two's complement 64-bit: lo word, hi word
  const v = -5e9;
  const words = new Uint32Array([Number(BigInt.asUintN(64, BigInt(v)) & 0xffffffffn), Number(BigInt.asUintN(64, BigInt(v)) >> 32n)]);
  assert.equal(sum.readPartial(words, 0), v);
  assert.equal(reductionRule('sum', 'f32').words, 1);
  assert.match(reductionRule('min', 'f32').combine('a', 'b'), /numbat_red_min/);
  assert.equal(reductionRule('max', 'i32').combine('a', 'b'), 'max(a, b)');
  assert.ok(Number.isNaN(combineOnHost('max', 1, NaN)));
  assert.equal(combineOnHost('sum', 2, 3), 5);
});

test('wgslIdent is one-to-one: x$1 and x_S1, __x and u__x, fn and fn_ stay apart', async () => {
  const { wgslIdent } = await import('../../src/gpu/abi.js');
  const names = ['x', 'x$1', 'x_S1', 'x_uS1', '__x', 'u__x', '_x', '$x', 'fn', 'fn_', 'fn_u', 'a_b', 'a$b', 'ab', 'main', 'main_', 'π', 'x$', 'x_'];
  const mapped = names.map(wgslIdent);
  assert.equal(new Set(mapped).size, names.length, mapped.join(' '));
  for (const m of mapped) {
    assert.match(m, /^[\p{XID_Start}_][\p{XID_Continue}]*$/u, m);
    assert.ok(!m.startsWith('__'), m);
  }
  assert.equal(wgslIdent('x$1'), 'x_S1');
});

test('bindings: after the flags, the masks of scattered arrays, then (vector entry only) the vec4 views of the lane arrays', () => {
  const spec: KernelSpec = {
    name: 'k', grid: 1, usesRandom: false,
    params: [
      { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true },
      { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: false, scattered: true },
      { kind: 'array', name: 'ks', element: 'i32', writes: false, elementwise: true },
    ],
    // Hand-written after the contract of KernelSpec.laneReads: the lane variables, read when numbat_vec is true.
    body: [
      'var<private> numbat_vl_xs: f32;',
      'var<private> numbat_vl_ks: i32;',
      'fn numbat_kernel(i: i32) -> f32 {',
      '  if (numbat_vec) { return numbat_vl_xs * f32(numbat_vl_ks); }',
      '  return a_xs[numbat_li] * f32(a_ks[numbat_li]);',
      '}',
    ].join('\n'),
    returns: 'f32', reduce: 'sum', laneReads: ['xs', 'ks'],
  };
  assert.deepEqual(bindingsOf(spec), { uniform: 0, arrays: [1, 2, 3], partials: 4, masks: [undefined, 5, undefined], count: 6 });
  assert.deepEqual(bindingsOf(spec, true), { uniform: 0, arrays: [1, 2, 3], partials: 4, masks: [undefined, 5, undefined], vectors: [6, 7], count: 8 });
  const scalar = assembleShader(spec, 64);
  assert.equal(scalar.vector, false);
  assert.match(scalar.code, /@binding\(5\) var<storage, read_write> numbat_wm_out: array<atomic<u32>>/);
  assert.match(scalar.code, /const numbat_vec = false;/);
  assert.doesNotMatch(scalar.code, /numbat_v4/, 'the scalar entry does not declare the vec4 views');
  const vector = assembleShader(spec, 64, true);
  assert.equal(vector.vector, true);
  assert.match(vector.code, /const numbat_vec = true;/);
  assert.match(vector.code, /@binding\(6\) var<storage, read> numbat_v4_xs: array<vec4<f32>>/);
  assert.match(vector.code, /@binding\(7\) var<storage, read> numbat_v4_ks: array<vec4<i32>>/);
});
