// src/jit/infer/unset.ts: variables read before any write give `undefined`, as in JavaScript. Checked through
// memoJit against the plain functions (results compared with Object.is, arrays element by element): d3's
// `extent` on empty and non-empty input, `undefined` flowing into arithmetic, comparisons and `== null`,
// a boolean flag declared without a value (inference runs again typed bool), a variable holding a number or a
// boolean (read as the JS value: undefined, true, NaN, -0), `var` lists; and what is not
// covered (a `let` read in its temporal dead zone) is a located error, not a different answer. Also a ?: choosing between a number and undefined (`i < n ? xs[i] : undefined`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { agree, agreeCompiled } from '../statements/agree.js';

function same(a: unknown, b: unknown, what: string): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, what);
    a.forEach((x, k) => assert.ok(Object.is(x, b[k]), `${what}[${k}]: ${String(x)} vs ${String(b[k])}`));
  } else assert.ok(Object.is(a, b), `${what}: ${String(a)} vs ${String(b)}`);
}

const inputs = [new Float64Array(0), Float64Array.from([3]), Float64Array.from([2, -1, 7, NaN, 4]), Float64Array.from([-0, 0])];

test('d3 extent: min and max start unset and stay undefined on empty input', () => {
  function extent(xs: Float64Array): (number | undefined)[] {
    let min, max;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i]!;
      if (v === v) {
        if (min === undefined || v < min) min = v;
        if (max === undefined || v > max) max = v;
      }
    }
    return [min, max];
  }
  const jit = memoJit(extent);
  for (const xs of inputs) same(jit(xs), extent(xs), `extent([${[...xs]}])`);
});

test('undefined flows through arithmetic, comparisons and == null exactly as in JS', () => {
  function flow(xs: Float64Array): number {
    let s: number | undefined;
    for (let i = 0; i < xs.length; i++) s = (s as number) + xs[i]!; // undefined + x is NaN
    let t: number | undefined;
    const below = (t as number) < 1 ? 1 : 0; // undefined < 1 is false
    const unsetCount = (t == null ? 10 : 0) + (s == null ? 100 : 0);
    return (s === undefined ? -1 : s) + below + unsetCount;
  }
  const jit = memoJit(flow);
  for (const xs of inputs) same(jit(xs), flow(xs), `flow([${[...xs]}])`);
  same(flow(new Float64Array(0)), 109, 'worked by hand: s unset (-1 + 100), t unset (+10), below 0');
});

test('a flag declared without a value holds undefined or a boolean', () => {
  function anyNegative(xs: Float64Array): boolean | undefined {
    let found;
    for (let i = 0; i < xs.length; i++) if (!found && xs[i]! < 0) found = true;
    return found;
  }
  const jit = memoJit(anyNegative);
  for (const xs of inputs) same(jit(xs), anyNegative(xs), `anyNegative([${[...xs]}])`);
  same(jit(Float64Array.from([1, 2])), undefined, 'never written: undefined, not false');
});

test('a variable holding a number or a boolean, read before any write, holds undefined as JS does', () => {
  function union(n: number, last: number): number {
    let s = 0;
    let x;
    for (let i = 0; i < n; i++) {
      if (x === undefined) s += 1000;
      else s += +x;
      if (typeof x === 'undefined') s += 0.5;
      if (!x) s += 3; // undefined, false, 0, -0 and NaN are falsy
      s += x === true ? 20 : 0;
      x = i > 2 ? true : i === 1 ? last : i;
    }
    return s;
  }
  // by hand for n = 6, last = NaN: i=0 undefined (1000 + 0.5 + 3); i=1 0 (+0, falsy +3); i=2 NaN (NaN from here)
  assert.ok(Object.is(union(6, NaN), NaN));
  // last = -0: i=0 1003.5; i=1 x=0: +0 +3; i=2 x=-0: +0 +3; i=3 x=2: +2; i=4 x=true: +1 +20; i=5 x=true: +21
  assert.equal(union(6, -0), 1003.5 + 3 + 3 + 2 + 21 + 21);
  const jit = memoJit(union);
  for (const [n, last] of [[0, 1], [1, 1], [6, NaN], [6, -0], [6, 7]] as const) same(jit(n, last), union(n, last), `union(${n}, ${last})`);
  // returned as it is: undefined when never written, else the last value (true or a number)
  function lastOf(n: number): number | boolean | undefined {
    let x;
    for (let i = 0; i < n; i++) x = i > 2 ? true : -i;
    return x;
  }
  for (const n of [0, 1, 2, 5]) same(memoJit(lastOf)(n), lastOf(n), `lastOf(${n})`);
  same(memoJit(lastOf)(0), undefined, 'never written');
  same(memoJit(lastOf)(2), -1, 'by hand');
  // a boolean written first (typed bool, then joined with a number), and a throw that reads it
  function flagged(n: number): number {
    let x;
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (x === true && i > 2) throw new TypeError('x is true at ' + i);
      if (x !== undefined) s += +x;
      x = true;
      if (i > 2) x = i;
    }
    return s;
  }
  for (const n of [0, 1, 3]) same(memoJit(flagged)(n), flagged(n), `flagged(${n})`);
  assert.throws(() => flagged(7), { name: 'TypeError', message: 'x is true at 3' });
  assert.throws(() => memoJit(flagged)(7), { name: 'TypeError', message: 'x is true at 3' });
});

test('var lists without values, read before and after writes', () => {
  function lists(n: number): number {
    var i, j, k;
    var total = 0;
    for (i = 0; i < n; i++) for (j = 0; j < i; j++) total += j;
    k = total;
    return (k as number) + (i as number) * 1000 + (j === undefined ? 0.5 : (j as number) * 100000);
  }
  const jit = memoJit(lists);
  for (const n of [0, 1, 2, 5]) same(jit(n), lists(n), `lists(${n})`);
});

test('a let read in its temporal dead zone is a located error, not a value', () => {
  function tdz(a: number): number {
    const y = a * 2;
    if (a > 100) return y;
    // @ts-expect-error: read before its declaration on purpose
    const z = w + 1;
    const w = 2;
    return z;
  }
  assert.throws(() => tdz(1), ReferenceError, 'plain JS throws');
  assert.throws(() => memoJit(tdz)(1), (e: unknown) =>
    e instanceof JitError && /unset\.test\.ts:\d+:\d+: .*'w' may be read before its declaration runs \(in its temporal dead zone\)/.test(e.message));
});

/** The element at i when i is inside, else undefined, then tested. */
function elementOrMissing(xs: number[], i: number): number {
  const v = i < xs.length ? xs[i] : undefined;
  return v === undefined ? -1 : v;
}
/** A number-or-undefined returned as is, and one flowing into arithmetic (undefined + 1 is NaN). */
function maybeElement(xs: Float64Array, i: number): number | undefined {
  return i >= 0 ? xs[i] : undefined;
}
function plusOne(i: number): number {
  const v = i > 0 ? i * 2 : undefined;
  return (v as number) + 1;
}

test('compiled: a ?: choosing between a number and undefined gives the undefined itself, as JS does', () => {
  // by hand: [1, -0][1] is -0; index 5 is outside → -1
  assert.ok(Object.is(agreeCompiled(elementOrMissing, [1, -0], 1), -0));
  assert.equal(agreeCompiled(elementOrMissing, [1, -0], 5), -1);
  assert.equal(agreeCompiled(maybeElement, Float64Array.of(4), 0), 4);
  assert.equal(agreeCompiled(maybeElement, Float64Array.of(4), -1), undefined);
  assert.equal(agreeCompiled(maybeElement, Float64Array.of(4), 3), undefined, 'past the end: undefined too');
  assert.equal(agreeCompiled(plusOne, 1), 3);
  assert.ok(Number.isNaN(agreeCompiled(plusOne, -1)));
  for (const [f, args] of [[elementOrMissing, [[1, 2], 7]], [maybeElement, [Float64Array.of(1), -1]], [plusOne, [-2]]] as const) {
    agree(f as never, memoJit({ backend: 'wasm' })(f as never) as never, args, `wasm ${f.name}`);
  }
});
