// Prepared inline caches (src/jit/dispatch/prepared.ts), through preparedCaches directly: prepare maps each IR
// argument type to its one signature token (scalars, plain and typed arrays, both matrix layouts) and makes
// that specialization's inline cache; take hands it out once, only for the same specialization and the same
// tokens. Nothing is prepared for another arity, a type with no single token (objects), or a token with no
// fast-path guard (strings). The handed-out cache runs the specialization with `this` and the arguments when
// the guards pass, and the miss with the same ones otherwise. (tests/jit/cache/prepared.test.ts covers the
// rehearsal that calls prepare from the persistent cache.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preparedCaches } from '../../../src/jit/dispatch/prepared.js';
import { Array2D } from '../../../src/index.js';
import type { Type } from '../../../src/jit/types.js';
import type { AnyFunction } from '../../../src/decorate.js';

const MISS = 'miss';
/** A miss that records what it was called with. */
function recordingMiss(): { miss: AnyFunction; calls: unknown[][] } {
  const calls: unknown[][] = [];
  return { calls, miss: (self: unknown, ...args: unknown[]) => { calls.push([self, ...args]); return MISS; } };
}
const spec = (...args: unknown[]): string => `spec ${args.length}`;

test('each IR type with a single token prepares that token\'s cache, which takes its values and misses the others', () => {
  const cases: Array<{ type: Type; token: string; takes: unknown; misses: unknown }> = [
    { type: { kind: 'i32' }, token: 'i32', takes: 7, misses: 7.5 },
    { type: { kind: 'f64' }, token: 'f64', takes: 7.5, misses: '7.5' },
    { type: { kind: 'bool' }, token: 'bool', takes: false, misses: 0 },
    { type: { kind: 'array', element: 'num' }, token: 'number[]', takes: [1, 2], misses: [true] },
    { type: { kind: 'array', element: 'bool' }, token: 'boolean[]', takes: [true], misses: [1] },
    { type: { kind: 'matrix', layout: 'nested' }, token: 'number[][]', takes: [[1], [2]], misses: [1, 2] },
    { type: { kind: 'matrix', layout: 'array2d' }, token: 'Array2D', takes: new Array2D(1, 2), misses: [[1, 2]] },
    { type: { kind: 'array', element: 'f64' }, token: 'Float64Array', takes: new Float64Array(2), misses: new Float32Array(2) },
    { type: { kind: 'array', element: 'u8c' }, token: 'Uint8ClampedArray', takes: new Uint8ClampedArray(2), misses: new Uint8Array(2) },
    { type: { kind: 'array', element: 'i16' }, token: 'Int16Array', takes: new Int16Array(1), misses: new Uint16Array(1) },
  ];
  for (const { type, token, takes, misses } of cases) {
    const { miss } = recordingMiss();
    const prepared = preparedCaches(1, miss);
    const fn = (x: unknown): unknown => ['ran', x];
    prepared.prepare([type], fn);
    const ic = prepared.take([token], fn);
    assert.ok(ic, `a cache prepared for ${JSON.stringify(type)} under token ${token}`);
    assert.deepEqual(ic(undefined, takes), ['ran', takes], `${token} takes its own value`);
    assert.equal(ic(undefined, misses), MISS, `${token} misses another kind`);
  }
});

test('an i32 cache never takes -0 or 2^31, an f64 cache takes every number', () => {
  const { miss } = recordingMiss();
  const prepared = preparedCaches(1, miss);
  const i = (x: number): string => `i32 ${x}`;
  const f = (x: number): string => `f64 ${x}`;
  prepared.prepare([{ kind: 'i32' }], i);
  prepared.prepare([{ kind: 'f64' }], f);
  const ici = prepared.take(['i32'], i)!;
  const icf = prepared.take(['f64'], f)!;
  assert.equal(ici(undefined, -0), MISS);
  assert.equal(ici(undefined, 2 ** 31), MISS);
  assert.equal(ici(undefined, -(2 ** 31)), `i32 ${-(2 ** 31)}`);
  for (const x of [-0, NaN, 3, 2 ** 31, -Infinity]) assert.equal(icf(undefined, x), `f64 ${x}`);
});

test('take hands a cache out once, for its own function and exact token list; preparing again makes a new one', () => {
  const { miss } = recordingMiss();
  const prepared = preparedCaches(2, miss);
  const fn = (a: number, b: number): number => a * b;
  const other = (a: number, b: number): number => a + b;
  prepared.prepare([{ kind: 'f64' }, { kind: 'i32' }], fn);
  assert.equal(prepared.take(['f64', 'i32'], other), undefined, 'another specialization');
  assert.equal(prepared.take(['i32', 'f64'], fn), undefined, 'the tokens in another order');
  assert.equal(prepared.take(['f64'], fn), undefined, 'a prefix of the tokens');
  assert.equal(prepared.take(['f64', 'i32', 'i32'], fn), undefined, 'more tokens');
  const ic = prepared.take(['f64', 'i32'], fn);
  assert.ok(ic, 'still there after the refused takes');
  assert.equal(ic(undefined, 1.5, 4), 6);
  assert.equal(prepared.take(['f64', 'i32'], fn), undefined, 'handed out once');
  prepared.prepare([{ kind: 'f64' }, { kind: 'i32' }], fn);
  const again = prepared.take(['f64', 'i32'], fn);
  assert.ok(again, 'prepared anew');
  assert.equal(again(undefined, 2.5, 2), 5);
});

test('caches of several specializations of one function are kept apart', () => {
  const { miss } = recordingMiss();
  const prepared = preparedCaches(1, miss);
  const onInts = (x: number): string => `ints ${x}`;
  const onArrays = (xs: Float64Array): string => `arrays ${xs.length}`;
  prepared.prepare([{ kind: 'i32' }], onInts);
  prepared.prepare([{ kind: 'array', element: 'f64' }], onArrays);
  const b = prepared.take(['Float64Array'], onArrays)!;
  const a = prepared.take(['i32'], onInts)!;
  assert.equal(a(undefined, 3), 'ints 3');
  assert.equal(a(undefined, new Float64Array(3)), MISS);
  assert.equal(b(undefined, new Float64Array(3)), 'arrays 3');
  assert.equal(b(undefined, 3), MISS);
});

test('nothing is prepared for another arity than the function\'s', () => {
  const { miss } = recordingMiss();
  const prepared = preparedCaches(2, miss);
  prepared.prepare([{ kind: 'f64' }], spec);
  assert.equal(prepared.take(['f64'], spec), undefined);
  prepared.prepare([{ kind: 'f64' }, { kind: 'f64' }, { kind: 'f64' }], spec);
  assert.equal(prepared.take(['f64', 'f64', 'f64'], spec), undefined);
});

test('nothing is prepared when one type has no single token (an object) or its token no guard (a string)', () => {
  const { miss } = recordingMiss();
  const prepared = preparedCaches(2, miss);
  const objectType = { kind: 'object', fields: [] } as unknown as Type;
  prepared.prepare([{ kind: 'f64' }, objectType], spec);
  for (const t of ['object', '{}', 'Object']) assert.equal(prepared.take(['f64', t], spec), undefined);
  prepared.prepare([{ kind: 'string' }, { kind: 'f64' }], spec);
  assert.equal(prepared.take(['string', 'f64'], spec), undefined, 'string has a token but no fast-path guard');
  // the type of a typed array of a kind compiled code does not take has no token either
  prepared.prepare([{ kind: 'array', element: 'i64' } as unknown as Type, { kind: 'f64' }], spec);
  assert.equal(prepared.take(['BigInt64Array', 'f64'], spec), undefined);
});

test('a function of no parameters: the prepared cache always runs the specialization', () => {
  const { miss, calls } = recordingMiss();
  const prepared = preparedCaches(0, miss);
  const zero = (): number => 42;
  prepared.prepare([], zero);
  const ic = prepared.take([], zero)!;
  assert.ok(ic);
  assert.equal(ic(undefined), 42);
  assert.equal(calls.length, 0);
});

test('the cache calls the specialization with the receiver, and the miss with the receiver and the same arguments', () => {
  const { miss, calls } = recordingMiss();
  const prepared = preparedCaches(2, miss);
  function method(this: { k: number }, x: number, xs: Float64Array): number { return this.k * x + xs.length; }
  prepared.prepare([{ kind: 'i32' }, { kind: 'array', element: 'f64' }], method);
  const ic = prepared.take(['i32', 'Float64Array'], method)!;
  const self = { k: 10 };
  assert.equal(ic(self, 3, new Float64Array(2)), 32);
  const plain = [1, 2];
  assert.equal(ic(self, 3, plain), MISS);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]![0], self);
  assert.equal(calls[0]![1], 3);
  assert.equal(calls[0]![2], plain, 'the very same array, not a copy');
});

test('the documented examples: take(["i32"]) of an f64 preparation is undefined; a string argument goes to the miss', () => {
  const half = (x: number): number => x / 2;
  const prepared = preparedCaches(1, () => 'miss');
  prepared.prepare([{ kind: 'f64' }], half);
  assert.equal(prepared.take(['i32'], half), undefined);
  const ic = prepared.take(['f64'], half)!;
  assert.equal(ic(undefined, 3), 1.5);
  assert.equal(ic(undefined, 'one'), 'miss');
});
