// 'auto' routing (jit/wasm/index.ts, rules 2 and 2a): a specialization whose loops run in v128 lanes runs on Wasm for
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

function expMap(out: Float64Array, a: Float64Array) {
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(a[i]!) * 0.5;
}
function logMap(out: Float64Array, a: Float64Array) {
  for (let i = 0; i < out.length; i++) out[i] = Math.log(a[i]!) * 0.5;
}

test('auto, rule 2a: a loop with Math.exp in lanes runs on Wasm even for ordinary arrays (copied); Math.log alone stays on rule 2', () => {
  const f = memoJit(expMap);
  const a = Float64Array.from({ length: 29 }, (_, i) => (i - 14) * 3.3), out = new Float64Array(29), want = new Float64Array(29);
  f(out, a);
  expMap(want, a);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(out[i], want[i]), `[${i}]`);
  const t = text(f);
  assert.match(t, /backend: wasm — a loop computes Math\.exp in f64x2 lanes/);
  assert.match(t, /so far: 1 calls in Wasm/);
  const g = memoJit(logMap);
  g(out, a.map(Math.abs));
  // rule 2 only: Wasm for numbat arrays, and this call, with ordinary ones, ran on JS
  assert.match(text(g), /backend: wasm — loops run in v128 lanes, on arrays in numbat memory/);
  assert.match(text(g), /1 calls with an array outside numbat memory ran the JS backend/);
});
