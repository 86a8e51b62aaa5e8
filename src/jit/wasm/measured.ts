/**
 * Rule 5 of `'auto'` (`index.ts`): where no rule of the code's shape decides, the first calls do. Both backends
 * give exactly the plain function's results, so which one runs a call is a question of speed alone, and the
 * answer depends on what no rule sees: the data (a histogram's branch is unpredictable on one input and not on
 * another), the copies (an ordinary array is copied into Wasm's memory on every call), the machine.
 *
 * The first call runs on JS, timed; it is also JS's warm-up (V8 tiers the loop up during it), so its time only
 * gates. A call under {@link MEASURE_MIN_MS} settles on JS at once: Wasm's per-call costs (the wrapper, the
 * copies) are then a large part of the call, and timing so short a call says little. Otherwise the Wasm module is
 * instantiated (only then: most functions never pay for it) and the next call is Wasm's warm-up; then timed calls
 * alternate, JS then Wasm. Any Wasm call over {@link WASM_FAR_SLOWER} times JS's best (the warm-up over
 * {@link WARMUP_FAR_SLOWER}: V8's baseline Wasm code runs it) settles on JS at once, so a much slower Wasm costs
 * one or two calls, not the whole measurement. Time numbat memory spends growing during a call (the first touch
 * of the pages a big array is first copied into: 0.2 s for 32 MB on this project's machines) is paid once per
 * process and is left out of that call's time. After {@link MEASURE_SAMPLES} pairs the rule is
 * asked: Wasm is kept when both its best and its median are at most {@link WASM_MUST_WIN} of JS's, and early
 * only when both are at most {@link WASM_CLEAR_WIN}; JS is kept early when Wasm's best is not below JS's best.
 * In between (a gap near 10%, where JS's early calls still warming up would mislead) it samples on, up to
 * {@link MEASURE_MAX_SAMPLES} pairs, then decides by the margin. Only calls alike in size count (the same
 * lengths of the array arguments and the same integer arguments): calls of other sizes meanwhile run on JS,
 * untimed; after {@link MEASURE_GIVE_UP} of them, or as many calls that Wasm handed to JS itself (arrays sharing
 * a buffer, a trap), the function settles on JS. So measuring ends within 2 + 2 × MEASURE_MAX_SAMPLES +
 * MEASURE_GIVE_UP calls whatever the times.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import type { WasmRunStats } from './runtime.js';
import { growthMs } from '../../memory/heap.js';

/** A first call shorter than this (milliseconds, on JS) settles on JS without trying Wasm. */
export const MEASURE_MIN_MS = 0.2;
/** Timed calls per backend before the rule is first asked. */
export const MEASURE_SAMPLES = 3;
/** Timed calls per backend at most: then the margin decides. */
export const MEASURE_MAX_SAMPLES = 8;
/** Wasm is kept when its best and its median are at most this fraction of JS's. */
export const WASM_MUST_WIN = 0.9;
/** Wasm is kept after {@link MEASURE_SAMPLES} pairs already when its best and median are at most this fraction of JS's. */
export const WASM_CLEAR_WIN = 0.6;
/** One Wasm call longer than this many times JS's best settles on JS at once. */
export const WASM_FAR_SLOWER = 2;
/**
 * The same for the warm-up call, which runs V8's baseline Wasm code (Liftoff) while the optimized code compiles:
 * bubble sort's took 19.9 ms against JS's first 8.4, then 4.5 against 6.2 once warm.
 */
export const WARMUP_FAR_SLOWER = 4;
/** Calls that do not count (another size, or handed back to JS by Wasm) before settling on JS. */
export const MEASURE_GIVE_UP = 8;

let now: () => number = () => performance.now();
let growth: () => number = growthMs;

/**
 * Replaces the clock the measurement reads (milliseconds), and the reading of time spent growing numbat memory
 * (`growthMs`, left out of a call's time); no argument restores `performance.now` and `growthMs`. For tests,
 * which script the times to check the decisions without depending on the machine's speed.
 *
 * @example
 * ```ts
 * import { setMeasureClock } from './measured.js';
 *
 * let t = 0;
 * setMeasureClock(() => (t += 1)); // every reading one millisecond later, no time growing memory
 * setMeasureClock(); // back to performance.now
 * ```
 */
export function setMeasureClock(clock?: () => number, grown: () => number = clock ? () => 0 : growthMs): void {
  now = clock ?? (() => performance.now());
  growth = grown;
}

/** A Wasm specialization as the measurement uses it: its wrapper, and the counters that say whether a call ran in Wasm. */
export interface WasmCandidate {
  readonly fn: AnyFunction;
  readonly stats: WasmRunStats;
}

/**
 * The state of one measured specialization.
 *
 * @example
 * ```ts
 * import { measuredRun, type MeasuredRun } from './measured.js';
 *
 * const twice = (x: number) => 2 * x;
 * const run: MeasuredRun = measuredRun(twice, () => { throw new Error('not needed: the call is short'); });
 * run.fn(21); // → 42
 * run.settled; // → 'js'
 * ```
 */
export interface MeasuredRun {
  /** The function to call: it measures, then passes every call to the backend chosen. */
  readonly fn: AnyFunction;
  /** The backend chosen, once chosen. */
  readonly settled: 'js' | 'wasm' | undefined;
  /** The Wasm wrapper's counters, once the module is instantiated. */
  readonly stats: WasmRunStats | undefined;
  /** Why it settled (or how far the measurement is), in a sentence. */
  describe(): string;
  /** Calls `listener` with the chosen backend's function when it settles (at once if it has). */
  onSettle(listener: (fn: AnyFunction) => void): void;
}

/** The arguments' sizes: lengths of arrays, integers as themselves (loop bounds); other values do not count. */
function sizeKey(args: readonly unknown[]): string {
  let key = '';
  for (const a of args) {
    if (typeof a === 'number') key += Number.isInteger(a) ? `${a},` : 'x,';
    else if (ArrayBuffer.isView(a)) key += `[${(a as unknown as ArrayLike<unknown>).length}],`;
    else if (Array.isArray(a)) key += `[${a.length}${Array.isArray(a[0]) ? `x${(a[0] as unknown[]).length}` : ''}],`;
    else key += '_,';
  }
  return key;
}

/** The middle time (the mean of the two middle ones for an even count). */
function median(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const h = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

const ms = (t: number): string => `${t < 1 ? t.toPrecision(2) : t.toFixed(1)} ms`;

/**
 * Measures the first calls of a specialization on both backends and settles on the faster (the module
 * comment). `makeWasm` instantiates the Wasm module, called only once a call is long enough to measure.
 *
 * @example
 * ```ts
 * import { measuredRun, setMeasureClock } from './measured.js';
 *
 * // Scripted times: a JS call reads as 2 ms and a Wasm call as 0.5 ms, so Wasm is kept after 3 timed calls of each.
 * let clock = 0, running = 'js';
 * setMeasureClock(() => (clock += running === 'js' ? 2 : 0.5));
 * const stats = { calls: 0, traps: 0, aliased: 0, bytesIn: 0, bytesOut: 0, onJs: false, args: [] };
 * const js = (n: number) => { running = 'js'; return n + 1; };
 * const wasm = (n: number) => { running = 'wasm'; stats.calls++; return n + 1; };
 * const run = measuredRun(js, () => ({ fn: wasm, stats }));
 * for (let i = 0; i < 8; i++) run.fn(10);
 * run.settled; // → 'wasm'
 * setMeasureClock();
 * ```
 */
export function measuredRun(js: AnyFunction, makeWasm: () => WasmCandidate): MeasuredRun {
  let wasm: WasmCandidate | undefined;
  let chosen: AnyFunction | undefined;
  let settled: 'js' | 'wasm' | undefined;
  let why = 'measuring: the first call runs on JS';
  let key = '';
  let turn: 'wasm' | 'js' = 'wasm';
  let warm = false;
  let uncounted = 0;
  let firstJs = 0;
  const jsTimes: number[] = [];
  const wasmTimes: number[] = [];
  let listeners: Array<(fn: AnyFunction) => void> = [];

  const settle = (to: 'js' | 'wasm', reason: string): void => {
    settled = to;
    chosen = to === 'js' || wasm === undefined ? js : wasm.fn;
    why = reason;
    const waiting = listeners;
    listeners = [];
    for (const l of waiting) l(chosen);
  };
  const decide = (): void => {
    const n = Math.min(jsTimes.length, wasmTimes.length);
    if (n < MEASURE_SAMPLES || jsTimes.length !== wasmTimes.length) return;
    const j = Math.min(...jsTimes), w = Math.min(...wasmTimes);
    const jm = median(jsTimes), wm = median(wasmTimes);
    const times = `${n} alternating calls each, best and median: Wasm ${ms(w)} and ${ms(wm)}, JS ${ms(j)} and ${ms(jm)}`;
    const last = n >= MEASURE_MAX_SAMPLES;
    const bar = last ? WASM_MUST_WIN : WASM_CLEAR_WIN;
    if (w <= bar * j && wm <= bar * jm) settle('wasm', `measured faster on Wasm (${times})`);
    else if (last || w >= j) settle('js', `measured not faster on Wasm (${times}; Wasm is kept at ${WASM_MUST_WIN} of JS's time or less)`);
  };
  const farSlower = (t: number): boolean => {
    const j = jsTimes.length > 0 ? Math.min(firstJs, ...jsTimes) : firstJs;
    const limit = warm ? WASM_FAR_SLOWER : WARMUP_FAR_SLOWER;
    if (t <= limit * j) return false;
    settle('js', `measured much slower on Wasm (a Wasm call took ${ms(t)}, JS's best ${ms(j)}; measuring stops at ${limit}x)`);
    return true;
  };
  const giveUp = (): void => {
    if (++uncounted >= MEASURE_GIVE_UP) settle('js', `not measured: ${MEASURE_GIVE_UP} calls were of other sizes than the first or were handed back to JS by the Wasm wrapper`);
  };
  // Growing numbat memory for a call's copies is paid once per process (the pages' first touch: 0.2 s for
  // histogram's 32 MB here, against 16 ms for the call), so it is not the call's time.
  const timed = (f: AnyFunction, self: unknown, args: unknown[]): [unknown, number] => {
    const g0 = growth(), t0 = now();
    const r = f.apply(self, args);
    const t = now() - t0;
    return [r, Math.max(0, t - (growth() - g0))];
  };

  const fn = function (this: unknown, ...args: unknown[]): unknown {
    if (chosen !== undefined) return chosen.apply(this, args);
    if (wasm === undefined) {
      const [r, t] = timed(js, this, args);
      if (t < MEASURE_MIN_MS) {
        // no time in the text: inspect() reads the same in every process, as the persistent cache's tests check
        settle('js', `the first call ran under ${MEASURE_MIN_MS} ms on JS, too short for Wasm's per-call costs to pay off`);
        return r;
      }
      firstJs = t;
      key = sizeKey(args);
      wasm = makeWasm();
      why = 'measuring: calls alternate between Wasm and JS';
      return r;
    }
    if (sizeKey(args) !== key) {
      giveUp();
      return js.apply(this, args);
    }
    if (turn === 'js') {
      const [r, t] = timed(js, this, args);
      jsTimes.push(t);
      turn = 'wasm';
      decide();
      return r;
    }
    const before = wasm.stats.calls;
    const [r, t] = timed(wasm.fn, this, args);
    if (wasm.stats.calls !== before + 1) giveUp();
    else if (!farSlower(t)) {
      if (warm) wasmTimes.push(t);
      warm = true;
      turn = 'js';
      decide();
    }
    return r;
  };
  return {
    fn,
    get settled() { return settled; },
    get stats() { return wasm?.stats; },
    describe: () => why,
    onSettle(listener) {
      if (chosen !== undefined) listener(chosen);
      else listeners.push(listener);
    },
  };
}
