// The JavaScript backend (src/jit/js/**) checked through compiled results and `inspect()`: `Array.from` with and
// without a mapping callback and over `{ length }`, the entry guard for an Array2D's constant columns, nested
// do…while loops, branchless counts, a field store in a loop's update, checked reads through a local index, and
// `new C(…)` of an outside class. Written for the jit-js sample survivors of issue 19 (sample of 40, seed 19,
// 2026-12-02: js/callbacks.ts:70, :77, js/codegen.ts:160, :271, :327, :330, :333, :373, :414, js/objects.ts:41,
// js/statements.ts:83); each test failed against the mutants of its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../../src/index.js';

const source = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

test('Array.from(xs), Array.from(xs, f) and Array.from({ length: n }, f) build the arrays plain JS builds', () => {
  function copy(xs: Float64Array): number[] {
    return Array.from(xs);
  }
  function mapped(xs: Float64Array, k: number): number[] {
    return Array.from(xs, (v, i) => v * k + i);
  }
  function ramp(n: number, k: number): number[] {
    return Array.from({ length: n }, (_, i) => i * k);
  }
  const xs = new Float64Array([1.5, -2, 0.25]);
  assert.deepEqual(memoJit(copy)(xs), copy(xs));
  assert.deepEqual(memoJit(mapped)(xs, 3), mapped(xs, 3));
  for (const n of [0, 1, 4]) assert.deepEqual(memoJit(ramp)(n, 2.5), ramp(n, 2.5), `ramp(${n})`);
});

test('an Array2D read at a constant column is guarded once on entry: narrower matrices run the plain function', () => {
  function firstTwo(m: Array2D): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.row(i)[0]! * 10 + m.row(i)[1]!;
    return s;
  }
  const c = memoJit(firstTwo);
  for (const [r, k] of [[3, 2], [2, 5], [3, 1]] as const) {
    const m = new Array2D(r, k);
    m.data.forEach((_, i) => (m.data[i] = i + 1));
    assert.ok(Object.is(c(m), firstTwo(m)), `${r} × ${k}`);
  }
  assert.match(source(c), /if \(\$c_m <= 1\) return \$fallback/, 'the entry guard on the columns');
});

test('nested do…while loops compile, run as plain JS does, and are indented by depth in inspect()', () => {
  function nested(n: number): number {
    let s = 0;
    let i = 0;
    do {
      let j = 0;
      do {
        let k = 0;
        do {
          s += i * 100 + j * 10 + k;
          k++;
        } while (k < 2);
        j++;
      } while (j < n);
      i++;
    } while (i < n);
    return s;
  }
  const c = memoJit({ backend: 'js' })(nested); // integer loops would go to Wasm: the JS source is the subject here
  for (const n of [0, 1, 3]) assert.equal(c(n), nested(n), `nested(${n})`);
  const lines = source(c).split('\n');
  const indent = (re: RegExp): number => lines.find((l) => re.test(l))!.search(/\S/);
  assert.ok(indent(/s = \(s \+/) > indent(/^\s*do \{/), 'the innermost body is indented past the outer do');
});

test('a guarded count `if (c) n = n + k` is branchless for a constant step, never for an element read', () => {
  // `n = n + +(c) * xs[i]` would be NaN where xs[i] is undefined and c false: plain JS leaves n alone there
  function guardedSum(xs: Int32Array, m: number): number {
    let n = 0;
    let hits = 0;
    for (let i = 0; i < m; i++) {
      if (i < xs.length) n = n + xs[i]!;
      if (i % 2 === 0) hits = hits + 1;
    }
    return n * 1000 + hits;
  }
  const c = memoJit({ backend: 'js' })(guardedSum);
  const xs = new Int32Array([3, -1, 4]);
  for (const m of [0, 2, 3, 6]) assert.ok(Object.is(c(xs, m), guardedSum(xs, m)), `m=${m}`);
  const text = source(c);
  assert.doesNotMatch(text, /if \(\(\(i % 2\) === 0\)\)/, 'the constant step is branchless');
  assert.match(text, /if \(\(i < xs\d*\.length\)\) \{/, `the element read keeps its branch:\n${text}`);
});

test('an int32 count `if (c) n = n + k` with a constant k is branchless and adds k, not 1', () => {
  function bumps(k: number, x: number): number {
    let n = k & 7; // an int32 in [0, 7]: the additions below stay int32
    if (x > 0) n = n + 2;
    if (x < 1) n = n + 1;
    return n;
  }
  const c = memoJit({ backend: 'js' })(bumps);
  for (const [k, x] of [[3, 2], [3, 0.5], [5, -1], [7, 0]] as const) assert.equal(c(k, x), bumps(k, x), `bumps(${k}, ${x})`);
  const text = source(c);
  assert.match(text, /n = n \+ \+\(\(x > 0\)\) \* 2;/, 'the step of 2 is branchless and multiplied');
  assert.match(text, /n = n \+ \+\(\(x < 1\)\);/, 'the step of 1 is the flag itself');
});

test('a field store in a for loop\'s update runs at every step', () => {
  function tally(o: { count: number }, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++, o.count = o.count + 2) s += o.count;
    return s;
  }
  const c = memoJit(tally);
  for (const n of [0, 1, 4]) {
    const [want, got] = [{ count: 1 }, { count: 1 }];
    assert.equal(c(got, n), tally(want, n), `n=${n}`);
    assert.equal(got.count, want.count, `n=${n}: the field after the call`);
  }
});

test('a checked row read at a local index tests the local itself, with no temporary', () => {
  function firstCols(m: Array2D, n: number): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (let j = 0; j < n; j++) s += r[j]!;
    }
    return s;
  }
  const c = memoJit(firstCols);
  const m = new Array2D(2, 3);
  m.data.set([1, 2, 3, 4, 5, 6]);
  for (const n of [0, 3, 4]) assert.ok(Object.is(c(m, n), firstCols(m, n)), `n=${n}`);
  assert.match(source(c), /\(j\d* >= 0 && j\d* < \$c_m\d* \? \$d_m\d*\[r\d* \* \$c_m\d* \+ j\d*\] : NaN\)/, 'the checked copy reads through j');
});

class Pair {
  declare a: number;
  declare b: number;
  constructor(a: number, b: number) {
    this.a = a;
    this.b = b * 2;
  }
}

test('`new C(…)` of an outside class runs its constructor: a real instance with the fields it set', () => {
  function make(x: number): Pair {
    return new Pair(x, x + 1);
  }
  const c = memoJit(make);
  const p = c(1.5);
  assert.ok(p instanceof Pair);
  assert.deepEqual({ a: p.a, b: p.b }, { a: 1.5, b: 5 });
});

test('a count whose condition assigns the counter keeps its branch: the add reads the value the condition wrote', () => {
  function reassign(x: number): number {
    let n = 5;
    if ((n = x * 2) > 0) n = n + 1;
    return n;
  }
  const c = memoJit({ backend: 'js' })(reassign);
  for (const x of [3, -1, 0, 0.25]) assert.ok(Object.is(c(x), reassign(x)), `reassign(${x})`);
});
