import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timed, timings, timingReport, timingsJSON, timingStats, setTimingSink, type CallRecord } from '../../src/timed/index.js';
import { memoLike } from './helpers.js';
import { useFakeClock } from '../_support/fake-clock.js';

test('sync calls are timed and counted; the result passes through', (t) => {
  // A simulated clock: each call takes exactly what it advances, whatever the machine's load.
  const clock = useFakeClock(t);
  const records: CallRecord[] = [];
  const f = timed({ sink: (r) => records.push(r) })(function work(ms: number) {
    clock.advance(BigInt(ms) * 1_000_000n);
    return ms * 2;
  });
  assert.equal(f(2), 4);
  assert.equal(f(1), 2);
  assert.equal(f.stats.count, 2);
  assert.equal(records.length, 2);
  assert.equal(records[0]!.label, 'work');
  assert.deepEqual(records.map((r) => r.seconds), [0.002, 0.001]);
  assert.equal(f.stats.last, 0.001);
  assert.equal(f.stats.min, 0.001);
  assert.equal(f.stats.max, 0.002);
  assert.ok(Math.abs(f.stats.mean - 0.0015) < 1e-15);
  assert.ok(Math.abs(f.stats.std - 0.0005) < 1e-15);
  f.resetStats();
  assert.equal(f.stats.count, 0);
  assert.ok(Number.isNaN(f.stats.mean));
});

test('exceptions propagate unchanged and count as failures, apart from durations', () => {
  const boom = new RangeError('boom');
  const f = timed({ sink: 'silent' })((fail: boolean) => {
    if (fail) throw boom;
    return 1;
  });
  assert.throws(() => f(true), (e) => e === boom);
  f(false);
  assert.equal(f.stats.failures, 1);
  assert.equal(f.stats.count, 1);
});

test('async functions are timed until the promise settles; rejections propagate', async (t) => {
  const clock = useFakeClock(t);
  const records: CallRecord[] = [];
  const f = timed({ sink: (r) => records.push(r) })(async (ms: number, fail = false) => {
    await new Promise((r) => setImmediate(r));
    clock.advance(BigInt(ms) * 1_000_000n);
    if (fail) throw new Error('late');
    return 'done';
  });
  const p = f(20);
  assert.ok(p instanceof Promise);
  assert.equal(records.length, 0, 'not recorded before the promise settles');
  assert.equal(await p, 'done');
  assert.equal(records[0]!.seconds, 0.02, 'the time after the first await is counted');
  await assert.rejects(f(1, true), /late/);
  assert.equal(f.stats.failures, 1);
  assert.equal(records[1]!.failed, true);
});

test('console sink prints one line per call; global sink is settable', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  const previous = setTimingSink('console');
  try {
    const f = timed(function hello() {
      return 1;
    });
    f();
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^\[timed\] hello: [\d.]+ (ns|µs|ms|s)$/);
    setTimingSink('silent');
    f();
    assert.equal(lines.length, 1);
  } finally {
    console.log = log;
    setTimingSink(previous);
  }
  assert.throws(() => setTimingSink('loud' as never), /expected 'console', 'silent' or a function/);
  assert.throws(() => timed({ sink: 3 as never }), /sink option/);
});

test('methods: this preserved, label is Class.method, report and JSON include them', () => {
  setTimingSink('silent');
  class Sampler {
    scale = 10;
    @timed static total(xs: number[]): number {
      return xs.reduce((a, b) => a + b, 0);
    }
    @timed scaled(x: number): number {
      return this.scale * x;
    }
  }
  assert.equal(Sampler.total([1, 2, 3]), 6);
  assert.equal(new Sampler().scaled(3), 30);
  assert.equal(timingStats(Sampler.total).label, 'Sampler.total');
  assert.equal(timingStats(memoLike(Sampler.total)).count, 1, 'found under another decorator');
  assert.throws(() => timingStats(() => 0), /not decorated with timed/);
  const labels = timings().map((s) => s.label);
  assert.ok(labels.includes('Sampler.total'));
  assert.ok(labels.includes('Sampler.scaled'));
  const report = timingReport();
  assert.match(report.split('\n')[0]!, /^function\s+calls\s+mean\s+std\s+min\s+max\s+last\s+failures$/);
  assert.match(report, /Sampler\.total\s+1\s/);
  const json = JSON.parse(timingsJSON()) as Array<{ label: string; count: number; mean: number | null }>;
  const total = json.find((s) => s.label === 'Sampler.total')!;
  assert.equal(total.count, 1);
  assert.equal(typeof total.mean, 'number');
});

test('report shows "-" and JSON null for functions never called successfully', () => {
  const never = timed({ sink: 'silent', label: 'never-called' })(() => 0);
  const stats = timings().filter((s) => s.label === 'never-called');
  assert.match(timingReport(stats), /never-called\s+0\s+-\s+-/);
  assert.equal((JSON.parse(timingsJSON(stats)) as Array<{ mean: null }>)[0]!.mean, null);
  assert.equal(never(), 0);
});
