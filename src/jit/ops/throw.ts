/**
 * The error classes compiled code may throw: JavaScript's built-in ones, constructed exactly as the plain
 * function constructs them (`throw new RangeError('n must be > ' + k)`), so the caller catches the same class
 * with the same message. The table is also the documented subset: any other thrown value is a located error.
 *
 * @module
 */

/**
 * Built-in error classes by name, each with why it is safe to construct in generated code.
 *
 * @example
 * ```ts
 * import { ERROR_CLASSES } from './throw.js';
 *
 * 'RangeError' in ERROR_CLASSES; // → true
 * ```
 */
export const ERROR_CLASSES = {
  Error: 'the base class; `message` as given',
  TypeError: 'built-in, same constructor as the plain function',
  RangeError: 'built-in, same constructor as the plain function',
  SyntaxError: 'built-in, same constructor as the plain function',
  ReferenceError: 'built-in, same constructor as the plain function',
  EvalError: 'built-in, same constructor as the plain function',
  URIError: 'built-in, same constructor as the plain function',
} as const satisfies Readonly<Record<string, string>>;

/**
 * A name of {@link ERROR_CLASSES}.
 *
 * @example
 * ```ts
 * import type { ErrorClass } from './throw.js';
 *
 * const cls: ErrorClass = 'TypeError';
 * ```
 */
export type ErrorClass = keyof typeof ERROR_CLASSES;

/**
 * Whether `name` is a built-in error class compiled code may throw.
 *
 * @example
 * ```ts
 * import { isErrorClass } from './throw.js';
 *
 * isErrorClass('RangeError'); // → true
 * isErrorClass('MyError'); // → false
 * ```
 */
export function isErrorClass(name: string): name is ErrorClass {
  return Object.prototype.hasOwnProperty.call(ERROR_CLASSES, name);
}
