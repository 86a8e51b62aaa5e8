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
export function emitRandom(h: RandomHost, state: RandomLocals): void {
  const hi = h.temp('i32');
  const lo = h.temp('i32');
  step(h, state, hi);
  step(h, state, lo);
  // (hi >>> 5) * 2^-27 + (lo >>> 6) * 2^-53 (random.ts) is the integer ((hi >>> 5) << 26 | (lo >>> 6)) < 2^53
  // times 2^-53: built in i64, one exact conversion and one exact product give the same double. Converting the
  // two halves on their own (two conversions, two products, a sum) ran 1.2-1.3x the JS backend's time on a loop
  // of draws, this 0.95-1.0x (.scratch A/B, session 19)
  h.emit('local.get', hi); h.emit('i32.const', 5); h.emit('i32.shr_u'); h.emit('i64.extend_i32_u'); h.emit('i64.const', 26n); h.emit('i64.shl');
  h.emit('local.get', lo); h.emit('i32.const', 6); h.emit('i32.shr_u'); h.emit('i64.extend_i32_u'); h.emit('i64.or');
  h.emit('f64.convert_i64_s'); h.emit('f64.const', 1.1102230246251565e-16); h.emit('f64.mul');
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
