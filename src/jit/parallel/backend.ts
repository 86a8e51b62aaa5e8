/**
 * The backend choice of a specialization with prange loops: its entry runs on the JavaScript backend (it
 * calls the region runtime), and each region on the backend `wasm-regions.ts` decides, with one line per region
 * in `inspect()`.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import type { IRModule } from '../ir.js';
import type { BackendOptions } from '../wasm/index.js';
import { regionBackends } from './wasm-regions.js';
import { runtimeOf } from './runtime.js';

/**
 * Decides where the regions of the compiled entry `fn` run and tells its runtime; returns the choice
 * `inspect()` shows (the entry is JavaScript).
 *
 * @example
 * ```ts
 * import { prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { regionChoice } from './backend.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * regionChoice(compiled.fn, compiled.lowered!, { backend: 'wasm' }).reason; // → "prange: the entry runs as JavaScript (it calls the region runtime); prange loop 1 (…): Wasm on every thread, on numbat memory…"
 * // Without `parallel`, prange loops are serial loops:
 * const serial = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }]);
 * regionChoice(serial.fn, serial.lowered!, { backend: 'wasm' }).reason; // → 'prange loops without memoJit({ parallel }) are serial loops of the JavaScript backend'
 * ```
 */
export function regionChoice(fn: AnyFunction, lowered: IRModule, options: BackendOptions): { backend: 'js'; reason: string; fn: AnyFunction } {
  const par = runtimeOf(fn);
  if (!par?.threaded) {
    return { backend: 'js', reason: 'prange loops without memoJit({ parallel }) are serial loops of the JavaScript backend', fn };
  }
  const backends = regionBackends(lowered, par.metas, options);
  par.useWasm(backends);
  const lines = backends.lines.map((line, k) => `prange loop ${k + 1} (${par.place(k)}): ${line}`);
  return { backend: 'js', reason: `prange: the entry runs as JavaScript (it calls the region runtime); ${lines.join('; ')}`, fn };
}
