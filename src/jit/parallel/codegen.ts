/**
 * What the JavaScript backend emits for prange regions (`outline.ts`): the call of a region through the
 * region runtime, the Philox draw inside a region, and the table that gives worker threads the regions.
 *
 * @module
 */
import type { IRFunction, IRModule } from '../ir.js';
import { userName } from '../js/names.js';
import { regionIndex, regionRandomNames } from './outline.js';

/**
 * `$par.run(k, region, …args)` for a call of region `k`, or `undefined` for an ordinary call.
 *
 * @example
 * ```ts
 * regionCall(callee, '$fn_$region0', ['0', 'n', '0', '0', '0', 's', 'xs']); // '$par.run(0, $fn_$region0, 0, n, …)'
 * ```
 */
export function regionCall(callee: IRFunction, name: string, args: readonly string[]): string | undefined {
  const k = regionIndex(callee);
  return k === undefined ? undefined : `$par.run(${k}, ${name}, ${args.join(', ')})`;
}

/**
 * One `Math.random()` inside region `f`: word `j` of the iteration's Philox block `j / 4` as the top 32 bits,
 * the same word of the companion block for the low 21 (`philox.ts`). `undefined` outside regions.
 *
 * @example
 * ```ts
 * regionRandom(region); // '(($pu === 4 ? ($par.fill(…), …) : 0), …)'
 * ```
 */
export function regionRandom(f: IRFunction): string | undefined {
  const r = regionRandomNames(f);
  if (!r) return undefined;
  const [w, u, b] = [userName(r.words), userName(r.used), userName(r.block)];
  const fill = `$par.fill(${w}, ${userName(r.counter)}, ${b}, ${userName(r.seedHi)}, ${userName(r.seedLo)}, ${userName(r.launch)})`;
  return `((${u} === 4 ? (${fill}, ${b} = ${b} + 1, ${u} = 0) : 0), ${u} = ${u} + 1, ${w}[${u} - 1] * 2.3283064365386963e-10 + (${w}[${u} + 3] >>> 11) * 1.1102230246251565e-16)`;
}

/**
 * The line that hands the module's regions to the runtime (`$par.regions([...])`), which worker threads use
 * to find them; no line for a module without regions.
 *
 * @example
 * ```ts
 * regionTable(module, name); // ['$par.regions([$fn_$region0]);']
 * ```
 */
export function regionTable(module: IRModule, name: (f: string) => string): string[] {
  const regions = module.functions.filter((f) => regionIndex(f) !== undefined).sort((a, b) => regionIndex(a)! - regionIndex(b)!);
  return regions.length ? [`$par.regions([${regions.map((f) => name(f.name)).join(', ')}]);`] : [];
}
