/**
 * Counted loops that draw `Math.random()` and compute `Math.exp` of the draws (a Monte Carlo integral:
 * `const x = Math.random(); s += Math.exp(-x * x)`), several iterations at a time: the draws of iteration `i`,
 * then those of `i + 1`, and so on, scalar and in the order plain JS makes them (the stream is one sequence), then
 * the values of iterations `i, i + 1` in one f64x2 pair (`Math.exp` by `lanes-math.ts`, bit-exact with V8), then
 * each sum updated with lane 0 and then lane 1: the additions happen in the order and on the doubles of the
 * scalar loop, so nothing is reassociated and no `fastmath` is needed. The unchanged scalar loop follows and runs
 * the odd last iteration (and the whole loop when fewer than two are left). `emitRandomLanes` says how many
 * iterations a pass takes, and why.
 *
 * Exact by construction, because the body has nothing else: every statement is a `const` of a double (a lane
 * value) or a sum `s += e` / `s -= e` on a local the body uses nowhere else, computed from draws, unchanged
 * locals, constants, `+ - * /`, negation, squaring and `Math.exp/log/sqrt/abs/min/max`, which cannot throw, store
 * or call out. A draw inside either branch of `c ? a : b` is refused (JS makes only one branch's draws). Nothing in
 * such a body can break, return or throw, so a call runs every iteration's draws, as the scalar loop would.
 *
 * @module
 */
import type { Expr, IRModule, Loop, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import type { Instr, OpName, ValType } from './encode.js';
import { emitLanesExp, emitLanesLog } from './lanes-math.js';

/**
 * Why `'auto'` (rule 0, `index.ts`) puts a function that calls `Math.random()` on JS or on Wasm: Wasm only when a
 * loop of it runs here, as scalar draws gain nothing there (a loop of draws: about 1.0× of the JS backend's time).
 *
 * @example
 * ```ts
 * import { RANDOM_ROUTES } from './random-lanes.js';
 *
 * RANDOM_ROUTES.wasm.startsWith('a loop draws Math.random()'); // → true
 * ```
 */
export const RANDOM_ROUTES = {
  js: 'auto: it calls Math.random(), and no loop of it computes Math.exp of the draws in lanes: scalar draws run as fast inlined in JavaScript as in Wasm',
  wasm: 'a loop draws Math.random() and computes Math.exp of the draws in f64x2 lanes (draws in stream order, sums in iteration order: bit-exact), about half the JS backend\'s time',
} as const;

/**
 * A loop {@link planRandomLanes} accepts.
 *
 * @example
 * ```ts
 * import type { RandomLanesPlan } from './random-lanes.js';
 *
 * const reductions: RandomLanesPlan['reductions'] = [{ name: 's', negate: false }];
 * ```
 */
export interface RandomLanesPlan {
  /** The i32 counter. */
  readonly index: string;
  /** The loop bound, evaluated once before the pairs. */
  readonly bound: Expr;
  /** The body's `Math.random()` calls in the order JS makes them in one iteration. */
  readonly draws: readonly Expr[];
  /** The `const`s of the body: lane values. */
  readonly lanes: readonly string[];
  /** The sums, `negate` for `s -= e`. */
  readonly reductions: readonly { readonly name: string; readonly negate: boolean }[];
  /** The body, in order. */
  readonly body: readonly Stmt[];
}

const LANE_MATH = new Set(['exp', 'log', 'sqrt', 'abs', 'min', 'max']);

/** Whether `e` reads local `name`. */
function reads(e: Expr, name: string): boolean {
  let found = false;
  visit(e, (x) => { if (x.op === 'local' && x.name === name) found = true; });
  return found;
}

/** Visits `e` and its operands in the order JS evaluates them (a `select`'s condition, then its branches). */
function visit(e: Expr, f: (e: Expr) => void): void {
  f(e);
  switch (e.op) {
    case 'binary': case 'compare': visit(e.left, f); visit(e.right, f); return;
    case 'unary': case 'convert': visit(e.arg, f); return;
    case 'math': e.args.forEach((a) => visit(a, f)); return;
    case 'select': visit(e.cond, f); visit(e.then, f); visit(e.else, f); return;
    default:
  }
}

/** The term of `s = s + e`, `s = s - e` or `s = e + s`, if `s` is not in it. */
function termOf(s: Extract<Stmt, { kind: 'assign' }>): { own: Expr; negate: boolean } | undefined {
  const v = s.value;
  if (v.op !== 'binary' || v.type.kind !== 'f64' || (v.operator !== 'add' && v.operator !== 'sub')) return undefined;
  const mine = (x: Expr): boolean => x.op === 'local' && x.name === s.name;
  const own = mine(v.left) ? v.right : v.operator === 'add' && mine(v.right) ? v.left : undefined;
  return own && !reads(own, s.name) ? { own, negate: v.operator === 'sub' } : undefined;
}

/**
 * The plan of a loop that draws and computes `Math.exp` in lanes, or why it does not qualify.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planRandomLanes } from './random-lanes.js';
 *
 * function mc(n: number) {
 *   let s = 0;
 *   for (let i = 0; i < n; i++) {
 *     const x = Math.random();
 *     s += Math.exp(-x * x);
 *   }
 *   return s / n;
 * }
 * const loops: Loop[] = [];
 * walkStmts(lowerToIR(mc, [{ kind: 'i32' }]).functions[0]!.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
 * const plan = planRandomLanes(loops[0]!);
 * typeof plan !== 'string' && [plan.draws.length, plan.lanes, plan.reductions]; // → [ 1, [ 'x' ], [ { name: 's', negate: false } ] ]
 * ```
 */
export function planRandomLanes(loop: Loop): RandomLanesPlan | string {
  const t = loop.test;
  if (!t || loop.postTest || t.op !== 'compare' || t.operator !== 'lt' || t.left.op !== 'local' || t.left.type.kind !== 'i32') return 'not a counted loop';
  const index = t.left.name;
  const inc = loop.continuing[0];
  if (loop.continuing.length !== 1 || inc?.kind !== 'assign' || inc.name !== index || inc.value.op !== 'binary' || inc.value.operator !== 'add'
    || inc.value.left.op !== 'local' || inc.value.left.name !== index || inc.value.right.op !== 'const' || inc.value.right.value !== 1) return 'the counter does not step by 1';
  const assigned = new Set(loop.body.flatMap((s) => (s.kind === 'declare' || s.kind === 'assign' ? [s.name] : [])));
  const unchanged = (name: string): boolean => name !== index && !assigned.has(name);
  const bound = (e: Expr): boolean =>
    (e.op === 'const' && e.type.kind === 'i32') || (e.op === 'local' && e.type.kind === 'i32' && unchanged(e.name))
    || (e.op === 'length' && e.array.op === 'local' && unchanged(e.array.name))
    || (e.op === 'binary' && e.type.kind === 'i32' && (e.operator === 'add' || e.operator === 'sub') && bound(e.left) && bound(e.right));
  if (!bound(t.right)) return 'the bound is not an unchanged int32 expression';

  const lanes: string[] = [];
  const lane = (e: Expr): boolean => {
    switch (e.op) {
      case 'const': return typeof e.value === 'number';
      case 'random': return true;
      case 'local': return lanes.includes(e.name) || (e.type.kind === 'f64' && unchanged(e.name));
      case 'convert': return e.type.kind === 'f64' && e.arg.op === 'local' && e.arg.type.kind === 'i32' && unchanged(e.arg.name);
      case 'binary': return e.type.kind === 'f64' && ['add', 'sub', 'mul', 'div'].includes(e.operator) && lane(e.left) && lane(e.right);
      case 'unary': return e.type.kind === 'f64' && (e.operator === 'neg' || e.operator === 'square') && lane(e.arg);
      case 'math': return e.type.kind === 'f64' && LANE_MATH.has(e.fn) && e.args.length === (e.fn === 'min' || e.fn === 'max' ? 2 : 1) && e.args.every(lane);
      case 'select': {
        const c = e.cond;
        // JS draws in one branch only: both are computed here, so neither may draw
        const draws = [e.then, e.else].some((b) => { let d = false; visit(b, (x) => { if (x.op === 'random') d = true; }); return d; });
        return !draws && e.type.kind === 'f64' && c.op === 'compare' && c.left.type.kind === 'f64' && lane(c.left) && lane(c.right) && lane(e.then) && lane(e.else);
      }
      default: return false;
    }
  };
  const reductions: Array<{ name: string; negate: boolean }> = [];
  const draws: Expr[] = [];
  let exp = false;
  for (const s of loop.body) {
    let value: Expr;
    if (s.kind === 'declare' && s.init.type.kind === 'f64') {
      if (!lane(s.init)) return `a value (${s.name}) the lanes cannot compute`;
      value = s.init;
      lanes.push(s.name);
    } else if (s.kind === 'assign') {
      const term = termOf(s);
      const elsewhere = loop.body.some((o) => o !== s && ((o.kind === 'declare' && reads(o.init, s.name)) || (o.kind === 'assign' && (o.name === s.name || reads(o.value, s.name)))));
      if (!term || elsewhere || lanes.includes(s.name)) return `an assignment to ${s.name} that is not a sum used nowhere else in the body`;
      if (!lane(term.own)) return `a term of the sum ${s.name} the lanes cannot compute`;
      value = term.own;
      reductions.push({ name: s.name, negate: term.negate });
    } else return `a ${s.kind} in the body`;
    visit(value, (x) => {
      if (x.op === 'random') draws.push(x);
      if (x.op === 'math' && x.fn === 'exp') exp = true;
    });
  }
  if (!draws.length) return 'no Math.random() in the body';
  if (!exp) return 'no Math.exp in the body';
  return { index, bound: t.right, draws, lanes, reductions, body: loop.body };
}

/**
 * Whether some loop of the module is one {@link planRandomLanes} takes: rule 0 of `'auto'` asks before it
 * generates any code, as a module it would not run is not worth emitting (a function that draws and has no such
 * loop stays on JS); once generated, the loop must also have run in lanes (`randomLanes` of the module).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { randomLanesIn } from './random-lanes.js';
 *
 * function pi(n: number) {
 *   let inside = 0;
 *   for (let i = 0; i < n; i++) if (Math.random() ** 2 + Math.random() ** 2 < 1) inside++;
 *   return (4 * inside) / n;
 * }
 * randomLanesIn(lowerToIR(pi, [{ kind: 'i32' }])); // → false
 * ```
 */
export function randomLanesIn(ir: IRModule): boolean {
  let found = false;
  for (const f of ir.functions) walkIR(f.body, { stmt: (s) => { if (!found && s.kind === 'loop' && typeof planRandomLanes(s) !== 'string') found = true; } });
  return found;
}

/**
 * What {@link emitRandomLanes} needs of the function generator.
 *
 * @example
 * ```ts
 * import type { RandomLanesHost } from './random-lanes.js';
 *
 * // The Wasm function generator is the real host (gen-vectors.ts): it gives its locals and its own draw.
 * type Counter = ReturnType<RandomLanesHost['counter']>; // the i32 local of the loop's counter
 * ```
 */
export interface RandomLanesHost {
  emit(op: OpName, imm?: Instr['imm']): void;
  temp(t: ValType): number;
  /** The i32 local of the counter. */
  counter(): number;
  /** The f64 local of a lane value or a sum. */
  scalar(name: string): number;
  /** Emits an unchanged expression as a double, or an int32 (the bound). */
  value(e: Expr, as: 'f64' | 'i32'): void;
  /** Emits one `Math.random()`, leaving its double. */
  draw(): void;
}

/** Instructions held back to be interleaved (`emitRandomLanes`). */
type Buffered = Array<{ op: OpName; imm: Instr['imm'] }>;

/**
 * Emits the passes of `plan` in front of the scalar loop: four iterations per pass while four are left (two
 * f64x2 pairs, their code interleaved: one pair's `Math.exp` is a chain of about 30 dependent operations, and
 * two chains side by side keep the CPU busy where one leaves it waiting), then one pass of two if two are left.
 * Each pass makes its iterations' draws in order, computes their values in lanes, updates each sum lane by lane
 * in iteration order, and leaves the lane values of its last iteration in their locals, as the scalar loop would.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import type { OpName } from './encode.js';
 * import { emitRandomLanes, planRandomLanes } from './random-lanes.js';
 *
 * function mc(n: number) {
 *   let s = 0;
 *   for (let i = 0; i < n; i++) {
 *     const x = Math.random();
 *     s += Math.exp(-x * x);
 *   }
 *   return s / n;
 * }
 * const loops: Loop[] = [];
 * walkStmts(lowerToIR(mc, [{ kind: 'i32' }]).functions[0]!.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
 * const ops: OpName[] = [];
 * let next = 10;
 * const plan = planRandomLanes(loops[0]!);
 * if (typeof plan !== 'string') {
 *   emitRandomLanes(plan, { emit: (op) => void ops.push(op), temp: () => next++, counter: () => 1, scalar: () => 2, value: () => void ops.push('local.get'), draw: () => void ops.push('call') });
 * }
 * // a pass of four iterations and a pass of two: six draws, and s updated once per iteration, in order
 * [ops.filter((op) => op === 'call').length, ops.filter((op) => op === 'f64.add').length]; // → [ 6, 6 ]
 * ```
 */
export function emitRandomLanes(plan: RandomLanesPlan, h: RandomLanesHost): void {
  const i = h.counter();
  const limit = h.temp('i32');
  h.value(plan.bound, 'i32');
  h.emit('local.set', limit);

  // unchanged leaves, splatted once before the loop
  const splats = new Map<string, number>();
  const leafKey = (e: Expr): string | undefined =>
    e.op === 'const' ? `c${Object.is(e.value, -0) ? '-0' : String(e.value)}`
      : e.op === 'local' && !plan.lanes.includes(e.name) ? `l${e.name}`
      : e.op === 'convert' ? `i${(e.arg as Extract<Expr, { op: 'local' }>).name}` : undefined;
  for (const s of plan.body) {
    visit(s.kind === 'declare' ? s.init : termOf(s as Extract<Stmt, { kind: 'assign' }>)!.own, (e) => {
      const key = leafKey(e);
      if (key === undefined || splats.has(key)) return;
      const v = h.temp('v128');
      h.value(e, 'f64');
      h.emit('f64x2.splat');
      h.emit('local.set', v);
      splats.set(key, v);
    });
  }
  const sums = plan.body.filter((s): s is Extract<Stmt, { kind: 'assign' }> => s.kind === 'assign');
  const U = 2;
  // per pair of a pass: its draws (lane 0, lane 1), their v128s, and the local of each lane value and term
  const groups = Array.from({ length: U }, () => ({
    drawn: plan.draws.map(() => [h.temp('f64'), h.temp('f64')] as const),
    pairs: plan.draws.map(() => h.temp('v128')),
    values: new Map<string, number>(),
    terms: [] as number[],
  }));

  /** The code of one pair's values, each computed into a local of its own (so any `local.set` ends a statement). */
  const pairCode = (g: (typeof groups)[number]): Buffered => {
    const out: Buffered = [];
    const lh = { emit: (op: OpName, imm?: Instr['imm']): void => void out.push({ op, imm }), temp: (t: ValType): number => h.temp(t) };
    const put = (): number => { const t = h.temp('v128'); lh.emit('local.set', t); return t; };
    const node = (e: Expr): number => {
      const k = plan.draws.indexOf(e);
      if (k >= 0) return g.pairs[k]!;
      if (e.op === 'local' && g.values.has(e.name)) return g.values.get(e.name)!;
      const key = leafKey(e);
      if (key !== undefined) return splats.get(key)!;
      const get = (l: number): void => lh.emit('local.get', l);
      switch (e.op) {
        case 'binary': { const a = node(e.left), b = node(e.right); get(a); get(b); lh.emit(`f64x2.${e.operator as 'add'}`); return put(); }
        case 'unary': { const a = node(e.arg); get(a); if (e.operator === 'neg') lh.emit('f64x2.neg'); else { get(a); lh.emit('f64x2.mul'); } return put(); }
        case 'math': {
          const args = e.args.map(node);
          args.forEach(get);
          if (e.fn === 'exp') emitLanesExp(lh);
          else if (e.fn === 'log') emitLanesLog(lh);
          else lh.emit(`f64x2.${e.fn as 'sqrt'}`);
          return put();
        }
        case 'select': {
          const c = e.cond as Extract<Expr, { op: 'compare' }>;
          [node(e.then), node(e.else), node(c.left), node(c.right)].forEach(get);
          lh.emit(`f64x2.${c.operator as 'lt'}`);
          lh.emit('v128.bitselect');
          return put();
        }
        default: throw new Error(`internal: ${e.op} in a random lanes loop`);
      }
    };
    g.terms = [];
    for (const s of plan.body) {
      if (s.kind === 'declare') g.values.set(s.name, node(s.init));
      else {
        g.terms.push(node(termOf(s as Extract<Stmt, { kind: 'assign' }>)!.own));
      }
    }
    return out;
  };

  const pass = (u: number, loop: boolean): void => {
    h.emit('block', null);
    if (loop) h.emit('loop', null);
    // 2u iterations left: limit - i ≥ 2u, in i64 (no int32 overflow at either end)
    h.emit('local.get', limit); h.emit('i64.extend_i32_s'); h.emit('local.get', i); h.emit('i64.extend_i32_s'); h.emit('i64.sub');
    h.emit('i64.const', BigInt(2 * u)); h.emit('i64.lt_s'); h.emit('br_if', loop ? 1 : 0);
    const used = groups.slice(0, u);
    // the draws of iterations i, i + 1, …, each iteration's in the order JS makes them: the stream's order
    for (const g of used) for (const lane of [0, 1]) for (const d of g.drawn) { h.draw(); h.emit('local.set', d[lane]!); }
    for (const g of used) {
      g.drawn.forEach(([a, b], k) => {
        h.emit('local.get', a); h.emit('f64x2.splat'); h.emit('local.get', b); h.emit('f64x2.replace_lane', 1);
        h.emit('local.set', g.pairs[k]!);
      });
    }
    // the pairs' code interleaved statement by statement (each a value into its own local: any order is valid)
    const codes = used.map((g) => pairCode(g));
    const at = codes.map(() => 0);
    while (codes.some((c, k) => at[k]! < c.length)) {
      codes.forEach((c, k) => {
        while (at[k]! < c.length) {
          const ins = c[at[k]!++]!;
          h.emit(ins.op, ins.imm);
          if (ins.op === 'local.set') break;
        }
      });
    }
    // each sum in iteration order: lane 0 then lane 1 of each pair (s + e and e + s are the same double)
    for (const g of used) {
      for (const lane of [0, 1]) {
        sums.forEach((s, r) => {
          const sum = h.scalar(s.name);
          h.emit('local.get', sum); h.emit('local.get', g.terms[r]!); h.emit('f64x2.extract_lane', lane);
          h.emit((s.value as Extract<Expr, { op: 'binary' }>).operator === 'sub' ? 'f64.sub' : 'f64.add');
          h.emit('local.set', sum);
        });
      }
    }
    // the lane values of the pass's last iteration, as the scalar loop leaves them (a `var` outlives the loop)
    for (const [name, l] of used[u - 1]!.values) { h.emit('local.get', l); h.emit('f64x2.extract_lane', 1); h.emit('local.set', h.scalar(name)); }
    h.emit('local.get', i); h.emit('i32.const', 2 * u); h.emit('i32.add'); h.emit('local.set', i);
    if (loop) { h.emit('br', 0); h.emit('end'); }
    h.emit('end');
  };
  pass(U, true);
  pass(1, false);
}

/**
 * The line `inspect()` shows for such a loop.
 *
 * @example
 * ```ts
 * import { describeRandomLanes } from './random-lanes.js';
 *
 * describeRandomLanes('mc', { index: 'i', bound: { op: 'const', type: { kind: 'i32' }, value: 9 }, draws: [], lanes: [], reductions: [{ name: 's', negate: false }], body: [] });
 * // → 'mc: the loop over i draws Math.random() in stream order, four iterations at a time, and computes their values in f64x2 lanes (Math.exp bit-exact); s adds them one by one in iteration order (exact, no reassociation)'
 * ```
 */
export function describeRandomLanes(fn: string, plan: RandomLanesPlan): string {
  const sums = plan.reductions.map((r) => r.name).join(', ');
  return `${fn}: the loop over ${plan.index} draws Math.random() in stream order, four iterations at a time, and computes their values in f64x2 lanes (Math.exp bit-exact)${sums ? `; ${sums} adds them one by one in iteration order (exact, no reassociation)` : ''}`;
}
