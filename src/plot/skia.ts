/**
 * The Skia binding (`@napi-rs/canvas`), loaded on first use instead of at import.
 *
 * Why: loading it under tsx makes tsx's WebAssembly lexer grow its memory, which detaches an ArrayBuffer, and
 * the first detach in a V8 isolate invalidates the "ArrayBuffer detaching" protector for good: from then on
 * every optimized typed-array access also checks its buffer, and a latency-bound loop such as `std` runs about
 * 1.3× slower. A program that imports numbat for `memoJit` and never draws should not pay for the plotting
 * library, so the binding is required the first time a figure is rendered or a font registered.
 *
 * @module
 */
import { createRequire } from 'node:module';

/** The binding's exports (types only at import time). */
export type Skia = typeof import('@napi-rs/canvas');

let loaded: Skia | undefined;

/**
 * The `@napi-rs/canvas` module, required on the first call.
 *
 * @example
 * ```ts
 * import { skia } from './skia.js';
 *
 * const canvas = skia().createCanvas(100, 100);
 * canvas.width; // → 100
 * ```
 */
export function skia(): Skia {
  loaded ??= createRequire(import.meta.url)('@napi-rs/canvas') as Skia;
  return loaded;
}
