/**
 * Local arrays of objects (Are We Fast Yet's `bounce`: `const balls = new Array(n); … balls[i] = new Ball(random)`):
 * a variable declared with `new Array(n)`, `Array(n)` or `[]` that compiled code stores objects into is an array
 * of objects (`objs`, the type of `bodies` in n-body) of the stored objects' shape. Inference first types such a
 * declaration `number[]`; the first object stored into it marks the construction and runs inference again
 * ({@link RetryAsObjects}), which then types it as objects from the start. It stays a plain JS array made by the
 * same call (`new Array(n)`): holes and reads past the end are `undefined`, and a field read of one throws JS's own
 * TypeError; the caller gets the array itself when it is returned.
 *
 * A stored object must have the array's one shape (objects of another class or other fields are a located error),
 * as must an object stored into an array of objects passed in, whose entry check then stays true.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { ObjectShape } from '../ops/shapes.js';
import { plainElement } from '../types.js';
import { describeAV, type AV } from './lattice.js';
import { isFreshArray, emptyInitOf, type ArrayHost } from './arrays.js';
import { RetryWithRows } from './retry.js';

/**
 * Raised when an object is stored into a local declared `new Array(n)` or `[]` typed `number[]`: inference runs
 * again with that construction typed as an array of objects. A {@link RetryWithRows}, so `specialize.ts` retries it.
 *
 * @example
 * ```ts
 * import { RetryWithRows } from './retry.js';
 * import { RetryAsObjects } from './object-arrays.js';
 *
 * RetryAsObjects.prototype instanceof RetryWithRows; // → true
 * ```
 */
export class RetryAsObjects extends RetryWithRows {}

const freshInits = new WeakMap<Node, Node>();
const objectArrays = new WeakMap<Node, ObjectShape>();

/**
 * Notes the declaration `id = init` when `init` makes a new holey array (`new Array(n)`, `Array(n)`), so an object
 * stored into it later can find the construction (an empty literal is found through `arrays.ts`'s `emptyInitOf`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import type { ArrayHost } from './arrays.js';
 * import { noteFreshArray } from './object-arrays.js';
 *
 * const host: ArrayHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * const d = parseFunction('function f(n) { const balls = new Array(n); }').body.body[0].declarations[0];
 * noteFreshArray(d.id, d.init, host); // remembered for a later `balls[i] = new Ball(…)`
 * ```
 */
export function noteFreshArray(id: Node, init: Node | null | undefined, host: ArrayHost): void {
  if (id.type === 'Identifier' && init && isFreshArray(init, host)) freshInits.set(id, init);
}

/**
 * The value of `new Array(n)`, `Array(n)` or `[]` at `node` when an object was stored into the variable it
 * initializes (an array of objects of that shape); undefined otherwise (the array rules apply).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { objectArrayAt } from './object-arrays.js';
 *
 * // Nothing stored objects into it (yet):
 * objectArrayAt(parseFunction('(n) => new Array(n)').body); // → undefined
 * ```
 */
export function objectArrayAt(node: Node): AV | undefined {
  const shape = objectArrays.get(node);
  return shape ? { k: 'objs', shape } : undefined;
}

/**
 * `xs[i] = object` (`target` is `xs[i]`, `obj` the value of `xs`): the stored value when `xs` is an array of
 * objects of the object's shape; {@link RetryAsObjects} when `xs` is a local made by `new Array(n)` or `[]` still
 * typed `number[]`; a located error for an object stored into any other array; undefined when `value` is not an
 * object (other rules apply).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Ball {
 *   declare x: number;
 *   constructor(x: number) {
 *     this.x = x;
 *   }
 * }
 * const make = memoJit(function make(n: number) {
 *   const balls = new Array(n);
 *   for (let i = 0; i < n; i++) balls[i] = new Ball(i * 0.5);
 *   return balls;
 * });
 * make(3).map((b: Ball) => b.x); // → [ 0, 0.5, 1 ]
 * ```
 */
export function objectStore(target: Node, obj: AV, index: AV, value: AV, host: ArrayHost): AV | undefined {
  if (value.k !== 'obj') return undefined;
  if (obj.k === 'objs') {
    if (index.k !== 'num') host.fail(`indices must be numbers, not ${describeAV(index)}`, target.property as Node, 'index');
    if (obj.shape.token !== value.shape.token) {
      host.fail(`an array of objects holds objects of one shape in compiled code (${describeAV(obj)}), and this stores ${describeAV(value)}`, target, 'element assignment');
    }
    return value;
  }
  if (obj.k !== 'array' || !plainElement(obj.element)) return undefined;
  const receiver = target.object as Node;
  const decl = receiver.type === 'Identifier' ? host.declOf?.(receiver) : undefined;
  const made = decl ? freshInits.get(decl) ?? emptyInitOf(decl) : undefined;
  if (made && !objectArrays.has(made)) {
    objectArrays.set(made, value.shape);
    throw new RetryAsObjects(made);
  }
  return host.fail(
    `an array of numbers cannot hold objects; an array of objects is a variable declared with new Array(n) or [] that only objects of one shape are stored into (xs[i] = new C(…))`,
    target,
    'element assignment',
  );
}
