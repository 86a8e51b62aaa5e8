/**
 * Which array parameters of a Wasm entry the code may change: the rule that decides whether an argument in
 * numbat memory is used in place or copied.
 *
 * Why it matters: a Wasm call must be transactional, since a trap (an out-of-range read JS answers with
 * `undefined`, an i64 value leaving ±2^53) reruns the call on the JS backend from the untouched arguments. An
 * array only read can be used in place; an array the code may write is copied in and out, as an ordinary typed
 * array is. The rule is conservative: a parameter is read-only when every use of it is a load, its length, or the
 * value of a local array that is read-only by the same rule (`const S = stockPrice`, Black-Scholes), it is never
 * assigned, and it is never passed on (to a call, a result), where it could be written.
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
  const params = new Set(fn.params.filter((p) => p.type.kind === 'array').map((p) => p.name));
  const names = new Set([...params, ...fn.locals.filter((l) => l.type.kind === 'array').map((l) => l.name)]);
  const uses = new Map<string, number>();
  const reads = new Map<string, number>();
  const writable = new Set<string>();
  /** `local = source` between array names: the local is an alias of the source. */
  const flows: Array<{ from: string; to: string }> = [];
  const named = (e: Expr): string | undefined => (e.op === 'local' && names.has(e.name) ? e.name : undefined);
  const count = (m: Map<string, number>, name: string): void => void m.set(name, (m.get(name) ?? 0) + 1);
  walkIR(fn.body, {
    expr: (e) => {
      const p = named(e);
      if (p) count(uses, p);
      if (e.op === 'load' || e.op === 'length') {
        const q = named(e.array);
        if (q) count(reads, q);
      }
    },
    stmt: (s) => {
      if ((s.kind === 'assign' || s.kind === 'declare') && names.has(s.name)) {
        if (params.has(s.name)) writable.add(s.name);
        const from = named(s.kind === 'declare' ? s.init : s.value);
        if (from) {
          flows.push({ from, to: s.name });
          count(reads, from);
        }
      }
      if (s.kind === 'store') {
        const q = named(s.array);
        if (q) writable.add(q);
      }
    },
  });
  for (const name of names) if ((uses.get(name) ?? 0) !== (reads.get(name) ?? 0)) writable.add(name);
  // an alias that may be written makes what it aliases writable
  for (let changed = true; changed;) {
    changed = false;
    for (const { from, to } of flows) {
      if (writable.has(to) && !writable.has(from)) {
        writable.add(from);
        changed = true;
      }
    }
  }
  return fn.params.map((p) => params.has(p.name) && writable.has(p.name));
}
