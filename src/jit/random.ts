/**
 * The PRNG behind `Math.random()` in compiled code: xoshiro128+ (Blackman & Vigna), the member of the
 * xoshiro family recommended for floating-point output, four 32-bit words of state.
 *
 * Why this one: JS has fast 32-bit integer operations but no fast 64-bit ones, so 64-bit generators (PCG64,
 * xoshiro256) cost BigInt or split arithmetic. xoshiro128+ needs only adds, xors and shifts, so the whole step
 * inlines into the hot loop as a comma expression with the state in local variables (loaded at function entry,
 * written back at every exit). Each double takes the top 27 and 26 bits of two outputs: 53 random bits, the
 * full resolution of `Math.random()`'s [0, 1) doubles (the weak low bits of `+` are dropped).
 *
 * @module
 */

/** The shared generator state: compiled functions load it on entry and store it back on return. */
export const RANDOM_STATE = new Int32Array(4);

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
 * seedRandom(42);
 * const a = cpi(1e6);
 * seedRandom(42);
 * cpi(1e6) === a; // true
 * ```
 */
export function seedRandom(seed: number): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`memoJit.seed: expected a finite number, got ${String(seed)}`);
  const next = splitmix32(Math.trunc(seed) % 4294967296);
  for (let i = 0; i < 4; i++) RANDOM_STATE[i] = next();
  // The all-zero state is the one fixed point of xoshiro.
  if (RANDOM_STATE.every((w) => w === 0)) RANDOM_STATE[0] = 1;
}

seedRandom((Date.now() ^ (Math.random() * 4294967296)) | 0);

/**
 * One draw in plain JS from the shared state: the reference the inlined code must match, used by tests and
 * by nothing hot.
 *
 * @example
 * ```ts
 * seedRandom(1); const x = nextRandom(); // 0 <= x < 1
 * ```
 */
export function nextRandom(): number {
  const hi = step();
  const lo = step();
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) * 1.1102230246251565e-16;
}

function step(): number {
  const s = RANDOM_STATE;
  let s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
  const result = (s0 + s3) | 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  return result;
}

/** Names of the local variables generated code keeps the state and temporaries in. */
export const RANDOM_LOCALS = { s: ['$s0', '$s1', '$s2', '$s3'], out: '$ro', t: '$rt', hi: '$rh' } as const;

/** JS expression for one 32-bit output, updating the state locals (a comma expression). */
function stepSource(): string {
  const [s0, s1, s2, s3] = RANDOM_LOCALS.s;
  const { out, t } = RANDOM_LOCALS;
  return `${out} = (${s0} + ${s3}) | 0, ${t} = ${s1} << 9, ${s2} ^= ${s0}, ${s3} ^= ${s1}, ${s1} ^= ${s2}, ${s0} ^= ${s3}, ${s2} ^= ${t}, ${s3} = (${s3} << 11) | (${s3} >>> 21)`;
}

/** JS expression for one double in [0, 1), exactly {@link nextRandom}. */
export function randomExpressionSource(): string {
  const { out, hi } = RANDOM_LOCALS;
  return `(${stepSource()}, ${hi} = ${out}, ${stepSource()}, ((${hi} >>> 5) * 67108864 + (${out} >>> 6)) * 1.1102230246251565e-16)`;
}
