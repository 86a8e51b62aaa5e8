/**
 * Which counted loops the Wasm backend runs two f64 lanes at a time (v128), and how: the plan `codegen.ts` emits
 * as a vector loop in front of the unchanged scalar loop, which then finishes the last element (and anything the
 * vector loop could not prove in range, with its own checks).
 *
 * A loop qualifies when it is `for (; i < n; i++)` (`n` a length, an unchanged local or a constant) and every
 * statement of its body is one of:
 * - `const x = e`: a lane value;
 * - `out[i] = e` into a Float64Array: an elementwise map (each lane computes exactly the scalar IEEE operation,
 *   so the result is bit-identical);
 * - `s += e` / `s -= e` on an f64 local used nowhere else in the body: a reduction, whose order changes with
 *   lanes, so only with `fastmath: true` (the sum may then differ in the last bits; numba's `fastmath` allows
 *   the same reassociation). Without it the loop stays scalar and in order.
 *
 * where `e` is built from Float64Array reads at `i`, constants, locals the body does not change, `+ - * /`,
 * negation, `x ** 2`, `Math.sqrt/abs/min/max` (per lane exactly as the scalar instructions).
 *
 * @module
 */
import type { Expr, Loop, Stmt } from '../ir.js';

/**
 * A vectorizable loop.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planSimd, type SimdPlan } from './simd.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const fn = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * const plan: SimdPlan | string = planSimd(loops[0]!, true);
 * typeof plan !== 'string' && plan.reductions; // → [ { name: 's', negate: false } ]
 * ```
 */
export interface SimdPlan {
  /** The i32 counter. */
  readonly index: string;
  /** The loop bound, evaluated once before the vector loop. */
  readonly bound: Expr;
  /** Arrays read or written (the vector loop stops before the shortest one ends). */
  readonly arrays: readonly string[];
  /** Locals declared in the body: lane values. */
  readonly lanes: ReadonlySet<string>;
  /** Reduction accumulators; `negate` for `s -= e`. */
  readonly reductions: readonly { readonly name: string; readonly negate: boolean }[];
  /** The body, in order. */
  readonly body: readonly Stmt[];
}

const VECTOR_MATH = new Set(['sqrt', 'abs', 'min', 'max']);

function refs(e: Expr, name: string): boolean {
  switch (e.op) {
    case 'local': return e.name === name;
    case 'binary': return refs(e.left, name) || refs(e.right, name);
    case 'unary': case 'convert': return refs(e.arg, name);
    case 'math': return e.args.some((a) => refs(a, name));
    case 'load': return refs(e.index, name) || refs(e.array, name);
    default: return false;
  }
}

/**
 * The plan of a loop, or why it stays scalar.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planSimd } from './simd.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const fn = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * planSimd(loops[0]!, false); // → 'an in-order floating reduction (s): fastmath is off, so it stays scalar and exact'
 * ```
 */
export function planSimd(loop: Loop, fastmath: boolean): SimdPlan | string {
  const t = loop.test;
  if (!t || loop.postTest || t.op !== 'compare' || t.operator !== 'lt' || t.left.op !== 'local' || t.left.type.kind !== 'i32') return 'not a counted loop';
  const index = t.left.name;
  const bound = t.right;
  if (!(bound.op === 'local' && bound.type.kind === 'i32') && !(bound.op === 'length' && bound.array.op === 'local') && !(bound.op === 'const' && bound.type.kind === 'i32')) {
    return 'the bound is not a length, a local or a constant';
  }
  const step = loop.continuing;
  const inc = step[0];
  if (step.length !== 1 || inc?.kind !== 'assign' || inc.name !== index || inc.value.op !== 'binary' || inc.value.operator !== 'add'
    || inc.value.left.op !== 'local' || inc.value.left.name !== index || inc.value.right.op !== 'const' || inc.value.right.value !== 1) {
    return 'the counter does not step by 1';
  }
  const assigned = new Set<string>();
  for (const s of loop.body) if (s.kind === 'declare' || s.kind === 'assign') assigned.add(s.name);
  if (assigned.has(index) || (bound.op === 'local' && assigned.has(bound.name))) return 'the body changes the counter or the bound';
  const lanes = new Set<string>();
  const arrays = new Set<string>();
  const reductions: Array<{ name: string; negate: boolean }> = [];
  let memory = false;
  const vexpr = (e: Expr): boolean => {
    switch (e.op) {
      case 'const': return typeof e.value === 'number';
      case 'local': return lanes.has(e.name) || (!assigned.has(e.name) && (e.type.kind === 'f64' || e.type.kind === 'i32') && e.name !== index);
      case 'convert': return e.type.kind === 'f64' && e.arg.op === 'local' && e.arg.type.kind === 'i32' && !assigned.has(e.arg.name) && e.arg.name !== index;
      case 'load':
        if (e.element !== 'f64' || e.array.op !== 'local' || e.index.op !== 'local' || e.index.name !== index) return false;
        arrays.add(e.array.name);
        memory = true;
        return true;
      case 'binary': return e.type.kind === 'f64' && (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul' || e.operator === 'div') && vexpr(e.left) && vexpr(e.right);
      case 'unary': return e.type.kind === 'f64' && (e.operator === 'neg' || e.operator === 'square') && vexpr(e.arg);
      case 'math': return e.type.kind === 'f64' && VECTOR_MATH.has(e.fn) && e.args.length === (e.fn === 'min' || e.fn === 'max' ? 2 : 1) && e.args.every(vexpr);
      default: return false;
    }
  };
  for (const s of loop.body) {
    if (s.kind === 'declare' && s.init.type.kind === 'f64' && vexpr(s.init)) {
      lanes.add(s.name);
      continue;
    }
    if (s.kind === 'store' && s.element === 'f64' && s.array.op === 'local' && s.index.op === 'local' && s.index.name === index && vexpr(s.value)) {
      arrays.add(s.array.name);
      memory = true;
      continue;
    }
    if (s.kind === 'assign' && s.value.op === 'binary' && s.value.type.kind === 'f64' && (s.value.operator === 'add' || s.value.operator === 'sub')) {
      const { left, right, operator } = s.value;
      const own = left.op === 'local' && left.name === s.name ? right : operator === 'add' && right.op === 'local' && right.name === s.name ? left : undefined;
      const elsewhere = loop.body.some((o) => o !== s && ((o.kind === 'declare' && refs(o.init, s.name)) || (o.kind === 'store' && refs(o.value, s.name)) || (o.kind === 'assign' && (o.name === s.name || refs(o.value, s.name)))));
      if (own && !refs(own, s.name) && !elsewhere && vexpr(own)) {
        if (!fastmath) return `an in-order floating reduction (${s.name}): fastmath is off, so it stays scalar and exact`;
        reductions.push({ name: s.name, negate: operator === 'sub' });
        continue;
      }
    }
    return `a ${s.kind} the vector loop cannot run lane by lane`;
  }
  if (!memory) return 'no array access';
  return { index, bound, arrays: [...arrays], lanes, reductions, body: loop.body };
}
