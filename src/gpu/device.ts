/**
 * The device now lives in `gpu/runtime/device.ts`; this module re-exports it so that imports from outside
 * `src/gpu` (the test requirement helper) keep working.
 *
 * @module
 */
export * from './runtime/device.js';
