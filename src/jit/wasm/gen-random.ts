/**
 * `Math.random()` in Wasm: memoJit's SFC32 step (`../random.ts`), the same 32-bit adds, xors and shifts on the
 * state words, which live in four mutable i32 globals (`RANDOM_GLOBALS`, after the heap global). The wrapper
 * (`runtime.ts`) loads them from `RANDOM_STATE` before each call and stores them back only when the call
 * returns: a call that traps and is rerun by the JS backend leaves the state as it found it, so the rerun draws
 * the same numbers once. Callees in the same module read and write the same globals, as the JS backend's
 * module-level state words.
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
 * Emits one draw: leaves the double `nextRandom()` would give on the stack and advances the state globals by
 * two steps, exactly as the JS backend's inlined expression does.
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import { emitRandom } from './gen-random.js';
 *
 * const code: Instr[] = [];
 * emitRandom({ emit: (op, imm) => code.push(imm === undefined ? { op } : { op, imm }), temp: () => 0 });
 * code.at(-1)!.op; // → 'f64.add'
 * ```
 */
export function emitRandom(h: RandomHost): void {
  const hi = h.temp('i32');
  const lo = h.temp('i32');
  step(h, hi);
  step(h, lo);
  // (hi >>> 5) * 2^-27 + (lo >>> 6) * 2^-53: both products and the sum are exact, as in random.ts
  h.emit('local.get', hi); h.emit('i32.const', 5); h.emit('i32.shr_u'); h.emit('f64.convert_i32_u');
  h.emit('f64.const', 7.450580596923828e-9); h.emit('f64.mul');
  h.emit('local.get', lo); h.emit('i32.const', 6); h.emit('i32.shr_u'); h.emit('f64.convert_i32_u');
  h.emit('f64.const', 1.1102230246251565e-16); h.emit('f64.mul');
  h.emit('f64.add');
}

/** One SFC32 step into local `out`; each word is set before the next one, which it reads, changes. */
function step(h: RandomHost, out: number): void {
  const [a, b, c, d] = [1, 2, 3, 4];
  const get = (g: number): void => h.emit('global.get', g);
  // out = a + b + d
  get(a); get(b); h.emit('i32.add'); get(d); h.emit('i32.add'); h.emit('local.set', out);
  // d = d + 1
  get(d); h.emit('i32.const', 1); h.emit('i32.add'); h.emit('global.set', d);
  // a = b ^ (b >>> 9)
  get(b); get(b); h.emit('i32.const', 9); h.emit('i32.shr_u'); h.emit('i32.xor'); h.emit('global.set', a);
  // b = c + (c << 3)
  get(c); get(c); h.emit('i32.const', 3); h.emit('i32.shl'); h.emit('i32.add'); h.emit('global.set', b);
  // c = ((c << 21) | (c >>> 11)) + out
  get(c); h.emit('i32.const', 21); h.emit('i32.shl'); get(c); h.emit('i32.const', 11); h.emit('i32.shr_u'); h.emit('i32.or');
  h.emit('local.get', out); h.emit('i32.add'); h.emit('global.set', c);
}
