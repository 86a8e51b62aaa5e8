/**
 * JavaScript for the IR nodes of `throw`, `typeof` tests, returned `null`/`undefined` and expressions with
 * effects. Each is the JS construct the plain function used, so the result (and the exception) is the same.
 *
 * @module
 */
import type { Absent, Effect, Expr, Stmt, Throw, TypeTest } from '../ir.js';

/**
 * `throw new C("" + part + …)`: the leading `""` makes every `+` a string concatenation (a message that
 * starts with two numbers must not add them), and each number converts as it did in the plain function.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { throwSource } from './statements.js';
 *
 * // Sub-expressions print as their names (the generator passes its own printer):
 * const code = (e: IR.Expr): string => (e.op === 'local' ? e.name : String(e.op === 'const' ? e.value : '…'));
 * const k: IR.Expr = { op: 'local', type: { kind: 'f64' }, name: 'k' };
 * throwSource({ kind: 'throw', error: 'RangeError', message: [{ text: 'n must be > ' }, { value: k }] }, code); // → 'throw new RangeError("" + "n must be > " + (k))'
 * ```
 */
export function throwSource(s: Throw, expr: (e: Expr) => string): string {
  const message = s.message === null ? '' : ['""', ...s.message.map((p) => ('text' in p ? JSON.stringify(p.text) : `(${expr(p.value)})`))].join(' + ');
  return `throw new ${s.error}(${message})`;
}

/**
 * `(typeof x === "number")`.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { typeTestSource } from './statements.js';
 *
 * // Sub-expressions print as their names (the generator passes its own printer):
 * const code = (e: IR.Expr): string => (e.op === 'local' ? e.name : String(e.op === 'const' ? e.value : '…'));
 * const v: IR.Expr = { op: 'local', type: { kind: 'f64' }, name: 'v' };
 * typeTestSource({ op: 'typeTest', type: { kind: 'bool' }, arg: v, is: 'number' }, code); // → '(typeof v === "number")'
 * ```
 */
export function typeTestSource(e: TypeTest, expr: (e: Expr) => string): string {
  // an object's `=== null` and `== null` (`lower/statements.ts`): typeof names neither
  if (e.is === 'null') return `(${expr(e.arg)} === null)`;
  if (e.is === 'nullish') return `(${expr(e.arg)} == null)`;
  return `(typeof ${expr(e.arg)} === ${JSON.stringify(e.is)})`;
}

/**
 * `undefined` or `null`.
 *
 * @example
 * ```ts
 * import { absentSource } from './statements.js';
 *
 * absentSource({ op: 'absent', type: { kind: 'f64' }, value: 'null' }); // → 'null'
 * ```
 */
export function absentSource(e: Absent): string {
  return e.value === 'null' ? 'null' : 'undefined';
}

/**
 * `(stmt, stmt, value)`: a comma expression, with each statement as the JS expression it is.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { effectSource } from './statements.js';
 *
 * // Sub-expressions print as their names (the generator passes its own printer):
 * const code = (e: IR.Expr): string => (e.op === 'local' ? e.name : String(e.op === 'const' ? e.value : '…'));
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * // `(i = 1)` as a value: assign, then read.
 * const e: IR.Effect = { op: 'effect', type: { kind: 'i32' }, stmts: [{ kind: 'assign', name: 'i', value: { op: 'const', type: { kind: 'i32' }, value: 1 } }], value: i };
 * effectSource(e, (s) => (s.kind === 'assign' ? `${s.name} = ${code(s.value)}` : '…'), code); // → '(i = 1, i)'
 * ```
 */
export function effectSource(e: Effect, effect: (s: Stmt) => string, expr: (e: Expr) => string): string {
  return `(${[...e.stmts.map(effect), expr(e.value)].join(', ')})`;
}
