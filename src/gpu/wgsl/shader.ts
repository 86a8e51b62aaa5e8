/**
 * A kernel body wrapped into a complete compute shader: the uniform struct and bindings of `abi.ts`, the
 * PRNG, and one of three entry points matching the runtime's dispatch plan (`runtime/plan.ts`):
 *
 * | plan      | entry point                                                                              |
 * | --------- | ---------------------------------------------------------------------------------------- |
 * | linear    | one invocation per index of `[start, end)`, workgroups laid out over x, y and z          |
 * | tiled     | 2-D/3-D workgroups; `x = ox + gid.x`, `y = oy + gid.y` (no divide or modulo per index)   |
 * | reducing  | grid-stride over `[start, end)` unrolled by four, workgroup tree reduce, one partial each |
 * | reducing, vector | lane arrays read at the own index (`laneReads`): grid-stride over `vec4` quads (`vector.ts`), then the same tree |
 *
 * `Math.random()` streams are seeded by the linear index `x + nx · (y + ny · z)` in every plan, so a seeded
 * kernel draws the same numbers whatever the workgroup shape or the number of dispatches.
 *
 * @module
 */
import { bindingsOf, FIXED_UNIFORMS, LOOP_LIMIT_FLAG, paramUniforms, RANGE_FLAG, wgslIdent, type KernelSpec } from '../abi.js';
import { storageRow } from '../elements.js';
import { PHILOX_WGSL } from '../philox.js';
import { reductionRule, REDUCTION_WGSL } from '../reduction.js';
import { laneParams, vectorBindings, vectorReducingEntry } from './vector.js';

/**
 * The assembled shader and where the kernel body starts in it (for mapping compile errors back).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { assembleShader, type AssembledShader } from './shader.js';
 *
 * const spec: KernelSpec = { name: 'zero', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = 0.0; }' };
 * const { code, bodyFirstLine }: AssembledShader = assembleShader(spec, 64);
 * code.split('\n')[bodyFirstLine - 1]; // → 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = 0.0; }'
 * ```
 */
export interface AssembledShader {
  readonly code: string;
  /** 1-based line of the shader where the body's first line is. */
  readonly bodyFirstLine: number;
  readonly bodyLineCount: number;
  /** Whether this is the vector entry's shader (it binds the lane arrays' vec4 views too: `bindingsOf(spec, true)`). */
  readonly vector: boolean;
}

/** Index arguments of `numbat_kernel` from a linear index `idx` (reducing entry). */
function indexArgs(grid: 1 | 2 | 3): string {
  if (grid === 1) return 'i32(idx)';
  if (grid === 2) return 'i32(idx % numbat_P.nx), i32(idx / numbat_P.nx)';
  return 'i32(idx % numbat_P.nx), i32((idx / numbat_P.nx) % numbat_P.ny), i32(idx / (numbat_P.nx * numbat_P.ny))';
}

function linearEntry(spec: KernelSpec, wg: number, seedRng: string): string[] {
  return [
    `@compute @workgroup_size(${wg})`,
    'fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3u) {',
    '  let group = wid.x + nwg.x * (wid.y + nwg.y * wid.z);',
    `  let idx = numbat_P.start + group * ${wg}u + lid;`,
    '  if (idx >= numbat_P.end) { return; }',
    '  numbat_li = idx - numbat_P.base;',
    `  ${seedRng}`,
    `  numbat_kernel(${indexArgs(spec.grid)});`,
    '}',
  ];
}

function tiledEntry(spec: KernelSpec, shape: readonly [number, number, number], seedRng: string): string[] {
  const three = spec.grid === 3;
  return [
    `@compute @workgroup_size(${shape.join(', ')})`,
    'fn main(@builtin(global_invocation_id) gid: vec3u) {',
    '  let x = numbat_P.ox + gid.x;',
    '  let y = numbat_P.oy + gid.y;',
    three ? '  let z = numbat_P.oz + gid.z;' : '',
    `  if (x >= numbat_P.nx || y >= numbat_P.ny${three ? ' || z >= numbat_P.nz' : ''}) { return; }`,
    `  let idx = x + numbat_P.nx * ${three ? '(y + numbat_P.ny * z)' : 'y'};`,
    '  numbat_li = idx;',
    `  ${seedRng}`,
    `  numbat_kernel(i32(x), i32(y)${three ? ', i32(z)' : ''});`,
    '}',
  ].filter((l) => l !== '');
}

/**
 * A 2-D or 3-D reduction's grid-stride loop keeps its element's (x, y, z) as it goes, where dividing the linear
 * index by nx (and ny) per element would cost a GPU two to four integer divisions, tens of instructions, per
 * element of what is a memory-bound loop: the position is divided once per invocation, and each stride adds
 * its own (sx, sy, sz) with one carry per dimension (sx < nx and sy < ny, so one subtraction suffices).
 */
function gridWalk(grid: 2 | 3): { setup: string[]; args: (p: string) => string; advance: (p: string) => string } {
  const three = grid === 3;
  return {
    setup: [
      `  let numbat_sx = stride % numbat_P.nx;`,
      three ? '  let numbat_sy = (stride / numbat_P.nx) % numbat_P.ny;' : '  let numbat_sy = stride / numbat_P.nx;',
      three ? '  let numbat_sz = stride / (numbat_P.nx * numbat_P.ny);' : '',
      `  let numbat_first = numbat_P.start + group * WG + lid;`,
      three
        ? '  var p0 = vec3u(numbat_first % numbat_P.nx, (numbat_first / numbat_P.nx) % numbat_P.ny, numbat_first / (numbat_P.nx * numbat_P.ny));'
        : '  var p0 = vec3u(numbat_first % numbat_P.nx, numbat_first / numbat_P.nx, 0u);',
    ].filter((l) => l !== ''),
    args: (p) => (three ? `i32(${p}.x), i32(${p}.y), i32(${p}.z)` : `i32(${p}.x), i32(${p}.y)`),
    advance: (p) => `numbat_step(${p}, vec3u(numbat_sx, numbat_sy, ${three ? 'numbat_sz' : '0u'}))`,
  };
}

/** The WGSL of {@link gridWalk}'s step: a position plus a stride, carried from x into y (and y into z). */
function gridStep(grid: 2 | 3): string {
  const carryZ = grid === 3 ? ' if (y >= numbat_P.ny) { y -= numbat_P.ny; z += 1u; }' : '';
  return `fn numbat_step(p: vec3u, s: vec3u) -> vec3u { var x = p.x + s.x; var y = p.y + s.y; var z = p.z + s.z; if (x >= numbat_P.nx) { x -= numbat_P.nx; y += 1u; }${carryZ} return vec3u(x, y, z); }`;
}

function reducingEntry(spec: KernelSpec, wg: number, seedRng: string): string[] {
  const rule = reductionRule(spec.reduce ?? 'sum', spec.returns!);
  const t = rule.accumulator;
  const walk = spec.grid === 1 ? undefined : gridWalk(spec.grid);
  // One invocation's value; the grid-stride loop runs it four at a time, so four loads are in flight per
  // thread (one at a time leaves a GPU's memory system idle), then the remainder one by one. `p` is the
  // element's position for a 2-D or 3-D grid (gridWalk), declared by the caller.
  const one = (k: string, p: string): string[] => [
    `    { let idx = numbat_P.start + local${k};`,
    '      numbat_li = idx - numbat_P.base;',
    `      ${seedRng}`,
    `      let r = numbat_kernel(${walk ? walk.args(p) : indexArgs(spec.grid)});`,
    `      acc = ${rule.combine('acc', rule.lift('r'))}; }`,
  ];
  const step = (from: string, to: string): string[] => (walk ? [`    let ${to} = ${walk.advance(from)};`] : []);
  return [
    ...(spec.grid === 1 ? [] : [gridStep(spec.grid)]),
    `var<workgroup> numbat_red: array<${t}, ${wg}>;`,
    `@compute @workgroup_size(${wg})`,
    'fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {',
    '  let group = wid.x + nwg.x * (wid.y + nwg.y * wid.z);',
    `  let stride = nwg.x * nwg.y * nwg.z * ${wg}u;`,
    '  let span = numbat_P.end - numbat_P.start;',
    `  var acc: ${t} = ${rule.identity};`,
    // Grid-stride: few enough workgroups that their partials are a small readback, whatever n is. `local`
    // stays below span + 4 · stride < 2^32: a launch has at most 2^31 - 1 invocations.
    `  var local = group * ${wg}u + lid;`,
    ...(walk ? walk.setup.map((l) => l.replace('WG', `${wg}u`)) : []),
    '  loop {',
    '    if (local + 3u * stride >= span) { break; }',
    ...one('', 'p0'),
    ...step('p0', 'p1'),
    ...one(' + stride', 'p1'),
    ...step('p1', 'p2'),
    ...one(' + 2u * stride', 'p2'),
    ...step('p2', 'p3'),
    ...one(' + 3u * stride', 'p3'),
    ...(walk ? [`    p0 = ${walk.advance('p3')};`] : []),
    '    local += 4u * stride;',
    '  }',
    '  loop {',
    '    if (local >= span) { break; }',
    ...one('', 'p0'),
    ...(walk ? [`    p0 = ${walk.advance('p0')};`] : []),
    '    local += stride;',
    '  }',
    ...treeLines(spec, wg),
    '}',
  ];
}

/** The workgroup's tree reduction of each invocation's `acc`, and the store of its partial. */
function treeLines(spec: KernelSpec, wg: number): string[] {
  const rule = reductionRule(spec.reduce ?? 'sum', spec.returns!);
  let pow2 = 1;
  while (pow2 < wg) pow2 *= 2;
  return [
    '  numbat_red[lid] = acc;',
    '  workgroupBarrier();',
    `  for (var s = ${pow2 / 2}u; s > 0u; s >>= 1u) {`,
    `    if (lid < s && lid + s < ${wg}u) { numbat_red[lid] = ${rule.combine('numbat_red[lid]', 'numbat_red[lid + s]')}; }`,
    '    workgroupBarrier();',
    '  }',
    '  if (lid == 0u) { numbat_partials[numbat_P.partial_base + group] = numbat_red[0]; }',
  ];
}

/**
 * Wraps a kernel body into a complete compute shader for a workgroup: a size (linear and reducing entry
 * points), or a `[x, y, z]` shape, which gives a 2-D/3-D kernel that returns nothing the tiled entry point.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { assembleShader } from './shader.js';
 *
 * const spec: KernelSpec = { name: 'zero', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = 0.0; }' };
 * assembleShader(spec, 256).code.includes('@workgroup_size(256)'); // → true
 * const spec2d: KernelSpec = { ...spec, name: 'zero2d', grid: 2, body: 'fn numbat_kernel(x: i32, y: i32) { a_xs[numbat_li] = 0.0; }' };
 * assembleShader(spec2d, [16, 16, 1]).code.includes('@workgroup_size(16, 16, 1)'); // → true
 * ```
 */
export function assembleShader(spec: KernelSpec, workgroup: number | readonly [number, number, number], vector = false): AssembledShader {
  const head: string[] = [];
  head.push('struct NumbatParams {');
  for (const f of FIXED_UNIFORMS) head.push(`  ${f}: u32,`);
  for (const p of spec.params) {
    // A df scalar (f64-emulated) is two f32 words, s_<name> and s_<name>_lo (paramUniforms).
    const type = p.kind === 'array' || p.type === 'bool' ? 'u32' : p.type === 'df' ? 'f32' : storageRow(p.type).wgsl;
    for (const field of paramUniforms(p)) head.push(`  ${field}: ${type},`);
  }
  head.push('}');
  const vectorEntry = vector && spec.returns !== undefined && (spec.laneReads?.length ?? 0) > 0;
  const bindings = bindingsOf(spec, vectorEntry);
  head.push(`@group(0) @binding(${bindings.uniform}) var<uniform> numbat_P: NumbatParams;`);
  spec.params.filter((p) => p.kind === 'array').forEach((p, k) => {
    const access = p.writes ? 'read_write' : 'read';
    head.push(`@group(0) @binding(${bindings.arrays[k]}) var<storage, ${access}> a_${wgslIdent(p.name)}: array<${storageRow(p.element).wgsl}>;`);
    const mask = bindings.masks?.[k];
    if (mask !== undefined) head.push(`@group(0) @binding(${mask}) var<storage, read_write> numbat_wm_${wgslIdent(p.name)}: array<atomic<u32>>;`);
  });
  const reducing = spec.returns !== undefined;
  if (reducing) {
    const rule = reductionRule(spec.reduce ?? 'sum', spec.returns!);
    head.push(`@group(0) @binding(${bindings.partials}) var<storage, read_write> numbat_partials: array<${rule.accumulator}>;`);
    head.push(...REDUCTION_WGSL.trim().split('\n'));
    if (vectorEntry) head.push(...vectorBindings(laneParams(spec), bindings.vectors!));
  }
  if (bindings.flags !== undefined) {
    // Bit k < 30: array parameter k was read out of bounds where JS would give undefined (see checkedReads);
    // bit 30 (RANGE_FLAG): a value left the range where the answer is JS's; bit 31 (LOOP_LIMIT_FLAG): an
    // invocation ran out of its loop budget.
    head.push(`@group(0) @binding(${bindings.flags}) var<storage, read_write> numbat_flags: array<atomic<u32>, 1>;`);
    head.push('fn numbat_flag_oob(bit: u32) { atomicOr(&numbat_flags[0], bit); }');
    if (spec.rangeChecks) head.push(`fn numbat_flag_range() { atomicOr(&numbat_flags[0], ${RANGE_FLAG >>> 0}u); }`);
  }
  if (spec.boundedLoops) {
    head.push(
      'var<private> numbat_iters: u32;',
      `fn numbat_spin() -> bool { numbat_iters += 1u; if (numbat_iters > numbat_P.max_iters) { numbat_iters = numbat_P.max_iters; atomicOr(&numbat_flags[0], ${LOOP_LIMIT_FLAG >>> 0}u); return true; } return false; }`,
    );
  }
  head.push('var<private> numbat_li: u32;');
  // Which entry reads the lane arrays (vector.ts): a constant, so each shader's compiler folds the other path away.
  if (spec.laneReads?.length) head.push(`const numbat_vec = ${vectorEntry};`);
  if (spec.usesRandom) head.push(...PHILOX_WGSL.trim().split('\n'));
  const bodyFirstLine = head.length + 1;
  const bodyLines = spec.body.replace(/\n+$/, '').split('\n');

  const seedRng = (spec.usesRandom ? 'numbat_rng_init(idx);' : '') + (spec.boundedLoops ? ' numbat_iters = 0u;' : '');
  const size = typeof workgroup === 'number' ? workgroup : workgroup[0] * workgroup[1] * workgroup[2];
  const tail = reducing
    ? vectorEntry
      ? vectorReducingEntry(spec, reductionRule(spec.reduce ?? 'sum', spec.returns!), size, treeLines(spec, size), seedRng)
      : reducingEntry(spec, size, seedRng)
    : typeof workgroup !== 'number' && spec.grid > 1
      ? tiledEntry(spec, workgroup, seedRng)
      : linearEntry(spec, size, seedRng);
  const code = [...head, ...bodyLines, ...tail].join('\n') + '\n';
  return { code, bodyFirstLine, bodyLineCount: bodyLines.length, vector: vectorEntry };
}
