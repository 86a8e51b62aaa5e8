/**
 * `@timed`: per-call wall time of a function or method, with running statistics per function.
 *
 * @module
 */
import { defineDecorator, optionsObject, describeValue, innerOf, type AnyFunction, type DecorationSite } from '../decorate.js';
import { nowNs } from './clock.js';
import { formatSeconds } from './format.js';
import { RunningStats, type DurationSummary } from './stats.js';

/** One finished call, as handed to a sink. */
export interface CallRecord {
  /** The timed function's label (its name, or the `label` option). */
  readonly label: string;
  /** Wall time of the call, seconds (for async functions: until the promise settled). */
  readonly seconds: number;
  /** Whether the call threw or its promise rejected. */
  readonly failed: boolean;
}

/**
 * Where per-call timings go: `'console'` prints one line per call, `'silent'` only records statistics, a
 * function receives each {@link CallRecord}. A sink that throws never changes the timed call's result or
 * exception; its failure is reported once per sink on stderr.
 *
 * @example
 * ```ts
 * import { timed, type CallRecord } from 'numbat';
 *
 * const log: CallRecord[] = [];
 * const square = timed({ sink: (r) => log.push(r) })((x: number) => x * x);
 * square(3); // → 9
 * log.length; // → 1
 * log[0]!.failed; // → false
 * ```
 */
export type TimingSink = 'console' | 'silent' | ((record: CallRecord) => void);

/** Options of {@link timed}. */
export interface TimedOptions {
  /** Where each call's timing goes. Default: the global sink ({@link setTimingSink}), initially `'console'`. */
  readonly sink?: TimingSink;
  /** Name shown in output and reports. Default: the function's name (`Class.method` for methods). */
  readonly label?: string;
}

/** Statistics of a timed function; failed calls are counted apart and excluded from the durations. */
export interface TimingStats extends DurationSummary {
  /** The function's label. */
  readonly label: string;
  /** Duration of the most recent successful call, seconds (`NaN` before any). */
  readonly last: number;
  /** Number of calls that threw or rejected. */
  readonly failures: number;
}

/** What `timed` adds to a function: its statistics. The call signature is unchanged. */
export interface TimedExtras {
  /** Statistics of the calls so far. */
  readonly stats: TimingStats;
  /** Forgets the calls so far. */
  resetStats(): void;
}

/** A function decorated with {@link timed}: same signature, plus {@link TimedExtras}. */
export type Timed<F extends AnyFunction> = F & TimedExtras;

class Recorder {
  readonly durations = new RunningStats();
  failures = 0;
  last = NaN;
  /** For methods: the class, read when a label is needed (esbuild's decorator lowering renames it until defined). */
  owner: { name?: string } | undefined;
  constructor(private readonly baseLabel: string, readonly sink: TimingSink | undefined) {}

  get label(): string {
    return this.owner?.name ? `${this.owner.name}.${this.baseLabel}` : this.baseLabel;
  }

  record(seconds: number, failed: boolean): void {
    if (failed) this.failures += 1;
    else {
      this.durations.push(seconds);
      this.last = seconds;
    }
    const sink = this.sink ?? globalSink;
    if (sink === 'silent') return;
    // The timed function's result or exception always wins: a sink failure must not replace it.
    try {
      if (sink === 'console') {
        console.log(`[timed] ${this.label}: ${formatSeconds(seconds)}${failed ? ' (failed)' : ''}`);
      } else {
        sink({ label: this.label, seconds, failed });
      }
    } catch (error) {
      reportSinkFailure(sink, this.label, error);
    }
  }

  stats(): TimingStats {
    return { ...this.durations.summary(), label: this.label, last: this.last, failures: this.failures };
  }

  reset(): void {
    this.durations.reset();
    this.failures = 0;
    this.last = NaN;
  }
}

let globalSink: TimingSink = 'console';

// Sinks whose failure was already reported: once per sink, not once per call, so a broken sink does not flood stderr.
const reportedSinks = new WeakSet<object>();
const CONSOLE_SINK_KEY = {};

function reportSinkFailure(sink: Exclude<TimingSink, 'silent'>, label: string, error: unknown): void {
  const key = sink === 'console' ? CONSOLE_SINK_KEY : sink;
  if (reportedSinks.has(key)) return;
  reportedSinks.add(key);
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  try {
    process.stderr.write(`[timed] the timing sink threw while recording ${label} (reported once; results are unaffected): ${detail}\n`);
  } catch {
    // stderr itself failing leaves nowhere to report; the call's result still wins.
  }
}
// WeakRefs so that timing a closure created in a loop does not keep every closure alive for the report.
const registry = new Set<WeakRef<Recorder>>();
const cleanup = new FinalizationRegistry<WeakRef<Recorder>>((ref) => registry.delete(ref));

/**
 * Sets where `@timed` functions without their own `sink` option send each call: `'console'` (the default),
 * `'silent'`, or a callback. Returns the previous sink.
 *
 * @example
 * ```ts
 * import { setTimingSink, timed, type CallRecord } from 'numbat';
 *
 * const log: CallRecord[] = [];
 * const before = setTimingSink((r) => log.push(r)); // collect every call
 * timed(function half(x: number) { return x / 2; })(8);
 * log[0]!.label; // → 'half'
 * setTimingSink('silent'); // keep statistics, print nothing
 * setTimingSink(before); // back to the previous sink
 * ```
 */
export function setTimingSink(sink: TimingSink): TimingSink {
  if (sink !== 'console' && sink !== 'silent' && typeof sink !== 'function') {
    throw new TypeError(`setTimingSink: expected 'console', 'silent' or a function, got ${describeValue(sink)}`);
  }
  const previous = globalSink;
  globalSink = sink;
  return previous;
}

function wrapTimed(fn: AnyFunction, options: TimedOptions, site: DecorationSite): AnyFunction {
  const label = options.label ?? (site.name || fn.name || 'anonymous');
  const recorder = new Recorder(label, options.sink);
  if (site.kind === 'method' && options.label === undefined) {
    // The class name is only known once the class exists; static and instance initializers both see it.
    site.addInitializer?.(function (this: unknown) {
      recorder.owner ??= site.static ? (this as { name?: string }) : (this as object).constructor;
    });
  }
  const ref = new WeakRef(recorder);
  registry.add(ref);

  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const start = nowNs();
    let result: unknown;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      recorder.record(Number(nowNs() - start) / 1e9, true);
      throw error;
    }
    if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
      // Time until the promise settles; hand the caller the same outcome (same value or the same error).
      return (result as PromiseLike<unknown>).then(
        (value) => {
          recorder.record(Number(nowNs() - start) / 1e9, false);
          return value;
        },
        (error: unknown) => {
          recorder.record(Number(nowNs() - start) / 1e9, true);
          throw error;
        },
      );
    }
    recorder.record(Number(nowNs() - start) / 1e9, false);
    return result;
  };
  Object.defineProperty(wrapper, 'stats', { get: () => recorder.stats(), enumerable: true });
  Object.defineProperty(wrapper, 'resetStats', { value: () => recorder.reset() });
  cleanup.register(wrapper, ref);
  recorders.set(wrapper, recorder);
  return wrapper;
}

const entry = defineDecorator({ name: 'timed', wrap: wrapTimed }, (given) => {
  const options = optionsObject<TimedOptions>('timed', given);
  if (options.sink !== undefined && options.sink !== 'console' && options.sink !== 'silent' && typeof options.sink !== 'function') {
    throw new TypeError(`timed: the sink option must be 'console', 'silent' or a function, got ${describeValue(options.sink)}`);
  }
  return options;
});
const recorders = new WeakMap<AnyFunction, Recorder>();

/**
 * Times every call of a function or method. Works as `timed(fn)`, `timed({ sink: 'silent' })(fn)`, and as a
 * TC39 method decorator (`@timed`, `@timed({ label: 'std' })`) on static and instance methods.
 * Async functions are timed until their promise settles; exceptions pass through unchanged and are counted
 * as failures.
 *
 * @example
 * ```ts
 * import { timed } from 'numbat';
 *
 * const sum = timed(function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * });
 * sum(new Float64Array([1, 2, 3])); // → 6
 * // printed: [timed] sum: 2.1 µs
 * sum.stats.count; // → 1
 * sum.stats.mean; // seconds
 *
 * class Stats {
 *   @timed({ sink: 'silent' }) static mean(xs: number[]): number {
 *     return xs.reduce((a, b) => a + b, 0) / xs.length;
 *   }
 * }
 * Stats.mean([1, 2, 3, 4]); // → 2.5
 * ```
 */
export function timed<F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): Timed<F>;
export function timed(
  options?: TimedOptions,
): <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext) => Timed<F>;
export function timed(...args: unknown[]): unknown {
  return entry(args);
}

/**
 * Statistics of one timed function, found through any other numbat decorators around it. Handy for decorated
 * methods, whose declared type TypeScript does not let a decorator change.
 *
 * @example
 * ```ts
 * import { timed, timingStats } from 'numbat';
 *
 * class Stats {
 *   @timed({ sink: 'silent' }) static max(xs: number[]): number { return Math.max(...xs); }
 * }
 * Stats.max([3, 1, 4]); // → 4
 * timingStats(Stats.max).count; // → 1
 * timingStats(Stats.max).label; // → 'Stats.max'
 * ```
 */
export function timingStats(fn: AnyFunction): TimingStats {
  for (let f: AnyFunction | undefined = fn; f; f = innerOf(f)) {
    const recorder = recorders.get(f);
    if (recorder) return recorder.stats();
  }
  throw new TypeError(`timingStats: ${describeValue(fn)} is not decorated with timed`);
}

/**
 * Statistics of every timed function still alive, in the order they were decorated.
 *
 * @example
 * ```ts
 * import { timed, timings } from 'numbat';
 *
 * const twice = timed({ sink: 'silent' })(function twice(x: number) { return 2 * x; });
 * twice(1);
 * twice(2);
 * timings().find((s) => s.label === 'twice')?.count; // → 2
 * for (const s of timings()) console.log(s.label, s.count, s.mean);
 * ```
 */
export function timings(): TimingStats[] {
  const out: TimingStats[] = [];
  for (const ref of registry) {
    const recorder = ref.deref();
    if (recorder) out.push(recorder.stats());
  }
  return out;
}

/**
 * Every timed function's statistics as a text table (seconds formatted like `%timeit`), for the end of a run.
 *
 * @example
 * ```ts
 * import { timed, timingReport } from 'numbat';
 *
 * const std = timed({ sink: 'silent' })(function std(xs: number[]) {
 *   const m = xs.reduce((a, b) => a + b, 0) / xs.length;
 *   return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
 * });
 * for (let i = 0; i < 100; i++) std([1, 2, 3, 4]);
 * timingReport().split('\n')[0]; // → 'function…calls…mean…std…min…max…last…failures'
 * console.log(timingReport());
 * // function  calls     mean      std      min      max     last  failures
 * // std         100  1.07 µs  2.31 µs   270 ns  23.4 µs   380 ns         0
 * ```
 */
export function timingReport(stats: readonly TimingStats[] = timings()): string {
  const header = ['function', 'calls', 'mean', 'std', 'min', 'max', 'last', 'failures'];
  const fmt = (x: number): string => (Number.isNaN(x) ? '-' : formatSeconds(x));
  const rows = stats.map((s) => [s.label, String(s.count), fmt(s.mean), fmt(s.std), fmt(s.min), fmt(s.max), fmt(s.last), String(s.failures)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * Every timed function's statistics as JSON (seconds as numbers, `null` where no call succeeded).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { timed, timingsJSON } from 'numbat';
 *
 * timed({ sink: 'silent' })(function noop() {})();
 * await writeFile('timings.json', timingsJSON());
 * ```
 */
export function timingsJSON(stats: readonly TimingStats[] = timings()): string {
  return JSON.stringify(stats.map((s) => ({ ...s })), (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? null : value, 2);
}
