/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): the counter-based
 * generator behind cuRAND's and numpy's Philox. Each invocation's `Math.random()` stream is
 * philox(counter = (invocation index, draw / 2, seed_hi, 'numb'), key = (seed_lo, launch)), draw j reading word
 * 2 (j % 2) of its block (the layout `prange` loops share: `jit/parallel/philox.ts`), so streams are independent,
 * need no state between invocations, and are reproducible for a given seed whatever the workgroup size.
 *
 * @module
 */

/**
 * WGSL for the generator and for `numbat_random()`, which the kernel entry point seeds per logical invocation
 * with `numbat_rng_init(index)`. WGSL has no 32×32→64 multiply, so `mulhilo` builds it from 16-bit halves.
  *
  * @example
  * ```ts
  * import { PHILOX_WGSL } from './philox.js';
  *
  * // What the shader assembler prepends to a kernel that calls Math.random():
  * const code = PHILOX_WGSL + 'fn f() -> f32 { return numbat_random(); }';
  * code.includes('fn numbat_rng_init'); // → true
  * ```
  */
export const PHILOX_WGSL = /* wgsl */ `
fn numbat_mulhilo(a: u32, b: u32) -> vec2u {
  let al = a & 0xffffu; let ah = a >> 16u; let bl = b & 0xffffu; let bh = b >> 16u;
  let ll = al * bl; let lh = al * bh; let hl = ah * bl; let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return vec2u(hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u), a * b);
}
fn numbat_philox(counter: vec4u, key0: vec2u) -> vec4u {
  var c = counter; var k = key0;
  for (var r = 0u; r < 10u; r++) {
    let p0 = numbat_mulhilo(0xD2511F53u, c.x);
    let p1 = numbat_mulhilo(0xCD9E8D57u, c.z);
    c = vec4u(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2u(0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}
var<private> numbat_rng_index: u32;
var<private> numbat_rng_block: u32;
var<private> numbat_rng_buf: vec4u;
var<private> numbat_rng_used: u32;
fn numbat_rng_init(index: u32) {
  numbat_rng_index = index; numbat_rng_block = 0u; numbat_rng_used = 2u;
}
// Two draws per block, from words 0 and 2 (a prange loop's double also reads words 1 and 3: jit/parallel/philox.ts).
fn numbat_random_u32() -> u32 {
  if (numbat_rng_used >= 2u) {
    numbat_rng_buf = numbat_philox(vec4u(numbat_rng_index, numbat_rng_block, numbat_P.seed_hi, 0x6e756d62u), vec2u(numbat_P.seed_lo, numbat_P.launch));
    numbat_rng_block += 1u;
    numbat_rng_used = 0u;
  }
  let r = numbat_rng_buf[2u * numbat_rng_used];
  numbat_rng_used += 1u;
  return r;
}
// 24 random bits: every value is an exact f32 in [0, 1), like Math.random's [0, 1).
fn numbat_random() -> f32 {
  return f32(numbat_random_u32() >> 8u) * 5.9604644775390625e-8;
}
`;

function mulhilo(a: number, b: number): [number, number] {
  const product = BigInt(a >>> 0) * BigInt(b >>> 0);
  return [Number(product >> 32n) >>> 0, Number(product & 0xffffffffn) >>> 0];
}

/**
 * The same generator on the CPU, for tests and known-answer checks (Random123's kat_vectors).
 *
 * @example
 * ```ts
 * import { philox4x32 } from 'numbat/internals';
 *
 * // Random123's known-answer vector for Philox4x32-10:
 * philox4x32([0, 0, 0, 0], [0, 0]).map((w) => w.toString(16)); // → [ '6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8' ]
 * ```
 */
export function philox4x32(counter: readonly [number, number, number, number], key: readonly [number, number]): [number, number, number, number] {
  let [c0, c1, c2, c3] = counter.map((x) => x >>> 0) as [number, number, number, number];
  let [k0, k1] = key.map((x) => x >>> 0) as [number, number];
  for (let r = 0; r < 10; r++) {
    const [hi0, lo0] = mulhilo(0xd2511f53, c0);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c2);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  return [c0, c1, c2, c3];
}
