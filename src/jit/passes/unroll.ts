/**
 * An IR-to-IR pass for the JavaScript backend: small innermost counted loops are unrolled twice.
 *
 * Why: V8 does not hoist a typed array's checks out of a loop. Every element access re-checks the array's map,
 * reloads its data pointer and length and, once any ArrayBuffer in the isolate has been detached (a transfer to
 * a worker, a WebAssembly memory growing: the "ArrayBuffer detaching" protector is then invalid for good),
 * loads the buffer's flags too. In a loop as small as `std`'s, that overhead rather than the floating-point
 * add sets the pace: 4 cycles per element instead of 3. Two iterations per trip let V8 share those checks
 * between both accesses, which brings `std` back to the latency of its dependent adds (and to numba's time)
 * whatever the protector's state.
 *
 * The transformation keeps every operation and its order, so results stay bit for bit the same:
 *
 * ```text
 * while (i < n) { body; i = i + 1 }
 *   ⇒ while (i + 1 < n) { body; i = i + 1; body; i = i + 1 }
 *     if (i < n) { body; i = i + 1 }
 * ```
 *
 * Loops that read a plain array's elements (`number[]`, `boolean[]`) stay as written: they gain nothing from
 * it, and one such loop sent V8 into a cycle of deoptimizations (see `unrollLoop`).
 *
 * It applies only where that is plainly equivalent: the test is `i < bound` on an `i32` counter, the update
 * is exactly `i = i + 1`, the body contains no loop, `break` or `continue` and assigns neither `i` nor anything
 * the bound reads, and the bound is a constant, a local, an array's length or a matrix's dimension (which
 * compiled code cannot change). `i + 1 < bound` is computed in `f64`, so it cannot overflow where `i` is the largest int32. The
 * WGSL backend does not use this pass: a GPU compiler unrolls on its own terms.
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction, type IRModule, type Loop, type Stmt } from '../ir.js';
import { BOOL, F64, plainElement, type ElementKind } from '../types.js';

/** Bodies larger than this many IR nodes are left alone: twice the code for no gain once checks are amortized. */
const MAX_BODY_NODES = 48;

/**
 * Unrolls the small innermost counted loops of every function of a module (see the module comment).
 *
 * @example
 * ```ts
 * import { lowerToIR } from '../pipeline.js';
 * import { generateJS } from '../js/codegen.js';
 * import { unrollLoops } from './unroll.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const { source } = generateJS(unrollLoops(lowerToIR(sum, [{ kind: 'array', element: 'f64' }])));
 * // Two additions per trip, then one for an odd length:
 * source.includes('for (; ((i + 1) < xs.length); i = (i + 1))'); // → true
 * source.split('s = (s + xs[i]);').length - 1; // → 3
 * ```
 */
export function unrollLoops(module: IRModule): IRModule {
  return { ...module, functions: module.functions.map(unrollFunction) };
}

function unrollFunction(f: IRFunction): IRFunction {
  return { ...f, body: unrollStmts(f.body) };
}

function unrollStmts(stmts: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of stmts) {
    if (s.kind === 'if') out.push({ ...s, then: unrollStmts(s.then), else: unrollStmts(s.else) });
    else if (s.kind === 'loop') {
      const unrolled = unrollLoop(s);
      if (unrolled) out.push(...unrolled);
      else out.push({ ...s, body: unrollStmts(s.body) });
    } else out.push(s);
  }
  return out;
}

/** The two statements replacing `loop`, or `undefined` when the loop is not of the supported shape. */
function unrollLoop(loop: Loop): Stmt[] | undefined {
  const { test, continuing, body } = loop;
  if (loop.postTest || !test || test.op !== 'compare' || test.operator !== 'lt') return undefined;
  const counter = test.left;
  if (counter.op !== 'local' || counter.type.kind !== 'i32' || test.right.type.kind !== 'i32') return undefined;
  const bound = test.right;
  const boundReads = boundLocals(bound);
  if (!boundReads) return undefined;
  if (continuing.length !== 1 || !isIncrement(continuing[0]!, counter.name)) return undefined;

  const assigned = new Set<string>();
  let nodes = 0;
  let simple = true;
  // A plain array's length (a number[] or a number[][] row) shrinks under `.pop()` (also in a callee): then
  // the second copy could run past the new end, so such loops with calls or array methods stay as they are.
  // Plain JS arrays (and arrays of objects) can change length; typed arrays cannot.
  const resizable = (bound.op === 'length' && (bound.array.type.kind !== 'array' || plainElement((bound.array.type as { element: ElementKind }).element) !== undefined)) || (bound.op === 'cols' && bound.of !== undefined);
  // A row's length (`j < m[i].length`) also changes when the body puts another object at `m[i]`: by a row
  // store (`m[i] = r`), or by an element store into a row that is the matrix itself (a caller may pass
  // `w = [m]`, and `w[0][i] = x` then replaces `m[i]`). Such loops keep their test at every iteration.
  const rowBound = bound.op === 'cols' && bound.of !== undefined;
  // A body of field arithmetic alone (objects' fields, no array element, no call) has no checks for two copies to
  // share: each copy checks its own element object's map. Unrolled, such a loop gained a little alone (200 bodies:
  // 405 against 430 ns), but its second copy pushed bg-nbody's `advance` past the size V8 inlines (460 bytecodes):
  // 65.8 ns a call unrolled against 61.4 ns as written (plain 61.3). A body with a call (awfy-bounce's
  // `ball.bounce()`) stays unrolled: it ran 0.92–0.96× of plain as written against 1.00–1.05× unrolled.
  let elements = false;
  let fields = false;
  let calls = false;
  // An element of a plain array (`number[]`, `boolean[]`) is read with its own type test (a lazy check, or the
  // entry's), and V8 shares nothing between two copies of it: sumArr over a number[] took 6.10 ms unrolled against
  // 6.11 as written. Unrolled, such a loop sent V8 into a cycle of deoptimizations instead: simple-statistics'
  // `sum`, called on two arrays in turn, deoptimized on its code after the loop (insufficient type feedback) four
  // times a call, 160 times in 40 calls, 16.5 against 7.0 ms a call as written (ss-sample-correlation).
  let plainReads = false;
  walkIR(body, {
    intoLoops: false,
    expr: (e) => {
      nodes++;
      if (e.op === 'load' && plainElement(e.element) !== undefined) plainReads = true;
      if (resizable && (e.op === 'call' || e.op === 'method')) simple = false;
      if (e.op === 'field' || e.op === 'objectAt') fields = true;
      else if (ELEMENT_READS.has(e.op)) elements = true;
      else if (e.op === 'call' || e.op === 'method') calls = true;
    },
    stmt: (s) => {
      nodes++;
      if (s.kind === 'loop' || s.kind === 'break' || s.kind === 'continue') simple = false;
      else if (s.kind === 'declare' || s.kind === 'assign') assigned.add(s.name);
      else if (rowBound && (s.kind === 'matrixStore' || (s.kind === 'store' && s.array.type.kind === 'matrix'))) simple = false;
      if (s.kind === 'fieldStore') fields = true;
      else if (s.kind === 'store' || s.kind === 'matrixStore') elements = true;
    },
  });
  if (!simple || nodes > MAX_BODY_NODES || assigned.has(counter.name) || boundReads.some((n) => assigned.has(n))) return undefined;
  if (fields && !elements && !calls) return undefined;
  if (plainReads) return undefined;

  // Locals declared in the body get a block per copy, so each copy declares its own.
  const copy = (): Stmt => ({ kind: 'if', cond: TRUE, then: body, else: [] });
  const increment = continuing[0]!;
  const nextInBounds: Expr = {
    op: 'compare', type: BOOL, operator: 'lt',
    left: { op: 'binary', type: F64, operator: 'add', left: { op: 'convert', type: F64, arg: counter }, right: ONE },
    right: { op: 'convert', type: F64, arg: bound },
  };
  return [
    { kind: 'loop', test: nextInBounds, body: [copy(), increment, copy()], continuing, postTest: null },
    { kind: 'if', cond: test, then: [...body, increment], else: [] },
  ];
}

/** Expressions that read an element of a typed array, a plain array or a matrix (what the unrolled copies share). */
const ELEMENT_READS: ReadonlySet<string> = new Set(['load', 'matrixLoad', 'rowGet', 'rowOf']);

const TRUE: Expr = { op: 'const', type: BOOL, value: true };
const ONE: Expr = { op: 'const', type: F64, value: 1 };

/** The locals a loop bound reads, if it is loop-invariant by construction (constant, local, length, dimension). */
function boundLocals(bound: Expr): string[] | undefined {
  if (bound.op === 'const') return [];
  if (bound.op === 'local') return [bound.name];
  if (bound.op === 'length' && bound.array.op === 'local') return [bound.array.name];
  if (bound.op === 'cols' && bound.of) {
    // `m[i].length` of a number[][] row: invariant when the matrix and the index are
    const of = bound.of;
    if (of.op === 'local') return [bound.matrix, of.name];
    if (of.op === 'rowOf' && (of.index.op === 'local' || of.index.op === 'const')) return [bound.matrix, ...(of.index.op === 'local' ? [of.index.name] : [])];
    return undefined;
  }
  if (bound.op === 'rows' || bound.op === 'cols') return [bound.matrix];
  return undefined;
}

function isIncrement(s: Stmt, name: string): boolean {
  if (s.kind !== 'assign' || s.name !== name) return false;
  const v = s.value;
  return v.op === 'binary' && v.operator === 'add' && v.left.op === 'local' && v.left.name === name &&
    v.right.op === 'const' && v.right.value === 1;
}
