// timeit's defaults, pinned with a simulated clock (issue 19): 7 repeats, Python's autorange (1, 2, 5, 10, …
// loops until one trial takes at least 0.2 s), and the first call made once before timing. With a fake clock
// every duration is exact, so each rule is checked at its boundary rather than against the machine's load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeit } from '../../src/timed/index.js';
import { useFakeClock } from '../_support/fake-clock.js';

/** Runs `body` with console.log captured; returns the lines. */
function quietly<T>(body: () => T): { result: T; lines: string[] } {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { result: body(), lines };
  } finally {
    console.log = log;
  }
}

test('timeit defaults: 7 repeats; autorange stops at the first count whose trial takes >= 0.2 s exactly', (t) => {
  const clock = useFakeClock(t);
  let calls = 0;
  // 20 ms per call: trials of 1, 2, 5 loops take 20, 40, 100 ms; 10 loops take exactly 200 ms, which is enough.
  const { result: r, lines } = quietly(() => timeit(() => {
    calls++;
    clock.advance(20_000_000n);
  }));
  assert.equal(r.repeat, 7);
  assert.equal(r.timings.length, 7);
  assert.equal(r.loops, 10);
  assert.deepEqual(r.timings, Array(7).fill(0.02));
  assert.equal(calls, 1 + (1 + 2 + 5 + 10) + 7 * 10, 'one warm-up call, the autorange trials, then 7 × 10 loops');
  assert.deepEqual(lines, ['20 ms ± 0 ns per loop (mean ± std. dev. of 7 runs, 10 loops each)']);
});

test('timeit defaults: a trial 1 ns short of 0.2 s is not enough, so autorange goes on to the next count', (t) => {
  const clock = useFakeClock(t);
  // 19,999,999.9 ns per call cannot be simulated; 10 loops of 19,999,999 ns make 199,999,990 ns < 0.2 s.
  const { result: r } = quietly(() => timeit(() => clock.advance(19_999_999n)));
  assert.equal(r.loops, 20);
  assert.equal(r.repeat, 7);
});

test('timeit defaults: the autorange sequence is 1, 2, 5, 10, 20, 50, 100, …', (t) => {
  const clock = useFakeClock(t);
  let calls = 0;
  // 1 µs per call: the first count whose trial reaches 0.2 s is 200,000.
  const { result: r } = quietly(() => timeit(() => {
    calls++;
    clock.advance(1_000n);
  }));
  assert.equal(r.loops, 200_000);
  const autorange = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000];
  assert.equal(calls, 1 + autorange.reduce((a, b) => a + b, 0) + 7 * 200_000);
});

test('timeit defaults hold for async functions too', async (t) => {
  const clock = useFakeClock(t);
  let calls = 0;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    const r = await timeit(async () => {
      calls++;
      await Promise.resolve();
      clock.advance(50_000_000n);
    });
    // 50 ms per call: 1 and 2 loops take 50 and 100 ms; 5 loops take 250 ms.
    assert.equal(r.loops, 5);
    assert.equal(r.repeat, 7);
    assert.equal(calls, 1 + (1 + 2 + 5) + 7 * 5);
  } finally {
    console.log = log;
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^50 ms ± .* per loop \(mean ± std\. dev\. of 7 runs, 5 loops each\)$/);
});
