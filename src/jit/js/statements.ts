/**
 * JavaScript for the IR nodes of `throw`, `typeof` tests, returned `null`/`undefined` and expressions with
 * effects. Each is the JS construct the plain function used, so the result (and the exception) is the same.
 *
 * @module
 */
import { walkIR, type Absent, type Effect, type Expr, type IRModule, type Stmt, type Throw, type TypeTest } from '../ir.js';

/**
 * `throw new C("" + part + …)`: the leading `""` makes every `+` a string concatenation (a message that
 * starts with two numbers must not add them), and each number converts as it did in the plain function.
 *
 * @example
 * ```ts
 * throwSource(s, (e) => gen.expr(e)); // 'throw new RangeError("" + "n must be > " + (k))'
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
 * typeTestSource(e, (x) => gen.expr(x)); // '(typeof v === "number")'
 * ```
 */
export function typeTestSource(e: TypeTest, expr: (e: Expr) => string): string {
  return `(typeof ${expr(e.arg)} === ${JSON.stringify(e.is)})`;
}

/**
 * `undefined` or `null`.
 *
 * @example
 * ```ts
 * absentSource({ op: 'absent', type: F64, value: 'null' }); // 'null'
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
 * effectSource(e, (s) => gen.effect(s), (x) => gen.expr(x)); // '(i = i + 1, i)'
 * ```
 */
export function effectSource(e: Effect, effect: (s: Stmt) => string, expr: (e: Expr) => string): string {
  return `(${[...e.stmts.map(effect), expr(e.value)].join(', ')})`;
}

/**
 * Whether any function of the module has a `throw` (the entry then writes the PRNG state back in a `finally`).
 *
 * @example
 * ```ts
 * throwsAnywhere(module); // true when a callee may throw
 * ```
 */
export function throwsAnywhere(module: IRModule): boolean {
  let found = false;
  for (const f of module.functions) walkIR(f.body, { stmt: (s) => { if (s.kind === 'throw') found = true; } });
  return found;
}

/**
 * Whether an expression has an {@link Effect} inside (it assigns while it is evaluated).
 *
 * @example
 * ```ts
 * hasEffect(cond); // true for `(n = f()) > 0`
 * ```
 */
export function hasEffect(e: Expr): boolean {
  let found = false;
  walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'effect') found = true; } });
  return found;
}
