/**
 * Classifying objects at call time: the shape token of a plain object, class instance, `this` or array of such
 * objects (`ops/shapes.ts`), and the IR type of such a token.
 *
 * Over 400 lines, with a reason: classifying, the remembered classifications and the generated checkers share
 * this module's private maps (remembered, checkers), which a split would have to export to each other.
 *
 * Building a token walks the object's keys, which costs far more than the call it guards. So the first
 * classification of an object also remembers it (weakly) with a checker generated for its shape:
 * `typeof o.x === 'number' && <typed.ts's test of o.v as a Float64Array> && …`, one inline-cached load per field.
 * Later calls with the same object only run the checker; when it fails (a field now holds another type, or was
 * deleted) the object is classified again. A field added since is not in the remembered token, which is safe:
 * compiled code reads and writes fields by name, and a name it reads though the shape lacks it (absent,
 * `ops/absent-fields.ts`) must still be absent or a number, which the checker tests.
 *
 * @module
 */
import { describeValue } from '../../decorate.js';
import { ELEMENTS, everyElementSource } from '../ops/elements.js';
import { isSelfField, makeShape, shapeOfToken, fieldAccess, type ObjectField, type ObjectShape } from '../ops/shapes.js';
import { absentReads, absentStillFit } from '../ops/absent-fields.js';
import { inheritedNow, noteChecked, protoCheck, protoReads, protoStillFit } from '../ops/proto-fields.js';
import { ELEMENT_BY_NAME, BOOL, F64, plainElement, type Type } from '../types.js';
import { GUARD_CONSTANTS } from './guards.js';
import { typedArrayGuard, typedArrayToken } from './typed.js';

/** Nested objects deeper than this are opaque fields (and cycles always are). */
const MAX_DEPTH = 4;

type Check = (v: unknown) => boolean;

interface Classified {
  readonly token: string;
  readonly check: Check;
}

const remembered = new WeakMap<object, Classified>();
const checkers = new Map<string, Check>();
/** The checkers without the frozen test, for methods in strict mode ({@link thisChecker}). */
const strictCheckers = new Map<string, Check>();
// checkers of the fields one specialization uses (`thisChecker`'s `used`), by frozen test, token and names
const usedCheckers = new Map<string, Check>();

/**
 * The signature token of an object (or of a function used as `this`: a class's static fields), e.g.
 * `{x:f64,y:f64}`. Never fails: fields compiled code cannot use are opaque in the shape.
 *
 * @example
 * ```ts
 * import { objectToken } from './objects.js';
 *
 * objectToken({ x: 1, y: 2.5 }); // → '{x:f64,y:f64}'
 * ```
 */
export function objectToken(v: object): string {
  const known = remembered.get(v);
  if (known !== undefined && known.check(v)) return known.token;
  const shape = shapeOf(v, new Set(), 0);
  remembered.set(v, { token: shape.token, check: checkerOf(shape) });
  return shape.token;
}

/**
 * The token of an array whose first element is an object (`{x:f64}[]`), or why it cannot be compiled.
 *
 * @example
 * ```ts
 * import { objectsToken } from './objects.js';
 *
 * objectsToken([{ x: 1 }, { x: 2 }]); // → '{x:f64}[]'
 * ```
 */
export function objectsToken(xs: readonly unknown[]): string | { reason: string } {
  const known = remembered.get(xs);
  if (known !== undefined && known.check(xs)) return known.token;
  const shape = elementShape(xs, new Set(), 0);
  if (typeof shape === 'string') return { reason: shape };
  const check = checkerOf(shape);
  const token = `${shape.token}[]`;
  remembered.set(xs, { token, check: (a) => everyOf(a, check) });
  return token;
}

/**
 * Forgets the remembered classification of `v`, an object (or array of objects) of a call whose compile failed.
 * Its checker tests only the fields that compiled code could use, so a field given a usable value since (`out`
 * set from null to an array, an own `table` shadowing a getter on the prototype) went unseen, and the refusal
 * repeated for that object however it was fixed.
 *
 * @example
 * ```ts
 * import { forgetClassification, objectToken } from './objects.js';
 *
 * const o: Record<string, unknown> = { x: 1, out: null };
 * objectToken(o); // → '{x:f64,out:?null}'
 * o.out = new Float64Array(2);
 * objectToken(o); // → '{x:f64,out:?null}'
 * forgetClassification(o);
 * objectToken(o); // → '{x:f64,out:Float64Array}'
 * ```
 */
export function forgetClassification(v: unknown): void {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') remembered.delete(v);
}

/**
 * The token of `this` for a method that reads it: an object's or a function's (static fields) shape, or
 * undefined when `this` is not an object (the plain function then runs, with JS's own outcome).
 *
 * @example
 * ```ts
 * import { thisToken } from './objects.js';
 *
 * class Point { constructor(readonly x: number, readonly y: number) {} }
 * thisToken(new Point(1, 2)); // → '{x:f64,y:f64}@Point'
 * thisToken(undefined); // → undefined
 * ```
 */
export function thisToken(self: unknown): string | undefined {
  if ((typeof self !== 'object' && typeof self !== 'function') || self === null) return undefined;
  if (Array.isArray(self) || ArrayBuffer.isView(self)) return undefined;
  return objectToken(self);
}

/**
 * The checker of a `this` token made in this process by {@link thisToken}: true while a receiver still has that
 * shape's usable fields with their types (the method fast path calls it instead of classifying the receiver).
 *
 * With `strict`, the checker leaves out the test that the receiver (and each object it holds) has not been frozen
 * since it was classified: for a method in strict mode (see {@link strictFunction}) a write to a frozen field throws
 * the same TypeError in the plain method as in compiled code, which is strict too, so the specialization for
 * writable fields gives the same outcome. That test was `Object.isFrozen`, a call V8 does not inline: 45 of the
 * 66 ns bg-nbody's receiver (a system of 5 bodies) cost per call (`bench/dispatch.ts`).
 *
 * @example
 * ```ts
 * import { thisChecker, thisToken } from './objects.js';
 *
 * const check = thisChecker(thisToken({ x: 1 })!)!;
 * check({ x: 2 }); // → true
 * check({ x: 'two' }); // → false
 * // Frozen since: classified again, its field is read-only now; a strict method's checker lets it through.
 * check(Object.freeze({ x: 2 })); // → false
 * thisChecker(thisToken({ x: 1 })!, true)!(Object.freeze({ x: 2 })); // → true
 * ```
 */
export function thisChecker(token: string, strict = false, used?: ReadonlySet<string>): Check | undefined {
  if (!strict && used === undefined) return checkers.get(token);
  if (!checkers.has(token)) return undefined;
  const shape = shapeOfToken(token);
  return shape && checkerOf(shape, !strict, used);
}

/**
 * Whether `fn` is strict-mode code for certain: a plain `function` without the own `caller` and `arguments` that V8
 * gives every sloppy-mode plain `function` (module code, classes and `'use strict'` are strict). An arrow, a method,
 * an `async` function, a generator and a bound or built-in function have neither in either mode, so nothing at run
 * time tells their mode: false.
 *
 * @example
 * ```ts
 * import { strictFunction } from './objects.js';
 *
 * // A function of this module (strict); one made by `new Function` (sloppy); an arrow (its mode is unknown).
 * strictFunction(function (this: { x: number }) { return this.x; }); // → true
 * strictFunction(new Function('return this.x')); // → false
 * strictFunction(() => 1); // → false
 * ```
 */
export function strictFunction(fn: object): boolean {
  const source = Function.prototype.toString.call(fn);
  // Only a plain `function` gets the two own properties when sloppy: not `async`, not `function*`, not native code
  // (a bound function's source reads `function () { [native code] }`).
  const plainFunction = /^function\b(?!\s*\*)/.test(source) && !/\{\s*\[native code\]\s*\}$/.test(source);
  return plainFunction && !Object.prototype.hasOwnProperty.call(fn, 'caller') && !Object.prototype.hasOwnProperty.call(fn, 'arguments');
}

/**
 * The IR type of an object token made in this process, or undefined for other tokens.
 *
 * @example
 * ```ts
 * import { objectToken, objectTokenType } from './objects.js';
 *
 * objectTokenType(objectToken({ x: 1 }))?.kind; // → 'object'
 * objectTokenType('{never:f64,made:f64}'); // → undefined
 * ```
 */
export function objectTokenType(token: string): Type | undefined {
  if (!token.startsWith('{')) return undefined;
  const many = token.endsWith('[]');
  const shape = shapeOfToken(many ? token.slice(0, -2) : token);
  if (!shape) return undefined;
  return many ? { kind: 'objects', shape } : { kind: 'object', shape };
}

// ------------------------------------------------------------------------------------------ classifying

/**
 * `linked`: a field of a class instance holding another instance of the class (or null, when compiled code links
 * such instances there, `ops/shapes.ts`'s `isSelfField`) is a self field, a linked list's `next`; the whole list
 * must then have the one shape, which its checker walks once here (else the fields are classified one by one).
 */
function shapeOf(v: object, seen: Set<object>, depth: number, linked = true): ObjectShape {
  seen.add(v);
  const proto = classPrototype(v);
  const fields: ObjectField[] = [];
  for (const name of Object.keys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, name);
    if (name === '__proto__') {
      // `o.__proto__` reads the prototype, not this own field: compiled code leaves it alone
      fields.push({ name, type: null, holds: 'an own field named __proto__' });
      continue;
    }
    if (d === undefined || !('value' in d)) {
      fields.push({ name, type: null, holds: 'a getter or setter' });
      continue;
    }
    const x: unknown = d.value;
    const self = linked && proto !== undefined && (x === null ? isSelfField(proto, name) : typeof x === 'object' && Object.getPrototypeOf(x) === proto);
    const f = self ? { name, type: null, self: true } : fieldOfValue(name, x, seen, depth);
    fields.push(d.writable === false ? { ...f, readonly: true } : f);
  }
  // Non-enumerable own properties (a class's static methods, `Object.defineProperty`) are opaque fields: compiled
  // code reads a name the shape lacks as absent (ops/absent-fields.ts), which these are not.
  const all = Object.getOwnPropertyNames(v);
  if (all.length !== fields.length) {
    const listed = new Set(fields.map((f) => f.name));
    const isFunction = typeof v === 'function';
    for (const name of all) {
      // every function's own length, name and prototype: absent-fields.ts never reads those names as absent
      if (!listed.has(name) && !(isFunction && (name === 'length' || name === 'name' || name === 'prototype'))) fields.push(opaque(name, 'a non-enumerable property'));
    }
  }
  seen.delete(v);
  let shape = makeShape(fields, proto);
  // a name compiled code reads as absent from this shape that this object has (inherited since): opaque here
  const late = absentReads(shape.token).filter((name) => !absentStillFit(v, [name]));
  // a name compiled code reads from this shape's prototype, whose value there has another type since: opaque here
  // a name compiled code reads from this shape's prototype, which holds another type there since: another token
  const stale = protoReads(shape.token).filter((r) => !protoStillFit(v, [r]));
  if (late.length || stale.length) shape = makeShape([...fields, ...late.map((name) => opaque(name, 'an inherited property that is not a number'))], proto, stale.length ? inheritedNow(v, stale) : undefined);
  if (linked && fields.some((f) => f.self) && !checkerOf(shape)(v)) return shapeOf(v, seen, depth, false); // nodes that differ
  return shape;
}

/**
 * The prototype of a class instance, which compiled code resolves methods through; undefined for plain
 * objects, functions (a class's statics) and null-prototype records.
 */
function classPrototype(v: object): object | undefined {
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || proto === Object.prototype || proto === Function.prototype ? undefined : proto;
}

/** What an opaque field holds, coarsely: every string is 'a string', so changing one keeps the token. */
function holdsOf(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return describeValue(x);
  return `${/^[aeiou]/.test(typeof x) ? 'an' : 'a'} ${typeof x}`;
}

function opaque(name: string, holds: string): ObjectField {
  return { name, type: null, holds };
}

function fieldOfValue(name: string, x: unknown, seen: Set<object>, depth: number): ObjectField {
  if (typeof x === 'number') return { name, type: F64 };
  if (typeof x === 'boolean') return { name, type: BOOL };
  // a function field is known by identity, so compiled code may call it (`this.deriv(…)`, `o.f(x)`)
  if (typeof x === 'function') return { name, type: null, holds: 'a function', fn: x };
  if (typeof x !== 'object' || x === null) return opaque(name, holdsOf(x));
  // the arguments' own test (typed.ts): internal slots, never `constructor`, which an own property or a subclass
  // may set to anything (a subclass's own iterator or `length` would then be bypassed by compiled code)
  const typed = typedArrayToken(x);
  if (typeof typed === 'string') return { name, type: { kind: 'array', element: ELEMENT_BY_NAME[typed as keyof typeof ELEMENT_BY_NAME]! } };
  if (typed !== undefined) return opaque(name, typed.reason);
  if (seen.has(x)) return opaque(name, 'an object that contains itself');
  if (depth + 1 >= MAX_DEPTH) return opaque(name, `an object nested more than ${MAX_DEPTH} deep`);
  if (Array.isArray(x)) {
    if (x.length === 0) return opaque(name, 'an empty array (its element type is unknown)');
    const first: unknown = x[0];
    for (const kind of ['num', 'bool'] as const) {
      const plain = plainElement(kind)!;
      if (typeof first === plain) {
        return allOf(x, plain)
          ? { name, type: { kind: 'array', element: kind } }
          : opaque(name, `an array mixing ${plain}s with other values`);
      }
    }
    if (typeof first === 'object' && first !== null && !Array.isArray(first) && !ArrayBuffer.isView(first)) {
      const shape = elementShape(x, seen, depth + 1);
      return typeof shape === 'string' ? opaque(name, shape) : { name, type: { kind: 'objects', shape } };
    }
    return opaque(name, `an array of ${holdsOf(first)}`);
  }
  if (ArrayBuffer.isView(x)) return opaque(name, holdsOf(x));
  return { name, type: { kind: 'object', shape: shapeOf(x, seen, depth + 1) } };
}

/** The one shape of every element, or why there is none. */
function elementShape(xs: readonly unknown[], seen: Set<object>, depth: number): ObjectShape | string {
  let shape: ObjectShape | undefined;
  for (let i = 0; i < xs.length; i++) {
    const e = xs[i];
    if (typeof e !== 'object' || e === null || Array.isArray(e) || ArrayBuffer.isView(e)) {
      return `an array of objects whose element ${i} is ${describeValue(e)}`;
    }
    const s = shapeOf(e, seen, depth);
    if (shape !== undefined && s !== shape) {
      return `an array of objects of different shapes (element 0 is ${shape.token}, element ${i} is ${s.token})`;
    }
    shape = s;
  }
  return shape!;
}

// ------------------------------------------------------------------------------------------ checkers

function everyOf(a: unknown, check: Check): boolean {
  if (!Array.isArray(a)) return false;
  for (let i = 0, n = a.length; i < n; i++) if (!check(a[i])) return false;
  return true;
}

function allOf(a: unknown, kind: 'number' | 'boolean'): boolean {
  if (!Array.isArray(a)) return false;
  for (let i = 0, n = a.length; i < n; i++) if (typeof a[i] !== kind) return false;
  return true;
}

/** Numbers each generated checker's source: V8 caches `new Function` by its text, and checkers of one text would share call feedback. */
let generated = 0;

/**
 * A function that is true when a value still has `shape`'s usable fields with their types: generated per
 * shape so each field read is a monomorphic property load.
 */
function checkerOf(shape: ObjectShape, frozenTest = true, used?: ReadonlySet<string>): Check {
  const cache = used ? usedCheckers : frozenTest ? checkers : strictCheckers;
  const key = used ? `${frozenTest}|${shape.token}|${[...used].sort().join(',')}` : shape.token;
  let check = cache.get(key);
  if (check) return check;
  noteChecked(shape.token); // objects of this shape are checked per call: compiled code may read their prototype
  const deps: unknown[] = [everyOf, allOf];
  const dep = (x: unknown): string => {
    deps.push(x);
    return `$${deps.length - 1}`;
  };
  // An object frozen since it was classified has read-only fields now: classify it again.
  const frozen = shape.fields.some((f) => f.readonly);
  // Each field is read once into its own `vK` (a typed array's test uses it five times: as `o.f`, each use was a load
  // again after a call V8 does not inline, 250 against 30 ns for scijs-ode-rk4's six), all before any test: the
  // prototype test then follows loads that gave V8 the object's map and folds into that map check (after a typed
  // array's test or an element loop it was a builtin call: 10 of the 21 ns simplex-noise's receiver check cost).
  const loads: string[] = [], tests: string[] = [];
  const test = (t: string): void => void tests.push(`if (!(${t})) return false;`);
  const load = (f: ObjectField): string => {
    loads.push(`const v${loads.length} = ${fieldAccess('o', f.name)};`);
    return `v${loads.length - 1}`;
  };
  for (const f of shape.fields) {
    if (f.fn) test(`${load(f)} === ${dep(f.fn)}`);
    if (f.self) {
      // null or an object here; that it has this shape (its class included) is the walk's work (below), whose
      // prototype test after the node's field loads folds into V8's map check (a test here would be a call)
      const v = load(f);
      test(`${v} === null || typeof ${v} === 'object'`);
      continue;
    }
    if (!f.type) continue; // opaque: compiled code never touches it
    // a data field no compiled code of the specialization reads or writes by name: its value cannot matter
    if (used && !used.has(f.name)) continue;
    const v = load(f);
    switch (f.type.kind) {
      case 'f64':
        test(`typeof ${v} === 'number'`);
        break;
      case 'bool':
        test(`typeof ${v} === 'boolean'`);
        break;
      case 'array': {
        const plain = plainElement(f.type.element);
        test(plain ? `isArray(${v})` : typedArrayGuard(ELEMENTS[f.type.element].array.name, v));
        if (plain) tests.push(everyElementSource(v, plain, 'return false;'));
        break;
      }
      case 'object':
        test(`${dep(checkerOf(f.type.shape, frozenTest, used))}(${v})`);
        break;
      case 'objects': {
        // The loop is written here, not a call of everyOf, whose one call of an element checker every shape's checker
        // shares: bg-nbody's inline cache (5 bodies) cost 13 ns over its specialization through everyOf, 6 ns so
        const element = dep(checkerOf(f.type.shape, frozenTest, used));
        test(`isArray(${v})`);
        tests.push(`for (let i = 0, n = ${v}.length; i < n; i++) if (!${element}(${v}[i])) return false;`);
        break;
      }
      default:
        break;
    }
  }
  const protoTest = shape.proto ? [`if (Object.getPrototypeOf(o) !== ${dep(shape.proto)}) return false;`] : []; // methods resolve through it
  // names compiled code reads as absent (a live list: names noted after this checker was made count too); the
  // length test keeps the call out of the common case (a shape no compiled code reads a missing name of), and it
  // runs per node of a linked list
  const absent = dep(absentReads(shape.token));
  test(`${absent}.length === 0 || ${dep(absentStillFit)}(o, ${absent})`);
  // names compiled code reads from the prototype (a live list too): still inherited, still of their type
  test(`${dep(protoCheck(shape.token))}.fits(o)`);
  if (!frozen && frozenTest) test('!Object.isFrozen(o)');
  const params = [...Object.keys(GUARD_CONSTANTS), ...deps.map((_, i) => `$${i}`)];
  // A linked list (self fields): every node reachable through them is checked. One self field (`next`): a loop
  // along it, with a second pointer at half speed that the first meets in a cycle (Floyd's), by when every node
  // was checked; more (a tree's `left`, `right`): a walk that checks each node once.
  const links = shape.fields.filter((f) => f.self).map((f) => fieldAccess('x', f.name));
  const walk = links.length === 0 ? '' : links.length === 1 ? [
    'return function check(o) {',
    '  if (!one(o)) return false;',
    '  let slow = o;',
    `  for (let x = o, n = 0; ${links[0]} !== null; n++) {`,
    `    x = ${links[0]};`,
    '    if (!one(x)) return false;',
    `    if ((n & 1) === 1) slow = ${links[0]!.replace(/^x/, 'slow')};`,
    '    if (x === slow) return true;',
    '  }',
    '  return true;',
    '};',
  ].join('\n') : [
    'return function check(o) {',
    '  if (!one(o)) return false;',
    '  const seen = new Set(); const todo = [o];',
    '  while (todo.length > 0) {',
    '    const x = todo.pop();',
    '    if (seen.has(x)) continue;',
    '    seen.add(x);',
    '    if (x !== o && !one(x)) return false;',
    ...links.map((l) => `    if (${l} !== null) todo.push(${l});`),
    '  }',
    '  return true;',
    '};',
  ].join('\n');
  const lines = ["if ((typeof o !== 'object' && typeof o !== 'function') || o === null) return false;", ...loads, ...protoTest, ...tests];
  const one = `function ${links.length ? 'one' : 'check'}(o) { // shape checker ${++generated}\n  ${lines.join('\n  ')}\n  return true;\n}`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  check = new Function(...params, links.length ? `${one}\n${walk}` : `return ${one};`)(...Object.values(GUARD_CONSTANTS), ...deps) as Check;
  cache.set(key, check);
  return check;
}
