// The buffer nodes' own contract (src/jit/ir/buffers.ts): which expressions are buffer expressions, and their
// operands in the order JS evaluates them (what walkIR and every pass that reads operands rely on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferOperands, isBufferExpr, type BufferExpr } from '../../../src/jit/ir/buffers.js';
import type { Expr } from '../../../src/jit/ir.js';
import { F64, I32 } from '../../../src/jit/types.js';

const buf: Expr = { op: 'local', type: { kind: 'buffer' }, name: 'buf' };
const k = (value: number): Expr => ({ op: 'const', type: I32, value });

test('new Float64Array(buf, 8, 2): the three arguments, in source order', () => {
  const e: BufferExpr = { op: 'builtinNew', type: { kind: 'array', element: 'f64' }, ctor: 'Float64Array', args: [buf, k(8), k(2)] };
  assert.deepEqual(bufferOperands(e), [buf, k(8), k(2)]);
});

test('new ArrayBuffer(16) has its one argument; buf.byteLength has its target', () => {
  assert.deepEqual(bufferOperands({ op: 'builtinNew', type: { kind: 'buffer' }, ctor: 'ArrayBuffer', args: [k(16)] }), [k(16)]);
  assert.deepEqual(bufferOperands({ op: 'bufferProperty', type: F64, target: buf, name: 'byteLength' }), [buf]);
});

test('isBufferExpr is true for exactly the two buffer ops', () => {
  assert.equal(isBufferExpr({ op: 'builtinNew', type: { kind: 'buffer' }, ctor: 'ArrayBuffer', args: [k(1)] }), true);
  assert.equal(isBufferExpr({ op: 'bufferProperty', type: F64, target: buf, name: 'byteLength' }), true);
  assert.equal(isBufferExpr(buf), false);
  assert.equal(isBufferExpr({ op: 'newArray', type: { kind: 'array', element: 'f64' }, element: 'f64', length: k(3) }), false);
});
