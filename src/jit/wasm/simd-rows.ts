/**
 * Rows of a `number[][]` in a vector loop (`simd.ts`): which row expressions stay the same row for the whole
 * inner loop, so the vector loop can read `m[r][j + c]` and store `m[r][j]` as a 1-D array starting at row r of
 * the packed copy (`nested.ts`: row r is the `cols` doubles at `ptr + r * cols * 8`), and when two of them are
 * provably different rows.
 *
 * @module
 */
import type { Expr } from '../ir.js';

/**
 * A row the vector loop uses: one row of `matrix` for the whole loop.
 *
 * @example
 * ```ts
 * import type { LaneRow } from './simd-rows.js';
 *
 * const i = { op: 'local', type: { kind: 'i32' }, name: 'i' } as const;
 * // u[i], read or written in a loop over j that leaves i alone:
 * const row: LaneRow = { name: 'u[i]', matrix: 'u', at: i, index: i };
 * ```
 */
export interface LaneRow {
  /** How `inspect()` names it, e.g. `u[i-1]`, or a row local's name; unique among the rows of one loop. */
  readonly name: string;
  /** The `number[][]` parameter it belongs to. */
  readonly matrix: string;
  /** What gives the row's index as an i32 before the loop: the row index, or a row local (-1 for null). */
  readonly at: Expr;
  /** The row index, when the row is `m[index]` (not a row local bound outside the loop). */
  readonly index?: Expr;
}

/**
 * Short text of an index expression, for names: `i`, `i-1`, `k+2`.
 *
 * @example
 * ```ts
 * import { indexText } from './simd-rows.js';
 *
 * const i = { op: 'local', type: { kind: 'i32' }, name: 'i' } as const;
 * indexText({ op: 'binary', type: { kind: 'i32' }, operator: 'sub', left: i, right: { op: 'const', type: { kind: 'i32' }, value: 1 } }); // → 'i-1'
 * ```
 */
export function indexText(e: Expr): string {
  switch (e.op) {
    case 'local': return e.name;
    case 'const': return String(e.value);
    case 'convert': return indexText(e.arg);
    case 'rows': case 'cols': return `${e.matrix}.${e.op}`;
    case 'binary': return e.operator === 'add' || e.operator === 'sub' ? `${indexText(e.left)}${e.operator === 'add' ? '+' : '-'}${indexText(e.right)}` : '…';
    default: return '…';
  }
}

/** A stable text key of an expression (spans left out). */
const keyOf = (e: Expr): string => JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined : v));

/** `index` as a base expression plus an integer constant (`i - 1` is `i` and -1), for telling rows apart. */
function split(e: Expr): { base: string; c: number } {
  if (e.op === 'const' && typeof e.value === 'number' && Number.isInteger(e.value)) return { base: '', c: e.value };
  if (e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub') && e.right.op === 'const' && typeof e.right.value === 'number' && Number.isInteger(e.right.value)) {
    const l = split(e.left);
    return { base: l.base, c: e.operator === 'add' ? l.c + e.right.value : l.c - e.right.value };
  }
  return { base: keyOf(e), c: 0 };
}

/**
 * Whether two rows of one matrix are provably different rows (so different memory in the packed copy): both are
 * `m[x + c]` with the same unchanged `x` and different constants. Rows that are both in range and whose indices
 * differ by a small nonzero constant are different, even had i32 arithmetic wrapped.
 *
 * @example
 * ```ts
 * import { rowsApart } from './simd-rows.js';
 *
 * const i = { op: 'local', type: { kind: 'i32' }, name: 'i' } as const;
 * const iMinus1 = { op: 'binary', type: { kind: 'i32' }, operator: 'sub', left: i, right: { op: 'const', type: { kind: 'i32' }, value: 1 } } as const;
 * rowsApart({ name: 'u[i]', matrix: 'u', at: i, index: i }, { name: 'u[i-1]', matrix: 'u', at: iMinus1, index: iMinus1 }); // → true
 * rowsApart({ name: 'u[i]', matrix: 'u', at: i, index: i }, { name: 'u[k]', matrix: 'u', at: i, index: { op: 'local', type: { kind: 'i32' }, name: 'k' } }); // → false
 * ```
 */
export function rowsApart(a: LaneRow, b: LaneRow): boolean {
  if (a.matrix !== b.matrix || !a.index || !b.index) return false;
  const x = split(a.index), y = split(b.index);
  return x.base === y.base && x.c !== y.c && Math.abs(x.c - y.c) < 2 ** 31;
}

/**
 * The rows of one loop, by what they are: each distinct row gets one entry (and one pointer before the loop).
 *
 * @example
 * ```ts
 * import { LaneRows } from './simd-rows.js';
 *
 * const i = { op: 'local', type: { kind: 'i32' }, name: 'i' } as const;
 * const rows = new LaneRows();
 * rows.of('u', i, i).name; // → 'u[i]'
 * rows.of('u', i, i) === rows.of('u', i, i); // → true
 * ```
 */
export class LaneRows {
  private readonly byKey = new Map<string, LaneRow>();
  private readonly names = new Set<string>();

  /** The entry of row `at` of `matrix` (`index` when it is `matrix[index]`). */
  of(matrix: string, at: Expr, index: Expr | undefined): LaneRow {
    const key = `${matrix}\u0000${keyOf(at)}`;
    let row = this.byKey.get(key);
    if (row) return row;
    // a row local is named as the code names it
    let name = index ? `${matrix}[${indexText(at)}]` : indexText(at);
    while (this.names.has(name)) name += "'";
    this.names.add(name);
    row = { name, matrix, at, ...(index ? { index } : {}) };
    this.byKey.set(key, row);
    return row;
  }

  /** The row named `name`, if it is one of these. */
  named(name: string): LaneRow | undefined {
    for (const r of this.byKey.values()) if (r.name === name) return r;
    return undefined;
  }
}
