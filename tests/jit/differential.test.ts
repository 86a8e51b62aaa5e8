// Differential tests: memoJit(f) must return what f returns, bit for bit (Object.is), for generated programs in
// the numeric subset and for generated inputs, edge values included; when f throws, compiled code must throw
// the same class and message (or the JIT's documented translation), never an internal error.
//
// Seeds and budget (tests/jit/README.md; machinery in tests/jit/diff-harness.ts): each generated-program property
// runs once per pinned seed (DEFAULT_SEEDS = 20261201, 424242, 8675309) with the numRuns below: 3,510 programs
// (1,170 per seed) and about 28,000 calls by default, twice the budget of the former unseeded suite.
// NUMBAT_DIFF_SEED=<seed> replays one seed (a failure prints it, with NUMBAT_DIFF_PATH for the one case),
// NUMBAT_DIFF_SEED=random draws a fresh one, NUMBAT_DIFF_SCALE=10 runs ten times as many programs.
// Code that draws Math.random is compared on the stream: the plain run draws from memoJit's reference generator,
// seeded like the compiled run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../src/index.js';
import { compileSpecialization } from '../../src/internals.js';
import type { JitType as Type, JitElementKind as ElementKind } from '../../src/index.js';
import { generateProgram } from './generate.js';
import { assertPerSeed, assertSameRun, differential, double, inputs, KINDS, show, type Input, type Kernel, type TypedArray } from './diff-harness.js';
import { std } from '../../examples/std.js';
import { pi } from '../../examples/pi.js';
import { closest } from '../../examples/closest.js';
import type { Point } from '../../examples/closest.js';
import { markov, P } from '../../examples/markov.js';
import { hoeffdingBound, occupationSigma, piSigma, stationary } from '../_support/stats.js';

// ------------------------------------------------------------------------------------------------ generated programs

test('generated programs: arithmetic, comparisons, ternaries, Math.* (no **, bitwise, stores)', () => {
  differential({ pow: false, bitwise: false, stores: false, outOfBounds: false }, 60);
});

test('generated programs: with ** (small and arbitrary exponents)', () => {
  differential({ bitwise: false, stores: false, outOfBounds: false }, 60);
});

test('generated programs: with bitwise operators and | 0', () => {
  differential({ pow: false, stores: false, outOfBounds: false }, 60);
});

test('generated programs: with stores into the argument and a local Float64Array', () => {
  differential({ pow: false, bitwise: false, outOfBounds: false }, 60);
});

test('generated programs: element stores anywhere (fractional, negative, past the end) and compound (+=, *=, …)', () => {
  differential({ elementStores: true, rounding: false }, 70);
});

test('generated programs: everything but Math.floor/ceil/trunc/round, out-of-bounds reads included', () => {
  differential({ rounding: false }, 70);
});

test('generated programs: the wider language (parameter assignment, compound operators, var, strided loops)', () => {
  differential({ extended: true, helpers: false, rounding: false }, 70);
});

test('generated programs over a number[][] argument (rectangular, ragged, aliased rows): row loops, m[i][j], destructured rows', () => {
  differential({ matrix: true, rounding: false }, 70);
});

test('generated programs over an Array2D argument (its own data or a view of xs): m.get, m.set, m.row, for…of rows', () => {
  differential({ matrix: true, array2d: true, elementStores: true }, 70);
});

test('generated programs: the wider language with inner helpers and calls to them', () => {
  differential({ extended: true, rounding: false }, 70);
});

test('generated programs: booleans, and boolean, tuple and row returns', () => {
  differential({ booleans: true, returns: 'mixed', matrix: true }, 70);
});

test('generated programs: flags that are false or a number (or true), read as conditions, with === and in arithmetic', () => {
  differential({ numOrBool: true, booleans: true, returns: 'mixed', extended: true }, 60);
});

test('generated programs: Math.random, compared on the seeded stream (order and number of draws included)', () => {
  differential({ random: true, calls: true, extended: true }, 70);
});

test('generated programs: calls to other memoJit functions', () => {
  differential({ calls: true, extended: true, rounding: false }, 60);
});

test('generated programs: loop counters at the int32 limits', () => {
  differential({ int32Loops: true, extended: true }, 70);
});

test('generated programs: everything, out-of-bounds reads under Math.floor/ceil/trunc/round included', () => {
  differential({}, 70);
});

test('generated programs: every construct at once (Math.random apart from matrices: see the JIT finding below)', () => {
  differential({ extended: true, matrix: true, elementStores: true, booleans: true, returns: 'mixed', calls: true, int32Loops: true }, 60);
  differential({ extended: true, elementStores: true, booleans: true, returns: 'mixed', random: true, calls: true, int32Loops: true }, 50);
  // user locals named like the compiler's own names and the globals generated code reads (issue 11 item 3)
  differential({ extended: true, elementStores: true, booleans: true, random: true, calls: true, compilerNames: true }, 50);
});

// Found by the extended generator and reported to the lead (src/jit is being moved today, so not fixed here).
// `todo` tests run and print their failures without failing the suite; each becomes a plain test once fixed.

test('where compiled code falls back to the original (ragged rows, an empty or too narrow number[][]), Math.random stays on the seeded stream', () => {
  differential({ random: true, matrix: true }, 40, true);
});

test('generated programs, Array2D m.row(q) for q outside the rows: plain and compiled throw the same RangeError', () => {
  differential({ matrix: true, array2d: true, array2dRowsOutOfRange: true }, 40);
});

// ------------------------------------------------------------------------------------------------ i32 audit

const ELEMENT: Record<string, ElementKind> = {
  Float64Array: 'f64', Float32Array: 'f32', Int32Array: 'i32', Uint32Array: 'u32', Int16Array: 'i16',
  Uint16Array: 'u16', Int8Array: 'i8', Uint8Array: 'u8', Uint8ClampedArray: 'u8c',
};

/** Argument types a value admits: i32 for an int32 that is not -0 (any narrower claim would be wrong), else f64. */
function typeOfValue(v: unknown): Type {
  if (typeof v === 'number') return (v | 0) === v && !Object.is(v, -0) ? { kind: 'i32' } : { kind: 'f64' };
  if (ArrayBuffer.isView(v)) return { kind: 'array', element: ELEMENT[v.constructor.name]! };
  return { kind: 'matrix', layout: 'nested' };
}

test('generated programs, i32 audit: every value the compiler types i32 is an int32 at run time (not just the result)', () => {
  // compileSpecialization(…, { checkTypes: true }) wraps every i32-typed expression in a run-time check, so a
  // wrong integer claim fails here even when it happens not to change the returned value.
  assertPerSeed(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 14 }),
      fc.constantFrom(...KINDS).chain((kind) => inputs(kind)),
      fc.boolean(),
      (programSeed, size, cases, matrix) => {
        // No out-of-bounds reads: an integer-array load past the end is `undefined` while typed i32 (by the IR's
        // design on the JS backend), which the audit would flag.
        const program = generateProgram(programSeed, size, { outOfBounds: false, extended: true, helpers: false, matrix, int32Loops: true, booleans: true });
        const plain = new Function(...program.params, program.body) as Kernel;
        for (const input of cases) {
          const args: unknown[] = [...input.slice(0, 4), input[4] && 'rows' in input[4] ? input[4].rows : []].slice(0, plain.length);
          const { fn: audited } = compileSpecialization(plain as (...a: unknown[]) => unknown, args.map(typeOfValue), undefined, { checkTypes: true });
          assertSameRun(plain, audited as Kernel, input, program.source);
        }
      },
    ),
    40,
  );
});

// ------------------------------------------------------------------------------------------------ named hazards

/** Each hazard is a tiny function where a careless compiler changes the answer. */
/** A hazard's function: the generated programs' signature, so inputs are written as `[a, b, k, xs]`. */
type HazardFn = (a: number, b: number, k: number, xs: TypedArray) => unknown;

const HAZARDS: Record<string, { fn: HazardFn; inputs: Input[]; todo?: string }> = {
  'x ** 3 is pow, not x*x*x (they differ in the last bit for ~1/4 of doubles)': {
    fn: (a) => a ** 3,
    inputs: [[1.1, 0, 0, new Float64Array()], [0.7000000000000001, 0, 0, new Float64Array()], [-3.3, 0, 0, new Float64Array()], [1e103, 0, 0, new Float64Array()]],
  },
  'x ** 4 is pow, not (x*x)*(x*x)': {
    fn: (a) => a ** 4,
    inputs: [[1.1, 0, 0, new Float64Array()], [0.30000000000000004, 0, 0, new Float64Array()], [7.7, 0, 0, new Float64Array()]],
  },
  'x ** 0.5 is not sqrt at -0 and -Infinity': {
    fn: (a) => a ** 0.5,
    inputs: [[-0, 0, 0, new Float64Array()], [-Infinity, 0, 0, new Float64Array()], [2, 0, 0, new Float64Array()]],
  },
  'NaN ** 0 is 1; (±1) ** ±Infinity is NaN': {
    fn: (a, b) => a ** b,
    inputs: [[NaN, 0, 0, new Float64Array()], [1, Infinity, 0, new Float64Array()], [-1, -Infinity, 0, new Float64Array()]],
  },
  'an int32 sum that overflows stays exact': {
    fn: (_a, _b, _k, xs) => {
      let s = 0;
      for (let i = 0; i < xs.length; i++) s += xs[i]!;
      return s;
    },
    inputs: [[0, 0, 0, new Int32Array([2147483647, 2147483647, 5])], [0, 0, 0, new Uint32Array([4294967295, 4294967295])]],
  },
  'an int32 product that overflows stays exact': {
    fn: (_a, _b, k) => {
      const m = k | 0;
      return m * m * m;
    },
    inputs: [[0, 0, 65536, new Float64Array()], [0, 0, -2147483648, new Float64Array()], [0, 0, 46341, new Float64Array()]],
  },
  'integer arithmetic can make -0': {
    fn: (_a, _b, k) => {
      let z = 0;
      z = z * -1;
      const y = (k | 0) * 0;
      return 1 / z + 1 / y + (-4 % 2 === 0 ? 1 / (-4 % 2) : 7);
    },
    inputs: [[0, 0, -3, new Float64Array()], [0, 0, 3, new Float64Array()]],
  },
  'integer % keeps the dividend sign, % 0 is NaN': {
    fn: (_a, _b, k) => {
      const n = k | 0;
      return (n % 3) + (n % 0) * 0 + 1 / ((n % 1) - 0);
    },
    inputs: [[0, 0, -7, new Float64Array()], [0, 0, 7, new Float64Array()], [0, 0, -2147483648, new Float64Array()]],
  },
  'integer division is a double': {
    fn: (_a, _b, k) => {
      const n = k | 0;
      let s = 0;
      for (let i = 1; i < 5; i++) s += n / i;
      return s;
    },
    inputs: [[0, 0, 7, new Float64Array()], [0, 0, -7, new Float64Array()]],
  },
  '>>> 0 makes an unsigned value above 2^31': {
    fn: (_a, _b, k) => (k >>> 0) + (k >>> 1),
    inputs: [[0, 0, -1, new Float64Array()], [0, 0, -2147483648, new Float64Array()], [0, 0, 5.7, new Float64Array()]],
  },
  'Math.round keeps -0 and rounds halves up; min/max order -0 < +0': {
    fn: (a, b) => 1 / Math.round(a) + 1 / Math.min(a, b) + 1 / Math.max(b, a),
    inputs: [[-0.4, 0, 0, new Float64Array()], [-0.5, -0, 0, new Float64Array()], [-0, 0, 0, new Float64Array()], [2.5, -2.5, 0, new Float64Array()]],
  },
  'typed-array stores convert like JS (wraparound, clamping with round-half-even, fround)': {
    fn: (a, _b, _k, xs) => {
      for (let i = 0; i < xs.length; i++) xs[i] = a + i * 0.5;
      return xs[0];
    },
    inputs: [
      [2.5, 0, 0, new Uint8ClampedArray(4)], [-1.5, 0, 0, new Uint8Array(3)], [300.5, 0, 0, new Int8Array(3)],
      [0.1, 0, 0, new Float32Array(3)], [4294967295.5, 0, 0, new Int32Array(2)], [NaN, 0, 0, new Uint16Array(2)],
    ],
  },
  'for…of over an empty array runs no iteration; .length of empty is 0': {
    fn: (_a, _b, _k, xs) => {
      let s = -0;
      for (const x of xs) s += x;
      return s / xs.length;
    },
    inputs: [[0, 0, 0, new Float64Array()], [0, 0, 0, new Int32Array()], [0, 0, 0, new Float64Array([-0])]],
  },
  'Math.floor of a read past the end of an integer array is NaN': {
    fn: (_a, _b, k, xs) => Math.floor(xs[k]!),
    inputs: [[0, 0, 7, new Int16Array([3])], [0, 0, -1, new Int32Array([3])], [0, 0, 1, new Uint8Array([3])]],
  },
  'Math.ceil, Math.trunc, Math.round of a read past the end of an integer array are NaN': {
    fn: (_a, _b, k, xs) => (k === 1 ? Math.ceil(xs[7]!) : k === 2 ? Math.trunc(xs[7]!) : Math.round(xs[7]!)),
    inputs: [[0, 0, 1, new Int16Array([3])], [0, 0, 2, new Int32Array([3])], [0, 0, 3, new Uint8Array([3])]],
  },
  'Math.floor of an integer-array read past the end, through a const': {
    fn: (_a, _b, k, xs) => {
      const y = xs[k]!;
      return Math.floor(y);
    },
    inputs: [[0, 0, 7, new Int16Array([3])]],
  },
  'a number and a comparison mixed under && / || in a condition (JS truthiness)': {
    fn: (a, _b, k) => {
      if (k && a > 0) return 1;
      return a < 0 || k ? 2 : 3;
    },
    inputs: [[1, 0, 0, new Float64Array()], [1, 0, 2, new Float64Array()], [-1, 0, 0, new Float64Array()], [NaN, 0, -0, new Float64Array()]],
  },
  'for…of keeps iterating the array it started with when the variable is reassigned in the body': {
    fn: (_a, _b, _k, xs) => {
      let t = xs;
      let s = 0;
      for (const x of t) {
        s += x;
        t = new Float64Array(1);
      }
      return s + t.length;
    },
    inputs: [[0, 0, 0, new Float64Array([1, 2, 3, 4])], [0, 0, 0, new Float64Array()]],
  },
  'reading past the end gives undefined, so NaN in arithmetic and 0 under | 0': {
    fn: (_a, _b, k, xs) => {
      const y = xs[xs.length]! + 1;
      return (xs[k]! | 0) + (y !== y ? 1 : 0);
    },
    inputs: [[0, 0, 5, new Float64Array([1])], [0, 0, 0, new Float64Array([1])]],
  },
};

for (const [name, { fn, inputs: cases, todo }] of Object.entries(HAZARDS)) {
  test(`hazard: ${name}`, todo === undefined ? {} : { todo }, () => {
    const compiled = memoJit(fn) as Kernel;
    const plain = fn as Kernel;
    for (const input of cases) assertSameRun(plain, compiled, input, fn.toString());
  });
}

// ------------------------------------------------------------------------------------------------ PRNG, statistically

test('Math.random in compiled code: uniform on [0, 1), mean and variance within 6 standard errors', () => {
  const draw = memoJit(function draw(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.random();
    return out;
  });
  const n = 200_000;
  const xs = draw(n);
  let mean = 0;
  let m2 = 0;
  for (const x of xs) {
    assert.ok(x >= 0 && x < 1, `${x} out of [0, 1)`);
    mean += x;
  }
  mean /= n;
  for (const x of xs) m2 += (x - mean) ** 2;
  const variance = m2 / n;
  assert.ok(Math.abs(mean - 0.5) < 6 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  // Var of the sample variance of U(0,1): (1/80 − 1/144)/n.
  assert.ok(Math.abs(variance - 1 / 12) < 6 * Math.sqrt((1 / 80 - 1 / 144) / n), `variance ${variance}`);
  // Consecutive draws are uncorrelated.
  let c = 0;
  for (let i = 1; i < n; i++) c += (xs[i]! - mean) * (xs[i - 1]! - mean);
  assert.ok(Math.abs(c / (n - 1) / variance) < 6 / Math.sqrt(n), `lag-1 correlation ${c / (n - 1) / variance}`);
});

test('Math.random in compiled code: a die histogram passes a chi-square test against plain Math.random', () => {
  const die = (n: number): Float64Array => {
    const counts = new Float64Array(6);
    for (let i = 0; i < n; i++) counts[Math.floor(Math.random() * 6)]! += 1;
    return counts;
  };
  const compiled = memoJit(die);
  const n = 120_000;
  for (const counts of [die(n), compiled(n)]) {
    const expected = n / 6;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // chi-square with 5 degrees of freedom: P(chi2 > 35.9) ≈ 1e-6, so the test flakes about once a million runs.
    assert.ok(chi2 < 35.9, `chi2 ${chi2} for ${Array.from(counts)}`);
  }
});

test('Math.random in compiled code: two-sample Kolmogorov–Smirnov against plain Math.random', () => {
  const sample = (n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.random() ** 2 + Math.random();
    return out;
  };
  const n = 20_000;
  const a = sample(n).sort();
  const b = memoJit(sample)(n).sort();
  let i = 0, j = 0, d = 0;
  while (i < n && j < n) {
    if (a[i]! <= b[j]!) i++;
    else j++;
    d = Math.max(d, Math.abs(i / n - j / n));
  }
  // c(α) = sqrt(−ln(α/2)/2) ≈ 2.7 for α = 1e-6; the threshold is c·sqrt(2/n).
  assert.ok(d < 2.7 * Math.sqrt(2 / n), `KS distance ${d}`);
});

test('memoJit.seed makes compiled Math.random reproducible, and different seeds differ', () => {
  const draw = memoJit(function draw3(): number {
    return Math.random() + Math.random() * 2 + Math.random() * 4;
  });
  memoJit.seed(42);
  const first = [draw(), draw(), draw()];
  memoJit.seed(42);
  const again = [draw(), draw(), draw()];
  memoJit.seed(43);
  const other = [draw(), draw(), draw()];
  assert.deepEqual(again, first);
  assert.notDeepEqual(other, first);
});

// ------------------------------------------------------------------------------------------------ lecture functions

const finiteDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true });

test('property: std compiled === std plain on any Float64Array, NaN and infinities included', () => {
  const c_std = memoJit(std);
  fc.assert(
    fc.property(fc.array(double, { maxLength: 200 }), (values) => {
      const xs = Float64Array.from(values);
      assert.ok(Object.is(c_std(xs), std(xs)), `std(${show(xs)})`);
    }),
    { numRuns: 300 },
  );
});

test('property: closest compiled returns the same pair and distance as plain', () => {
  const c_closest = memoJit(closest);
  const point = fc.tuple(finiteDouble, finiteDouble);
  fc.assert(
    fc.property(fc.array(point, { maxLength: 40 }), (points: Point[]) => {
      assert.deepEqual(c_closest(points), closest(points));
    }),
    { numRuns: 300 },
  );
});

test('property: compiled pi counts points (4·count/n with 0 ≤ count ≤ n) and is near π for its n; 5σ at n = 1e6', () => {
  const fast_pi = memoJit(pi);
  assertPerSeed(
    fc.property(fc.integer({ min: 1, max: 20_000 }), (n) => {
      const estimate = fast_pi(n);
      const count = (estimate * n) / 4;
      assert.ok(Math.abs(count - Math.round(count)) < 1e-9 && count >= 0 && count <= n, `pi(${n}) = ${estimate}`);
      // A generator stuck at one value puts every point inside (4) or outside (0): caught once n passes about 160.
      // Small n are drawn often, so the bound is Hoeffding's (false alarm < 1e-6 at any n), not a normal-theory σ.
      const bound = 4 * hoeffdingBound(n);
      assert.ok(Math.abs(estimate - Math.PI) < bound, `pi(${n}) = ${estimate}, more than ${bound} from π`);
    }),
    70,
  );
  const n = 1_000_000;
  const estimate = fast_pi(n);
  assert.ok(Math.abs(estimate - Math.PI) < 5 * piSigma(n), `pi(${n}) = ${estimate}, more than 5σ = ${5 * piSigma(n)} from π`);
});

test('property: compiled markov returns fractions that sum to 1, for any stochastic matrix', () => {
  const c_markov = memoJit(markov);
  const row = fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }).map((r) => {
    const s = r.reduce((x, y) => x + y, 0);
    return r.map((x) => x / s);
  });
  fc.assert(
    fc.property(fc.array(row, { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 2000 }), (M, ndays) => {
      for (const f of [c_markov(M, ndays), markov(M, ndays)]) {
        assert.equal(f.length, 3);
        assert.ok(Math.abs(f.reduce((s, x) => s + x, 0) - 1) < 1e-9);
        // Each fraction is a count of days over ndays.
        assert.ok(f.every((x) => x >= 0 && x <= 1 && Math.abs(x * ndays - Math.round(x * ndays)) < 1e-6), `${Array.from(f)}`);
      }
    }),
    { numRuns: 100 },
  );
  // And on the lecture's chain, the compiled version's long-run fractions match the exact stationary distribution
  // and the plain version's, within 5σ of the fraction of time in each state (days are correlated: occupationSigma).
  const days = 200_000;
  const a = c_markov(P, days);
  const b = markov(P, days);
  const exact = stationary(P);
  for (let s = 0; s < 3; s++) {
    const sigma = occupationSigma(P, s) / Math.sqrt(days);
    assert.ok(Math.abs(a[s]! - exact[s]!) < 5 * sigma, `compiled state ${s}: ${a[s]} vs ${exact[s]} (5σ = ${5 * sigma})`);
    assert.ok(Math.abs(a[s]! - b[s]!) < 5 * Math.SQRT2 * sigma, `state ${s}: compiled ${a[s]} vs plain ${b[s]} (5σ = ${5 * Math.SQRT2 * sigma})`);
  }
});
