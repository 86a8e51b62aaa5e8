/**
 * The WGSL backend now lives in `gpu/wgsl/` (generate, emit, ints, walk, helpers, shader); this module
 * re-exports its public names so that `numbat/internals` and existing imports keep working.
 *
 * @module
 */
export { generateWgsl, GpuUnsupportedError } from './wgsl/generate.js';
export type { WgslBackendOptions } from './wgsl/generate.js';
export { isIntTree } from './wgsl/ints.js';
