/**
 * Outer lanes: which loop nests the Wasm backend runs two outer iterations at a time, one per f64 lane of a v128
 * (`simd-outer-emit.ts` emits them in front of the unchanged scalar loop, which finishes an odd last iteration).
 *
 * `simd.ts` puts consecutive iterations of an innermost loop in lanes, so an in-order floating reduction there
 * stays scalar (its additions would be reassociated). Here the reduction keeps its order: lane 0 runs outer
 * iteration `i` and lane 1 iteration `i + 1`, each lane doing exactly the operations of its scalar iteration in
 * the same order (`+ - * /`, negation, `x ** 2`, `Math.sqrt/abs/min/max` are the same IEEE operations per lane),
 * so every value is bit-identical to plain JS: row norms (`s += X[i][j] * X[i][j]` per row) and pairwise
 * distances (the loop over `j` of `D[i * M + j]`, each pair's sum over `k` in its own lane).
 *
 * A nest qualifies when its outer loop is `for (; i < n; i++)` (`n` unchanged by the nest) and its body is, in
 * order: lane values (`let s = e`, `s = e`, f64), inner loops whose control is the same for both lanes (their
 * counter, test and steps read neither `i` nor lane values) and whose bodies are lane values only; then the
 * writes: stores `a[idx] = e` / `m[r][c] = e` and scalar locals for their indices (`$k = i * M + j`).
 *
 * Why the two iterations are independent (proved, not assumed):
 * - a lane value is declared in the body before it is read, so none carries from one outer iteration to the
 *   next, and it is read nowhere outside the loop (the scalar locals are not updated by the lanes);
 * - the writes come last and the nest reads no memory it writes: no array or `number[][]` it stores into is read
 *   in the nest, and every array read is provably different memory from every one written (entry parameters,
 *   which the runtime never lets alias, fresh `new …Array` locals; a packed `number[][]` and a typed array never
 *   share memory; two `number[][]` parameters of the entry neither). So lane 1's reads cannot see lane 0's
 *   writes, and the writes are done lane 0's first, in order, then lane 1's: the scalar order of writes.
 * Reads that fail (an index out of range) trap in either lane, and the whole call reruns on the JS backend.
 *
 * @module
 */
import type { Expr, IRFunction, Loop, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';

/**
 * One step of the body of a planned nest.
 *
 * @example
 * ```ts
 * import type { OuterStep } from './simd-outer.js';
 *
 * const zero = { op: 'const', type: { kind: 'f64' }, value: 0 } as const;
 * const step: OuterStep = { kind: 'lane', name: 's', value: zero };
 * ```
 */
export type OuterStep =
  /** A lane value: each lane computes `value` and keeps it in its lane of `name`. */
  | { readonly kind: 'lane'; readonly name: string; readonly value: Expr }
  /** An inner loop with the same control in both lanes: `init` and `loop.continuing` run once per pass. */
  | { readonly kind: 'inner'; readonly init: readonly Stmt[]; readonly loop: Loop; readonly body: readonly OuterStep[] }
  /** After the lanes: a scalar local (an index) or a store, run for lane 0 then for lane 1. */
  | { readonly kind: 'write'; readonly stmt: Stmt };

/**
 * A loop nest that runs two outer iterations per pass.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planOuterLanes, type OuterPlan } from './simd-outer.js';
 *
 * function norms(x: number[][], out: Float64Array) {
 *   for (let i = 0; i < x.length; i++) {
 *     let s = 0;
 *     for (let j = 0; j < x[0]!.length; j++) s += x[i]![j]! * x[i]![j]!;
 *     out[i] = Math.sqrt(s);
 *   }
 * }
 * const fn = lowerToIR(norms, [{ kind: 'matrix', layout: 'nested' }, { kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * const plan: OuterPlan | string = planOuterLanes(loops[0]!, fn, { distinct: () => true, separateMatrices: true });
 * typeof plan !== 'string' && [...plan.lanes]; // → [ 's' ]
 * ```
 */
export interface OuterPlan {
  /** The outer loop. */
  readonly loop: Loop;
  /** The outer counter (an i32 local). */
  readonly index: string;
  /** The outer bound, unchanged by the nest. */
  readonly bound: Expr;
  readonly steps: readonly OuterStep[];
  /** The lane values (f64 locals declared in the body). */
  readonly lanes: ReadonlySet<string>;
}

/**
 * What the planner needs to know of the function around the nest.
 *
 * @example
 * ```ts
 * import type { OuterContext } from './simd-outer.js';
 *
 * // In the entry function: parameters never alias (the runtime runs such calls on JS).
 * const entry: OuterContext = { distinct: (a, b) => a !== b, separateMatrices: true };
 * ```
 */
export interface OuterContext {
  /** Whether two array locals provably name different memory. */
  readonly distinct: (a: string, b: string) => boolean;
  /** Whether different `number[][]` parameters are different memory (true in the entry function). */
  readonly separateMatrices: boolean;
}

/** Names of locals an expression reads. */
function reads(e: Expr): Set<string> {
  const out = new Set<string>();
  walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'local') out.add(x.name); } });
  return out;
}

/** Expressions with no effect but a trap (which reruns the call on JS): what a lane may compute per lane. */
const PURE = new Set<Expr['op']>(['const', 'local', 'unary', 'binary', 'convert', 'math', 'load', 'length', 'rows', 'cols', 'rowOf', 'rowGet']);

function pure(e: Expr): boolean {
  let ok = true;
  walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (!PURE.has(x.op)) ok = false; } });
  return ok;
}

/** The nodes the lanes compute with f64x2 operations (everything else is a leaf, computed per lane). */
export const LANE_OPS: Readonly<Record<string, string>> = { add: 'f64x2.add', sub: 'f64x2.sub', mul: 'f64x2.mul', div: 'f64x2.div', neg: 'f64x2.neg', sqrt: 'f64x2.sqrt', abs: 'f64x2.abs', min: 'f64x2.min', max: 'f64x2.max' };

/**
 * Whether `e` is an f64 operation the lanes run as one f64x2 instruction (its operands f64).
 *
 * @example
 * ```ts
 * import { isLaneOp } from './simd-outer.js';
 *
 * const x = { op: 'local', type: { kind: 'f64' }, name: 'x' } as const;
 * isLaneOp({ op: 'binary', type: { kind: 'f64' }, operator: 'mul', left: x, right: x }); // → true
 * isLaneOp({ op: 'binary', type: { kind: 'f64' }, operator: 'mod', left: x, right: x }); // → false
 * ```
 */
export function isLaneOp(e: Expr): boolean {
  if (e.type.kind !== 'f64') return false;
  if (e.op === 'binary') return ['add', 'sub', 'mul', 'div'].includes(e.operator) && e.left.type.kind === 'f64' && e.right.type.kind === 'f64';
  if (e.op === 'unary') return (e.operator === 'neg' || e.operator === 'square') && e.arg.type.kind === 'f64';
  if (e.op === 'math') return ['sqrt', 'abs', 'min', 'max'].includes(e.fn) && e.args.length === (e.fn === 'min' || e.fn === 'max' ? 2 : 1) && e.args.every((a) => a.type.kind === 'f64');
  return false;
}

/** `if (true) { … }` with no else: a block of the source. */
const isBlock = (s: Stmt): s is Extract<Stmt, { kind: 'if' }> => s.kind === 'if' && s.cond.op === 'const' && s.cond.value === true && s.else.length === 0;

/** Statements with the blocks opened. */
function flat(stmts: readonly Stmt[]): Stmt[] {
  return stmts.flatMap((s) => (isBlock(s) ? flat(s.then) : [s]));
}

/** `for (; i < n; i++)` with `i` an i32 local: the counter and bound, or undefined. */
function counted(loop: Loop): { index: string; bound: Expr } | undefined {
  const t = loop.test, inc = loop.continuing[0];
  if (!t || loop.postTest || t.op !== 'compare' || t.operator !== 'lt' || t.left.op !== 'local' || t.left.type.kind !== 'i32') return undefined;
  const index = t.left.name;
  if (loop.continuing.length !== 1 || inc?.kind !== 'assign' || inc.name !== index || inc.value.op !== 'binary' || inc.value.operator !== 'add'
    || inc.value.left.op !== 'local' || inc.value.left.name !== index || inc.value.right.op !== 'const' || inc.value.right.value !== 1) return undefined;
  return { index, bound: t.right };
}

/**
 * The plan of a loop nest, or why its outer iterations stay one at a time.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planOuterLanes } from './simd-outer.js';
 *
 * // Each row's sum starts from the previous row's: iteration i + 1 needs iteration i.
 * function running(x: number[][], out: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < x.length; i++) {
 *     for (let j = 0; j < x[0]!.length; j++) s += x[i]![j]!;
 *     out[i] = s;
 *   }
 * }
 * const fn = lowerToIR(running, [{ kind: 'matrix', layout: 'nested' }, { kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * planOuterLanes(loops[0]!, fn, { distinct: () => true, separateMatrices: true }); // → 's is carried from one outer iteration to the next'
 * ```
 */
export function planOuterLanes(loop: Loop, fn: IRFunction, context: OuterContext): OuterPlan | string {
  const c = counted(loop);
  if (!c) return 'not a counted loop (for (; i < n; i++))';
  const { index, bound } = c;
  // what the nest assigns: anything else is the same in both lanes
  const assigned = new Set<string>();
  walkIR(loop.body, { stmt: (s) => { if (s.kind === 'declare' || s.kind === 'assign') assigned.add(s.name); } });
  if (assigned.has(index)) return 'the body changes the counter';
  const unchanged = (e: Expr): boolean => pure(e) && [...reads(e)].every((n) => !assigned.has(n) && n !== index);
  if (bound.type.kind !== 'i32' || !unchanged(bound)) return 'the bound is not an int32 value the nest leaves unchanged';
  const top = flat(loop.body);
  let lastLoop = -1;
  top.forEach((s, k) => { if (s.kind === 'loop') lastLoop = k; });
  if (lastLoop < 0) return 'no inner loop';

  const lanes = new Set<string>(), counters = new Set<string>(), writeLocals = new Set<string>();
  const loads: Array<{ array: string; matrix: boolean }> = [];
  const stores: Array<{ array: string; matrix: boolean }> = [];
  let why = '';
  const fail = (reason: string): false => { why ||= reason; return false; };
  const noteReads = (e: Expr): void => walkIR([{ kind: 'expr', expr: e }], {
    expr: (x) => {
      if (x.op === 'load') loads.push({ array: x.array.op === 'local' ? x.array.name : '?', matrix: false });
      // only elements: a row (`m[r]`) is never changed by an element store (`m[r] = row` is not in the Wasm subset)
      if (x.op === 'rowGet') loads.push({ array: x.matrix, matrix: true });
    },
  });
  // a leaf, computed per lane (or once when the same in both): pure, reading no lane value and nothing carried
  const leaf = (e: Expr, visible: ReadonlySet<string>, writes = false): boolean => {
    if (!pure(e)) return fail('an expression with an effect (a call, an assignment) in the nest');
    for (const n of reads(e)) {
      if (n === index || counters.has(n) || !assigned.has(n) || (writes && writeLocals.has(n))) continue;
      return fail(visible.has(n) ? `a lane value (${n}) used other than in f64 arithmetic` : `${n} is carried from one outer iteration to the next`);
    }
    noteReads(e);
    return true;
  };
  const laneValue = (e: Expr, visible: ReadonlySet<string>): boolean => {
    if (e.op === 'local' && visible.has(e.name)) return true;
    if (isLaneOp(e)) {
      const kids = e.op === 'binary' ? [e.left, e.right] : e.op === 'unary' ? [e.arg] : e.op === 'math' ? e.args : [];
      return kids.every((k) => laneValue(k, visible));
    }
    return e.type.kind === 'f64' ? leaf(e, visible) : fail('a value that is not a double in lane arithmetic');
  };
  const laneStep = (s: Extract<Stmt, { kind: 'declare' | 'assign' }>, visible: Set<string>): OuterStep | undefined => {
    const value = s.kind === 'declare' ? s.init : s.value;
    if (value.type.kind !== 'f64') return void fail(`a local (${s.name}) that is not a double`);
    if (s.kind === 'assign' && !visible.has(s.name)) return void fail(`${s.name} is carried from one outer iteration to the next`);
    if (!laneValue(value, visible)) return void fail(`the value of ${s.name} is not lane arithmetic on doubles`);
    visible.add(s.name);
    lanes.add(s.name);
    return { kind: 'lane', name: s.name, value };
  };
  const inner = (s: Loop, before: Stmt | undefined, visible: ReadonlySet<string>): OuterStep | undefined => {
    const ic = counted(s);
    if (flat(s.body).some((t) => t.kind === 'loop')) return void fail('an inner loop holding a loop (the innermost two loops of a nest take outer lanes)');
    if (!ic || before?.kind !== 'declare' || before.name !== ic.index) return void fail('an inner loop that is not counted (for (let k = …; k < n; k++))');
    let writes = 0;
    walkIR(loop.body, { stmt: (t) => { if ((t.kind === 'declare' || t.kind === 'assign') && t.name === ic.index) writes++; } });
    if (writes !== 2 || lanes.has(ic.index)) return void fail(`the inner counter ${ic.index} is assigned other than by its loop`);
    if (before.init.type.kind !== 'i32' || !unchanged(before.init) || !unchanged(ic.bound)) return void fail(`the inner loop over ${ic.index} may not run the same count in both lanes`);
    counters.add(ic.index);
    const scope = new Set(visible);
    const body: OuterStep[] = [];
    for (const t of flat(s.body)) {
      const step = t.kind === 'declare' || t.kind === 'assign' ? laneStep(t, scope) : void fail(`a ${t.kind} in an inner loop (only lane values there: no stores, branches or loops)`);
      if (!step) return undefined;
      body.push(step);
    }
    return { kind: 'inner', init: [before], loop: s, body };
  };

  // names a store's value reads, through the doubles declared after the last inner loop
  const valueNames = new Set<string>();
  for (let k = top.length - 1; k > lastLoop; k--) {
    const s = top[k]!;
    if (s.kind === 'store' || s.kind === 'matrixStore') reads(s.value).forEach((n) => valueNames.add(n));
    else if ((s.kind === 'declare' || s.kind === 'assign') && valueNames.has(s.name)) reads(s.kind === 'declare' ? s.init : s.value).forEach((n) => valueNames.add(n));
  }
  const steps: OuterStep[] = [], writes: OuterStep[] = [];
  const visible = new Set<string>();
  for (let k = 0; k < top.length; k++) {
    const s = top[k]!, next = top[k + 1];
    if (s.kind === 'declare' && next?.kind === 'loop' && counted(next)?.index === s.name) continue;
    let step: OuterStep | undefined;
    if (s.kind === 'loop') step = inner(s, top[k - 1], visible);
    else if ((s.kind === 'declare' || s.kind === 'assign') && (k < lastLoop || valueNames.has(s.name))) step = laneStep(s, visible);
    else if (k < lastLoop) fail(`a ${s.kind} before an inner loop (only lane values there)`);
    else if (s.kind === 'declare' || s.kind === 'assign') {
      if (lanes.has(s.name) || (s.kind === 'assign' && !writeLocals.has(s.name))) fail(`${s.name} is carried from one outer iteration to the next`);
      else if (leaf(s.kind === 'declare' ? s.init : s.value, visible, true)) {
        writeLocals.add(s.name);
        writes.push({ kind: 'write', stmt: s });
        continue;
      }
    } else if (s.kind === 'store' || s.kind === 'matrixStore') {
      const target = s.kind === 'store' ? (s.array.op === 'local' && !assigned.has(s.array.name) ? s.array.name : undefined) : s.matrix;
      if (!target) fail('a store into an array that is not an unchanged variable');
      else if (s.kind === 'matrixStore' && (!s.checked || !(s.row.op === 'rowOf' ? s.row.matrix === s.matrix : s.row.op === 'local' && writeLocals.has(s.row.name)))) fail('a store into a row that is not m[r] of a number[][] or a row taken after the inner loops');
      else if (s.value.type.kind !== 'f64') fail('a store of a value that is not a double');
      else if (leaf(s.kind === 'store' ? s.index : s.col, visible, true) && (s.kind === 'store' || leaf(s.row, visible, true)) && laneValue(s.value, visible)) {
        stores.push({ array: target, matrix: s.kind === 'matrixStore' });
        writes.push({ kind: 'write', stmt: s });
        continue;
      }
    } else fail(`a ${s.kind} after the inner loops (only stores and their index locals there)`);
    if (!step) return why || 'internal: no reason';
    steps.push(step);
  }
  if (!stores.length) return 'no store: nothing for the lanes to write';
  // independence: the nest reads no memory it writes
  for (const w of stores) {
    for (const r of loads) {
      if (w.matrix !== r.matrix) continue; // a packed number[][] and a typed array never share memory
      if (w.array === r.array) return `${w.array} is written and read in the nest: one lane could read what the other writes`;
      if (w.matrix ? !context.separateMatrices : !context.distinct(w.array, r.array)) return `${r.array} may be the same memory as ${w.array}, which the nest writes`;
    }
  }
  // lane values are not read after the loop (the lanes leave their scalar locals as they were)
  const uses = (stmts: readonly Stmt[]): Map<string, number> => {
    const n = new Map<string, number>();
    const add = (name: string): void => { if (lanes.has(name)) n.set(name, (n.get(name) ?? 0) + 1); };
    walkIR(stmts, { stmt: (t) => { if (t.kind === 'declare' || t.kind === 'assign') add(t.name); }, expr: (x) => { if (x.op === 'local') add(x.name); } });
    return n;
  };
  const inLoop = uses([loop]);
  const outside = [...uses(fn.body)].find(([name, count]) => count > (inLoop.get(name) ?? 0))?.[0];
  if (outside) return `the lane value ${outside} is used outside the loop`;
  return { loop, index, bound, steps: [...steps, ...writes], lanes };
}

/**
 * The line `inspect()` shows for a nest in outer lanes.
 *
 * @example
 * ```ts
 * import { describeOuter } from './simd-outer.js';
 *
 * const i = { op: 'local', type: { kind: 'i32' }, name: 'n' } as const;
 * describeOuter('norms', { loop: { kind: 'loop', test: null, body: [], continuing: [], postTest: null }, index: 'i', bound: i, steps: [], lanes: new Set(['s']) });
 * // → 'norms: the loop over i runs 2 iterations at a time in f64 lanes (f64x2, outer lanes), each lane in its scalar order (s)'
 * ```
 */
export function describeOuter(fn: string, plan: OuterPlan): string {
  return `${fn}: the loop over ${plan.index} runs 2 iterations at a time in f64 lanes (f64x2, outer lanes), each lane in its scalar order (${[...plan.lanes].join(', ')})`;
}
