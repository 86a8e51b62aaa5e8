/**
 * What a compiled function's code depends on beyond its own text, for a persistent cache's key: the source of
 * every function it calls by a name from outside (recursively, plain or memoJit), and the value of every number
 * or boolean it would freeze. Arrays from outside are read by reference, so only their kind is listed.
 *
 * Computed from the function's text and V8's scopes (`frontend/closure.ts`), without compiling, so a cache can
 * hash it before deciding to compile. It over-approximates (a name the function declares itself and which also
 * exists outside is listed too), which can only make a key change more often, never miss a change.
 *
 * @module
 */
import { isPlainRecord } from './outer-objects.js';
import { mathFunctionName } from './functions.js';
import { isClassValue } from './statics.js';
import type { Node } from '../frontend/parse.js';
import { outerName } from '../frontend/closure.js';
import { parsedOf, originals } from '../dispatch/registry.js';
import { unwrap, type AnyFunction } from '../../decorate.js';

/**
 * What {@link outsideContent} lists.
 *
 * @example
 * ```ts
 * import type { OutsideContent } from './content.js';
 *
 * // What `function f(x) { return square(x) * K; }` depends on from outside itself:
 * const c: OutsideContent = { sources: [{ name: 'square', source: 'function square(x) { return x * x; }' }], constants: [{ name: 'K', value: 3.5 }] };
 * ```
 */
export interface OutsideContent {
  /** Every function reached through names from outside, in discovery order (not the function itself). */
  readonly sources: ReadonlyArray<{ readonly name: string; readonly source: string }>;
  /** Numbers and booleans by value (`-0` and `NaN` kept), arrays by kind (`'Float64Array'`, `'number[]'`). */
  readonly constants: ReadonlyArray<{ readonly name: string; readonly value: number | boolean | string }>;
}

/** The number and boolean static data fields of class `C` and the classes it extends, by dotted name. */
function staticConstants(name: string, C: AnyFunction): Array<{ name: string; value: number | boolean }> {
  const out: Array<{ name: string; value: number | boolean }> = [];
  for (let c: unknown = C; isClassValue(c); c = Object.getPrototypeOf(c)) {
    for (const k of Object.getOwnPropertyNames(c)) {
      if (k === 'length') continue; // every function's, fixed by its text
      const d = Object.getOwnPropertyDescriptor(c, k)!;
      if (typeof d.value === 'number' || typeof d.value === 'boolean') out.push({ name: `${name}.${k}`, value: d.value });
    }
  }
  return out;
}

// per parsed function: the cache's first call in a process reads them again (a walk of the whole tree)
const namesOf = new WeakMap<Node, Set<string>>();

function referencedNames(root: Node): Set<string> {
  const known = namesOf.get(root);
  if (known) return known;
  const names = new Set<string>();
  namesOf.set(root, names);
  const visit = (n: Node, parent: Node | undefined, key: string): void => {
    if (n.type === 'Identifier') {
      const isProperty = parent && ((parent.type === 'MemberExpression' && key === 'property' && !parent.computed) || ((parent.type === 'Property' || parent.type === 'MethodDefinition') && key === 'key' && !parent.computed));
      if (!isProperty) names.add(n.name as string);
      return;
    }
    for (const k of Object.keys(n)) {
      const v = n[k] as unknown;
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c, n, k); }
      else if (isNode(v)) visit(v, n, k);
    }
  };
  visit(root, undefined, '');
  return names;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/**
 * The sources of the callees and the frozen values `fn` (a memoJit function or a plain one) depends on from
 * outside itself. Exported for the persistent cache of `dispatch/` (hash it with the function's own source,
 * the argument types and the `scope` option).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { outsideContent } from './content.js';
 *
 * const K = 3.5;
 * function square(x: number) { return x * x; }
 * const fastSquare = memoJit(square);
 * const f = memoJit(function f(x: number) { return fastSquare(x) * K; });
 * outsideContent(f).constants; // → [ { name: 'K', value: 3.5 } ]
 * ```
 */
export function outsideContent(fn: AnyFunction): OutsideContent {
  const sources: Array<{ name: string; source: string }> = [];
  const constants: Array<{ name: string; value: number | boolean | string }> = [];
  const seen = new Set<AnyFunction>();
  const walk = (f: AnyFunction): void => {
    const original = originals.get(f) ?? unwrap(f).original;
    if (seen.has(original)) return;
    seen.add(original);
    let root: Node;
    try {
      root = parsedOf(original).node;
    } catch {
      return; // a built-in: nothing of its text can be compiled (compiling it is a located error)
    }
    for (const name of referencedNames(root)) {
      const found = outerName(original, name);
      if (!found || found.scope === 'global') continue;
      const v = found.value;
      if (typeof v === 'number' || typeof v === 'boolean') constants.push({ name, value: v });
      else if (ArrayBuffer.isView(v)) constants.push({ name, value: v.constructor.name });
      else if (Array.isArray(v)) constants.push({ name, value: `${typeof v[0]}[]` });
      else if (isPlainRecord(v)) {
        // outer-objects.ts freezes number and boolean fields: a cached compilation is for these values only
        for (const [k, x] of Object.entries(v)) if (typeof x === 'number' || typeof x === 'boolean') constants.push({ name: `${name}.${k}`, value: x });
      }
      else if (typeof v === 'function') {
        // statics.ts freezes a class's number and boolean static fields (its own or inherited), whose values
        // the class's text need not show (`static K = Number(argv[2])`, `Cfg.K = 3` after the class)
        if (isClassValue(v)) constants.push(...staticConstants(name, v));
        const callee = originals.get(v as AnyFunction) ?? unwrap(v as AnyFunction).original;
        // a built-in's text is `function sqrt() { [native code] }`, whatever it does: name Math's by their member
        const math = mathFunctionName(callee);
        if (!seen.has(callee)) sources.push({ name, source: math !== undefined ? `Math.${math}` : Function.prototype.toString.call(callee) });
        walk(v as AnyFunction);
      }
    }
  };
  walk(fn);
  return { sources, constants };
}
