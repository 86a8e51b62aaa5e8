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
 * as must an object stored into an array of objects passed in, whose entry check then stays true. A value that may
 * be null (a list's `next`, `lattice.ts`) makes it an array of objects or null, again by running inference again;
 * an array passed in holds objects only, so storing such a value there is a located error.
 *
 * The array may also be a field of a class instance (Are We Fast Yet's towers: `this.piles = new Array(3)` in one
 * method, `this.piles[pile] = disk` in another): the construction is noted per class and field
 * ({@link noteFieldArray}), and the run that inference repeats is the one of the function that wrote it
 * (`specialize.ts` passes a retry for a node outside a function on to its caller).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { fieldOf, staticKey, type ObjectShape } from '../ops/shapes.js';
import { plainElement } from '../types.js';
import { MAX_LENGTH, describeAV, numAV, type AV } from './lattice.js';
import { isFreshArray, madeArraysOf, type ArrayHost } from './arrays.js';
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

const objectArrays = new WeakMap<Node, { shape: ObjectShape; nullable: boolean }>();
/** Per class prototype, per field: the `new Array(n)` last written into that field of an instance. */
const fieldInits = new WeakMap<object, Map<string, Node>>();

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
  const made = objectArrays.get(node);
  if (!made) return undefined;
  return made.nullable ? { k: 'objs', shape: made.shape, nullable: true } : { k: 'objs', shape: made.shape };
}

/**
 * Notes `o.name = init` when `o` is a class instance and `init` makes a new holey array (`this.piles = new
 * Array(3)`), so an object stored into `o.name[i]` later, in any method, finds the construction.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Disk {
 *   declare size: number;
 *   constructor(size: number) {
 *     this.size = size;
 *   }
 * }
 * class Piles {
 *   declare piles: Disk[] | null;
 *   constructor() {
 *     this.piles = null;
 *   }
 *   put(i: number) {
 *     this.piles![i] = new Disk(i); // stored in another method than the one that made the array
 *   }
 *   run() {
 *     this.piles = new Array(2); // noteFieldArray
 *     this.put(0);
 *     this.put(1);
 *     return this.piles[0]!.size + this.piles[1]!.size;
 *   }
 * }
 * memoJit(Piles.prototype.run).call(new Piles()); // → 1
 * ```
 */
export function noteFieldArray(target: Node, o: AV, init: Node, host: ArrayHost): void {
  const name = target.type === 'MemberExpression' ? staticKey(target) : undefined;
  if (name === undefined || o.k !== 'obj' || !o.shape.proto || !isFreshArray(init, host)) return;
  let byName = fieldInits.get(o.shape.proto);
  if (!byName) fieldInits.set(o.shape.proto, (byName = new Map()));
  byName.set(name, init);
}

/**
 * Before a method's body: a store of a parameter holding an object into a field array of `this` that compiled code
 * made (`this.piles[pile] = disk`, `disk` a parameter) types that array as objects now, as the store itself would,
 * so that the body's reads before the store (`const top = this.piles[pile]; … top.size`) see objects. Throws
 * {@link RetryAsObjects} for such a store; returns otherwise. A parameter name declared again in the body is skipped.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Disk {
 *   declare size: number;
 *   constructor(size: number) {
 *     this.size = size;
 *   }
 * }
 * class Pile {
 *   declare slots: Disk[] | null;
 *   constructor() {
 *     this.slots = null;
 *   }
 *   push(disk: Disk) {
 *     const top = this.slots![0]; // read before the store below: seen as a Disk (storesFirst)
 *     const under = top ? top.size : -1;
 *     this.slots![0] = disk;
 *     return under;
 *   }
 *   run() {
 *     this.slots = new Array(1);
 *     return this.push(new Disk(2)) + this.push(new Disk(3));
 *   }
 * }
 * memoJit(Pile.prototype.run).call(new Pile()); // → 1
 * ```
 */
export function storesFirst(body: Node, thisArg: AV | undefined, paramValue: (name: string) => AV | undefined): void {
  if (thisArg?.k !== 'obj' || !thisArg.shape.proto) return;
  const inits = fieldInits.get(thisArg.shape.proto);
  if (!inits) return;
  const declared = new Set<string>();
  const stores: Node[] = [];
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const x = n as Node;
    if (x.type === 'FunctionDeclaration' || x.type === 'FunctionExpression' || x.type === 'ArrowFunctionExpression' || x.type === 'ClassDeclaration' || x.type === 'ClassExpression') return;
    if (x.type === 'VariableDeclarator' && (x.id as Node).type === 'Identifier') declared.add(x.id.name as string);
    if (x.type === 'AssignmentExpression' && x.operator === '=') stores.push(x);
    for (const [key, value] of Object.entries(x)) if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(body);
  for (const s of stores) {
    const target = s.left as Node;
    const array = target.type === 'MemberExpression' && target.computed ? (target.object as Node) : undefined;
    if (array?.type !== 'MemberExpression' || (array.object as Node).type !== 'ThisExpression') continue;
    const name = staticKey(array);
    const made = name === undefined ? undefined : inits.get(name);
    if (!made || objectArrays.has(made) || fieldOf(thisArg.shape, name!)?.type?.kind !== 'array') continue;
    const right = s.right as Node;
    const v = right.type === 'Identifier' && !declared.has(right.name as string) ? paramValue(right.name as string) : undefined;
    if (v?.k !== 'obj') continue;
    objectArrays.set(made, { shape: v.shape, nullable: v.nullable === true });
    throw new RetryAsObjects(made);
  }
}

/** The construction of the array `receiver` (a local or a field of `this`) holds, if compiled code made it. */
function constructionOf(receiver: Node, host: ArrayHost): Node | undefined {
  if (receiver.type === 'Identifier') {
    // the first `[]` or `new Array(n)` it was given (arrays.ts's noteMadeArray)
    const decl = host.declOf?.(receiver);
    return decl ? madeArraysOf(decl)[0] : undefined;
  }
  // a field of `this` (whose value needs no program point)
  const name = receiver.type === 'MemberExpression' && (receiver.object as Node).type === 'ThisExpression' ? staticKey(receiver) : undefined;
  if (name === undefined) return undefined;
  const o = host.expr(receiver.object as Node, []);
  return o.k === 'obj' && o.shape.proto ? fieldInits.get(o.shape.proto)?.get(name) : undefined;
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
  if (value.k !== 'obj' && !(value.k === 'null' && obj.k === 'objs')) return undefined;
  if (obj.k !== 'objs' && !(obj.k === 'array' && plainElement(obj.element) && value.k === 'obj')) return undefined;
  if (obj.k === 'objs' && index.k !== 'num') host.fail(`indices must be numbers, not ${describeAV(index)}`, target.property as Node, 'index');
  return storeObject(target.object as Node, target, obj, value, host, 'element assignment');
}

/**
 * `ps.push(o, …)` (`values` are the arguments' values): on an array of objects, the new length when every value is
 * an object of its shape (or null where it may hold null); {@link RetryAsObjects} when `ps` is a local made by `[]`,
 * `Array()` or `new Array(n)` still typed `number[]` and an object is pushed; a located error for objects pushed
 * into any other array; undefined when no value is an object or null (the array rules apply).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * const cloud = memoJit(function cloud(n: number) {
 *   const ps = [];
 *   for (let i = 0; i < n; i++) ps.push({ x: i, y: i * i });
 *   let s = 0;
 *   for (const p of ps) s += p.y - p.x;
 *   return s;
 * });
 * cloud(4); // → 8
 * ```
 */
export function objectPush(node: Node, obj: AV, values: readonly AV[], host: ArrayHost): AV | undefined {
  if (obj.k !== 'objs' && !values.some((v) => v.k === 'obj')) return undefined;
  const args = node.arguments as Node[];
  values.forEach((v, i) => {
    if (v.k !== 'obj' && v.k !== 'null') host.fail(`an array of objects holds objects of one shape in compiled code, and this pushes ${describeAV(v)}`, args[i]!, '.push()');
    storeObject((node.callee as Node).object as Node, args[i]!, obj, v, host, '.push()');
  });
  return numAV(0, MAX_LENGTH, true);
}

/** Stores `value` (an object or null) into the array `receiver` holds, of value `obj`: {@link objectStore}'s rule. */
function storeObject(receiver: Node, at: Node, obj: AV, value: AV, host: ArrayHost, construct: string): AV {
  if (obj.k === 'objs') {
    if (value.k === 'obj' && obj.shape.token !== value.shape.token) {
      host.fail(`an array of objects holds objects of one shape in compiled code (${describeAV(obj)}), and this stores ${describeAV(value)}`, at, construct);
    }
    if ((value.k === 'null' || (value.k === 'obj' && value.nullable)) && !obj.nullable) {
      const made = constructionOf(receiver, host);
      const known = made && objectArrays.get(made);
      if (!known || known.nullable) {
        host.fail(`an array of objects passed to compiled code holds objects (${describeAV(obj)}), and this may store null; keep the null elsewhere, or make the array in compiled code`, at, construct);
      }
      objectArrays.set(made!, { shape: known.shape, nullable: true });
      throw new RetryAsObjects(made!);
    }
    return value;
  }
  if (obj.k === 'array' && plainElement(obj.element) && value.k === 'obj') {
    const made = constructionOf(receiver, host);
    if (made && !objectArrays.has(made)) {
      objectArrays.set(made, { shape: value.shape, nullable: value.nullable === true });
      throw new RetryAsObjects(made);
    }
  }
  return host.fail(
    `an array of numbers cannot hold objects; an array of objects is a variable declared with new Array(n) or [] that only objects of one shape are stored into (xs[i] = new C(…)) or pushed onto (xs.push(o))`,
    at,
    construct,
  );
}

/**
 * Whether `arg`, an argument of a call in the function `body`, is an array that holds nothing whatever runs: the
 * literal `[]`, or a local given only `[]` or `Array()` whose name appears nowhere else but as an argument of a call.
 * A callee that reads its elements as objects cannot compile for it (no element gives their shape), and the error
 * then says so at the argument (`analyze.ts`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { staysEmpty } from './object-arrays.js';
 *
 * const body = parseFunction('function f() { return g([]) + g([1]); }').body;
 * const [empty, one] = [body.body[0].argument.left.arguments[0], body.body[0].argument.right.arguments[0]];
 * const host = { expr: () => ({ k: 'void' }) as const, fail: (m: string): never => { throw new Error(m); }, isGlobal: () => true };
 * [staysEmpty(empty, body, host), staysEmpty(one, body, host)]; // → [ true, false ]
 * ```
 */
export function staysEmpty(arg: Node, body: Node, host: ArrayHost): boolean {
  if (arg.type === 'ArrayExpression') return (arg.elements as unknown[]).length === 0;
  const decl = arg.type === 'Identifier' ? host.declOf?.(arg) : undefined;
  const made = decl ? madeArraysOf(decl) : [];
  if (made.length === 0 || made.some((m) => !(m.type === 'ArrayExpression' || (m.arguments as Node[]).length === 0))) return false;
  let other = false;
  const visit = (n: unknown, parent: Node | undefined, key: string): void => {
    if (other || n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach((x) => visit(x, parent, key));
    const x = n as Node;
    if (x.type === 'Identifier' && x.name === arg.name && x !== decl && !(parent?.type === 'CallExpression' && key === 'arguments')) other = true;
    for (const [k, v] of Object.entries(x)) if (k !== 'type' && v && typeof v === 'object') visit(v, x, k);
  };
  visit(body, undefined, '');
  return !other;
}
