/**
 * Fields of `this` that hold `null` (or `undefined`) when the method is called and are given a value by the
 * compiled code, as in Are We Fast Yet's `this.v = null` in the constructor and `this.v = new Array(6)` in the
 * benchmark. Such a field is opaque in the receiver's shape (`ops/shapes.ts`); what the code writes into it is
 * tracked per program point like a variable (a hidden binding named `this.v`, flow-joined at branches and
 * loops), so a read after the write has the written type and a read that may come before it is a located error.
 *
 * A method called on `this` after the write (`this.permute(6)`) is specialized on the receiver's shape with the
 * field's type filled in: it reads and writes the field as any typed field (a write of another type, such as
 * `null` again, is then a located error); so does a function given `this` as an argument. A call given another
 * object (which may be this one under another name, whose methods may write the field) forgets what was written
 * (`analyze.ts`), so a read after it needs a write first. A field holding an array on some paths and `null` on
 * others is `field-null.ts`'s.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { makeShape, staticKey, type ObjectField, type ObjectShape } from '../ops/shapes.js';
import { FLOAT, typeOf, describeAV, type AV } from './lattice.js';
import type { State } from './flow.js';
import type { Binding } from './scope.js';
import { mayBeNull, nullableRead } from './field-null.js';

/**
 * What these rules need from the analysis.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * // Are We Fast Yet's Permute: `v` is null when the method is called, and written before it is read.
 * class Permute {
 *   declare v: number[] | null;
 *   constructor() {
 *     this.v = null;
 *   }
 * }
 * const run = memoJit(function run(this: Permute, n: number) {
 *   this.v = new Array(n).fill(0); // trackedWrite: from here on `this.v` is a number[]
 *   let s = 0;
 *   for (let i = 0; i < n; i++) s += this.v[i]! + i; // trackedRead
 *   return s;
 * });
 * run.call(new Permute(), 6); // → 15
 * run.signatures; // → [ '(this: {v:?null}@Permute…, i32) -> f64' ]
 * ```
 */
export interface FieldFactsHost {
  /** The hidden binding that tracks field `name` of `this` in this function. */
  slot(name: string): Binding;
  /** The binding's value at this point, undefined when not written on every path. */
  read(state: State, b: Binding): AV | undefined;
  /** Stores a value for the binding (joined with its other values; a located error when they cannot join). */
  write(state: State, b: Binding, value: AV, at: Node): void;
  /** Records what an expression node evaluates to (lowering reads the field's type there). */
  note(node: Node, value: AV): void;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
}

const ABSENT = new Set(['null', 'undefined']);
const hidden = new WeakMap<Node, Map<string, Node>>();

/**
 * The declaring node of the hidden binding tracking field `name` of `this` in the function `fn`: one node per
 * function and field, so every analysis round finds the same binding. Its name has a dot, which no variable has.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { fieldId } from './field-facts.js';
 *
 * const { node } = parseFunction('function permute(n) { this.v = new Array(n).fill(0); }');
 * fieldId(node, 'v').name; // → 'this.v'
 * // The same node every analysis round:
 * fieldId(node, 'v') === fieldId(node, 'v'); // → true
 * ```
 */
export function fieldId(fn: Node, name: string): Node {
  let byName = hidden.get(fn);
  if (!byName) hidden.set(fn, (byName = new Map()));
  let id = byName.get(name);
  if (!id) byName.set(name, (id = { type: 'Identifier', name: `this.${name}`, start: fn.start, end: fn.start }));
  return id;
}

/**
 * Whether `b` is a hidden binding of {@link fieldId} (a field of `this`), whose value may be `null` at a program
 * point while it holds an array or object at others: the field holds "that type or null", as a linked list's
 * `next: self|null` does, known per program point. Flow joins such a `null` with another type as "not readable
 * here" rather than failing, so a read where it may be null is a located error.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { fieldId, isFieldBinding } from './field-facts.js';
 * import type { Binding } from './scope.js';
 *
 * const { node } = parseFunction('function run(out) { this.out = out; }');
 * const id = fieldId(node, 'out');
 * const b: Binding = { name: id.name as string, unique: 'this.out', kind: 'let', decl: id, slot: 0, value: undefined };
 * isFieldBinding(b); // → true
 * isFieldBinding({ ...b, name: 'out' }); // → false
 * ```
 */
export function isFieldBinding(b: Binding): boolean {
  return b.name.startsWith('this.');
}

/** The field of `this` that `member` names, when the shape holds `null`/`undefined` there. */
function trackedField(member: Node, o: AV): string | undefined {
  if (member.type !== 'MemberExpression' || (member.object as Node).type !== 'ThisExpression' || o.k !== 'obj') return undefined;
  const name = staticKey(member);
  if (name === undefined) return undefined;
  const f = o.shape.fields.find((x) => x.name === name);
  return f && !f.type && !f.fn && ABSENT.has(f.holds ?? '') ? name : undefined;
}

/**
 * Values a field can be given: what a typed field can hold (`ops/shapes.ts`), numbers as `f64`, and `null` (a
 * constructor's `this.next = null`, which `classes.ts` reads as a field holding null or an instance of the class).
 */
function storable(v: AV): boolean {
  return v.k === 'num' || v.k === 'bool' || v.k === 'array' || v.k === 'obj' || v.k === 'objs' || v.k === 'null';
}

/**
 * `this.v` where the shape holds `null` there: its value since the code wrote it, or a located error where it may
 * not have been written yet; undefined for every other member expression.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * // Are We Fast Yet's Permute: `v` is null when the method is called, and written before it is read.
 * class Permute {
 *   declare v: number[] | null;
 *   constructor() {
 *     this.v = null;
 *   }
 * }
 * const run = memoJit(function run(this: Permute, n: number) {
 *   this.v = new Array(n).fill(0); // trackedWrite: from here on `this.v` is a number[]
 *   let s = 0;
 *   for (let i = 0; i < n; i++) s += this.v[i]! + i; // trackedRead
 *   return s;
 * });
 * run.call(new Permute(), 6); // → 15
 * run.signatures; // → [ '(this: {v:?null}@Permute…, i32) -> f64' ]
 * ```
 */
export function trackedRead(host: FieldFactsHost, member: Node, o: AV, state: State): AV | undefined {
  const name = trackedField(member, o);
  if (name === undefined) return undefined;
  const v = host.read(state, host.slot(name));
  if (mayBeNull(v)) {
    // null on some paths here: read only as a test's operand (field-null.ts)
    const tested = nullableRead(member, v!);
    if (tested) return tested;
    return host.fail(
      `the field '${name}' may be null here (null on one path, ${describeAV(v!)} on another); test it first, with no call or write between the test and the read: if (this.${name} === null) return …; or if (this.${name} !== null) { … }`,
      member,
      `.${name}`,
    );
  }
  if (v === undefined) {
    const holds = o.k === 'obj' ? o.shape.fields.find((f) => f.name === name)?.holds : undefined;
    return host.fail(
      `the field '${name}' held ${holds} when the method was called, and compiled code reads it only after writing it on every path before this read, with no call between that is given this object under another name (here it may still be ${holds})`,
      member,
      `.${name}`,
    );
  }
  return v;
}

/**
 * `this.v = value` where the shape holds `null` there: tracked from here on (true), or false for other targets.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * // Are We Fast Yet's Permute: `v` is null when the method is called, and written before it is read.
 * class Permute {
 *   declare v: number[] | null;
 *   constructor() {
 *     this.v = null;
 *   }
 * }
 * const run = memoJit(function run(this: Permute, n: number) {
 *   this.v = new Array(n).fill(0); // trackedWrite: from here on `this.v` is a number[]
 *   let s = 0;
 *   for (let i = 0; i < n; i++) s += this.v[i]! + i; // trackedRead
 *   return s;
 * });
 * run.call(new Permute(), 6); // → 15
 * run.signatures; // → [ '(this: {v:?null}@Permute…, i32) -> f64' ]
 * ```
 */
export function trackedWrite(host: FieldFactsHost, e: Node, target: Node, o: AV, value: AV, state: State): boolean {
  const name = trackedField(target, o);
  if (name === undefined) return false;
  if (!storable(value)) host.fail(`compiled code gives the field '${name}' numbers, booleans, arrays, objects or null, not ${describeAV(value)}`, e, `assignment to .${name}`);
  // a number in a field is any number (`ops/shapes.ts`): other code may store any number there
  const stored = value.k === 'num' ? FLOAT : value;
  host.write(state, host.slot(name), stored, e);
  host.note(target, stored);
  return true;
}

/**
 * The receiver's shape as a method called here sees it: the tracked fields written on every path so far have
 * their types (the rest stay opaque). The object itself is unchanged: the shape is compiled code's view of it.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * // Are We Fast Yet's Permute: `v` is null when the method is called, and written before it is read.
 * class Permute {
 *   declare v: number[] | null;
 *   constructor() {
 *     this.v = null;
 *   }
 * }
 * const run = memoJit(function run(this: Permute, n: number) {
 *   this.v = new Array(n).fill(0); // trackedWrite: from here on `this.v` is a number[]
 *   let s = 0;
 *   for (let i = 0; i < n; i++) s += this.v[i]! + i; // trackedRead
 *   return s;
 * });
 * run.call(new Permute(), 6); // → 15
 * run.signatures; // → [ '(this: {v:?null}@Permute…, i32) -> f64' ]
 * ```
 */
export function receiverAt(host: FieldFactsHost, receiver: Node, o: AV, state: State): AV {
  if (receiver.type !== 'ThisExpression' || o.k !== 'obj') return o;
  let changed = false;
  const fields = o.shape.fields.map((f): ObjectField => {
    if (f.type || f.fn || !ABSENT.has(f.holds ?? '')) return f;
    const slot = host.slot(f.name);
    const v = host.read(state, slot);
    // may be null: the method sees the opaque field (and may write it), so it is unknown after the call (field-null.ts)
    if (mayBeNull(v)) state[slot.slot] = undefined;
    if (v === undefined || mayBeNull(v)) return f;
    changed = true;
    return { name: f.name, type: typeOf(v) };
  });
  return changed ? { k: 'obj', shape: makeShape(fields, o.shape.proto) } : o;
}

/**
 * Whether the value `v`, given to a call, may be or lead to the receiver `self` (an object of the same class, or
 * an object with a field that may hold one, at any depth): the callee may then write `self`'s tracked fields
 * through it, so the caller forgets what it wrote (`analyze.ts`). Other values cannot reach `self`.
 *
 * @example
 * ```ts
 * import { makeShape } from '../ops/shapes.js';
 * import { mayReachReceiver } from './field-facts.js';
 *
 * class Pile {}
 * class Disk {}
 * const pile = { k: 'obj', shape: makeShape([{ name: 'slots', type: null, holds: 'null' }], Pile.prototype) } as const;
 * const disk = { k: 'obj', shape: makeShape([{ name: 'size', type: { kind: 'f64' } }], Disk.prototype) } as const;
 * mayReachReceiver(disk, pile); // → false
 * mayReachReceiver(pile, pile); // → true
 * mayReachReceiver({ k: 'obj', shape: makeShape([{ name: 'home', type: { kind: 'object', shape: pile.shape } }], Disk.prototype) }, pile); // → true
 * ```
 */
export function mayReachReceiver(v: AV, self: AV | undefined): boolean {
  if (self?.k !== 'obj' || (v.k !== 'obj' && v.k !== 'objs')) return false;
  // the same object has the same class (a plain object: the same shape as it was called with)
  const same = (shape: ObjectShape): boolean => (self.shape.proto ? shape.proto === self.shape.proto : shape.token === self.shape.token);
  const seen = new Set<string>();
  const reaches = (shape: ObjectShape): boolean => {
    if (same(shape)) return true;
    if (seen.has(shape.token)) return false;
    seen.add(shape.token);
    return shape.fields.some((f) => (f.type?.kind === 'object' || f.type?.kind === 'objects') && reaches(f.type.shape));
  };
  return reaches(v.shape);
}
