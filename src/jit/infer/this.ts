/**
 * Whether a function reads `this`: a method whose receiver's shape must be part of its signature. Only the
 * function's own body counts (and arrows in it, which share its `this`); nested `function`s have their own.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import type { Node } from '../frontend/parse.js';
import { parsedOf } from '../dispatch/registry.js';

const known = new WeakMap<AnyFunction, boolean>();

/**
 * True when `fn`'s body uses `this` (false when its source cannot be parsed: compiling it reports why).
 *
 * @example
 * ```ts
 * import { readsThis } from './this.js';
 *
 * readsThis(function (this: { x: number }, dt: number) { return this.x * dt; }); // → true
 * readsThis((a: number, b: number) => a + b); // → false
 * ```
 */
export function readsThis(fn: AnyFunction): boolean {
  let reads = known.get(fn);
  if (reads === undefined) {
    try {
      const parsed = parsedOf(fn);
      reads = containsThis(parsed.body) || parsed.params.some(containsThis);
    } catch {
      reads = false;
    }
    known.set(fn, reads);
  }
  return reads;
}

function containsThis(node: Node): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const x = n as Node;
    if (x.type === 'ThisExpression') {
      found = true;
      return;
    }
    // A nested function or class has its own `this` (tsx's keepNames puts `static { __name(this, …) }` in classes).
    if (x.type === 'FunctionExpression' || x.type === 'FunctionDeclaration' || x.type === 'ClassExpression' || x.type === 'ClassDeclaration') return;
    for (const [key, value] of Object.entries(x)) if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(node);
  return found;
}
