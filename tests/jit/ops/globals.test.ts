// Every row of src/jit/ops/globals.ts against JavaScript's own global, with Object.is, on the edge values and
// on `undefined` (a read past the end), and the messages for names compiled code does not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { GLOBALS } from '../../../src/jit/ops/globals.js';
import { catchJit } from '../../_support/jit-error.js';

const EDGES = [0, -0, 1, -3, 0.5, -2.5, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 1e300];

// One plain function per predicate: `new Function` keeps each a real global reference, as written.
const PREDICATES = Object.entries(GLOBALS).filter(([, row]) => row.kind === 'predicate').map(([name]) => name);

test('the table lists the predicates and constants the issue names', () => {
  for (const name of ['Number.isFinite', 'Number.isNaN', 'Number.isInteger', 'Number.isSafeInteger', 'isFinite', 'isNaN']) assert.ok(PREDICATES.includes(name), name);
  for (const name of ['EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'MAX_VALUE', 'MIN_VALUE', 'POSITIVE_INFINITY', 'NEGATIVE_INFINITY', 'NaN']) {
    const row = GLOBALS[`Number.${name}`];
    assert.ok(row?.kind === 'constant' && Object.is(row.value, (Number as unknown as Record<string, number>)[name]), name);
  }
});

for (const name of PREDICATES) {
  test(`${name} matches JavaScript on every edge value, on integer and double arrays, and past the end`, () => {
    const plain = new Function('xs', 'i', `return ${name}(xs[i]);`) as (xs: ArrayLike<number>, i: number) => boolean;
    const viaLocal = new Function('xs', 'i', `const v = xs[i] * 1; return ${name}(v) ? 1 : 2;`) as (xs: ArrayLike<number>, i: number) => number;
    const f64 = new Float64Array(EDGES);
    const i32 = new Int32Array([0, -1, 7, 2147483647]);
    for (const [fn, label] of [[plain, 'direct'], [viaLocal, 'via a local']] as const) {
      const jitted = memoJit(fn as (xs: ArrayLike<number>, i: number) => unknown);
      for (const xs of [f64, i32]) {
        for (let i = 0; i <= xs.length + 1; i++) {
          assert.ok(Object.is(jitted(xs, i), fn(xs, i)), `${name} ${label} of ${String(xs[i])} (${xs.constructor.name}[${i}])`);
        }
      }
    }
  });
}

test('constants read as values fold to their numbers', () => {
  const f = new Function('x', 'return [Number.EPSILON + x, Number.MAX_SAFE_INTEGER - x, Number.NaN, Number.NEGATIVE_INFINITY * x, Infinity, NaN, Number.MIN_VALUE * x];') as (x: number) => number[];
  const g = memoJit(f);
  for (const x of [0, 1, -0.5]) assert.deepEqual(g(x), f(x));
});

test('predicates that read their argument twice reject arguments with calls; the suggestion compiles', () => {
  function withCall(xs: Float64Array) { return Number.isNaN(Math.random() + xs[0]!) ? 1 : 0; }
  const e = catchJit(() => memoJit(withCall)(new Float64Array(1)));
  assert.match(e.message, /reads its argument twice.*store the value in a local first/);
  function followed(xs: Float64Array) { const v = Math.random() + xs[0]!; return Number.isNaN(v) ? 1 : 0; }
  assert.equal(memoJit(followed)(new Float64Array(1)), 0);
});

test('names compiled code does not read are named without a suggestion that would not work', () => {
  const cases: Array<[string, RegExp]> = [
    ['return Number(x);', /Number\(x\) and Number as a value are not supported/],
    ['console.log(x); return x;', /console output cannot run in compiled code/],
    ['return arguments.length;', /`arguments` is not supported/],
    ['return JSON.stringify(x).length;', /'JSON' is a global .* compiled code does not read/],
    ['return parseFloat(x);', /strings cannot be used/],
  ];
  for (const [body, message] of cases) {
    const e = catchJit(() => memoJit(new Function('x', body) as (x: number) => unknown)(1));
    assert.match(e.message, message, body);
    assert.doesNotMatch(e.message, /scope/, `${body}: no scope suggestion`);
  }
});

test('a name defined nowhere suggests scope, and following the suggestion compiles', () => {
  const f = new Function('x', 'return helperFromElsewhere(x) + 1;') as (x: number) => number;
  const e = catchJit(() => memoJit(f)(1));
  assert.match(e.message, /memoJit\(\{ scope: \{ helperFromElsewhere \} \}\)/);
  const helperFromElsewhere = memoJit(function helperFromElsewhere(x: number) { return x * 2; });
  assert.equal(memoJit({ scope: { helperFromElsewhere } })(f)(3), 7);
});

test('a local or outside binding named like a global shadows it, as in JavaScript', () => {
  const isFiniteLocal = new Function('x', 'const isNaN = (v) => v * 2; return isNaN(x);') as (x: number) => number;
  assert.equal(memoJit(isFiniteLocal)(3), 6);
  const factory = new Function('return function (x) { const Infinity = 2; return x + Infinity; };')() as (x: number) => number;
  assert.equal(memoJit(factory)(1), 3);
});
