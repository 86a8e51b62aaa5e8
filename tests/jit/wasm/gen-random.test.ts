// src/jit/wasm/gen-random.ts: Math.random() in Wasm draws memoJit's SFC32 stream exactly. Checked against the
// plain function run with Math.random replaced by random.ts's reference draw (nextRandom) and against the JS
// backend: the same result (Object.is) or the same exception, and the same RANDOM_STATE afterwards, after
// seedRandom(s), for loops, early returns, throws and trapped calls that the JS backend reruns (the state is
// advanced once, not twice), callees that draw too (also with a drawn argument), and a void function falling
// off its end; inspect() says which backend ran. The generated loop keeps the state words in locals (no
// global read or written per draw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, seedRandom } from '../../../src/index.js';
import { RANDOM_STATE, nextRandom } from '../../../src/jit/random.js';
import { agreeOnStream, backendOf, withReferenceDraws } from '../../_support/random-stream.js';

test('a loop of draws: same doubles and same state as the reference, in Wasm', () => {
  function mc(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) { const x = Math.random(); s += Math.exp(-x * x); }
    return s / n;
  }
  function pi(n: number): number {
    let inside = 0;
    for (let i = 0; i < n; i++) { const x = Math.random(), y = Math.random(); if (x * x + y * y < 1) inside++; }
    return (4 * inside) / n;
  }
  assert.equal(backendOf(agreeOnStream(mc, [[0], [1], [1000]])), 'wasm');
  assert.equal(backendOf(agreeOnStream(pi, [[0], [3], [2000]])), 'wasm');
});

test('early returns: the state is what the draws made up to the return', () => {
  function firstAbove(t: number, n: number): number {
    for (let i = 0; i < n; i++) { const x = Math.random(); if (x > t) return i + x; }
    return -1;
  }
  assert.equal(backendOf(agreeOnStream(firstAbove, [[0.5, 100], [0.999, 50], [2, 10]])), 'wasm');
});

test('a throw after some draws: same exception, the state advanced once by those draws', () => {
  function drawThenThrow(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) { s += Math.random(); if (i === 5) throw new RangeError('too many'); }
    return s;
  }
  assert.equal(backendOf(agreeOnStream(drawThenThrow, [[3], [10]])), 'wasm');
});

test('a call that traps (an out-of-range read) and is rerun by JS draws the stream once', () => {
  function drawThenRead(a: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < 4; i++) s += Math.random();
    return s + a[k]!; // past the end: undefined in JS, a trap in Wasm
  }
  const a = Float64Array.from([1, 2, 3]);
  assert.equal(backendOf(agreeOnStream(drawThenRead, [[a, 1], [a, 9], [a, 2]])), 'wasm');
});

test('a callee that draws too shares the stream with its caller', () => {
  const inner = memoJit(function inner(k: number): number { let s = 0; for (let i = 0; i < k; i++) s += Math.random(); return s; });
  function outer(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.random() * inner(i % 3);
    return s;
  }
  assert.equal(backendOf(agreeOnStream(outer, [[0], [7], [50]])), 'wasm');
});

test('a function that returns no value stores its draws back when it falls off its end', () => {
  function fill(out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = Math.random();
  }
  const w = memoJit({ backend: 'wasm' })(fill) as unknown as (out: Float64Array) => void;
  const want = new Float64Array(5);
  withReferenceDraws(() => { seedRandom(3); fill(want); });
  const wantState = (seedRandom(3), Array.from({ length: 5 }, nextRandom), Array.from(RANDOM_STATE));
  const got = new Float64Array(5);
  seedRandom(3);
  w(got);
  assert.deepEqual(Array.from(got), Array.from(want));
  assert.deepEqual(Array.from(RANDOM_STATE), wantState);
  assert.equal(backendOf(w), 'wasm');
});

test('a drawn argument of a callee that draws: the caller\'s draw comes first, the callee\'s after it', () => {
  const scaled = memoJit(function scaled(x: number): number { return x * Math.random(); });
  function chain(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += scaled(Math.random()) + Math.random();
    return s;
  }
  assert.equal(backendOf(agreeOnStream(chain, [[0], [1], [9]])), 'wasm');
});

test('the state words stay in locals while the function runs: no global is read or written in the loop', () => {
  function draws(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.random();
    return s;
  }
  const w = memoJit({ backend: 'wasm' })(draws) as unknown as (n: number) => number;
  w(1);
  const wat = Object.values((w as unknown as { inspect(): Record<string, string> }).inspect()).join('\n');
  const loop = wat.slice(wat.indexOf('\n        loop'), wat.indexOf('\n        end', wat.indexOf('\n        loop')));
  assert.ok(loop.includes('i32.shr_u'), 'the loop is found in the WAT');
  assert.ok(!/global\.(get|set)/.test(loop), loop);
});
