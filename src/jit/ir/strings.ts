/**
 * The IR node of strings (`ops/strings.ts`): a string constant. Strings in compiled code are values compared
 * with `===`/`!==` and `switch`, passed through and returned; nothing builds or takes strings apart.
 *
 * @module
 */
import type { Type } from '../types.js';

/** A string literal (`'fast'`), emitted as the same JS string. */
export interface StringConst {
  /** Discriminant. */
  readonly op: 'string';
  /** The `string` type. */
  readonly type: Type;
  /** The string. */
  readonly value: string;
}
