// Checks src/jit/wasm/measured.ts, rule 5 of 'auto': the first calls choose between the JS and Wasm backends.
// Times are scripted through setMeasureClock (a JS call and a Wasm call read as fixed durations), so every
// decision is checked without depending on the machine's speed; the results are compared with the plain
// function on every call, whichever backend ran it.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import {
  measuredRun, setMeasureClock, MEASURE_GIVE_UP, MEASURE_MAX_SAMPLES, MEASURE_MIN_MS, MEASURE_SAMPLES, WASM_FAR_SLOWER, WARMUP_FAR_SLOWER,
  type WasmCandidate,
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
  assert.match(run.describe(), /measured faster on Wasm \(3 alternating calls each, best and median: Wasm 1.0 ms and 1.0 ms, JS 4.0 ms and 4.0 ms\)/);
  run.fn(100);
  assert.equal(s.state.log.at(-1), 'wasm');
  // a listener added after settling hears at once
  let late: unknown;
  run.onSettle((fn) => { late = fn; });
  assert.equal(late, settledWith);
});

test('Wasm not faster by the margin: sampled to the most pairs, then JS is kept', () => {
  const s = scripted(4, 3.8);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 2 + 2 * MEASURE_MAX_SAMPLES - 1; i++) assert.equal(run.fn(5), 10);
  assert.equal(run.settled, undefined, 'a 5% gap is not decided before the last pair');
  assert.equal(run.fn(5), 10);
  assert.equal(run.settled, 'js');
  assert.match(run.describe(), /measured not faster on Wasm .*Wasm 3.8 ms and 3.8 ms, JS 4.0 ms and 4.0 ms/);
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

/** Like `scripted`, but each backend's calls read as the next duration of its own list (the last one repeats). */
function sequenced(jsMs: number[], wasmMs: number[]) {
  let t = 0, current = 0;
  const log: string[] = [];
  setMeasureClock(() => (t += current));
  const stats: WasmRunStats = { calls: 0, traps: 0, aliased: 0, bytesIn: 0, bytesOut: 0, onJs: false, args: [] };
  let j = 0, w = 0;
  const js = (x: number): number => { current = jsMs[Math.min(j++, jsMs.length - 1)]!; log.push('js'); return x - 1; };
  const wasmFn = (x: number): number => { current = wasmMs[Math.min(w++, wasmMs.length - 1)]!; log.push('wasm'); stats.calls++; return x - 1; };
  return { log, js, make: (): WasmCandidate => ({ fn: wasmFn, stats }) };
}

test('early stop: a Wasm warm-up far slower than JS settles on JS after that one Wasm call', () => {
  // row-norms' shape: the copy into Wasm's memory makes every Wasm call about 5x the JS call
  const s = sequenced([4.4], [24]);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 10; i++) assert.equal(run.fn(7), 6); // one size: integers count as sizes
  assert.equal(run.settled, 'js');
  assert.deepEqual(s.log, ['js', 'wasm', ...Array(8).fill('js')]);
  assert.match(run.describe(), /measured much slower on Wasm \(a Wasm call took 24\.0 ms, JS's best 4\.4 ms/);
});

test('early stop: a timed Wasm call over the limit of JS best settles on JS at once', () => {
  // JS's first call 10 ms (tiering up), then 2 ms; Wasm's warm-up 3 ms (under 2 x 10), then 5 ms (over 2 x 2)
  const s = sequenced([10, 2], [3, 5]);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 6; i++) assert.equal(run.fn(7), 6);
  assert.equal(run.settled, 'js');
  assert.deepEqual(s.log, ['js', 'wasm', 'js', 'wasm', 'js', 'js']);
  assert.match(run.describe(), new RegExp(`much slower on Wasm .*5\\.0 ms, JS's best 2\\.0 ms; measuring stops at ${WASM_FAR_SLOWER}x`));
});

test('the warm-up call, on V8\'s baseline Wasm code, stops the measurement only past its own limit', () => {
  // bubble sort's shape: JS's first call 8.4 ms, then 6.2; Wasm's warm-up 19.9 ms (2.4x, under WARMUP_FAR_SLOWER),
  // then 4.5 once optimized: measured to the end and kept on Wasm
  const s = sequenced([8.4, 6.2], [19.9, 4.5]);
  const run = measuredRun(s.js, s.make);
  let calls = 0;
  while (run.settled === undefined && calls < 100) { assert.equal(run.fn(3), 2); calls++; }
  assert.equal(run.settled, 'wasm');
  assert.ok(19.9 / 8.4 > WASM_FAR_SLOWER && 19.9 / 8.4 < WARMUP_FAR_SLOWER);
  // past it, the warm-up alone settles on JS
  const t = sequenced([4], [WARMUP_FAR_SLOWER * 4 + 1]);
  const stopped = measuredRun(t.js, t.make);
  stopped.fn(1); stopped.fn(1);
  assert.equal(stopped.settled, 'js');
});

test('a Wasm call just under the early-stop limit does not stop the measurement', () => {
  const s = sequenced([4], [WASM_FAR_SLOWER * 4]);
  const run = measuredRun(s.js, s.make);
  run.fn(1); run.fn(1);
  assert.equal(run.settled, undefined);
});

test('sampling rule: JS still warming up in its first timed calls does not make a 10% slower Wasm win', () => {
  // histogram's shape as seen in session 17: Wasm's first timed call 15.8 ms, then 19.4; JS 18.8, 18.2, then
  // 17.6. The best of 3 alone (15.8 <= 0.9 x 17.6) chose Wasm; the median (19.4 vs 17.6) does not.
  const s = sequenced([30, 18.8, 18.2, 17.6], [20, 15.8, 19.4]);
  const run = measuredRun(s.js, s.make);
  let calls = 0;
  while (run.settled === undefined && calls < 100) { assert.equal(run.fn(3), 2); calls++; }
  assert.equal(run.settled, 'js');
  assert.ok(calls <= 2 + 2 * MEASURE_MAX_SAMPLES, `${calls} calls`);
  assert.match(run.describe(), /measured not faster on Wasm/);
});

test('sampling rule: a gap between the clear win and the margin samples on, then keeps Wasm', () => {
  // Wasm at 0.8 of JS: not clear after MEASURE_SAMPLES pairs, kept once MEASURE_MAX_SAMPLES pairs agree
  const s = sequenced([5], [4]);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 2 + 2 * MEASURE_SAMPLES; i++) run.fn(0);
  assert.equal(run.settled, undefined);
  for (let i = 2 + 2 * MEASURE_SAMPLES; i < 2 + 2 * MEASURE_MAX_SAMPLES; i++) run.fn(0);
  assert.equal(run.settled, 'wasm');
  assert.match(run.describe(), /measured faster on Wasm \(8 alternating calls each/);
  assert.equal(s.log.filter((b) => b === 'wasm').length, 1 + MEASURE_MAX_SAMPLES);
});

test('sampling rule: Wasm no faster at its best settles on JS after the first pairs', () => {
  const s = sequenced([4], [4.2]);
  const run = measuredRun(s.js, s.make);
  for (let i = 0; i < 2 + 2 * MEASURE_SAMPLES; i++) run.fn(0);
  assert.equal(run.settled, 'js');
});

test('the bound: whatever the times, measuring ends within 2 + 2 x MEASURE_MAX_SAMPLES + MEASURE_GIVE_UP calls', () => {
  // times around the margin, varied by a fixed pseudo-random sequence, with calls of another size mixed in
  for (let seed = 1; seed <= 40; seed++) {
    let x = seed;
    const next = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const jsMs = Array.from({ length: 40 }, () => 3 + 2 * next());
    const wasmMs = Array.from({ length: 40 }, () => 2.5 + 2 * next());
    const s = sequenced(jsMs, wasmMs);
    const run = measuredRun(s.js, s.make);
    let calls = 0;
    while (run.settled === undefined && calls < 1000) {
      const n = calls > 0 && next() < 0.15 ? 99 : 5; // another size now and then
      assert.equal(run.fn(n), n - 1);
      calls++;
    }
    assert.notEqual(run.settled, undefined, `seed ${seed}`);
    assert.ok(calls <= 2 + 2 * MEASURE_MAX_SAMPLES + MEASURE_GIVE_UP, `seed ${seed}: ${calls} calls`);
  }
});

test('time spent growing numbat memory during a call is not the call\'s time: a warm-up that grew the memory is judged on the rest', () => {
  // JS calls read 4 ms. The Wasm warm-up reads 4 × WARMUP_FAR_SLOWER + 40 ms, of which 44 ms were numbat memory
  // growing (the first touch of the copies' pages); later Wasm calls read 1 ms and grow nothing.
  let t = 0, grown = 0, wasmCalls = 0;
  const log: string[] = [];
  let running: 'js' | 'wasm' = 'js';
  setMeasureClock(
    () => (t += running === 'js' ? 4 : wasmCalls === 1 ? 4 * WARMUP_FAR_SLOWER + 40 : 1),
    () => grown,
  );
  const stats: WasmRunStats = { calls: 0, traps: 0, aliased: 0, bytesIn: 0, bytesOut: 0, onJs: false, args: [] };
  const js = (x: number): number => { running = 'js'; log.push('js'); return x + 1; };
  const wasm = (x: number): number => {
    running = 'wasm'; log.push('wasm'); stats.calls++; wasmCalls++;
    if (wasmCalls === 1) grown += 44;
    return x + 1;
  };
  const run = measuredRun(js, () => ({ fn: wasm, stats }));
  for (let i = 0; i < 2 + 2 * MEASURE_SAMPLES; i++) assert.equal(run.fn(7), 8); // one size: every call counts
  assert.equal(run.settled, 'wasm', run.describe());
  assert.deepEqual(log, ['js', 'wasm', 'js', 'wasm', 'js', 'wasm', 'js', 'wasm']);

  // the same warm-up without the growth (44 ms of work) is far slower and settles on JS at once
  t = 0; wasmCalls = 0; log.length = 0; grown = 0;
  setMeasureClock(() => (t += running === 'js' ? 4 : wasmCalls === 1 ? 4 * WARMUP_FAR_SLOWER + 40 : 1), () => 0);
  const again = measuredRun(js, () => ({ fn: (x: number) => { running = 'wasm'; log.push('wasm'); stats.calls++; wasmCalls++; return x + 1; }, stats }));
  for (let i = 0; i < 4; i++) again.fn(7);
  assert.equal(again.settled, 'js');
  assert.match(again.describe(), /measured much slower on Wasm/);
});
