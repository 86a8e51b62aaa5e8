// src/jit/ops/callbacks.ts: the array methods that take a callback (map, forEach, some, every, filter,
// findIndex, findLastIndex, reduce, reduceRight), one row each. Checked: every row is a method of both Array and
// Float64Array; only reduce and reduceRight accumulate; the rows' results (a typed array maps to itself, a plain
// one to number[] or boolean[], test callbacks take a truth value); and through memoJit every method, on a
// typed array and a plain array, gives what the plain function gives (Object.is, element by element).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALLBACK_METHODS, callbackMethod } from '../../../src/jit/ops/callbacks.js';
import { BOOLV, FLOAT } from '../../../src/jit/infer/lattice.js';
import { memoJit } from '../../../src/index.js';

test('every row is a callback method of arrays and typed arrays; only the reduces accumulate', () => {
  for (const [name, row] of Object.entries(CALLBACK_METHODS)) {
    assert.equal(typeof (Array.prototype as unknown as Record<string, unknown>)[name], 'function', `Array.prototype.${name}`);
    assert.equal(typeof (Float64Array.prototype as unknown as Record<string, unknown>)[name], 'function', `Float64Array.prototype.${name}`);
    assert.equal(row.accumulates, name === 'reduce' || name === 'reduceRight', name);
  }
  assert.equal(callbackMethod('sort'), undefined, 'a comparator is not one of these rows');
  assert.equal(callbackMethod('hasOwnProperty'), undefined);
});

test('results: map keeps a typed array\'s class, gives number[] or boolean[] on plain arrays; tests take truth values', () => {
  const typed = { k: 'array', element: 'f64' } as const;
  const plain = { k: 'array', element: 'num' } as const;
  assert.deepEqual(CALLBACK_METHODS.map!.result(typed, FLOAT), typed);
  assert.ok('error' in (CALLBACK_METHODS.map!.result(typed, BOOLV) as object), 'a typed array cannot hold booleans');
  assert.deepEqual(CALLBACK_METHODS.map!.result(plain, BOOLV), { k: 'array', element: 'bool' });
  assert.deepEqual(CALLBACK_METHODS.map!.result(plain, FLOAT), { k: 'array', element: 'num' });
  assert.ok('error' in (CALLBACK_METHODS.map!.result(plain, { k: 'void' }) as object));
  assert.deepEqual(CALLBACK_METHODS.some!.result(typed, FLOAT), BOOLV, 'a number\'s truth value');
  assert.deepEqual(CALLBACK_METHODS.filter!.result(plain, BOOLV), plain);
  assert.ok('error' in (CALLBACK_METHODS.every!.result(plain, { k: 'void' }) as object));
  assert.deepEqual(CALLBACK_METHODS.forEach!.result(plain, FLOAT), { k: 'void' });
});

function same(a: unknown, b: unknown, what: string): void {
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = [...(a as ArrayLike<unknown> & Iterable<unknown>)], y = [...(b as ArrayLike<unknown> & Iterable<unknown>)];
    assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${what}: the same kind of array`);
    assert.equal(x.length, y.length, what);
    x.forEach((v, k) => assert.ok(Object.is(v, y[k]), `${what}[${k}]: ${String(v)} vs ${String(y[k])}`));
  } else assert.ok(Object.is(a, b), `${what}: ${String(a)} vs ${String(b)}`);
}

test('compiled, each method on a typed array and a plain array equals the plain function', () => {
  const fns = {
    map: (xs: Float64Array) => xs.map((x, i) => x * 2 + i),
    mapPlain: (xs: number[]) => xs.map((x) => x > 1),
    forEach: (xs: Float64Array) => { let s = 0; xs.forEach((x, i) => { s += x * i; }); return s; },
    some: (xs: number[]) => xs.some((x) => x < 0),
    every: (xs: Float64Array) => xs.every((x) => x === x),
    filter: (xs: number[]) => xs.filter((x, i) => x > i),
    findIndex: (xs: Float64Array) => xs.findIndex((x) => x > 2),
    findLastIndex: (xs: number[]) => xs.findLastIndex((x) => x > 2),
    reduce: (xs: Float64Array) => xs.reduce((s, x) => s + x * x, 0),
    reduceRight: (xs: number[]) => xs.reduceRight((s, x, i) => s * 2 + x - i, 1),
  };
  const inputs = [[3, -1, 2.5, 0, 4], [], [-0], [NaN, 1, 7]];
  const takesPlain = new Set(['mapPlain', 'some', 'filter', 'findLastIndex', 'reduceRight']);
  for (const [name, fn] of Object.entries(fns)) {
    const jit = memoJit(fn as (xs: never) => unknown);
    for (const values of inputs) {
      const arg = () => (takesPlain.has(name) ? [...values] : Float64Array.from(values));
      same(jit(arg() as never), (fn as (xs: unknown) => unknown)(arg()), `${name}([${values}])`);
    }
  }
});
