// Which loop nests take outer lanes (src/jit/wasm/simd-outer.ts): planOuterLanes on the lowered IR says yes for
// nests whose outer iterations are independent (row norms, the j loop of pairwise distances) and no, with the
// reason, for nests where they are not or may not be: a sum carried across outer iterations, an output the nest
// also reads, arrays that may alias (a callee's parameters), an inner loop whose count depends on the outer
// counter, a store inside the inner loop, a lane value read after the loop. The compiled functions' inspect()
// says the same, and the refused ones still give the plain result.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pairwiseFlat, row_norms } from '../_support/kernels.js';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { memoJit } from '../../../src/index.js';
import { walkStmts } from '../../../src/gpu/wgsl/walk.js';
import { describeOuter, isLaneOp, planOuterLanes, type OuterContext, type OuterPlan } from '../../../src/jit/wasm/simd-outer.js';

const ENTRY: OuterContext = { distinct: (a, b) => a !== b, separateMatrices: true };
const M = { kind: 'matrix', layout: 'nested' } as const;
const F64 = { kind: 'array', element: 'f64' } as const;
const I32 = { kind: 'i32' } as const;
const text = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

/** The plans of every loop of the entry, outermost first. */
function plans(fn: (...args: never[]) => unknown, params: readonly unknown[], context = ENTRY): Array<OuterPlan | string> {
  const f = lowerToIR(fn as never, params as never).functions.at(-1)!;
  const loops: IR.Loop[] = [];
  walkStmts(f.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
  return loops.map((l) => planOuterLanes(l, f, context));
}
const lanesOf = (p: OuterPlan | string | undefined): string[] | string => (typeof p === 'string' || !p ? p ?? 'none' : [...p.lanes]);

test('row norms: the outer loop takes lanes with s as its lane value; the inner loop is no nest', () => {
  const [outer, inner] = plans(row_norms, [M]);
  assert.deepEqual(lanesOf(outer), ['s']);
  assert.equal((outer as OuterPlan).index, 'i');
  assert.equal(inner, 'no inner loop');
});

test('pairwise distances: the j loop takes lanes (d, tmp), the i loop does not (its inner loop holds a loop)', () => {
  const [i, j] = plans(pairwiseFlat, [F64, I32, I32]);
  assert.equal(i, 'an inner loop holding a loop (the innermost two loops of a nest take outer lanes)');
  assert.deepEqual(lanesOf(j), ['d', 'tmp']);
});

test('a sum carried from one row to the next (a dependence across outer iterations) stays one iteration at a time', () => {
  function running(X: number[][], out: Float64Array) {
    let s = 0;
    for (let i = 0; i < X.length; i++) {
      for (let j = 0; j < X[0]!.length; j++) s += X[i]![j]!;
      out[i] = s;
    }
  }
  assert.equal(plans(running, [M, F64])[0], 's is carried from one outer iteration to the next');
  const w = memoJit({ backend: 'wasm' })(running);
  const X = [[1, 2], [3, 0.1], [NaN, -0], [4, 5], [0.2, 0.3]];
  const o1 = new Float64Array(5), o2 = new Float64Array(5);
  w(X, o1);
  running(X, o2);
  assert.deepEqual([...o1], [...o2]);
  assert.match(text(w), /running: a loop nest runs one outer iteration at a time: s is carried from one outer iteration to the next/);
  assert.doesNotMatch(text(w), /outer lanes/);
});

test('an output the nest also reads (row i + 1 reads what row i wrote) is refused', () => {
  function chained(X: Float64Array, n: number, d: number, out: Float64Array) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]! * out[j]!;
      out[i] = s;
    }
  }
  assert.equal(plans(chained, [F64, I32, I32, F64])[0], 'out is written and read in the nest: one lane could read what the other writes');
});

test('arrays that may be the same memory (parameters of a callee, no distinctness known) are refused', () => {
  function norms(X: Float64Array, n: number, d: number, out: Float64Array) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]!;
      out[i] = s;
    }
  }
  const callee: OuterContext = { distinct: () => false, separateMatrices: false };
  assert.equal(plans(norms, [F64, I32, I32, F64], callee)[0], 'X may be the same memory as out, which the nest writes');
  assert.deepEqual(lanesOf(plans(norms, [F64, I32, I32, F64])[0]), ['s']);
});

test('an inner count that depends on the outer counter (a triangle), a store in the inner loop, a lane value read after the loop: refused', () => {
  function triangle(X: number[][], out: Float64Array) {
    for (let i = 0; i < X.length; i++) {
      let s = 0;
      for (let j = 0; j < i; j++) s += X[i]![j]!;
      out[i] = s;
    }
  }
  assert.equal(plans(triangle, [M, F64])[0], 'the inner loop over j may not run the same count in both lanes');
  function inner(X: number[][], out: Float64Array) {
    for (let i = 0; i < X.length; i++) {
      let s = 0;
      for (let j = 0; j < X[0]!.length; j++) { s += X[i]![j]!; out[j] = s; }
    }
  }
  assert.equal(plans(inner, [M, F64])[0], 'a store in an inner loop (only lane values there: no stores, branches or loops)');
  function after(X: number[][], out: Float64Array) {
    let s = 0;
    for (let i = 0; i < X.length; i++) {
      s = 0;
      for (let j = 0; j < X[0]!.length; j++) s += X[i]![j]!;
      out[i] = s;
    }
    return s;
  }
  assert.equal(plans(after, [M, F64])[0], 's is carried from one outer iteration to the next');
});

test('isLaneOp and describeOuter: the f64 operations lanes run, and the inspect() line', () => {
  const x = { op: 'local', type: { kind: 'f64' }, name: 'x' } as const;
  assert.equal(isLaneOp({ op: 'math', type: { kind: 'f64' }, fn: 'sqrt', args: [x] }), true);
  assert.equal(isLaneOp({ op: 'math', type: { kind: 'f64' }, fn: 'exp', args: [x] }), false);
  assert.equal(isLaneOp({ op: 'unary', type: { kind: 'f64' }, operator: 'square', arg: x }), true);
  const plan = plans(function f(X: number[][], out: Float64Array) {
    for (let i = 0; i < X.length; i++) {
      let s = 0;
      for (let j = 0; j < X[0]!.length; j++) s += X[i]![j]!;
      out[i] = s;
    }
  }, [M, F64])[0] as OuterPlan;
  assert.equal(describeOuter('f', plan), 'f: the loop over i runs 2 iterations at a time in f64 lanes (f64x2, outer lanes), each lane in its scalar order (s)');
});
