// numba's tutorial and benchmark kernels, written the way a JS programmer would write them. For each kernel the
// expected outcome is stated explicitly: it compiles and returns exactly what the plain function returns, or it
// is rejected with a located JitError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { memoJit, Array2D, JitError } from '../../src/index.js';
import { P } from '../../examples/markov.js';
import { occupationSigma } from '../_support/stats.js';

/** What a compiled kernel must show besides the right answer: one specialization, inspectable source. */
function assertCompiled(jitted: { signatures: readonly string[]; inspect(): Record<string, string> }, count = 1): void {
  assert.equal(jitted.signatures.length, count, `signatures: ${jitted.signatures.join(' | ')}`);
  const sources = jitted.inspect();
  assert.equal(Object.keys(sources).length, count);
  for (const source of Object.values(sources)) assert.ok(source.length > 0);
}

/** Element-wise Object.is equality of two typed arrays (NaN equal, -0 ≠ +0). */
function assertSameArray(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: compiled ${got[i]} vs plain ${want[i]}`);
  }
}

const THIS_FILE = readFileSync(new URL(import.meta.url), 'utf8').split('\n');

/** 1-based lines of this file from `function name(` to the function's closing `}` line. */
function linesOf(name: string): [number, number] {
  const first = THIS_FILE.findIndex((l) => l.startsWith(`function ${name}(`));
  assert.ok(first >= 0, `function ${name} in this file`);
  const last = THIS_FILE.findIndex((l, i) => i > first && l === '}');
  return [first + 1, last + 1];
}

/**
 * Calls `fn` expecting a JitError that names this file, a line inside the kernel `name` (through tsx's source
 * map: the compiler only sees the one-line `toString()`), a column, and the construct.
 */
function assertRejected(fn: () => unknown, name: string, construct: RegExp): JitError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof JitError, `expected a JitError, got ${String(error)}`);
    const [from, to] = linesOf(name);
    assert.ok(error.file?.endsWith('kernels.test.ts'), `file ${error.file}`);
    assert.ok(error.line !== undefined && error.line >= from && error.line <= to, `line ${error.line} not in ${from}–${to}: ${error.message}`);
    assert.ok(error.column !== undefined && Number.isInteger(error.column) && error.column >= 1, `column ${error.column}`);
    assert.match(error.construct, construct);
    assert.ok(error.message.includes(`${error.line}`), `the message names the line: ${error.message}`);
    return error;
  }
  assert.fail('expected a JitError, but the call succeeded');
}

// --------------------------------------------------------------------------------------------- mandelbrot

/** numba's `mandel`: escape time of c = x + iy, with complex arithmetic spelled out. */
function mandel(x: number, y: number, maxIters: number): number {
  let zr = 0;
  let zi = 0;
  for (let i = 0; i < maxIters; i++) {
    const t = zr * zr - zi * zi + x;
    zi = 2 * zr * zi + y;
    zr = t;
    if (zr * zr + zi * zi >= 4) return i;
  }
  return 255;
}

/**
 * numba's `create_fractal` with the escape loop as an inner helper that reads the enclosing `iters`: memoJit's
 * inner functions may not capture outer variables, so this one is rejected, at the line of the capture.
 */
function createFractalCapturing(minX: number, maxX: number, minY: number, maxY: number, image: Uint8Array | Int32Array, width: number, iters: number): void {
  const height = image.length / width;
  const pixelSizeX = (maxX - minX) / width;
  const pixelSizeY = (maxY - minY) / height;
  const escape = (x: number, y: number): number => {
    let zr = 0;
    let zi = 0;
    for (let i = 0; i < iters; i++) {
      const t = zr * zr - zi * zi + x;
      zi = 2 * zr * zi + y;
      zr = t;
      if (zr * zr + zi * zi >= 4) return i;
    }
    return 255;
  };
  for (let x = 0; x < width; x++) {
    const real = minX + x * pixelSizeX;
    for (let y = 0; y < height; y++) {
      const imag = minY + y * pixelSizeY;
      image[y * width + x] = escape(real, imag);
    }
  }
}

/** The same with `iters` passed to the helper, which is what memoJit's error message suggests. */
function createFractal(minX: number, maxX: number, minY: number, maxY: number, image: Uint8Array | Int32Array, width: number, iters: number): void {
  const height = image.length / width;
  const pixelSizeX = (maxX - minX) / width;
  const pixelSizeY = (maxY - minY) / height;
  const escape = (x: number, y: number, maxIters: number): number => {
    let zr = 0;
    let zi = 0;
    for (let i = 0; i < maxIters; i++) {
      const t = zr * zr - zi * zi + x;
      zi = 2 * zr * zi + y;
      zr = t;
      if (zr * zr + zi * zi >= 4) return i;
    }
    return 255;
  };
  for (let x = 0; x < width; x++) {
    const real = minX + x * pixelSizeX;
    for (let y = 0; y < height; y++) {
      const imag = minY + y * pixelSizeY;
      image[y * width + x] = escape(real, imag, iters);
    }
  }
}

test('mandelbrot, inner helper capturing the outer iters: rejected with a located JitError', () => {
  const error = assertRejected(
    () => memoJit(createFractalCapturing)(-2.0, 1.0, -1.0, 1.0, new Uint8Array(12), 4, 20),
    'createFractalCapturing',
    /iters/,
  );
  assert.equal(THIS_FILE[error.line! - 1]!.trim(), 'for (let i = 0; i < iters; i++) {');
});

test('mandelbrot, inner helper taking iters as an argument: compiles; escape counts equal plain (Uint8Array, Int32Array)', () => {
  const compiled = memoJit(createFractal);
  const width = 96;
  const height = 64;
  for (const Kind of [Uint8Array, Int32Array]) {
    const want = new Kind(width * height);
    const got = new Kind(width * height);
    createFractal(-2.0, 1.0, -1.0, 1.0, want, width, 20);
    compiled(-2.0, 1.0, -1.0, 1.0, got, width, 20);
    assertSameArray(got, want, Kind.name);
    assert.ok(new Set(want).size > 5, 'the picture is not flat');
  }
  assertCompiled(compiled, 2);
});

/** numba's `create_fractal` calling the separately jitted `mandel`, as numba code calls another @njit function. */
function fractal(image: Int32Array, width: number, iters: number): void {
  const height = image.length / width;
  for (let y = 0; y < height; y++) {
    const imag = -1 + (2 * y) / height;
    for (let x = 0; x < width; x++) {
      image[y * width + x] = mandel(-2 + (3 * x) / width, imag, iters);
    }
  }
}

test('mandelbrot (a memoJit function calling another memoJit function): compiles; equals plain per pixel', () => {
  const c_mandel = memoJit(mandel);
  const c_fractal = memoJit(fractal);
  const want = new Int32Array(40 * 30);
  const got = new Int32Array(40 * 30);
  fractal(want, 40, 50);
  c_fractal(got, 40, 50);
  assertSameArray(got, want, 'escape counts');
  assertCompiled(c_fractal);
  assert.equal(c_mandel(-0.5, 0.5, 50), mandel(-0.5, 0.5, 50));
  assertCompiled(c_mandel);
});

// --------------------------------------------------------------------------------------------- stencils

/** 3×3 box blur of the interior of an Array2D (edges copied), the classic numba stencil. */
function blur(src: Array2D, dst: Array2D): void {
  for (let i = 0; i < src.rows; i++) {
    for (let j = 0; j < src.cols; j++) {
      if (i === 0 || j === 0 || i === src.rows - 1 || j === src.cols - 1) {
        dst.set(i, j, src.get(i, j));
        continue;
      }
      let s = 0;
      for (let di = -1; di <= 1; di++) {
        for (let dj = -1; dj <= 1; dj++) s += src.get(i + di, j + dj);
      }
      dst.set(i, j, s / 9);
    }
  }
}

/** 5-point Laplacian of a `number[][]` grid, into a flat Float64Array (rows read as `[…]` arrays). */
function laplacian(grid: number[][]): Float64Array {
  const n = grid.length;
  const m = grid[0]!.length;
  const out = new Float64Array(n * m);
  for (let i = 1; i < n - 1; i++) {
    const up = grid[i - 1]!;
    const row = grid[i]!;
    const down = grid[i + 1]!;
    for (let j = 1; j < m - 1; j++) {
      out[i * m + j] = up[j]! + down[j]! + row[j - 1]! + row[j + 1]! - 4 * row[j]!;
    }
  }
  return out;
}

function randomGrid(n: number, m: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => Math.sin(i * 0.7 + j * 1.3) * 100 + Math.random()));
}

test('2-D blur over Array2D (get/set, continue at the edges): compiles and equals plain', () => {
  const compiled = memoJit(blur);
  const src = Array2D.from(randomGrid(23, 31));
  const want = new Array2D(23, 31);
  const got = new Array2D(23, 31);
  blur(src, want);
  compiled(src, got);
  assertSameArray(got.data, want.data, 'blurred');
  assertCompiled(compiled);
});

test('2-D Laplacian stencil over number[][] rows: compiles and equals plain', () => {
  const compiled = memoJit(laplacian);
  const grid = randomGrid(17, 29);
  assertSameArray(compiled(grid), laplacian(grid), 'laplacian');
  assertCompiled(compiled);
});

// --------------------------------------------------------------------------------------------- Black-Scholes

/** numba's Black-Scholes benchmark, with the cumulative normal as an inner arrow. */
function blackScholes(
  callResult: Float64Array, putResult: Float64Array, stockPrice: Float64Array, optionStrike: Float64Array,
  optionYears: Float64Array, riskFree: number, volatility: number,
): void {
  const cnd = (d: number): number => {
    const A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
    const RSQRT2PI = 0.39894228040143267794;
    const K = 1.0 / (1.0 + 0.2316419 * Math.abs(d));
    let ret = RSQRT2PI * Math.exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))));
    if (d > 0) ret = 1.0 - ret;
    return ret;
  };
  const S = stockPrice, X = optionStrike, T = optionYears, R = riskFree, V = volatility;
  for (let i = 0; i < S.length; i++) {
    const sqrtT = Math.sqrt(T[i]!);
    const d1 = (Math.log(S[i]! / X[i]!) + (R + 0.5 * V * V) * T[i]!) / (V * sqrtT);
    const d2 = d1 - V * sqrtT;
    const cndd1 = cnd(d1);
    const cndd2 = cnd(d2);
    const expRT = Math.exp(-1.0 * R * T[i]!);
    callResult[i] = S[i]! * cndd1 - X[i]! * expRT * cndd2;
    putResult[i] = X[i]! * expRT * (1.0 - cndd2) - S[i]! * (1.0 - cndd1);
  }
}

test('Black-Scholes with an inner cnd arrow: compiles; call and put prices equal plain', () => {
  const compiled = memoJit(blackScholes);
  const n = 500;
  const uniform = (lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, () => lo + (hi - lo) * Math.random());
  const S = uniform(5, 30), X = uniform(1, 100), T = uniform(0.25, 10);
  const [callWant, putWant, callGot, putGot] = [0, 1, 2, 3].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  blackScholes(callWant, putWant, S, X, T, 0.02, 0.3);
  compiled(callGot, putGot, S, X, T, 0.02, 0.3);
  assertSameArray(callGot, callWant, 'call');
  assertSameArray(putGot, putWant, 'put');
  assertCompiled(compiled);
});

// --------------------------------------------------------------------------------------------- histogram

/** Histogram of the values in [lo, hi); NaN and out-of-range values are skipped with `continue`. */
function histogram(xs: Float64Array, lo: number, hi: number, counts: Int32Array): number {
  const nbins = counts.length;
  const width = (hi - lo) / nbins;
  let skipped = 0;
  for (const x of xs) {
    if (!(x >= lo && x < hi)) {
      skipped++;
      continue;
    }
    let bin = Math.floor((x - lo) / width);
    if (bin >= nbins) bin = nbins - 1;
    counts[bin]!++;
  }
  return skipped;
}

test('histogram with continue (NaN, ±Infinity and out-of-range skipped): compiles and equals plain', () => {
  const compiled = memoJit(histogram);
  const xs = Float64Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? -Infinity : (Math.random() - 0.3) * 12));
  const want = new Int32Array(17);
  const got = new Int32Array(17);
  const skippedWant = histogram(xs, -2, 5, want);
  const skippedGot = compiled(xs, -2, 5, got);
  assert.ok(Object.is(skippedGot, skippedWant));
  assertSameArray(got, want, 'counts');
  assertCompiled(compiled);
});

// --------------------------------------------------------------------------------------------- Collatz

/**
 * Longest Collatz chain for starts below `limit`, and the highest value any chain reached: for starts below
 * 2·10⁵ the values pass 2^31 and 2^32, so an int32 compilation would be wrong (or would never stop: hence the
 * step cap).
 */
function collatz(limit: number): [number, number, number] {
  let best = 0;
  let bestStart = 1;
  let peak = 0;
  for (let start = 1; start < limit; start++) {
    let n = start;
    let steps = 0;
    while (n !== 1 && steps < 100000) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      if (n > peak) peak = n;
      steps++;
    }
    if (steps > best) {
      best = steps;
      bestStart = start;
    }
  }
  return [bestStart, best, peak];
}

/** One chain, with integer-looking arithmetic (`| 0`-free) on a parameter. */
function collatzLength(n: number): number {
  let steps = 0;
  while (n !== 1) {
    if (n % 2 === 0) n = n / 2;
    else n = 3 * n + 1;
    steps += 1;
  }
  return steps;
}

test('Collatz (values pass 2^31 and 2^32): compiles, not to int32; results equal plain exactly', () => {
  const compiled = memoJit(collatz);
  const want = collatz(200_000);
  assert.ok(want[2] > 2 ** 32, `the test needs values past 2^32, peak ${want[2]}`);
  assert.deepEqual(compiled(200_000), want);
  assertCompiled(compiled);

  const one = memoJit(collatzLength);
  // 113383 is the smallest start whose chain passes 2^31; 159487 passes 2^34.
  for (const start of [27, 113383, 159487, 837799]) assert.equal(one(start), collatzLength(start), `start ${start}`);
  assertCompiled(one);
});

// --------------------------------------------------------------------------------------------- prefix sum, matmul

function prefixSum(xs: Float64Array | Int32Array): Float64Array {
  const out = new Float64Array(xs.length);
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i]!;
    out[i] = s;
  }
  return out;
}

test('prefix sum: compiles for Float64Array and Int32Array (whose sums overflow int32); equals plain', () => {
  const compiled = memoJit(prefixSum);
  const f = Float64Array.from({ length: 1000 }, () => Math.random() - 0.5);
  const i = Int32Array.from({ length: 1000 }, (_, k) => (k % 2 ? 2147483647 : 1000));
  assertSameArray(compiled(f), prefixSum(f), 'f64 prefix');
  assertSameArray(compiled(i), prefixSum(i), 'i32 prefix');
  assert.ok(prefixSum(i)[999]! > 2 ** 31);
  assertCompiled(compiled, 2);
});

/** C = A·B for row-major n×m and m×p Float64Arrays, the textbook triple loop. */
function matmul(A: Float64Array, B: Float64Array, n: number, m: number, p: number): Float64Array {
  const C = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += A[i * m + k]! * B[k * p + j]!;
      C[i * p + j] = s;
    }
  }
  return C;
}

test('matrix multiply with Float64Array: compiles and equals plain', () => {
  const compiled = memoJit(matmul);
  const [n, m, p] = [13, 17, 11];
  const A = Float64Array.from({ length: n * m }, () => Math.random() * 2 - 1);
  const B = Float64Array.from({ length: m * p }, () => Math.random() * 2 - 1);
  assertSameArray(compiled(A, B, n, m, p), matmul(A, B, n, m, p), 'C');
  assertCompiled(compiled);
});

// --------------------------------------------------------------------------------------------- Markov chain

/** The distribution after `steps` days, p ← p·P, from the `number[][]` transition matrix. */
function evolve(P: number[][], p0: Float64Array, steps: number): Float64Array {
  const n = P.length;
  let p = p0;
  for (let t = 0; t < steps; t++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) next[j]! += p[i]! * P[i]![j]!;
    }
    p = next;
  }
  return p;
}

/** Simulates the chain; `Math.random` makes it comparable only statistically or against itself under a seed. */
function simulate(P: number[][], ndays: number): Float64Array {
  const days = new Float64Array(P.length);
  let state = 0;
  for (let day = 0; day < ndays; day++) {
    days[state]! += 1;
    const r = Math.random();
    let cum = 0;
    for (let j = 0; j < P.length; j++) {
      cum += P[state]![j]!;
      if (r < cum) {
        state = j;
        break;
      }
    }
  }
  return days;
}

test('Markov chain: the evolved distribution compiles and equals plain; the seeded simulation is reproducible', () => {
  const c_evolve = memoJit(evolve);
  const p0 = new Float64Array([0, 0, 1]);
  for (const steps of [0, 1, 7, 200]) assertSameArray(c_evolve(P, p0, steps), evolve(P, p0, steps), `after ${steps} steps`);
  assertCompiled(c_evolve);

  const c_simulate = memoJit(simulate);
  memoJit.seed(7);
  const a = c_simulate(P, 50_000);
  memoJit.seed(7);
  const b = c_simulate(P, 50_000);
  assertSameArray(a, b, 'seeded simulation');
  assert.equal(a.reduce((s, x) => s + x, 0), 50_000);
  const stationary = evolve(P, p0, 500);
  // 5 standard errors of the fraction of days in each state (correlated days: occupationSigma), not ±0.05.
  for (let s = 0; s < 3; s++) {
    const bound = (5 * occupationSigma(P, s)) / Math.sqrt(50_000);
    assert.ok(Math.abs(a[s]! / 50_000 - stationary[s]!) < bound, `state ${s}: ${a[s]! / 50_000} vs ${stationary[s]} (5σ = ${bound})`);
  }
  assertCompiled(c_simulate);
});

// --------------------------------------------------------------------------------------------- iterated maps

/** Newton's method for sqrt(a) with the step as an inner helper: x ← step(x), a loop-carried call. */
function newtonSqrt(a: number, iterations: number): number {
  const step = (x: number, target: number): number => 0.5 * (x + target / x);
  let x = a > 1 ? a : 1;
  for (let i = 0; i < iterations; i++) x = step(x, a);
  return x;
}

/** The logistic map x ← r·x·(1 − x), iterated through a memoJit function (numba calling an @njit function). */
function logistic(x: number, r: number): number {
  return r * x * (1 - x);
}
/** Doubles 1 `n` times through the memoJit `twice`: the value leaves int32 after 31 rounds. */
function twice(p: number): number {
  return p * 2;
}
memoJit(twice);
function doublings(n: number): number {
  let v = 1;
  for (let i = 0; i < n; i++) v = twice(v);
  return v;
}
function orbit(x0: number, r: number, n: number): number {
  let x = x0;
  for (let i = 0; i < n; i++) x = logistic(x, r);
  return x;
}

test('Newton iteration with an inner helper, x = step(x) in a loop, x starting as an integer: compiles and equals plain', () => {
  const compiled = memoJit(newtonSqrt);
  for (const a of [2, 10, 1e6, 0.25]) assert.ok(Object.is(compiled(a, 30), newtonSqrt(a, 30)), `sqrt(${a})`);
  assertCompiled(compiled, 2); // a = 2, 10, 1e6 are int32 arguments, 0.25 is not: one specialization each
});

test('logistic-map orbit calling a memoJit function in a loop (x starts as a double): compiles and equals plain', () => {
  memoJit(logistic);
  const compiled = memoJit(orbit);
  for (const r of [2.5, 3.5, 3.9]) assert.ok(Object.is(compiled(0.2, r, 1000), orbit(0.2, r, 1000)), `r = ${r}`);
  assertCompiled(compiled);
});

test('an integer seed iterated through a memoJit function (v = twice(v), v = 1 at first): compiles and equals plain', () => {
  const compiled = memoJit(doublings);
  assert.ok(Object.is(compiled(40), doublings(40)));
  assertCompiled(compiled);
});

// --------------------------------------------------------------------------------------------- nullable rows

/** The lowest point (smallest y), starting from `null` as the Python original would start from None. */
function lowest(points: number[][]): number[] | null {
  let best: number[] | null = null;
  for (const p of points) {
    if (best === null || p[1]! < best[1]!) best = p;
  }
  return best;
}

test('argmin over rows starting from null (best === null || p[1] < best[1]): compiles and returns the same row', () => {
  const compiled = memoJit(lowest);
  const points = [[3, 1], [1, -2], [2, 0]];
  assert.equal(compiled(points), lowest(points));
  assert.equal(compiled([]), null);
  assertCompiled(compiled);
});

test('argmin over rows starting from the first row: compiles and returns the same row object', () => {
  const compiled = memoJit(function lowestFromFirst(points: number[][]): number[] {
    let best = points[0]!;
    for (const p of points) {
      if (p[1]! < best[1]!) best = p;
    }
    return best;
  });
  const points = [[3, 1], [1, -2], [2, 0]];
  assert.equal(compiled(points), points[1], 'the very row object, as plain JS returns');
  assertCompiled(compiled);
});

// --------------------------------------------------------------------------------------------- rejected kernels

/** Builds a label: strings are outside the numeric subset. */
function label(xs: Float64Array): string {
  let s = '';
  for (const x of xs) s += x.toFixed(1) + ',';
  return s;
}

/** Keeps results in an object: object literals are outside the subset. */
function summary(xs: Float64Array): { min: number; max: number } {
  const out = { min: Infinity, max: -Infinity };
  for (const x of xs) {
    if (x < out.min) out.min = x;
    if (x > out.max) out.max = x;
  }
  return out;
}

/** Uses Array.prototype.map with a callback on a plain array: array methods are outside the subset. */
function squares(n: number): number {
  const xs = Array.from({ length: n }, (_, i) => i);
  return xs.map((x) => x * x).length;
}

test('strings: rejected with a JitError naming the line and the construct', () => {
  assertRejected(() => memoJit(label)(new Float64Array([1, 2])), 'label', /string|literal|toFixed|member|call|method/i);
});

test('object literals: compiled, the caller gets the same fields in the same order (tests/jit/objects.test.ts has the rest)', () => {
  const xs = new Float64Array([1, -2, 3.5]);
  assert.deepEqual(memoJit(summary)(xs), summary(xs));
  assert.deepEqual(Object.keys(memoJit(summary)(xs)), ['min', 'max']);
});

test('array methods with callbacks (Array.from with a mapper, .map): compiled, equal to plain', () => {
  const compiled = memoJit(squares);
  assert.equal(compiled(5), squares(5));
  assert.equal(compiled(0), squares(0));
  assertCompiled(compiled);
});

test("fallback: 'warn' runs a rejected kernel as plain JS and returns its answer", async () => {
  const warnings: string[] = [];
  const originalWarn = console.warn;
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    const lenient = memoJit({ fallback: 'warn' })(label);
    const xs = new Float64Array([1, 2.25]);
    assert.equal(lenient(xs), label(xs));
    assert.equal(lenient(xs), label(xs));
    // process.emitWarning delivers on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    console.warn = originalWarn;
    process.off('warning', onWarning);
  }
  assert.equal(warnings.length, 1, `one warning for two calls: ${warnings.join(' | ')}`);
  assert.match(warnings[0]!, /kernels\.test\.ts:\d+:\d+/);
});

// --------------------------------------------------------------------------------------------- decorated methods

class Stats {
  @memoJit
  static mean(xs: Float64Array): number {
    let s = 0;
    for (const x of xs) s += x;
    return s / xs.length;
  }

  @memoJit
  sumOfSquares(xs: Float64Array): number {
    let s = 0;
    for (const x of xs) s += x * x;
    return s;
  }
}

test('@memoJit on a static and an instance method (methods that do not use this): compiles and equals plain', () => {
  const xs = Float64Array.from({ length: 1000 }, () => Math.random());
  let s = 0;
  for (const x of xs) s += x;
  assert.ok(Object.is(Stats.mean(xs), s / xs.length));
  let q = 0;
  for (const x of xs) q += x * x;
  assert.ok(Object.is(new Stats().sumOfSquares(xs), q));
  const jitted = Stats.mean as unknown as { signatures: readonly string[]; inspect(): Record<string, string> };
  assertCompiled(jitted);
});

test('Math.floor(Math.random() * n) with n a length is an int32 in [0, n]: indices drawn with it are i32', () => {
  const draw = memoJit((counts: Int32Array, k: number) => {
    const n = counts.length - 1;
    for (let i = 0; i < k; i++) {
      const a = Math.floor(Math.random() * n);
      const b = Math.trunc(n * Math.random());
      counts[a]!++;
      counts[b]!++;
    }
    return [Math.floor(Math.random() * counts.length), Math.round(Math.random() * 2)];
  });
  memoJit.seed(3);
  const counts = new Int32Array(8);
  const [one, two] = draw(counts, 1000) as unknown as [number, number];
  assert.ok(Number.isInteger(one) && one >= 0 && one < 8, `${one}`);
  assert.ok(two === 0 || two === 1 || two === 2, `${two}`);
  assert.equal(counts[7], 0);
  assert.equal(counts.reduce((s, c) => s + c, 0), 2000);
  assert.match(draw.signatures[0]!, /-> \(i32, i32\)$/);
});

test('row elements past the end read as undefined: NaN in arithmetic, Math and < comparisons, equal to each other under ===', () => {
  const rowEdges = (points: number[][], k: number): number[] => {
    let sum = 0;
    let same = 0;
    let below = 0;
    let big = -Infinity;
    for (const p of points) {
      sum += p[k]! * 2;
      if (p[k] === p[k + 5]) same++;
      if (p[k]! < 1 || -p[k]! >= 0) below++;
      big = Math.max(big, p[k]!);
    }
    return [sum, same, below, big];
  };
  const compiled = memoJit(rowEdges);
  const points = [[0.5, 2], [3, -1]];
  for (const k of [0, 1, 2, -1, 7]) {
    const got = compiled(points, k);
    const want = rowEdges(points, k);
    for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `k = ${k}, item ${i}: ${got[i]} vs ${want[i]}`);
  }
  assertCompiled(compiled);
});
