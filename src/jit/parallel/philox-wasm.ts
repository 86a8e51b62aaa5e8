/**
 * Philox4x32-10 for many iterations at once, in a small hand-encoded WebAssembly SIMD module: the first block
 * of each iteration's stream (its draws 0 and 1, `philox.ts`) for up to {@link BATCH} consecutive iterations,
 * four iterations per 128-bit vector. JavaScript has no 32×32→64 multiply, so its Philox builds each product
 * from 16-bit pieces; Wasm's `i64x2.extmul_low/high_i32x4_u` gives the exact 64-bit products of two lanes in
 * one instruction, so a block costs a few nanoseconds instead of tens.
 *
 * The module is fixed (no inputs change its code), so it is encoded once per thread, here, with its own few
 * opcodes: the JIT's Wasm backend (`../wasm/encode.ts`) has no shuffles or extended multiplies and is not
 * changed for this.
 *
 * Memory layout: draw 0 of iteration `k` of the batch at byte `base + 8k`, draw 1 at byte `base + 8 (BATCH + k)`;
 * `base` is 0 in a batch's own one-page memory, and a thread's strip in numbat memory for Wasm regions
 * (`wasm-regions.ts`).
 *
 * @module
 */
import { sleb, uleb } from '../wasm/encode.js';
import { PHILOX_STREAM, philoxBlock } from './philox.js';

/**
 * Iterations one fill computes at most; draw 1 of batch iteration `k` is at `draws[BATCH + k]`.
 *
 * @example
 * ```ts
 * import { BATCH, DrawBatch } from './philox-wasm.js';
 * import { prangeRandom } from './philox.js';
 *
 * // Draw 1 of iteration k of a batch sits BATCH elements after its draw 0.
 * const batch = new DrawBatch();
 * const draws = batch.fillExactly(0, 1, 8, 0, 42, 0);
 * const k = 5;
 * draws[BATCH + k] === prangeRandom(k, 1, 42, 0); // → true
 * ```
 */
export const BATCH = 1024;
/**
 * Groups of four iterations computed side by side. Three groups leave registers for {@link SCALAR} scalar
 * blocks; five spill (x64 has 16 vector registers).
 */
const GROUPS = 3;

const M0 = 0xd2511f53, M1 = 0xcd9e8d57, W0 = 0x9e3779b9, W1 = 0xbb67ae85;
const TWO_M32 = 2.3283064365386963e-10, TWO_M53 = 1.1102230246251565e-16;

// ------------------------------------------------------------------------------------------ the encoder

const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const i32 = (v: number): number[] => sleb(v | 0);
const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];
const f64Bytes = (v: number): number[] => Array.from(new Uint8Array(new Float64Array([v]).buffer));
const I = {
  splat: simd(0x11), xor: simd(0x51), add: simd(0xae), mul: simd(0xb5), shrU: simd(0xad),
  extLo: simd(0xde), extHi: simd(0xdf), fsub: simd(0xf1), fadd: simd(0xf0),
  store: (offset: number): number[] => [...simd(0x0b), 4, ...uleb(offset)],
  shuffle: (lanes: readonly number[]): number[] => [...simd(0x0d), ...lanes],
  const: (words: readonly number[]): number[] => [...simd(0x0c), ...words.flatMap((w) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255, (w >>> 24) & 255])],
};
/** Bytes 4–7 and 12–15 of each i64x2 operand: the high words of four 64-bit products. */
const HIGH_WORDS = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];
/** High words of the doubles 2^20 + w·2^-32 and 0.5 + u·2^-53 (w < 2^32, u < 2^21 in their low words). */
const HIGH_EXPONENT = 0x41300000, LOW_EXPONENT = 0x3fe00000;
/** 2^20 + 0.5, taken from the first to leave w·2^-32 − 0.5. */
const HIGH_OFFSET = 2 ** 20 + 0.5;
/** The two words of a double, twice (a v128 constant of two equal f64 lanes). */
const f64Words = (v: number): number[] => { const w = new Uint32Array(new Float64Array([v]).buffer); return [w[0]!, w[1]!, w[0]!, w[1]!]; };

/**
 * Blocks computed in scalar i64 arithmetic beside the vector groups of each loop step. The vector rounds keep
 * the core's vector shuffle units busy (V8 turns every pair of 32×32→64 products into two unpacks and a
 * multiply) while its integer units sit idle; a few independent blocks in `i64.mul` in the same loop body run
 * on those units at the same time. Paired A/B on this machine's Zen 5 cores, at load (ns per block, minimum of
 * 150 alternating runs): with the exponent-word doubles below, 12 vector + 3 scalar blocks a step took 0.90×
 * the time of 16 + 2 (3 + 4: the same; 2 + 2 or 2 + 4 slower; 5 groups spill); 16 vector + 2 scalar had taken
 * 0.92–0.96× 16 alone, and scalar blocks alone take about 1.5× the vector time per block.
 */
const SCALAR = 3;
/** Blocks per step of the main loop: `4 · GROUPS` in vectors, `SCALAR` in scalar registers. */
const STEP_BLOCKS = 4 * GROUPS + SCALAR;

/**
 * `fill(first, step, count, c1, c2, k0, k1, base)`: for iterations `first + k·step`, `k < count` (exactly:
 * nothing is written past block `count - 1`), block `philox((first + k·step, c1, c2, 'numb'), (k0, k1))`
 * turned into the two doubles of `philox.ts`, stored from byte `base`. The main loop takes
 * {@link STEP_BLOCKS} blocks a step; the last `count mod STEP_BLOCKS` are computed one at a time.
 */
function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  // params 0..7 (i32); locals: lanes, kv0, kv1, then x0..x3, t0, t1 of each group (v128), then off, end, idx,
  // then the scalar blocks' four words, two scalar keys (i32), then two products (i64)
  const [first, step, count, c1, c2, k0, k1, base] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [lanes, kv0, kv1] = [8, 9, 10];
  const groups = Array.from({ length: GROUPS }, (_, g) => {
    const b = 11 + 6 * g;
    return { x0: b, x1: b + 1, x2: b + 2, x3: b + 3, t0: b + 4, t1: b + 5 };
  });
  const vectors = 3 + 6 * GROUPS;
  const [off, end, idx] = [8 + vectors, 9 + vectors, 10 + vectors];
  const scalars = Array.from({ length: SCALAR }, (_, s) => [11 + vectors + 4 * s, 12 + vectors + 4 * s, 13 + vectors + 4 * s, 14 + vectors + 4 * s] as const);
  const [kr0, kr1] = [11 + vectors + 4 * SCALAR, 12 + vectors + 4 * SCALAR];
  const [p0, p1] = [13 + vectors + 4 * SCALAR, 14 + vectors + 4 * SCALAR];
  const m0 = I.const([M0, M0, M0, M0]), m1 = I.const([M1, M1, M1, M1]);
  const round = ({ x0, x1, x2, x3, t0, t1 }: (typeof groups)[number]): number[] => [
    ...get(x0), ...m0, ...I.extLo, ...get(x0), ...m0, ...I.extHi, ...I.shuffle(HIGH_WORDS), ...set(t0),
    ...get(x0), ...m0, ...I.mul, ...set(t1),
    ...get(x2), ...m1, ...I.extLo, ...get(x2), ...m1, ...I.extHi, ...I.shuffle(HIGH_WORDS), ...get(x1), ...I.xor, ...get(kv0), ...I.xor, ...set(x0),
    ...get(x2), ...m1, ...I.mul, ...set(x1),
    ...get(t0), ...get(x3), ...I.xor, ...get(kv1), ...I.xor, ...set(x2),
    ...get(t1), ...set(x3),
  ];
  const nextKeys = [
    ...get(kv0), ...I.const([W0, W0, W0, W0]), ...I.add, ...set(kv0),
    ...get(kv1), ...I.const([W1, W1, W1, W1]), ...I.add, ...set(kv1),
  ];
  // One scalar round: p0 = x0·M0, p1 = x2·M1 as exact u64 products (i64.extend_i32_u, i64.mul), then the words.
  const hi = (p: number): number[] => [...get(p), 0x42, 32, 0x88, 0xa7]; // i64.shr_u 32, i32.wrap_i64
  const scalarRound = ([x0, x1, x2, x3]: readonly number[]): number[] => [
    ...get(x0!), 0xad, 0x42, ...sleb(BigInt(M0)), 0x7e, ...set(p0),
    ...get(x2!), 0xad, 0x42, ...sleb(BigInt(M1)), 0x7e, ...set(p1),
    ...hi(p1), ...get(x1!), 0x73, ...get(kr0), 0x73, ...set(x0!),
    ...hi(p0), ...get(x3!), 0x73, ...get(kr1), 0x73, ...set(x2!),
    ...get(p1), 0xa7, ...set(x1!),
    ...get(p0), 0xa7, ...set(x3!),
  ];
  const scalarKeys = [...get(kr0), 0x41, ...i32(W0), 0x6a, ...set(kr0), ...get(kr1), 0x41, ...i32(W1), 0x6a, ...set(kr1)];
  // Scalar block `at` (blocks from idx): counter words, then after the rounds its two doubles at off + 8·at.
  const scalarInit = ([x0, x1, x2, x3]: readonly number[], at: number): number[] => [
    ...get(idx), ...get(step), 0x41, ...i32(at), 0x6c, 0x6a, ...set(x0!),
    ...get(c1), ...set(x1!), ...get(c2), ...set(x2!), 0x41, ...i32(PHILOX_STREAM), ...set(x3!),
  ];
  const f64c = (v: number): number[] => [0x44, ...f64Bytes(v)];
  const scalarDouble = (w: number, v: number): number[] => [
    ...get(w), 0xb8, ...f64c(TWO_M32), 0xa2, ...get(v), 0x41, ...i32(11), 0x76, 0xb8, ...f64c(TWO_M53), 0xa2, 0xa0,
  ];
  const scalarStore = ([x0, x1, x2, x3]: readonly number[], at: number): number[] => [
    ...get(off), ...scalarDouble(x0!, x1!), 0x39, 3, ...uleb(8 * at),
    ...get(off), ...scalarDouble(x2!, x3!), 0x39, 3, ...uleb(8 * BATCH + 8 * at),
  ];
  // Two doubles (lanes 0–1, or with `upper` 2–3) from vectors of high words `w` and low words `v`, exactly
  // w·2^-32 + (v >>> 11)·2^-53 with no conversion or multiply: each word becomes the low mantissa bits of a
  // double whose high word is a constant exponent (one interleave, which V8 emits as a single unpack), giving
  // 2^20 + w·2^-32 and 0.5 + (v >>> 11)·2^-53; then (2^20 + w·2^-32 − (2^20 + 0.5)) + (0.5 + (v >>> 11)·2^-53),
  // each step exact (every partial result fits 53 bits). 0.88–0.91× the fill time of converting each word
  // (`f64x2.convert_low_i32x4_u`, two multiplies and lane moves), paired.
  const interleave = (upper: boolean): number[] => I.shuffle(upper ? [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31] : [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23]);
  const double = (hiw: number, low: number, upper: boolean): number[] => [
    ...get(hiw), ...I.const([HIGH_EXPONENT, HIGH_EXPONENT, HIGH_EXPONENT, HIGH_EXPONENT]), ...interleave(upper),
    ...I.const(f64Words(HIGH_OFFSET)), ...I.fsub,
    ...get(low), 0x41, ...i32(11), ...I.shrU, ...I.const([LOW_EXPONENT, LOW_EXPONENT, LOW_EXPONENT, LOW_EXPONENT]), ...interleave(upper),
    ...I.fadd,
  ];
  const scalarBlock = (words: readonly number[], at: number): number[] => [
    ...scalarInit(words, at),
    ...get(k0), ...set(kr0), ...get(k1), ...set(kr1),
    ...Array.from({ length: 10 }, () => [...scalarRound(words), ...scalarKeys]).flat(),
    ...scalarStore(words, at),
  ];
  const body: number[] = [
    // lanes = (0, step, 2 step, 3 step); end = base + 8 · count
    ...get(step), ...I.splat, ...I.const([0, 1, 2, 3]), ...I.mul, ...set(lanes),
    ...get(count), 0x41, ...i32(3), 0x74, ...get(base), 0x6a, ...set(end),
    ...get(first), ...set(idx),
    ...get(base), ...set(off),
    0x02, 0x40, 0x03, 0x40, // block loop: STEP_BLOCKS blocks a step
    ...get(end), ...get(off), 0x6b, 0x41, ...i32(8 * STEP_BLOCKS), 0x48, 0x0d, 1, // br_if 1 (end - off < 8 · STEP_BLOCKS)
    ...groups.flatMap((g, k) => [
      ...get(idx), ...get(step), 0x41, ...i32(4 * k), 0x6c, 0x6a, ...I.splat, ...get(lanes), ...I.add, ...set(g.x0),
      ...get(c1), ...I.splat, ...set(g.x1),
      ...get(c2), ...I.splat, ...set(g.x2),
      0x41, ...i32(PHILOX_STREAM), ...I.splat, ...set(g.x3),
    ]),
    ...scalars.flatMap((w, s) => scalarInit(w, 4 * GROUPS + s)),
    ...get(k0), ...I.splat, ...set(kv0),
    ...get(k1), ...I.splat, ...set(kv1),
    ...get(k0), ...set(kr0), ...get(k1), ...set(kr1),
    // Independent groups side by side: one group's multiply-shuffle-xor chain alone would leave the core idle;
    // the scalar blocks' rounds between the vector rounds keep the integer units busy at the same time.
    ...Array.from({ length: 10 }, () => [...groups.flatMap(round), ...nextKeys, ...scalars.flatMap(scalarRound), ...scalarKeys]).flat(),
    ...groups.flatMap((g, k) => [
      ...get(off), ...double(g.x0, g.x1, false), ...I.store(32 * k),
      ...get(off), ...double(g.x0, g.x1, true), ...I.store(32 * k + 16),
      ...get(off), ...double(g.x2, g.x3, false), ...I.store(8 * BATCH + 32 * k),
      ...get(off), ...double(g.x2, g.x3, true), ...I.store(8 * BATCH + 32 * k + 16),
    ]),
    ...scalars.flatMap((w, s) => scalarStore(w, 4 * GROUPS + s)),
    ...get(idx), ...get(step), 0x41, ...i32(STEP_BLOCKS), 0x6c, 0x6a, ...set(idx),
    ...get(off), 0x41, ...i32(8 * STEP_BLOCKS), 0x6a, ...set(off),
    0x0c, 0, // br 0 (loop)
    0x0b, 0x0b, // end loop, end block
    0x02, 0x40, 0x03, 0x40, // block loop: the last blocks, one at a time
    ...get(off), ...get(end), 0x4f, 0x0d, 1, // br_if 1 (off >= end: done)
    ...scalarBlock(scalars[0]!, 0),
    ...get(idx), ...get(step), 0x6a, ...set(idx),
    ...get(off), 0x41, 8, 0x6a, ...set(off),
    0x0c, 0,
    0x0b, 0x0b,
  ];
  const locals = [...uleb(3), ...uleb(vectors), 0x7b, ...uleb(5 + 4 * SCALAR), 0x7f, ...uleb(2), 0x7e];
  const code = [...locals, ...body, 0x0b];
  const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'latin1')];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 8, ...Array(8).fill(0x7f), 0]),
    // Numbat memory is shared (limits flag 3, its maximum); a batch of its own keeps an ordinary page.
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...(shared ? [0x03, 1, ...uleb(65536)] : [0x00, 1])]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('fill'), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

// ------------------------------------------------------------------------------------------ the batch

/**
 * One thread's batch of first-block draws, refilled by generated code when an iteration leaves it
 * (`codegen.ts`): `draws[k]` and `draws[BATCH + k]` are draws 0 and 1 of iteration `base + k·step`.
 *
 * @example
 * ```ts
 * import { DrawBatch } from './philox-wasm.js';
 * import { prangeRandom } from './philox.js';
 *
 * // Draws 0 and 1 of iterations 0, 1, … of a loop after memoJit.seed(42), launch 0, filled in one Wasm call.
 * const batch = new DrawBatch();
 * const d = batch.fill(0, 1, 1000, 0, 42, 0);
 * batch.count > 0; // → true
 * d[5] === prangeRandom(5, 0, 42, 0); // → true
 * ```
 */
export class DrawBatch {
  /** The draws, a view of the module's memory (its own page is never grown, numbat memory's views never detach). */
  readonly draws: Float64Array;
  /** Iterations the last fill computed. */
  count = 0;
  private readonly run: ((...words: number[]) => void) | undefined;
  private readonly words = new Uint32Array(4);
  private readonly base: number;
  private size = 16;
  private nextBase = NaN;

  /**
   * @param at where the draws live: by default a page of the batch's own; a Wasm region's thread strip gives
   *   numbat memory and the strip's byte offset (16-byte aligned, `2 · BATCH` doubles), which the region reads.
   */
  constructor(at?: { readonly memory: WebAssembly.Memory; readonly base: number }) {
    const memory = at?.memory ?? new WebAssembly.Memory({ initial: 1, maximum: 1 });
    this.base = at?.base ?? 0;
    this.draws = new Float64Array(memory.buffer, this.base, 2 * BATCH);
    const code = compiled(at !== undefined);
    this.run = code ? (new WebAssembly.Instance(code, { env: { memory } }).exports['fill'] as (...words: number[]) => void) : undefined;
  }

  /**
   * Fills the draws of iterations `base, base + step, …` before `stop` (at most {@link BATCH}) and returns
   * the array. Batches grow while the loop asks for consecutive ones and shrink when it skips (a loop that
   * draws in few iterations would otherwise pay for blocks it never reads).
   */
  fill(base: number, step: number, stop: number, seedHi: number, seedLo: number, launch: number): Float64Array {
    const left = Math.ceil((stop - base) / step);
    this.size = base === this.nextBase ? Math.min(BATCH, this.size * 2) : 16;
    const count = Math.max(1, Math.min(this.size, left));
    this.nextBase = base + count * step;
    return this.fillExactly(base, step, count, seedHi, seedLo, launch);
  }

  /**
   * Fills the draws of exactly `count` (1 to {@link BATCH}) iterations `base, base + step, …` and returns
   * the array: the strips of `strips.ts`, whose regions run over exactly those iterations.
   *
   * @example
   * ```ts
   * import { BATCH, DrawBatch } from './philox-wasm.js';
   * import { prangeRandom } from './philox.js';
   *
   * // Draws 0 and 1 of iterations 1024 to 2047 (one strip), after memoJit.seed(42), launch 0.
   * const batch = new DrawBatch();
   * const d = batch.fillExactly(1024, 1, 1024, 0, 42, 0);
   * d[0] === prangeRandom(1024, 0, 42, 0); // → true
   * d[BATCH + 1023] === prangeRandom(2047, 1, 42, 0); // → true
   * ```
   */
  fillExactly(base: number, step: number, count: number, seedHi: number, seedLo: number, launch: number): Float64Array {
    this.count = count;
    const exact = Number.isInteger(base) && Number.isInteger(step) && Math.abs(base) + count * Math.abs(step) <= Number.MAX_SAFE_INTEGER;
    if (this.run && exact) {
      this.run(base | 0, step | 0, count, 0, seedHi | 0, seedLo | 0, launch | 0, this.base);
    } else {
      // ToUint32 of a fractional or huge index is not affine in k: compute each one as the loop's index.
      const w = this.words, d = this.draws;
      for (let k = 0; k < count; k++) {
        philoxBlock(w, 0, (base + k * step) >>> 0, 0, seedHi, PHILOX_STREAM, seedLo, launch);
        d[k] = w[0]! * TWO_M32 + (w[1]! >>> 11) * TWO_M53;
        d[BATCH + k] = w[2]! * TWO_M32 + (w[3]! >>> 11) * TWO_M53;
      }
    }
    return this.draws;
  }
}

/** The compiled modules for an own page (0) and for a shared memory (1); `null` where SIMD is unavailable. */
const modules: Array<WebAssembly.Module | null | undefined> = [undefined, undefined];

/** The compiled module, or `null` where WebAssembly SIMD is unavailable (then batches are filled in JS). */
function compiled(shared = false): WebAssembly.Module | null {
  const k = shared ? 1 : 0;
  if (modules[k] === undefined) {
    try {
      modules[k] = new WebAssembly.Module(moduleBytes(shared));
    } catch {
      modules[k] = null;
    }
  }
  return modules[k]!;
}

/**
 * Whether batches use WebAssembly SIMD here (for tests and the bench); without it they are filled in JS.
 *
 * @example
 * ```ts
 * import { simdPhilox } from './philox-wasm.js';
 *
 * simdPhilox(); // → true
 * ```
 */
export function simdPhilox(): boolean {
  return compiled() !== null;
}
