/**
 * Feeders: the input of a parallel run (`f.map(xs, ys)`, `f.starmap(tuples)`) read as argument columns, a chunk
 * at a time, so a run never holds more of a lazy iterable than the chunks in flight. Arrays and typed arrays
 * are sliced; anything else iterable is iterated. `job.ts` drives them.
 *
 * @module
 */
import { slice } from './transport.js';

/**
 * Reads argument columns from the input, a chunk at a time.
 *
 * @example
 * ```ts
 * import { zipFeeder, type Feeder } from './feeders.js';
 *
 * // add.map([1, 2, 3], [4, 5, 6]), two items at a time, as argument columns.
 * const feeder: Feeder = zipFeeder([[1, 2, 3], [4, 5, 6]], 'add.map');
 * feeder.total; // → 3
 * feeder.next(2); // → { cols: [ [ 1, 2 ], [ 4, 5 ] ], count: 2 }
 * feeder.next(2); // → { cols: [ [ 3 ], [ 6 ] ], count: 1 }
 * feeder.next(2); // → undefined
 * ```
 */
export interface Feeder {
  /** Number of items, when known before reading them. */
  readonly total: number | undefined;
  /** The next `count` items (fewer at the end), as columns; `undefined` once the input is exhausted. */
  next(count: number): { cols: Array<ArrayLike<unknown>>; count: number } | undefined;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * A chunk of a JS array that holds only numbers travels as a `Float64Array`: cloned as one block of memory
 * instead of element by element, and read back as the same numbers in the worker.
 */
function packNumbers(values: ArrayLike<unknown>): ArrayLike<unknown> {
  if (!Array.isArray(values) || values.length < 256) return values;
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return values;
  return Float64Array.from(values as number[]);
}

/**
 * Zips the iterables of `f.map(a, b, …)`; arrays and typed arrays are sliced, not iterated.
 *
 * @example
 * ```ts
 * import { zipFeeder } from './feeders.js';
 *
 * // Arrays only: each chunk is a slice (a typed array stays one).
 * zipFeeder([Float64Array.of(0.5, 1.5, 2.5), [1, 2, 3]], 'scale.map').next(2); // → { cols: [ Float64Array(2) [ 0.5, 1.5 ], [ 1, 2 ] ], count: 2 }
 * // With a generator, every argument is read item by item, only as far as the chunks ask (the total is unknown).
 * function* naturals() { for (let i = 0; ; i++) yield i; }
 * const feeder = zipFeeder([Float64Array.of(0.5, 1.5, 2.5), naturals()], 'scale.map');
 * feeder.total; // → undefined
 * feeder.next(2); // → { cols: [ [ 0.5, 1.5 ], [ 0, 1 ] ], count: 2 }
 * zipFeeder([[1, 2], 3], 'add.map'); // → throws TypeError: …
 * ```
 */
export function zipFeeder(iterables: readonly unknown[], where: string): Feeder {
  iterables.forEach((it, i) => {
    const ok = it !== null && it !== undefined && typeof (it as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
    if (!ok) throw new TypeError(`${where}: argument ${i + 1} is not iterable; each argument is the sequence of values of one parameter (zip, like Python's map)`);
  });
  if (iterables.length === 0) throw new TypeError(`${where}: needs at least one iterable`);
  if (iterables.every(isArrayLike)) {
    const arrays = iterables as Array<ArrayLike<unknown>>;
    const total = Math.min(...arrays.map((a) => a.length));
    let at = 0;
    return {
      total,
      next(count) {
        if (at >= total) return undefined;
        const end = Math.min(total, at + count);
        const cols = arrays.map((a) => packNumbers(slice(a, at, end)));
        const n = end - at;
        at = end;
        return { cols, count: n };
      },
    };
  }
  const iterators = (iterables as Array<Iterable<unknown>>).map((it) => it[Symbol.iterator]());
  const sizes = (iterables as unknown[]).map((it) => (isArrayLike(it) ? it.length : it instanceof Set || it instanceof Map ? it.size : undefined));
  let ended = false;
  return {
    total: sizes.every((s) => s !== undefined) ? Math.min(...(sizes as number[])) : undefined,
    next(count) {
      if (ended) return undefined;
      const cols = iterators.map(() => [] as unknown[]);
      let n = 0;
      outer: for (; n < count; n++) {
        const row: unknown[] = [];
        for (const it of iterators) {
          const r = it.next();
          if (r.done) {
            ended = true;
            break outer;
          }
          row.push(r.value);
        }
        row.forEach((v, p) => cols[p]!.push(v));
      }
      if (ended) for (const it of iterators) it.return?.();
      return n > 0 ? { cols, count: n } : undefined;
    },
  };
}

/**
 * The argument tuples of `f.starmap(tuples)`.
 *
 * @example
 * ```ts
 * import { starFeeder } from './feeders.js';
 *
 * // add.starmap([[1, 2], [3, 4]]): each tuple is one call's arguments.
 * starFeeder([[1, 2], [3, 4]], 'add.starmap').next(10); // → { cols: [ [ 1, 3 ], [ 2, 4 ] ], count: 2 }
 * ```
 */
export function starFeeder(tuples: unknown, where: string): Feeder {
  if (tuples === null || tuples === undefined || typeof (tuples as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError(`${where}: expected an iterable of argument tuples`);
  }
  const total = Array.isArray(tuples) ? tuples.length : undefined;
  const it = (tuples as Iterable<unknown>)[Symbol.iterator]();
  let ended = false;
  let index = 0;
  return {
    total,
    next(count) {
      if (ended) return undefined;
      const rows: unknown[][] = [];
      while (rows.length < count) {
        const r = it.next();
        if (r.done) {
          ended = true;
          break;
        }
        if (!Array.isArray(r.value)) throw new TypeError(`${where}: item ${index} is not an array of arguments`);
        rows.push(r.value);
        index += 1;
      }
      if (rows.length === 0) return undefined;
      const arity = Math.max(...rows.map((r) => r.length));
      const cols = Array.from({ length: arity }, (_, p) => rows.map((r) => r[p]));
      return { cols, count: rows.length };
    },
  };
}
