/**
 * The PRNG behind `Math.random()` in compiled code: SFC32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, from PractRand), four 32-bit words of state, one of them a counter that guarantees a period of at
 * least 2^32 (2^127 on average). It passes BigCrush and PractRand.
 *
 * Why this one: JS has fast 32-bit integer operations but no fast 64-bit ones, so 64-bit generators (PCG64,
 * xoshiro256) cost BigInt or split arithmetic. SFC32 needs only adds, xors and shifts, so the whole step
 * inlines into the hot loop as a comma expression with the state in local variables (loaded at function entry,
 * written back at every exit). On Monte Carlo pi, inlined SFC32 ran 1.25× faster than inlined xoshiro128+ and
 * 2.2× faster than `Math.random()`; with the branchless counter the compiled pi now runs 1e8 points in about
 * 0.55 s, where numba takes about 1.0 s.
 * Each double takes the top 27 and 26 bits of two outputs: 53 random bits, the full resolution of
 * `Math.random()`'s doubles and of numba's (which draws two 32-bit Mersenne Twister words per double too).
 * A 32-bit double (one output) would be another 1.4× faster but can only produce 2^32 distinct values.
 *
 * @module
 */

/**
 * The shared generator state: compiled functions load it on entry and store it back on return.
 *
 * @example
 * ```ts
 * import { seedRandom } from 'numbat';
 * import { RANDOM_STATE } from './random.js';
 *
 * seedRandom(1);
 * const words = Array.from(RANDOM_STATE); // SFC32's four int32 words of state
 * words.length; // → 4
 * ```
 */
export const RANDOM_STATE = new Int32Array(4);

/**
 * The seed `Math.random()` inside prange loops is keyed by (`parallel/philox.ts`), and how many regions have
 * drawn from it since: region k after `seedRandom(s)` draws what launch k of a `@gpu({ seed: s })` kernel does.
 *
 * @example
 * ```ts
 * import { seedRandom } from 'numbat';
 * import { PRANGE_SEED } from './random.js';
 *
 * seedRandom(42);
 * PRANGE_SEED.seed; // → 42
 * PRANGE_SEED.launches; // → 0
 * ```
 */
export const PRANGE_SEED = { seed: 0, launches: 0 };

/** splitmix32: spreads a seed over the state so nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
}

/**
 * Seeds the PRNG of compiled code, for reproducible runs (like `np.random.seed` inside numba code). Plain
 * `Math.random()` is not affected. Seeds are reduced to 32 bits.
 *
 * @example
 * ```ts
 * import { memoJit, seedRandom } from 'numbat';
 *
 * const cpi = memoJit(function cpi(n: number) {
 *   let inside = 0;
 *   for (let i = 0; i < n; i++) {
 *     const x = Math.random(), y = Math.random();
 *     if (x * x + y * y < 1) inside++;
 *   }
 *   return (4 * inside) / n;
 * });
 * seedRandom(42);
 * const a = cpi(1e5);
 * seedRandom(42);
 * cpi(1e5) === a; // → true
 * ```
 */
export function seedRandom(seed: number): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`memoJit.seed: expected a finite number, got ${String(seed)}`);
  const next = splitmix32(Math.trunc(seed) % 4294967296);
  PRANGE_SEED.seed = Math.trunc(seed);
  PRANGE_SEED.launches = 0;
  for (let i = 0; i < 4; i++) RANDOM_STATE[i] = next();
  // The author's recommended warm-up: mix the seed through the state before the first draw.
  for (let i = 0; i < 15; i++) step();
}

/**
 * One draw in plain JS from the shared state: the reference the inlined code must match, used by tests and
 * by nothing hot.
 *
 * @example
 * ```ts
 * import { seedRandom } from 'numbat';
 * import { nextRandom } from './random.js';
 *
 * seedRandom(1);
 * const x = nextRandom();
 * x >= 0 && x < 1; // → true
 * seedRandom(1);
 * nextRandom() === x; // → true
 * ```
 */
export function nextRandom(): number {
  const hi = step();
  const lo = step();
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) * 1.1102230246251565e-16;
}

function step(): number {
  const s = RANDOM_STATE;
  let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  s[0] = a; s[1] = b; s[2] = c; s[3] = d;
  return t;
}

/**
 * Names of the local variables generated code keeps the state (`s`) and the two outputs of a draw in.
 *
 * @example
 * ```ts
 * import { RANDOM_LOCALS } from './random.js';
 *
 * RANDOM_LOCALS.s; // → [ '$s0', '$s1', '$s2', '$s3' ]
 * ```
 */
export const RANDOM_LOCALS = { s: ['$s0', '$s1', '$s2', '$s3'], out: '$ro', hi: '$rh' } as const;

/**
 * JS expression for one 32-bit output (left in the `out` local), updating the state locals.
 *
 * The `| 0` on state words that feed an addition are free in normally optimized code (V8 types the words as
 * int32 and drops them: same machine code) but matter for the first call of a long loop, which V8 runs as
 * on-stack-replacement code: there the loop-carried words enter untyped, and since `a + b` overflows int32
 * in the interpreter its feedback says "double", so TurboFan did the four additions in float64 with
 * conversions and a truncation check each, 2× slower (pi: 1.5 s instead of 0.65 s for the first two calls
 * of 1e8 points). `x | 0` has small-integer feedback, so it gives the addition int32 inputs again.
 */
function stepSource(): string {
  const [a, b, c, d] = RANDOM_LOCALS.s;
  const { out } = RANDOM_LOCALS;
  return `${out} = ((((${a} | 0) + (${b} | 0)) | 0) + (${d} | 0)) | 0, ${d} = ((${d} | 0) + 1) | 0, ${a} = ${b} ^ (${b} >>> 9), ${b} = ((${c} | 0) + (${c} << 3)) | 0, ${c} = (${c} << 21) | (${c} >>> 11), ${c} = (${c} + ${out}) | 0`;
}

/**
 * JS expression for one double in [0, 1), exactly {@link nextRandom}.
 *
 * @example
 * ```ts
 * import { randomExpressionSource, RANDOM_LOCALS } from './random.js';
 *
 * // Generated code declares the state locals, then inlines one expression per Math.random():
 * const code = `let ${RANDOM_LOCALS.s.join(', ')}, ${RANDOM_LOCALS.out}, ${RANDOM_LOCALS.hi}; const x = ${randomExpressionSource()};`;
 * code.includes('$s0'); // → true
 * ```
 */
export function randomExpressionSource(): string {
  const { out, hi } = RANDOM_LOCALS;
  // 2^-27 and 2^-53 scale each part on its own: the same double (both products and their sum are exact), but
  // V8 keeps it in float64, where `(hi * 2^26 + lo) * 2^-53` became an int64 add between two float
  // conversions: pi ran 10-15% faster this way.
  return `(${stepSource()}, ${hi} = ${out}, ${stepSource()}, (${hi} >>> 5) * 7.450580596923828e-9 + (${out} >>> 6) * 1.1102230246251565e-16)`;
}

seedRandom((Date.now() ^ (Math.random() * 4294967296)) | 0);
