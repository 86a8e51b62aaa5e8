// timeit's rules at their boundaries on paths the 40-mutant sample of `timed` found unchecked (issue 19): the
// async autorange stops at a trial of exactly 0.2 s as the synchronous one does, and the slow-run warning is
// printed (before the result line) when printing is on. A fake clock makes every duration exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeit, timeitWith } from '../../src/timed/index.js';
import { useFakeClock } from '../_support/fake-clock.js';

/** Runs `body` with console.log captured; returns its result and the lines. */
async function quietly<T>(body: () => Promise<T> | T): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { result: await body(), lines };
  } finally {
    console.log = log;
  }
}

test('async autorange: a trial of exactly 0.2 s is enough (10 loops of 20 ms), as for synchronous functions', async (t) => {
  const clock = useFakeClock(t);
  let calls = 0;
  const { result: r } = await quietly(() => timeit(async () => {
    calls++;
    await Promise.resolve();
    clock.advance(20_000_000n);
  }));
  assert.equal(r.loops, 10);
  assert.equal(calls, 1 + (1 + 2 + 5 + 10) + 7 * 10);
});

test('the slow-run warning is printed before the result line; with print: false nothing is printed', async (t) => {
  const clock = useFakeClock(t);
  // one loop per repeat: the warm-up call, then repeats of 10, 10 and 50 ms (the slowest 5 times the fastest)
  const durations = [1_000_000n, 10_000_000n, 10_000_000n, 50_000_000n];
  let k = 0;
  const step = (): void => clock.advance(durations[k++ % durations.length]!);
  const { result: r, lines } = await quietly(() => timeitWith({ number: 1, repeat: 3 }, step));
  assert.deepEqual(r.timings, [0.01, 0.01, 0.05], JSON.stringify(r));
  assert.equal(r.warning, 'The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate result is being cached.');
  assert.deepEqual(lines, [r.warning, r.text]);
  k = 0;
  const { result: quiet, lines: none } = await quietly(() => timeitWith({ number: 1, repeat: 3, print: false }, step));
  assert.equal(quiet.warning, r.warning);
  assert.deepEqual(none, []);
});
