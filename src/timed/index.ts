/**
 * `@timed` and `timeit`: per-call timing with statistics, and IPython's `%timeit`.
 *
 * @module numbat/timed
 */
export { timed, timingStats, timings, timingReport, timingsJSON, setTimingSink } from './timed.js';
export type { Timed, TimedExtras, TimedOptions, TimingStats, TimingSink, CallRecord } from './timed.js';
export { timeit, timeitWith, timeitResult } from './timeit.js';
export type { TimeitOptions, TimeitResult, TimeitReturn } from './timeit.js';
export { formatSeconds } from './format.js';
export type { DurationSummary } from './stats.js';
// RunningStats (Welford's running mean and variance) is in numbat/internals.
