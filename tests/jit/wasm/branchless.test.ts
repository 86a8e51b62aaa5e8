// Branchless updates (src/jit/wasm/branchless.ts): which conditions may be evaluated eagerly (eagerBool), which
// `if (c) { const k = …; a[k] = f(a[k]); }` statements run without a branch (branchlessUpdate, and the shapes it
// refuses), and whole functions on the Wasm backend against the plain function, with data whose condition changes
// often in a call's first SAMPLE.passes runs (the call goes on branchless) or never (it keeps the branch): NaN,
// ±Infinity, -0, fractions and out-of-range indices, every element kind's conversion (wrapping, clamping, rounding
// to f32), and arrays next to the updated one left untouched when nothing is updated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { memoJit, f64, i32 } from '../../../src/index.js';
import { SAMPLE, branchlessUpdate, eagerBool } from '../../../src/jit/wasm/branchless.js';
import { indexOnlyLocals } from '../../../src/jit/wasm/element-index.js';
import { walkIR, type Expr, type IRFunction, type Stmt } from '../../../src/jit/ir.js';
import type { Type } from '../../../src/jit/types.js';
import { assertSameValues as same } from '../../_support/outcome.js';
import { histogram } from './_histogram.js';

const F64A: Type = { kind: 'array', element: 'f64' };
const I32A: Type = { kind: 'array', element: 'i32' };
const F64: Type = { kind: 'f64' };
const traps = (f: unknown): number => Number(/(\d+) answered by JS after a trap/.exec(inspectOf(f))![1]);
const inspectOf = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

/** How many `if`s of the entry of `fn` lowered for `types` branchlessUpdate takes. */
function taken(fn: (...a: never[]) => unknown, types: Type[]): number {
  const ir = lowerToIR(fn as never, types);
  const f = ir.functions.find((g) => g.name === ir.entry) as IRFunction;
  let found = 0;
  walkIR(f.body, { stmt: (s: Stmt) => { if (s.kind === 'if' && branchlessUpdate(s, f, indexOnlyLocals(f))) found++; } });
  return found;
}
const takes = (fn: (...a: never[]) => unknown, types: Type[]): boolean => taken(fn, types) > 0;

test('eagerBool: comparisons of locals, constants and lengths (and && / || of them); not loads, calls or arithmetic', () => {
  const v: Expr = { op: 'local', type: { kind: 'f64' }, name: 'v' };
  const c: Expr = { op: 'const', type: { kind: 'f64' }, value: 3 };
  const xs: Expr = { op: 'local', type: { kind: 'array', element: 'f64' }, name: 'xs' };
  const i: Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
  const lt = (l: Expr, r: Expr): Expr => ({ op: 'compare', type: { kind: 'bool' }, operator: 'lt', left: l, right: r });
  assert.equal(eagerBool(lt(v, c)), true);
  assert.equal(eagerBool(lt(i, { op: 'length', type: { kind: 'i32' }, array: xs })), true);
  assert.equal(eagerBool({ op: 'logical', type: { kind: 'bool' }, operator: 'or', left: lt(v, c), right: lt(c, v) }), true);
  assert.equal(eagerBool(lt({ op: 'load', type: { kind: 'f64' }, element: 'f64', array: xs, index: i }, c)), false, 'a load may trap');
  assert.equal(eagerBool(lt({ op: 'binary', type: { kind: 'f64' }, operator: 'add', left: v, right: c }, c)), false);
  assert.equal(eagerBool(lt({ op: 'math', type: { kind: 'f64' }, fn: 'exp', args: [v] }, c)), false, 'an import is a call');
});

test('branchlessUpdate takes the histogram and refuses what could trap, call, or be seen elsewhere', () => {
  assert.equal(takes(histogram, [F64A, { kind: 'i32' }, F64, F64]), true);
  function elseToo(x: Float64Array, c: Int32Array) { for (const v of x) { if (v > 0) c[Math.trunc(v)]! += 1; else c[0]! -= 1; } }
  assert.equal(takes(elseToo, [F64A, I32A]), false, 'an else branch');
  function loadInCond(x: Float64Array, c: Int32Array) { for (let i = 0; i < x.length; i++) if (x[i]! > 0) c[Math.trunc(x[i]!)]! += 1; }
  assert.equal(takes(loadInCond, [F64A, I32A]), false, 'a load in the condition may trap');
  function importInIndex(x: Float64Array, c: Int32Array) { for (const v of x) if (v > 0) c[Math.trunc(Math.log(v))]! += 1; }
  assert.equal(takes(importInIndex, [F64A, I32A]), false, 'Math.log is a call out to V8');
  function otherLoad(x: Float64Array, c: Int32Array) { for (const v of x) if (v > 0) c[Math.trunc(v)] = c[Math.trunc(v) + 1]! + 1; }
  assert.equal(takes(otherLoad, [F64A, I32A]), false, 'the value reads another element');
  function readsNot(x: Float64Array, c: Int32Array) { for (const v of x) if (v > 0) c[Math.trunc(v)] = 1; }
  assert.equal(takes(readsNot, [F64A, I32A]), false, 'not an update of the element it reads');
});

/** 3000 values uniform in [-4, 4) from a seeded generator (its own, not numbat's): a quarter outside [-3, 3). */
function randomValues(seed: number): number[] {
  let s = seed;
  return Array.from({ length: 3000 }, () => { s = (s * 16807) % 2147483647; return -4 + 8 * (s / 2147483647); });
}

test('histogram: the plain counts for NaN, ±Infinity, -0, edges and values outside [lo, hi), run branchless or not', () => {
  const f = memoJit({ backend: 'wasm' })(histogram);
  const edges = [NaN, Infinity, -Infinity, -0, 0, -3, 3, 2.9999999999999996, -3.0000000000000004, 1e300, -1e300, 5e-324];
  const random = randomValues(11);
  // the condition changes often in the first 256 values: the call goes on branchless
  const changing = Float64Array.from([...random, ...edges, ...random.slice(0, 100), ...edges]);
  // it never changes there (all inside, then all outside): the call keeps the branch
  const steady = Float64Array.from([...random.filter((v) => Math.abs(v) < 2.9).slice(0, 300), ...random.map((v) => v + 10).slice(0, 300), ...edges, ...random]);
  for (const x of [changing, steady]) {
    for (const [nbins, lo, hi] of [[100, -3, 3], [7, -3.5, 2.25], [1, 0, 1], [3, 3, -3], [5, -0, 0], [4, -Infinity, Infinity], [2, NaN, 1]] as const) {
      same(f(x, nbins, lo, hi), histogram(x, nbins, lo, hi), `histogram(${x === changing ? 'changing' : 'steady'}, ${nbins}, ${lo}, ${hi})`);
    }
  }
  const text = inspectOf(f);
  assert.match(text, /backend: wasm/);
  assert.match(text, /0 answered by JS after a trap/, 'an index that names no element updates the spare slot, no trap');
  assert.match(text, new RegExp(`i32.const ${SAMPLE.passes}\\b`), 'a call samples its first passes');
});

function scale(a: Float64Array, b: Uint8ClampedArray, c: Int16Array, d: Float32Array, x: Float64Array, lo: number) {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v >= lo) { const k = Math.floor(v); a[k] = a[k]! * 2 + v; }
    if (v < lo || v > 2) { const k = Math.trunc(v * 0.5); b[k] = b[k]! * 3 + v; }
    if (v !== v || v > 1) { const k = Math.floor(v - 1); c[k] = c[k]! + 20000; }
    if (v > -1) { const k = Math.ceil(v); d[k] = d[k]! / 3 + 1e-10; }
  }
}

test('every element kind\'s store conversion, updated branchless: Float64, Uint8Clamped, Int16 (wrapping), Float32', () => {
  const A = (element: string): Type => ({ kind: 'array', element } as Type);
  assert.equal(taken(scale, [A('f64'), A('u8c'), A('i16'), A('f32'), A('f64'), F64]), 4, 'all four updates run branchless');
  const f = memoJit({ backend: 'wasm' })(scale);
  // 70 rounds that change every condition twice in four passes, all indices in range: past the sample, each
  // statement goes on branchless; then edges that name no element
  const prefix = Array.from({ length: 280 }, (_, i) => [0.5, 3.5, -0.5, -1.5][i % 4]!);
  const x = Float64Array.from([...prefix, 0, 1, 2, 3, 3.5, -0, -0.5, NaN, Infinity, -Infinity, 4.75, 1.5, 2.5, 5, 6, 7, 100, -2, 0.25]);
  const make = () => [new Float64Array([1, 2, 3, 4, 5]), Uint8ClampedArray.from([10, 20, 30, 40]), Int16Array.from([32000, -32000, 5, 6, 7]), Float32Array.from([1, 2, 3, 4, 5, 6])] as const;
  const plain = make(), compiled = make();
  scale(...plain, x, 0);
  f(...compiled, x, 0);
  plain.forEach((p, k) => same(compiled[k], p, `array ${k}`));
  assert.equal(traps(f), 0, 'no index outside the arrays while the branch is kept; none traps branchless');
  assert.match(inspectOf(f), /backend: wasm/);
});

test('numbat memory: an update that names no element touches neither the array nor its neighbours', () => {
  function bump(c: Float64Array, x: Float64Array) { for (const v of x) if (v >= 0) { const k = Math.trunc(v); c[k] = c[k]! + 1; } }
  const f = memoJit({ backend: 'wasm' })(bump);
  const before = f64([7, 7]), c = f64([1, 2, 3, 4]), after = f64([9, 9]);
  // random values in [-4, 4) first (indices 0 to 3 while the branch is kept): the condition changes often, the call
  // goes on branchless
  const x = f64([...randomValues(5).slice(0, 400), 0, 2, 3, 4, 1e9, NaN, -1, -0.5, Infinity, 2.5]);
  const want = Float64Array.from([1, 2, 3, 4]);
  bump(want, x);
  f(c, x);
  same(c, want, 'c');
  same(before, Float64Array.from([7, 7]), 'the array before c');
  same(after, Float64Array.from([9, 9]), 'the array after c');
  assert.equal(traps(f), 0);
  const counts = i32(4);
  function tally(c: Int32Array, x: Float64Array) { for (const v of x) if (v < 3) { const k = Math.floor(v); c[k] = c[k]! + 1; } }
  const g = memoJit({ backend: 'wasm' })(tally);
  // values in [0, 4) first, a quarter of them not counted at random
  const y = f64([...randomValues(6).slice(0, 400).map((v) => Math.abs(v)), 0, 2, 3, 4, 1e9, NaN, -1, -0.5, Infinity, 2.5, -4.5]);
  g(counts, y);
  const plain = new Int32Array(4);
  tally(plain, y);
  same(counts, plain, 'tally');
  assert.equal(traps(g), 0);
});
