// The callback-method table (src/jit/ops/callbacks.ts): every row is a method of both Array.prototype and
// %TypedArray%.prototype, accumulating exactly for reduce and reduceRight; each row's result rule (map keeps a
// typed array's class and makes number[]/boolean[] of a plain one, the tests give booleans, findIndex an index
// from -1, filter the receiver's kind, reduce the accumulator's value) and its errors; the own-row lookup. Then
// through memoJit on both CPU backends, with expected values worked out by hand: the species of a typed map and
// filter (Float32Array rounding), holes skipped, the length read once, the TypeError of an empty reduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { CALLBACK_METHODS, callbackMethod } from '../../../src/jit/ops/callbacks.js';
import type { AV } from '../../../src/jit/infer/lattice.js';

type ArrayAV = Extract<AV, { k: 'array' }>;
const NUM: AV = { k: 'num', int: false, lo: -Infinity, hi: Infinity };
const INT: AV = { k: 'num', int: true, lo: 0, hi: 9 };
const BOOL: AV = { k: 'bool' };
const VOID: AV = { k: 'void' };
const OBJ = { k: 'buffer' } as AV; // any value that is neither a number nor a boolean
const f64: ArrayAV = { k: 'array', element: 'f64' };
const u8: ArrayAV = { k: 'array', element: 'u8' };
const plainNum: ArrayAV = { k: 'array', element: 'num' };
const plainBool: ArrayAV = { k: 'array', element: 'bool' };
const TYPED_PROTO = Object.getPrototypeOf(Int8Array.prototype) as Record<string, unknown>;
const isError = (r: unknown): boolean => typeof r === 'object' && r !== null && 'error' in r && typeof (r as { error: unknown }).error === 'string';

test('every row is a method of Array.prototype and %TypedArray%.prototype; reduce and reduceRight accumulate', () => {
  assert.deepEqual(Object.keys(CALLBACK_METHODS).sort(), ['every', 'filter', 'findIndex', 'findLastIndex', 'forEach', 'map', 'reduce', 'reduceRight', 'some']);
  for (const name of Object.keys(CALLBACK_METHODS)) {
    assert.equal(typeof (Array.prototype as unknown as Record<string, unknown>)[name], 'function', `Array.prototype.${name}`);
    assert.equal(typeof TYPED_PROTO[name], 'function', `%TypedArray%.prototype.${name}`);
    assert.equal(CALLBACK_METHODS[name]!.accumulates, name === 'reduce' || name === 'reduceRight', name);
  }
});

test('callbackMethod finds own rows only', () => {
  assert.equal(callbackMethod('map'), CALLBACK_METHODS.map);
  for (const name of ['fill', 'sort', 'find', 'flatMap', 'toString', 'constructor', 'hasOwnProperty', '__proto__', 'Map', '']) {
    assert.equal(callbackMethod(name), undefined, name);
  }
});

test('map: a typed array maps to itself from numbers; a plain one to number[] or boolean[]; anything else an error', () => {
  const map = CALLBACK_METHODS.map!;
  assert.equal(map.result(f64, NUM), f64);
  assert.equal(map.result(u8, INT), u8);
  for (const r of [BOOL, VOID, OBJ]) assert.ok(isError(map.result(f64, r)), `typed map returning ${r.k}`);
  assert.match((map.result(f64, BOOL) as { error: string }).error, /not a boolean/);
  for (const receiver of [plainNum, plainBool]) {
    assert.deepEqual(map.result(receiver, INT), { k: 'array', element: 'num' });
    assert.deepEqual(map.result(receiver, BOOL), { k: 'array', element: 'bool' });
    assert.ok(isError(map.result(receiver, VOID)));
    assert.match((map.result(receiver, VOID) as { error: string }).error, /not undefined/);
    assert.ok(isError(map.result(receiver, OBJ)));
  }
});

test('the tests take a number or a boolean: some/every give a boolean, filter the receiver, find*Index an index', () => {
  for (const name of ['some', 'every', 'filter', 'findIndex', 'findLastIndex']) {
    const row = CALLBACK_METHODS[name]!;
    for (const r of [VOID, OBJ]) assert.ok(isError(row.result(f64, r)), `${name} returning ${r.k}`);
    for (const r of [NUM, BOOL]) assert.ok(!isError(row.result(plainNum, r)), `${name} returning ${r.k}`);
  }
  assert.deepEqual(CALLBACK_METHODS.some!.result(f64, NUM), BOOL);
  assert.deepEqual(CALLBACK_METHODS.every!.result(plainNum, BOOL), BOOL);
  assert.equal(CALLBACK_METHODS.filter!.result(u8, BOOL), u8, 'filter keeps the receiver\'s kind');
  assert.equal(CALLBACK_METHODS.filter!.result(plainBool, NUM), plainBool);
  for (const name of ['findIndex', 'findLastIndex']) {
    const v = CALLBACK_METHODS[name]!.result(f64, BOOL) as Extract<AV, { k: 'num' }>;
    assert.equal(v.k, 'num');
    assert.equal(v.int, true);
    assert.equal(v.lo, -1, `${name} gives -1 when nothing matches`);
    assert.ok(v.hi >= 2 ** 30 && v.hi < 2 ** 31, `an index below the longest array's length: ${v.hi}`);
  }
});

test('forEach gives undefined; reduce and reduceRight give what the callback returns', () => {
  for (const r of [NUM, BOOL, OBJ]) assert.deepEqual(CALLBACK_METHODS.forEach!.result(f64, r), VOID);
  const returns: readonly AV[] = [NUM, INT, BOOL];
  for (const name of ['reduce', 'reduceRight']) {
    for (const r of returns) {
      const got: unknown = CALLBACK_METHODS[name]!.result(f64, r);
      assert.equal(got, r, `${name} returning ${r.k}`);
    }
  }
});

for (const backend of ['js', 'wasm'] as const) {
  const jit = memoJit({ backend });

  test(`typed map and filter keep the class, rounding as the class stores (${backend})`, () => {
    const thirds = (xs: Float32Array): Float32Array => xs.map((v) => v / 3);
    assert.deepEqual(jit(thirds)(Float32Array.of(1, 2, 3)), Float32Array.of(Math.fround(1 / 3), Math.fround(2 / 3), 1));
    const wrap = (xs: Int8Array): Int8Array => xs.map((v) => v * 100);
    assert.deepEqual(jit(wrap)(Int8Array.of(1, 2, -1)), Int8Array.of(100, -56, -100), '200 wraps to -56 in an Int8Array');
    const positive = (xs: Uint8ClampedArray): Uint8ClampedArray => xs.filter((v) => v > 100);
    const got = jit(positive)(Uint8ClampedArray.of(5, 200, 101, 100));
    assert.ok(got instanceof Uint8ClampedArray);
    assert.deepEqual([...got], [200, 101]);
    assert.deepEqual(jit((xs: number[]) => xs.map((v) => v > 1))([1, 2, 3]), [false, true, true]);
  });

  test(`tests, indices and folds give the hand-worked values (${backend})`, () => {
    const all = (xs: Float64Array): unknown[] => [
      xs.some((v) => v > 2), xs.every((v) => v), xs.findIndex((v) => v > 5), xs.findLastIndex((v) => v > 1),
      xs.reduce((a, v) => a - v), xs.reduceRight((a, v) => a * 10 + v, 0), xs.findIndex((v) => v === 2),
    ];
    // [1, 2, 3]: some > 2 yes; every nonzero yes; none > 5; last > 1 at 2; ((1 - 2) - 3); ((0·10 + 3)·10 + 2)·10 + 1.
    assert.deepEqual(jit(all)(Float64Array.of(1, 2, 3)), [true, true, -1, 2, -4, 321, 1]);
    assert.deepEqual(jit(all)(Float64Array.of(0, NaN)), [false, false, -1, -1, NaN, NaN, -1], 'NaN is falsy and no match');
  });

  test(`holes are skipped, the length read once, and an empty reduce without a start is V8's TypeError (${backend})`, () => {
    const visits = jit((xs: number[]): number => { let c = 0; xs.forEach(() => { c++; }); return c; });
    assert.equal(visits([1, , 3, , 5] as number[]), 3, 'two holes are not visited');
    // The length is read once: elements pushed by the callback are not visited (3 calls, 6 elements after).
    const grow = jit((xs: number[]): number => { let c = 0; xs.forEach((v) => { c++; xs.push(v + 10); }); return c * 1000 + xs.length; });
    assert.equal(grow([1, 2, 3]), 3006);
    const total = jit((xs: Float64Array): number => xs.reduce((a, v) => a + v));
    assert.equal(total(Float64Array.of(1, 2)), 3);
    assert.throws(() => total(new Float64Array(0)), (e: unknown) => e instanceof TypeError && e.message === 'Reduce of empty array with no initial value');
    assert.equal(jit((xs: Float64Array): number => xs.reduce((a, v) => a + v, 7))(new Float64Array(0)), 7, 'with a start, the start');
  });
}

test('a typed map whose callback gives a boolean is the row\'s located error', () => {
  const f = (xs: Float64Array): Float64Array => xs.map((v) => (v > 0) as unknown as number);
  assert.throws(() => memoJit(f)(Float64Array.of(1)), (e: unknown) => e instanceof JitError && /returns a number, not a boolean/.test(e.message));
});
