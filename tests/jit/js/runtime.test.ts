// The JS backend's runtime (src/jit/js/runtime.ts): checkI32 accepts exactly the int32 values other than -0 and
// names the offending value; instantiate binds each of RUNTIME_PARAMS to its documented value (read back by a
// hand-written source: the fallback, the outside arrays, the prange runtime, the row-range and null-row errors,
// Array.isArray, the lazy-miss sentinel that throws itself), makes a new function per call, and turns generated
// sources into entries that compute as the plain function (Object.is), send an element of another kind to the
// fallback with the receiver and the arguments, and audit i32 values under checkTypes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkI32, instantiate } from '../../../src/jit/js/runtime.js';
import { RUNTIME_PARAMS } from '../../../src/jit/js/codegen.js';
import { compileSpecialization } from '../../../src/internals.js';
import { RANDOM_STATE } from '../../../src/jit/random.js';

test('checkI32 returns an int32 unchanged', () => {
  for (const v of [0, 1, -1, 7, 2 ** 31 - 1, -(2 ** 31)]) assert.ok(Object.is(checkI32(v), v), String(v));
});

test('checkI32 throws a TypeError naming any other value, -0 spelled as -0', () => {
  const cases: Array<[number, string]> = [
    [2 ** 31, '2147483648'], [-(2 ** 31) - 1, '-2147483649'], [0.5, '0.5'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-0, '-0'], [1e21, '1e+21'],
  ];
  for (const [v, shown] of cases) {
    assert.throws(() => checkI32(v), (e: unknown) => e instanceof TypeError && e.message === `memoJit internal error: a value typed i32 is ${shown}`, shown);
  }
});

/** A hand-written module: the entry returns its runtime parameters, by name. */
const ECHO = `"use strict"; return function echo() { return { ${RUNTIME_PARAMS.map((p) => `${p}: ${p}`).join(', ')} }; };`;

test('instantiate binds the fallback, the outside arrays and the prange runtime it is given', () => {
  const fallback = (): string => 'plain';
  const globals = [Float64Array.of(1)];
  const par = { regions: 1 };
  const bound = instantiate(ECHO, fallback, globals, par)() as Record<string, unknown>;
  assert.equal(bound['$fallback'], fallback);
  assert.equal(bound['$G'], globals);
  assert.equal(bound['$par'], par);
  assert.equal(bound['$S'], RANDOM_STATE);
  assert.equal(bound['$isArray'], Array.isArray);
  assert.equal(bound['$checkI32'], checkI32);
  for (const p of RUNTIME_PARAMS) assert.notEqual(bound[p], undefined, `${p} is bound`);
  const defaults = instantiate(ECHO, fallback)() as Record<string, unknown>;
  assert.deepEqual(defaults['$G'], [], 'no outside arrays: an empty list');
  assert.equal(defaults['$par'], undefined, 'no prange runtime unless given');
});

test('the runtime\'s error functions throw what generated code relies on', () => {
  const bound = instantiate(ECHO, () => undefined)() as Record<string, (...a: unknown[]) => unknown>;
  assert.throws(() => bound['$rowRange']!(5, 3), (e: unknown) => e instanceof RangeError && e.message === 'Array2D.row: row index 5 is outside the 3 rows');
  assert.throws(() => bound['$nullRow']!(), (e: unknown) => e instanceof TypeError && e.message === 'memoJit: cannot read an element of a null row');
  // the lazy miss throws itself, so no other thrown value can be mistaken for it
  const miss = bound['$lazyMiss']!;
  let thrown: unknown;
  try { miss(); } catch (e) { thrown = e; }
  assert.equal(thrown, miss);
});

test('each instantiation is a new function with its own bindings', () => {
  const a = instantiate(ECHO, () => 'a', [1]);
  const b = instantiate(ECHO, () => 'b', [2]);
  assert.notEqual(a, b);
  assert.deepEqual((a() as Record<string, unknown>)['$G'], [1]);
  assert.deepEqual((b() as Record<string, unknown>)['$G'], [2]);
});

test('a generated source becomes an entry that computes as the plain function', () => {
  function total(xs: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * k;
    return s;
  }
  const { source } = compileSpecialization(total, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]);
  const entry = instantiate(source, () => assert.fail('no fallback for typed arrays'));
  for (const [xs, k] of [[Float64Array.of(1, 2, 3), 0.5], [Float64Array.of(), -1], [Float64Array.of(-0), 1], [Float64Array.of(1e308, 1e308), 2]] as const) {
    assert.ok(Object.is(entry(xs, k), total(xs, k)), `${Array.from(xs).join(',')} × ${k}`);
  }
});

test('an element of another kind at a lazy read runs the fallback, with the receiver and the same arguments', () => {
  // the element goes through a local: returned straight through `*`, it would need no check (lazy-elements.ts)
  function second(xs: number[]): number { const v = xs[1]!; return v * 2; }
  const { source } = compileSpecialization(second, [{ kind: 'array', element: 'num' }]);
  const calls: Array<[unknown, unknown[]]> = [];
  const entry = instantiate(source, (self, args) => {
    calls.push([self, Array.from(args)]);
    return 'plain ran';
  });
  assert.equal(entry([1, 2.5]), 5);
  assert.deepEqual(calls, []);
  const odd = [1, 'x'] as unknown as number[];
  const self = { who: 'receiver' };
  assert.equal(entry.call(self, odd), 'plain ran');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]![0], self);
  assert.equal(calls[0]![1][0], odd, 'the very same array');
  // a hole past the end is JS's own undefined read, not a miss
  assert.ok(Object.is(entry([1]), second([1])));
});

test('with checkTypes the source audits its i32 values through $checkI32, and still computes the plain result', () => {
  function mix(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + i * 7) | 0;
    return s;
  }
  const checked = compileSpecialization(mix, [{ kind: 'i32' }], undefined, { checkTypes: true });
  const unchecked = compileSpecialization(mix, [{ kind: 'i32' }]);
  assert.ok(checked.source.includes('$checkI32('));
  assert.ok(!unchecked.source.includes('$checkI32('));
  const entry = instantiate(checked.source, () => assert.fail('no fallback'));
  for (const n of [0, 1, 10, 1000]) assert.equal(entry(n), mix(n));
});
