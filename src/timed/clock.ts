/**
 * The monotonic clock every numbat timing uses.
 *
 * @module
 */

/**
 * Nanoseconds from an arbitrary origin, monotonic (`process.hrtime.bigint`). Looked up on each call rather
 * than captured at import, so a test can stand in a simulated clock (`t.mock.method(process.hrtime, 'bigint', …)`)
 * and check timing rules exactly instead of against the machine's load.
 *
 * @example
 * ```ts
 * import { nowNs } from './clock.js';
 *
 * const t0 = nowNs();
 * JSON.stringify({ a: [1, 2, 3] });
 * const ns = nowNs() - t0;
 * ns >= 0n; // → true
 * ```
 */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}
