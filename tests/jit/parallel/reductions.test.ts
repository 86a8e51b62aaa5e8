// The prange reduction table (src/jit/parallel/reductions.ts): each identity is neutral on both sides for every
// value (so -0 is the only right start of a double sum: +0 + -0 is +0), each combine is its operator, each
// operand rule recognizes exactly its documented assignments (commuted where the operator commutes, through
// conversions, never `s = x - s`, never a lazy `b = c && b`), reductionOf picks the row, identityOf gives +0 for an
// int32 sum. Then through memoJit: each kind in a prange loop on 1, 2 and 3 threads equals the serial loop,
// exactly where the values make every order exact, and a sum of -0s stays -0.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { REDUCTIONS, identityOf, reductionOf, type ReductionKind } from '../../../src/jit/parallel/reductions.js';
import type { Expr } from '../../../src/jit/ir.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

const F64 = { kind: 'f64' } as const;
const I32 = { kind: 'i32' } as const;
const BOOL = { kind: 'bool' } as const;
const s: Expr = { op: 'local', type: F64, name: 's' };
const x: Expr = { op: 'local', type: F64, name: 'x' };
const bin = (operator: 'add' | 'sub' | 'mul' | 'div', left: Expr, right: Expr): Expr => ({ op: 'binary', type: F64, operator, left, right });
const math = (fn: 'min' | 'max' | 'hypot', ...args: Expr[]): Expr => ({ op: 'math', type: F64, fn, args });
const toF64 = (arg: Expr): Expr => ({ op: 'convert', type: F64, arg });
const toI32 = (arg: Expr): Expr => ({ op: 'convert', type: I32, arg });
const of = (value: Expr, name = 's'): ReturnType<typeof reductionOf> => reductionOf({ kind: 'assign', name, value });

const NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN];

test('every identity is neutral on both sides, for every value (-0 included)', () => {
  for (const kind of ['sum', 'product', 'min', 'max'] as const) {
    const row = REDUCTIONS[kind];
    for (const v of NUMBERS) {
      assert.ok(Object.is(row.combine(row.identity, v), v), `${kind}: identity then ${v}`);
      assert.ok(Object.is(row.combine(v, row.identity), v), `${kind}: ${v} then identity`);
    }
  }
  for (const kind of ['and', 'or'] as const) {
    for (const v of [true, false]) {
      assert.equal(REDUCTIONS[kind].combine(REDUCTIONS[kind].identity, v), v, `${kind} ${v}`);
      assert.equal(REDUCTIONS[kind].combine(v, REDUCTIONS[kind].identity), v, `${kind} ${v}`);
    }
  }
  assert.ok(Object.is(REDUCTIONS.sum.identity, -0), 'the sum starts from -0');
  assert.ok(Object.is(0 + -0, 0), 'why: +0 would turn a sum of -0s into +0');
});

test('combine is the operator, by hand', () => {
  assert.equal(REDUCTIONS.sum.combine(1.5, 2), 3.5);
  assert.equal(REDUCTIONS.product.combine(-3, 4), -12);
  assert.equal(REDUCTIONS.min.combine(2, -7), -7);
  assert.ok(Object.is(REDUCTIONS.min.combine(0, -0), -0), 'Math.min orders -0 below +0');
  assert.ok(Object.is(REDUCTIONS.max.combine(-0, 0), 0));
  assert.ok(Number.isNaN(REDUCTIONS.max.combine(1, NaN) as number), 'NaN propagates');
  assert.deepEqual([[true, true], [true, false], [false, true], [false, false]].map(([a, b]) => REDUCTIONS.and.combine(a!, b!)), [true, false, false, false]);
  assert.deepEqual([[true, true], [true, false], [false, true], [false, false]].map(([a, b]) => REDUCTIONS.or.combine(a!, b!)), [true, true, true, false]);
});

test('spellings, as error messages show them', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(REDUCTIONS).map(([k, r]) => [k, r.spelling])), {
    sum: 's += x, s -= x', product: 's *= x', min: 's = Math.min(s, x)', max: 's = Math.max(s, x)', and: 'b = b && c', or: 'b = b || c',
  });
});

test('sums and products: s on either side of + and *, s first for -, through conversions', () => {
  assert.deepEqual(of(bin('add', s, x)), { kind: 'sum', operand: x });
  assert.deepEqual(of(bin('add', x, s)), { kind: 'sum', operand: x });
  assert.deepEqual(of(bin('sub', s, x)), { kind: 'sum', operand: x });
  assert.equal(of(bin('sub', x, s)), undefined, 's = x - s is no reduction');
  assert.deepEqual(of(bin('mul', s, x)), { kind: 'product', operand: x });
  assert.deepEqual(of(bin('mul', x, s)), { kind: 'product', operand: x });
  assert.equal(of(bin('div', s, x)), undefined, 's /= x is no reduction');
  // An int32 s: `s += x` may lower as convert(convert(s) + x).
  assert.deepEqual(of(toI32(bin('add', toF64(s), x))), { kind: 'sum', operand: x });
  assert.equal(of(bin('add', x, x)), undefined, 'no s at all');
  assert.equal(of(bin('add', s, x), 't'), undefined, 'assigned to another name');
  assert.equal(of(s), undefined, 's = s');
});

test('min and max: exactly two arguments, s either one', () => {
  assert.deepEqual(of(math('min', s, x)), { kind: 'min', operand: x });
  assert.deepEqual(of(math('min', x, s)), { kind: 'min', operand: x });
  assert.deepEqual(of(math('max', toF64(s), x)), { kind: 'max', operand: x });
  assert.deepEqual(of(toI32(math('max', x, s))), { kind: 'max', operand: x });
  assert.equal(of(math('min', s, x, x)), undefined, 'three arguments');
  assert.equal(of(math('min', x, x)), undefined);
  assert.equal(of(math('hypot', s, x)), undefined);
});

test('and and or: a boolean `b = b && c` with b on the left only', () => {
  const b: Expr = { op: 'local', type: BOOL, name: 'b' };
  const c: Expr = { op: 'local', type: BOOL, name: 'c' };
  const logical = (operator: 'and' | 'or', left: Expr, right: Expr, type = BOOL as { kind: string }): Expr => ({ op: 'logical', type, operator, left, right } as Expr);
  assert.deepEqual(of(logical('and', b, c), 'b'), { kind: 'and', operand: c });
  assert.deepEqual(of(logical('or', b, c), 'b'), { kind: 'or', operand: c });
  assert.equal(of(logical('and', c, b), 'b'), undefined, 'c && b evaluates c first: no reduction');
  assert.equal(of(logical('or', s, x, F64)), undefined, 'a numeric s || x');
});

test('identityOf: +0 for an int32 sum, the row\'s identity otherwise', () => {
  assert.ok(Object.is(identityOf('sum', 'i32'), 0));
  assert.ok(Object.is(identityOf('sum', 'f64'), -0));
  const want: Record<ReductionKind, number | boolean> = { sum: -0, product: 1, min: Infinity, max: -Infinity, and: true, or: false };
  for (const [kind, v] of Object.entries(want) as [ReductionKind, number | boolean][]) {
    assert.ok(Object.is(identityOf(kind, kind === 'and' || kind === 'or' ? 'bool' : 'f64'), v), kind);
  }
  assert.equal(identityOf('product', 'i32'), 1);
  assert.equal(identityOf('min', 'i32'), Infinity);
});

function everyKind(xs: Float64Array, ks: Int32Array): unknown[] {
  let sum = -0;
  let isum = 0;
  let prod = 1;
  let lo = Infinity;
  let hi = -Infinity;
  let all = true;
  let any = false;
  for (const i of prange(xs.length)) {
    sum += xs[i]!;
    isum -= ks[i]!;
    prod *= ks[i]! === 1 ? 2 : 1;
    lo = Math.min(lo, xs[i]!);
    hi = Math.max(xs[i]!, hi);
    all = all && ks[i]! < 1000;
    any = any || ks[i]! === 7;
  }
  return [sum, isum, prod, lo, hi, all, any];
}

test('through memoJit: every kind in one prange loop equals the serial loop on 1, 2 and 3 threads', async () => {
  const n = 20_000;
  // Multiples of 1/4 (and -0s): every partial sum is exact, so any order gives the serial result.
  const xs = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -0 : ((i * 37) % 101) / 4 - 12));
  const ks = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 997);
  const compiled = memoJit({ parallel: { minIterations: 100 } })(everyKind);
  const serial = everyKind(xs, ks);
  const ones = ks.filter((k) => k === 1).length;
  assert.ok(ones > 5 && ones < 100, `${ones} factors of 2`);
  assert.equal(serial[2], 2 ** ones, 'the product, by hand: exact in any order');
  assert.equal(serial[1], -ks.reduce((a, k) => a + k, 0), 'the int32 sum, by hand');
  for (const t of [1, 2, 3]) assert.deepEqual(await withThreads(t, () => compiled(xs, ks)), serial, `${t} threads`);
  const zeros = new Float64Array(n).fill(-0);
  const got = await withThreads(3, () => compiled(zeros, new Int32Array(n)));
  assert.ok(Object.is(got[0], -0), 'a sum of -0s from -0 is -0 on 3 threads');
  assert.ok(Object.is(got[3], -0) && Object.is(got[4], -0), 'min and max of -0s');
  assert.deepEqual(got.slice(5), [true, false]);
});
