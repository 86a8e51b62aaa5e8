/**
 * The monotonic clock every numbat timing uses.
 *
 * @module
 */

/** Nanoseconds from an arbitrary origin, monotonic (`process.hrtime.bigint`). */
export const nowNs: () => bigint = process.hrtime.bigint;

/** Seconds elapsed since `start` (a {@link nowNs} reading). */
export function secondsSince(start: bigint): number {
  return Number(nowNs() - start) / 1e9;
}
