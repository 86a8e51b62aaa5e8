// Functions as values (src/jit/infer/functions.ts, src/jit/dispatch/functions.ts): a function argument, plain or
// memoJit-ed, called inside and passed on; `randomSource = Math.random` as a default and `r || Math.random`.
// Compiled and plain agree with Object.is on results and on the arrays they write; each function is its own
// specialization; a Math function as a value is that Math function, passed in or passed on inside compiled code
// (`applyOne(Math.cbrt, x)`, on JS and Wasm); another built-in argument is a located JitError; a Math function listed in
// `scope` under another name is that function, another built-in listed there an error at the name that uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { JitError } from '../../../src/jit/errors.js';
import { agreeOn } from '../_support/same.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type AnyFn = (...args: never[]) => unknown;

function agree(fn: AnyFn, args: () => unknown[], jit: unknown = memoJit(fn)): void {
  const d = agreeOn(args, (a) => (fn as (...x: unknown[]) => unknown)(...a), (a) => (jit as (...x: unknown[]) => unknown)(...a));
  assert.equal(d, undefined, d);
}

function mapInPlace(f: (x: number) => number, xs: Float64Array): number {
  let last = 0;
  for (let i = 0; i < xs.length; i++) last = xs[i] = f(xs[i]!);
  return last;
}

const square = (x: number): number => x * x;
function half(x: number): number {
  return x / 2;
}
const K = 3;
const scaled = (x: number): number => K * x - 0.5;

test('a function argument is called inside; each function is its own specialization', () => {
  const jit = memoJit(mapInPlace);
  const xs = (): Float64Array => Float64Array.from([1.5, -0, NaN, -2, 1e300]);
  for (const f of [square, half, scaled, memoJit(square)]) agree(mapInPlace as AnyFn, () => [f, xs()], jit);
  assert.equal((jit as unknown as { signatures: string[] }).signatures.length, 4);
  assert.match((jit as unknown as { signatures: string[] }).signatures[0]!, /^\(fn\(square\), Float64Array\)/);
});

function shuffleInPlace(x: Float64Array, randomSource?: () => number): Float64Array {
  randomSource = randomSource || Math.random;
  let length = x.length;
  let temporary;
  let index;
  while (length > 0) {
    index = Math.floor(randomSource() * length--);
    temporary = x[length]!;
    x[length] = x[index]!;
    x[index] = temporary;
  }
  return x;
}

function shuffled(x: Float64Array, randomSource = Math.random): Float64Array {
  return shuffleInPlace(x.slice(), randomSource);
}

// a generator whose state lives in a module-level typed array, which compiled code uses by reference
const state = new Float64Array(1);
function lcg(): number {
  state[0] = (state[0]! * 1103515245 + 12345) % 2147483648;
  return state[0]! / 2147483648;
}

test('a function passed on to other functions, and `r || Math.random`, as simple-statistics writes them', () => {
  const xs = (): Float64Array => Float64Array.from({ length: 9 }, (_, i) => i * 1.5 - 2);
  const nearOne = (): number => 0.999;
  const zero = (): number => 0;
  agree(shuffled as AnyFn, () => [xs(), nearOne]);
  agree(shuffled as AnyFn, () => [xs(), zero]);
  const jit = memoJit(shuffled);
  state[0] = 7;
  const plain = shuffled(xs(), lcg);
  state[0] = 7;
  assert.deepEqual(jit(xs(), lcg), plain);
  assert.equal(state[0], ((): number => { state[0] = 7; shuffled(xs(), lcg); return state[0]; })());
});

test('Math.random as a default draws from memoJit\'s seeded stream, as Math.random() in compiled code does', () => {
  const viaDefault = memoJit(shuffled);
  const direct = memoJit((x: Float64Array) => shuffleInPlace(x.slice()));
  const xs = Float64Array.from({ length: 20 }, (_, i) => i);
  memoJit.seed(42);
  const a = viaDefault(xs);
  memoJit.seed(42);
  const b = direct(xs);
  assert.deepEqual(a, b);
  assert.deepEqual([...a].sort((p, q) => p - q), [...xs]);
});

test('a Math function passed as a value is that Math function; another built-in is an error whose advice works', () => {
  const xs = () => [Float64Array.from([1, -1, -0, 0, NaN, -Infinity, 2.5, -1e-320])] as const;
  agree(mapInPlace as AnyFn, () => [Math.abs, ...xs()]);
  agree(mapInPlace as AnyFn, () => [Math.sqrt, ...xs()]);
  agree(mapInPlace as AnyFn, () => [Math.round, ...xs()]);
  // a function of the same name that is not Math's stays the user's
  const abs = function abs(x: number) { return x - 1; };
  agree(mapInPlace as AnyFn, () => [abs, ...xs()]);
  try {
    memoJit(mapInPlace)(Number.parseFloat as unknown as (x: number) => number, Float64Array.from([1]));
    assert.fail('compiled without an error');
  } catch (e) {
    assert.ok(e instanceof JitError);
    assert.match(e.message, /'parseFloat' is a built-in or bound function.*only Math's own functions are known.*\(x\) => Number\.isFinite\(x\)/);
  }
  // the advice, followed: a function written in JavaScript that calls the built-in
  const finite = memoJit((f: (x: number) => boolean, x: number) => (f(x) ? 1 : 0));
  assert.equal(finite((x: number) => Number.isFinite(x), 3), 1);
  assert.equal(finite((x: number) => Number.isFinite(x), Infinity), 0);
});

function applyOne(f: (x: number) => number, x: number): number {
  return f(x);
}
function applyTwo(f: (x: number, y: number) => number, x: number): number {
  return f(x, 3);
}

test('a Math function passed as a value inside compiled code is that Math function (JS and Wasm); Math.max is a located error', () => {
  const xs = [-8, -0, 0, NaN, 2.5, -2.5, Infinity, -1e-320];
  const inside = (x: number): number => applyOne(Math.cbrt, x) + applyOne(Math.round, x) - applyTwo(Math.pow, x) + applyTwo(Math.atan2, x);
  for (const backend of ['js', 'wasm'] as const) {
    const compiled = memoJit({ backend })(inside);
    for (const x of xs) assert.ok(Object.is(compiled(x), inside(x)), `${backend} ${x}: ${compiled(x)} vs ${inside(x)}`);
  }
  const local = (x: number): number => {
    const s = Math.sqrt;
    return s(x) + s(x + 1);
  };
  for (const x of xs) agree(local as AnyFn, () => [x]);
  try {
    memoJit((x: number) => applyTwo(Math.max, x))(1);
    assert.fail('compiled without an error');
  } catch (e) {
    assert.ok(e instanceof JitError);
    assert.equal(e.construct, 'Math.max as a value');
    assert.match(e.message, /takes any number of arguments.*write Math\.max\(…\)/);
  }
  // the advice, followed (with an inner function declared, as compiled code takes them)
  const larger = (x: number): number => {
    const max = (a: number, b: number): number => Math.max(a, b);
    return applyTwo(max, x);
  };
  assert.equal(memoJit(larger)(1), 3);
  assert.equal(memoJit(larger)(5), 5);
});

declare const root: (x: number) => number;
declare const top2: (x: number, y: number) => number;
declare const finite: (x: number) => boolean;
function rootPlusOne(x: number): number {
  return root(x) + 1;
}
function finiteFlag(x: number): number {
  return finite(x) ? 1 : 0; // the scope error points here
}
function topOfTwo(x: number): number {
  return top2(x, 2);
}

test('a Math function listed in scope under another name is that Math function; another built-in there is an error at the name, whose advice works', () => {
  const withRoot = memoJit({ scope: { root: Math.sqrt } })(rootPlusOne);
  for (const x of [4, 2, -1, -0, 0, Infinity, NaN, 1e-320]) {
    assert.ok(Object.is(withRoot(x), Math.sqrt(x) + 1), `rootPlusOne(${x})`);
  }
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('the scope error points here')) + 1;
  const column = lines[line - 1]!.indexOf('finite(x)') + 1;
  try {
    memoJit({ scope: { finite: Number.isFinite as (x: number) => boolean } })(finiteFlag)(1);
    assert.fail('compiled without an error');
  } catch (e) {
    assert.ok(e instanceof JitError);
    assert.equal(e.construct, 'use of finite');
    assert.deepEqual([e.line, e.column], [line, column]);
    assert.match(e.message, /'finite' is a built-in or bound function.*scope: \{ finite: \(x\) => Number\.isFinite\(x\) \}/);
  }
  // the advice, followed
  const followed = memoJit({ scope: { finite: (x: number) => Number.isFinite(x) } })(finiteFlag);
  assert.deepEqual([followed(3), followed(Infinity), followed(NaN)], [1, 0, 0]);
  // Math.max takes any number of arguments: an error at the name too
  try {
    memoJit({ scope: { top2: Math.max } })(topOfTwo)(1);
    assert.fail('compiled without an error');
  } catch (e) {
    assert.ok(e instanceof JitError);
    assert.equal(e.construct, 'Math.max as a value');
    assert.equal(e.line, lines.findIndex((l) => l.includes('return top2(x, 2);')) + 1);
  }
});
