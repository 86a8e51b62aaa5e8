// src/jit/infer/array-tests.ts: an array's truthiness (`holes && holes.length`) and identity (`out === data`).
// Checked: the table of array kinds and the reads whose truth test may be dropped; compiled functions on each
// array kind the compiler knows (number[], boolean[], typed arrays, number[][], Array2D, an object's array
// field) in if / && / || / ?: / !, equal to the plain function on the 'js' and 'wasm' backends; `===` and `!==`
// on the same array passed twice and on two arrays with the same contents (Wasm routes identity to JS, and
// inspect() says why); an array parameter not passed; and the located refusal of a call's truthiness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { ARRAY_KINDS, arrayIdentity, droppableRead, isArrayValue } from '../../../src/jit/infer/array-tests.js';
import { FLOAT } from '../../../src/jit/infer/lattice.js';
import { memoJit, Array2D, JitError } from '../../../src/index.js';

type Fn = (...args: any[]) => unknown;
const BACKENDS = ['js', 'wasm'] as const;
const compiled = (f: Fn, backend: (typeof BACKENDS)[number]): Fn => memoJit({ backend })(f as never) as unknown as Fn;
const inspectOf = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

test('the array kinds, and the reads whose truth test is dropped', () => {
  assert.deepEqual([...ARRAY_KINDS].sort(), ['array', 'matrix', 'objs']);
  assert.equal(isArrayValue({ k: 'matrix', layout: 'array2d', name: 'm' }), true);
  assert.equal(isArrayValue({ k: 'null' }), false);
  assert.equal(isArrayValue(FLOAT), false);
  const read = (src: string): boolean => droppableRead(parseFunction(`(xs, o) => ${src}`).body, () => undefined);
  assert.equal(read('xs'), true);
  assert.equal(read('this.xs'), true);
  assert.equal(read('o.xs'), false); // o's value unknown here: it may be null
  assert.equal(read('xs[0]'), false);
  assert.equal(read('f()'), false);
  const xs = { k: 'array', element: 'f64' } as const;
  assert.equal(arrayIdentity('!==', xs, { k: 'null' }), true);
  assert.equal(arrayIdentity('==', xs, xs), true);
  assert.equal(arrayIdentity('===', xs, FLOAT), false);
  assert.equal(arrayIdentity('===', { k: 'null' }, { k: 'null' }), false);
});

// Every use of truthiness at once: plain JS gives 1 + 4 + 16 + 64 + 256 for any array (never 2, 8, …).
function truthOf(xs: unknown): number {
  let s = 0;
  if (xs) s += 1; else s += 2;
  if (!xs) s += 8; else s += 4;
  s += xs ? 16 : 32;
  if (xs && s > 0) s += 64;
  if (!xs || s < 0) s += 128; else s += 256;
  return s;
}

test('each array kind is truthy in if, &&, ||, ?: and !, as in plain JS, on both backends', () => {
  const values: Array<[string, () => unknown]> = [
    ['number[][]', () => [[1, 2], [3, 4]]],
    ['Array2D', () => Array2D.from([[1, 2], [3, 4]])],
    ['Float64Array', () => new Float64Array([0, 0])],
    ['Int32Array', () => new Int32Array(0)],
    ['Uint8Array', () => new Uint8Array([0])],
    ['empty number[]', () => new Float64Array(0)],
  ];
  for (const backend of BACKENDS) {
    const f = compiled(truthOf, backend);
    for (const [name, make] of values) assert.equal(f(make()), truthOf(make()), `${name} on ${backend}`);
    assert.equal(truthOf([]), 341);
    // on Wasm the test is compiled there, not routed to JS (an Array2D is routed: its data is not in Wasm memory)
    if (backend === 'wasm') assert.match((f as unknown as { inspect(): Record<string, string> }).inspect()['(Float64Array) -> i32']!, /^;; backend: wasm/);
  }
});

test('a boolean[] and an object\'s array field are truthy', () => {
  function flags(bs: boolean[]) { return bs && bs.length > 0 ? (bs[0] ? 1 : 2) : 3; }
  function field(xs: Float64Array) {
    const o = { xs, n: xs.length };
    return (o.xs ? 1 : 2) + (!o.xs ? 10 : 20) + (o.xs && o.n);
  }
  for (const backend of BACKENDS) {
    assert.equal(compiled(flags, backend)([true, false]), flags([true, false]));
    assert.equal(compiled(field, backend)(new Float64Array(3)), field(new Float64Array(3)));
  }
});

test('`xs && xs.length` is the length, with and without the optional array (earcut\'s holeIndices)', () => {
  function count(n: number, xs?: Float64Array) {
    const has = xs && xs.length;
    return has ? n * (xs as Float64Array)[0]! : -n;
  }
  function inline(n: number, xs?: Float64Array) {
    if (xs && xs.length) return n * xs[0]!;
    return -n;
  }
  for (const backend of BACKENDS) {
    const f = compiled(count, backend);
    assert.equal(f(3, new Float64Array([2])), 6);
    assert.equal(f(3, new Float64Array(0)), -3); // an empty array is truthy, its length 0 is not
    // without the array, `has` would hold undefined, which compiled variables do not: refused with its place
    assert.throws(() => f(3), (e: unknown) => e instanceof JitError && /array-tests\.test\.ts:\d+:17: .*'has' would be undefined/.test(e.message));
    const g = compiled(inline, backend);
    assert.equal(g(3, new Float64Array([2])), 6);
    assert.equal(g(3, new Float64Array(0)), -3);
    assert.equal(g(3), -3);
  }
});

test('=== and !== compare references: the same array twice, two equal arrays, array and null', () => {
  function same(a: Float64Array, b: Float64Array) { return (a === b ? 1 : 0) + (a !== b ? 10 : 0) + (a == b ? 100 : 0) + (a === null ? 1000 : 0); }
  function nested(a: number[][], b: number[][]) {
    const alias = a || b; // an array is truthy: `a || b` is a
    return (a === b ? 1 : 2) + (alias === a ? 10 : 20);
  }
  for (const backend of BACKENDS) {
    const f = compiled(same, backend);
    const a = new Float64Array([1, 2]);
    assert.equal(f(a, a), 101);
    assert.equal(f(a, new Float64Array([1, 2])), 10);
    const g = compiled(nested, backend);
    const m = [[1], [2]];
    assert.equal(g(m, m), 11);
    assert.equal(g(m, [[1], [2]]), 12);
    if (backend === 'wasm') assert.match(inspectOf(f), /not in the Wasm subset: === between arrays/);
  }
});

test('the truthiness of an array a call gives is refused with its place', () => {
  function make(n: number) { return new Float64Array(n); }
  function viaCall(n: number) { return make(n) ? 1 : 2; }
  assert.throws(() => compiled(viaCall, 'js')(3), (e: unknown) => e instanceof JitError && /always truthy/.test(e.message) && e.construct === 'condition');
});
