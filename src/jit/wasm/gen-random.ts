/**
 * `Math.random()` in Wasm: memoJit's SFC32 step (`../random.ts`), the same 32-bit adds, xors and shifts on the
 * state words. A function that draws keeps the words in four i32 locals while it runs ({@link RandomLocals}),
 * as the JS backend keeps them in JS locals: loaded from the module's four mutable i32 globals
 * (`RANDOM_GLOBALS`, after the heap global) on entry, stored back before each `return` and around each call of a
 * function that draws. The globals are the module's copy of the shared state: the wrapper (`runtime.ts`) loads
 * them from `RANDOM_STATE` before each call and stores them back only when the call returns, so a call that
 * traps and is rerun by the JS backend leaves the state as it found it, and the rerun draws the same numbers once.
 *
 * Why locals: V8 keeps an exported mutable global in memory behind the instance, so each `global.get`/`set` is
 * a load or store, eight of each per draw; locals stay in registers. A loop of 1e7 draws took 2.1× the JS
 * backend's time with the globals read and written per draw, 1.2-1.3× with them in locals (bench/README, session 19).
 *
 * @module
 */

import type { Instr, OpName, ValType } from './encode.js';

/**
 * Export names of the four state globals (global indices 1 to 4).
 *
 * @example
 * ```ts
 * import { RANDOM_GLOBALS } from './gen-random.js';
 *
 * RANDOM_GLOBALS.length; // → 4
 * ```
 */
export const RANDOM_GLOBALS = ['rand0', 'rand1', 'rand2', 'rand3'] as const;

/** What {@link emitRandom} needs from the function being generated. */
export interface RandomHost {
  emit(op: OpName, imm?: Instr['imm']): void;
  temp(t: ValType): number;
}

/**
 * The four i32 locals (indices) holding SFC32's state words `a, b, c, d` in a function that draws.
 *
 * @example
 * ```ts
 * import type { RandomLocals } from './gen-random.js';
 *
 * const state: RandomLocals = [4, 5, 6, 7]; // locals 4 to 7 of the function
 * ```
 */
export type RandomLocals = readonly [number, number, number, number];

/**
 * Emits the copy of the state globals into the function's locals (on entry, and after a call that draws).
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import { emitRandomLoad } from './gen-random.js';
 *
 * const code: Instr[] = [];
 * emitRandomLoad({ emit: (op, imm) => void code.push({ op, imm }), temp: () => 0 }, [4, 5, 6, 7]);
 * code.map((i) => `${i.op} ${String(i.imm)}`).slice(0, 2); // → [ 'global.get 1', 'local.set 4' ]
 * ```
 */
export function emitRandomLoad(h: RandomHost, state: RandomLocals): void {
  state.forEach((local, k) => { h.emit('global.get', 1 + k); h.emit('local.set', local); });
}

/**
 * Emits the copy of the function's state locals into the globals (before a `return`, and before a call that
 * draws); it leaves the stack as it was, so a return value or call arguments may already be on it.
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import { emitRandomStore } from './gen-random.js';
 *
 * const code: Instr[] = [];
 * emitRandomStore({ emit: (op, imm) => void code.push({ op, imm }), temp: () => 0 }, [4, 5, 6, 7]);
 * code.map((i) => `${i.op} ${String(i.imm)}`).slice(0, 2); // → [ 'local.get 4', 'global.set 1' ]
 * ```
 */
export function emitRandomStore(h: RandomHost, state: RandomLocals): void {
  state.forEach((local, k) => { h.emit('local.get', local); h.emit('global.set', 1 + k); });
}

/**
 * How a draw turns its 53 bits `m` into the double `m · 2^-53` (the same double either way):
 * - `'convert'`: one `f64.convert_i64_s` and one product. The fastest where the draw is most of the work (a sum of
 *   draws: 1.0× the JS backend's time, against 1.28× for `'bits'`), but x64's conversion writes only the low half
 *   of its register, so it waits for whatever last wrote that register: in a loop that also computes `Math.exp` in
 *   lanes, that was the previous iteration's exp, and the iterations ran one after the other (1.5× JS's time).
 * - `'bits'`: no conversion: `1 + (m >>> 1) · 2^-52` by its bits, minus 1, plus `2^-53` when m is odd (its bits
 *   masked by the low bit); each step is exact. The lanes loops of `random-lanes.ts` use it (0.55× JS's time on
 *   mc-integrate, in .scratch A/Bs of session 19).
 *
 * @example
 * ```ts
 * import type { DrawForm } from './gen-random.js';
 *
 * const form: DrawForm = 'bits';
 * ```
 */
export type DrawForm = 'convert' | 'bits';

/**
 * Emits one draw: leaves the double `nextRandom()` would give on the stack and advances the state locals by
 * two steps, exactly as the JS backend's inlined expression does.
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import { emitRandom } from './gen-random.js';
 *
 * const code: Instr[] = [];
 * emitRandom({ emit: (op, imm) => code.push(imm === undefined ? { op } : { op, imm }), temp: () => 0 }, [4, 5, 6, 7]);
 * code.at(-1)!.op; // → 'f64.mul'
 * code.some((i) => i.op === 'global.get'); // → false
 * ```
 */
export function emitRandom(h: RandomHost, state: RandomLocals, form: DrawForm = 'convert'): void {
  const hi = h.temp('i32');
  const lo = h.temp('i32');
  step(h, state, hi);
  step(h, state, lo);
  // (hi >>> 5) * 2^-27 + (lo >>> 6) * 2^-53 (random.ts) is m * 2^-53 for the integer m = (hi >>> 5) << 26 | (lo >>> 6)
  // below 2^53. Converting the two halves on their own (two conversions, two products, a sum) ran 1.2-1.3x the JS
  // backend's time on a loop of draws, one conversion of m 0.95-1.0x (.scratch A/B, session 19)
  h.emit('local.get', hi); h.emit('i32.const', 5); h.emit('i32.shr_u'); h.emit('i64.extend_i32_u'); h.emit('i64.const', 26n); h.emit('i64.shl');
  h.emit('local.get', lo); h.emit('i32.const', 6); h.emit('i32.shr_u'); h.emit('i64.extend_i32_u'); h.emit('i64.or');
  if (form === 'convert') {
    h.emit('f64.convert_i64_s'); h.emit('f64.const', 1.1102230246251565e-16); h.emit('f64.mul');
    return;
  }
  const m = h.temp('i64');
  h.emit('local.tee', m);
  h.emit('i64.const', 1n); h.emit('i64.shr_u'); h.emit('i64.const', 0x3ff0000000000000n); h.emit('i64.or'); h.emit('f64.reinterpret_i64');
  h.emit('f64.const', 1); h.emit('f64.sub');
  // 2^-53 (bits 0x3CA0…) where m is odd, +0 where even: -(m & 1) is all ones or zero
  h.emit('i64.const', 0n); h.emit('local.get', m); h.emit('i64.const', 1n); h.emit('i64.and'); h.emit('i64.sub');
  h.emit('i64.const', 0x3ca0000000000000n); h.emit('i64.and'); h.emit('f64.reinterpret_i64');
  h.emit('f64.add');
}

/** One SFC32 step into local `out`; each word is set before the next one, which it reads, changes. */
function step(h: RandomHost, [a, b, c, d]: RandomLocals, out: number): void {
  const get = (l: number): void => h.emit('local.get', l);
  // out = a + b + d
  get(a); get(b); h.emit('i32.add'); get(d); h.emit('i32.add'); h.emit('local.set', out);
  // d = d + 1
  get(d); h.emit('i32.const', 1); h.emit('i32.add'); h.emit('local.set', d);
  // a = b ^ (b >>> 9)
  get(b); get(b); h.emit('i32.const', 9); h.emit('i32.shr_u'); h.emit('i32.xor'); h.emit('local.set', a);
  // b = c + (c << 3)
  get(c); get(c); h.emit('i32.const', 3); h.emit('i32.shl'); h.emit('i32.add'); h.emit('local.set', b);
  // c = ((c << 21) | (c >>> 11)) + out
  get(c); h.emit('i32.const', 21); h.emit('i32.shl'); get(c); h.emit('i32.const', 11); h.emit('i32.shr_u'); h.emit('i32.or');
  get(out); h.emit('i32.add'); h.emit('local.set', c);
}
