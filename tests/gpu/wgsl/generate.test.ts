// src/gpu/wgsl/generate.ts: a kernel module to WGSL. Checked on lavapipe against plain JavaScript, for what the
// module's mutation run (issue 19, `gpu-codegen`) showed no other test reached:
// - functions with a result whose end WGSL cannot prove unreachable (a `while (true)` that returns from inside:
//   the loop has a `break` to WGSL) get a closing `return` of their result type, for f32, i32, bool and the
//   f64-emulated pair; one whose `if`/`else` both return gets none (Dawn would warn "code is unreachable");
// - a helper that writes the array it was passed: the array counts as written, so a host array is copied back;
// - a recursive helper taking an array (WGSL has no recursion): a located compile error, not a stack overflow
//   of the walk that follows arrays into helpers;
// - a 2-D array the kernel writes but never reads is not uploaded: only the elements it stored come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { gpu, GpuCompileError } from '../../../src/gpu/index.js';
import { Array2D } from '../../../src/index.js';

test('a function that returns from inside while (true) compiles and runs, for every result type', { skip: noAdapter, timeout: 120_000 }, async () => {
  // Steps to reach x counting up from 0 (f32), from 0.5 (f64-emulated).
  function stepsF32(i: number, xs: Float32Array): number {
    let k = 0;
    while (true) {
      if (k >= xs[i]!) return k;
      k++;
    }
  }
  function stepsDf(i: number, xs: Float64Array): number {
    let k = 0.5;
    while (true) {
      if (k >= xs[i]!) return k;
      k++;
    }
  }
  // Helpers returning an i32 and a bool the same way.
  function firstAbove(i: number, out: Int32Array, xs: Int32Array): void {
    function up(x: number): number {
      while (true) {
        if (x > 5) return x;
        x += 2;
      }
    }
    function odd(x: number): boolean {
      while (true) {
        if (x > 5) return x % 2 === 1;
        x += 2;
      }
    }
    out[i] = up(xs[i]!) * (odd(xs[i]!) ? 1 : -1);
  }
  const xs = Float32Array.from([1, 2, 3, 4]);
  const plainSum = (f: (i: number) => number): number => [0, 1, 2, 3].reduce((s, i) => s + f(i), 0);
  assert.equal(await gpu({ reduce: 'sum' })(stepsF32).launch(4, xs), plainSum((i) => stepsF32(i, xs)));
  const xd = Float64Array.from([1, 2, 3, 4]);
  assert.equal(await gpu({ reduce: 'sum', precision: 'f64-emulated' })(stepsDf).launch(4, xd), plainSum((i) => stepsDf(i, xd)));
  const starts = Int32Array.from([1, -2, 3, 8]);
  const out = new Int32Array(4), expected = new Int32Array(4);
  for (let i = 0; i < 4; i++) firstAbove(i, expected, starts);
  await gpu(firstAbove).launch(4, out, starts);
  assert.deepEqual([...out], [...expected]);
  assert.deepEqual([...expected], [7, -6, 7, -8], 'the plain function, worked by hand: 1→7, -2→6, 3→7, 8');
});

test('a helper whose if and else both return gets no unreachable closing return', { skip: noAdapter, timeout: 120_000 }, async () => {
  const fold = gpu(function foldSign(i: number, out: Float32Array, xs: Float32Array) {
    function h(x: number): number {
      if (x > 0) {
        return x * 2;
      } else {
        return -x;
      }
    }
    out[i] = h(xs[i]!);
  });
  const out = new Float32Array(4);
  await fold.launch(4, out, Float32Array.from([1, -2, 3, -4]));
  assert.deepEqual([...out], [2, 2, 6, 4]);
  const wgsl = [...fold.wgsl.values()].join('\n');
  const helper = wgsl.slice(wgsl.indexOf('fn f_h('), wgsl.indexOf('\n}', wgsl.indexOf('fn f_h(')));
  assert.ok(helper.length > 0, 'the helper is in the shader');
  assert.ok(!helper.includes('numbat_nan()'), `no closing return after an if/else that returns:\n${helper}`);
});

test('an array a helper writes is a written array: a host array is copied back', { skip: noAdapter, timeout: 120_000 }, async () => {
  const viaHelper = gpu(function viaHelper(i: number, out: Float32Array, xs: Float32Array) {
    function put(o: Float32Array, k: number, v: number): void {
      o[k] = v;
    }
    put(out, i, xs[i]! + 1);
  });
  const out = new Float32Array(4).fill(-1);
  await viaHelper.launch(4, out, Float32Array.from([1, 2, 3, 4]));
  assert.deepEqual([...out], [2, 3, 4, 5]);
  // Two arrays through one helper call, only the second written.
  const second = gpu(function secondOnly(i: number, a: Float32Array, b: Float32Array) {
    function copy(src: Float32Array, dst: Float32Array, k: number): void {
      dst[k] = src[k]! * 10;
    }
    copy(a, b, i);
  });
  const a = Float32Array.from([1, 2, 3]);
  const b = new Float32Array(3);
  await second.launch(3, a, b);
  assert.deepEqual([...b], [10, 20, 30]);
  assert.deepEqual([...a], [1, 2, 3]);
});

test('a recursive helper taking an array is a located error, not a stack overflow', { skip: noAdapter, timeout: 120_000 }, async () => {
  const recur = gpu(function recurHelper(i: number, xs: Float32Array) {
    function h(a: Float32Array, k: number): number {
      return k <= 0 ? a[0]! : h(a, k - 1);
    }
    xs[i] = h(xs, i);
  });
  await assert.rejects(recur.launch(4, new Float32Array(4)), (e: unknown) => e instanceof GpuCompileError && /generate\.test\.ts:\d+/.test(e.message));
});

test('a 2-D array written but never read is not uploaded; the elements not stored keep their values', { skip: noAdapter, timeout: 120_000 }, async () => {
  const diagonal = gpu({ grid: 2 })(function setDiagonal(i: number, j: number, m: Array2D) {
    if (i === j) m.set(i, j, 1);
  });
  const n = 64;
  const m = new Array2D(n, n);
  m.data.fill(7);
  await diagonal.launch([n, n], m);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(m.get(i, j), i === j ? 1 : 7);
  const uploaded = diagonal.lastLaunch!.bytesUploaded;
  assert.ok(uploaded < n * n * 4, `${uploaded} bytes uploaded: the ${n * n * 4}-byte matrix is only written, so it is not sent`);
});
