import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeit, timeitWith, timeitResult } from '../../src/timed/index.js';
import { useFakeClock } from '../_support/fake-clock.js';

test('timeitResult reproduces IPython text and statistics', () => {
  // 7 runs of 100 loops; totals in seconds
  const totals = [1.72, 1.73, 1.74, 1.73, 1.72, 1.74, 1.73];
  const r = timeitResult(totals, 100);
  const per = totals.map((t) => t / 100);
  const mean = per.reduce((a, b) => a + b) / 7;
  const std = Math.sqrt(per.reduce((a, t) => a + (t - mean) ** 2, 0) / 7);
  assert.ok(Math.abs(r.mean - mean) < 1e-15);
  assert.ok(Math.abs(r.std - std) < 1e-15);
  assert.equal(r.text, '17.3 ms ± 75.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)');
  assert.equal(String(r), r.text);
  assert.equal(r.warning, undefined);
  assert.equal(timeitResult([2], 1).text, '2 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)');
  assert.match(timeitResult([1, 1, 5], 10000).text, /10,000 loops each/);
  assert.match(timeitResult([1, 1, 5], 10).warning ?? '', /slowest run took 5\.00 times longer/);
});

test('autorange picks the first of 1,2,5,10,… loops reaching minTime', () => {
  // A simulated clock: each call of the timed function costs exactly 1 ms, whatever the machine's load.
  let now = 0n;
  let calls = 0;
  const r = timeitWith({ print: false, minTime: 0.01, repeat: 3, clock: () => now }, () => {
    calls++;
    now += 1_000_000n;
  });
  // 1, 2, 5 loops take 1, 2, 5 ms (< 10 ms); 10 loops take 10 ms: autorange stops there.
  assert.equal(r.loops, 10);
  assert.equal(r.repeat, 3);
  assert.deepEqual(r.timings, [0.001, 0.001, 0.001]);
  assert.equal(r.mean, 0.001);
  assert.equal(r.std, 0);
  assert.equal(r.text, '1 ms ± 0 ns per loop (mean ± std. dev. of 3 runs, 10 loops each)');
  // 1 warm-up call, autorange trials 1+2+5+10, then 3 repeats of 10
  assert.equal(calls, 1 + 18 + 30);
});

test('fixed number of loops, arguments passed, printing to the console', (t) => {
  const clock = useFakeClock(t);
  const seen: number[] = [];
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    const r = timeit((a: number, b: number) => {
      clock.advance(1_000_000n);
      return seen.push(a + b);
    }, 1, 2);
    assert.equal(r.loops, 200);
  } finally {
    console.log = log;
  }
  assert.ok(seen.every((x) => x === 3));
  assert.equal(lines.filter((l) => l.includes('per loop')).length, 1);
  const fixed = timeitWith({ number: 5, repeat: 2, print: false }, () => 0);
  assert.equal(fixed.loops, 5);
  assert.equal(fixed.timings.length, 2);
});

test('async functions are awaited on every loop', async (t) => {
  const clock = useFakeClock(t);
  let done = 0;
  const r = await timeitWith({ number: 3, repeat: 2, print: false }, async () => {
    await new Promise((res) => setImmediate(res));
    // Only reached if timeit awaits the call: an unawaited loop would read the clock before this runs.
    clock.advance(2_000_000n);
    done++;
  });
  assert.equal(done, 1 + 6);
  assert.deepEqual(r.timings, [0.002, 0.002]);
});

test('bad options are rejected', () => {
  assert.throws(() => timeitWith({ repeat: 0 }, () => 0), /repeat must be a positive integer/);
  assert.throws(() => timeitWith({ number: -1 }, () => 0), /number must be a non-negative integer/);
  assert.throws(() => (timeit as (f: unknown) => unknown)(3), /must be a function/);
});
