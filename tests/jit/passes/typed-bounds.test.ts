// Bounds facts for typed-array elements (src/jit/passes/typed-bounds.ts), and the Wasm backend that emits the
// proved accesses without a check: counted loops prove `0 <= j + T + k < length` once before the loop (or by
// construction), and the loop runs in two versions, so results stay bit-identical to plain JS whether the
// conditions hold or not. The conditions themselves are evaluated here by a small IR interpreter against a
// brute-force walk of every iteration: whenever they hold, every proved access is in range (soundness), and on
// ordinary inputs they do hold. Loops that are no counted loop, or whose array or counter the body changes,
// prove nothing; accesses of nested loops belong to those loops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { elementBounds } from '../../../src/jit/passes/typed-bounds.js';
import type { Expr, Loop, Stmt } from '../../../src/jit/ir.js';
import { rng } from '../../_support/rng.js';

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

// ------------------------------------------------------------------------------------------ the facts themselves

const I32 = { kind: 'i32' } as const;

/** Evaluates a condition's IR (constants, locals, lengths, conversions, + - *, negation, comparisons) in doubles. */
function evaluate(e: Expr, env: Readonly<Record<string, unknown>>): number | boolean {
  switch (e.op) {
    case 'const': return e.value as number;
    case 'local': {
      assert.ok(e.name in env, `the condition reads ${e.name}`);
      return env[e.name] as number;
    }
    case 'length': return (env[(e.array as { name: string }).name] as Float64Array).length;
    case 'convert': return evaluate(e.arg, env);
    case 'unary': assert.equal(e.operator, 'neg'); return -(evaluate(e.arg, env) as number);
    case 'binary': {
      const l = evaluate(e.left, env) as number, r = evaluate(e.right, env) as number;
      if (e.operator === 'add') return l + r;
      if (e.operator === 'sub') return l - r;
      assert.equal(e.operator, 'mul');
      return l * r;
    }
    case 'compare': {
      const l = evaluate(e.left, env) as number, r = evaluate(e.right, env) as number;
      return e.operator === 'lt' ? l < r : e.operator === 'le' ? l <= r : e.operator === 'ge' ? l >= r : e.operator === 'gt' ? l > r : assert.fail(e.operator);
    }
    default: return assert.fail(`a condition with ${e.op}`);
  }
}

const inRange = (index: number, length: number): boolean => Number.isInteger(index) && index >= 0 && index < length;

/** The arguments of the cases, by parameter name (each case reads its own). */
type Args = { xs: Float64Array; out: Float64Array; lo: number; n: number; w: number; m: number };

interface Case {
  readonly fn: (...a: never[]) => unknown;
  readonly types: readonly object[];
  /** proved, always, conditions: counted by hand from the module's rules */
  readonly counts: readonly [number, number, number];
  /** random arguments, and the counter's value before the loop */
  readonly make: (r: () => number) => { args: Record<string, unknown>; counter: Record<string, number> };
  /** every (index, length) the loop's proved accesses touch, over all iterations */
  readonly touches: (a: Args) => Array<[number, number]>;
}

const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const arr = (r: () => number, max = 12): Float64Array => new Float64Array(int(r, 0, max));

const CASES: Record<string, Case> = {
  // out[i - lo] and xs[i + w]: counter from an unknown start, invariant terms on both
  window: {
    fn: function window(xs: Float64Array, out: Float64Array, lo: number, n: number, w: number) { for (let i = lo; i < n; i++) out[i - lo] = xs[i + w]!; },
    types: [F64, F64, I32, I32, I32], counts: [3, 0, 4], // and the declaration of the index local i - lo
    make: (r) => { const lo = int(r, -3, 8); return { args: { xs: arr(r), out: arr(r), lo, n: int(r, -3, 14), w: int(r, -4, 6) }, counter: { i: lo } }; },
    touches: ({ xs, out, lo, n, w }) => { const t: Array<[number, number]> = []; for (let i = lo as number; i < n; i++) t.push([i - lo, (out as Float64Array).length], [i + w, (xs as Float64Array).length]); return t; },
  },
  // a step of 2 up to xs.length - 1, reading both neighbours: in range by construction (start 1 known)
  strided: {
    fn: function strided(xs: Float64Array) { let s = 0; for (let j = 1; j < xs.length - 1; j += 2) s += xs[j + 1]! - xs[j - 1]!; return s; },
    types: [F64], counts: [2, 2, 0],
    make: (r) => ({ args: { xs: arr(r, 20) }, counter: { j: 1 } }),
    touches: ({ xs }) => { const t: Array<[number, number]> = []; const n = (xs as Float64Array).length; for (let j = 1; j < n - 1; j += 2) t.push([j + 1, n], [j - 1, n]); return t; },
  },
  // a non-strict bound on the own length: j <= xs.length - 2 reads xs[j + 1]
  pairs: {
    fn: function pairs(xs: Float64Array) { let s = 0; for (let j = 0; j <= xs.length - 2; j++) s += xs[j + 1]!; return s; },
    types: [F64], counts: [1, 1, 0],
    make: (r) => ({ args: { xs: arr(r, 20) }, counter: { j: 0 } }),
    touches: ({ xs }) => { const t: Array<[number, number]> = []; const n = (xs as Float64Array).length; for (let j = 0; j <= n - 2; j++) t.push([j + 1, n]); return t; },
  },
  // a counter to an unrelated bound n reading xs[j + 2]: one condition, n + 2 <= xs.length (the start 0 is known)
  shifted: {
    fn: function shifted(xs: Float64Array, n: number) { let s = 0; for (let j = 0; j < n; j++) s += xs[j + 2]!; return s; },
    types: [F64, I32], counts: [1, 0, 1],
    make: (r) => ({ args: { xs: arr(r, 14), n: int(r, -2, 14) }, counter: { j: 0 } }),
    touches: ({ xs, n }) => { const t: Array<[number, number]> = []; for (let j = 0; j < n; j++) t.push([j + 2, (xs as Float64Array).length]); return t; },
  },
  // an invariant index, and a constant one, read in a loop that is not counted over them
  invariant: {
    fn: function invariant(xs: Float64Array, m: number, n: number) { let s = 0; for (let i = 0; i < n; i++) s += xs[m]! + xs[3]!; return s; },
    types: [F64, I32, I32], counts: [2, 0, 3],
    make: (r) => ({ args: { xs: arr(r), m: int(r, -2, 12), n: int(r, 0, 3) }, counter: { i: 0 } }),
    touches: ({ xs, m, n }) => { const t: Array<[number, number]> = []; for (let i = 0; i < n; i++) t.push([m, (xs as Float64Array).length], [3, (xs as Float64Array).length]); return t; },
  },
  // a declared index m * w + i: the product of two int32 invariants is one term, with its two range guards; the
  // store out[i] up to out.length is in range by construction, and k's declaration is proved with the read
  gather: {
    fn: function gather(xs: Float64Array, out: Float64Array, m: number, w: number) { for (let i = 0; i < out.length; i++) { const k = m * w + i; out[i] = xs[k]!; } },
    types: [F64, F64, I32, I32], counts: [3, 1, 4],
    make: (r) => ({ args: { xs: arr(r, 30), out: arr(r), m: int(r, -3, 5), w: int(r, -2, 5) }, counter: { i: 0 } }),
    touches: ({ xs, out, m, w }) => { const t: Array<[number, number]> = []; for (let i = 0; i < (out as Float64Array).length; i++) t.push([i, (out as Float64Array).length], [m * w + i, (xs as Float64Array).length]); return t; },
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: the counts of proved, unconditional and condition; when the conditions hold, every access is in range`, () => {
    const { loop, before } = loops(lowerToIR(c.fn as never, c.types as never).functions[0]!.body)[0]!;
    const facts = elementBounds(loop, before);
    assert.deepEqual([facts.proved.size, facts.always.size, facts.conditions.length], c.counts);
    for (const x of facts.always) assert.ok(facts.proved.has(x), 'always is a part of proved');
    const r = rng(name.length * 7919);
    let held = 0;
    for (let trial = 0; trial < 400; trial++) {
      const { args, counter } = c.make(r);
      const env = { ...args, ...counter };
      if (!facts.conditions.every((e) => evaluate(e, env) === true)) continue;
      held++;
      for (const [index, length] of c.touches(args as Args)) assert.ok(inRange(index, length), `${name}(${JSON.stringify(args, (_, v) => (ArrayBuffer.isView(v) ? `length ${(v as Float64Array).length}` : v))}): index ${index} of ${length}`);
    }
    assert.ok(held >= 20, `the conditions hold on ordinary inputs (${held} of 400)`);
  });
}

test('a loop without a test, or with its test after the body, proves nothing', () => {
  function untilZero(xs: Float64Array): number {
    let s = 0, i = 0;
    do { s += xs[i]!; i++; } while (i < xs.length);
    return s;
  }
  for (const { loop, before } of loops(lowerToIR(untilZero, [F64]).functions[0]!.body)) {
    assert.equal(elementBounds(loop, before).proved.size, 0);
  }
});

test('a counter the body also writes, a decreasing counter, or an array the loop repoints prove nothing', () => {
  function skips(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) { s += xs[i]!; if (s > 1) i++; } return s; }
  function down(xs: Float64Array): number { let s = 0; for (let i = xs.length - 1; i >= 0; i--) s += xs[i]!; return s; }
  function repoint(xs: Float64Array, ys: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) { s += xs[i]!; xs = ys; } return s; }
  const provedIn = (fn: (...a: never[]) => number, types: object[]): number => {
    const { loop, before } = loops(lowerToIR(fn as never, types as never).functions[0]!.body)[0]!;
    return elementBounds(loop, before).proved.size;
  };
  assert.equal(provedIn(skips, [F64]), 0);
  assert.equal(provedIn(down, [F64]), 0);
  assert.equal(provedIn(repoint, [F64, F64]), 0);
  // and each still computes as plain JS on the Wasm backend
  const xs = Float64Array.of(0.5, 2, 3, 4), ys = Float64Array.of(10);
  for (const fn of [skips, down]) assert.ok(Object.is(memoJit({ backend: 'wasm' })(fn)(xs), fn(xs)), fn.name);
  assert.ok(Object.is(memoJit({ backend: 'wasm' })(repoint)(Float64Array.from(xs), ys), repoint(Float64Array.from(xs), ys)));
});

test('an outer loop does not claim the accesses of the loop nested in it', () => {
  function rows(xs: Float64Array, n: number, m: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += xs[i]!;
      for (let j = 0; j < m; j++) s += xs[j]!;
    }
    return s;
  }
  const [outer, inner] = loops(lowerToIR(rows, [F64, I32, I32]).functions[0]!.body);
  const o = elementBounds(outer!.loop, outer!.before);
  const i = elementBounds(inner!.loop, inner!.before);
  assert.equal(o.proved.size, 1, 'xs[i] only');
  assert.equal(i.proved.size, 1, 'xs[j]');
  for (const x of i.proved) assert.ok(!o.proved.has(x));
});
