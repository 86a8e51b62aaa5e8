/**
 * Lowering of labelled statements (inference: `infer/labels.ts`). A labelled loop is the loop with its `label`
 * set (`break`/`continue` carry the label they name). A labelled block becomes a loop that runs once, named by the
 * label, so `break label` leaves it; an unlabelled `break` or `continue` inside it (outside any inner loop) belongs
 * to the loop around the block, so it sets a flag, leaves the one-trip loop, and is taken after it, as the switch
 * lowering does with `continue` (`lower/statements.ts`).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { BOOL, type Type } from '../types.js';
import type { Loop, Stmt } from '../ir.js';
import { isLabelledLoop, labelsOf } from '../infer/labels.js';

/**
 * What this lowering needs from the lowerer (`lower.ts`).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function find(xs: Float64Array, v: number) {
 *   let found = -1;
 *   outer: for (let i = 0; i < xs.length; i++) {
 *     for (let j = 0; j < 2; j++) if (xs[i] === v) { found = i; break outer; }
 *   }
 *   return found;
 * }
 * const { source } = compileSpecialization(find, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]);
 * // The label is renamed, so it cannot collide with generated code:
 * source.split('\n').map((l) => l.trim()).filter((l) => l.includes('$L_outer')); // → [ '$L_outer: for (; (i < xs.length); i = (i + 1)) {', 'break $L_outer;' ]
 * ```
 */
export interface LabelLowerHost {
  /** Lowers one statement into `out`. */
  stmt(s: Node, out: Stmt[]): void;
  /** A fresh temporary local of `type`. */
  temp(base: string, type: Type): string;
}

/**
 * `label: statement` into `out`.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function find(xs: Float64Array, v: number) {
 *   let found = -1;
 *   outer: for (let i = 0; i < xs.length; i++) {
 *     for (let j = 0; j < 2; j++) if (xs[i] === v) { found = i; break outer; }
 *   }
 *   return found;
 * }
 * const { source } = compileSpecialization(find, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]);
 * // The label is renamed, so it cannot collide with generated code:
 * source.split('\n').map((l) => l.trim()).filter((l) => l.includes('$L_outer')); // → [ '$L_outer: for (; (i < xs.length); i = (i + 1)) {', 'break $L_outer;' ]
 * ```
 */
export function lowerLabelled(host: LabelLowerHost, s: Node, out: Stmt[]): void {
  const { labels, body } = labelsOf(s);
  const inner: Stmt[] = [];
  host.stmt(body, inner);
  if (isLabelledLoop(body)) {
    const loop = loopOf(inner);
    if (!loop) throw new Error(`internal: the labelled loop ${labels.join(', ')} lowered to no loop`);
    // Fresh from this lowering, and possibly marked by identity (a prange loop): labelled in place. Further labels
    // of the same loop (`a: b: for`) name it too: each jump is given the one kept.
    (loop as { label?: string }).label = labels[0];
    out.push(...renameJumps(inner, new Set(labels.slice(1)), labels[0]!));
    return;
  }
  const flags = { break: '', continue: '' };
  const redirected = redirect(renameJumps(inner, new Set(labels.slice(1)), labels[0]!), (kind) => (flags[kind] ||= host.temp(kind === 'break' ? 'brk' : 'cnt', BOOL)), labels[0]!);
  for (const kind of ['break', 'continue'] as const) if (flags[kind]) out.push({ kind: 'declare', name: flags[kind], init: { op: 'const', type: BOOL, value: false } });
  out.push({ kind: 'loop', test: null, body: [...redirected, { kind: 'break', label: labels[0]! }], continuing: [], postTest: null, label: labels[0]! });
  for (const kind of ['break', 'continue'] as const) if (flags[kind]) out.push({ kind: 'if', cond: { op: 'local', type: BOOL, name: flags[kind] }, then: [{ kind }], else: [] });
}

/** The loop a loop statement lowered to: the last loop of `stmts`, or inside the `if (true)` scoping its init. */
function loopOf(stmts: readonly Stmt[]): Loop | undefined {
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i]!;
    if (s.kind === 'loop') return s;
    if (s.kind === 'if' && s.cond.op === 'const' && s.cond.value === true) return loopOf(s.then);
  }
  return undefined;
}

/** Jumps naming one of `aliases` name `label` instead (all statements, inner loops included). */
function renameJumps(stmts: readonly Stmt[], aliases: ReadonlySet<string>, label: string): Stmt[] {
  if (aliases.size === 0) return [...stmts];
  return stmts.map((s): Stmt => {
    if ((s.kind === 'break' || s.kind === 'continue') && s.label !== undefined && aliases.has(s.label)) return { ...s, label };
    if (s.kind === 'if') return { ...s, then: renameJumps(s.then, aliases, label), else: renameJumps(s.else, aliases, label) };
    if (s.kind === 'loop') return { ...s, body: renameJumps(s.body, aliases, label), continuing: renameJumps(s.continuing, aliases, label) };
    return s;
  });
}

/** Unlabelled `break`/`continue` outside inner loops as `flag = true; break label`. */
function redirect(stmts: readonly Stmt[], flag: (kind: 'break' | 'continue') => string, label: string): Stmt[] {
  return stmts.flatMap((s): Stmt[] => {
    if ((s.kind === 'break' || s.kind === 'continue') && s.label === undefined) {
      return [{ kind: 'assign', name: flag(s.kind), value: { op: 'const', type: BOOL, value: true } }, { kind: 'break', label }];
    }
    if (s.kind === 'if') return [{ ...s, then: redirect(s.then, flag, label), else: redirect(s.else, flag, label) }];
    return [s];
  });
}
