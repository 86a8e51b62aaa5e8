// The f32 result contract of @gpu (WGSL has no f64): + − × of f32 values are IEEE single precision, correctly
// rounded (WGSL's accuracy rules), so each step gives exactly what Math.fround of it gives in JavaScript;
// division and sqrt are within WGSL's stated accuracy (2.5 ulp; sqrt as 1/inverseSqrt, within 5 ulp here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';
import { rng } from '../_support/rng.js';

const f = Math.fround;
const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);
function ordered(x: number): number {
  bits[0] = x;
  return word[0]! < 0 ? -2147483648 - word[0]! : word[0]!;
}
const ulps = (a: number, b: number): number => Math.abs(ordered(a) - ordered(b));

const steps = gpu(function steps(i: number, x: Float32Array, y: Float32Array, out: Float32Array) {
  const a = x[i]!, b = y[i]!;
  out[6 * i] = a + b;
  out[6 * i + 1] = a - b;
  out[6 * i + 2] = a * b;
  out[6 * i + 3] = (a - b) * (a + b);
  out[6 * i + 4] = a / b;
  out[6 * i + 5] = Math.sqrt(Math.abs(a));
});

test('f32 contract: + − × exactly as Math.fround of each step, / and sqrt within their ulp bounds', { skip: noAdapter }, async () => {
  const rand = rng(20261202);
  const n = 20_000;
  const x = Float32Array.from({ length: n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6));
  const y = Float32Array.from({ length: n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6) || 1);
  const out = new Float32Array(6 * n);
  await steps.launch(n, x, y, out);
  assert.equal(steps.lastBackend, 'gpu');
  let worstDiv = 0;
  let worstSqrt = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]!, b = y[i]!;
    assert.equal(out[6 * i], f(a + b), `${a} + ${b}`);
    assert.equal(out[6 * i + 1], f(a - b), `${a} - ${b}`);
    assert.equal(out[6 * i + 2], f(a * b), `${a} * ${b}`);
    assert.equal(out[6 * i + 3], f(f(a - b) * f(a + b)), `(${a} - ${b}) * (${a} + ${b})`);
    worstDiv = Math.max(worstDiv, ulps(out[6 * i + 4]!, f(a / b)));
    worstSqrt = Math.max(worstSqrt, ulps(out[6 * i + 5]!, f(Math.sqrt(Math.abs(a)))));
  }
  assert.ok(worstDiv <= 2.5, `division off by ${worstDiv} ulp`);
  assert.ok(worstSqrt <= 5, `sqrt off by ${worstSqrt} ulp`);
});
