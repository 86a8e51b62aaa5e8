// 'auto' routing (jit/wasm/index.ts, rule 2): a specialization whose loops run in v128 lanes runs on Wasm for
// calls whose arrays all live in numbat memory, and on the JS backend for calls with an ordinary array (whose copy
// would cost what the lanes save); inspect() says which rule chose Wasm and counts the calls each way.
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import * as numbat from '../../../src/index.js';

const text = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

function scale(out: Float64Array, a: Float64Array, k: number) {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! * k + 1;
}

test('auto: a loop in lanes runs on Wasm for numbat arrays, and on JS for a call with an ordinary array', () => {
  const f = memoJit(scale);
  const n = 37;
  const a = numbat.f64(Array.from({ length: n }, (_, i) => i / 7)), out = numbat.f64(n);
  f(out, a, 3);
  f(out, a, 3);
  const want = new Float64Array(n);
  scale(want, Float64Array.from(a), 3);
  assert.deepEqual([...out], [...want]);
  let t = text(f);
  assert.match(t, /backend: wasm — loops run in v128 lanes, on arrays in numbat memory/);
  assert.match(t, /so far: 2 calls in Wasm/);
  assert.match(t, /0 calls with an array outside numbat memory ran the JS backend/);
  // the same specialization (Float64Array arguments) called with ordinary arrays: the JS backend answers
  const plainOut = new Float64Array(n);
  f(plainOut, Float64Array.from(a), 3);
  f(out, Float64Array.from(a), 3); // one of two outside numbat memory is enough
  assert.deepEqual([...plainOut], [...want]);
  t = text(f);
  assert.match(t, /so far: 2 calls in Wasm/);
  assert.match(t, /2 calls with an array outside numbat memory ran the JS backend/);
});

test('auto keeps JS when no loop runs in lanes, even on numbat memory; js and wasm requests are obeyed', () => {
  function sum(a: Float64Array) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s; }
  const f = memoJit(sum);
  const a = numbat.f64([1, 2, 3, 0.1]);
  assert.equal(f(a), sum(Float64Array.from(a)));
  // No rule of the code's shape takes it: the first calls decide (rule 5), whichever way the timing went.
  assert.match(text(f), /backend: (js|measuring|wasm) — auto: the first calls decide/);
  assert.doesNotMatch(text(f), /loops run in v128 lanes/);
  const j = memoJit({ backend: 'js' })(scale);
  j(numbat.f64(4), numbat.f64(4), 2);
  assert.match(text(j), /backend: js — backend: 'js' was requested/);
  const w = memoJit({ backend: 'wasm' })(scale);
  const out = new Float64Array(4);
  w(out, Float64Array.from([1, 2, 3, 4]), 2);
  assert.deepEqual([...out], [3, 5, 7, 9]);
  assert.match(text(w), /backend: wasm — backend: 'wasm' was requested/);
  assert.doesNotMatch(text(w), /outside numbat memory ran the JS backend/, 'a requested Wasm backend copies ordinary arrays in');
});

test('auto on numbat memory: integer sums (exact, no fastmath) and f32 maps run on Wasm, equal to plain', () => {
  function isum(a: Int32Array) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s; }
  function fmul(o: Float32Array, a: Float32Array, b: Float32Array) { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]!; }
  const s = memoJit(isum);
  const xs = numbat.i32(Array.from({ length: 1001 }, (_, i) => (i * 2654435761) | 0));
  assert.equal(s(xs), isum(Int32Array.from(xs)));
  assert.match(text(s), /backend: wasm — loops run in v128 lanes/);
  assert.match(text(s), /1 calls in place \(numbat memory, zero-copy\)/);
  const m = memoJit(fmul);
  const a = numbat.f32(Array.from({ length: 19 }, (_, i) => i / 3)), b = numbat.f32(Array.from({ length: 19 }, (_, i) => 1 / (i + 1)));
  const o = numbat.f32(19), want = new Float32Array(19);
  m(o, a, b);
  fmul(want, a, b);
  assert.deepEqual([...o], [...want]);
  assert.match(text(m), /f32x4/);
});
