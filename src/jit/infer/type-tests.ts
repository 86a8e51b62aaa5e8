/**
 * Inference of type tests: `typeof x === 'number'`, `x === undefined`, `x == null`, `x !== null`, decided at
 * compile time where the specialization knows the answer, or narrowed on each branch. Moved from
 * `statements.ts` (which re-exports these), so both stay under the 400-line rule.
 *
 * @module
 */
import { isNullableRead } from './field-null.js';
import type { Node } from '../frontend/parse.js';
import type { AV } from './lattice.js';
import type { State } from './flow.js';
import type { StatementHost } from './statements.js';
import { ARRAY_KINDS } from './array-tests.js';

/**
 * A test of what a value is: `typeof x === 'number'`, `x === undefined`, `x == null`, `x !== null` (either
 * order, `void 0` for `undefined`). `is` is a `typeof` answer, or `'null'` / `'nullish'` (`== null`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { typeTestOf, type TypeTestShape } from './type-tests.js';
 *
 * const { operand, is, negated }: TypeTestShape = typeTestOf(parseFunction('(x) => typeof x !== "number"').body)!;
 * [operand.name, is, negated]; // → [ 'x', 'number', true ]
 * ```
 */
export interface TypeTestShape {
  /** The value tested. */
  readonly operand: Node;
  /** What it must be for the test (before `negated`) to hold. */
  readonly is: string;
  /** `!==` / `!=`. */
  readonly negated: boolean;
  /** The `undefined` identifier of the test, if any (it must be the global). */
  readonly undefinedId: Node | undefined;
}

const EQUALITY = new Set(['===', '!==', '==', '!=']);

/**
 * The shape of a type test (see {@link TypeTestShape}), or undefined for any other expression.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { typeTestOf } from './type-tests.js';
 *
 * typeTestOf(parseFunction('(valueof) => valueof === undefined').body)?.is; // → 'undefined'
 * typeTestOf(parseFunction('(x) => x == null').body)?.is; // → 'nullish'
 * typeTestOf(parseFunction('(x) => x === 0').body); // → undefined
 * ```
 */
export function typeTestOf(e: Node): TypeTestShape | undefined {
  if (e.type !== 'BinaryExpression' || !EQUALITY.has(e.operator)) return undefined;
  const strict = e.operator.length === 3;
  const negated = e.operator[0] === '!';
  const isTypeof = (n: Node): boolean => n.type === 'UnaryExpression' && n.operator === 'typeof';
  const isString = (n: Node): boolean => n.type === 'Literal' && typeof n.value === 'string';
  const isUndefined = (n: Node): boolean =>
    (n.type === 'Identifier' && n.name === 'undefined') || (n.type === 'UnaryExpression' && n.operator === 'void' && n.argument.type === 'Literal');
  const isNull = (n: Node): boolean => n.type === 'Literal' && n.value === null && n.raw === 'null';
  for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
    if (isTypeof(a) && isString(b)) return { operand: a.argument, is: b.value, negated, undefinedId: undefined };
    if (isUndefined(b) && !isUndefined(a)) {
      return { operand: a, is: strict ? 'undefined' : 'nullish', negated, undefinedId: b.type === 'Identifier' ? b : undefined };
    }
  }
  // `x === null` on rows is the row lattice's own test (flow.ts); here only a value that is not a row.
  for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
    if (isNull(b) && !isNull(a)) return { operand: a, is: strict ? 'null' : 'nullish', negated, undefinedId: undefined };
  }
  return undefined;
}

/**
 * What a type test gives for a value of `av`, when the specialization decides it: `true`/`false`, or
 * `undefined` where the answer is known only at run time (a number may hold `undefined` in the JS backend, where
 * a read past an array's end gives it, exactly as in the plain function), or `'row'` for a row, whose
 * `null` test is the row lattice's.
 *
 * @example
 * ```ts
 * import { FLOAT } from './lattice.js';
 * import { knownTypeTest } from './type-tests.js';
 *
 * // A parameter the call did not pass:
 * knownTypeTest({ k: 'void' }, 'undefined'); // → true
 * // A number may still be undefined at run time (a read past an array's end):
 * knownTypeTest(FLOAT, 'number'); // → undefined
 * knownTypeTest({ k: 'array', element: 'f64' }, 'object'); // → true
 * ```
 */
export function knownTypeTest(av: AV, is: string): boolean | undefined | 'row' {
  switch (av.k) {
    case 'void':
      return is === 'undefined' || is === 'nullish';
    case 'null':
      return is === 'null' || is === 'nullish' || is === 'object';
    case 'num':
    case 'bool':
      // a number (boolean) or, read past an array's end, undefined: nothing else
      if (is === (av.k === 'num' ? 'number' : 'boolean') || is === 'undefined' || is === 'nullish') return undefined;
      return false;
    case 'numbool':
      // a number-or-boolean is either at run time (or undefined, as a number may be)
      return is === 'number' || is === 'boolean' || is === 'undefined' || is === 'nullish' ? undefined : false;
    case 'row':
      return 'row';
    case 'fn':
      return is === 'function';
    case 'obj':
      // an element read past the end of an array of objects (`ps[i]`) is undefined, as in JS: tested at run time,
      // as is an object that may be null (a list's `next`, `lattice.ts`)
      if (av.nullable && is === 'null') return undefined;
      return is === 'undefined' || is === 'nullish' || is === 'object' ? undefined : false;
    default:
      return is === 'object';
  }
}

/**
 * Infers a type test: the operand's value is recorded (lowering and flow read it back), the result is a
 * boolean. A row compared with null is left to the row rules (returns `undefined`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { inferTypeTest, typeTestOf } from './type-tests.js';
 *
 * const host = { expr: () => FLOAT, fail: (m: string): never => { throw new Error(m); }, isBound: () => false };
 * const test = parseFunction('(x) => typeof x === "number"').body;
 * inferTypeTest(host, typeTestOf(test)!, test, []); // → { k: 'bool' }
 * ```
 */
export function inferTypeTest(host: StatementHost, shape: TypeTestShape, e: Node, state: State): AV | undefined {
  if (shape.undefinedId && host.isBound('undefined')) return undefined;
  const operand = shape.operand;
  if (operand.type === 'Identifier' && (operand.name === 'undefined' || operand.name === 'null')) return undefined;
  const v = host.expr(operand, state);
  const known = knownTypeTest(v, shape.is);
  if (known === 'row') {
    if (shape.is === 'null' || shape.is === 'nullish') return undefined;
    // a row of a number[][] (JS arrays) is undefined at a hole of `Array(n)` or past the end, tested at run time
    if (v.k === 'row' && v.layout === 'nested' && (shape.is === 'undefined' || shape.is === 'object')) return { k: 'bool' };
    host.fail(`a row is an object or null, tested with === null only; a row past the end is undefined, which is not null: to test for the end, compare the index with the length`, e, 'typeof test');
  }
  return { k: 'bool' };
}

/**
 * What a condition is known to be in this specialization (a type test decided by the types, `!` of one,
 * `&&`/`||` of them, an `undefined` value's falsiness), or undefined. `valueOf` gives a node's inferred value,
 * `isGlobal` whether an identifier is the global of its name.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 * import { knownCondition } from './type-tests.js';
 *
 * // d3's optional accessor, in the specialization for a call that does not pass it:
 * const f = parseFunction('function f(xs, valueof) { if (valueof === undefined) return 0; return 1; }');
 * const typing = inferFunction(f, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * knownCondition(f.body.body[0].test, (n) => typing.values.get(n), (id) => !typing.refs.has(id)); // → true
 * ```
 */
export function knownCondition(e: Node, valueOf: (n: Node) => AV | undefined, isGlobal: (id: Node) => boolean): boolean | undefined {
  if (e.type === 'UnaryExpression' && e.operator === '!') {
    const k = knownCondition(e.argument, valueOf, isGlobal);
    return k === undefined ? undefined : !k;
  }
  if (e.type === 'LogicalExpression' && (e.operator === '&&' || e.operator === '||')) {
    const l = knownCondition(e.left, valueOf, isGlobal);
    const and = e.operator === '&&';
    if (l === !and) return l; // false && …, true || …
    const r = knownCondition(e.right, valueOf, isGlobal);
    if (l === and) return r;
    return r === !and ? r : undefined; // … && false, … || true
  }
  if (e.type === 'Identifier') {
    const k = valueOf(e)?.k;
    // a function is truthy (functions.ts), and so is an array (array-tests.ts)
    return k === 'void' ? false : k === 'fn' || (k !== undefined && ARRAY_KINDS.has(k)) ? true : undefined;
  }
  const shape = typeTestOf(e);
  if (!shape || (shape.undefinedId && !isGlobal(shape.undefinedId))) return undefined;
  if (isNullableRead(shape.operand)) return undefined; // `this.out === null` where the field may be null (field-null.ts)
  const v = valueOf(shape.operand);
  if (!v) return undefined;
  const known = knownTypeTest(v, shape.is);
  if (known === undefined || known === 'row') return undefined;
  return known !== shape.negated;
}
