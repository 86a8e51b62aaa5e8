/**
 * Callback methods on an array of objects (`ps.map((p) => p.x)`, `ps.reduce((a, p) => a + p.m, 0)`,
 * `ps.forEach((p) => { p.x += p.vx * dt; })`), typed through the rows of `ops/callbacks.ts` with the receiver of
 * `infer/callbacks.ts`: the callback's value is one of the array's objects (the caller's own object, so its field
 * writes are the caller's, as in the plain function). Compiled code emits the JS method itself with the callback
 * compiled in place, so holes of a `new Array(n)` are skipped and the length is read once, as V8 does.
 *
 * - `map` returning numbers or booleans gives `number[]`/`boolean[]`; returning objects of one shape gives a new
 *   array of those objects.
 * - `filter` gives a new array of the same objects (null among them where the array may hold null).
 * - `forEach`, `some`, `every`, `findIndex`, `findLastIndex`, `reduce` and `reduceRight` give what they give on
 *   any array (`ops/callbacks.ts`).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { describeAV, type AV } from './lattice.js';
import { callbackCallOn, type CallbackHost } from './callbacks.js';
import { callbackMethod } from '../ops/callbacks.js';
import type { State } from './flow.js';

const PLAIN: Extract<AV, { k: 'array' }> = { k: 'array', element: 'num' };

/**
 * `ps.method(callback[, start])` on an array of objects `o`: the call's value; `state` is updated as
 * `callbackCallOn` does (the callback's writes to outer locals included).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const bodies = { kind: 'objects', shape: makeShape([{ name: 'x', type: F64 }, { name: 'm', type: F64 }]) } as const;
 * const total = parseFunction('function total(ps) { return ps.reduce((a, p) => a + p.m, 0); }');
 * describeAV(inferFunction(total, [bodies], newEnv(() => undefined)).returns); // → 'a number'
 * const xs = parseFunction('function xs(ps) { return ps.map((p) => p.x); }');
 * describeAV(inferFunction(xs, [bodies], newEnv(() => undefined)).returns); // → 'number[]'
 * ```
 */
export function objectsCallbackCall(node: Node, name: string, o: Extract<AV, { k: 'objs' }>, state: State, host: CallbackHost): AV {
  const row = callbackMethod(name)!;
  const value: AV = o.nullable ? { k: 'obj', shape: o.shape, nullable: true } : { k: 'obj', shape: o.shape };
  const result = (returned: AV): AV | { readonly error: string } => {
    if (name === 'filter') {
      const tested = row.result(PLAIN, returned);
      return 'error' in tested ? tested : o;
    }
    if (name === 'map' && returned.k === 'obj') {
      // objects made in the callback (`(p) => ({ x: p.x })`) or the array's own: an array of objects, none null
      return returned.nullable ? { error: `the callback of map returns ${describeAV(returned)}, which may be null; an array of objects made by map holds objects only` } : { k: 'objs', shape: returned.shape };
    }
    if (name === 'map' && returned.k !== 'num' && returned.k !== 'bool') {
      return { error: `the callback of map over an array of objects returns a number, a boolean or an object in compiled code, not ${describeAV(returned)}` };
    }
    return row.result(PLAIN, returned);
  };
  return callbackCallOn(node, name, { value, self: o, result }, state, host);
}
