/**
 * Fields a class instance does not have but its prototype does (`SimplexNoise.prototype.grad3 = new
 * Float32Array(…)`, read as `this.grad3`): JavaScript reads the prototype's value, and so does compiled code, by
 * reading the property through the object at each access, as the plain function does. The value is not a
 * constant of the specialization (numba's globals are): only its type is, checked like an own field's.
 *
 * The shape records the name with the type the prototype's value had when the read was compiled
 * ({@link readProtoField}); the dispatcher's checker for the shape (`dispatch/objects.ts`) then tests on every
 * call, through {@link protoStillFit}, that the object still has no own property of that name and that what it
 * reads there still has that type. A prototype value replaced by one of another type, or an own field added
 * since that shadows it, fails the check: the object is classified again (another token, so another
 * specialization or a located error), never read at a type it no longer has.
 *
 * Only objects that check runs on are read so: receivers, arguments and the objects they hold, whose shapes the
 * dispatcher made a checker for ({@link noteChecked}). Objects made by `new C(…)` in compiled code are checked by
 * nothing per call ({@link noteBuilt}): reading their prototype's fields stays a located error.
 *
 * @module
 */
import { ELEMENT_BY_NAME, plainElement, typeName, type Type } from '../types.js';
import { everyElementSource } from './elements.js';
import { typedArrayGuard, typedArrayToken } from '../dispatch/typed.js';
import { GUARD_CONSTANTS } from '../dispatch/guards.js';
import { fieldAccess, keyText, type ObjectShape } from './shapes.js';

/**
 * One name compiled code reads from the prototype of objects of a shape, with the type it was compiled at.
 *
 * @example
 * ```ts
 * import type { ProtoRead } from './proto-fields.js';
 *
 * const read: ProtoRead = { name: 'grad3', type: { kind: 'array', element: 'f32' }, typeName: 'Float32Array' };
 * ```
 */
export interface ProtoRead {
  readonly name: string;
  readonly type: Type;
  /** `typeName(type)`, compared with the value's on each check. */
  readonly typeName: string;
}

const reads = new Map<string, ProtoRead[]>();

/**
 * The names compiled code reads from the prototype of objects of shape `token`: one live array per token, which
 * the dispatcher's checkers keep a reference to, so a read compiled after a checker was made is tested too.
 *
 * @example
 * ```ts
 * import { protoReads } from './proto-fields.js';
 *
 * protoReads('{x:f64}@Nothing'); // → []
 * ```
 */
export function protoReads(token: string): readonly ProtoRead[] {
  let list = reads.get(token);
  if (!list) reads.set(token, (list = []));
  return list;
}

/**
 * The type compiled code gives a value read from a prototype: a number (`f64`), a boolean, a typed array or a
 * `number[]`/`boolean[]` (not empty); undefined for anything else.
 *
 * @example
 * ```ts
 * import { protoValueType } from './proto-fields.js';
 *
 * protoValueType(new Float32Array(3)); // → { kind: 'array', element: 'f32' }
 * protoValueType(0.5); // → { kind: 'f64' }
 * protoValueType('text'); // → undefined
 * ```
 */
export function protoValueType(x: unknown): Type | undefined {
  if (typeof x === 'number') return { kind: 'f64' };
  if (typeof x === 'boolean') return { kind: 'bool' };
  if (typeof x !== 'object' || x === null) return undefined;
  const typed = typedArrayToken(x);
  if (typeof typed === 'string') return { kind: 'array', element: ELEMENT_BY_NAME[typed as keyof typeof ELEMENT_BY_NAME]! };
  if (typed !== undefined || !Array.isArray(x) || x.length === 0) return undefined;
  const kind = typeof x[0];
  if (kind !== 'number' && kind !== 'boolean') return undefined;
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== kind) return undefined;
  return { kind: 'array', element: kind === 'number' ? 'num' : 'bool' };
}

/** The data property `name` found first on `proto`'s chain (below `Object.prototype`), if any. */
function inheritedDescriptor(proto: object, name: string): PropertyDescriptor | undefined {
  for (let p: object | null = proto; p !== null && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  return undefined;
}

/**
 * What `name` holds on the prototype chain of objects of `shape` (which has no such own field), for messages:
 * undefined when no prototype holds it.
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 * import { protoHolds } from './proto-fields.js';
 *
 * class Labelled { x = 0; }
 * (Labelled.prototype as unknown as { label: string }).label = 'a';
 * protoHolds(makeShape([{ name: 'x', type: { kind: 'f64' } }], Labelled.prototype), 'label'); // → 'a string'
 * ```
 */
export function protoHolds(shape: ObjectShape, name: string): string | undefined {
  const d = shape.proto && inheritedDescriptor(shape.proto, name);
  if (!d) return undefined;
  if (!('value' in d)) return 'a getter or setter';
  const x: unknown = d.value;
  return x === null || x === undefined ? String(x) : typeof x === 'object' ? 'an object compiled code does not read from a prototype' : `a ${typeof x}`;
}

/**
 * The type of `name` read from the prototype of objects of `shape`, which have no such own field: the
 * prototype (or one further up its chain) holds it as a data property whose value compiled code can type
 * ({@link protoValueType}). Notes the read, so the dispatcher checks it on every call (see {@link protoReads});
 * undefined (nothing noted) otherwise.
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 * import { noteChecked, readProtoField } from './proto-fields.js';
 *
 * function Noise(this: { p: number }) { this.p = 1; }
 * Noise.prototype = { grad: new Float32Array([1, -1]), label: 'noise' };
 * const shape = makeShape([{ name: 'p', type: { kind: 'f64' } }], Noise.prototype);
 * noteChecked(shape.token); // as the dispatcher does for a receiver of this shape
 * readProtoField(shape, 'grad'); // → { kind: 'array', element: 'f32' }
 * readProtoField(shape, 'label'); // → undefined
 * ```
 */
export function readProtoField(shape: ObjectShape, name: string): Type | undefined {
  if (shape.proto === undefined || shape.fields.some((f) => f.name === name) || protoReadRefused(shape) !== undefined) return undefined;
  const d = inheritedDescriptor(shape.proto, name);
  if (!d || !('value' in d)) return undefined; // a getter runs code per read: not compiled
  const type = protoValueType(d.value);
  if (!type) return undefined;
  const list = protoReads(shape.token) as ProtoRead[];
  const known = list.find((r) => r.name === name);
  // one type per name and token: the checker, which tests the value's type, lets no other through
  if (known) return known.typeName === typeName(type) ? known.type : undefined;
  list.push({ name, type, typeName: typeName(type) });
  protoCheck(shape.token).fits = generateFits(list);
  return type;
}

/**
 * The per-call test of a token's prototype reads, as {@link protoStillFit} but generated for its names and types
 * (each a monomorphic load and the same inline type test an own field gets), which the dispatcher's checker calls
 * through this holder: a read noted after the checker was made replaces `fits`.
 *
 * @example
 * ```ts
 * import { protoCheck } from './proto-fields.js';
 *
 * // Nothing read from the prototype of objects of this token yet:
 * protoCheck('{x:f64}@Nothing').fits({ x: 1 }); // → true
 * ```
 */
export function protoCheck(token: string): { fits: (o: object) => boolean } {
  let holder = checks.get(token);
  if (!holder) checks.set(token, (holder = { fits: () => true }));
  return holder;
}

const checks = new Map<string, { fits: (o: object) => boolean }>();
/** Numbers each generated test's source: V8 caches `new Function` by its text, and tests of one text would share call feedback. */
let generated = 0;

function generateFits(list: readonly ProtoRead[]): (o: object) => boolean {
  const lines = [`// prototype reads ${++generated}`, 'let v;'];
  for (const r of list) {
    // The own-property test: compiled code reads through the object, so an own field would be read right too, but
    // the token says the name is inherited; an object that owns it now is classified again (another token).
    lines.push(`if (hasOwn.call(o, ${JSON.stringify(r.name)})) return false;`, `v = ${fieldAccess('o', r.name)};`);
    const t = r.type;
    const plain = t.kind === 'array' ? plainElement(t.element) : undefined;
    const test = t.kind === 'f64' ? "typeof v === 'number'"
      : t.kind === 'bool' ? "typeof v === 'boolean'"
        : plain ? 'isArray(v) && v.length !== 0'
          : t.kind === 'array' ? typedArrayGuard(r.typeName, 'v') : 'false';
    lines.push(`if (!(${test})) return false;`);
    if (plain) lines.push(everyElementSource('v', plain, 'return false;'));
  }
  lines.push('return true;');
  const constants = { ...GUARD_CONSTANTS, hasOwn };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...Object.keys(constants), `return function fits(o) {\n  ${lines.join('\n  ')}\n};`)(...Object.values(constants)) as (o: object) => boolean;
}

const checked = new Set<string>();
const built = new Set<string>();

/**
 * Notes that the dispatcher checks objects of shape `token` on every call (it made a checker for it), so
 * {@link readProtoField} may read their prototype: the checker tests what it noted.
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 * import { noteChecked, protoReadRefused } from './proto-fields.js';
 *
 * class Passed { x = 0; }
 * const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }], Passed.prototype);
 * protoReadRefused(shape); // → 'objects of this shape never went through the per-call check of memoJit (they are made in compiled code or seen only there)'
 * noteChecked(shape.token);
 * protoReadRefused(shape); // → undefined
 * ```
 */
export function noteChecked(token: string): void {
  checked.add(token);
}

/**
 * Notes that compiled code constructs objects of shape `token` (`new C(…)`, `infer/classes.ts`): no check runs
 * on those, so {@link readProtoField} reads no prototype field of such objects.
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 * import { noteBuilt, noteChecked, protoReadRefused } from './proto-fields.js';
 *
 * class Built { x = 0; }
 * const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }], Built.prototype);
 * noteChecked(shape.token);
 * noteBuilt(shape.token);
 * protoReadRefused(shape); // → 'compiled code constructs objects of this shape, and no per-call check covers those'
 * ```
 */
export function noteBuilt(token: string): void {
  built.add(token);
}

/**
 * Why compiled code may not read prototype fields of objects of `shape`, or undefined when it may: only objects
 * that the dispatcher checks on every call (receivers, arguments and what they hold), since that check is what
 * keeps the prototype's value of the type compiled code reads it at.
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 * import { protoReadRefused } from './proto-fields.js';
 *
 * protoReadRefused(makeShape([{ name: 'y', type: { kind: 'f64' } }])); // → 'the object is a plain record, whose prototype compiled code does not read'
 * ```
 */
export function protoReadRefused(shape: ObjectShape): string | undefined {
  if (shape.proto === undefined) return 'the object is a plain record, whose prototype compiled code does not read';
  if (built.has(shape.token)) return 'compiled code constructs objects of this shape, and no per-call check covers those';
  if (!checked.has(shape.token)) return 'objects of this shape never went through the per-call check of memoJit (they are made in compiled code or seen only there)';
  return undefined;
}

/**
 * What the prototype chain of `o` holds now under the names of `stale` (reads whose type it no longer has), as
 * the part of a token that tells such objects from those compiled code read (`makeShape`'s `inherits`).
 *
 * @example
 * ```ts
 * import { inheritedNow } from './proto-fields.js';
 *
 * const o = Object.create({ grad: new Float64Array(2), label: 'x' }) as object;
 * inheritedNow(o, [{ name: 'grad', type: { kind: 'array', element: 'f32' }, typeName: 'Float32Array' }, { name: 'label', type: { kind: 'f64' }, typeName: 'f64' }]); // → 'grad:Float64Array,label:?other'
 * ```
 */
export function inheritedNow(o: object, stale: readonly ProtoRead[]): string {
  return stale.map((r) => {
    const t = protoValueType((o as Record<string, unknown>)[r.name]);
    return `${keyText(r.name)}:${t ? typeName(t) : '?other'}`;
  }).join(',');
}

/**
 * The type at which {@link readProtoField} noted `name` for `shape` (lowering reads the property at it), or
 * undefined.
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 * import { noteChecked, protoReadType, readProtoField } from './proto-fields.js';
 *
 * class Scaled { x = 1; }
 * (Scaled.prototype as unknown as { scale: number }).scale = 2;
 * const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }], Scaled.prototype);
 * noteChecked(shape.token);
 * protoReadType(shape, 'scale'); // → undefined
 * readProtoField(shape, 'scale');
 * protoReadType(shape, 'scale'); // → { kind: 'f64' }
 * ```
 */
export function protoReadType(shape: ObjectShape, name: string): Type | undefined {
  return reads.get(shape.token)?.find((r) => r.name === name)?.type;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Whether `o` still reads every name of `list` from its prototype, at the type compiled code reads it at: no own
 * property of that name, and the value it inherits still of that type. The dispatcher's checkers call it.
 *
 * @example
 * ```ts
 * import { protoStillFit, type ProtoRead } from './proto-fields.js';
 *
 * const proto = { scale: 2 };
 * const list: ProtoRead[] = [{ name: 'scale', type: { kind: 'f64' }, typeName: 'f64' }];
 * const o = Object.create(proto) as { scale: unknown };
 * protoStillFit(o, list); // → true
 * proto.scale = 'two' as unknown as number;
 * protoStillFit(o, list); // → false
 * o.scale = 3; // an own field shadows the prototype's: another shape
 * protoStillFit(o, list); // → false
 * ```
 */
export function protoStillFit(o: object, list: readonly ProtoRead[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (hasOwn.call(o, r.name)) return false;
    const v: unknown = (o as Record<string, unknown>)[r.name];
    switch (r.type.kind) {
      case 'f64':
        if (typeof v !== 'number') return false;
        break;
      case 'bool':
        if (typeof v !== 'boolean') return false;
        break;
      default: {
        const t = protoValueType(v);
        if (t === undefined || typeName(t) !== r.typeName) return false;
      }
    }
  }
  return true;
}
