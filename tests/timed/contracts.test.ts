// Contracts of @timed that mutation testing found unchecked: the durations of failed calls (sync and async), the
// total, statistics after a reset, non-promise objects passing through, and option validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timed, type CallRecord } from '../../src/timed/index.js';
import { useFakeClock } from '../_support/fake-clock.js';

test('a failed call is timed too (sync throw and async rejection), with its exact duration', async (t) => {
  const clock = useFakeClock(t);
  const records: CallRecord[] = [];
  const f = timed({ sink: (r) => records.push(r) })((ms: number): number => {
    clock.advance(BigInt(ms) * 1_000_000n);
    throw new Error('sync failure');
  });
  const g = timed({ sink: (r) => records.push(r) })(async (ms: number): Promise<number> => {
    await Promise.resolve();
    clock.advance(BigInt(ms) * 1_000_000n);
    throw new Error('async failure');
  });
  assert.throws(() => f(3), /sync failure/);
  await assert.rejects(g(5), /async failure/);
  assert.deepEqual(records.map((r) => [r.seconds, r.failed]), [[0.003, true], [0.005, true]]);
  assert.equal(f.stats.failures, 1);
  assert.equal(f.stats.count, 0, 'failures are kept apart from the durations');
});

test('total, and statistics after resetStats start again from nothing', (t) => {
  const clock = useFakeClock(t);
  const f = timed({ sink: 'silent' })((ms: number, fail = false): number => {
    clock.advance(BigInt(ms) * 1_000_000n);
    if (fail) throw new Error('no');
    return ms;
  });
  f(1); f(3);
  assert.throws(() => f(2, true));
  assert.equal(f.stats.total, 0.004);
  f.resetStats();
  assert.deepEqual({ ...f.stats }, { count: 0, mean: NaN, std: NaN, min: NaN, max: NaN, total: 0, label: f.stats.label, last: NaN, failures: 0 });
  f(2); f(4);
  const s = f.stats;
  assert.deepEqual([s.count, s.mean, s.min, s.max, s.total, s.last, s.failures], [2, 0.003, 0.002, 0.004, 0.006, 0.004, 0]);
  assert.ok(Math.abs(s.std - 0.001) < 1e-15, `std ${s.std}`);
  assert.equal(Object.getOwnPropertyDescriptor(f, 'stats')?.enumerable, true);
});

test('results that are objects but not promises pass through synchronously, null included', () => {
  const records: CallRecord[] = [];
  const plain = { then: 3, value: 1 };
  const f = timed({ sink: (r) => records.push(r) })((kind: number): unknown => (kind === 0 ? null : kind === 1 ? plain : [1, 2]));
  assert.equal(f(0), null);
  assert.equal(f(1), plain);
  assert.deepEqual(f(2), [1, 2]);
  assert.equal(records.length, 3, 'recorded at once, not after a promise');
});

test('options: an object (or nothing) is accepted; anything else is a TypeError naming it', () => {
  assert.equal(timed({ label: 'labelled' })(() => 7)(), 7);
  assert.equal(timed()(() => 8)(), 8);
  assert.equal(timed({ sink: 'silent' })(() => 9).stats.label, 'anonymous');
  assert.throws(() => timed([] as never), /timed: cannot decorate/);
  assert.throws(() => timed(null as never), /timed: cannot decorate/);
  assert.throws(() => timed(5 as never), /timed: cannot decorate/);
});
