// Inner helper functions of a @gpu kernel on scalars: each becomes a WGSL function whose signature carries its
// result type (none for a helper that returns nothing). Compared with the plain function and the CPU fallback;
// small integers and halves are exact in f32, so equality is exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { onCpu } from './_cpu.js';
import { gpu } from '../../src/gpu/index.js';

function withHelpers(i: number, xs: Float32Array, out: Float32Array): void {
  function half(v: number): number {
    return v / 2;
  }
  function clampTo(v: number, hi: number): number {
    if (v > hi) return hi;
    return v;
  }
  function bump(a: Float32Array, k: number, by: number): void {
    a[k] = a[k]! + by;
  }
  out[i] = clampTo(half(xs[i]!), 3);
  bump(out, i, 1);
}

test('helpers that return a number and a helper that returns nothing: WGSL signatures, and results equal plain', { skip: noAdapter }, async () => {
  const k = gpu(withHelpers);
  const xs = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const out = new Float32Array(xs.length);
  await k.launch(xs.length, xs, out);
  assert.equal(k.lastBackend, 'gpu');
  const plain = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) withHelpers(i, xs, plain);
  assert.deepEqual([...out], [...plain]);
  assert.deepEqual([...plain], [1.5, 2, 2.5, 3, 3.5, 4, 4, 4, 4]);
  const wgsl = [...k.wgsl.values()][0]!;
  assert.match(wgsl, /fn f_half\w*\([^)]*\) -> f32 \{/);
  assert.match(wgsl, /fn f_clampTo\w*\([^)]*\) -> f32 \{/);
  assert.match(wgsl, /fn f_bump\w*\([^)]*\) \{/, 'a helper that returns nothing has no result type');
  const cpu = new Float32Array(xs.length);
  await onCpu(() => k.launch(xs.length, xs, cpu));
  assert.deepEqual([...cpu], [...plain]);
});
