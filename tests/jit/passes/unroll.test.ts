import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { unrollLoops } from '../../../src/jit/passes/unroll.js';
import { lowerToIR } from '../../../src/jit/pipeline.js';
import type { Stmt } from '../../../src/jit/ir.js';
import { std } from '../lecture.js';

const F64A = { kind: 'array', element: 'f64' } as const;
const I32 = { kind: 'i32' } as const;

/** How many loops a statement list holds, at any depth. */
function countLoops(stmts: readonly Stmt[]): number {
  let n = 0;
  for (const s of stmts) {
    if (s.kind === 'loop') n += 1 + countLoops(s.body);
    else if (s.kind === 'if') n += countLoops(s.then) + countLoops(s.else);
  }
  return n;
}

/** The unrolled entry's loops, compared with the lowered entry's: same count, and whether the test changed. */
function unrolledTests(fn: (...args: never[]) => unknown, types: Parameters<typeof lowerToIR>[1]): string[] {
  const module = unrollLoops(lowerToIR(fn, types));
  const tests: string[] = [];
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'loop') {
        tests.push(s.test?.op === 'compare' && s.test.left.op === 'binary' ? 'unrolled' : 'kept');
        visit(s.body);
      } else if (s.kind === 'if') { visit(s.then); visit(s.else); }
    }
  };
  visit(module.functions.at(-1)!.body);
  return tests;
}

test('std: both loops run two elements per trip, and the result is bit-exact for every length parity', () => {
  assert.deepEqual(unrolledTests(std, [F64A]), ['unrolled', 'unrolled']);
  const cstd = memoJit(std);
  for (const n of [0, 1, 2, 3, 4, 5, 100, 101]) {
    const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 1e3 + 1 / (i + 1));
    assert.ok(Object.is(cstd(xs), std(xs)), `n = ${n}`);
  }
  assert.match(Object.values(cstd.inspect())[0]!, /\(\(\$i \+ 1\) < \$n\)/);
});

test('loops with break, continue, a nested loop, or a body that moves the counter or the bound are kept', () => {
  function withBreak(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) { if (xs[i]! < 0) break; s += xs[i]!; } return s; }
  function withContinue(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) { if (xs[i]! < 0) continue; s += xs[i]!; } return s; }
  function movesCounter(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) { s += xs[i]!; if (s > 2) i++; } return s; }
  function movesBound(xs: Float64Array, n: number) { let s = 0; for (let i = 0; i < n; i++) { s += xs[i]!; if (s > 2) n--; } return s; }
  function nested(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) for (let j = 0; j < i; j++) s += xs[j]! * i; return s; }
  assert.deepEqual(unrolledTests(withBreak, [F64A]), ['kept']);
  assert.deepEqual(unrolledTests(withContinue, [F64A]), ['kept']);
  assert.deepEqual(unrolledTests(movesCounter, [F64A]), ['kept']);
  assert.deepEqual(unrolledTests(movesBound, [F64A, I32]), ['kept']);
  assert.deepEqual(unrolledTests(nested, [F64A]), ['kept', 'unrolled'], 'only the inner loop');
  const xs = Float64Array.from([1, 0.5, -1, 2, 0.25, 3]);
  for (const f of [withBreak, withContinue, movesCounter, nested]) assert.ok(Object.is(memoJit(f)(xs), f(xs)), f.name);
  assert.ok(Object.is(memoJit(movesBound)(xs, 6), movesBound(xs, 6)));
});

test('the counter ends where the plain loop leaves it, also next to the int32 limit', () => {
  function lastIndex(start: number, n: number, xs: Float64Array): number {
    let i = start;
    let s = 0;
    for (; i < n; i++) s += xs[i & 7]!;
    return i + s;
  }
  const cl = memoJit(lastIndex);
  const xs = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  for (const [start, n] of [[0, 0], [0, 1], [0, 7], [3, 10], [5, 2], [2147483646, 2147483647], [2147483645, 2147483647], [2147483647, 2147483647]] as const) {
    assert.equal(cl(start, n, xs), lastIndex(start, n, xs), `start ${start}, n ${n}`);
  }
  assert.ok(countLoops(unrollLoops(lowerToIR(lastIndex, [I32, I32, F64A])).functions.at(-1)!.body) === 1);
  assert.deepEqual(unrolledTests(lastIndex, [I32, I32, F64A]), ['unrolled']);
});

test('random draws, stores and declarations keep their order in both copies', () => {
  function fill(out: Float64Array): number {
    let s = 0;
    for (let i = 0; i < out.length; i++) {
      const r = Math.random();
      out[i] = r + s;
      s += r;
    }
    return s;
  }
  const cf = memoJit(fill);
  memoJit.seed(5);
  const a = new Float64Array(9);
  const sa = cf(a);
  assert.deepEqual(unrolledTests(fill, [F64A]), ['unrolled']);
  // the same stream drawn one element per call: what a loop that was not unrolled would produce
  function one(out: Float64Array, i: number, s: number): number { const r = Math.random(); out[i] = r + s; return s + r; }
  const co = memoJit(one);
  memoJit.seed(5);
  const b = new Float64Array(9);
  let sb = 0;
  for (let i = 0; i < 9; i++) sb = co(b, i, sb);
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.ok(Object.is(sa, sb));
});

test('a body of object field arithmetic alone is kept as written; with a typed array or a call too, unrolled', () => {
  // Two copies share nothing when each reads another element object (each has its own map check): kept.
  const source = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
  function drift(ps: { x: number; v: number }[], dt: number): number {
    const n = ps.length;
    for (let i = 0; i < n; i++) {
      const p = ps[i]!;
      p.x = p.x + p.v * dt;
    }
    return ps[0]!.x;
  }
  const make = () => [{ x: 1, v: 0.5 }, { x: 2, v: -1.25 }, { x: 3.5, v: 2 }];
  const cdrift = memoJit(drift);
  const plainPs = make(), jitPs = make();
  assert.ok(Object.is(cdrift(jitPs, 0.1), drift(plainPs, 0.1)));
  assert.deepEqual(jitPs, plainPs);
  assert.doesNotMatch(source(cdrift), /\(\(i \+ 1\) < n\)/);
  // the same loop also reading a typed array's elements: those checks are shared between the copies
  function driftScaled(ps: { x: number; v: number }[], ks: Float64Array, dt: number): number {
    const n = ps.length;
    for (let i = 0; i < n; i++) {
      const p = ps[i]!;
      p.x = p.x + p.v * ks[i]! * dt;
    }
    return ps[0]!.x;
  }
  const cscaled = memoJit(driftScaled);
  const ks = Float64Array.of(1, 3, -2);
  const plainQs = make(), jitQs = make();
  assert.ok(Object.is(cscaled(jitQs, ks, 0.1), driftScaled(plainQs, ks, 0.1)));
  assert.deepEqual(jitQs, plainQs);
  assert.match(source(cscaled), /\(\(i \+ 1\) < n\)/);
  // and a body that calls a function per object (as awfy-bounce's `ball.bounce()`), which measured faster unrolled
  function step(p: { x: number; v: number }, dt: number): number { return p.x + p.v * dt; }
  function driftCalled(ps: { x: number; v: number }[], dt: number): number {
    const n = ps.length;
    for (let i = 0; i < n; i++) {
      const p = ps[i]!;
      p.x = step(p, dt);
    }
    return ps[0]!.x;
  }
  const ccalled = memoJit(driftCalled);
  const plainRs = make(), jitRs = make();
  assert.ok(Object.is(ccalled(jitRs, 0.1), driftCalled(plainRs, 0.1)));
  assert.deepEqual(jitRs, plainRs);
  assert.match(source(ccalled), /\(\(i \+ 1\) < n\)/);
});

test('a loop reading a plain number[] is kept as written, one beside it over a typed array is unrolled', () => {
  // The unrolled copies of a number[] read share no checks, and such a loop (simple-statistics' sum called on two
  // arrays in turn) kept V8 deoptimizing on its code after the loop: the pass leaves it alone.
  function sums(xs: number[], ys: Float64Array) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]!;
    let t = 0;
    for (let i = 0; i < ys.length; i++) t += ys[i]!;
    return s + t;
  }
  assert.deepEqual(unrolledTests(sums, [{ kind: 'array', element: 'num' }, F64A]), ['kept', 'unrolled']);
  const compiled = memoJit(sums);
  for (const n of [0, 1, 2, 5, 8]) {
    const xs = Array.from({ length: n }, (_, i) => 0.1 * i - 0.3), ys = Float64Array.from(xs, (v) => v / 3);
    assert.ok(Object.is(compiled(xs, ys), sums(xs, ys)), `n = ${n}`);
  }
});
