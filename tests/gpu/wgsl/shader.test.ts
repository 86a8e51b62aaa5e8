// src/gpu/wgsl/shader.ts: assembleShader wraps a kernel body into a whole compute shader. Checked on the text:
// the body sits at bodyFirstLine for bodyLineCount lines; the entry point is the linear one for a size, the
// tiled one for a [x, y, z] shape of a 2-D/3-D kernel that returns nothing, the reducing one for a kernel that
// returns; the uniform struct has one field per parameter word (two f32 for a df scalar); the PRNG and the
// loop budget are declared and reset per invocation only when the spec asks; `vector` only with lane reads.
// Checked on lavapipe: every variant compiles; the reducing entry's grid-stride walk over a 2-D/3-D grid (with
// a workgroup size that is not a power of two) visits each (x, y, z) exactly once; and Math.random streams are
// seeded by the linear index x + nx·y, so a 2-D tiled kernel draws what a 1-D linear one draws at that index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { assembleShader } from '../../../src/gpu/wgsl/shader.js';
import { bindingsOf, FIXED_UNIFORMS, type KernelSpec } from '../../../src/gpu/abi.js';
import { acquireDevice } from '../../../src/gpu/runtime/device.js';
import { WgslKernel } from '../../../src/internals.js';

const out = { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true } as const;
const write1 = 'fn numbat_kernel(i: i32) { a_out[numbat_li] = 1.0; }';
const spec = (extra: Partial<KernelSpec> = {}): KernelSpec => ({ name: 'k', grid: 1, usesRandom: false, params: [out], body: write1, ...extra });

const entry = (code: string): string => code.slice(code.lastIndexOf('@compute'));

test('the body sits at bodyFirstLine, bodyLineCount lines long, trailing newlines dropped', () => {
  const body = 'fn helper() -> f32 { return 2.0; }\nfn numbat_kernel(i: i32) {\n  a_out[numbat_li] = helper();\n}\n\n\n';
  const s = assembleShader(spec({ body }), 64);
  const lines = s.code.split('\n');
  assert.equal(s.bodyLineCount, 4);
  assert.equal(lines[s.bodyFirstLine - 1], 'fn helper() -> f32 { return 2.0; }');
  assert.equal(lines[s.bodyFirstLine - 1 + 3], '}');
  assert.ok(lines[s.bodyFirstLine - 1 + 4]!.startsWith('@compute'), 'the entry point follows the body at once');
  assert.ok(s.code.endsWith('}\n'));
  assert.equal(s.vector, false);
});

test('a size gives the linear entry; a shape of a 2-D or 3-D kernel the tiled one; a 1-D kernel with a shape stays linear', () => {
  const linear = entry(assembleShader(spec(), 128).code);
  assert.match(linear, /^@compute @workgroup_size\(128\)\n/);
  assert.match(linear, /let idx = numbat_P\.start \+ group \* 128u \+ lid;/);
  assert.match(linear, /numbat_kernel\(i32\(idx\)\);/);
  // A 2-D kernel launched linearly splits its index into (x, y) by nx.
  const twoLinear = entry(assembleShader(spec({ grid: 2, body: 'fn numbat_kernel(x: i32, y: i32) {}' }), 64).code);
  assert.match(twoLinear, /numbat_kernel\(i32\(idx % numbat_P\.nx\), i32\(idx \/ numbat_P\.nx\)\);/);
  const tiled2 = entry(assembleShader(spec({ grid: 2, body: 'fn numbat_kernel(x: i32, y: i32) {}' }), [16, 16, 1]).code);
  assert.match(tiled2, /^@compute @workgroup_size\(16, 16, 1\)/);
  assert.match(tiled2, /if \(x >= numbat_P\.nx \|\| y >= numbat_P\.ny\) \{ return; \}/);
  assert.match(tiled2, /let idx = x \+ numbat_P\.nx \* y;/);
  assert.doesNotMatch(tiled2, /numbat_P\.oz/, 'a 2-D tile has no z');
  const tiled3 = entry(assembleShader(spec({ grid: 3, body: 'fn numbat_kernel(x: i32, y: i32, z: i32) {}' }), [8, 8, 4]).code);
  assert.match(tiled3, /let z = numbat_P\.oz \+ gid\.z;/);
  assert.match(tiled3, /let idx = x \+ numbat_P\.nx \* \(y \+ numbat_P\.ny \* z\);/);
  assert.match(tiled3, /numbat_kernel\(i32\(x\), i32\(y\), i32\(z\)\);/);
  const oneShaped = entry(assembleShader(spec(), [4, 2, 1]).code);
  assert.match(oneShaped, /^@compute @workgroup_size\(8\)\n/, 'a 1-D kernel given a shape uses its size, linearly');
});

test('a kernel that returns gets the reducing entry, its tree sized to the workgroup, whatever the shape given', () => {
  const s = spec({ returns: 'f32', reduce: 'max', body: 'fn numbat_kernel(i: i32) -> f32 { return 1.0; }' });
  const code = assembleShader(s, 48).code;
  assert.match(code, /var<workgroup> numbat_red: array<f32, 48>;/);
  assert.match(code, /@binding\(2\) var<storage, read_write> numbat_partials: array<f32>;/);
  assert.match(code, /for \(var s = 32u; s > 0u; s >>= 1u\)/, 'the tree starts at half the next power of two');
  assert.match(code, /lid \+ s < 48u/, 'and skips the partners past a size that is not a power of two');
  assert.match(code, /numbat_partials\[numbat_P\.partial_base \+ group\] = numbat_red\[0\]/);
  const two = assembleShader({ ...s, grid: 2, body: 'fn numbat_kernel(x: i32, y: i32) -> f32 { return 1.0; }' }, [16, 16, 1]).code;
  assert.match(two, /var<workgroup> numbat_red: array<f32, 256>;/, 'a shape is a size for a reduction');
  assert.match(two, /fn numbat_step\(p: vec3u, s: vec3u\) -> vec3u/);
  assert.doesNotMatch(two, /gid\.x/, 'not the tiled entry');
});

test('the uniform struct: the fixed fields, then len_ per array, s_ per scalar, two f32 words for a df scalar, u32 for a bool', () => {
  const s = spec({
    params: [out, { kind: 'scalar', name: 'a', type: 'df' }, { kind: 'scalar', name: 'flag', type: 'bool' }, { kind: 'scalar', name: 'n', type: 'i32' }],
  });
  const code = assembleShader(s, 64).code;
  const struct = code.slice(code.indexOf('struct NumbatParams {') + 'struct NumbatParams {'.length, code.indexOf('}')).trim().split('\n').map((l) => l.trim());
  assert.deepEqual(struct, [
    ...FIXED_UNIFORMS.map((f) => `${f}: u32,`),
    'len_out: u32,', 's_a: f32,', 's_a_lo: f32,', 's_flag: u32,', 's_n: i32,',
  ]);
});

test('the PRNG, the loop budget, the flags word and a scattered array\'s mask appear only when the spec asks', () => {
  const plain = assembleShader(spec(), 64).code;
  for (const name of ['numbat_rng_init', 'numbat_spin', 'numbat_flags', 'numbat_wm_', 'numbat_vec']) assert.ok(!plain.includes(name), name);
  const askedSpec = spec({
    usesRandom: true, boundedLoops: true, rangeChecks: 'integers',
    params: [{ ...out, scattered: true, elementwise: false }],
  });
  const asked = assembleShader(askedSpec, 64).code;
  const b = bindingsOf(askedSpec);
  assert.match(asked, /fn numbat_rng_init\(/);
  assert.match(entry(asked), /numbat_rng_init\(idx\); numbat_iters = 0u;/, 'each invocation seeds its stream and resets its budget');
  assert.match(asked, /fn numbat_spin\(\) -> bool/);
  assert.match(asked, /fn numbat_flag_range\(\) \{ atomicOr\(&numbat_flags\[0\], 1073741824u\); \}/);
  assert.ok(asked.includes(`@binding(${b.masks![0]}) var<storage, read_write> numbat_wm_out: array<atomic<u32>>;`), 'the mask at its ABI binding');
  assert.ok(asked.includes(`@binding(${b.flags}) var<storage, read_write> numbat_flags: array<atomic<u32>, 1>;`));
  assert.match(asked, /numbat_iters > numbat_P\.max_iters\) \{ numbat_iters = numbat_P\.max_iters; atomicOr\(&numbat_flags\[0\], 2147483648u\)/);
});

test('vector is true only for a reducing kernel with lane reads asked for it; then the vec4 views are bound', () => {
  const xs = { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true } as const;
  const body = 'var<private> numbat_vl_xs: f32;\nfn numbat_kernel(i: i32) -> f32 { return 1.0; }';
  const reducing = spec({ params: [xs], returns: 'f32', reduce: 'sum', laneReads: ['xs'], body });
  const v = assembleShader(reducing, 64, true);
  assert.equal(v.vector, true);
  assert.match(v.code, /const numbat_vec = true;/);
  assert.match(v.code, /var<storage, read> numbat_v4_xs: array<vec4<f32>>;/);
  const scalar = assembleShader(reducing, 64, false);
  assert.equal(scalar.vector, false);
  assert.match(scalar.code, /const numbat_vec = false;/);
  assert.doesNotMatch(scalar.code, /numbat_v4_xs/);
  assert.equal(assembleShader({ ...reducing, laneReads: [] }, 64, true).vector, false, 'no lanes: no vector entry');
  assert.equal(assembleShader({ ...reducing, returns: undefined, reduce: undefined, body: 'fn numbat_kernel(i: i32) {}' }, 64, true).vector, false);
});

test('every entry point compiles on the adapter: linear, tiled 2-D and 3-D, reducing 1/2/3-D, with PRNG, budget and mask', { skip: noAdapter }, async () => {
  const { device } = await acquireDevice();
  const body2 = 'fn numbat_kernel(x: i32, y: i32) { a_out[u32(x)] = numbat_random(); }';
  const body3 = 'fn numbat_kernel(x: i32, y: i32, z: i32) { a_out[u32(x)] = 1.0; }';
  const red = (grid: 1 | 2 | 3, returns: 'f32' | 'i32' | 'u32', reduce: 'sum' | 'min' | 'max'): KernelSpec =>
    spec({ grid, returns, reduce, body: `fn numbat_kernel(${['x', 'y', 'z'].slice(0, grid).map((n) => `${n}: i32`).join(', ')}) -> ${returns} { return ${returns}(1); }` });
  const cases: [string, KernelSpec, number | [number, number, number]][] = [
    ['linear', spec({ usesRandom: true, boundedLoops: true }), 64],
    ['tiled 2-D', spec({ grid: 2, usesRandom: true, body: body2 }), [16, 16, 1]],
    ['tiled 3-D', spec({ grid: 3, body: body3, params: [{ ...out, scattered: true, elementwise: false }] }), [8, 8, 4]],
    ['reducing 1-D i32 sum', red(1, 'i32', 'sum'), 48],
    ['reducing 2-D f32 min', red(2, 'f32', 'min'), 64],
    ['reducing 3-D u32 max', red(3, 'u32', 'max'), 96],
  ];
  for (const [label, s, wg] of cases) {
    const { code } = assembleShader(s, wg);
    const info = await device.createShaderModule({ code }).getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}: ${m.message}`);
    assert.deepEqual(errors, [], `${label}:\n${errors.join('\n')}`);
  }
});

test('the reducing walk over a 2-D and a 3-D grid visits every (x, y, z) once, also with a grid-stride and 3-wide workgroups', { skip: noAdapter }, async () => {
  // f(x, y, z) is not linear, so a wrong carry (x past nx, y not bumped) changes the sum.
  const f = (x: number, y: number, z: number): number => ((x * x) ^ (y * 7 + z * 3)) + 1000 * z;
  const cases: [2 | 3, [number, number] | [number, number, number], number][] = [
    [2, [13, 11], 3],
    [2, [301, 17], 3], // 5117 elements > 3 · 1024 workgroups: a grid-stride with carries
    [3, [5, 3, 4], 3],
    [3, [41, 13, 9], 3],
    [3, [37, 11, 7], 48],
  ];
  for (const [grid, extent, wg] of cases) {
    const [nx, ny, nz = 1] = extent;
    const args = grid === 2 ? 'x: i32, y: i32' : 'x: i32, y: i32, z: i32';
    const z = grid === 2 ? '0' : 'z';
    const k = new WgslKernel({
      name: `walk${grid}`, grid, usesRandom: false, params: [], returns: 'i32', reduce: 'sum',
      body: `fn numbat_kernel(${args}) -> i32 { return ((x * x) ^ (y * 7 + ${z} * 3)) + 1000 * ${z}; }`,
    });
    let want = 0;
    for (let c = 0; c < nz; c++) for (let b = 0; b < ny; b++) for (let a = 0; a < nx; a++) want += f(a, b, c);
    const got = await k.launch(extent, [], { workgroupSize: wg });
    assert.equal(got, want, `${JSON.stringify(extent)} with workgroups of ${wg}`);
  }
});

test('a 2-D tiled kernel draws at (x, y) what a 1-D linear kernel draws at x + nx·y, for the same seed', { skip: noAdapter }, async () => {
  const [nx, ny] = [37, 9];
  const flat = new Float32Array(nx * ny);
  const grid = new Float32Array(nx * ny);
  const one = new WgslKernel(spec({ name: 'flat', usesRandom: true, body: 'fn numbat_kernel(i: i32) { a_out[numbat_li] = numbat_random(); }' }));
  const two = new WgslKernel(spec({
    name: 'grid', grid: 2, usesRandom: true,
    params: [{ ...out, elementwise: false }],
    body: 'fn numbat_kernel(x: i32, y: i32) { a_out[u32(x + i32(numbat_P.nx) * y)] = numbat_random(); }',
  }));
  await one.launch(nx * ny, [flat], { seed: 7, workgroupSize: 64 });
  await two.launch([nx, ny], [grid], { seed: 7, workgroupSize: 64 });
  assert.ok(flat.every((v) => v >= 0 && v < 1) && new Set(flat).size > nx * ny - 5, 'distinct draws in [0, 1)');
  assert.deepEqual([...grid], [...flat]);
});
