/**
 * What the JavaScript backend emits for prange regions (`outline.ts`): the call of a region through the
 * region runtime, the Philox draw inside a region, and the table that gives worker threads the regions.
 *
 * @module
 */
import type { IRFunction, IRModule } from '../ir.js';
import { userName } from '../js/names.js';
import { regionHeld, regionIndex, regionRandomNames } from './outline.js';
import { BATCH } from './philox-wasm.js';

/**
 * `$par.run(k, region, …args)` for a call of region `k`, or `undefined` for an ordinary call. When the region
 * uses arrays whose shared copy lasts the call, their variables are set to the array the loop used, in the
 * same expression (`$par.keep` returns the run's result): serial code then works on the copy (`session.ts`).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions } from './outline.js';
 * import { regionCall } from './codegen.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * // The loop becomes region 0; the entry function calls it through the runtime.
 * const { module } = outlineRegions(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * const [region, entry] = module.functions;
 * regionCall(region!, '$fn_$region0', ['0', 'xs.length', '0', '0', '0', 's', 'xs']); // → '$par.keep($par.run(0, $fn_$region0, 0, xs.length, 0, 0, 0, s, xs), xs = $par.held(0, xs))'
 * regionCall(entry!, '$fn_sum', ['xs']); // → undefined
 * ```
 */
export function regionCall(callee: IRFunction, name: string, args: readonly string[]): string | undefined {
  const k = regionIndex(callee);
  if (k === undefined) return undefined;
  const run = `$par.run(${k}, ${name}, ${args.join(', ')})`;
  const held = regionHeld(callee);
  return held.length ? `$par.keep(${run}, ${held.map(([v, p]) => `${userName(v)} = $par.held(${p}, ${userName(v)})`).join(', ')})` : run;
}

/**
 * One `Math.random()` inside region `f` (layout in `philox.ts`): draws 0 and 1 of an iteration are read from the
 * thread's batch (`philox-wasm.ts`), refilled from this iteration on when the iteration is past its end; later
 * draws, and loops whose step is not an integer, compute their block here (`lateDraw`). `undefined` outside
 * regions.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions } from './outline.js';
 * import { regionRandom } from './codegen.js';
 *
 * // A draw under `if` is numbered at run time: read from the thread's batch, refilled when the iteration leaves it.
 * function noisy(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) if (xs[i]! > 0) s += Math.random();
 *   return s;
 * }
 * const { module } = outlineRegions(lowerToIR(noisy, [{ kind: 'array', element: 'f64' }]));
 * regionRandom(module.functions[0]!); // → '($pu < 2 ? (…$pd[$pk1 + 1024 * $pu++]) : $par.late(…))'
 * regionRandom(module.functions[1]!); // → undefined
 * ```
 */
export function regionRandom(f: IRFunction): string | undefined {
  const r = regionRandomNames(f);
  if (!r) return undefined;
  const [i, u, d, b, n, k] = [r.counter, r.used, r.draws, r.base, r.count, r.at].map(userName) as [string, string, string, string, string, string];
  const key = `${userName(r.seedHi)}, ${userName(r.seedLo)}, ${userName(r.launch)}`;
  const late = `$par.late(${userName(r.words)}, ${i}, ${u}++, ${key})`;
  if (!Number.isInteger(r.step)) return late;
  const trip = r.step === 1 ? `${i} - ${b}` : `(${i} - ${b}) / ${r.step}`;
  const refill = `(${d} = $par.batch.fill(${i}, ${r.step}, ${userName(r.stop)}, ${key}), ${b} = ${i}, ${n} = $par.batch.count, ${k} = 0)`;
  return `(${u} < 2 ? (((${k} = ${trip}) >= ${n} || ${k} < 0 ? ${refill} : 0), ${d}[${k} + ${BATCH} * ${u}++]) : ${late})`;
}

/**
 * The line that hands the module's regions to the runtime (`$par.regions([...])`), which worker threads use
 * to find them; no line for a module without regions.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions } from './outline.js';
 * import { regionTable } from './codegen.js';
 *
 * function scale(xs: Float64Array, k: number) {
 *   for (const i of prange(xs.length)) xs[i] = k * xs[i]!;
 * }
 * const { module } = outlineRegions(lowerToIR(scale, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]));
 * regionTable(module, (name) => `$fn_${name}`); // → [ '$par.regions([$fn_$region0]);' ]
 * regionTable(lowerToIR(scale, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]), (name) => name); // → []
 * ```
 */
export function regionTable(module: IRModule, name: (f: string) => string): string[] {
  const regions = module.functions.filter((f) => regionIndex(f) !== undefined).sort((a, b) => regionIndex(a)! - regionIndex(b)!);
  return regions.length ? [`$par.regions([${regions.map((f) => name(f.name)).join(', ')}]);`] : [];
}
