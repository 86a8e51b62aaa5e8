// src/jit/parallel/runtime.ts: the region runtime under prange loops. Checked through memoJit: the thread count
// is settable and validated; a loop below minIterations runs on the calling thread as the serial loop, bit for
// bit, whatever the thread count; with `deterministic` the float result is bit-identical on 1, 2 and 3 threads
// (chunks depend on the trip count alone); without it, results differ from the serial sum by reassociation only
// (within the bound (n − 1)·u·Σ|x| of a sum in any order); an ordinary typed array the loop writes is copied back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { getThreads, setThreads, DEFAULT_MIN_ITERATIONS } from '../../../src/jit/parallel/runtime.js';
import { withThreads } from './_fixtures.js';

const initial = getThreads();
after(() => { memoJit.threads = initial; });

function psum(xs: Float64Array): number {
  let s = 0;
  for (const i of prange(xs.length)) s += xs[i]!;
  return s;
}

// Magnitudes over 30 binary orders, so that the order of additions shows in the last bits.
const values = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 2 ** ((i * 7) % 30));

test('the thread count is settable and validated', () => {
  setThreads(3);
  assert.equal(getThreads(), 3);
  assert.equal(memoJit.threads, 3);
  for (const bad of [0, -1, 1.5, NaN]) assert.throws(() => setThreads(bad), RangeError, String(bad));
  assert.equal(getThreads(), 3, 'a refused value changes nothing');
  assert.equal(DEFAULT_MIN_ITERATIONS, 2000);
});

test('a loop below minIterations is the serial loop, bit for bit, on any thread count', async () => {
  const par = memoJit({ parallel: true })(psum);
  const xs = values(DEFAULT_MIN_ITERATIONS - 1);
  let serial = 0;
  for (let i = 0; i < xs.length; i++) serial += xs[i]!;
  for (const n of [1, 2, 3]) assert.ok(Object.is(await withThreads(n, () => par(xs)), serial), `${n} threads`);
});

test('deterministic: the same bits on 1, 2 and 3 threads; otherwise within the reassociation bound', async () => {
  const det = memoJit({ parallel: { deterministic: true } })(psum);
  const free = memoJit({ parallel: true })(psum);
  const xs = values(200_000);
  let serial = 0, abs = 0;
  for (let i = 0; i < xs.length; i++) { serial += xs[i]!; abs += Math.abs(xs[i]!); }
  const bits: number[] = [];
  for (const n of [1, 2, 3]) bits.push(await withThreads(n, () => det(xs))); // one thread count at a time
  assert.ok(bits.every((b) => Object.is(b, bits[0])), `deterministic: ${bits.join(', ')}`);
  const bound = (xs.length - 1) * 2 ** -53 * abs * 2; // two orders, each within (n − 1)·u·Σ|x| of the exact sum
  for (const n of [1, 2, 3]) {
    const r = await withThreads(n, () => free(xs));
    assert.ok(Math.abs(r - serial) <= bound, `${n} threads: ${r} vs ${serial} (bound ${bound})`);
  }
});

test('an ordinary typed array written by the loop is copied back to the caller', async () => {
  function fill(out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = i * 0.5;
    return out.length;
  }
  const par = memoJit({ parallel: true })(fill);
  const out = new Float64Array(10_000);
  assert.equal(await withThreads(2, () => par(out)), 10_000);
  assert.ok(out.every((v, i) => v === i * 0.5));
});
