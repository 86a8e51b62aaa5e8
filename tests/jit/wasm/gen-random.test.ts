// src/jit/wasm/gen-random.ts: Math.random() in Wasm draws memoJit's SFC32 stream exactly. Checked against the
// plain function run with Math.random replaced by random.ts's reference draw (nextRandom) and against the JS
// backend: the same result (Object.is) or the same exception, and the same RANDOM_STATE afterwards, after
// seedRandom(s), for loops, early returns, throws and trapped calls that the JS backend reruns (the state is
// advanced once, not twice), and callees that draw too; inspect() says which backend ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, seedRandom } from '../../../src/index.js';
import { RANDOM_STATE, nextRandom } from '../../../src/jit/random.js';

type Fn = (...a: never[]) => unknown;

function outcome(run: () => unknown): { value?: unknown; error?: string; state: number[] } {
  try {
    const value = run();
    return { value, state: Array.from(RANDOM_STATE) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}`, state: Array.from(RANDOM_STATE) };
  }
}

function reference(f: Fn, seed: number, args: unknown[]): ReturnType<typeof outcome> {
  const own = Math.random;
  Math.random = nextRandom;
  try {
    seedRandom(seed);
    return outcome(() => (f as (...a: unknown[]) => unknown)(...args));
  } finally {
    Math.random = own;
  }
}

function backendOf(f: unknown): string {
  return Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n').match(/^;; backend: (\w+)/m)?.[1] ?? '?';
}

/** Each call in `calls` on Wasm and JS, after seedRandom(seed), agrees with the reference; returns Wasm's backend. */
function agree(f: Fn, calls: unknown[][], seeds = [1, 42, -7]): string {
  const w = memoJit({ backend: 'wasm' })(f) as unknown as (...a: unknown[]) => unknown;
  const j = memoJit({ backend: 'js' })(f) as unknown as (...a: unknown[]) => unknown;
  for (const seed of seeds) {
    for (const args of calls) {
      const want = reference(f, seed, args);
      seedRandom(seed);
      const gotW = outcome(() => w(...args));
      seedRandom(seed);
      const gotJ = outcome(() => j(...args));
      for (const [name, got] of [['wasm', gotW], ['js', gotJ]] as const) {
        assert.equal(got.error, want.error, `${f.name}(${args.join()}) seed ${seed} on ${name}: exception`);
        assert.ok(Object.is(got.value, want.value), `${f.name}(${args.join()}) seed ${seed} on ${name}: ${String(got.value)} vs ${String(want.value)}`);
        assert.deepEqual(got.state, want.state, `${f.name}(${args.join()}) seed ${seed} on ${name}: state`);
      }
    }
  }
  return backendOf(w);
}

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
  assert.equal(agree(mc, [[0], [1], [1000]]), 'wasm');
  assert.equal(agree(pi, [[0], [3], [2000]]), 'wasm');
});

test('early returns: the state is what the draws made up to the return', () => {
  function firstAbove(t: number, n: number): number {
    for (let i = 0; i < n; i++) { const x = Math.random(); if (x > t) return i + x; }
    return -1;
  }
  assert.equal(agree(firstAbove, [[0.5, 100], [0.999, 50], [2, 10]]), 'wasm');
});

test('a throw after some draws: same exception, the state advanced once by those draws', () => {
  function drawThenThrow(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) { s += Math.random(); if (i === 5) throw new RangeError('too many'); }
    return s;
  }
  assert.equal(agree(drawThenThrow, [[3], [10]]), 'wasm');
});

test('a call that traps (an out-of-range read) and is rerun by JS draws the stream once', () => {
  function drawThenRead(a: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < 4; i++) s += Math.random();
    return s + a[k]!; // past the end: undefined in JS, a trap in Wasm
  }
  const a = Float64Array.from([1, 2, 3]);
  assert.equal(agree(drawThenRead, [[a, 1], [a, 9], [a, 2]]), 'wasm');
});

test('a callee that draws too shares the stream with its caller', () => {
  const inner = memoJit(function inner(k: number): number { let s = 0; for (let i = 0; i < k; i++) s += Math.random(); return s; });
  function outer(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.random() * inner(i % 3);
    return s;
  }
  assert.equal(agree(outer, [[0], [7], [50]]), 'wasm');
});
