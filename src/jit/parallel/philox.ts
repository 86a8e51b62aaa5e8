/**
 * The random stream of `Math.random()` inside a `prange` loop: Philox4x32-10 keyed by the seed, one stream per
 * iteration, laid out exactly as the `@gpu` kernels' stream (`gpu/philox.ts`), so iteration `i` of a seeded
 * prange loop draws what invocation `i` of a seeded `@gpu` kernel draws.
 *
 * Layout (shared with the GPU): draw `j` of iteration `i` in region `launch` uses words `2 (j % 2)` and
 * `2 (j % 2) + 1` of `philox(counter = (i, j / 2, seed_hi, 'numb'), key = (seed_lo, launch))`, so one block
 * gives two draws. The CPU's double takes the first word as its top 32 bits and the second word's top 21 bits
 * below them; the GPU's f32 takes the first word's top 24 bits:
 *
 * `cpu = w * 2^-32 + (v >>> 11) * 2^-53`, `gpu = (w >>> 8) * 2^-24`, so `Math.floor(cpu * 2^24) / 2^24 === gpu`
 * exactly (the GPU value is the CPU value truncated to 24 bits).
 *
 * Draws 0 and 1 of each iteration come from a batch filled by WebAssembly SIMD (`philox-wasm.ts`, many
 * iterations at once); later draws from {@link lateDraw}, one block per two draws.
 *
 * Serial compiled code (outside prange loops) keeps its inlined SFC32 (`random.ts`): it is faster, and a serial
 * stream has no iterations to key by.
 *
 * @module
 */

/** The last counter word of every stream: ASCII `numb`. */
export const PHILOX_STREAM = 0x6e756d62;

const TWO_M32 = 2.3283064365386963e-10, TWO_M53 = 1.1102230246251565e-16;
/**
 * The high 32 bits of the product of two uint32, exactly, from 16-bit halves whose products fit 32 bits (the
 * WGSL side's `numbat_mulhilo`, in integer operations V8 keeps in registers).
 */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * One Philox4x32-10 block into `out[at..at+3]` (Random123's known answers hold: see the tests).
 *
 * @example
 * ```ts
 * import { philoxBlock } from './philox.js';
 *
 * // Random123's known answer for Philox4x32-10 with a zero counter and key.
 * const w = new Uint32Array(4);
 * philoxBlock(w, 0, 0, 0, 0, 0, 0, 0);
 * [...w].map((x) => x.toString(16)); // → [ '6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8' ]
 * ```
 */
export function philoxBlock(out: Uint32Array, at: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void {
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(c0 >>> 0, 0xd2511f53);
    const lo0 = Math.imul(0xd2511f53, c0);
    const hi1 = mulhi(c2 >>> 0, 0xcd9e8d57);
    const lo1 = Math.imul(0xcd9e8d57, c2);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 = (k0 + 0x9e3779b9) | 0;
    k1 = (k1 + 0xbb67ae85) | 0;
  }
  out[at] = c0; out[at + 1] = c1; out[at + 2] = c2; out[at + 3] = c3;
}

/**
 * Draw `draw` of the iteration with value `index`, where the batch does not hold it (draws 2 and later, or a
 * loop whose step is not an integer): an even draw computes the block into `words` (a `Uint32Array(4)`), the
 * odd draw after it reads the same block (draws within an iteration come in order).
 *
 * @example
 * ```ts
 * import { lateDraw, prangeRandom } from './philox.js';
 *
 * // Draws 0 and 1 of iteration 7 after memoJit.seed(42), launch 0: draw 0 fills the block, draw 1 reuses it.
 * const w = new Uint32Array(4);
 * lateDraw(w, 7, 0, 0, 42, 0) === prangeRandom(7, 0, 42, 0); // → true
 * lateDraw(w, 7, 1, 0, 42, 0) === prangeRandom(7, 1, 42, 0); // → true
 * ```
 */
export function lateDraw(words: Uint32Array, index: number, draw: number, seedHi: number, seedLo: number, launch: number): number {
  if ((draw & 1) === 0) philoxBlock(words, 0, index >>> 0, draw >>> 1, seedHi, PHILOX_STREAM, seedLo, launch);
  const at = 2 * (draw & 1);
  return words[at]! * TWO_M32 + (words[at + 1]! >>> 11) * TWO_M53;
}

/**
 * The double a prange loop's draw `j` of iteration `index` gives (the reference the generated code must match;
 * tests and nothing hot use it).
 *
 * @example
 * ```ts
 * import { prangeRandom } from './philox.js';
 *
 * // The first Math.random() of iteration 0 after memoJit.seed(42): a double in [0, 1), the same on any thread.
 * const u = prangeRandom(0, 0, 42, 0);
 * u >= 0 && u < 1; // → true
 * prangeRandom(0, 0, 42, 0) === u; // → true
 * prangeRandom(1, 0, 42, 0) === u; // → false
 * ```
 */
export function prangeRandom(index: number, draw: number, seed: number, launch: number): number {
  const w = new Uint32Array(4);
  const [lo, hi] = seedWords(seed);
  philoxBlock(w, 0, index >>> 0, Math.floor(draw / 2), hi, PHILOX_STREAM, lo, launch);
  const at = 2 * (draw % 2);
  return w[at]! * TWO_M32 + (w[at + 1]! >>> 11) * TWO_M53;
}

/**
 * The two key words of a seed, as `@gpu` computes them (`launch.ts`): low 32 bits, and the bits above.
 *
 * @example
 * ```ts
 * import { seedWords } from './philox.js';
 *
 * seedWords(42); // → [ 42, 0 ]
 * seedWords(2 ** 32 + 5); // → [ 5, 1 ]
 * ```
 */
export function seedWords(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
}
