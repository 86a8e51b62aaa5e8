/**
 * Which expressions the Wasm backend may evaluate whether or not JS would reach them, and the one statement shape
 * it runs without a branch: `if (c) { const k = …; a[k] = f(a[k]); }` (the histogram's `counts[k] += 1`).
 *
 * On random data such a condition is mispredicted often (a quarter of the histogram's values fall outside
 * `[lo, hi)`), and a mispredicted branch costs more than the update. Run branchless, the condition, the index and
 * the value are computed on every pass, and the update reads and writes either the element or, when the condition
 * is false or the index names no element, a private scratch slot of the call: no memory of the caller's is touched
 * then, exactly as JS touches none (an out-of-range write does nothing, and `f(undefined)` is only stored). Where
 * the condition is predictable the branch is cheaper, so each call chooses after a sample ({@link SAMPLE}).
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction, type Stmt } from '../ir.js';

/**
 * When a call runs such a statement branchless: after its first `passes` runs (with the branch), if its
 * condition changed from one run to the next more than `changes` times. Measured on the histogram of 4e6 values
 * (`bench/README.md`): branchless is 0.6× the branchy time where a quarter of the values, at random, fall outside
 * the bins (the condition changes on 37% of the runs), but 1.2–3.5× where the condition is predictable (all
 * inside, sorted, all outside), which sampling keeps on the branch.
 *
 * @example
 * ```ts
 * import { SAMPLE } from './branchless.js';
 *
 * SAMPLE.changes / SAMPLE.passes; // → 0.125
 * ```
 */
export const SAMPLE = { passes: 256, changes: 32 } as const;

/**
 * Whether a boolean operand of `&&`/`||` may be evaluated whether or not JS would reach it: comparisons (and
 * `&&`/`||` of them) of locals, constants, lengths and widened int32s, which cannot trap, call or assign. Then
 * `a && b` is `i32.and` of both, one branch instead of two (`lo <= v && v < hi`).
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { eagerBool } from './branchless.js';
 *
 * const v: IR.Expr = { op: 'local', type: { kind: 'f64' }, name: 'v' };
 * const hi: IR.Expr = { op: 'const', type: { kind: 'f64' }, value: 3 };
 * eagerBool({ op: 'compare', type: { kind: 'bool' }, operator: 'lt', left: v, right: hi }); // → true
 * ```
 */
export function eagerBool(e: Expr): boolean {
  if (e.type.kind !== 'bool') return false;
  if (e.op === 'compare') return leaf(e.left) && leaf(e.right);
  if (e.op === 'logical') return eagerBool(e.left) && eagerBool(e.right);
  return false;
}

const leaf = (x: Expr): boolean => x.op === 'const' || (x.op === 'local' && x.type.kind !== 'array' && x.type.kind !== 'matrix')
  || (x.op === 'length' && x.array.op === 'local') || (x.op === 'convert' && leaf(x.arg));

/** `Math` functions that are one Wasm instruction, exact, and cannot trap. */
const PURE_MATH = new Set(['trunc', 'floor', 'ceil', 'sqrt', 'abs']);

/**
 * Whether a number expression only computes: constants, scalar locals, conversions, `+ - * /`, negation, the
 * `Math` functions of one instruction, and the one load `allowed` (no other load, call, import or assignment).
 */
function pureNumber(e: Expr, allowed?: Expr): boolean {
  switch (e.op) {
    case 'const': return true;
    case 'local': return e.type.kind === 'f64' || e.type.kind === 'i32';
    case 'convert': return (e.type.kind === 'f64' || e.type.kind === 'i32') && pureNumber(e.arg, allowed);
    case 'unary': return e.operator === 'neg' && pureNumber(e.arg, allowed);
    case 'binary':
      return (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul' || e.operator === 'div')
        && (e.type.kind === 'f64' || e.operator !== 'div') && pureNumber(e.left, allowed) && pureNumber(e.right, allowed);
    case 'math': return PURE_MATH.has(e.fn) && e.args.length === 1 && pureNumber(e.args[0]!, allowed);
    case 'load': return e === allowed;
    default: return false;
  }
}

/** What {@link branchlessUpdate} finds: the index locals set first, the store, and the load of its own element. */
export interface BranchlessUpdate {
  readonly declares: ReadonlyArray<Extract<Stmt, { kind: 'declare' }>>;
  readonly store: Extract<Stmt, { kind: 'store' }>;
  readonly load: Extract<Expr, { op: 'load' }>;
}

/**
 * The parts of `if (c) { const k = …; a[k] = f(a[k]); }` when it may run branchless: `c` is {@link eagerBool};
 * each declared local is one of `elements` (read only as an index), computed by a pure expression and used
 * nowhere else in `f`; the store's array and index are locals, and its value is pure but for one load of the
 * very element stored. Undefined for any other statement.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkIR } from '../ir.js';
 * import { branchlessUpdate } from './branchless.js';
 *
 * function bins(xs: Float64Array, counts: Int32Array, lo: number, hi: number) {
 *   for (const v of xs) if (lo <= v && v < hi) counts[Math.trunc(v - lo)]! += 1;
 * }
 * const f = lowerToIR(bins, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'i32' }, { kind: 'f64' }, { kind: 'f64' }]).functions[0]!;
 * const ifs: unknown[] = [];
 * walkIR(f.body, { stmt: (s) => { if (s.kind === 'if' && s.then.some((t) => t.kind === 'store')) ifs.push(s); } });
 * branchlessUpdate(ifs[0] as never, f, new Set(['$k']))?.declares.length; // → 1
 * ```
 */
export function branchlessUpdate(s: Extract<Stmt, { kind: 'if' }>, f: IRFunction, elements: ReadonlySet<string>): BranchlessUpdate | undefined {
  if (s.else.length || s.then.length === 0 || !eagerBool(s.cond)) return undefined;
  const store = s.then[s.then.length - 1]!;
  if (store.kind !== 'store' || store.array.op !== 'local' || store.index.op !== 'local') return undefined;
  const declares = s.then.slice(0, -1);
  const names = new Set<string>();
  for (const d of declares) {
    if (d.kind !== 'declare' || !elements.has(d.name) || !pureNumber(d.init)) return undefined;
    names.add(d.name);
  }
  const { name: array } = store.array, { name: index } = store.index;
  let load: Extract<Expr, { op: 'load' }> | undefined;
  walkIR([{ kind: 'expr', expr: store.value }], {
    expr: (e) => {
      if (e.op === 'load' && e.array.op === 'local' && e.array.name === array && e.index.op === 'local' && e.index.name === index) load ??= e;
    },
  });
  if (!load || !pureNumber(store.value, load)) return undefined;
  // the declared locals are set on every pass now: nothing outside this statement may see them
  const mentions = (list: readonly Stmt[]): number => {
    let n = 0;
    walkIR(list, {
      expr: (e) => { if (e.op === 'local' && names.has(e.name)) n++; },
      stmt: (t) => { if ((t.kind === 'declare' || t.kind === 'assign') && names.has(t.name)) n++; },
    });
    return n;
  };
  const outside = mentions(f.body) !== mentions([s]);
  return outside ? undefined : { declares: declares as BranchlessUpdate['declares'], store, load };
}
