// Element accesses the Wasm backend emits without a bounds check, from passes/typed-bounds.ts: counted loops
// prove `0 <= j + T + k < length` once before the loop (or by construction), and the loop runs in two
// versions, so results stay bit-identical to plain JS whether the conditions hold or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { elementBounds } from '../../../src/jit/passes/typed-bounds.js';
import type { Loop, Stmt } from '../../../src/jit/ir.js';

const F64 = { kind: 'array', element: 'f64' } as const;

/** Every loop of a function, with the statement just before it. */
function loops(body: readonly Stmt[], out: Array<{ loop: Loop; before: Stmt | undefined }> = []): Array<{ loop: Loop; before: Stmt | undefined }> {
  body.forEach((s, k) => {
    if (s.kind === 'loop') {
      out.push({ loop: s, before: body[k - 1] });
      loops(s.body, out);
    } else if (s.kind === 'if') {
      loops(s.then, out);
      loops(s.else, out);
    }
  });
  return out;
}

const traps = (f: { inspect(): Record<string, string> }): number => (Object.values(f.inspect())[0]!.match(/\bunreachable\b/g) ?? []).length;
const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

function sum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function smooth(u: Float64Array, out: Float64Array): void {
  for (let i = 1; i < u.length - 1; i++) out[i] = (u[i - 1]! + u[i]! + u[i + 1]!) / 3;
}

/** A 5-point Jacobi sweep on flat row-major grids with row stride m. */
function jacobiFlat(u: Float64Array, un: Float64Array, n: number, m: number, iters: number): Float64Array {
  for (let it = 0; it < iters; it++) {
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < m - 1; j++) {
        un[i * m + j] = 0.25 * (u[(i - 1) * m + j]! + u[(i + 1) * m + j]! + u[i * m + j - 1]! + u[i * m + j + 1]!);
      }
    }
    for (let i = 1; i < n - 1; i++) for (let j = 1; j < m - 1; j++) u[i * m + j] = un[i * m + j]!;
  }
  return u;
}

test('a loop up to xs.length proves its reads by construction: no condition, no check', () => {
  const f = lowerToIR(sum, [F64]).functions[0]!;
  const { loop, before } = loops(f.body)[0]!;
  const facts = elementBounds(loop, before);
  assert.equal(facts.proved.size, 1);
  assert.equal(facts.conditions.length, 0);
  const w = memoJit({ backend: 'wasm' })(sum);
  assert.equal(w(Float64Array.of(1, 2, 3.5)), 6.5);
  // the one trap left is falling off the end of a function that returns a number
  assert.equal(traps(w), 1);
});

test('a stencil reads u[i - 1] and u[i + 1] and stores out[i] unchecked behind one condition on the lengths', () => {
  const f = lowerToIR(smooth, [F64, F64]).functions[0]!;
  const { loop, before } = loops(f.body)[0]!;
  const facts = elementBounds(loop, before);
  assert.equal(facts.proved.size, 4);
  assert.equal(facts.conditions.length, 1); // u.length - 1 <= out.length
  const w = memoJit({ backend: 'wasm' })(smooth);
  for (const [n, m] of [[10, 10], [10, 4], [1, 1], [0, 0], [3, 7]] as const) {
    const u = Float64Array.from({ length: n }, (_, k) => Math.sin(k) * 1e3);
    const a = new Float64Array(m), b = new Float64Array(m);
    w(u, a);
    smooth(u, b);
    assert.ok(same(a, b), `lengths ${n}, ${m}`);
  }
});

test('reads past the bound or before the start are not proved; a counter from -1 read at i + 1 is', () => {
  function pastEnd(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i + 1]!;
    return s;
  }
  function fromMinusOne(xs: Float64Array): number {
    let s = 0;
    for (let i = -1; i < xs.length - 1; i++) s += xs[i + 1]!;
    return s;
  }
  function before(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i - 1]!;
    return s;
  }
  const proved = (fn: (xs: Float64Array) => number): number => {
    const { loop, before: b } = loops(lowerToIR(fn, [F64]).functions[0]!.body)[0]!;
    return elementBounds(loop, b).proved.size;
  };
  assert.equal(proved(pastEnd), 0);
  assert.equal(proved(fromMinusOne), 1);
  assert.equal(proved(before), 0);
  const xs = Float64Array.of(1, 2, 3);
  for (const fn of [pastEnd, fromMinusOne, before]) assert.ok(Object.is(memoJit({ backend: 'wasm' })(fn)(xs), fn(xs)), fn.name);
});

test('a flat 2-D Jacobi sweep runs its inner loop unchecked and stays bit-identical, also when its conditions fail', () => {
  const inner = loops(lowerToIR(jacobiFlat, [F64, F64, { kind: 'i32' }, { kind: 'i32' }, { kind: 'i32' }]).functions[0]!.body);
  // the two innermost loops (sweep and copy) prove every access, and the index local they declare
  const provedCounts = inner.map(({ loop, before }) => elementBounds(loop, before).proved.size);
  assert.deepEqual(provedCounts, [0, 0, 6, 0, 3]);
  const w = memoJit({ backend: 'wasm' })(jacobiFlat);
  const grid = (len: number): Float64Array => Float64Array.from({ length: len }, (_, k) => (k % 7) * 1.25 + Math.cos(k));
  for (const [n, m, len] of [[12, 9, 108], [12, 9, 100], [5, 5, 25], [2, 2, 4]] as const) {
    // len < n·m: the last rows are outside the arrays, and JS reads undefined there (NaN sums)
    const a = w(grid(len), new Float64Array(len), n, m, 3);
    const b = jacobiFlat(grid(len), new Float64Array(len), n, m, 3);
    assert.ok(same(a, b), `n ${n}, m ${m}, length ${len}`);
  }
});

test('a local declared as the index keeps its value: an i32 sum where proved, the checked i64 path otherwise', () => {
  function gather(xs: Float64Array, out: Float64Array, m: number): number {
    let t = 0;
    for (let i = 0; i < out.length; i++) {
      const k = i * m + 1;
      out[i] = xs[k]!;
      t += k;
    }
    return t;
  }
  const w = memoJit({ backend: 'wasm' })(gather);
  for (const [n, m] of [[20, 3], [20, 5], [4, 0], [3, -1]] as const) {
    const xs = Float64Array.from({ length: 60 }, (_, k) => k / 3);
    const a = new Float64Array(n), b = new Float64Array(n);
    assert.ok(Object.is(w(xs, a, m), gather(xs, b, m)), `result, m = ${m}`);
    assert.ok(same(a, b), `out, m = ${m}`);
  }
});
