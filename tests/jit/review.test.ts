// Adversarial cases from the review of the branchless counters, unrolling, loop versioning, refineSide's
// narrowing of unsatisfiable comparisons and the PRNG expression: each compiled function must return what the
// plain one returns (Object.is), or throw where it throws (a bad Array2D row may throw a RangeError where the
// plain code reads an empty view: the documented RowOf deviation, checked here by spying on `row`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../src/index.js';
import { RANDOM_LOCALS, RANDOM_STATE, nextRandom, randomExpressionSource, seedRandom } from '../../src/jit/random.js';
import { sameValues as sameResult } from '../_support/outcome.js';

type Fn = (...args: never[]) => unknown;
type Outcome = { value: unknown } | { threw: string };

function outcome(f: (...args: unknown[]) => unknown, args: readonly unknown[]): Outcome {
  try { return { value: f(...args) }; } catch (e) { return { threw: (e as Error).name }; }
}

const copy = (a: unknown): unknown => (a instanceof Array2D ? new Array2D(a.rows, a.cols, a.data.slice()) : a instanceof Float64Array ? a.slice() : a);

/** Whether the plain function asks an Array2D for a row outside it (where compiled code throws a RangeError). */
function readsBadRow(f: (...args: unknown[]) => unknown, args: readonly unknown[]): boolean {
  let bad = false;
  const spied = args.map((a) => {
    if (!(a instanceof Array2D)) return copy(a);
    const m = new Array2D(a.rows, a.cols, a.data.slice());
    const row = m.row.bind(m);
    m.row = (i: number) => { if (!(i >= 0 && i < m.rows)) bad = true; return row(i); };
    return m;
  });
  outcome(f, spied);
  return bad;
}

function agree(fn: Fn, inputs: ReadonlyArray<readonly unknown[]>): void {
  const plain = fn as unknown as (...args: unknown[]) => unknown;
  const compiled = memoJit(fn) as unknown as (...args: unknown[]) => unknown;
  for (const args of inputs) {
    const want = outcome(plain, args.map(copy));
    const got = outcome(compiled, args.map(copy));
    const label = `${fn.name}(${args.map((a) => (a instanceof Float64Array ? `[${Array.from(a).join(', ')}]` : a instanceof Array2D ? `${a.rows}x${a.cols}` : Object.is(a, -0) ? '-0' : String(a))).join(', ')})`;
    if ('threw' in want) { assert.ok('threw' in got, `${label}: plain throws ${want.threw}, compiled returned`); continue; }
    if ('threw' in got && got.threw === 'RangeError' && readsBadRow(plain, args)) continue;
    assert.ok('value' in got, `${label}: compiled threw ${'threw' in got ? got.threw : ''}`);
    assert.ok(sameResult(got.value, want.value), `${label}: want ${String(want.value)}, got ${String(got.value)}`);
  }
}

const NUMS = [0, -0, 1, 2, 3, 5, -1, -3, 0.5, -2.5, NaN, Infinity, -Infinity, 2147483647, -2147483648, 1e300];
const SMALL = [0, -0, 1, 2, 3, 5, 7, -1, 0.5, 4.5, NaN, -2.5];
const pairs = (xs: readonly number[]): number[][] => xs.flatMap((a) => xs.map((b) => [a, b]));
const ARRAYS = [[], [1], [1, 2], [1, 2, 3], [-0, 0, -1.5, NaN], [5, -5, 5, -5, 5], Array.from({ length: 9 }, (_, i) => i * 1.25 - 3)].map((a) => Float64Array.from(a));

test('branchless counters: -0, NaN and infinite counters, i32 steps that change between trips, f64 counters fed by out-of-bounds reads', () => {
  function negZero(x: number) { let c = -x; if (x > 5) c += 1; return c; }
  function afterProduct(x: number, y: number) { let c = (x | 0) * (y | 0); if (y > x) c += 1; return c; }
  function negated(x: number) { let c = 0; if (!(x > 0)) c -= 1; return c; }
  function overflowing(x: number) { let c = x; if (x > 1) c += 1e308; if (x > 2) c += 1e308; return c; }
  function roundKeepsSign(x: number) { let c = Math.round(x); if (x < 0) c -= 1; return c; }
  function movingStep(n: number) { let c = 0; let k = 1; for (let i = 0; i < n; i++) { if (i > 2) c += k; k = k + 1; } return c; }
  function counterStep(n: number) { let c = 0; for (let i = 0; i < n; i++) { if (i & 1) c += i; } return c; }
  function flips(n: number) { let c = 0; for (let i = 0; i < n; i++) { c = -c; if (i > 3) c += 2; } return c; }
  function halves(xs: Float64Array) { let c = -0; for (let i = 0; i < 20; i++) { if (xs[i]! > 0) c += 0.5; } return c; }
  function fromRead(xs: Float64Array) { let c = 0; for (let i = 0; i < xs.length; i++) { if (xs[i]! > 0) c += 0.1; if (xs[i]! < -1) c = xs[i + 5]!; } return c; }
  for (const f of [negZero, negated, overflowing, roundKeepsSign]) agree(f, NUMS.map((x) => [x]));
  agree(afterProduct, pairs(NUMS));
  for (const f of [movingStep, counterStep, flips]) agree(f, SMALL.map((x) => [x]));
  for (const f of [halves, fromRead]) agree(f, ARRAYS.map((a) => [a]));
});

test('unrolled loops: bounds past the array, early return, a bound reassigned around the loop, per-copy declarations', () => {
  function upTo(xs: Float64Array, n: number) { let s = 0; for (let i = 0; i < n; i++) s += xs[i]!; return s; }
  function returns(xs: Float64Array, n: number) { let s = 0; for (let i = 0; i < n; i++) { if (xs[i]! < 0) return s; s += xs[i]!; } return s; }
  function reassigned(xs: Float64Array, n: number) { n = n - 1; let s = 0; for (let i = 0; i < n; i++) s += xs[i]! * i; n = 3; return s + n; }
  function fromParam(xs: Float64Array, n: number) { let s = 0; for (let i = n | 0; i < xs.length; i++) s += xs[i]!; return s; }
  function perCopy(xs: Float64Array, n: number) { let s = 0; let t = 0; for (let i = 0; i < xs.length; i++) { const u = t; t = xs[i]!; s += u - t; } return s + n; }
  function stores(xs: Float64Array, n: number) { let s = 0; for (let i = 0; i < (n | 0); i++) { xs[i] = s; s += 1.5; } return xs; }
  const ns = [0, 1, 2, 3, 4, 5, 8, 9, -1, -5, 0.5, 2.5, NaN, -0, -1e10, -Infinity];
  for (const f of [upTo, returns, reassigned, fromParam, perCopy, stores]) agree(f, ARRAYS.flatMap((a) => ns.map((n) => [a, n])));
});

test('loop versioning: invariant and counter indexes past the matrix, shifted counters, unknown starts, nested and triangular loops', () => {
  const nested = [[[1, 2, 3], [4, 5, 6]], [[1.5, -0], [NaN, 2], [3, 4]], [[7]], [[1, 2, 3, 4, 5]], Array.from({ length: 5 }, (_, i) => Array.from({ length: 4 }, (_, j) => i * 4 + j + 0.25))];
  const packed = [...nested.map((m) => Array2D.from(m)), new Array2D(0, 3), new Array2D(3, 0), new Array2D(0, 0)];
  const ns = [0, 1, 2, 3, 5, 6, -1, -2, 0.5, NaN];
  const ks = [-1, 0, 1, 2, 7];
  function fixedRow(M: number[][], n: number, k: number) { let s = 0; const q = n | 0; for (let j = 0; j < M[0]!.length; j++) s += M[q]![j]!; return s + k; }
  function shifted(M: number[][], n: number, k: number) { let s = 0; const m = n | 0; const kk = k | 0; for (let j = 0; j < m; j += 2) s += M[kk]![j - 1]!; return s; }
  function derived(M: number[][], n: number, k: number) { let s = 0; const m = n | 0; const kk = k | 0; for (let j = 0; j <= m; j++) { const t = j + kk; s += M[0]![t]!; } return s; }
  function start(M: number[][], n: number, k: number) { let s = 0; const m = n | 0; let j = k | 0; for (; j < m; j++) s += M[0]![j]!; return s; }
  function movingRow(M: number[][], n: number, k: number) { let s = 0; const m = n | 0; let q = 0; for (let j = 0; j < m; j++) { s += M[q]![j]!; if (j === k) q = q + 1; } return s; }
  function triangle(M: number[][], n: number, k: number) { let s = 0; for (let i = 0; i < M.length; i++) for (let j = 0; j < i; j++) s += M[i]![j]! * M[j]![i]!; return s + n + k; }
  for (const f of [fixedRow, shifted, derived, start, movingRow, triangle]) agree(f, nested.flatMap((m) => ns.flatMap((n) => ks.map((k) => [m, n, k]))));
  function rowLoop(M: Array2D, n: number, k: number) { let s = 0; const m = n | 0; const kk = k | 0; for (let j = kk; j < m; j++) s += M.row(0)[j]!; return s; }
  function rowStore(M: Array2D, n: number, k: number) { let s = 0; const m = n | 0; const kk = k | 0; for (let j = 0; j < m; j++) M.row(kk)[j] = j * 1.5; for (const r of M) for (const x of r) s += x; return s; }
  function earlyReturn(M: Array2D, n: number, k: number) { let s = 0; const m = n | 0; for (let j = 0; j < m; j++) { if (j > 2) return s; s += M.row(j)[k | 0]!; } return s; }
  function down(M: Array2D, n: number, k: number) { let s = 0; const m = n | 0; for (let j = m - 1; j >= 0; j--) s += M.row(0)[j]!; return s + k; }
  function square(M: Array2D, n: number, k: number) { let s = 0; const m = n | 0; const kk = k | 0; for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s += M.row(i)[j + kk]! - M.row(j)[i]!; return s; }
  for (const f of [rowLoop, rowStore, earlyReturn, down, square]) agree(f, packed.flatMap((m) => ns.flatMap((n) => ks.map((k) => [m, n, k]))));
});

test('comparisons no value satisfies (dead branches, negated tests, variables on both sides) keep integer results exact', () => {
  function deadScale(n: number) { let c = 1; const m = n | 0; for (let i = 0; i < 5; i++) { if (i > 10) c = c * 1e9; else if (!(i < m)) c = c * 3 + i; } return c; }
  function deadBoth(n: number) { let c = 0; const m = n | 0; for (let i = m; i >= 0; i--) for (let j = i; j < m; j++) { if (j < i) c = c + 1e10; c = c + j; } return c; }
  function deadDown(n: number) { let c = 0; const m = n | 0; for (let i = 0; i < m; i++) for (let j = m; j > i; j--) { c += j - i; if (j <= i) c = c * 2147483647 * 2; } return c; }
  function growing(n: number) { const m = n | 0; let c = m; for (let i = 0; i < 3; i++) { if (c < -5) c = c * c * c; if (c > 2147483000) c = c + c; } return c; }
  function negatedWhile(n: number) { const m = n | 0; let i = 0; let c = 0; while (!(i >= m)) { c = c + i * i * i; i = i + 1; } return c; }
  const ns = [0, -0, 1, 2, 3, 5, 9, 10, -1, -3, 0.5, NaN, 46341, 65536];
  for (const f of [deadScale, deadBoth, deadDown, growing, negatedWhile]) agree(f, ns.map((n) => [n]));
  agree(growing, [[2147483647], [-2147483648], [2147483646]]);
});

test('the inlined PRNG expression draws what nextRandom draws, from any state', () => {
  const [a, b, c, d] = RANDOM_LOCALS.s;
  const draw = new Function('st', 'n', `let ${a} = st[0], ${b} = st[1], ${c} = st[2], ${d} = st[3], ${RANDOM_LOCALS.out} = 0, ${RANDOM_LOCALS.hi} = 0; const out = new Float64Array(n); for (let i = 0; i < n; i++) out[i] = ${randomExpressionSource()}; st[0] = ${a}; st[1] = ${b}; st[2] = ${c}; st[3] = ${d}; return out;`) as (st: Int32Array, n: number) => Float64Array;
  const states = [[0, 0, 0, 0], [-1, -1, -1, -1], [2147483647, -2147483648, 2147483647, -1], [-2147483648, 0, -1, 2147483647]].map((s) => Int32Array.from(s));
  for (const seed of [0, -1, 42, 2147483647, -2147483648]) { seedRandom(seed); states.push(RANDOM_STATE.slice()); }
  for (const s of states) {
    const st = s.slice();
    RANDOM_STATE.set(s);
    const got = draw(st, 5000);
    for (let i = 0; i < got.length; i++) assert.ok(Object.is(got[i], nextRandom()), `state ${Array.from(s).join(',')}, draw ${i}`);
    assert.deepEqual(Array.from(st), Array.from(RANDOM_STATE));
  }
});
