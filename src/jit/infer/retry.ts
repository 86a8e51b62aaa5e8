/**
 * The signal that inference runs a function again with more facts ({@link RetryWithRows}): a leaf module, so
 * that every stage can import it whatever order a worker thread loads the compiler in (it lived in `rows.ts`,
 * which `null-init.ts` reached through a cycle: a prange worker then failed with "Cannot access
 * 'RetryWithRows' before initialization").
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';

/**
 * Thrown when inference finds rows pushed or stored into a local declared `[]` that it typed `number[]`
 * (`const matrix = []; … matrix.push(column)`): the literal is marked to be a `number[][]`, and
 * `specialize.ts` runs the analysis of the function again.
 *
 * @example
 * ```ts
 * import { RetryWithRows } from './retry.js';
 *
 * const error: unknown = new Error('not a retry');
 * error instanceof RetryWithRows; // → false
 * ```
 */
export class RetryWithRows extends Error {
  constructor(readonly literal: Node) {
    super('internal: an empty array literal holds rows; inference runs again');
  }
}
