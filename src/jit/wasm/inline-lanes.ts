/**
 * Calls the f64 lanes can take: in a loop body, a call to a function of doubles that only computes (declares,
 * assignments, `if`s of those, one `return` at the end, over `+ - * /`, negation, comparisons and pure Math
 * functions) is replaced by its body, renamed into fresh `const`s of the caller, with each `if` turned into
 * `select`s of the values its branches leave. Black-scholes's `cnd(d)` (`if (d > 0) ret_val = 1 - ret_val`) is
 * the case: inlined, its loop is declarations and stores only, which `simd.ts` runs in f64x2 lanes.
 *
 * Exact by construction: such code cannot throw, store or call out, so computing both branches of an `if` and
 * picking one per value gives the values JS gives (the same operations on the same doubles), and the order in
 * which pure values are computed does not change them. Arguments are computed once, in order, before the body.
 *
 * @module
 */
import type { Expr, IRFunction, IRModule, Param, Stmt } from '../ir.js';

const F64 = { kind: 'f64' } as const;
const PURE_MATH = new Set(['sqrt', 'abs', 'min', 'max', 'exp', 'log', 'floor', 'ceil', 'trunc', 'round', 'sign']);

/** Whether `e` is a double computed from the names in `names` without a call, a store, a read or a throw. */
function pure(e: Expr, names: ReadonlySet<string>): boolean {
  switch (e.op) {
    case 'const': return typeof e.value === 'number';
    case 'local': return names.has(e.name) && e.type.kind === 'f64';
    case 'binary': return e.type.kind === 'f64' && ['add', 'sub', 'mul', 'div'].includes(e.operator) && pure(e.left, names) && pure(e.right, names);
    case 'unary': return e.type.kind === 'f64' && (e.operator === 'neg' || e.operator === 'square') && pure(e.arg, names);
    case 'math': return e.type.kind === 'f64' && PURE_MATH.has(e.fn) && e.args.every((a) => pure(a, names));
    case 'compare': return pure(e.left, names) && pure(e.right, names);
    case 'select': return e.type.kind === 'f64' && e.cond.op === 'compare' && pure(e.cond, names) && pure(e.then, names) && pure(e.else, names);
    default: return false;
  }
}

/** Whether statements (of a branch, or the body without its `return`) are pure assignments to f64 locals. */
function pureStmts(body: readonly Stmt[], names: Set<string>): boolean {
  return body.every((s) => {
    if (s.kind === 'declare' && pure(s.init, names)) return names.add(s.name), true;
    if (s.kind === 'assign') return names.has(s.name) && pure(s.value, names);
    if (s.kind === 'if') return s.cond.op === 'compare' && pure(s.cond, names) && pureStmts(s.then, new Set(names)) && pureStmts(s.else, new Set(names));
    return false;
  });
}

/**
 * Whether calls of `fn` can be inlined as lane code: f64 parameters and result, a pure body, one final `return`.
 *
 * @example
 * ```ts
 * import { lowerToIR } from '../pipeline.js';
 * import { laneInlinable } from './inline-lanes.js';
 *
 * function ramp(d: number) {
 *   let r = 0.5 * d;
 *   if (d > 1) r = 1 - r;
 *   return r;
 * }
 * laneInlinable(lowerToIR(ramp, [{ kind: 'f64' }]).functions[0]!); // → true
 * ```
 */
export function laneInlinable(fn: IRFunction): boolean {
  const last = fn.body.at(-1);
  if (fn.returnType.kind !== 'f64' || !fn.params.every((p) => p.type.kind === 'f64') || last?.kind !== 'return' || !last.value) return false;
  const names = new Set(fn.params.map((p) => p.name));
  return pureStmts(fn.body.slice(0, -1), names) && pure(last.value, names);
}

/** Replaces each local of `e` by its current value. */
function rename(e: Expr, env: ReadonlyMap<string, Expr>): Expr {
  switch (e.op) {
    case 'local': return env.get(e.name) ?? e;
    case 'binary': case 'compare': return { ...e, left: rename(e.left, env), right: rename(e.right, env) };
    case 'unary': return { ...e, arg: rename(e.arg, env) };
    case 'math': return { ...e, args: e.args.map((a) => rename(a, env)) };
    case 'select': return { ...e, cond: rename(e.cond, env), then: rename(e.then, env), else: rename(e.else, env) };
    default: return e;
  }
}

/** The caller being rewritten: its statements out, its new locals, fresh names. */
interface Site {
  readonly out: Stmt[];
  readonly locals: Param[];
  readonly taken: Set<string>;
  readonly callees: ReadonlyMap<string, IRFunction>;
}

function fresh(site: Site, base: string): Expr {
  let name = base;
  for (let k = 1; site.taken.has(name); k++) name = `${base}$${k}`;
  site.taken.add(name);
  site.locals.push({ name, type: F64 });
  return { op: 'local', type: F64, name };
}

function declare(site: Site, base: string, init: Expr): Expr {
  const local = fresh(site, base);
  site.out.push({ kind: 'declare', name: (local as Extract<Expr, { op: 'local' }>).name, init });
  return local;
}

/** Emits `stmts` of `callee` into the caller as declarations, updating `env` (name → current value). */
function inlineStmts(site: Site, callee: string, stmts: readonly Stmt[], env: Map<string, Expr>): void {
  for (const s of stmts) {
    if (s.kind === 'declare' || s.kind === 'assign') {
      const value = rename(s.kind === 'declare' ? s.init : s.value, env);
      // a constant (cnd's A1…A5) is used where it stands
      env.set(s.name, value.op === 'const' ? value : declare(site, `${callee}.${s.name}`, value));
    } else if (s.kind === 'if') {
      const cond = rename(s.cond, env);
      const yes = new Map(env), no = new Map(env);
      inlineStmts(site, callee, s.then, yes);
      inlineStmts(site, callee, s.else, no);
      // the names the `if` may change and that outlive it: each is one branch's value or the other's
      for (const [name, before] of env) {
        const a = yes.get(name)!, b = no.get(name)!;
        if (a !== before || b !== before) env.set(name, declare(site, `${callee}.${name}`, { op: 'select', type: F64, cond, then: a, else: b }));
      }
    }
  }
}

/** `e` with every call of an inlinable function replaced by the callee's value (its body emitted before). */
function inlineCalls(site: Site, e: Expr): Expr {
  if (e.op === 'call') {
    const args = e.args.map((a) => inlineCalls(site, a));
    const callee = site.callees.get(e.callee);
    if (!callee) return { ...e, args };
    const env = new Map<string, Expr>();
    callee.params.forEach((p, k) => env.set(p.name, declare(site, `${callee.name}.${p.name}`, args[k]!)));
    inlineStmts(site, callee.name, callee.body.slice(0, -1), env);
    return rename((callee.body.at(-1) as Extract<Stmt, { kind: 'return' }>).value!, env);
  }
  switch (e.op) {
    case 'binary': case 'compare': return { ...e, left: inlineCalls(site, e.left), right: inlineCalls(site, e.right) };
    case 'unary': return { ...e, arg: inlineCalls(site, e.arg) };
    case 'math': return { ...e, args: e.args.map((a) => inlineCalls(site, a)) };
    default: return e;
  }
}

/** A loop body with its inlinable calls inlined (only calls under `+ - * /`, negation and Math, so all are reached). */
function inlineBody(site: Site, body: readonly Stmt[]): Stmt[] {
  const saved = site.out.splice(0);
  for (const s of body) {
    if (s.kind === 'declare') site.out.push({ ...s, init: inlineCalls(site, s.init) });
    else if (s.kind === 'store') site.out.push({ ...s, value: inlineCalls(site, s.value) });
    else if (s.kind === 'loop') site.out.push({ ...s, body: inlineBody(site, s.body) });
    else site.out.push(s);
  }
  return site.out.splice(0, site.out.length, ...saved);
}

/**
 * The module with every call of a {@link laneInlinable} function in a loop body's `const` or store inlined;
 * the module itself when there is none.
 *
 * @example
 * ```ts
 * import { lowerToIR } from '../pipeline.js';
 * import { inlineLaneCalls } from './inline-lanes.js';
 *
 * function half(d: number) {
 *   return 0.5 * d;
 * }
 * function halves(out: Float64Array, xs: Float64Array) {
 *   for (let i = 0; i < xs.length; i++) {
 *     const h = half(xs[i]!);
 *     out[i] = h;
 *   }
 * }
 * const f64 = { kind: 'array', element: 'f64' } as const;
 * const ir = inlineLaneCalls(lowerToIR(halves, [f64, f64], { half }));
 * JSON.stringify(ir.functions.at(-1)!.body).includes('"op":"call"'); // → false
 * ```
 */
export function inlineLaneCalls(ir: IRModule): IRModule {
  const callees = new Map(ir.functions.filter(laneInlinable).map((f) => [f.name, f]));
  if (!callees.size) return ir;
  const functions = ir.functions.map((fn) => {
    const site: Site = { out: [], locals: [...fn.locals], taken: new Set([...fn.params, ...fn.locals].map((p) => p.name)), callees };
    const visit = (stmts: readonly Stmt[]): Stmt[] => stmts.map((s) => {
      if (s.kind === 'loop') return { ...s, body: inlineBody(site, s.body) };
      if (s.kind === 'if') return { ...s, then: visit(s.then), else: visit(s.else) };
      return s;
    });
    const body = visit(fn.body);
    return site.locals.length === fn.locals.length ? fn : { ...fn, body, locals: site.locals };
  });
  return { ...ir, functions };
}
