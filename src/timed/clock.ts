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
 * const t0 = nowNs(); work(); const ns = nowNs() - t0;
 * ```
 */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}
