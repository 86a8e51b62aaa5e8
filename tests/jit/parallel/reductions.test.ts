// src/jit/parallel/reductions.ts: the reductions a prange loop may make (sum, product, min, max, and, or).
// Checked: each row's identity is an identity of its combine for every value JavaScript has (Object.is, so -0
// and NaN count: a sum starts from -0, an i32 sum from +0); the combine of partials taken in chunk order equals
// the serial loop for the exact kinds; the patterns recognised (either operand order where the operation
// commutes, `s -= x` but not `s = x - s`, conversions around the local) and those that are not reductions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityOf, reductionOf, REDUCTIONS, type ReductionKind } from '../../../src/jit/parallel/reductions.js';
import type { Assign, Expr } from '../../../src/jit/ir.js';

const VALUES = [0, -0, 1, -1, 2.5, -3.75, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN, 2 ** 53, 7];

test('each identity is an identity of its combine, for every value', () => {
  for (const kind of ['sum', 'product', 'min', 'max'] as ReductionKind[]) {
    const { identity, combine } = REDUCTIONS[kind];
    for (const x of VALUES) {
      assert.ok(Object.is(combine(identity, x), x), `${kind}: identity ⊕ ${x}`);
      assert.ok(Object.is(combine(x, identity), x), `${kind}: ${x} ⊕ identity`);
    }
  }
  for (const kind of ['and', 'or'] as ReductionKind[]) {
    const { identity, combine } = REDUCTIONS[kind];
    for (const x of [true, false]) assert.equal(combine(identity, x), x, `${kind}: identity with ${x}`);
  }
  assert.ok(Object.is(identityOf('sum', 'f64'), -0), 'a double sum starts at -0: -0 + -0 is -0');
  assert.ok(Object.is(identityOf('sum', 'i32'), 0), 'an int32 sum at +0 (no -0 in int32)');
  assert.equal(identityOf('min', 'i32'), Infinity);
  assert.equal(identityOf('and', 'bool'), true);
});

test('partials combined in chunk order equal the serial loop for exact kinds', () => {
  const ints = [3, -7, 12, 0, 5, -2, 9, 4, -11, 6];
  const bools = [true, true, false, true, true];
  for (const kind of ['sum', 'product', 'min', 'max'] as ReductionKind[]) {
    const { identity, combine } = REDUCTIONS[kind];
    const serial = ints.reduce((s, x) => combine(s, x) as number, identity as number);
    for (const cut of [1, 3, 5, 9]) {
      const a = ints.slice(0, cut).reduce((s, x) => combine(s, x) as number, identity as number);
      const b = ints.slice(cut).reduce((s, x) => combine(s, x) as number, identity as number);
      assert.ok(Object.is(combine(a, b), serial), `${kind}, chunks cut at ${cut}`);
    }
  }
  for (const kind of ['and', 'or'] as ReductionKind[]) {
    const { identity, combine } = REDUCTIONS[kind];
    const serial = bools.reduce((s, x) => combine(s, x) as boolean, identity as boolean);
    const a = bools.slice(0, 2).reduce((s, x) => combine(s, x) as boolean, identity as boolean);
    const b = bools.slice(2).reduce((s, x) => combine(s, x) as boolean, identity as boolean);
    assert.equal(combine(a, b), serial, kind);
  }
});

const F64 = { kind: 'f64' } as const;
const BOOL = { kind: 'bool' } as const;
const s: Expr = { op: 'local', name: 's', type: F64 } as Expr;
const x: Expr = { op: 'local', name: 'x', type: F64 } as Expr;
const bin = (operator: string, left: Expr, right: Expr): Expr => ({ op: 'binary', operator, left, right, type: F64 }) as unknown as Expr;
const assign = (value: Expr, name = 's'): Assign => ({ kind: 'assign', name, value }) as unknown as Assign;
const kindOf = (value: Expr, name?: string): string | undefined => reductionOf(assign(value, name))?.kind;

test('the update patterns recognised, and the ones that are not reductions', () => {
  assert.equal(kindOf(bin('add', s, x)), 'sum');
  assert.equal(kindOf(bin('add', x, s)), 'sum', '+ commutes');
  assert.equal(kindOf(bin('sub', s, x)), 'sum', 's -= x');
  assert.equal(kindOf(bin('sub', x, s)), undefined, 's = x - s is not a reduction');
  assert.equal(kindOf(bin('mul', x, s)), 'product');
  assert.equal(kindOf(bin('div', s, x)), undefined);
  assert.equal(reductionOf(assign(bin('add', s, x)))?.operand, x, 'the operand is the other side');
  const conv: Expr = { op: 'convert', type: F64, arg: { op: 'local', name: 's', type: { kind: 'i32' } } } as unknown as Expr;
  assert.equal(kindOf(bin('add', conv, x)), 'sum', 'through a conversion of the local');
  const math = (fn: string, args: Expr[]): Expr => ({ op: 'math', fn, args, type: F64 }) as unknown as Expr;
  assert.equal(kindOf(math('min', [s, x])), 'min');
  assert.equal(kindOf(math('max', [x, s])), 'max');
  assert.equal(kindOf(math('max', [x, x])), undefined, 'the local must be one argument');
  assert.equal(kindOf(math('max', [s, x, x])), undefined, 'two arguments only');
  const b: Expr = { op: 'local', name: 'b', type: BOOL } as Expr;
  const c: Expr = { op: 'local', name: 'c', type: BOOL } as Expr;
  const logical = (operator: string, left: Expr, right: Expr): Expr => ({ op: 'logical', operator, left, right, type: BOOL }) as unknown as Expr;
  assert.equal(kindOf(logical('and', b, c), 'b'), 'and');
  assert.equal(kindOf(logical('or', b, c), 'b'), 'or');
  assert.equal(kindOf(logical('or', c, b), 'b'), undefined, 'b = c || b evaluates c first: not the pattern');
  assert.equal(kindOf(bin('add', x, x)), undefined, 'no s at all');
  for (const kind of Object.keys(REDUCTIONS)) assert.ok(REDUCTIONS[kind as ReductionKind].spelling.length > 0);
});
