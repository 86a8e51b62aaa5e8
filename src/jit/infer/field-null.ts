/**
 * A field of `this` tracked by `field-facts.ts` that holds an array on some paths and `null` on others (fft.js:
 * `this._out = out; … this._out = null`), narrowed by a test as TypeScript narrows it: after
 * `if (this._out === null) return …;`, inside `if (this._out !== null) { … }` or past `if (!this._out) …`, a read
 * sees the array. The field's value at such a point is the array marked "or null" ({@link nullOr}); a read of it
 * anywhere but in such a test is a located error. Between the test and the read nothing may change the field: a
 * write to it is tracked (it replaces the narrowed value), and after any call of a compiled function the field is
 * "or null" again ({@link forgetNarrowed}: the callee may reach the object through an alias), so the read needs a
 * test after the call; a method called on `this` while the field may be null sees it as the opaque field it was
 * (so it may write it): after that call the field is unreadable until it is written again.
 *
 * The test itself reads the real field at run time (null or the array) and compares it with `null` (`===`, `!==`,
 * `==`, `!=`: the field is never `undefined` there, every path wrote it) or takes its truthiness (an array is
 * truthy, `null` falsy): lowering asks {@link isNullableRead} and emits that comparison instead of the fold an
 * array that is never null would get (`array-tests.ts`).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { ARRAY_KINDS } from './array-tests.js';
import { joinAV, type AV } from './lattice.js';

const orNull = new WeakSet<AV>();
const testOperands = new WeakSet<Node>();
const nullableReads = new WeakSet<Node>();
const NULL: AV = Object.freeze({ k: 'null' });

/**
 * `v` marked "or null": the value of a field of `this` that is `v` on some paths and `null` on others.
 *
 * @example
 * ```ts
 * import { mayBeNull, nullOr } from './field-null.js';
 *
 * const xs = { k: 'array', element: 'f64' } as const;
 * mayBeNull(nullOr(xs)); // → true
 * mayBeNull(xs); // → false
 * ```
 */
export function nullOr(v: AV): AV {
  if (orNull.has(v)) return v;
  const marked = { ...v } as AV;
  orNull.add(marked);
  return marked;
}

/**
 * Whether `v` is a value marked by {@link nullOr}.
 *
 * @example
 * ```ts
 * import { mayBeNull } from './field-null.js';
 *
 * mayBeNull({ k: 'null' }); // → false
 * ```
 */
export function mayBeNull(v: AV | undefined): boolean {
  return v !== undefined && orNull.has(v);
}

/** `v` without the "or null" mark. */
function withoutNull(v: AV): AV {
  if (!orNull.has(v)) return v;
  const { ...plain } = v;
  return plain as AV;
}

/**
 * Two paths' values of a tracked field where either is `null` or marked "or null": the joined array marked, `null`
 * when both are `null`; undefined when this rule does not apply (a value that is not an array: `joinAV` and
 * `flow.ts` decide) or the two cannot join.
 *
 * @example
 * ```ts
 * import { joinFieldNull, mayBeNull } from './field-null.js';
 *
 * const xs = { k: 'array', element: 'f64' } as const;
 * mayBeNull(joinFieldNull(xs, { k: 'null' })); // → true
 * joinFieldNull({ k: 'null' }, { k: 'null' }); // → { k: 'null' }
 * joinFieldNull(xs, xs); // → undefined
 * ```
 */
export function joinFieldNull(v: AV, w: AV): AV | undefined {
  const nullish = (x: AV): boolean => x.k === 'null' || orNull.has(x);
  if (!nullish(v) && !nullish(w)) return undefined;
  if (v.k === 'null' && w.k === 'null') return NULL;
  const a = v.k === 'null' ? undefined : withoutNull(v);
  const b = w.k === 'null' ? undefined : withoutNull(w);
  const joined = a && b ? joinAV(a, b) : (a ?? b);
  return joined && ARRAY_KINDS.has(joined.k) ? nullOr(joined) : undefined;
}

/**
 * Marks the operand of a test that may read a field of `this` while it may be null: `this.f` in `this.f === null`
 * (`!==`, `==`, `!=`, either side), or `this.f` as a condition (`if (this.f)`, `!this.f`, `this.f && …` in a test).
 * Called by the analysis before it evaluates the operand; other nodes are left alone.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { markNullTest, nullTestOperand } from './field-null.js';
 *
 * const test = parseFunction('function f() { return this.out === null; }').body.body[0].argument;
 * markNullTest(test);
 * nullTestOperand(test.left); // → true
 * ```
 */
export function markNullTest(e: Node): void {
  const field = (n: Node | undefined): boolean => n?.type === 'MemberExpression' && !n.computed && (n.object as Node).type === 'ThisExpression';
  if (field(e)) {
    testOperands.add(e);
    return;
  }
  if (e.type !== 'BinaryExpression' || !['===', '!==', '==', '!='].includes(e.operator as string)) return;
  const isNull = (n: Node): boolean => n.type === 'Literal' && n.value === null;
  if (isNull(e.right as Node) && field(e.left as Node)) testOperands.add(e.left as Node);
  if (isNull(e.left as Node) && field(e.right as Node)) testOperands.add(e.right as Node);
}

/**
 * Whether `member` is the operand of a null test marked by {@link markNullTest}.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { nullTestOperand } from './field-null.js';
 *
 * nullTestOperand(parseFunction('function f() { return this.out; }').body.body[0].argument); // → false
 * ```
 */
export function nullTestOperand(member: Node): boolean {
  return testOperands.has(member);
}

/**
 * A read of a tracked field whose value `v` may be null, at `member`: the array when `member` is a test's operand
 * (recorded: lowering then tests the real field, {@link isNullableRead}), else undefined (the caller reports its
 * located error).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { markNullTest, nullOr, nullableRead } from './field-null.js';
 *
 * const test = parseFunction('function f() { return this.out === null; }').body.body[0].argument;
 * const xs = { k: 'array', element: 'f64' } as const;
 * nullableRead(test.left, nullOr(xs)); // → undefined
 * markNullTest(test);
 * nullableRead(test.left, nullOr(xs)); // → { k: 'array', element: 'f64' }
 * ```
 */
export function nullableRead(member: Node, v: AV): AV | undefined {
  if (!testOperands.has(member)) return undefined;
  nullableReads.add(member);
  return withoutNull(v);
}

/**
 * Whether `member` was read, in some round of the analysis, while its field may have been null: lowering compares
 * it with `null` where it is tested, and the analysis decides no such test from the types.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { isNullableRead } from './field-null.js';
 *
 * isNullableRead(parseFunction('function f() { return this.out; }').body.body[0].argument); // → false
 * ```
 */
export function isNullableRead(member: Node): boolean {
  return nullableReads.has(member);
}

/**
 * The value of a tracked field `v` where a test found it `null` (`isNull`) or not: the array or `null` for a
 * value that may be null; `'dead'` where the field holds only `null` and the test found it not null; else `v`.
 *
 * @example
 * ```ts
 * import { narrowFieldNull, nullOr } from './field-null.js';
 *
 * const xs = { k: 'array', element: 'f64' } as const;
 * narrowFieldNull(nullOr(xs), false); // → { k: 'array', element: 'f64' }
 * narrowFieldNull(nullOr(xs), true); // → { k: 'null' }
 * narrowFieldNull({ k: 'null' }, false); // → 'dead'
 * ```
 */
export function narrowFieldNull(v: AV, isNull: boolean): AV | 'dead' {
  if (orNull.has(v)) {
    if (isNull) return NULL;
    const found = withoutNull(v);
    narrowed.add(found);
    return found;
  }
  if (v.k === 'null' && !isNull) return 'dead';
  return v;
}

const narrowed = new WeakSet<AV>();

/**
 * After a call: a field a test found not null may be null again (the callee may reach the object another way,
 * through an alias or an outer variable), so each such value in `state` is "or null" again and must be tested
 * anew before a read; `isField` says which slots track fields of `this`. Values the code wrote itself stay.
 *
 * @example
 * ```ts
 * import { forgetNarrowed, mayBeNull, narrowFieldNull, nullOr } from './field-null.js';
 *
 * const xs = { k: 'array', element: 'f64' } as const;
 * const state = [narrowFieldNull(nullOr(xs), false) as typeof xs, xs];
 * forgetNarrowed(state, () => true);
 * state.map(mayBeNull); // → [ true, false ]
 * ```
 */
export function forgetNarrowed(state: (AV | undefined)[], isField: (slot: number) => boolean): void {
  state.forEach((v, i) => {
    if (v && narrowed.has(v) && isField(i)) state[i] = nullOr(v);
  });
}
