// The fast-path guard rows (src/jit/dispatch/guards.ts): each row's JavaScript expression, evaluated with
// GUARD_CONSTANTS bound, accepts exactly the values of its token (and those its `widens` lists), on hand-made
// tables of values per row with the edge of each kind (-0, 2^31, NaN, empty and over-long arrays, DataView rows,
// a subclass of Array2D). signatureGuard joins the rows over a0, a1, … positionally, is 'true' for no arguments
// and undefined when any token has no row; the expressions use no name outside GUARD_CONSTANTS, so replacing a
// global after load cannot change what they compare against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUARDS, GUARD_CONSTANTS, signatureGuard } from '../../../src/jit/dispatch/guards.js';
import { Array2D } from '../../../src/index.js';

const NAMES = Object.keys(GUARD_CONSTANTS);
const VALUES = NAMES.map((n) => GUARD_CONSTANTS[n]);

/** Evaluates a guard expression over parameters a0…a(n-1), with the constants bound by name. */
function evaluate(expr: string, args: readonly unknown[]): boolean {
  const params = args.map((_, i) => `a${i}`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const f = new Function(...NAMES, ...params, `"use strict"; return ${expr};`) as (...a: unknown[]) => unknown;
  const r = f(...VALUES, ...args);
  assert.equal(typeof r, 'boolean', `the guard ${expr} gives a boolean`);
  return r as boolean;
}

function row(token: string, value: unknown): boolean {
  const r = GUARDS.get(token);
  assert.ok(r, `a row for ${token}`);
  return evaluate(r.test('a0'), [value]);
}

/** A sparse array of the given length whose element 0 is `first` (no memory for the holes). */
function longArray(length: number, first: unknown): unknown[] {
  const xs: unknown[] = [];
  xs.length = length;
  xs[0] = first;
  return xs;
}

function check(token: string, accepted: readonly unknown[], rejected: readonly unknown[]): void {
  for (const v of accepted) assert.equal(row(token, v), true, `${token} accepts ${describe(v)}`);
  for (const v of rejected) assert.equal(row(token, v), false, `${token} rejects ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (Array.isArray(v)) return `array of length ${v.length}`;
  return Object.prototype.toString.call(v);
}

test('the documented example: the bool row over a0 is exactly "typeof a0 === \'boolean\'", and rows use the name given', () => {
  assert.equal(GUARDS.get('bool')!.test('a0'), "typeof a0 === 'boolean'");
  const over = GUARDS.get('f64')!.test('arg_7');
  assert.ok(over.includes('arg_7'), over);
  assert.ok(!/\ba0\b/.test(over), 'no stray a0 when the argument has another name');
});

test('i32 accepts int32 values other than -0, and nothing else', () => {
  check('i32',
    [0, 1, -1, 7, 2 ** 31 - 1, -(2 ** 31)],
    [-0, 2 ** 31, -(2 ** 31) - 1, 0.5, -2.5, NaN, Infinity, -Infinity, Number.MIN_VALUE, '1', true, 1n, null, undefined, [1]]);
  assert.equal(GUARDS.get('i32')!.widens, undefined, 'an i32 specialization is not correct for fractional numbers');
});

test('f64 accepts every number, -0 and NaN included, and widens exactly i32', () => {
  check('f64',
    [0, -0, 1, 0.5, NaN, Infinity, -Infinity, 2 ** 31, Number.MAX_VALUE],
    ['0', false, 1n, null, undefined, new Number(1), [0.5]]);
  assert.deepEqual(GUARDS.get('f64')!.widens, ['i32']);
});

test('bool accepts true and false only (not 0/1, nor a Boolean object)', () => {
  check('bool', [true, false], [0, 1, 'true', null, new Boolean(true), [true]]);
});

test('number[] and boolean[] take non-empty plain arrays by their first element, up to MAX_LENGTH', () => {
  check('number[]',
    [[1], [0.5, 2], [NaN], [1, true], longArray(2 ** 31 - 1, 3)],
    [[], [true], [[1]], ['1'], [null], new Float64Array(2), { length: 1, 0: 1 }, longArray(2 ** 31, 3), 5]);
  check('boolean[]',
    [[true], [false, 1], longArray(2 ** 31 - 1, false)],
    [[], [1], [[true]], longArray(2 ** 31, true), true]);
});

test('number[][] takes arrays of arrays or typed-array rows (never DataView rows), the empty array, up to MAX_LENGTH', () => {
  check('number[][]',
    [[], [[1, 2], [3]], [[]], [new Float64Array(2)], [new Int8Array(0), [1]], longArray(2 ** 31 - 1, [1])],
    [[1, 2], [true], [new DataView(new ArrayBuffer(8))], [{ length: 1 }], longArray(2 ** 31, [1]), new Array2D(1, 1), new Float64Array(1)]);
});

test('Array2D takes an Array2D and a subclass instance, not a lookalike object', () => {
  class Grid extends Array2D {}
  check('Array2D',
    [new Array2D(2, 3), new Array2D(0, 0), new Grid(1, 1)],
    [{ rows: 1, cols: 1, data: new Float64Array(1) }, [[1]], new Float64Array(1), null]);
});

test('there is one row per typed-array class compiled code takes, accepting that class and no other', () => {
  const classes = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];
  for (const C of classes) {
    const others = classes.filter((D) => D !== C).map((D) => new D(2));
    check(C.name, [new C(3), new C(0)], [...others, [1, 2], new DataView(new ArrayBuffer(8)), new BigInt64Array(1), null, 1]);
  }
  for (const absent of ['BigInt64Array', 'BigUint64Array', 'DataView', 'Float16Array']) {
    assert.equal(GUARDS.has(absent), false, `no row for ${absent}`);
  }
});

test('signatureGuard: "true" for no arguments, undefined when any token lacks a row', () => {
  assert.equal(signatureGuard([]), 'true');
  assert.equal(signatureGuard(['mystery']), undefined);
  assert.equal(signatureGuard(['i32', 'mystery']), undefined);
  assert.equal(signatureGuard(['mystery', 'i32']), undefined);
  // tokens the dispatcher knows but gives no fast path
  assert.equal(signatureGuard(['string']), undefined);
  assert.equal(signatureGuard(['f64', 'string', 'f64']), undefined);
});

test('signatureGuard tests each argument at its own position against its own token', () => {
  const g = signatureGuard(['i32', 'Float64Array', 'bool'])!;
  assert.ok(g, 'all three tokens have rows');
  const xs = new Float64Array(2);
  assert.equal(evaluate(g, [3, xs, true]), true);
  assert.equal(evaluate(g, [3.5, xs, true]), false, 'first argument not an i32');
  assert.equal(evaluate(g, [3, new Float32Array(2), true]), false, 'second argument of another class');
  assert.equal(evaluate(g, [3, xs, 1]), false, 'third argument not a boolean');
  assert.equal(evaluate(g, [xs, 3, true]), false, 'the same values in another order');
  // one argument: the row itself
  assert.equal(signatureGuard(['bool']), "typeof a0 === 'boolean'");
});

test('GUARD_CONSTANTS: MAX_LENGTH is 2^31 - 1, and the bound values are the built-ins captured at load', () => {
  assert.equal(GUARD_CONSTANTS['MAX_LENGTH'], 2147483647);
  assert.equal(GUARD_CONSTANTS['Array2D'], Array2D);
  assert.equal(GUARD_CONSTANTS['DataView'], DataView);
  assert.equal(GUARD_CONSTANTS['Float64Array_prototype'], Float64Array.prototype);
  const realIsArray = Array.isArray;
  const realIsView = ArrayBuffer.isView;
  try {
    (Array as { isArray: unknown }).isArray = () => true;
    (ArrayBuffer as { isView: unknown }).isView = () => true;
    assert.equal(row('number[]', { length: 1, 0: 1 }), false, 'an array-like is not an array, whatever Array.isArray now says');
    assert.equal(row('number[][]', [{ length: 1 }]), false, 'an object row is not a view, whatever isView now says');
    assert.equal(row('number[]', [1]), true);
  } finally {
    (Array as { isArray: unknown }).isArray = realIsArray;
    (ArrayBuffer as { isView: unknown }).isView = realIsView;
  }
});

test('every identifier a row reads is its argument, a GUARD_CONSTANTS name or a JavaScript keyword', () => {
  const keywords = new Set(['typeof', 'instanceof', 'true', 'false', 'null', 'undefined']);
  for (const [token, r] of GUARDS) {
    const expr = r.test('arg');
    const code = expr.replace(/'[^']*'/g, "''"); // string literals name no variable
    for (const m of code.matchAll(/(?<![.\w$])[A-Za-z_$][\w$]*/g)) {
      const name = m[0];
      assert.ok(name === 'arg' || keywords.has(name) || name in GUARD_CONSTANTS, `the ${token} guard reads the free name ${name}`);
    }
  }
});

test('a widened token is itself a token with a row, and no row widens to its own token', () => {
  for (const [token, r] of GUARDS) {
    for (const w of r.widens ?? []) {
      assert.notEqual(w, token);
      assert.ok(GUARDS.has(w), `${token} widens to ${w}, which has a row`);
    }
  }
});
