// src/gpu/runtime/watchdog.ts: launch timeouts served by one timer. The contract checked: each `expire` runs
// once, never before its deadline (the module re-arms when Node's timer fires early), never after its unwatch,
// whatever order deadlines are added in (an earlier one added later re-arms the timer), and a watch added from
// inside an expiry is served too. No wall-clock upper bound is asserted: a loaded machine may fire late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watch } from '../../../src/gpu/runtime/watchdog.js';

/** The module's timer is unref'd (it never keeps a process alive): a test holds the loop open itself. */
async function held<T>(body: () => Promise<T>): Promise<T> {
  const keep = setInterval(() => undefined, 1000);
  try {
    return await body();
  } finally {
    clearInterval(keep);
  }
}

/** Watches `ms`, resolving with the time of the expiry and the deadline it had to respect. */
function expiry(ms: number, log?: string[], name?: string): Promise<{ at: number; deadline: number }> {
  return new Promise((resolve) => {
    const deadline = performance.now() + ms;
    watch(ms, () => {
      if (log && name) log.push(name);
      resolve({ at: performance.now(), deadline });
    });
  });
}

test('every watch expires once, none before its deadline, in any order of adding', () => held(async () => {
  const log: string[] = [];
  // A late deadline first, then earlier ones: each earlier deadline must re-arm the single timer.
  const results = await Promise.all([expiry(60, log, 'late'), expiry(5, log, 'early'), expiry(25, log, 'middle')]);
  for (const { at, deadline } of results) assert.ok(at >= deadline, `expired ${deadline - at} ms before its deadline`);
  // Order is not asserted: a timer that fires late serves every passed deadline in one pass.
  assert.deepEqual([...log].sort(), ['early', 'late', 'middle'], 'each expiry ran exactly once');
}));

test('an unwatched timeout never expires; unwatching twice or after expiry is harmless', () => held(async () => {
  let fired = 0;
  const unwatch = watch(5, () => fired++);
  unwatch();
  unwatch();
  // A later watch's expiry shows the timer has run past the first deadline.
  await expiry(30);
  assert.equal(fired, 0);
  let once = 0;
  await new Promise<void>((resolve) => {
    const stop = watch(1, () => {
      once++;
      stop();
      resolve();
    });
  });
  await expiry(10);
  assert.equal(once, 1);
}));

test('a watch added from inside an expiry is served', () => held(async () => {
  const second = await new Promise<{ at: number; deadline: number }>((resolve) => {
    watch(2, () => {
      void expiry(5).then(resolve);
    });
  });
  assert.ok(second.at >= second.deadline);
}));

test('many watches, most unwatched: exactly the kept ones expire', () => held(async () => {
  const fired = new Set<number>();
  const stops: Array<() => void> = [];
  for (let k = 0; k < 50; k++) stops.push(watch(1 + (k % 7), () => fired.add(k)));
  for (let k = 0; k < 50; k++) if (k % 5 !== 0) stops[k]!();
  await expiry(40);
  assert.deepEqual([...fired].sort((a, b) => a - b), [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
}));
