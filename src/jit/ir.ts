/**
 * The JIT's intermediate representation, re-exported from one path: the node types with their semantics
 * (`ir/nodes.ts`, read it first) and the one walker (`ir/walk.ts`). Every stage imports the IR from here.
 *
 * @module
 */
export * from './ir/nodes.js';
export * from './ir/walk.js';
