/**
 * The corpus's notion of "the same result": `Object.is` on every number, element by element through arrays,
 * typed arrays and objects (holes, keys and prototypes included), the same identity structure (a result that is
 * one of the arguments must be the same argument), and for a throw, the same class and message.
 */

/** What one call did: returned a value, or threw. */
export type Outcome = { readonly returned: unknown } | { readonly threw: unknown };

/**
 * Runs `body` and records its return value or exception.
 *
 * @example
 * ```ts
 * capture(() => { throw new RangeError('x'); }); // { threw: RangeError('x') }
 * ```
 */
export function capture(body: () => unknown): Outcome {
  try {
    return { returned: body() };
  } catch (error) {
    return { threw: error };
  }
}

function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? `Array(${v.length})` : (v.constructor?.name ?? 'Object');
  return String(v);
}

function errorKey(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}`;
  return `thrown ${typeof e} ${show(e)}`;
}

/** Objects already matched, both ways, so aliasing must be the same on both sides. */
export interface Pairing {
  readonly forward: Map<object, object>;
  readonly back: Map<object, object>;
}

function newPairing(): Pairing {
  return { forward: new Map(), back: new Map() };
}

/**
 * The first place where two values differ, as a path and both values, or `undefined` when they are the same.
 *
 * @example
 * ```ts
 * difference([1, [2, 0]], [1, [2, -0]]); // 'result[1][1]: 0 vs -0'
 * ```
 */
export function difference(a: unknown, b: unknown, path = 'result', seen: Pairing = newPairing()): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${show(a)} (${typeof a}) vs ${show(b)} (${typeof b})`;
  if (typeof a !== 'object' || a === null || b === null) {
    if (typeof a === 'function') return a === b ? undefined : `${path}: different functions`;
    return Object.is(a, b) ? undefined : `${path}: ${show(a)} vs ${show(b)}`;
  }
  const x = a as object, y = b as object;
  // Aliasing: the same object reached twice on one side must be the same object twice on the other.
  const before = seen.forward.get(x), after = seen.back.get(y);
  if (before !== undefined || after !== undefined) {
    return before === y && after === x ? undefined : `${path}: shares an object with another place on one side only`;
  }
  seen.forward.set(x, y);
  seen.back.set(y, x);
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return `${path}: ${show(x)} vs ${show(y)}`;
  if (ArrayBuffer.isView(x)) {
    const p = x as unknown as ArrayLike<number>, q = y as unknown as ArrayLike<number>;
    if (p.length !== q.length) return `${path}.length: ${p.length} vs ${q.length}`;
    for (let i = 0; i < p.length; i++) if (!Object.is(p[i], q[i])) return `${path}[${i}]: ${show(p[i])} vs ${show(q[i])}`;
    return undefined;
  }
  if (x instanceof Error) return errorKey(x) === errorKey(y) ? undefined : `${path}: ${errorKey(x)} vs ${errorKey(y)}`;
  const kx = Reflect.ownKeys(x), ky = Reflect.ownKeys(y);
  if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) {
    return `${path}: keys [${kx.map(String).slice(0, 8).join(', ')}] vs [${ky.map(String).slice(0, 8).join(', ')}]`;
  }
  for (const k of kx) {
    const sub = Array.isArray(x) && typeof k === 'string' && /^\d+$/.test(k) ? `${path}[${k}]` : `${path}.${String(k)}`;
    const d = difference((x as Record<PropertyKey, unknown>)[k], (y as Record<PropertyKey, unknown>)[k], sub, seen);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * Compares two calls of the same program on equal inputs: the outcome (value, or exception class and message),
 * then what each left in its arguments and `this`. Returns the first difference, or `undefined`.
 *
 * @example
 * ```ts
 * compareCalls(plainOutcome, jitOutcome, plainInput, jitInput); // undefined when identical
 * ```
 */
export function compareCalls(
  plain: Outcome,
  jit: Outcome,
  plainInput: { readonly args: readonly unknown[]; readonly self?: unknown },
  jitInput: { readonly args: readonly unknown[]; readonly self?: unknown },
): string | undefined {
  // One map for the whole call, so a result that aliases an argument must alias the same one on both sides.
  const seen = newPairing();
  if ('threw' in plain || 'threw' in jit) {
    const p = 'threw' in plain ? `threw ${errorKey(plain.threw)}` : `returned ${show(plain.returned)}`;
    const q = 'threw' in jit ? `threw ${errorKey(jit.threw)}` : `returned ${show(jit.returned)}`;
    if (p !== q) return `plain ${p}, compiled ${q}`;
  } else {
    const d = difference(plain.returned, jit.returned, 'result', seen);
    if (d !== undefined) return d;
  }
  const d = difference(plainInput.args, jitInput.args, 'arguments', seen);
  if (d !== undefined) return d;
  return difference(plainInput.self, jitInput.self, 'this', seen);
}
