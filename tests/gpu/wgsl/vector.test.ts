// src/gpu/wgsl/vector.ts: the vec4 reducing entry and the body's side of its lane arrays, as WGSL text. Checked
// without a device (the entry's results against the scalar entry on lavapipe are tests/gpu/vector.test.ts):
// one read-only vec4 binding per lane array at the numbers given, of the element's WGSL type; laneParams in
// laneReads order, and an error naming a lane that is not an array parameter; the lane readers (raw, as f32 for
// integers, checked only when asked); the entry loads both quads of every lane array before using any, combines
// the four accumulators as (acc0 ⊕ acc1) ⊕ (acc2 ⊕ acc3), handles the n mod 4 tail, and ends in the given tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArrayParam, KernelSpec } from '../../../src/gpu/abi.js';
import { laneFunctions, laneParams, vectorBindings, vectorReducingEntry } from '../../../src/gpu/wgsl/vector.js';
import { reductionRule } from '../../../src/gpu/reduction.js';

const lane = (name: string, element: ArrayParam['element']): ArrayParam => ({ kind: 'array', name, element, writes: false, elementwise: true });
const dot: KernelSpec = {
  name: 'dot', grid: 1, usesRandom: false, body: '', returns: 'f32', laneReads: ['b', 'a'],
  params: [lane('a', 'f32'), lane('b', 'f32'), { kind: 'scalar', name: 's', type: 'f32' }],
};

test('one read-only vec4 binding per lane, of its element type, at the given numbers', () => {
  assert.deepEqual(vectorBindings([lane('xs', 'f32'), lane('ids', 'i32'), lane('us', 'u32')], [5, 6, 7]), [
    '@group(0) @binding(5) var<storage, read> numbat_v4_xs: array<vec4<f32>>;',
    '@group(0) @binding(6) var<storage, read> numbat_v4_ids: array<vec4<i32>>;',
    '@group(0) @binding(7) var<storage, read> numbat_v4_us: array<vec4<u32>>;',
  ]);
});

test('laneParams follows laneReads; a lane that is not an array parameter is an error naming it', () => {
  assert.deepEqual(laneParams(dot).map((p) => p.name), ['b', 'a']);
  assert.deepEqual(laneParams({ ...dot, laneReads: undefined }), []);
  assert.throws(() => laneParams({ ...dot, laneReads: ['s'] }), /laneReads names 's', which is not an array parameter of kernel 'dot'/);
});

test('lane readers: raw always, as f32 for integer elements, checked only when asked', () => {
  const f = laneFunctions(lane('xs', 'f32'), false);
  assert.deepEqual(f, [
    'var<private> numbat_vl_xs: f32;',
    'fn numbat_own_xs() -> f32 { if (numbat_vec) { return numbat_vl_xs; } return numbat_ld_xs(numbat_li); }',
  ]);
  const i = laneFunctions(lane('ids', 'i32'), true);
  assert.equal(i.length, 4);
  assert.ok(i.includes('fn numbat_ownf_ids() -> f32 { if (numbat_vec) { return f32(numbat_vl_ids); } return numbat_ldf_ids(numbat_li); }'));
  assert.ok(i.includes('fn numbat_ownc_ids() -> i32 { if (numbat_vec) { return numbat_vl_ids; } return numbat_ldc_ids(numbat_li); }'));
});

test('the entry: both quads of each lane loaded before use, four accumulators in a fixed order, the tail, the tree', () => {
  const rule = reductionRule('sum', 'f32');
  const lines = vectorReducingEntry(dot, rule, 64, ['  TREE'], 'SEED;');
  const body = lines.join('\n');
  assert.ok(lines[0]!.startsWith('var<workgroup> numbat_red: array<'));
  assert.ok(body.includes('@compute @workgroup_size(64)'));
  // In the main loop every load (u_ then v_ of each lane) comes before the first element's kernel call.
  const loop = body.slice(body.indexOf('  loop {'), body.indexOf('    q += 2u * stride;'));
  const firstCall = loop.indexOf('numbat_kernel(');
  for (const load of ['let u_b = numbat_v4_b[q];', 'let u_a = numbat_v4_a[q];', 'let v_b = numbat_v4_b[q + stride];', 'let v_a = numbat_v4_a[q + stride];']) {
    const at = loop.indexOf(load);
    assert.ok(at >= 0 && at < firstCall, `${load} before the first use`);
  }
  // Eight elements per loop step: lanes x, y, z, w of two quads, each into its own accumulator.
  assert.equal((loop.match(/numbat_kernel\(/g) ?? []).length, 8);
  for (const c of ['x', 'y', 'z', 'w']) assert.ok(loop.includes(`numbat_vl_a = u_a.${c};`) && loop.includes(`numbat_vl_a = v_a.${c};`), c);
  assert.ok(body.includes(`var acc: ${rule.accumulator} = ${rule.combine(rule.combine('acc0', 'acc1'), rule.combine('acc2', 'acc3'))};`));
  assert.ok(body.includes('if (t < 4u && quads * 4u + t < n) {'), 'the n mod 4 tail, one element per invocation t < 4');
  assert.ok(body.includes('SEED;'), 'the per-element set-up of the scalar entry');
  assert.ok(lines.at(-2) === '  TREE' && lines.at(-1) === '}', 'ends in the given tree');
});
