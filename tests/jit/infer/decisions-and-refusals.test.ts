// What inference decides at compile time (a `typeof` of a function, a loop's `while (true)` exit, a counted
// prange loop, whether a call is `prange`) and what it refuses with a located error (a function declared in a
// switch case, an outside object's string field, `new` through an object field, `this` in a function nested
// in a callback), each checked through compiled results, `inspect()` or the error's message. Written for
// the jit-infer sample survivors of issue 19 (sample of 2026-12-02: outer.ts:240, statements.ts:338,
// type-tests.ts:92, returns.ts:49, flow.ts:115, prange.ts:89 and :109, classes.ts:69, outer-objects.ts:68,
// callbacks.ts:96, rows.ts:205); each test failed against the mutants of its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';

const source = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

const NEG_ZERO = -0;
const MINUS_ONE = -1;

test('outside constants in the inspect() header: -0 is written -0, and -1 is -1', () => {
  function scaled(x: number): number {
    return x * NEG_ZERO + MINUS_ONE;
  }
  const c = memoJit(scaled);
  assert.ok(Object.is(c(2), scaled(2)));
  assert.ok(Object.is(c(-2), scaled(-2)));
  assert.match(source(c), /^\/\/ frozen from outside: NEG_ZERO = -0 \(module const\); MINUS_ONE = -1 \(module const\)$/m);
});

test('a function declared directly in a switch case is a located error that says to declare it outside', () => {
  // built from source: tsx would turn the declaration into a `let`, which has its own error
  const sw = new Function('x', 'switch (x) { case 1: function g() { return 2 } return g(); default: return 0 }') as (x: number) => number;
  assert.equal(sw(1), 2);
  const e = compileError(sw, [1]);
  assert.match(e.message, /declare functions outside the switch/);
  assert.equal(e.construct, 'function in a switch case');
  // located at the declaration itself, not at another statement of the case
  const line = sw.toString().split('\n')[e.line! - 1]!;
  assert.ok(line.slice(e.column! - 1).startsWith('function g'), `column ${e.column} of ${JSON.stringify(line)}`);
  // a case with ordinary statements compiles
  const ok = new Function('x', 'let r = 0; switch (x) { case 1: r = 2; break; default: r = 5 } return r') as (x: number) => number;
  const c = memoJit(ok);
  for (const x of [1, 2]) assert.equal(c(x), ok(x));
});

test('`typeof f === "function"` of a function argument is decided at compile time', () => {
  function call(f: unknown, x: number): number {
    if (typeof f !== 'function') return x;
    return (f as () => number)() + x;
  }
  const c = memoJit(call);
  assert.equal(c(() => 3, 1), 4);
  const text = source(c);
  assert.doesNotMatch(text, /typeof/, 'no run-time type test');
  assert.match(text, /if \(false\)/, 'the test folded');
});

test('`return [a]` beside `return out` (a number[]): both paths return a number[]', () => {
  function ticks(a: number, b: number): number[] {
    if (a === b) return [a];
    const out: number[] = [];
    for (let x = a; x <= b; x++) out.push(x);
    return out;
  }
  const c = memoJit(ticks);
  for (const [a, b] of [[1, 4], [2, 2], [3, 1]] as const) assert.deepEqual(c(a, b), ticks(a, b), `ticks(${a}, ${b})`);
});

test('`while (true)` leaves only by return: the end of the function is not reached, the result is a number', () => {
  function climb(x: number): number {
    while (true) {
      if (x > 3) return x;
      x++;
    }
    // dead: typed as reachable, this string would make the function a located error
    return 'never' as unknown as number;
  }
  const c = memoJit(climb);
  for (const x of [0, 5.5, -2.25]) assert.ok(Object.is(c(x), climb(x)), `climb(${x})`);
  const sig = Object.keys((c as unknown as { inspect(): Record<string, string> }).inspect())[0]!;
  assert.match(sig, /-> (i32|f64)$/, `the signature ${sig} returns a number, never undefined`);
});

test('the counted prange form runs every index: i++ with <, i += 2 with <, i-- with >', () => {
  function up(xs: Float64Array): number {
    for (let i = 0; i < prange(xs.length); i++) xs[i] = i * 2 + 1;
    return xs[xs.length - 1]!;
  }
  function byTwo(xs: Float64Array): number {
    for (let i = 0; i < prange(xs.length); i += 2) xs[i] = i + 0.5;
    return xs[2]!;
  }
  function down(xs: Float64Array): number {
    for (let i = xs.length - 1; i > prange(-1); i--) xs[i] = i * 3;
    return xs[0]!;
  }
  for (const f of [up, byTwo, down]) {
    const [want, got] = [new Float64Array(7), new Float64Array(7)];
    assert.ok(Object.is(memoJit(f)(got), f(want)), f.name);
    assert.deepEqual([...got], [...want], `${f.name}: every index written as plain`);
  }
});

function squares(n: number): Float64Array {
  const o = new Float64Array(n);
  for (let i = 0; i < n; i++) o[i] = i * i + 1;
  return o;
}
memoJit(squares);

test('for…of over the result of another function is a loop over its values, not a prange loop', () => {
  function total(n: number): number {
    let s = 0;
    for (const v of squares(n)) s += v;
    return s;
  }
  const c = memoJit(total);
  for (const n of [0, 1, 4]) assert.equal(c(n), total(n), `total(${n})`);
});

class Pt {
  x: number;
  constructor(x: number) {
    this.x = x;
  }
}
const holder = { Pt };
const CONFIG = { name: 'abc', k: 2 };

test('`new` through an outside object\'s field compiles (AWFY\'s `new som.Random()`); its string field is a located error naming the construct', () => {
  function make(x: number): number {
    return new holder.Pt(x).x;
  }
  assert.equal(make(3), 3);
  assert.equal((memoJit(make) as typeof make)(3), 3); // infer/classes.ts: a class held by an outside record
  function named(x: number): number {
    return x * CONFIG.k + (CONFIG.name as unknown as number);
  }
  assert.equal(named(1), '2abc' as unknown as number);
  const e = compileError(named, [1]);
  assert.match(e.message, /'CONFIG\.name' holds string; compiled code reads number and boolean fields of outside objects/);
  assert.equal(e.construct, '.name');
});

test('`this` in a function nested in a function callback is that function\'s own: refused as `this` of an inner function', () => {
  // the callback rule ("the callback's own `this`") stops at nested non-arrow functions: their `this` is theirs
  function declared(xs: number[]): number[] {
    return xs.map(function (x) {
      function h(this: unknown): number {
        return this === undefined ? 1 : 2;
      }
      return h() + x;
    });
  }
  function expression(xs: number[]): number[] {
    return xs.map(function (x) {
      const h = function (this: unknown): number {
        return this === undefined ? 1 : 2;
      };
      return h() + x;
    });
  }
  for (const f of [declared, expression]) {
    assert.deepEqual(f([1, 2]), [2, 3]);
    const e = compileError(f, [[1, 2]]);
    assert.match(e.message, /`this` is only compiled in the method memoJit decorates/, f.name);
    assert.doesNotMatch(e.message, /callback's own/, f.name);
  }
});

test('`arguments` in a function nested in a callback is refused as `arguments`; a callback\'s own `this` as the callback\'s', () => {
  function nested(xs: number[]): number[] {
    return xs.map(function (x) {
      const h = function (): number {
        return arguments.length;
      };
      return h() + x;
    });
  }
  assert.deepEqual(nested([1, 2]), [1, 2]);
  const e = compileError(nested, [[1, 2]]);
  assert.match(e.message, /`arguments` is not supported in compiled code/);
  assert.doesNotMatch(e.message, /callback's own/);
  function own(xs: number[]): number[] {
    return xs.map(function (this: unknown, x) {
      return this === undefined ? x : -x;
    });
  }
  assert.deepEqual(own([1, 2]), [1, 2]);
  assert.match(compileError(own, [[1, 2]]).message, /'this' inside a function callback is the callback's own; use an arrow function/);
});

test('a row stored into a number[][] must be an array: m[0] = [9, 8] compiles, m[0] = 5 is a located error', () => {
  function replace(m: number[][]): number {
    m[0] = [9, 8];
    return m[0]![1]! + m.length;
  }
  const [want, got] = [[[1, 2], [3, 4]], [[1, 2], [3, 4]]];
  assert.equal(memoJit(replace)(got), replace(want));
  assert.deepEqual(got, want);
  function scalar(m: number[][]): number {
    m[0] = 5 as unknown as number[];
    return m.length;
  }
  assert.match(compileError(scalar, [[[1]]]).message, /a row of a number\[\]\[\] is an array of numbers, not an integer/);
});

test('a counted prange loop whose test points against its step is a located error naming the right test', () => {
  function against(xs: Float64Array): number {
    for (let i = xs.length - 1; i < prange(0); i--) xs[i] = 1;
    return xs[0]!;
  }
  function inclusive(xs: Float64Array): number {
    for (let i = 0; i <= prange(xs.length); i++) xs[i] = 1;
    return xs[0]!;
  }
  assert.match(compileError(against, [new Float64Array(3)]).message, /with a step of -1 the test is i > prange\(stop\)/);
  assert.match(compileError(inclusive, [new Float64Array(3)]).message, /with a step of 1 the test is i < prange\(stop\)/);
});
