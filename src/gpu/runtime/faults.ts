/**
 * Faults of launches that were not waited for. A launch on device arrays alone is queued, not awaited (only
 * `.read()` or a host array makes the host wait); when its kernel can raise a fault flag (an integer read out
 * of bounds, a loop past its budget, a value out of the range where the GPU's answer is JavaScript's), the
 * flags word is copied to a staging buffer in the same submit and read when the GPU gets there. The fault
 * then travels with the data, as a NaN does: it is attached to every device array the launch wrote, a later
 * launch that reads a faulted array passes it on to what that launch writes, and the first thing that shows
 * the data to the host (`.read()`, a reduction's total, a host array copied back) throws it. A faulted
 * launch's results are never seen as if they were right; data nobody reads raises nothing.
 *
 * @module
 */
import { arrayFlagBit, LOOP_LIMIT_FLAG, RANGE_FLAG, type KernelSpec } from '../abi.js';
import { GpuLaunchError, GpuLoopLimitError, GpuOutOfBoundsError, GpuRangeError } from './errors.js';

/**
 * One queued launch's fault check: settles to the launch's error, or to `undefined` when no flag was set.
 *
 * @example
 * ```ts
 * import { deferFault } from './faults.js';
 *
 * const ok = deferFault(Promise.resolve(undefined));
 * ok.clean; // → false
 * void ok.settled.then(() => ok.clean); // true once the check has settled with no error
 * ```
 */
export interface DeferredFault {
  readonly settled: Promise<GpuLaunchError | undefined>;
  /** Whether `settled` has resolved with no error: such a check can be dropped from an array's list. */
  readonly clean: boolean;
}

/**
 * A fault check over `check` (a rejection, as from a lost device, counts as no fault here: the lost device's
 * own error is what reading the data raises).
 *
 * @example
 * ```ts
 * import { GpuRangeError } from './errors.js';
 * import { deferFault } from './faults.js';
 *
 * const bad = deferFault(Promise.resolve(new GpuRangeError('k', false)));
 * void bad.settled.then((error) => console.log(error?.name)); // GpuRangeError
 * ```
 */
export function deferFault(check: Promise<GpuLaunchError | undefined>): DeferredFault {
  const fault = {
    clean: false,
    settled: check.then(
      (error) => {
        if (!error) fault.clean = true;
        return error;
      },
      () => {
        fault.clean = true;
        return undefined;
      },
    ),
  };
  return fault;
}

/**
 * The first (in list order) error among `faults`, once all of them have settled.
 *
 * @example
 * ```ts
 * import { deferFault, firstFault } from './faults.js';
 *
 * const checks = [deferFault(Promise.resolve(undefined))];
 * void firstFault(checks).then((error) => { if (error) throw error; }); // nothing thrown: no fault
 * ```
 */
export async function firstFault(faults: readonly DeferredFault[]): Promise<GpuLaunchError | undefined> {
  if (faults.length === 0) return undefined;
  const errors = await Promise.all(faults.map((f) => f.settled));
  return errors.find((e) => e !== undefined);
}

/**
 * `into` extended by the checks of `from` that may still fail (each once; clean ones are dropped), or `into`
 * itself when there is nothing to add.
 *
 * @example
 * ```ts
 * import { deferFault, mergeFaults } from './faults.js';
 *
 * const f = deferFault(new Promise(() => {}));
 * mergeFaults([f], [f]).length; // → 1
 * ```
 */
export function mergeFaults(into: readonly DeferredFault[], from: readonly DeferredFault[]): readonly DeferredFault[] {
  const kept = into.filter((f) => !f.clean);
  const added = from.filter((f) => !f.clean && !kept.includes(f));
  return added.length === 0 && kept.length === into.length ? into : [...kept, ...added];
}

/**
 * The error a launch's nonzero fault flags stand for (bit 31 loop budget, bit 30 range, bits 0–29 the
 * array parameters read out of bounds, `arrayFlagBit`), in that order of precedence.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { faultOf } from './faults.js';
 *
 * const spec: KernelSpec = { name: 'k', grid: 1, usesRandom: false, body: '', rangeChecks: 'integers',
 *   params: [{ kind: 'array', name: 'xs', element: 'i32', writes: false, elementwise: true }] };
 * faultOf(1 << 30, spec, 1000).name; // → 'GpuRangeError'
 * faultOf(1, spec, 1000).message.includes("'xs'"); // → true
 * ```
 */
export function faultOf(bits: number, spec: KernelSpec, maxIters: number): GpuLaunchError {
  if (bits & LOOP_LIMIT_FLAG) return new GpuLoopLimitError(spec.name, maxIters);
  if (bits & RANGE_FLAG) return new GpuRangeError(spec.name, spec.rangeChecks === 'f64-emulated');
  const arrays = spec.params.filter((p) => p.kind === 'array');
  const flagged = arrays.filter((_, k) => bits & arrayFlagBit(k));
  return new GpuOutOfBoundsError(spec.name, flagged.map((p) => p.name), flagged.filter((p) => p.kind === 'array' && p.matrix).map((p) => p.name));
}
