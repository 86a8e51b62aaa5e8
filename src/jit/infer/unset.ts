/**
 * Reads of a variable before any write, as JavaScript gives them: `let min; … if (min === undefined || v < min)
 * min = v` (d3's `extent`). A `let` or `var` declared without a value that may be read first holds a number or
 * `undefined`: it is typed `f64` (compiled code already carries `undefined` through numbers exactly as JS does:
 * arithmetic gives NaN, comparisons false, `=== undefined` and `!= null` test it), and it starts as `undefined`
 * instead of a placeholder (`lower.ts` asks {@link startsUnset}).
 *
 * A variable that holds booleans (`let found; … if (!found && x < 0) found = true`) is typed `bool` the same way:
 * compiled booleans already carry `undefined` as JS does (a `boolean[]` read past its end gives it; type tests on
 * booleans are decided at run time, `&`, `|` and `? :` convert it as JS converts `undefined`). Which of the two a
 * variable holds is known at its first read only when a write came before it in the analysis; otherwise the read
 * assumes a number, and the first boolean written runs inference again ({@link RetryUnsetAsBoolean}) with the
 * variable typed `bool` from the start. A variable holding a number or a boolean (`numbool`, `num-or-bool.ts`) is
 * the JS value itself in compiled code, so it holds `undefined` as it is (`typeof`, `===`, truthiness, `+x` as JS).
 *
 * Not covered, so still a located error: a variable that also holds arrays or objects; a `let` read in
 * its temporal dead zone (textually before its declaration, or declared in a `switch` case), where JS throws a
 * ReferenceError instead.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { BOOLV, FLOAT, joinAV, type AV } from './lattice.js';
import type { Binding } from './scope.js';
import { RetryWithRows } from './retry.js';

const unset = new WeakSet<Node>();
const booleans = new WeakSet<Node>();

/**
 * Raised when a variable read before any write, assumed to hold a number, is given a boolean: inference runs
 * again with it typed `bool`. A {@link RetryWithRows}, so `specialize.ts` retries it the same way.
 *
 * @example
 * ```ts
 * import { RetryWithRows } from './retry.js';
 * import { RetryUnsetAsBoolean } from './unset.js';
 *
 * // The specialization driver retries on every RetryWithRows; this one types the variable bool next time.
 * RetryUnsetAsBoolean.prototype instanceof RetryWithRows; // → true
 * ```
 */
export class RetryUnsetAsBoolean extends RetryWithRows {}
const switchLets = new WeakMap<Node, WeakSet<Node>>();

/** The identifiers `let`/`const` declare directly in the cases of `switch` statements of `body`. */
function caseDeclarations(body: Node): WeakSet<Node> {
  let found = switchLets.get(body);
  if (found) return found;
  const ids = new WeakSet<Node>();
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const x = n as Node;
    if (x.type === 'SwitchCase') {
      for (const s of x.consequent as Node[]) {
        if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations as Node[]) ids.add(d.id as Node);
      }
    }
    for (const [key, value] of Object.entries(x)) if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(body);
  switchLets.set(body, (found = ids));
  return found;
}

/**
 * The value of `read`, an identifier naming `b` where `b` may not have been written yet: `f64` (a number or
 * `undefined`) when JS reads `undefined` there and the variable holds numbers, else `undefined` (the caller
 * reports a located error). Marks `b` to start as `undefined`.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 * import { startsUnset } from './unset.js';
 *
 * // d3's extent: the analysis calls readBeforeWrite at `min === undefined`, read before any write.
 * const extent = parseFunction(`function extent(xs) {
 *   let min;
 *   for (let i = 0; i < xs.length; i++) if (min === undefined || xs[i] < min) min = xs[i];
 *   return min;
 * }`);
 * const typing = inferFunction(extent, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * describeAV(typing.returns); // → 'a number'
 * startsUnset(typing.bindings.find((b) => b.name === 'min')!.decl); // → true
 * ```
 */
export function readBeforeWrite(b: Binding, read: Node, body: Node): AV | undefined {
  if (b.kind !== 'let' && b.kind !== 'var') return undefined;
  if (b.kind === 'let' && (read.start < b.decl.start || caseDeclarations(body).has(b.decl))) return undefined; // a ReferenceError in JS
  const start = b.value?.k === 'bool' || booleans.has(b.decl) ? BOOLV : FLOAT;
  const value = b.value === undefined ? start : joinAV(b.value, start);
  if (value?.k !== 'num' && value?.k !== 'bool' && value?.k !== 'numbool') return undefined;
  b.value = value;
  unset.add(b.decl);
  // a number-or-boolean is read as the union (the JS value itself, so `undefined` too), never converted to a number
  return value.k === 'numbool' ? value : start;
}

/**
 * Why compiled code refuses a read of `b` that may come before any write ({@link readBeforeWrite} gave
 * nothing): in its temporal dead zone JS throws a ReferenceError, so an initial value is no fix there.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const early = parseFunction('function early(x) { if (x > 0) return y; const y = 2; return y; }');
 * let message = '';
 * try { inferFunction(early, [{ kind: 'f64' }], newEnv(() => undefined)); } catch (e) { message = (e as Error).message; }
 * message.includes('temporal dead zone'); // → true
 * ```
 */
export function unreadMessage(b: Binding, read: Node, body: Node): string {
  if ((b.kind === 'let' || b.kind === 'const') && (read.start < b.decl.start || caseDeclarations(body).has(b.decl))) {
    return `'${b.name}' may be read before its declaration runs (in its temporal dead zone), where plain JS throws a ReferenceError; declare it before the read`;
  }
  return `'${b.name}' may be read before it is assigned (plain JS would read undefined there); give it an initial value`;
}

/**
 * Called where `b`, holding `held`, cannot take `value`: when `b` was assumed a number because it was read before
 * any write and `value` is a boolean, throws {@link RetryUnsetAsBoolean}; else returns (the caller reports its
 * located error).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // `found` is read (as undefined) before `found = true`: unsetConflict throws at that write, and the
 * // retry types `found` as a boolean from the start.
 * const any = parseFunction('function any(xs) { let found; for (let i = 0; i < xs.length; i++) if (xs[i] > 0) found = true; return !found; }');
 * const typing = inferFunction(any, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * describeAV(typing.bindings.find((b) => b.name === 'found')!.value!); // → 'a boolean'
 * ```
 */
export function unsetConflict(b: Binding, held: AV | undefined, value: AV): void {
  if (!unset.has(b.decl) || booleans.has(b.decl) || held?.k !== 'num' || value.k !== 'bool') return;
  booleans.add(b.decl);
  throw new RetryUnsetAsBoolean(b.decl);
}

/**
 * Whether the variable declared at `decl` must start as `undefined` (some read may come before any write).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 * import { startsUnset } from './unset.js';
 *
 * const fn = parseFunction('function f(x) { let min; let s = 0; if (x > s) min = x; return min === undefined ? s : min; }');
 * const { bindings } = inferFunction(fn, [{ kind: 'f64' }], newEnv(() => undefined));
 * bindings.filter((b) => startsUnset(b.decl)).map((b) => b.name); // → [ 'min' ]
 * ```
 */
export function startsUnset(decl: Node): boolean {
  return unset.has(decl);
}
