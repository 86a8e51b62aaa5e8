// A simulated monotonic clock for timing tests: numbat's timings read `process.hrtime.bigint()` on every call
// (src/timed/clock.ts), so replacing it makes durations exact and independent of the machine's load.
import type { TestContext } from 'node:test';

/** A clock that only moves when told to. */
export interface FakeClock {
  /** Current reading, nanoseconds. */
  readonly now: bigint;
  /** Moves the clock forward. */
  advance(ns: bigint): void;
}

/**
 * Replaces `process.hrtime.bigint` for the rest of test `t` (restored when it ends).
 *
 * @example
 * ```ts
 * test('…', (t) => { const clock = useFakeClock(t); clock.advance(1_000_000n); });
 * ```
 */
export function useFakeClock(t: TestContext, start = 1_000_000_000n): FakeClock {
  let now = start;
  t.mock.method(process.hrtime, 'bigint', () => now);
  return {
    get now() {
      return now;
    },
    advance(ns: bigint) {
      if (ns < 0n) throw new RangeError('a monotonic clock does not go back');
      now += ns;
    },
  };
}
