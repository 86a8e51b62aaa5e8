// The integer trees of the WGSL backend (src/gpu/wgsl/ints.ts): which f64 expressions are computed exactly in
// i32 (isIntTree, now with `>>>`), the bound that decides whether a value may pass 2^53 where JS rounds it
// (intBound), and which locals hold only such values (integerLocals).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr } from '../../../src/jit/ir.js';
import { intBound, integerLocals, isIntTree } from '../../../src/gpu/wgsl/ints.js';
import { lowerKernel } from '../../../src/gpu/frontend.js';

const I32 = { kind: 'i32' } as const;
const F64 = { kind: 'f64' } as const;
const local = (name: string, type: typeof I32 | typeof F64 = I32): Expr => ({ op: 'local', name, type });
const c = (value: number): Expr => ({ op: 'const', type: F64, value });
const bin = (operator: 'add' | 'sub' | 'mul' | 'ushr', left: Expr, right: Expr): Expr => ({ op: 'binary', operator, type: F64, left, right } as Expr);

test('isIntTree: + - * and >>> of int32 values and integer constants, nothing with a fraction or a float', () => {
  assert.equal(isIntTree(bin('add', bin('mul', local('y'), local('nx')), local('x')), new Set()), true);
  assert.equal(isIntTree(bin('add', bin('ushr', local('x'), c(0)), c(1)), new Set()), true, '(x >>> 0) + 1');
  assert.equal(isIntTree(bin('add', local('x'), c(0.5)), new Set()), false, 'a fraction');
  assert.equal(isIntTree(bin('add', local('x'), c(2 ** 31)), new Set()), false, 'a constant outside int32');
  assert.equal(isIntTree(bin('add', local('x'), local('t', F64)), new Set()), false, 'a float local');
  assert.equal(isIntTree(bin('add', local('x'), local('k', F64)), new Set(['k'])), true, 'an integer local');
});

test('intBound: int32 leaves 2^31, >>> 2^32, constants themselves, integer locals unbounded; + adds, * multiplies', () => {
  assert.equal(intBound(local('i'), new Set()), 2 ** 31);
  assert.equal(intBound(bin('ushr', local('x'), c(0)), new Set()), 2 ** 32);
  assert.equal(intBound(bin('mul', c(3), local('i')), new Set()), 3 * 2 ** 31);
  assert.equal(intBound(bin('add', bin('mul', local('y'), local('nx')), local('x')), new Set()), 2 ** 62 + 2 ** 31);
  assert.equal(intBound(local('k', F64), new Set(['k'])), Infinity);
  // Below 2^53 every node is exact in a double: no check is needed for 2 * i + 1 …
  assert.ok(intBound(bin('add', bin('mul', c(2), local('i')), c(1)), new Set()) < 2 ** 53);
  // … but a product of two int32 elements may pass it.
  assert.ok(intBound(bin('mul', local('a'), local('b')), new Set()) >= 2 ** 53);
});

test('integerLocals: a local assigned only integer trees is one; one assigned a float once is not', () => {
  function k2(x: number, y: number, nx: number, out: Float32Array) {
    const k = y * nx + x;
    out[k] = 1;
  }
  function mixed(i: number, out: Float32Array) {
    let k = i * 2;
    if (i > 3) k = i / 2;
    out[i] = k;
  }
  const f32 = { kind: 'array', element: 'f32' } as const;
  const a = lowerKernel(k2, [I32, I32, I32, f32], 2).module;
  assert.deepEqual([...integerLocals(a.functions.at(-1)!)].filter((n) => n.startsWith('k')), ['k']);
  const b = lowerKernel(mixed, [I32, f32], 1).module;
  assert.equal([...integerLocals(b.functions.at(-1)!)].some((n) => n.startsWith('k')), false);
});
