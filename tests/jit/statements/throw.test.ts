// `throw new Error(…)` and the other built-in error classes: the caller gets the same class and message as from
// the plain function, with messages built from strings, template literals and numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { compileSpecialization } from '../../../src/jit/pipeline.js';
import { seedRandom } from '../../../src/jit/random.js';
import { agree } from './agree.js';

function quantile(x: Float64Array, p: number): number {
  const idx = (x.length - 1) * p;
  if (x.length === 0) {
    throw new Error('quantile requires at least one data point.');
  } else if (p < 0 || p > 1) {
    throw new RangeError('quantiles must be between 0 and 1, got ' + p);
  } else if (idx % 1 !== 0) {
    return x[Math.floor(idx)]! + (idx % 1) * (x[Math.ceil(idx)]! - x[Math.floor(idx)]!);
  }
  return x[idx]!;
}

function messages(n: number, k: number, flag: boolean): number {
  if (n > k) throw new TypeError(`n = ${n} must be at most k = ${k} (flag ${flag})`);
  if (n === k) throw new SyntaxError(n + k + ' is ' + n + k); // `n + k` adds first, as in JS
  if (n < -k) throw new EvalError(`${n}${k}` + (n - k));
  if (n === 0) throw new URIError();
  if (n === 1) throw Error('called without new: ' + -0 + ' ' + NaN + ' ' + 1e21 + ' ' + 1 / 3);
  if (n === 2) throw new ReferenceError(``);
  return n - k;
}

function inLoop(xs: Int32Array, limit: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i]!;
    if (s > limit) throw new RangeError('sum passed ' + limit + ' at index ' + i + ': ' + s);
  }
  return s;
}

function checked(v: number): number {
  if (!(v >= 0)) throw new RangeError('v must be non-negative, got ' + v);
  return Math.sqrt(v);
}

function usesCallee(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += checked(xs[i]!);
  return s;
}

test('throw: the same class and message as the plain function, or the same value', () => {
  const q = memoJit(quantile);
  const m = memoJit(messages);
  const l = memoJit(inLoop);
  fc.assert(fc.property(fc.float64Array({ maxLength: 6 }), fc.double(), (xs, p) => { agree(quantile, q, [xs, p]); }), { numRuns: 200, seed: 12 });
  fc.assert(fc.property(fc.oneof(fc.integer({ min: -4, max: 4 }), fc.double()), fc.oneof(fc.integer({ min: -4, max: 4 }), fc.double()), fc.boolean(), (n, k, f) => { agree(messages, m, [n, k, f]); }), { numRuns: 300, seed: 13 });
  fc.assert(fc.property(fc.int32Array({ maxLength: 6 }), fc.integer(), (xs, lim) => { agree(inLoop, l, [xs, lim]); }), { numRuns: 200, seed: 14 });
  for (const xs of [Float64Array.of(1, 4, 9), Float64Array.of(1, -4), Float64Array.of(NaN)]) agree(usesCallee, memoJit({ scope: { checked: memoJit(checked) } })(usesCallee), [xs]);
});

test('throw: every edge of a message converts numbers as JS does', () => {
  const m = memoJit(messages);
  for (const [n, k] of [[1, 5], [2, 5], [0, 5], [3, 3], [2.5, 2.5], [-9, 1], [7, 1], [-0, 3], [1e21, 1e22]] as const) agree(messages, m, [n, k, true]);
  assert.throws(() => m(3, 3, true), { name: 'SyntaxError', message: '6 is 33' });
});

function drawsThenThrows(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.random();
  if (n > 2) throw new Error('drew ' + n);
  return s;
}

test('throw: random draws made before a throw stay drawn, as in the plain function', () => {
  const d = memoJit(drawsThenThrows);
  seedRandom(5);
  assert.throws(() => d(3), /drew 3/);
  const after = d(1);
  seedRandom(5);
  d(3 - 3); // nothing drawn
  const expected = [d(1), d(1), d(1), d(1)][3];
  assert.ok(Object.is(after, expected), `${after} vs ${expected}: the three draws before the throw were lost`);
});

function throwsNumber(x: number): number {
  if (x > 1) throw x;
  return x;
}
function throwsLocalMessage(x: number): number {
  const message = 'too big';
  if (x > 1) throw new Error(message);
  return x;
}
function throwsCustom(x: number): number {
  if (x > 1) throw new (class Oops extends Error {})('no');
  return x;
}

test('throw: what cannot be compiled is a located error that says what to write', () => {
  for (const f of [throwsNumber, throwsCustom]) {
    assert.throws(() => memoJit(f)(0), (e: unknown) => e instanceof JitError && e.construct === 'throw statement' && /throw new Error\('…'\)/.test(e.message) && e.line !== undefined);
  }
  assert.throws(() => memoJit(throwsLocalMessage)(0), (e: unknown) => e instanceof JitError && /not a string/.test(e.message)); // a string variable as the message (infer/strings.ts)
});

test('throw: the generated code throws the built-in class by name, even where a user local has that name', () => {
  const { source } = compileSpecialization(messages, [{ kind: 'f64' }, { kind: 'f64' }, { kind: 'bool' }]);
  assert.match(source, /throw new TypeError\(/);
  function shadows(x: number): number {
    const RangeError = x + 1;
    if (x > 1) throw new TypeError('x is ' + RangeError);
    return RangeError;
  }
  const s = memoJit(shadows);
  for (const x of [0, 2]) agree(shadows, s, [x]);
});
