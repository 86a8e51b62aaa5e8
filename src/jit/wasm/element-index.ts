/**
 * Locals that only ever name an element (`const k = Math.trunc(q); counts[k] += 1`): the Wasm backend keeps each
 * such value as an element number in an i32 local beside the double, computed once where the local is set, so
 * every access `a[k]` is one unsigned compare with the length.
 *
 * The element number is the value itself when the double is an integer in `[0, 2^31 - 1)` (`-0` names element 0,
 * as in JS); an integer from `2^31 - 1` on gives `2^31 - 1` (the truncation saturates), anything else
 * {@link NO_ELEMENT}. Compiled code takes typed arrays of at most `2^31 - 1` elements (`MAX_LENGTH` of the
 * dispatcher's guards), so as an unsigned number each of those names no element, as NaN, ±Infinity, negatives,
 * fractions and numbers past the length do in JS (a read gives `undefined`, which traps so the JS backend answers;
 * a write does nothing). The signed truncation is 10% faster in V8 than the unsigned one (histogram, scratch bench). Kept in i64 instead (`integral.ts`), the same local trapped on `-0` and on negatives, and went
 * through a range check per access.
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction } from '../ir.js';
import type { Instr, OpName } from './encode.js';

/** The element number that names no element: as an unsigned number, past every length. */
export const NO_ELEMENT = -1;

/**
 * The `f64` locals of `f` (not parameters) read only as the index of an element load or store, at least once.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { indexOnlyLocals } from './element-index.js';
 *
 * function bins(xs: Float64Array, counts: Int32Array) {
 *   for (let i = 0; i < xs.length; i++) {
 *     const k = Math.floor(xs[i]! * 10);
 *     counts[k] = counts[k]! + 1;
 *   }
 * }
 * const f = lowerToIR(bins, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'i32' }]).functions[0]!;
 * indexOnlyLocals(f); // → Set(1) { 'k' }
 * ```
 */
export function indexOnlyLocals(f: IRFunction): Set<string> {
  const candidates = new Set(f.locals.filter((l) => l.type.kind === 'f64').map((l) => l.name));
  for (const p of f.params) candidates.delete(p.name);
  const asIndex = new Set<Expr>();
  const used = new Set<string>();
  walkIR(f.body, {
    expr: (e) => { if (e.op === 'load' && e.index.op === 'local') asIndex.add(e.index); },
    stmt: (s) => { if (s.kind === 'store' && s.index.op === 'local') asIndex.add(s.index); },
  });
  walkIR(f.body, {
    expr: (e) => {
      if (e.op !== 'local' || !candidates.has(e.name)) return;
      if (asIndex.has(e)) used.add(e.name);
      else candidates.delete(e.name);
    },
  });
  return new Set([...candidates].filter((n) => used.has(n)));
}

/** What {@link elementRule} returns. */
export interface ElementRule {
  /** The double to evaluate (the argument of `Math.trunc`/`Math.floor`, else the value itself). */
  readonly operand: Expr;
  /** The instruction that makes the local's own value of the operand, when the operand is an argument. */
  readonly rounding?: 'f64.trunc' | 'f64.floor';
  /** The operand names an element iff it is above this (`strict`) or at least this. */
  readonly above: number;
  readonly strict: boolean;
  /** The operand is an integer (or NaN, ±Infinity) by construction, so no check that it is its own truncation. */
  readonly integral: boolean;
}

/**
 * How to turn a double into its element number: the operand to truncate (unsigned, saturating) and the test
 * that says it names an element. `Math.trunc(q)` is an element iff `q > -1` (`(-1, 0)` truncates to `-0`,
 * element 0), `Math.floor(q)` iff `q >= 0`; another integral value (a rounding `Math` call) iff it is `>= 0`; any
 * other double iff it is `>= 0` and its own truncation. From `2^31 - 1` on the truncation saturates there.
 *
 * @example
 * ```ts
 * import { elementRule } from './element-index.js';
 *
 * const q = { op: 'local', type: { kind: 'f64' }, name: 'q' } as const;
 * elementRule({ op: 'math', type: { kind: 'f64' }, fn: 'trunc', args: [q] }).above; // → -1
 * elementRule(q).integral; // → false
 * ```
 */
export function elementRule(value: Expr): ElementRule {
  if (value.op === 'math' && value.args.length === 1 && value.type.kind === 'f64') {
    if (value.fn === 'trunc') return { operand: value.args[0]!, rounding: 'f64.trunc', above: -1, strict: true, integral: true };
    if (value.fn === 'floor') return { operand: value.args[0]!, rounding: 'f64.floor', above: 0, strict: false, integral: true };
    if (value.fn === 'ceil' || value.fn === 'round') return { operand: value, above: 0, strict: false, integral: true };
  }
  return { operand: value, above: 0, strict: false, integral: false };
}

/**
 * The instructions that turn the double in local `x` (the rule's operand) into its element number on the stack.
 *
 * @example
 * ```ts
 * import { elementNumber } from './element-index.js';
 *
 * elementNumber(3, { above: -1, strict: true, integral: true }).map((i) => i.op).join(' ');
 * // → 'local.get i32.trunc_sat_f64_s i32.const local.get f64.const f64.gt select'
 * ```
 */
export function elementNumber(x: number, rule: Pick<ElementRule, 'above' | 'strict' | 'integral'>): Instr[] {
  const get: Instr = { op: 'local.get', imm: x };
  const test: Instr[] = [get, { op: 'f64.const', imm: rule.above }, { op: (rule.strict ? 'f64.gt' : 'f64.ge') satisfies OpName }];
  if (!rule.integral) test.push(get, { op: 'f64.trunc' }, get, { op: 'f64.eq' }, { op: 'i32.and' });
  return [get, { op: 'i32.trunc_sat_f64_s' }, { op: 'i32.const', imm: NO_ELEMENT }, ...test, { op: 'select' }];
}
