// Issue 12, ArrayBuffers: `new ArrayBuffer(n)`, typed arrays viewing it (`new Float64Array(buf[, byteOffset[,
// length]])`), copies (`new Float64Array(xs)`), `.byteLength`, `.byteOffset`, `.buffer`, and function-level `var`s
// holding arrays (drom's FFT declares `var sin, cos, …` and assigns the views later). Each kernel runs plain and
// compiled (JS and Wasm backends) on equal fresh inputs: the same value (Object.is element by element, typed-array
// classes included), the same writes to the arguments, the same exception class and message (V8's RangeErrors of
// a misaligned or too long view).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../src/index.js';
import { outcomeOf, sameValues as same, assertSameOutcome } from '../_support/outcome.js';

type Kernel = (xs: number[], ys: Float64Array, n: number, k: number) => unknown;

const KERNELS: Record<string, Kernel> = {
  viewsAlias(xs, ys, n, k) {
    const raw = new ArrayBuffer(8 * n);
    const a = new Float64Array(raw);
    const b = new Float64Array(raw);
    for (let i = 0; i < a.length; i++) a[i] = ys[i % ys.length]! * k;
    b[0] = -1; // the same bytes: a sees it
    return [a, a.length, raw.byteLength, a.byteLength, a[0]];
  },
  offsetAndLength(xs, ys, n, k) {
    // a misaligned offset or a view past the end is V8's RangeError, with V8's message
    const raw = new ArrayBuffer(8 * n + 16);
    const whole = new Float64Array(raw);
    whole.fill(k);
    const part = new Float64Array(raw, 8 * (n % 3), n);
    part[0] = 7;
    const odd = new Float64Array(raw, n, 1);
    return [whole, part, part.byteOffset, odd.length];
  },
  bytesOfDoubles(xs, ys, n, k) {
    const d = new Float64Array(new ArrayBuffer(8 * ys.length));
    d.set(ys);
    const bytes = new Uint8Array(d.buffer);
    const words = new Int32Array(d.buffer, 0, 2 * ys.length);
    let h = 0;
    for (let i = 0; i < bytes.length; i++) h = (h * 31 + bytes[i]!) % 1000003;
    return [h, words[0], words[words.length - 1], bytes.byteLength];
  },
  copies(xs, ys, n, k) {
    const f = new Float32Array(xs);
    const c = new Uint8ClampedArray(ys);
    const i = new Int16Array(xs);
    i[0] = k; // a copy: xs is not written
    return [f, c, i];
  },
  negativeLength(xs, ys, n, k) {
    const raw = new ArrayBuffer(n - 3); // RangeError when n < 3, as in JS
    return new Int8Array(raw).length;
  },
  fractionalLength(xs, ys, n, k) {
    const raw = new ArrayBuffer(n / 2 + 0.5);
    return [raw.byteLength, new Uint8Array(raw, 0).length];
  },
  varList(xs, ys, n, k) {
    var i, raw, v, total;
    total = 0;
    raw = new ArrayBuffer(4 * n);
    v = new Float32Array(raw);
    for (i = 0; i < n; i++) v[i] = Math.sin(k * i);
    for (i = 0; i < n; i++) total += v[i]!;
    return [total, v];
  },
  varArrayOnBranches(xs, ys, n, k) {
    // a `var` is function-scoped: assigned in a branch, read after it
    if (n > 2) { var t = new Float64Array(n); } else { var t = new Float64Array(1); }
    t[0] = k;
    return t;
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1, 300));
const inputs = fc.record({
  xs: fc.array(number, { minLength: 1, maxLength: 6 }),
  ys: fc.array(number, { minLength: 1, maxLength: 6 }),
  n: fc.integer({ min: 0, max: 9 }),
  k: number,
});

for (const backend of ['js', 'wasm'] as const) {
  for (const [name, kernel] of Object.entries(KERNELS)) {
    test(`buffers, ${name} (${backend}): equals plain (values, argument writes, exceptions)`, () => {
      const compiled = memoJit({ backend })(kernel);
      fc.assert(fc.property(inputs, (r) => {
        const p = { xs: [...r.xs], ys: Float64Array.from(r.ys) };
        const c = { xs: [...r.xs], ys: Float64Array.from(r.ys) };
        const want = outcomeOf(() => kernel(p.xs, p.ys, r.n, r.k));
        const got = outcomeOf(() => compiled(c.xs, c.ys, r.n, r.k));
        assertSameOutcome(got, want);
        assert.ok(same(c.xs, p.xs) && same(c.ys, p.ys), 'arguments after the call');
      }), { numRuns: 150, seed: 1203 });
      assert.ok(!Object.keys(compiled.inspect()).some((s) => s.includes('plain function')), 'compiled, not run plain');
    });
  }
}

// drom/fourier's radix-2 FFT with its tables as `new Float64Array(N)` (the form that crashed the Wasm backend with
// "internal: unknown local sin": a `var` holding an array was never declared, and `while (bits--)` emitted nothing).
function fft(real: Float64Array, imag: Float64Array): void {
  function bitReversal(x: number, bits: number): number {
    var res = 0;
    while (bits--) { res <<= 1; res |= x & 1; x >>= 1; }
    return res;
  }
  var log2N, i, j, N, k, half, step, sin, cos, tmpReal, tmpImag, width;
  N = real.length;
  log2N = Math.log(N) / Math.log(2);
  sin = new Float64Array(N);
  cos = new Float64Array(N);
  for (k = 0; k < N; k++) { sin[k] = Math.sin(Math.PI / N * 2 * k); cos[k] = Math.cos(Math.PI / N * 2 * k); }
  for (i = 0; i < N; i++) {
    j = bitReversal(i, log2N);
    if (j > i) { tmpReal = real[i]!; real[i] = real[j]!; real[j] = tmpReal; tmpImag = imag[i]!; imag[i] = imag[j]!; imag[j] = tmpImag; }
  }
  for (width = 2; width <= N; width *= 2) {
    step = N / width;
    half = width / 2;
    for (i = 0; i < N; i += width) {
      k = 0;
      for (j = i; j < i + half; j++) {
        tmpReal = real[j + half]! * cos[k]! + imag[j + half]! * sin[k]!;
        tmpImag = -real[j + half]! * sin[k]! + imag[j + half]! * cos[k]!;
        real[j + half] = real[j]! - tmpReal;
        imag[j + half] = imag[j]! - tmpImag;
        real[j] = real[j]! + tmpReal;
        imag[j] = imag[j]! + tmpImag;
        k += step;
      }
    }
  }
}

for (const backend of ['wasm', 'auto', 'js'] as const) {
  test(`the FFT with var-declared tables runs on backend '${backend}' and writes what plain writes`, () => {
    const compiled = memoJit({ backend })(fft);
    for (const n of [1, 2, 8, 64]) {
      const re = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 1.7) - 0.25);
      const im = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.3));
      const re2 = re.slice(), im2 = im.slice();
      fft(re, im);
      assert.equal(compiled(re2, im2), undefined);
      assert.ok(same(re2, re) && same(im2, im), `n = ${n}`);
    }
    const [text] = Object.values(compiled.inspect());
    if (backend === 'wasm') assert.match(text!, /backend: wasm/, 'the tables and the while (bits--) loop are in the Wasm subset');
  });
}
