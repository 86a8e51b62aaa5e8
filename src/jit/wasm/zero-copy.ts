/**
 * Which array parameters of a Wasm entry the code may change: the rule that decides whether an argument in
 * numbat memory is used in place or copied.
 *
 * Why it matters: a Wasm call must be transactional, since a trap (an out-of-range read JS answers with
 * `undefined`, an i64 value leaving ±2^53) reruns the call on the JS backend from the untouched arguments. An
 * array only read can be used in place; an array the code may write is copied in and out, as an ordinary typed
 * array is. The rule is conservative: a parameter is read-only when every use of it is a load or its length,
 * it is never assigned, and it is never passed on (to a call, a local, a result), where it could be written.
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction } from '../ir.js';

/**
 * For each parameter of `fn`, whether the code may write the array it names (false for scalars).
 *
 * @example
 * ```ts
 * import { lowerToIR } from '../pipeline.js';
 * import { writtenParams } from './zero-copy.js';
 *
 * function double(xs: Float64Array, out: Float64Array) {
 *   for (let i = 0; i < xs.length; i++) out[i] = 2 * xs[i]!;
 * }
 * const f64 = { kind: 'array', element: 'f64' } as const;
 * const ir = lowerToIR(double, [f64, f64]);
 * // xs is read in place; only out needs copying back.
 * writtenParams(ir.functions.at(-1)!); // → [ false, true ]
 * ```
 */
export function writtenParams(fn: IRFunction): boolean[] {
  const names = new Set(fn.params.filter((p) => p.type.kind === 'array').map((p) => p.name));
  const uses = new Map<string, number>();
  const reads = new Map<string, number>();
  const written = new Set<string>();
  const isParam = (e: Expr): string | undefined => (e.op === 'local' && names.has(e.name) ? e.name : undefined);
  walkIR(fn.body, {
    expr: (e) => {
      const p = isParam(e);
      if (p) uses.set(p, (uses.get(p) ?? 0) + 1);
      if (e.op === 'load' || e.op === 'length') {
        const q = isParam(e.array);
        if (q) reads.set(q, (reads.get(q) ?? 0) + 1);
      }
    },
    stmt: (s) => {
      if ((s.kind === 'assign' || s.kind === 'declare') && names.has(s.name)) written.add(s.name);
      if (s.kind === 'store') {
        const q = isParam(s.array);
        if (q) written.add(q);
      }
    },
  });
  return fn.params.map((p) => names.has(p.name) && (written.has(p.name) || (uses.get(p.name) ?? 0) !== (reads.get(p.name) ?? 0)));
}
