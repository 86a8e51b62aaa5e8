/**
 * mulberry32: a tiny deterministic PRNG for test generators, so a seed always gives the same programs and
 * kernels (the JIT's and the GPU's differential suites share it).
 *
 * @example
 * ```ts
 * const r = rng(42); r(); // a number in [0, 1), the same for every run
 * ```
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
