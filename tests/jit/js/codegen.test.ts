import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../../src/index.js';
import { std, pi, closest, lcg } from '../lecture.js';
import { sameValues as sameResult } from '../../_support/outcome.js';

const rand = lcg(7);
const gaussian = (n: number) => Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));

test('std (literal port) compiles to an indexed loop with the length read once, bit-exact', () => {
  const cstd = memoJit({ backend: 'js' })(std);
  for (const n of [0, 1, 2, 17, 10_000]) {
    const xs = gaussian(n);
    assert.ok(sameResult(cstd(xs), std(xs)), `n = ${n}`);
  }
  const source = Object.values(cstd.inspect())[0]!;
  assert.doesNotMatch(source.replace(/^\/\/ backend.*$/m, ''), /\bof\b/, 'no for…of iterator in the generated code (the backend line is prose)');
  assert.match(source, /let \$n\w* = xs\w*\.length;/, 'length hoisted out of the loop');
  assert.match(source, /\$t0 \* \$t0/, '(x - mean) ** 2 strength-reduced to a multiplication');
});

test('closest (literal port) returns the caller\'s own row objects and the same distance', () => {
  const cclosest = memoJit({ backend: 'js' })(closest);
  for (const n of [2, 3, 50, 300]) {
    const points = Array.from({ length: n }, () => [rand(), rand()]);
    const expected = closest(points);
    const actual = cclosest(points);
    assert.equal(actual[0], expected[0], 'same first row object');
    assert.equal(actual[1], expected[1], 'same second row object');
    assert.ok(Object.is(actual[2], expected[2]));
  }
  // one point: no pair, the rows stay null exactly as in the plain function
  assert.deepEqual(cclosest([[1, 2]]), closest([[1, 2]]));
  const source = Object.values(cclosest.inspect())[0]!;
  assert.doesNotMatch(source, /\$pack/, 'number[][] read in place, never packed');
  // points[j] is read inside two loops, each row about n times: one pass on entry checks each row once instead
  assert.match(source, /\$s_row/, 'the rows are checked in one pass on entry');
  assert.doesNotMatch(source, /\$isArray\(\$t\d+ = points\[/, 'not again where each is read');
  assert.doesNotMatch(source, /\$rowRange/, 'i < points.length proves points[i] in bounds: no check');
});

test('a number[][] row index out of range reads undefined in place, and the next read throws plain JS\'s TypeError', () => {
  function rowAt(points: number[][], k: number) { return points[k]![0]!; }
  const jr = memoJit(rowAt);
  assert.equal(jr([[1, 2], [3, 4]], 1), 3);
  for (const k of [2, -1, 0.5]) {
    assert.throws(() => jr([[1, 2], [3, 4]], k), (e: unknown) => e instanceof TypeError && e.message === "Cannot read properties of undefined (reading '0')");
  }
});

test('pi (literal port) uses the inlined PRNG and estimates pi', () => {
  const cpi = memoJit(pi);
  memoJit.seed(123);
  const estimate = cpi(200_000);
  // 4·Binomial(n, π/4)/n has standard deviation 4·sqrt(p(1-p)/n) ≈ 0.0037 here: 6 sigma is generous
  assert.ok(Math.abs(estimate - Math.PI) < 6 * 4 * Math.sqrt((Math.PI / 4) * (1 - Math.PI / 4) / 200_000), String(estimate));
  const source = Object.values(cpi.inspect())[0]!;
  assert.doesNotMatch(source.replace(/^\/\/ backend.*$/m, ''), /Math\.random/, 'no call to Math.random in the hot loop (the backend line is prose)');
  assert.match(source, /\$S\[0\] = \$s0/, 'PRNG state written back at exit');
});

test('a conditional counter compiles without a branch and keeps -0, NaN and integer counters exact', () => {
  function count(xs: Float64Array, start: number, step: number): [number, number] {
    let n = 0;
    let s = start;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i]! < 0.5) n++;
      if (xs[i]! > 0.25) s += 1;
      if (xs[i]! > 0.75) s -= 2;
      if (xs[i]! > 0.9) n += step;
    }
    return [n, s];
  }
  const cc = memoJit({ backend: 'js' })(count);
  const xs = Float64Array.from({ length: 500 }, () => rand());
  for (const [start, step] of [[0, 3], [-0, -2], [NaN, 1], [Infinity, 0], [-0, 0]] as const) {
    const [n, s] = cc(xs, start, step);
    const [en, es] = count(xs, start, step);
    assert.ok(Object.is(n, en) && Object.is(s, es), `start ${start}, step ${step}: got [${n}, ${s}], expected [${en}, ${es}]`);
  }
  // no element passes the tests: a -0 start must stay -0
  assert.ok(Object.is(cc(new Float64Array(3), -0, 1)[1], -0));
  const source = Object.values(cc.inspect()).join('\n');
  assert.doesNotMatch(source, /if \(\(xs\w*\[i\] [<>] 0\.(5|25|75)\)\)/, 'constant steps are added without an if');
  // a counter that may hold undefined (an out-of-bounds read) keeps its branch: undefined - 0 would be NaN
  function fromRead(xs: Float64Array, t: number): number | undefined {
    let n = xs[4];
    if (t > 0) n! += 1;
    return n;
  }
  const cr = memoJit(fromRead);
  assert.equal(cr(new Float64Array(2), 0), undefined);
  assert.ok(Number.isNaN(cr(new Float64Array(2), 1)));
  assert.equal(cr(new Float64Array(5), 1), 1);
  assert.match(source, /if \(\(xs\w*\[i\] > 0\.9\)\)/, 'an f64 step that may be NaN keeps its branch');
});

test('only x ** 2 is strength-reduced: x ** 3 keeps JS pow (x*x*x differs in the last bit)', () => {
  const cube = memoJit({ backend: 'js' })(function cube(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]! ** 3; return s; });
  const xs = gaussian(1000);
  assert.ok(sameResult(cube(xs), cube.original(xs)));
  assert.match(Object.values(cube.inspect())[0]!, /\*\* 3/);
});

function mandelbrot(w: number, h: number, maxIter: number) { const out = new Int32Array(w * h); for (let py = 0; py < h; py++) { for (let px = 0; px < w; px++) { const x0 = (px / w) * 3.5 - 2.5; const y0 = (py / h) * 2 - 1; let x = 0, y = 0, i = 0; while (x * x + y * y <= 4 && i < maxIter) { const xt = x * x - y * y + x0; y = 2 * x * y + y0; x = xt; i++; } out[py * w + px] = i; } } return out; }
function histogram(xs: Float64Array, nbins: number) { const h = new Int32Array(nbins); for (const x of xs) { if (x < 0 || x >= 1) continue; h[Math.floor(x * nbins)]!++; } return h; }
function blackScholes(S: Float64Array, K: Float64Array, T: number, r: number, v: number) {
  const cnd = (d: number) => { const A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429; const k = 1.0 / (1.0 + 0.2316419 * Math.abs(d)); const ret = 0.3989422804014327 * Math.exp(-0.5 * d * d) * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5))))); return d > 0 ? 1.0 - ret : ret; };
  const out = new Float64Array(S.length);
  for (let i = 0; i < S.length; i++) { const sqrtT = Math.sqrt(T); const d1 = (Math.log(S[i]! / K[i]!) + (r + 0.5 * v * v) * T) / (v * sqrtT); const d2 = d1 - v * sqrtT; out[i] = S[i]! * cnd(d1) - K[i]! * Math.exp(-r * T) * cnd(d2); }
  return out;
}
function collatzSteps(n: number) { let steps = 0; while (n !== 1) { if (n % 2 === 0) n = n / 2; else n = 3 * n + 1; steps++; } return steps; }
function collatzPeak(n: number) { let m = n; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; if (n > m) m = n; } return m; }
function stencil(a: Array2D, b: Array2D) { for (let i = 1; i < a.rows - 1; i++) for (let j = 1; j < a.cols - 1; j++) b.set(i, j, a.get(i - 1, j) + a.get(i + 1, j) + a.get(i, j - 1) + a.get(i, j + 1) - 4 * a.get(i, j)); return b.get(1, 1); }
function doWhile(n: number) { let i = 0, s = 0; do { s += i ** 3; i++; if (i > 5) break; } while (i < n); return [s, i]; }
function popcount(n: number) { let c = 0; let x = n | 0; while (x !== 0) { c += x & 1; x >>>= 1; } return c; }
function rowTotal(points: number[][]) { let t = 0; for (const p of points) { for (const v of p) t += v; } return t; }
function negZero(x: number) { return -x * 0; }
function remainders(a: Int32Array) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! % 3; return s; }

test('numba-tutorial kernels compile and return exactly what the plain functions return', () => {
  const u = Float64Array.from({ length: 2000 }, () => rand() * 1.2 - 0.1);
  const grid = () => Array2D.from([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 13], [1, 1, 1, 1]]);
  const cases: Array<[(...args: never[]) => unknown, () => unknown[]]> = [
    [mandelbrot, () => [40, 30, 100]],
    [histogram, () => [u, 10]],
    [blackScholes, () => [Float64Array.from([30, 40, 50]), Float64Array.from([35, 40, 45]), 1.5, 0.02, 0.3]],
    [collatzSteps, () => [27]],
    [collatzSteps, () => [837799]],
    [collatzPeak, () => [77671]],
    [stencil, () => [grid(), new Array2D(4, 4)]],
    [doWhile, () => [3]],
    [doWhile, () => [0]],
    [popcount, () => [-1]],
    [popcount, () => [12345]],
    [rowTotal, () => [[[1, 2], [3, 4.5]]]],
    [negZero, () => [5]],
    [negZero, () => [-5]],
    [remainders, () => [Int32Array.from([-4, 5, -3, 0])]],
  ];
  for (const [fn, args] of cases) {
    const jitted = memoJit(fn as (...a: unknown[]) => unknown);
    const expected = (fn as (...a: unknown[]) => unknown)(...args());
    const actual = jitted(...args());
    assert.ok(sameResult(actual, expected), `${fn.name}(${args().map(String).join(', ')}): ${String(actual)} vs ${String(expected)}`);
  }
});

test('every typed array kind is read and written with its own conversion', () => {
  const kinds = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];
  function fill(a: Float64Array) { for (let i = 0; i < a.length; i++) a[i] = (i - 3) * 77.5 + 0.5; let s = 0; for (const v of a) s += v; return s; }
  const jfill = memoJit(fill);
  for (const Kind of kinds) {
    const a = new Kind(9) as unknown as Float64Array;
    const b = new Kind(9) as unknown as Float64Array;
    assert.ok(sameResult(jfill(a), fill(b)), Kind.name);
    assert.ok(sameResult(a, b), Kind.name);
  }
  assert.equal(jfill.signatures.length, kinds.length);
});

test('for…of over rows, destructuring, tuples and a row result', () => {
  function farthest(points: number[][]) { let best = -1; let row = null; for (const p of points) { const [x, y] = p; const d = x! * x! + y! * y!; if (d > best) { best = d; row = p; } } return row; }
  const jf = memoJit(farthest);
  const points = [[1, 2], [3, 4], [0, 1]];
  assert.equal(jf(points), points[1]);
  assert.equal(jf([]), null);
  function stats(xs: Float64Array) { let lo = Infinity, hi = -Infinity; for (const x of xs) { lo = Math.min(lo, x); hi = Math.max(hi, x); } return [lo, hi, hi - lo]; }
  const js = memoJit(stats);
  const xs = gaussian(100);
  assert.deepEqual(js(xs), stats(xs));
});

test('Array2D rows: returned as views, written through', () => {
  function brightest(m: Array2D) { let best = 0; for (let i = 1; i < m.rows; i++) if (m.get(i, 0) > m.get(best, 0)) best = i; return m.row(best); }
  const jb = memoJit(brightest);
  const m = Array2D.from([[1, 2], [5, 6], [3, 4]]);
  assert.deepEqual(Array.from(jb(m)), [5, 6]);
  function scaleRows(m: Array2D, k: number) { for (const r of m) { for (let j = 0; j < r.length; j++) r[j] = r[j]! * k; } return m.get(0, 0); }
  const js = memoJit(scaleRows);
  const a = Array2D.from([[1, 2], [3, 4]]);
  const b = Array2D.from([[1, 2], [3, 4]]);
  assert.equal(js(a, 3), scaleRows(b, 3));
  assert.deepEqual(a.toArray(), b.toArray());
});

test('a ragged number[][] runs the plain function (same result)', () => {
  function firstTwo(points: number[][]) { let s = 0; for (let i = 0; i < points.length; i++) { const [a, b] = points[i]!; s += a! + b!; } return s; }
  const jf = memoJit(firstTwo);
  const ragged = [[1, 2], [3, 4, 5]];
  assert.equal(jf(ragged), firstTwo(ragged));
  const short = [[1], [2]];
  assert.ok(sameResult(jf(short), firstTwo(short)), 'rows shorter than the destructuring: NaN like the plain function');
});

test('calls to other memoJit functions and inner helpers', () => {
  const square = memoJit(function squareOf(x: number) { return x * x; });
  void square;
  function sumOfSquares(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) s += squareOf(xs[i]!); return s; }
  function squareOf(x: number) { return x * x; }
  const js = memoJit({ backend: 'js' })(sumOfSquares);
  const xs = gaussian(50);
  assert.ok(sameResult(js(xs), sumOfSquares(xs)));
  assert.match(Object.values(js.inspect())[0]!, /function \$fn_squareOf/);
});

test('minified code compiles like any other code (names are just shorter)', () => {
  const minified = new Function('return function a(b){let c=0,e=0;for(let d=0;d<b.length;d++)c+=b[d],e=d;return[c,e]}')() as (b: Float64Array) => number[];
  const jm = memoJit(minified);
  const xs = gaussian(10);
  assert.deepEqual(jm(xs), minified(xs));
  assert.deepEqual(jm.signatures, ['(Float64Array) -> (f64, i32)']);
});

test('a number-or-boolean is emitted as the JS value: !! for its truth, + where JS converts it, === and the return as they are', async () => {
  const { compileSpecialization } = await import('../../../src/internals.js');
  function reflect(y: number): unknown {
    let fact: number | boolean = false;
    let res = 2;
    if (y <= 0) fact = Math.PI / y;
    if (fact) res = (fact as number) / res;
    return fact === false ? res : fact;
  }
  const { source } = compileSpecialization(reflect, [{ kind: 'f64' }]);
  assert.match(source, /let fact = false;/);
  assert.match(source, /if \(\(!!fact\)\)/, 'truthiness is JS ToBoolean of the value (false, 0, -0, NaN falsy)');
  assert.match(source, /\(\(\+fact\) \/ res\)/, 'arithmetic converts it as JS does');
  assert.match(source, /\(fact === false\)/, '=== compares type then value');
  const c = memoJit(reflect);
  for (const y of [-2, 0, -0, 3, NaN]) assert.ok(Object.is(c(y), reflect(y)), `reflect(${y})`);
});

test('draws made before an exception JS raises itself (an invalid length, a read-only element) stay drawn, as in plain JS (only a throw statement kept them)', async () => {
  const { seedRandom } = await import('../../../src/index.js');
  const { RANDOM_STATE } = await import('../../../src/jit/random.js');
  const { withReferenceDraws } = await import('../../_support/random-stream.js');
  function alloc(n: number) { const x = Math.random(); const a = new Float64Array(n); a[0] = x; return a[0]! + Math.random(); }
  function fill(xs: number[], n: number) { let s = 0; for (let i = 0; i < n; i++) { const r = Math.random(); xs[i] = r; s += r; } return s; }
  const frozen = (): number[] => Object.freeze([1, 2, 3]) as number[];
  // the plain function drawing from the same seeded stream: what it threw, and the state it left
  const run = (f: () => unknown): string => { try { f(); return 'returned'; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } };
  const plain = (f: () => unknown): [string, number[]] => withReferenceDraws(() => { seedRandom(5); return [run(f), Array.from(RANDOM_STATE)]; });
  const compiled = (f: () => unknown): [string, number[]] => { seedRandom(5); return [run(f), Array.from(RANDOM_STATE)]; };
  const calloc = memoJit({ backend: 'js' })(alloc), cfill = memoJit({ backend: 'js' })(fill);
  for (const [what, p, c] of [
    ['new Float64Array(-1) after a draw', () => alloc(-1), () => calloc(-1)],
    ['a frozen array written after a draw', () => fill(frozen(), 3), () => cfill(frozen(), 3)],
    ['no exception', () => fill([0, 0], 2), () => cfill([0, 0], 2)],
  ] as const) {
    const want = plain(p);
    seedRandom(5);
    assert.notDeepEqual(want[1], Array.from(RANDOM_STATE), `${what}: the plain function drew`);
    assert.deepEqual(compiled(c), want, what);
  }
});

test('a row handed to a callee has its elements checked there: an object\'s valueOf runs as often as in the plain function when a later row sends the call to it', () => {
  // sumRows checks each row where it reads it (it writes nothing); the callee's reads of a row must be checked
  // too, or the compiled run computes `2 * {valueOf}` and then, at the row that is no array, the plain function
  // runs the call again and calls valueOf a second time.
  function rowTotal(r: number[]) { let s = 0; for (let k = 0; k < r.length; k++) s += 2 * r[k]!; return s; }
  function viaAlias(r: number[]) { const q = r; return rowTotal(q) + q[0]!; }
  function sumRows(ps: number[][]) { let s = 0; for (let i = 0; i < ps.length; i++) s += rowTotal(ps[i]!); return s; }
  function sumRowsAliased(ps: number[][]) { let s = 0; for (let i = 0; i < ps.length; i++) s += viaAlias(ps[i]!); return s; }
  let calls = 0;
  const counted = () => ({ valueOf: () => { calls++; return 5; } });
  const outcomeOf = (f: () => unknown): unknown => { try { return f(); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } };
  for (const fn of [sumRows, sumRowsAliased]) {
    const c = memoJit({ backend: 'js', scope: { rowTotal, viaAlias } })(fn);
    assert.equal(c([[1, 2], [3, 4]]), fn([[1, 2], [3, 4]]));
    for (const later of [7, null, 'ab', [1, , 3]]) {
      const X = (): number[][] => [[1, 2], [counted(), 2], later] as unknown as number[][];
      calls = 0; const want = outcomeOf(() => fn(X())); const plainCalls = calls;
      calls = 0; const got = outcomeOf(() => c(X()));
      assert.deepEqual(got, want, `${fn.name} then ${String(later)}`);
      assert.equal(calls, plainCalls, `${fn.name} then ${String(later)}: valueOf calls`);
    }
  }
});
