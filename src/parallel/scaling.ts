/**
 * The lecture's scaling study (exercise Q3): the same map timed at several worker counts, as numbers ready
 * to plot (time and speed-up against workers, with the ideal line).
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { original, type AnyFunction } from '../decorate.js';
import type { Parallel, Zipped } from './parallel.js';
import { formatSeconds } from '../timed/format.js';

/**
 * Options of {@link scaling}.
 *
 * @example
 * ```ts
 * import { isMain, parallel, scaling } from 'numbat';
 *
 * export const work = parallel(function work(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 5e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * const seeds = Array.from({ length: 32 }, (_, i) => i);
 * if (isMain(import.meta.url)) await scaling(work, [seeds], { workers: [1, 2, 4, 8], repeat: 3, serial: true });
 * ```
 */
export interface ScalingOptions {
  /** Worker counts to time, e.g. `[1, 2, 4, 8]`; include counts below and above the core count. Default `[1, 2, 4]`. */
  readonly workers?: readonly number[];
  /** Timed runs per worker count; the fastest is kept (as `%timeit`'s best). Default 1. */
  readonly repeat?: number;
  /** Also time the plain function on the main thread, for the overhead of the pool at 1 worker. Default `false`. */
  readonly serial?: boolean;
  /** Called after each worker count, e.g. to print a line. */
  readonly onPoint?: (point: ScalingPoint) => void;
}

/**
 * One worker count's measurement.
 *
 * @example
 * ```ts
 * import { isMain, parallel, scaling } from 'numbat';
 *
 * export const work = parallel(function work(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 5e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * const seeds = Array.from({ length: 32 }, (_, i) => i);
 * if (isMain(import.meta.url)) {
 *   const result = await scaling(work, [seeds]);
 *   for (const p of result.points) console.log(p.workers, p.seconds, p.speedup, p.efficiency);
 * }
 * ```
 */
export interface ScalingPoint {
  /** Number of workers in the pool for this measurement. */
  readonly workers: number;
  /** Wall time of the map, seconds (pool already started). */
  readonly seconds: number;
  /** Time of the reference run divided by this time: `T(ref) / T(n)`, scaled to the reference's worker count. */
  readonly speedup: number;
  /** `speedup / workers`: 1 is perfect scaling. */
  readonly efficiency: number;
  /** What perfect scaling would take: `T(ref) · ref / n`. */
  readonly idealSeconds: number;
}

/** The run every speed-up is relative to. */
export interface ScalingReference {
  /** Its worker count (the smallest measured). */
  readonly workers: number;
  /** Its wall time, seconds. */
  readonly seconds: number;
}

/** The points of a {@link ScalingResult} as columns, one entry per worker count, ready to hand to a chart. */
export interface ScalingSeries {
  /** Worker counts (the x axis). */
  readonly workers: number[];
  /** Measured wall times, seconds. */
  readonly seconds: number[];
  /** Perfect-scaling wall times from the reference run, seconds. */
  readonly idealSeconds: number[];
  /** Measured speed-ups against the reference run. */
  readonly speedup: number[];
  /** Perfect speed-ups (the worker count, scaled to the reference). */
  readonly idealSpeedup: number[];
  /** `speedup / workers` per count: 1 is perfect. */
  readonly efficiency: number[];
}

/**
 * What {@link scaling} returns: per-count points, and the same as columns for a plot.
 *
 * @example
 * ```ts
 * import { isMain, parallel, scaling } from 'numbat';
 *
 * export const work = parallel(function work(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 5e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * const seeds = Array.from({ length: 32 }, (_, i) => i);
 * if (isMain(import.meta.url)) {
 *   const { workers, speedup, idealSpeedup } = (await scaling(work, [seeds])).series; // plot speedup and idealSpeedup against workers
 *   console.log(workers, speedup, idealSpeedup);
 * }
 * ```
 */
export interface ScalingResult {
  /** The function's name. */
  readonly label: string;
  /** Items per map. */
  readonly items: number;
  /** Cores Node may use on this machine (`os.availableParallelism()`). */
  readonly cores: number;
  /** The reference: the smallest worker count measured. */
  readonly reference: ScalingReference;
  /** Main-thread time of the plain function, when `serial: true`. */
  readonly serialSeconds: number | undefined;
  /** One measurement per worker count, in increasing worker order. */
  readonly points: readonly ScalingPoint[];
  /** Columns to plot: `workers` on x; `seconds` and `idealSeconds`, or `speedup` and `idealSpeedup` on y. */
  readonly series: ScalingSeries;
}

/**
 * Threads of numeric libraries set to one in the workers, so that only the pool parallelizes.
 *
 * @example
 * ```ts
 * import { parallel, SINGLE_THREAD_ENV } from 'numbat';
 *
 * export const f = parallel({ workers: 4, env: SINGLE_THREAD_ENV })(function f(x: number) { return x; });
 * ```
 */
export const SINGLE_THREAD_ENV: Readonly<Record<string, string>> = {
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
  NUMEXPR_NUM_THREADS: '1',
  VECLIB_MAXIMUM_THREADS: '1',
  UV_THREADPOOL_SIZE: '1',
};

/**
 * Times `f.map(...inputs)` with each worker count and returns wall times, speed-ups and efficiencies against
 * the smallest count, with the ideal (linear) line. Each count gets its own pool, started before the clock
 * runs and closed after, with single-threaded numeric libraries in the workers' environment.
 *
 * @example
 * ```ts
 * import { isMain, parallel, scaling, scalingTable } from 'numbat';
 *
 * export const work = parallel(function work(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 5e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * const seeds = Array.from({ length: 32 }, (_, i) => i);
 * if (isMain(import.meta.url)) {
 *   const r = await scaling(work, [seeds], { workers: [1, 2, 4, 8] });
 *   console.log(scalingTable(r));
 *   console.log(r.series.workers, r.series.speedup, r.series.idealSpeedup); // ready for @myplot
 * }
 * ```
 */
export async function scaling<F extends AnyFunction>(
  f: Parallel<F>,
  inputs: Zipped<Parameters<F>>,
  options: ScalingOptions = {},
): Promise<ScalingResult> {
  if (typeof f !== 'function' || typeof (f as { with?: unknown }).with !== 'function') {
    throw new TypeError('scaling: the first argument must be a function decorated with @parallel');
  }
  const counts = [...(options.workers ?? [1, 2, 4])];
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`scaling: workers must be positive integers, got [${counts.join(', ')}]`);
  }
  counts.sort((a, b) => a - b);
  const repeat = options.repeat ?? 1;
  const columns = inputs as unknown as ReadonlyArray<Iterable<unknown>>;
  // Materialized once: every worker count must map the very same items, and generators run only once.
  const arrays = columns.map((c) => (Array.isArray(c) || ArrayBuffer.isView(c) ? (c as ArrayLike<unknown>) : Array.from(c)));
  const items = Math.min(...arrays.map((a) => a.length));
  const mapWith = (g: Parallel<F>): Promise<unknown[]> => (g.map as (...a: unknown[]) => Promise<unknown[]>)(...arrays);

  let serialSeconds: number | undefined;
  if (options.serial) {
    const plain = original(f);
    const t0 = performance.now();
    for (let i = 0; i < items; i++) await plain(...arrays.map((a) => a[i]));
    serialSeconds = (performance.now() - t0) / 1000;
  }

  const measured: Array<{ workers: number; seconds: number }> = [];
  let reference: { workers: number; seconds: number } | undefined;
  for (const n of counts) {
    const g = f.with({ workers: n, env: SINGLE_THREAD_ENV });
    try {
      // Start all n workers (one tiny task each) so that thread start-up is not timed.
      const warm = arrays.map((a) => Array.from({ length: Math.min(n, items) }, (_, i) => a[i]));
      await (g.with({ chunksize: 1 }).map as (...a: unknown[]) => Promise<unknown[]>)(...warm);
      let best = Infinity;
      for (let r = 0; r < repeat; r++) {
        const t0 = performance.now();
        await mapWith(g);
        best = Math.min(best, (performance.now() - t0) / 1000);
      }
      const m = { workers: n, seconds: best };
      measured.push(m);
      reference ??= m;
      options.onPoint?.(point(m, reference));
    } finally {
      await g.close();
    }
  }
  const ref = reference!;
  const points = measured.map((m) => point(m, ref));
  return {
    label: f.name,
    items,
    cores: availableParallelism(),
    reference: ref,
    serialSeconds,
    points,
    series: {
      workers: points.map((p) => p.workers),
      seconds: points.map((p) => p.seconds),
      idealSeconds: points.map((p) => p.idealSeconds),
      speedup: points.map((p) => p.speedup),
      idealSpeedup: points.map((p) => p.workers / ref.workers),
      efficiency: points.map((p) => p.efficiency),
    },
  };
}

function point(m: { workers: number; seconds: number }, ref: { workers: number; seconds: number }): ScalingPoint {
  const speedup = (ref.seconds / m.seconds) * ref.workers;
  return {
    workers: m.workers,
    seconds: m.seconds,
    speedup,
    efficiency: speedup / m.workers,
    idealSeconds: (ref.seconds * ref.workers) / m.workers,
  };
}

/**
 * A scaling result as a text table: workers, time, ideal time, speed-up, efficiency; cores marked.
 *
 * @example
 * ```ts
 * import { isMain, parallel, scaling, scalingTable } from 'numbat';
 *
 * export const work = parallel(function work(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 5e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * const seeds = Array.from({ length: 32 }, (_, i) => i);
 * if (isMain(import.meta.url)) console.log(scalingTable(await scaling(work, [seeds], { workers: [1, 2, 4] })));
 * // workers  time      ideal     speed-up  efficiency
 * //       1  2.01 s    2.01 s    1.00      100%
 * ```
 */
export function scalingTable(result: ScalingResult): string {
  const header = ['workers', 'time', 'ideal', 'speed-up', 'efficiency'];
  const rows = result.points.map((p) => [
    `${p.workers}${p.workers === result.cores ? '*' : ''}`,
    formatSeconds(p.seconds),
    formatSeconds(p.idealSeconds),
    p.speedup.toFixed(2),
    `${Math.round(p.efficiency * 100)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const notes = [`${result.items} items; ${result.cores} cores available (* = core count)`];
  if (result.serialSeconds !== undefined) notes.push(`serial on the main thread: ${formatSeconds(result.serialSeconds)}`);
  return [line(header), ...rows.map(line), ...notes].join('\n');
}
