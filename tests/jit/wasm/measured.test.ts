// Checks src/jit/wasm/measured.ts, rule 5 of 'auto': the first calls choose between the JS and Wasm backends.
// Times are scripted through setMeasureClock (a JS call and a Wasm call read as fixed durations), so every
// decision is checked without depending on the machine's speed; the results are compared with the plain
// function on every call, whichever backend ran it.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import {
  measuredRun, setMeasureClock, MEASURE_GIVE_UP, MEASURE_MIN_MS, MEASURE_SAMPLES, type WasmCandidate,
} from '../../../src/jit/wasm/measured.js';
import type { WasmRunStats } from '../../../src/jit/wasm/runtime.js';

afterEach(() => setMeasureClock());

/** A clock whose reading advances by the duration of whichever fake backend ran last: a call reads as its own duration. */
function scripted(jsMs: number, wasmMs: number) {
  let t = 0;
  const state = { running: 'js' as 'js' | 'wasm', log: [] as string[] };
  setMeasureClock(() => (t += state.running === 'js' ? jsMs : wasmMs));
  const stats: WasmRunStats = { calls: 0, traps: 0, aliased: 0, bytesIn: 0, bytesOut: 0, onJs: false, args: [] };
  const js = (x: number): number => { state.running = 'js'; state.log.push('js'); return x * 2; };
  const wasmFn = (x: number): number => { state.running = 'wasm'; state.log.push('wasm'); stats.calls++; return x * 2; };
  let made = 0;
  const make = (): WasmCandidate => { made++; return { fn: wasmFn, stats }; };
  return { state, js, make, stats, made: () => made };
}

test('a first call under the threshold settles on JS without instantiating Wasm', () => {
  const s = scripted(MEASURE_MIN_MS / 4, 0);
  const run = measuredRun(s.js, s.make);
  const settledWith: unknown[] = [];
  run.onSettle((fn) => settledWith.push(fn));
  assert.equal(run.fn(3), 6);
  assert.equal(run.settled, 'js');
  assert.equal(s.made(), 0, 'the module is never instantiated');
  assert.deepEqual(settledWith, [s.js]);
  assert.match(run.describe(), /the first call ran under 0.2 ms on JS/);
  for (let i = 0; i < 5; i++) assert.equal(run.fn(i), 2 * i);
  assert.deepEqual(s.state.log, ['js', 'js', 'js', 'js', 'js', 'js']);
});

test('Wasm measured faster: warm-up, then alternating timed calls, then every call on Wasm', () => {
  const s = scripted(4, 1);
  const run = measuredRun(s.js, s.make);
  let settledWith: unknown;
  run.onSettle((fn) => { settledWith = fn; });
  // first (JS, timed), Wasm warm-up, then MEASURE_SAMPLES pairs starting with JS
  const calls = 2 + 2 * MEASURE_SAMPLES;
  for (let i = 0; i < calls; i++) assert.equal(run.fn(5), 10);
  assert.deepEqual(s.state.log, ['js', 'wasm', 'js', 'wasm', 'js', 'wasm', 'js', 'wasm']);
  assert.equal(run.settled, 'wasm');
  assert.equal(s.made(), 1);
  assert.equal(typeof settledWith, 'function');
  assert.notEqual(settledWith, s.js);
  assert.match(run.describe(), /measured faster on Wasm \(best of 3 alternating calls: Wasm 1.0 ms, JS 4.0 ms\)/);
  run.fn(100);
  assert.equal(s.state.log.at(-1), 'wasm');
  // a listener added after settling hears at once
  let late: unknown;
  run.onSettle((fn) => { late = fn; });
  assert.equal(late, settledWith);
});

test('Wasm not faster by the margin: JS is kept', () => {
  const s = scripted(4, 3.8);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 2 + 2 * MEASURE_SAMPLES; i++) assert.equal(run.fn(5), 10);
  assert.equal(run.settled, 'js');
  assert.match(run.describe(), /measured not faster on Wasm .*Wasm 3.8 ms, JS 4.0 ms/);
  run.fn(1);
  assert.equal(s.state.log.at(-1), 'js');
});

test('calls of another size run on JS untimed; enough of them settle on JS', () => {
  const s = scripted(4, 1);
  const run = measuredRun(s.js, s.make);
  run.fn(10); // first call: the size key is [10]
  for (let i = 0; i < MEASURE_GIVE_UP; i++) assert.equal(run.fn(11 + i), 2 * (11 + i));
  assert.equal(run.settled, 'js');
  assert.match(run.describe(), /calls were of other sizes/);
  assert.ok(s.state.log.every((b) => b === 'js'));
});

test('non-integer numbers do not count as sizes: a changing float argument is still measured', () => {
  const s = scripted(4, 1);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 2 + 2 * MEASURE_SAMPLES; i++) run.fn(0.3 + i / 64);
  assert.equal(run.settled, 'wasm');
});

test('a Wasm call handed back to JS (no Wasm call counted) is not a Wasm time', () => {
  const s = scripted(4, 1);
  const stats = s.stats;
  const handsBack: WasmCandidate = { fn: (x: number) => { s.state.running = 'js'; return x * 2; }, stats };
  const run = measuredRun(s.js, () => handsBack);
  for (let i = 0; i < MEASURE_GIVE_UP + 1; i++) assert.equal(run.fn(7), 14);
  assert.equal(run.settled, 'js');
  assert.equal(stats.calls, 0);
});

test('memoJit: calls that read alike on both backends stay on JS, with the same results on every call', () => {
  // Real backends, scripted clock: every reading advances 0.5 ms, so every timed call reads as 0.5 ms: the first
  // is over the threshold, and afterwards both backends read alike, so JS is kept (Wasm must win by the margin).
  let t = 0;
  setMeasureClock(() => (t += 0.5));
  function sumSquares(xs: Float64Array) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i]!;
    return s;
  }
  const saved = process.env['NUMBAT_JIT_BACKEND'];
  delete process.env['NUMBAT_JIT_BACKEND'];
  try {
    const f = memoJit(sumSquares);
    const xs = Float64Array.from({ length: 101 }, (_, i) => Math.sin(i) * 1e3);
    const inspect = (): string => Object.values(f.inspect()).join('\n');
    assert.equal(f(xs), sumSquares(xs));
    assert.match(inspect(), /\/\/ backend: measuring — auto: the first calls decide/);
    for (let i = 0; i < 2 * MEASURE_SAMPLES + 4; i++) assert.ok(Object.is(f(xs), sumSquares(xs)));
    assert.match(inspect(), /\/\/ backend: js — auto: the first calls decide.*measured not faster on Wasm/);
    assert.match(inspect(), /"use strict";/, 'settled on JS, inspect shows the generated JavaScript');
    assert.ok(Object.is(f(new Float64Array(0)), 0));
  } finally {
    if (saved !== undefined) process.env['NUMBAT_JIT_BACKEND'] = saved;
  }
});

test('memoJit: Wasm measured faster is kept, and writes into arguments are the same as plain', () => {
  // A running sum (a loop-carried value, so no lane rule takes it).
  function scale(out: Float64Array, xs: Float64Array, k: number) {
    let acc = 0.1;
    for (let i = 0; i < xs.length; i++) out[i] = acc += xs[i]! * k;
  }
  const saved = process.env['NUMBAT_JIT_BACKEND'];
  delete process.env['NUMBAT_JIT_BACKEND'];
  try {
    const f = memoJit(scale);
    const xs = Float64Array.from({ length: 33 }, (_, i) => i / 7 - 2);
    // Durations of the calls in the measurement's order (first on JS, Wasm warm-up, then JS, Wasm pairs), as
    // clock readings: each timed call reads the clock before and after.
    const durations = [2, 1];
    for (let k = 0; k < MEASURE_SAMPLES; k++) durations.push(4, 1);
    const readings: number[] = [];
    let t = 0;
    for (const d of durations) readings.push(t, (t += d));
    let r = 0;
    setMeasureClock(() => readings[Math.min(r++, readings.length - 1)]!);
    const out = new Float64Array(33), want = new Float64Array(33);
    scale(want, xs, 3);
    for (let i = 0; i < 2 + 2 * MEASURE_SAMPLES; i++) {
      out.fill(NaN);
      f(out, xs, 3);
      assert.deepEqual([...out], [...want], `call ${i}`);
    }
    const text = Object.values(f.inspect()).join('\n');
    assert.match(text, /\/\/ backend: wasm — auto: the first calls decide.*measured faster on Wasm/);
    assert.match(text, /;; so far: \d+ calls in Wasm/);
    out.fill(NaN);
    f(out, xs, 3);
    assert.deepEqual([...out], [...want]);
  } finally {
    if (saved !== undefined) process.env['NUMBAT_JIT_BACKEND'] = saved;
  }
});
