/**
 * Constants folded at compile time, the one rule inference and lowering both read: `-5` (unary minus of a
 * number literal), `Math.PI` and the other `Math` constants (`ops/math.ts`), and `Number.EPSILON` and the other
 * `Number` constants (`ops/globals.ts`). Inference gives each its value's range, lowering an IR constant of the
 * type inference chose. `NaN`, `Infinity` and `undefined` are identifiers and go through the globals table
 * (`infer/globals.ts`), which also owns the errors for the names it refuses.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { mathRow } from './math.js';
import { NUMBER_CONSTANTS } from './globals.js';

/**
 * A folded constant. `exact` is false for the `Math` constants, which inference has always typed as any double
 * (their range adds nothing to the integer proofs it makes), true where it knows the value itself.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { foldConstant, type FoldedConstant } from './constants.js';
 *
 * const minusOne = parseFunction('() => -1').body;
 * const c: FoldedConstant = foldConstant(minusOne, () => true)!;
 * [c.value, c.exact, c.literal?.value]; // → [ -1, true, 1 ]
 * ```
 */
export interface FoldedConstant {
  /** The value the expression always has. */
  readonly value: number;
  /** Whether inference uses the value as the range (`[value, value]`), or types it as any double. */
  readonly exact: boolean;
  /** For `-literal`: the literal node, which inference records as the positive constant it is. */
  readonly literal?: Node;
}

/**
 * The constant `e` always evaluates to, or undefined. `unbound(id)` says whether an identifier names nothing
 * the function can see (so `Math` and `Number` are JS's own, not a local or parameter of that name).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { foldConstant } from './constants.js';
 *
 * const expr = (text: string) => parseFunction(`() => ${text}`).body;
 * foldConstant(expr('-2'), () => true)?.value; // → -2
 * foldConstant(expr('Math.PI'), () => true); // → { value: 3.141592653589793, exact: false }
 * foldConstant(expr('Number.EPSILON'), () => true); // → { value: 2.220446049250313e-16, exact: true }
 * // A parameter named Math is not JS's Math: nothing is folded.
 * foldConstant(expr('Math.PI'), () => false); // → undefined
 * ```
 */
export function foldConstant(e: Node, unbound: (id: Node) => boolean): FoldedConstant | undefined {
  if (e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'Literal' && typeof e.argument.value === 'number') {
    return { value: -e.argument.value, exact: true, literal: e.argument };
  }
  if (e.type !== 'MemberExpression' || e.computed) return undefined;
  const obj = e.object as Node;
  if (obj.type !== 'Identifier' || (obj.name !== 'Math' && obj.name !== 'Number') || !unbound(obj)) return undefined;
  const prop = e.property.name as string;
  if (obj.name === 'Math') {
    const row = mathRow(prop);
    return row?.kind === 'constant' ? { value: row.value, exact: false } : undefined;
  }
  return Object.hasOwn(NUMBER_CONSTANTS, prop) ? { value: NUMBER_CONSTANTS[prop]!, exact: true } : undefined;
}

/**
 * The number of a literal written as `5` or `-5`, as a literal-only argument (the step of `prange`) takes it.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { signedLiteral } from './constants.js';
 *
 * const expr = (text: string) => parseFunction(`(n) => ${text}`).body;
 * signedLiteral(expr('-1')); // → -1
 * signedLiteral(expr('2')); // → 2
 * signedLiteral(expr('n')); // → undefined
 * ```
 */
export function signedLiteral(e: Node): unknown {
  if (e.type === 'Literal') return e.value;
  return e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'Literal' ? -e.argument.value : undefined;
}
