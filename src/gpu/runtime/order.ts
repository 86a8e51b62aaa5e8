/**
 * Launch order over shared data: launches that use the same host array (its `ArrayBuffer`) or the same
 * device array run one after another in the order they were called, as they would on the CPU, where
 * `Promise.all([k.launch(n, s, 2), k.launch(n, s, 5)])` multiplies `s` by 2, then by 5. Without it, both
 * launches upload `s` before either copies its result back, and the first update is lost. Launches on
 * disjoint data still overlap.
 *
 * @module
 */
import { Array2D } from '../../jit/types.js';

const tails = new WeakMap<object, Promise<unknown>>();

/**
 * The data a launch argument stands for: a typed array's buffer (views of one buffer share it), an
 * `Array2D`'s data buffer, a device array or a `number[][]` itself; nothing for scalars.
 *
 * @example
 * ```ts
 * import { resourceOf } from './order.js';
 *
 * const xs = new Float32Array(16);
 * resourceOf(xs.subarray(4)) === resourceOf(xs); // → true
 * resourceOf(2.5); // → undefined
 * ```
 */
export function resourceOf(arg: unknown): object | undefined {
  if (ArrayBuffer.isView(arg)) return arg.buffer;
  if (arg instanceof Array2D) return arg.data.buffer; // the same storage as a launch on m.data
  if (typeof arg === 'object' && arg !== null) return arg;
  return undefined;
}

/**
 * Runs `body` once every earlier call that shares one of `resources` has settled; later calls sharing one
 * wait for this one. Registration is synchronous, so call order is launch order.
 *
 * @example
 * ```ts
 * import { inOrder, resourceOf } from './order.js';
 *
 * const xs = new Float32Array(4);
 * const log: string[] = [];
 * // Two launches over the same data: the second starts after the first settled, whatever their durations.
 * const first = inOrder([resourceOf(xs)!], async () => { await new Promise((r) => setTimeout(r, 20)); log.push('first'); });
 * const second = inOrder([resourceOf(xs)!], async () => { log.push('second'); });
 * await Promise.all([first, second]);
 * console.log(log); // [ 'first', 'second' ]
 * ```
 */
export function inOrder<T>(resources: readonly object[], body: () => Promise<T>): Promise<T> {
  const before = resources.map((r) => tails.get(r)).filter((p): p is Promise<unknown> => p !== undefined);
  const settled = (p: Promise<unknown>): Promise<void> => p.then(() => undefined, () => undefined);
  const run = before.length === 0 ? body() : Promise.all(before.map(settled)).then(body);
  const tail = settled(run);
  for (const r of resources) tails.set(r, tail);
  // Forget a tail once it is the last one, so a settled chain holds nothing.
  void tail.then(() => {
    for (const r of resources) if (tails.get(r) === tail) tails.delete(r);
  });
  return run;
}

/**
 * Whether no launch is pending on any of `args`' data, so a launch on them may be issued at once without
 * {@link inOrder} (a launch queued on the GPU needs no host-side ordering: the device queue orders it).
 *
 * @example
 * ```ts
 * import { inOrder, nothingPending, resourceOf } from './order.js';
 *
 * const xs = new Float32Array(8);
 * nothingPending([xs, 2]); // → true
 * // While a launch on xs is queued, a view of the same buffer has to wait its turn.
 * const launch = inOrder([resourceOf(xs)!], async () => xs.fill(1));
 * nothingPending([xs.subarray(4), 2]); // → false
 * await launch;
 * ```
 */
export function nothingPending(args: readonly unknown[]): boolean {
  for (const a of args) {
    const r = resourceOf(a);
    if (r !== undefined && tails.has(r)) return false;
  }
  return true;
}
