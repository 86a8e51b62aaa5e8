// src/jit/parallel/backend.ts: the backend of a function with prange loops. The entry always runs as JavaScript
// (it calls the region runtime); each loop's region runs on JS or Wasm on every thread, and `inspect()` says which
// and why, loop by loop, at the loop's source position. Checked: without `parallel` the loops are serial JS;
// with it, each loop is listed with its position (`auto` keeps V8 where Wasm would not be faster; `backend:
// 'wasm'` runs the regions as Wasm on numbat memory); and every variant returns the plain function's result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';

function sumAndMax(xs: Float64Array): number {
  let s = 0;
  for (const i of prange(xs.length)) s += xs[i]!;
  let m = -Infinity;
  for (const i of prange(xs.length)) m = Math.max(m, xs[i]!);
  return s + m;
}

const header = (f: unknown): string =>
  Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n').split('\n').find((l) => l.startsWith('// backend:')) ?? '';

test('the entry is JavaScript; each prange loop\'s region backend is stated with its position and reason', () => {
  const xs = Float64Array.from({ length: 50_000 }, (_, i) => (i * 7) % 13);
  const plain = sumAndMax(xs);
  const serial = memoJit(sumAndMax), auto = memoJit({ parallel: true })(sumAndMax), wasm = memoJit({ parallel: true, backend: 'wasm' })(sumAndMax);
  for (const f of [serial, auto, wasm]) assert.equal(f(xs), plain);
  assert.match(header(serial), /^\/\/ backend: js — prange loops without memoJit\(\{ parallel \}\) are serial loops of the JavaScript backend$/);
  const autoLine = header(auto);
  assert.match(autoLine, /^\/\/ backend: js — prange: the entry runs as JavaScript \(it calls the region runtime\); /);
  // Both loops, in order, at their lines in this file.
  const loops = [...autoLine.matchAll(/prange loop (\d) \(([^)]*backend\.test\.ts:\d+:\d+)\): ([^—]+)—/g)];
  assert.deepEqual(loops.map((m) => m[1]), ['1', '2']);
  assert.ok(loops.every((m) => m[3]!.trim() === 'JavaScript on every thread'), autoLine);
  assert.notEqual(loops[0]![2], loops[1]![2], 'each loop at its own position');
  const wasmLine = header(wasm);
  assert.equal([...wasmLine.matchAll(/prange loop \d \([^)]*\): Wasm on every thread, on numbat memory — backend: 'wasm' was requested/g)].length, 2, wasmLine);
});
