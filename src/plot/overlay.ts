/**
 * A 2-D context with some members replaced: the one proxy behind the math-aware text context (`text.ts`) and
 * Chart.js's panel view of a page (`render.ts`). Skia's methods must run on the real context, so every
 * member not overridden is read from it and bound to it once.
 *
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas';

/** What an override returns for a member it leaves to the context. */
export const INHERIT: unique symbol = Symbol('inherit');

/**
 * `ctx` seen through `override`: a member it returns something other than {@link INHERIT} for is replaced,
 * the rest are the context's own (methods bound to it); writes go to the context.
 *
 * @example
 * ```ts
 * import { INHERIT, overlayContext } from './overlay.js';
 * import { skia } from './skia.js';
 *
 * const page = skia().createCanvas(100, 100).getContext('2d');
 * // Chart.js clears its canvas before drawing; on a shared PDF page that would erase the other panels.
 * const quiet = overlayContext(page, (target, key) => (key === 'clearRect' ? () => undefined : INHERIT));
 * quiet.fillStyle = '#ff0000';
 * page.fillStyle; // → '#ff0000'
 * ```
 */
export function overlayContext(ctx: SKRSContext2D, override: (target: SKRSContext2D, key: PropertyKey) => unknown): SKRSContext2D {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(ctx, {
    get(target, key) {
      const own = override(target, key);
      if (own !== INHERIT) return own;
      let fn = bound.get(key);
      if (fn) return fn;
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      fn = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(key, fn);
      return fn;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
}
