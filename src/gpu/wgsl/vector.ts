/**
 * Reductions with 16-byte loads: the entry point of a 1-D reducing kernel whose read-only arrays are read only
 * at the kernel's own index ({@link KernelSpec.laneReads}: `return xs[i]`, `xs[i] * xs[i]`, a dot product
 * `a[i] * b[i]`, an Int32Array sum), used when a launch's dispatches each cover their array window from its
 * start and no lane array is shorter than the launch. One 4-byte load per invocation and iteration leaves a
 * GPU's memory system waiting; a `vec4` load moves four elements per request, and two are issued per array
 * before either is used.
 *
 * How the body meets the lanes: for each lane array `xs` the body declares `var<private> numbat_vl_xs` and
 * reads `xs[i]` through a function that returns it when the module constant `numbat_vec` is true (this entry)
 * and loads `a_xs[numbat_li]` through the bounds-checked loader otherwise (the scalar entry): see
 * `laneFunctions`. The constant folds the choice away in each shader. This entry sets `numbat_vl_xs` to one
 * component of the quad before each call of `numbat_kernel`; `numbat_li`, the Philox stream and the loop
 * budget are per element exactly as in the scalar entry, so a kernel that also draws random numbers, writes
 * nothing else and reads other arrays anywhere gives the same values per element.
 *
 * Order of the combination, fixed by (n, workgroup size, workgroups), so a launch gives the same bits every
 * time on the same device:
 * 1. invocation t (of T in all) takes quads t, t + T, t + 2T, … of its dispatch's window (quad q holds the
 *    window's elements 4q … 4q + 3), and lane l of each quad goes into accumulator l, in increasing q;
 * 2. its accumulators combine as (acc0 ⊕ acc1) ⊕ (acc2 ⊕ acc3);
 * 3. invocations t < n mod 4 then combine element 4·⌊n/4⌋ + t (the scalar tail);
 * 4. the workgroup's tree and the host's f64 combination of the partials, as for every reduction.
 *
 * For min and max the order cannot change the result (NaN propagates, as in `Math.min`), and integer sums are
 * exact (64-bit accumulators), so the vector and scalar entries agree bit for bit. An f32 sum is ordered
 * differently from the scalar entry (which gives invocation t the elements t, t + T, …): both are f32 sums,
 * and they differ by rounding only.
 *
 * @module
 */
import { wgslIdent, type ArrayParam, type KernelSpec } from '../abi.js';
import { storageRow } from '../elements.js';
import type { ReductionRule } from '../reduction.js';

/**
 * The binding declarations of the vec4 views of the lane arrays, at `bindings` (one per lane, in order).
 *
 * @example
 * ```ts
 * import type { ArrayParam } from 'numbat/internals';
 * import { vectorBindings } from './vector.js';
 *
 * const xs: ArrayParam = { kind: 'array', name: 'xs', element: 'i32', writes: false, elementwise: true };
 * vectorBindings([xs], [4]); // → [ '@group(0) @binding(4) var<storage, read> numbat_v4_xs: array<vec4<i32>>;' ]
 * ```
 */
export function vectorBindings(lanes: readonly ArrayParam[], bindings: readonly number[]): string[] {
  return lanes.map((p, k) => `@group(0) @binding(${bindings[k]}) var<storage, read> numbat_v4_${wgslIdent(p.name)}: array<vec4<${storageRow(p.element).wgsl}>>;`);
}

/**
 * The lane arrays of a spec, as parameters (in the order of {@link KernelSpec.laneReads}).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { laneParams } from './vector.js';
 *
 * const spec: KernelSpec = {
 *   name: 'dot', grid: 1, usesRandom: false, body: '', returns: 'f32', laneReads: ['b'],
 *   params: [{ kind: 'array', name: 'a', element: 'f32', writes: false, elementwise: false },
 *            { kind: 'array', name: 'b', element: 'f32', writes: false, elementwise: true }],
 * };
 * laneParams(spec).map((p) => p.name); // → [ 'b' ]
 * ```
 */
export function laneParams(spec: KernelSpec): ArrayParam[] {
  return (spec.laneReads ?? []).map((name) => {
    const p = spec.params.find((q): q is ArrayParam => q.kind === 'array' && q.name === name);
    if (!p) throw new Error(`gpu: laneReads names '${name}', which is not an array parameter of kernel '${spec.name}'`);
    return p;
  });
}

/**
 * The body's side of a lane array `p` (emitted by the WGSL backend before the kernel): the private lane value
 * and the readers of `xs[i]` at the own index, by how an element is read (`numbat_own_` raw, `numbat_ownf_`
 * an integer element as f32, `numbat_ownc_` a checked integer read, defined only when `checked`).
 *
 * @example
 * ```ts
 * import type { ArrayParam } from 'numbat/internals';
 * import { laneFunctions } from './vector.js';
 *
 * const xs: ArrayParam = { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true };
 * laneFunctions(xs, false)[1]; // → 'fn numbat_own_xs() -> f32 { if (numbat_vec) { return numbat_vl_xs; } return numbat_ld_xs(numbat_li); }'
 * ```
 */
export function laneFunctions(p: ArrayParam, checked: boolean): string[] {
  const id = wgslIdent(p.name);
  const row = storageRow(p.element);
  // In the vector entry every lane is inside the array (the runtime's condition), so no bounds test applies.
  const reader = (fn: string, type: string, vector: string, scalar: string): string =>
    `fn numbat_${fn}_${id}() -> ${type} { if (numbat_vec) { return ${vector}; } return ${scalar}(numbat_li); }`;
  return [
    `var<private> numbat_vl_${id}: ${row.wgsl};`,
    reader('own', row.wgsl, `numbat_vl_${id}`, `numbat_ld_${id}`),
    ...(row.float ? [] : [reader('ownf', 'f32', `f32(numbat_vl_${id})`, `numbat_ldf_${id}`)]),
    ...(checked ? [reader('ownc', row.wgsl, `numbat_vl_${id}`, `numbat_ldc_${id}`)] : []),
  ];
}

/**
 * The vectorized reducing entry point (see the module comment) for workgroups of `wg`, ending in `tree` (the
 * workgroup reduction of `acc` and the partial's store, shared with the scalar entry). `seedRng` is the
 * per-element set-up of the scalar entry (Philox stream, loop budget), given `idx`.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { reductionRule } from '../reduction.js';
 * import { vectorReducingEntry } from './vector.js';
 *
 * const spec: KernelSpec = {
 *   name: 'total', grid: 1, usesRandom: false, body: '', returns: 'f32', laneReads: ['xs'],
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }],
 * };
 * const lines = vectorReducingEntry(spec, reductionRule('sum', 'f32'), 256, [], '');
 * lines.filter((l) => l.includes('numbat_v4_xs[')).length; // → 3
 * ```
 */
export function vectorReducingEntry(spec: KernelSpec, rule: ReductionRule, wg: number, tree: readonly string[], seedRng: string): string[] {
  const ids = laneParams(spec).map((p) => wgslIdent(p.name));
  const t = rule.accumulator;
  // One element: lane `l` of the quads loaded into `u_<id>` (or the tail's element `li`).
  const element = (li: string, values: (id: string) => string, acc: string): string[] => [
    `    { let li = ${li};`,
    '      numbat_li = li;',
    '      let idx = numbat_P.start + li;',
    ...(seedRng ? [`      ${seedRng}`] : []),
    ...ids.map((id) => `      numbat_vl_${id} = ${values(id)};`),
    '      let r = numbat_kernel(i32(idx));',
    `      ${acc} = ${rule.combine(acc, rule.lift('r'))}; }`,
  ];
  const quad = (q: string, name: string): string[] =>
    ['x', 'y', 'z', 'w'].flatMap((c, l) => element(`4u * ${q} + ${l}u`, (id) => `${name}_${id}.${c}`, `acc${l}`));
  return [
    `var<workgroup> numbat_red: array<${t}, ${wg}>;`,
    `@compute @workgroup_size(${wg})`,
    'fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {',
    '  let group = wid.x + nwg.x * (wid.y + nwg.y * wid.z);',
    `  let t = group * ${wg}u + lid;`,
    `  let stride = nwg.x * nwg.y * nwg.z * ${wg}u;`,
    // The runtime uses this entry only for dispatches that start at their window's base (numbat_li = idx - start).
    '  let n = numbat_P.end - numbat_P.start;',
    '  let quads = n / 4u;',
    ...[0, 1, 2, 3].map((l) => `  var acc${l}: ${t} = ${rule.identity};`),
    '  var q = t;',
    '  loop {',
    '    if (q >= quads || quads - q <= stride) { break; }',
    // Both quads of every lane array are loaded before any is used: two 16-byte requests in flight per array.
    ...ids.map((id) => `    let u_${id} = numbat_v4_${id}[q];`),
    ...ids.map((id) => `    let v_${id} = numbat_v4_${id}[q + stride];`),
    ...quad('q', 'u'),
    ...quad('(q + stride)', 'v'),
    '    q += 2u * stride;',
    '  }',
    '  if (q < quads) {',
    ...ids.map((id) => `    let u_${id} = numbat_v4_${id}[q];`),
    ...quad('q', 'u'),
    '  }',
    `  var acc: ${t} = ${rule.combine(rule.combine('acc0', 'acc1'), rule.combine('acc2', 'acc3'))};`,
    '  if (t < 4u && quads * 4u + t < n) {',
    ...element('quads * 4u + t', (id) => `a_${id}[li]`, 'acc'),
    '  }',
    ...tree,
    '}',
  ];
}
