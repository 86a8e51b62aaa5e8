// The vector loops emitted by src/jit/wasm/simd-emit.ts, run through memoJit({ backend: 'wasm' }) on lengths that
// are no multiple of the lanes (0, 1, 3, 5, 17, plus 2 and 4): maps (f64, f32 with one rounding at the store),
// 3-point stencils and integer sums give plain JS's results bit for bit (Object.is element by element, the same
// writes, untouched elements left alone), and a float sum without fastmath stays in order (bit-exact). With
// fastmath a sum runs in lanes and is within the derived bound 2·γ(n-1)·Σ|x| of the in-order sum (each summation
// order is within γ(n-1)·Σ|x| of the exact sum, γ(k) = k·u/(1 - k·u), u = 2^-53; Higham, Accuracy and Stability,
// §4.2). emitVectorLoop itself, on a recording host: a reduction keeps two accumulators joined after the loop
// (and its single-v128 tail pass). A loop starting next to 2^31 - 1 runs no vector pass and writes nothing
// outside its arrays (numbat memory around them checked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f64, memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { walkStmts } from '../../../src/gpu/wgsl/walk.js';
import type { Loop } from '../../../src/jit/ir.js';
import type { OpName } from '../../../src/jit/wasm/encode.js';
import { planSimd } from '../../../src/jit/wasm/simd.js';
import { emitVectorLoop, type VectorHost } from '../../../src/jit/wasm/simd-emit.js';

const LENGTHS = [0, 1, 2, 3, 4, 5, 17];
const EDGES = [-0, NaN, Infinity, -Infinity, 5e-324, 1e308, -1e308, 1 / 3];
const wasm = memoJit({ backend: 'wasm' });
const report = (f: { inspect(): Record<string, string> }): string => Object.values(f.inspect()).join('\n');

/** n values mixing edge cases and ordinary fractions, the same for a given (n, k). */
function data(n: number, k: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i % 4 === k % 4 ? EDGES[(i + k) % EDGES.length]! : Math.sin(i * 3 + k) * 10 ** ((i % 5) - 2)));
}

function same(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < b.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}, element ${i}: ${a[i]} vs ${b[i]}`);
}

function recorded(f: (...a: never[]) => unknown, types: Parameters<typeof lowerToIR>[1], fastmath: boolean): OpName[] {
  const fn = lowerToIR(f, types).functions.at(-1)!;
  const loops: Loop[] = [];
  walkStmts(fn.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
  const plan = planSimd(loops[0]!, { fastmath, distinct: () => true });
  assert.notEqual(typeof plan, 'string', `planned: ${String(plan)}`);
  const ops: OpName[] = [];
  let next = 10;
  const host: VectorHost = {
    emit: (op) => void ops.push(op),
    temp: () => next++,
    counter: () => 1,
    accumulator: () => ({ idx: 2, int64: false }),
    array: () => ({ ptr: 3, len: 4, element: 'f64' }),
    matrix: () => ({ ptr: 5, rows: 6, cols: 7 }),
    value: () => void ops.push('f64.const'),
  };
  if (typeof plan !== 'string') emitVectorLoop(plan, host);
  return ops;
}

function sum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function axpy(x: Float64Array, out: Float64Array, k: number): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(Math.abs(x[i]! * k)) - x[i]! / 3;
}

test('emitVectorLoop: a sum keeps two f64x2 accumulators joined after the loop; a map has none', () => {
  const ops = recorded(sum, [{ kind: 'array', element: 'f64' }], true);
  assert.equal(ops.filter((op) => op === 'f64x2.add').length, 4, 'two adds per pass of the loop, one in the single-v128 tail pass, one join');
  const map = recorded(axpy, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }, { kind: 'f64' }], false);
  assert.equal(map.filter((op) => op === 'f64x2.add').length, 0);
  for (const op of ['f64x2.mul', 'f64x2.abs', 'f64x2.sqrt', 'f64x2.div', 'f64x2.sub'] as OpName[]) assert.ok(map.includes(op), op);
});

test('an f64 map in lanes equals plain JS bit for bit on every length', () => {
  const compiled = wasm(axpy);
  for (const n of LENGTHS) {
    for (const k of [0.5, -3, NaN]) {
      const x = data(n, n + 1);
      const mine = new Float64Array(n).fill(7);
      const theirs = new Float64Array(n).fill(7);
      compiled(x, mine, k);
      axpy(x, theirs, k);
      same(mine, theirs, `n=${n}, k=${k}`);
    }
  }
  assert.match(report(compiled), /runs 2 f64 lanes at a time \(f64x2\)/);
});

test('a Float32 map rounds once at the store, as plain JS does', () => {
  function f32(x: Float32Array, o: Float32Array): void {
    for (let i = 0; i < x.length; i++) o[i] = x[i]! * 3 - 1;
  }
  const compiled = wasm(f32);
  for (const n of LENGTHS) {
    const x = Float32Array.from(data(n, 2));
    const mine = new Float32Array(n);
    const theirs = new Float32Array(n);
    compiled(x, mine);
    f32(x, theirs);
    same(mine, theirs, `n=${n}`);
  }
  const one = new Float32Array(1);
  compiled(Float32Array.of(0.1), one);
  assert.equal(one[0], Math.fround(Math.fround(0.1) * 3 - 1), 'by hand: widened exactly, rounded once');
});

test('a 3-point stencil into another array equals plain JS, the ends untouched', () => {
  function smooth(x: Float64Array, out: Float64Array): void {
    for (let i = 1; i < x.length - 1; i++) out[i] = (x[i - 1]! + x[i]! + x[i + 1]!) / 3;
  }
  const compiled = wasm(smooth);
  for (const n of LENGTHS) {
    const x = data(n, 5);
    const mine = new Float64Array(n).fill(-1);
    const theirs = new Float64Array(n).fill(-1);
    compiled(x, mine);
    smooth(x, theirs);
    same(mine, theirs, `n=${n}`);
    if (n > 0) assert.equal(mine[0], -1);
  }
  const out = new Float64Array(5);
  compiled(Float64Array.of(3, 6, 9, 12, 0), out);
  assert.deepEqual([...out], [0, 6, 9, 7, 0], 'by hand');
  assert.match(report(compiled), /a stencil reading x\[i-1\.\.i\+1\]/);
});

test('an integer sum runs in lanes and is exact; a float sum without fastmath stays in order, bit-exact', () => {
  function isum(x: Int32Array): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    return s;
  }
  const ci = wasm(isum);
  const cf = wasm(sum);
  for (const n of LENGTHS) {
    const ints = Int32Array.from({ length: n }, (_, i) => (i % 2 ? -(2 ** 31) : 2 ** 31 - 1 - i));
    assert.ok(Object.is(ci(ints), isum(ints)), `isum n=${n}`);
    const x = Float64Array.from({ length: n }, (_, i) => 0.1 * (i + 1) * (i % 3 ? 1 : -1e-3));
    assert.ok(Object.is(cf(x), sum(x)), `sum n=${n}`);
  }
  assert.ok(Object.is(ci(new Int32Array(0)), 0));
  assert.match(report(ci), /integer sums s in lanes, exact/);
});

test('fastmath: a float sum in lanes is within 2·γ(n-1)·Σ|x| of the in-order sum; -0, NaN and Infinity as in order', () => {
  const fast = memoJit({ backend: 'wasm', fastmath: true })(sum);
  const u = 2 ** -53;
  const gamma = (k: number): number => (k * u) / (1 - k * u);
  for (const n of [...LENGTHS, 1001]) {
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 1.7) * 10 ** ((i % 9) - 4));
    const abs = x.reduce((s, v) => s + Math.abs(v), 0);
    const got = fast(x);
    const want = sum(x);
    // Σ|x| is itself computed in floating point; (1 + 2γ(n)) covers its own rounding.
    const bound = 2 * gamma(Math.max(n - 1, 0)) * abs * (1 + 2 * gamma(n));
    assert.ok(Math.abs(got - want) <= bound, `n=${n}: |${got} - ${want}| > ${bound}`);
    if (n <= 1) assert.ok(Object.is(got, want), `n=${n}: nothing to reassociate`);
  }
  assert.ok(Object.is(fast(Float64Array.of(1, Infinity, 2)), Infinity));
  assert.ok(Number.isNaN(fast(Float64Array.of(1, Infinity, -Infinity, 2, 3))));
  assert.ok(Number.isNaN(fast(Float64Array.of(1, 2, 3, NaN, 5))));
  assert.match(report(fast), /runs 2 f64 lanes at a time \(f64x2\) \(reductions s reassociated: fastmath\)/);
});

test('a start index next to 2^31 - 1: no vector pass runs, nothing before the arrays is written', () => {
  // i + 3 wrapped past 2^31 - 1 to a negative index, so the pass ran and stored 16 bytes below `out`
  const copy = wasm(function copy(out: Float64Array, a: Float64Array, k: number): number {
    for (let i = k; i < a.length; i++) out[i] = a[i]! * 2;
    return out[0]!;
  });
  for (const k of [2147483640, 2147483644, 2147483645, 2147483646, 2147483647]) {
    // numbat memory: the arrays sit next to each other, so a store below `out` lands in a neighbour
    const neighbour = f64(8), a = f64(8), out = f64(8), after = f64(8);
    neighbour.fill(7); a.fill(1); out.fill(5); after.fill(3);
    assert.equal(copy(out, a, k), 5, `k = ${k}`);
    for (const [name, xs, v] of [['neighbour', neighbour, 7], ['a', a, 1], ['out', out, 5], ['after', after, 3]] as const) {
      assert.deepEqual(Array.from(xs), Array(8).fill(v), `k = ${k}: ${name}`);
    }
  }
});
