/**
 * Reductions of a Float32Array with 16-byte loads: the entry point used for a kernel whose body is
 * `return xs[i]` (`KernelSpec.returnsLoad`) when a launch covers `[0, n)` with `n <= xs.length` in one
 * dispatch. One 4-byte load per invocation and iteration leaves a GPU's memory system waiting; a `vec4<f32>`
 * load moves four elements per request, and two are issued before either is used.
 *
 * Order of the combination, fixed by (n, workgroup size, workgroups), so a launch gives the same bits every
 * time on the same device:
 * 1. invocation t (of T in all) combines quads t, t + T, t + 2T, … (quad q holds elements 4q … 4q + 3) into
 *    four lanes, each lane in increasing q;
 * 2. its lanes combine as (x ⊕ y) ⊕ (z ⊕ w);
 * 3. invocations t < n mod 4 then combine element 4·⌊n/4⌋ + t (the scalar tail);
 * 4. the workgroup's tree and the host's f64 combination of the partials, as for every reduction.
 *
 * For min and max the order cannot change the result (NaN propagates, as in `Math.min`), so the vector and
 * scalar entries agree bit for bit. A sum is ordered differently from the scalar entry (which gives invocation
 * t the elements t, t + T, …): both are f32 sums, and they differ by rounding only.
 *
 * @module
 */
import { wgslIdent, type KernelSpec } from '../abi.js';
import type { ReductionRule } from '../reduction.js';

/**
 * The binding declaration of the vec4 view of `spec.returnsLoad`, at binding `binding`.
 *
 * @example
 * ```ts
 * import { vectorBinding } from './vector.js';
 *
 * vectorBinding(4); // → '@group(0) @binding(4) var<storage, read> numbat_v4: array<vec4<f32>>;'
 * ```
 */
export function vectorBinding(binding: number): string {
  return `@group(0) @binding(${binding}) var<storage, read> numbat_v4: array<vec4<f32>>;`;
}

/**
 * The vectorized reducing entry point (see the module comment) for workgroups of `wg`, ending in
 * `tree` (the workgroup reduction and the partial's store, shared with the scalar entry).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from '../abi.js';
 * import { reductionRule } from '../reduction.js';
 * import { vectorReducingEntry } from './vector.js';
 *
 * const spec: KernelSpec = {
 *   name: 'total', grid: 1, usesRandom: false, body: '', returns: 'f32', returnsLoad: 'xs',
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }],
 * };
 * vectorReducingEntry(spec, reductionRule('sum', 'f32'), 256, [])[0]; // → 'fn numbat_red_v4(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> { return a + b; }'
 * ```
 */
export function vectorReducingEntry(spec: KernelSpec, rule: ReductionRule, wg: number, tree: readonly string[]): string[] {
  const scalar = `a_${wgslIdent(spec.returnsLoad!)}`;
  const lane = (a: string, b: string): string => rule.combine(a, b);
  const combine4 =
    (spec.reduce ?? 'sum') === 'sum'
      ? 'a + b'
      : `vec4<f32>(${lane('a.x', 'b.x')}, ${lane('a.y', 'b.y')}, ${lane('a.z', 'b.z')}, ${lane('a.w', 'b.w')})`;
  return [
    `fn numbat_red_v4(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> { return ${combine4}; }`,
    `var<workgroup> numbat_red: array<f32, ${wg}>;`,
    `@compute @workgroup_size(${wg})`,
    'fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {',
    '  let group = wid.x + nwg.x * (wid.y + nwg.y * wid.z);',
    `  let t = group * ${wg}u + lid;`,
    `  let stride = nwg.x * nwg.y * nwg.z * ${wg}u;`,
    // The runtime uses this entry only for one dispatch over [0, n) with n <= the array's length.
    '  let n = numbat_P.end;',
    '  let quads = n / 4u;',
    `  var acc4 = vec4<f32>(${rule.identity});`,
    '  var q = t;',
    '  loop {',
    '    if (q >= quads || quads - q <= stride) { break; }',
    '    let u = numbat_v4[q];',
    '    let v = numbat_v4[q + stride];',
    '    acc4 = numbat_red_v4(numbat_red_v4(acc4, u), v);',
    '    q += 2u * stride;',
    '  }',
    '  if (q < quads) { acc4 = numbat_red_v4(acc4, numbat_v4[q]); }',
    `  var acc: f32 = ${lane(lane('acc4.x', 'acc4.y'), lane('acc4.z', 'acc4.w'))};`,
    '  let tail = quads * 4u + t;',
    `  if (t < 4u && tail < n) { acc = ${lane('acc', `${scalar}[tail]`)}; }`,
    ...tree,
    '}',
  ];
}
