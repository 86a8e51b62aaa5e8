// src/jit/infer/num-or-bool.ts: a variable given a boolean in some assignments and a number in others (jStat's
// `var fact = false; … fact = p / q; … if (fact) res = fact / res`) compiles as the JS value itself. Checks the
// module's three rules on abstract values, then compiled against plain (Object.is on every value) for what JS
// does with such a value: a flag that stays false and is returned; one that becomes 0, -0, NaN or a number;
// `true` then a number; arithmetic, Math and bitwise operators converting it (false is 0, true is 1); === by type
// and value; relational comparisons; truthiness (false, 0, -0, NaN falsy); narrowing under `if (x)` only where
// x is never `true`; `t++`/`++t`/`t--` used as values (the old value as a number). Expected values are plain JS's, run on the same inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { BOOLV, FALSEV, FLOAT, joinAV, type AV } from '../../../src/jit/infer/lattice.js';
import { asNumber, narrowTruthy, unionComparison } from '../../../src/jit/infer/num-or-bool.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import { agreeCompiled } from '../statements/agree.js';

const NUM_OR_FALSE: AV = { k: 'numbool', maybeTrue: false };
const NUM_OR_BOOL: AV = { k: 'numbool', maybeTrue: true };
const fail = (m: string): never => {
  throw new Error(m);
};
const at = parseFunction('(a, b) => a == b').body;

type Fn = (...args: never[]) => unknown;

/** Compiled and plain on each argument list: every returned value (and array item) Object.is-equal. */
function same(f: Fn, argLists: readonly unknown[][]): void {
  const c = memoJit(f) as unknown as (...a: unknown[]) => unknown;
  for (const args of argLists) {
    const want = (f as unknown as (...a: unknown[]) => unknown)(...args);
    const got = c(...args);
    const label = `${f.name}(${args.map(String).join(', ')})`;
    if (Array.isArray(want)) {
      assert.ok(Array.isArray(got), label);
      assert.equal(got.length, want.length, label);
      want.forEach((w, i) => assert.ok(Object.is(got[i], w), `${label}[${i}]: ${String(got[i])} vs ${String(w)}`));
    } else assert.ok(Object.is(got, want), `${label}: ${String(got)} vs ${String(want)}`);
  }
}

test('asNumber: a boolean or number-or-boolean is any double to arithmetic (undefined too); other values as they are', () => {
  assert.deepEqual(asNumber(NUM_OR_FALSE), FLOAT);
  assert.deepEqual(asNumber(NUM_OR_BOOL), FLOAT);
  assert.deepEqual(asNumber(BOOLV), FLOAT, 'not 0 or 1: a boolean read past an array end is undefined, NaN to arithmetic');
  const k: AV = { k: 'num', int: true, lo: 0, hi: 3 };
  assert.equal(asNumber(k), k);
});

test('unionComparison: === and relational comparisons give a boolean, == is a located refusal, others are not its case', () => {
  for (const op of ['===', '!==', '<', '<=', '>', '>=']) {
    assert.deepEqual(unionComparison(op, NUM_OR_FALSE, FLOAT, at, fail), BOOLV, op);
    assert.deepEqual(unionComparison(op, BOOLV, NUM_OR_BOOL, at, fail), BOOLV, op);
  }
  assert.deepEqual(unionComparison('===', FLOAT, FALSEV, at, fail), BOOLV, 'a flag still false compared with a number');
  assert.throws(() => unionComparison('==', NUM_OR_FALSE, FLOAT, at, fail), /a number or false is compared with a number by == here, where JS converts a boolean to a number first \(false == 0 is true\); write ===/);
  assert.throws(() => unionComparison('!=', FLOAT, NUM_OR_BOOL, at, fail), /a number is compared with a number or a boolean by != here.*write !==/);
  assert.throws(() => unionComparison('==', BOOLV, FLOAT, at, fail), /a boolean is compared with a number by ==/);
  assert.equal(unionComparison('===', FLOAT, FLOAT, at, fail), undefined, 'numbers: the number rules');
  assert.equal(unionComparison('===', BOOLV, BOOLV, at, fail), undefined, 'booleans: the boolean rules');
  assert.equal(unionComparison('+', NUM_OR_FALSE, FLOAT, at, fail), undefined, 'arithmetic is not a comparison');
  assert.equal(unionComparison('===', NUM_OR_FALSE, { k: 'str' }, at, fail), undefined, 'a string: the string rules decide');
});

test('narrowTruthy: a truthy number-or-false is a number; a truthy number-or-boolean may be true', () => {
  assert.deepEqual(narrowTruthy(NUM_OR_FALSE), FLOAT);
  assert.deepEqual(narrowTruthy(NUM_OR_BOOL), NUM_OR_BOOL);
  assert.equal(narrowTruthy(BOOLV), BOOLV);
});

test('inference: false joined with numbers is number-or-false, true (or any boolean) makes it number-or-boolean', () => {
  const value = (src: string, name: string): AV | undefined => {
    const t = inferFunction(parseFunction(src), [{ kind: 'f64' }], newEnv(() => undefined));
    return t.bindings.find((b) => b.name === name)?.value;
  };
  assert.deepEqual(value('function f(x) { var fact = false; if (x < 0) fact = 1 / x; return 0; }', 'fact'), NUM_OR_FALSE);
  assert.deepEqual(value('function f(x) { var fact = true; if (x < 0) fact = 1 / x; return 0; }', 'fact'), NUM_OR_BOOL);
  assert.deepEqual(value('function f(x) { var fact = 0; if (x < 0) fact = x > -1; return 0; }', 'fact'), NUM_OR_BOOL);
  assert.equal(joinAV(FALSEV, FALSEV), FALSEV);
});

test('a flag that stays false is returned false; one that becomes 0, -0, NaN or a number returns that number', () => {
  function flag(x: number): unknown {
    let f: number | boolean = false;
    if (x > 0) f = x - 1; // 0 at x = 1
    if (x < -5) f = -0;
    if (x !== x) f = x; // NaN
    return f;
  }
  same(flag, [[-1], [1], [2.5], [-6], [NaN], [0.5]]);
  assert.equal((memoJit(flag) as (x: number) => unknown)(-1), false);
  assert.ok(Object.is((memoJit(flag) as (x: number) => unknown)(-6), -0));
});

test('true then a number: the boolean is returned as true, never as 1', () => {
  function trueThen(x: number): unknown {
    let f: number | boolean = true;
    if (x > 0) f = x * 2;
    return f;
  }
  same(trueThen, [[-1], [1], [0], [NaN]]);
  assert.equal((memoJit(trueThen) as (x: number) => unknown)(-1), true);
});

test('arithmetic, unary, bitwise and Math convert the boolean as JS does (false is 0, true is 1)', () => {
  function arith(x: number): unknown[] {
    let f: number | boolean = x > 3;
    if (x > 5) f = x / 3;
    const g = f as number;
    return [g + 1, g - 1, g * 2, g / 2, g % 2, g ** 2, g ** 3, -g, +g, ~g, g | 0, g & 1, g >>> 1, Math.abs(g), Math.max(g, 0.5), Math.sqrt(g)];
  }
  same(arith, [[0], [4], [6], [7.5], [NaN], [-0]]);
  function compound(x: number): unknown {
    let f: number | boolean = false;
    if (x) f = x;
    (f as number) += 1;
    (f as number) *= 2;
    return f;
  }
  same(compound, [[0], [3], [NaN], [-0]]);
});

test('=== compares type then value, relational comparisons convert; ! and ?: take JS truthiness', () => {
  function cmp(x: number): unknown[] {
    let f: number | boolean = false;
    if (x > 1) f = x - 2;
    if (x > 10) f = true;
    return [f === 0, f !== 0, f === false, f === true, (f as number) < 1, (f as number) >= 0, (f as number) > -1, f === x - 2, !f, f ? 1 : 2];
  }
  same(cmp, [[0], [2], [3], [11], [NaN], [2.5]]);
  function falsy(x: number): unknown[] {
    let f: number | boolean = x > 100;
    if (x < 10) f = x; // 0, -0, NaN are falsy as false is
    return [f ? 'truthy' === 'truthy' : false, !f, f || 7, f && 7];
  }
  same(falsy, [[0], [-0], [NaN], [5], [200], [50]]);
});

test('== on a number-or-boolean is a located error (JS converts: false == 0), with === as the fix', () => {
  function loose(x: number): unknown {
    let f: number | boolean = false;
    if (x > 1) f = x;
    // eslint-disable-next-line eqeqeq
    return (f as unknown) == 0;
  }
  assert.throws(() => (memoJit(loose) as (x: number) => unknown)(2), (e: unknown) => e instanceof JitError && /a number or false is compared with an integer by == here.*write ===/.test(e.message));
});

test('if (x) narrows a variable holding false or a number to a number; one that may be true stays the JS value', () => {
  function narrow(x: number): unknown {
    let f: number | boolean = false;
    if (x > 0) f = x;
    let y = 0;
    if (f) y = f as number; // a number here: y stays a number
    return y + 1;
  }
  same(narrow, [[0], [1], [-1], [NaN], [2.5]]);
  const n = inferFunction(parseFunction(narrow), [{ kind: 'f64' }], newEnv(() => undefined));
  assert.equal(n.bindings.find((b) => b.name === 'y')?.value?.k, 'num', 'y is given only numbers');
  function narrowTrue(x: number): unknown {
    let f: number | boolean = true;
    if (x > 0) f = x;
    let y: unknown = 0;
    if (f) y = f; // true is truthy too: y is true for x <= 0, never 1
    return y;
  }
  same(narrowTrue, [[0], [1], [-1]]);
  assert.equal((memoJit(narrowTrue) as (x: number) => unknown)(-1), true);
  const t = inferFunction(parseFunction(narrowTrue), [{ kind: 'f64' }], newEnv(() => undefined));
  assert.deepEqual(t.bindings.find((b) => b.name === 'y')?.value, NUM_OR_BOOL);
});

test('booleans in arithmetic convert as JS does (true + 1 is 2, false / 2 is 0), a boolean[] hole too (NaN)', () => {
  function boolArith(x: number, bs: boolean[]): unknown[] {
    const t = x > 0;
    const u = bs[0]!; // undefined past the end of an empty array
    return [(t as unknown as number) + 1, (false as unknown as number) / 2, -(t as unknown as number), +t, Math.max(t as unknown as number, 0.5), (u as unknown as number) * 2, t === (1 as unknown as boolean), (t as unknown as number) < 1];
  }
  same(boolArith, [[1, [true]], [-1, [false]], [0, []], [NaN, [true]]]);
});

test('a flag assigned in a loop: false before the first assignment, the number after (the first pass sees only false)', () => {
  function lastPositive(xs: Float64Array): unknown[] {
    let best: number | boolean = false;
    let d = 0;
    for (let i = 0; i < xs.length; i++) {
      if (best) d += (best as number) - xs[i]!;
      if (xs[i]! > 0) best = xs[i]!;
    }
    return [best, d];
  }
  same(lastPositive, [[new Float64Array(0)], [Float64Array.from([1, 2, -3, 0])], [Float64Array.from([-1, -2])], [Float64Array.from([NaN, 3])]]);
});

test('a function returning a number or false, and ?: / || giving one, return the JS value as is', () => {
  function firstAbove(xs: Float64Array, t: number): unknown {
    for (let i = 0; i < xs.length; i++) if (xs[i]! > t) return xs[i];
    return false;
  }
  const xs = Float64Array.from([1, -0, 5]);
  same(firstAbove, [[xs, 0], [xs, 2], [xs, 9], [xs, -1]]);
  function pick(x: number): unknown[] {
    const f = x > 2 ? x : false;
    const g = x || false;
    return [f, g, typeof f === 'boolean', typeof g === 'number', typeof f === 'string'];
  }
  same(pick, [[0], [3], [-0], [NaN], [1]]);
});

test('passed to an inner helper, the helper\'s parameter holds the JS value too (entry arguments never do: one type per signature)', () => {
  function outer(x: number): unknown[] {
    const half = (v: number | boolean): unknown => (v ? (v as number) / 2 : v);
    let f: number | boolean = false;
    if (x > 0) f = x;
    return [half(f), half(x)];
  }
  same(outer, [[0], [3], [-1], [NaN], [-0]]);
});

/** `t++` returns the old value as a number: false → 0, true → 1, 3.5 → 3.5; t is then a number. */
function countFrom(n: number): number {
  let t = (n > 2) as number | boolean;
  if (n > 5) t = n / 2;
  return (t as number)++;
}
function bumpFirst(n: number): number {
  let t = (n > 2) as number | boolean;
  if (n > 5) t = -0;
  const u = ++(t as number);
  return u * 10 + (t as number);
}
function downAndBack(n: number): number {
  let t = (n > 2) as number | boolean;
  const was = (t as number)--;
  return was * 100 + (t as number);
}
function flagThenNumber(n: number): number {
  let seen = false as number | boolean;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += (seen as number)++; // 0 (from false), 1, 2, …
    if (i === 2) seen = true;
  }
  return sum * 1000 + (seen as number);
}

test('compiled: ++ and -- as values on a number-or-boolean give the old or new value as a number, as JS does', () => {
  // derived by hand: countFrom(1): t = false → 0; countFrom(4): true → 1; countFrom(7): 3.5 → 3.5
  assert.deepEqual([1, 4, 7].map((n) => agreeCompiled(countFrom, n)), [0, 1, 3.5]);
  // bumpFirst(1): ++false = 1 → 11; bumpFirst(4): ++true = 2 → 22; bumpFirst(7): ++(-0) = 1 → 11
  assert.deepEqual([1, 4, 7].map((n) => agreeCompiled(bumpFirst, n)), [11, 22, 11]);
  // downAndBack(1): false-- = 0, t = -1 → -1; downAndBack(4): true-- = 1, t = 0 → 100
  assert.deepEqual([1, 4].map((n) => agreeCompiled(downAndBack, n)), [-1, 100]);
  // flagThenNumber(5): adds 0, 1, 2, then seen = true: adds 1, 2 → 6; seen ends 3
  assert.deepEqual([0, 5].map((n) => agreeCompiled(flagThenNumber, n)), [0, 6003]);
});
