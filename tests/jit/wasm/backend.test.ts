// The Wasm backend's semantics, case by case against the plain function (Object.is on every result and
// element), on the edges where Wasm instructions and JS differ unless the backend takes care: %, ToInt32,
// stores into every element kind, out-of-range reads and writes, NaN and -0, Math, i64 locals past 2^53,
// aliasing arrays, and the routing rules of backend 'auto'.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Array2D, memoJit, seedRandom } from '../../../src/index.js';
import { assertSameValues as same } from '../../_support/outcome.js';

type Fn = (...args: never[]) => unknown;
const EDGES = [0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 1.5, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 2 ** 32 + 5, -(2 ** 32) - 5, 2 ** 53, 2 ** 63 + 2 ** 11, 1e300, -1e300, 5e-324, 255.5, 254.5, 256, -3.7, 7, -7, 3];

function inspectOf(f: unknown): string {
  return Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
}


/** Runs `f` plain and on Wasm (forced) on fresh copies of each argument list; asserts Wasm ran. */
function check(f: Fn, inputs: ReadonlyArray<() => unknown[]>): void {
  const w = memoJit({ backend: 'wasm' })(f) as unknown as (...a: unknown[]) => unknown;
  for (const make of inputs) {
    const a = make(), b = make();
    const want = (f as unknown as (...x: unknown[]) => unknown)(...a);
    const got = w(...b);
    same(got, want, `${f.name}(${a.map(String).join(', ')})`);
    a.forEach((x, i) => { if (ArrayBuffer.isView(x)) same(b[i], x, `${f.name}: argument ${i} after the call`); });
  }
  assert.match(inspectOf(w), /;; backend: wasm/, `${f.name} ran on Wasm`);
}

test('% on doubles is JS\'s (dividend sign, -0, % 0 NaN, huge and fractional operands)', () => {
  function mod(a: number, b: number) { return a % b; }
  check(mod, EDGES.flatMap((a) => EDGES.map((b) => () => [a, b])));
});

test('bitwise operators apply ToInt32 to any double exactly (NaN, Infinity, past 2^32, past 2^63)', () => {
  function bits(a: number, b: number) { return [a | 0, a >>> 0, ~a, a << b, a >> b, a >>> b, a ^ b, Math.imul(a, b), Math.clz32(a)]; }
  check(bits, EDGES.flatMap((a) => [3, 31, 33, -1, 2 ** 32 + 1].map((b) => () => [a, b])));
});

test('stores convert as each typed array does; out-of-range and fractional indices write nothing', () => {
  const kinds = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];
  function put(xs: Float64Array, v: number, i: number) { xs[i] = v; xs[0] = v * 3; return xs.length; }
  for (const K of kinds) {
    check(put, EDGES.flatMap((v) => [1, 5, -1, 0.5, NaN, -0].map((i) => () => [new K(4), v, i])));
  }
});

test('loads of every kind; a read past the end is JS\'s undefined (the JS backend answers that call)', () => {
  function get(xs: Float64Array, i: number) { return xs[i]! + 1; }
  const kinds = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];
  for (const K of kinds) {
    const fill = (): unknown => K.from([-3.5, 200, 70000, 4e9].map((v) => (K === Float64Array || K === Float32Array ? v : Math.trunc(v))));
    check(get, [0, 1, 2, 3, 4, -1, 0.5, -0, NaN].map((i) => () => [fill(), i]));
  }
});

test('comparisons with NaN and -0, Math.min/max order and NaN, the exact Math instructions and imported V8 Math', () => {
  function cmp(a: number, b: number) { return [a < b, a <= b, a === b, a !== b, a > b, a >= b, Math.min(a, b), Math.max(a, b, 0)]; }
  function math(x: number) {
    return [Math.sqrt(x), Math.abs(x), Math.floor(x), Math.ceil(x), Math.trunc(x), Math.fround(x), Math.round(x), Math.sign(x),
      Math.exp(x), Math.log(x), Math.sin(x), Math.cos(x), Math.tan(x), Math.atan2(x, 0.75), Math.pow(x, 1.5), x ** 0.5, Math.hypot(x, 2, 3), Math.cbrt(x), -x];
  }
  check(cmp, EDGES.flatMap((a) => EDGES.map((b) => () => [a, b])));
  check(math, EDGES.map((x) => () => [x]));
});

test('truthiness and && / || on numbers return what JS returns', () => {
  function logic(a: number, b: number) { const c = a && b; const d = a || b; return [c, d, !a, a ? 1 : 2]; }
  check(logic, EDGES.flatMap((a) => [0, NaN, -0, 2.5].map((b) => () => [a, b])));
});

test('integer work past 2^31 runs in i64 on backend auto (Collatz), identical to plain', () => {
  function collatzSteps(n: number) {
    let best = 0, bestStart = 0;
    for (let start = 1; start < n; start++) {
      let x = start, steps = 0;
      while (x !== 1) { if (x % 2 === 0) x = Math.floor(x / 2); else x = 3 * x + 1; steps += 1; }
      if (steps > best) { best = steps; bestStart = start; }
    }
    return [bestStart, best];
  }
  const c = memoJit({ backend: 'auto' })(collatzSteps); // named: NUMBAT_JIT_BACKEND may be set in the process
  for (const n of [1, 2, 100, 5000]) same(c(n), collatzSteps(n), `collatz(${n})`);
  const text = inspectOf(c);
  assert.match(text, /;; backend: wasm — integer work in a loop kept in i64/);
  assert.match(text, /i64\.shr_s/, 'floor(x / 2) of an integer is a shift');
  assert.match(text, /;; so far: 4 calls in Wasm, 0 answered by JS/);
});

test('a loop that calls Math.random() stays on JS under auto, even with i64 work (Monte Carlo pi); on wasm it runs there', () => {
  // numba's Monte Carlo pi: the i64 counter would take rule 3, but Wasm's generator (then in globals) ran it 2.5x
  // slower; in locals its scalar draws gain nothing over JS's (session 19), and no Math.exp runs in lanes here
  function mcPi(nsamples: number) {
    let acc = 0;
    for (let i = 0; i < nsamples; i++) {
      const x = Math.random(), y = Math.random();
      if (x * x + y * y < 1.0) acc += 1;
    }
    return 4.0 * acc / nsamples;
  }
  const auto = memoJit({ backend: 'auto' })(mcPi), wasm = memoJit({ backend: 'wasm' })(mcPi);
  seedRandom(5); const a = auto(1000);
  seedRandom(5); const w = wasm(1000);
  assert.ok(Object.is(a, w), `auto ${a} and wasm ${w} draw the same stream`);
  assert.match(inspectOf(auto), /\/\/ backend: js — auto: it calls Math.random\(\)/);
  assert.match(inspectOf(wasm), /;; backend: wasm/);
});

test('i64 work only in an outer loop (a per-pixel bit packer around an f64 loop) stays on JS under auto', () => {
  // Are We Fast Yet's mandelbrot, shortened: byteAcc and bitNum are i64 once per pixel; the 50-step loop is f64.
  function packBits(size: number) {
    let sum = 0, byteAcc = 0, bitNum = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let zr = 0, zi = 0, escape = 0;
        for (let z = 0; z < 50 && escape === 0; z++) {
          const t = zr * zr - zi * zi + (2 * x) / size - 1.5;
          zi = 2 * zr * zi + (2 * y) / size - 1;
          zr = t;
          if (zr * zr + zi * zi > 4) escape = 1;
        }
        byteAcc = (byteAcc << 1) + escape;
        bitNum += 1;
        if (bitNum === 8) { sum ^= byteAcc; byteAcc = 0; bitNum = 0; }
      }
    }
    return sum;
  }
  const p = memoJit({ backend: 'auto' })(packBits);
  for (const n of [1, 8, 40]) same(p(n), packBits(n), `packBits(${n})`);
  // Rule 3 does not take it; the first calls decide (rule 5), whichever way the timing went.
  assert.doesNotMatch(inspectOf(p), /integer work in a loop kept in i64/);
  assert.match(inspectOf(p), /backend: (js|measuring|wasm) — auto: the first calls decide/);
});

test('an i64 local that would pass 2^53 or become -0 traps, and the JS backend gives the plain result', () => {
  function grow(n: number, k: number) { let x = 1; for (let i = 0; i < n; i++) x = x * 3 + k; return x; }
  function negZero(n: number) { let x = n; for (let i = 0; i < 2; i++) x = x * 0; return 1 / x; }
  check(grow, [() => [10, 1], () => [40, 1], () => [34, -1], () => [60, 2]]);
  check(negZero, [() => [5], () => [-5], () => [0]]);
  const g = memoJit({ backend: 'wasm' })(grow);
  g(40, 1);
  assert.match(inspectOf(g), /0 calls in Wasm, 1 answered by JS after a trap/);
});

test('arrays: new typed arrays in linear memory are zeroed and returned as new arrays; an argument returned is the caller\'s own', () => {
  function fresh(n: number, v: number) { const a = new Float64Array(n); for (let i = 1; i < n; i += 2) a[i] = v; return a; }
  function same1(xs: Float64Array) { xs[0] = 7; return xs; }
  check(fresh, [() => [5, 1.5], () => [0, 1], () => [100_000, -0], () => [5, 2]]);
  const w = memoJit({ backend: 'wasm' })(same1);
  const xs = new Float64Array(3);
  assert.equal(w(xs), xs);
  assert.equal(xs[0], 7);
});

test('two arguments sharing a buffer run on JS (copies would hide the aliasing); memory growth keeps results right', () => {
  function shift(dst: Float64Array, src: Float64Array) { for (let i = 0; i < src.length; i++) dst[i] = src[i]! + 1; return dst[0]! + dst[1]!; }
  const w = memoJit({ backend: 'wasm' })(shift);
  const buf = new Float64Array(8).fill(1);
  const plainBuf = new Float64Array(8).fill(1);
  same(w(buf.subarray(1), buf.subarray(0, 7)), shift(plainBuf.subarray(1), plainBuf.subarray(0, 7)), 'aliased');
  same(buf, plainBuf, 'aliased writes');
  assert.match(inspectOf(w), /1 with aliased arrays on JS/);
  // 40 MB arguments: linear memory grows (a shared memory: nothing is detached); the result is still exact
  const big = new Float64Array(5_000_000).fill(0.5), out = new Float64Array(5_000_000);
  const want = shift(new Float64Array(5_000_000), big);
  same(w(out, big), want, 'big');
  assert.equal(out[4_999_999], 1.5);
});

test('calls between compiled functions run inside one module', () => {
  function sq(x: number) { return x * x; }
  function sumsq(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) s += sq(xs[i]!); return s; }
  const w = memoJit({ backend: 'wasm', scope: { sq: memoJit(sq) } })(sumsq);
  const xs = Float64Array.from([1.5, -2, NaN, 3]);
  same(w(xs), sumsq(xs), 'sumsq');
  assert.match(inspectOf(w), /call 2 ;; sq|call \d+ ;; sq/);
});

test('routing: auto keeps float loops over arrays on JS and says why; js is JS; Math.random() runs on Wasm (gen-random.ts); constructs outside the subset say which', () => {
  function total(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s; }
  function draw() { return Math.random(); }
  function rows(m: Array2D) { return m.rows; }
  // The default is 'auto' when NUMBAT_JIT_BACKEND is unset; the Wasm differential may set it in this process
  // (a mutation run imports both files), so it is unset around the first call, which compiles synchronously.
  const saved = process.env['NUMBAT_JIT_BACKEND'];
  delete process.env['NUMBAT_JIT_BACKEND'];
  const auto = memoJit(total);
  try {
    auto(new Float64Array(3));
  } finally {
    if (saved !== undefined) process.env['NUMBAT_JIT_BACKEND'] = saved;
  }
  const js = memoJit({ backend: 'js' })(total), r = memoJit({ backend: 'wasm' })(draw), m = memoJit({ backend: 'wasm' })(rows);
  js(new Float64Array(3)); r(); m(new Array2D(1, 1));
  assert.match(inspectOf(auto), /\/\/ backend: (js|measuring|wasm) — auto: the first calls decide/);
  assert.match(inspectOf(js), /\/\/ backend: js — backend: 'js' was requested/);
  assert.match(inspectOf(r), /;; backend: wasm/);
  assert.match(inspectOf(m), /not in the Wasm subset: parameter m\w*: an Array2D/);
  assert.throws(() => memoJit({ backend: 'gpu' as 'js' })(total), /backend option must be 'auto', 'js' or 'wasm'/);
});

test('booleans in arithmetic run on Wasm as JS converts them (true is 1, false is 0); a number-or-boolean runs on JS, saying why', () => {
  function boolArith(x: number) {
    const t = x > 0;
    return (t as unknown as number) + 0.5 - -(t as unknown as number) * Math.max(t as unknown as number, 0.25) + +(x < 1);
  }
  check(boolArith, [() => [1], () => [-1], () => [0], () => [NaN], () => [0.5]]);
  function flag(x: number): unknown { let f: number | boolean = false; if (x < 0) f = -x; return f; }
  const w = memoJit({ backend: 'wasm' })(flag);
  for (const x of [-2, 3, -0]) assert.ok(Object.is(w(x), flag(x)), `flag(${x})`);
  assert.match(inspectOf(w), /backend: js — not in the Wasm subset: the return value that holds a number or a boolean \(the JS value itself; a Wasm value has one type\)/);
});
