/**
 * Deterministic inputs for corpus programs: a seeded generator (mulberry32) and the shapes numeric code takes.
 * The same seed gives the same values on every machine and every run, so plain and compiled calls see equal inputs.
 */

/**
 * A seeded generator of doubles in [0, 1) (mulberry32: 32-bit state, good enough for test data).
 *
 * @example
 * ```ts
 * const r = rng(1); r(); // 0.6270739405881613
 * ```
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` doubles uniform in [lo, hi), as a plain array.
 *
 * @example
 * ```ts
 * numbers(3, 1, -1, 1); // [0.254…, …]
 * ```
 */
export function numbers(n: number, seed: number, lo = 0, hi = 1): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(lo + (hi - lo) * r());
  return out;
}

/**
 * `n` doubles uniform in [lo, hi), as a Float64Array.
 *
 * @example
 * ```ts
 * floats(1000, 7);
 * ```
 */
export function floats(n: number, seed: number, lo = 0, hi = 1): Float64Array {
  return Float64Array.from(numbers(n, seed, lo, hi));
}

/**
 * `n` integers uniform in [lo, hi), as a plain array.
 *
 * @example
 * ```ts
 * integers(5, 3, 0, 10); // [2, 9, …]
 * ```
 */
export function integers(n: number, seed: number, lo: number, hi: number): number[] {
  return numbers(n, seed).map((x) => lo + Math.floor(x * (hi - lo)));
}

/**
 * A rectangular `rows × cols` `number[][]` of doubles in [lo, hi).
 *
 * @example
 * ```ts
 * matrix(2, 3, 1); // [[…, …, …], […, …, …]]
 * ```
 */
export function matrix(rows: number, cols: number, seed: number, lo = 0, hi = 1): number[][] {
  const r = rng(seed);
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(lo + (hi - lo) * r());
    out.push(row);
  }
  return out;
}
