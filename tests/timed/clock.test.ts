// nowNs of src/timed/clock.ts: nanoseconds as a bigint from the monotonic clock (process.hrtime.bigint), never
// going back between calls, and read on every call, so a test can stand in a simulated clock with t.mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nowNs } from '../../src/timed/clock.js';

test('nowNs is a bigint on the hrtime clock, between two readings taken around it', () => {
  const before = process.hrtime.bigint();
  const now = nowNs();
  const after = process.hrtime.bigint();
  assert.equal(typeof now, 'bigint');
  assert.ok(before <= now && now <= after, `${before} <= ${now} <= ${after}`);
});

test('nowNs counts nanoseconds: it agrees with the [seconds, nanoseconds] form of the same clock', () => {
  const [s0, ns0] = process.hrtime();
  const now = nowNs();
  const [s1, ns1] = process.hrtime();
  const lo = BigInt(s0) * 1_000_000_000n + BigInt(ns0);
  const hi = BigInt(s1) * 1_000_000_000n + BigInt(ns1);
  assert.ok(lo <= now && now <= hi, `${lo} <= ${now} <= ${hi}`);
});

test('nowNs never goes back over many successive calls', () => {
  let last = nowNs();
  for (let k = 0; k < 10_000; k++) {
    const t = nowNs();
    assert.ok(t >= last, `call ${k}: ${t} < ${last}`);
    last = t;
  }
});

test('nowNs reads process.hrtime.bigint on each call, so a simulated clock stands in exactly', (t) => {
  let fake = 1_000n;
  t.mock.method(process.hrtime, 'bigint', () => (fake += 250n));
  assert.equal(nowNs(), 1_250n);
  assert.equal(nowNs(), 1_500n);
  assert.equal(nowNs() - nowNs(), -250n);
  t.mock.restoreAll();
  const real = process.hrtime.bigint();
  assert.ok(nowNs() >= real, 'the real clock is back, no longer the simulated one');
  assert.ok(real > 10_000n, 'the real clock is far past the simulated readings');
});
