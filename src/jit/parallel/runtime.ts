/**
 * The parallel region runtime: what generated code calls as `$par.run(k, region, first, last, …)` (see
 * `outline.ts`). It cuts the iterations into chunks, runs them on the calling thread and the pool's worker
 * threads (`pool.ts`), each taking the next chunk from a shared counter, combines the partial reductions in
 * chunk order, and hands the combined values back. The calling thread works too, and blocks (`Atomics.wait`)
 * only for chunks still running elsewhere, so a compiled function stays synchronous.
 *
 * - Chunks: one per thread call of the region, 4 to 16 per thread by default (`freeChunks`; the result
 *   depends on the thread count and the trip count only through float reassociation), or, with
 *   `deterministic`, a count that depends on the trip count alone (so float results are bit-identical for
 *   every thread count, serial runs included).
 * - Small loops (fewer than `minIterations` iterations, default `DEFAULT_MIN_ITERATIONS`, 2,000) and
 *   `threads = 1` run on the calling thread: as one chunk starting from the variables' values, which is the
 *   serial loop bit for bit, or (deterministic) the same chunks in order.
 * - Data: typed arrays on a `SharedArrayBuffer` are used in place; any other typed array is copied into
 *   shared memory once per call of the compiled function where `session.ts` can prove that safe, else once
 *   per region run, and back only if a loop writes it. Other values (numbers, plain arrays) go to each
 *   worker by structured clone, once per region run.
 * - Errors: a chunk that throws stops the others at their next chunk; the failing chunk is replayed on the
 *   calling thread, one iteration at a time, to throw the error itself, named with its iteration and the
 *   loop's line.
 * - Liveness: the caller waits in slices of `LIVENESS_MS`; when a worker has exited (`pool.ts` records exits
 *   in shared memory) and no live thread still holds chunks while some are missing, the call fails with an
 *   error naming the loop, instead of waiting forever; the next run replaces the worker.
 *
 * (Longer than 400 lines: the region run, the chunk loop and both failure paths are one protocol over one
 * shared control array, kept together so its word positions have one reader.)
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { JitError, locateError } from '../errors.js';
import { PRANGE_SEED } from '../random.js';
import { lateDraw, seedWords } from './philox.js';
import { DrawBatch } from './philox-wasm.js';
import type { RegionMeta } from './outline.js';
import { identityOf } from './reductions.js';
import { REDUCTIONS } from './reductions.js';
import { pool } from './pool.js';
import { invokeRegion } from './strips.js';
import { CallCopies, countCopy, sharedCopy } from './session.js';
import { addWasmCounts, instantiateRegion, invokeChunk, regionMemory, stripAt, stripsFor, type RegionBackends, type WasmRun } from './wasm-regions.js';
import { inNumbatMemory } from '../../memory/heap.js';

/**
 * `memoJit`'s `parallel` option in object form.
 *
 * @example
 * ```ts
 * import { memoJit, prange } from 'numbat';
 * import type { ParallelOptions } from './runtime.js';
 *
 * // Bit-identical sums on any thread count; loops under 10,000 iterations stay on the calling thread.
 * const options: ParallelOptions = { deterministic: true, minIterations: 10_000 };
 * const sum = memoJit({ parallel: options })(function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * });
 * sum(Float64Array.of(0.5, 0.25, 0.125)); // → 0.875
 * ```
 */
export interface ParallelOptions {
  /**
   * Cut loops into chunks that depend on the trip count only, so floating-point reductions are bit-identical
   * for any thread count (default false: 4 to 16 chunks per thread, equal up to reassociation).
   */
  readonly deterministic?: boolean;
  /** Loops with fewer iterations run on the calling thread (default `DEFAULT_MIN_ITERATIONS`, 2,000). */
  readonly minIterations?: number;
}

/**
 * Below this many iterations a prange loop runs on the calling thread. Waking the pool and collecting its
 * answer costs about 15–30 µs per region here (`bench/prange.ts`, "empty region"); a loop of 2,000 cheap
 * iterations takes about as long.
 *
 * @example
 * ```ts
 * import { memoJit, prange } from 'numbat';
 * import { DEFAULT_MIN_ITERATIONS } from './runtime.js';
 *
 * DEFAULT_MIN_ITERATIONS; // → 2000
 * // A loop body much cheaper than usual: split it only from four times the default.
 * const scale = memoJit({ parallel: { minIterations: DEFAULT_MIN_ITERATIONS * 4 } })(function scale(xs: Float64Array, k: number) {
 *   for (const i of prange(xs.length)) xs[i] = k * xs[i]!;
 * });
 * const xs = Float64Array.of(1, 2);
 * scale(xs, 3);
 * xs; // → Float64Array(2) [ 3, 6 ]
 * ```
 */
export const DEFAULT_MIN_ITERATIONS = 2000;

/** Chunk count of deterministic mode: at most this many, at least 256 iterations each (thread count unused). */
const DETERMINISTIC_CHUNKS = 1024;

/**
 * Chunks of a run that is not deterministic: 4 per thread, up to 16 per thread while each keeps at least
 * 1,024 iterations. Threads take chunks as they free up, so they finish within about one chunk of each other:
 * with 4 per thread a thread that started late (a wake-up, or a core busy elsewhere) could leave the other
 * idle for up to an eighth of the loop on two threads; 16 per thread bounds that at a thirty-second, for a
 * cost of about a microsecond per chunk (a call and two atomic adds), which 1,024 iterations dwarf.
 */
function freeChunks(trips: number, threads: number): number {
  return Math.min(trips, threads * Math.max(4, Math.min(16, Math.ceil(trips / (threads * 1024)))));
}

// ---------------------------------------------------------------------------------------------- threads

function defaultThreads(): number {
  const env = process.env['NUMBAT_NUM_THREADS'];
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new RangeError(`NUMBAT_NUM_THREADS must be an integer from 1 to 1024, got '${env}'`);
    return n;
  }
  return availableParallelism();
}

let threadCount: number | undefined;

/**
 * Threads prange loops use, the calling one included (`memoJit.threads`): `NUMBAT_NUM_THREADS`, else one
 * per core.
 *
 * @example
 * ```ts
 * import { availableParallelism } from 'node:os';
 * import { getThreads } from './runtime.js';
 *
 * // memoJit.threads reads this: NUMBAT_NUM_THREADS, else one thread per core.
 * const n = getThreads();
 * n === (Number(process.env['NUMBAT_NUM_THREADS']) || availableParallelism()); // → true
 * ```
 */
export function getThreads(): number {
  return (threadCount ??= defaultThreads());
}

/**
 * Sets the thread count (`memoJit.threads = n`); missing workers start now, in the background, and extra
 * ones stay asleep.
 *
 * @example
 * ```ts
 * import { getThreads, setThreads } from './runtime.js';
 *
 * const before = getThreads();
 * setThreads(3); // what `memoJit.threads = 3` does: two workers beside the calling thread
 * getThreads(); // → 3
 * setThreads(0); // → throws RangeError: memoJit.threads must be an integer from 1 to 1024, got 0
 * setThreads(before);
 * ```
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new RangeError(`memoJit.threads must be an integer from 1 to 1024, got ${String(n)}`);
  threadCount = n;
  pool.grow(n - 1);
}

/**
 * Starts the worker threads now and resolves once all `memoJit.threads - 1` of them can take chunks
 * (`memoJit.threadsReady()`); before that, prange loops run on the threads already started.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { threadsReady } from './runtime.js';
 *
 * // Start the workers before timing a parallel function, so the first call does not pay their start-up.
 * const before = memoJit.threads;
 * memoJit.threads = 2;
 * const started = await threadsReady(); // → 2
 * memoJit.threads = before;
 * ```
 */
export async function threadsReady(): Promise<number> {
  await pool.ready(getThreads() - 1);
  return getThreads();
}

// ---------------------------------------------------------------------------------------------- chunks

/** Positions in a job's control array; `CLAIM + seat` is 1 while that thread takes or runs chunks. */
const NEXT = 0, DONE = 1, ABORT = 2, CLAIM = 3;

/**
 * How long a caller waiting for other threads' chunks sleeps before it checks that they are still alive (a
 * finished chunk wakes it at once; this bounds how late a dead worker is noticed).
 */
const LIVENESS_MS = 50;

/**
 * One run of a region, as every participating thread sees it (sent to workers by structured clone).
 *
 * @example
 * ```ts
 * import { workChunks, type RegionJob } from './runtime.js';
 *
 * // A region summing xs[lo..hi) (lo, hi, three seed words, the reduction, the captured array), cut into 4 chunks.
 * function sumRegion(lo: number, hi: number, _seedLo: number, _seedHi: number, _launch: number, s: number, xs: Float64Array) {
 *   for (let i = lo; i < hi; i++) s += xs[i]!;
 *   return [s];
 * }
 * const xs = Float64Array.from({ length: 100 }, (_, i) => i);
 * const job: RegionJob = {
 *   first: 0, last: 100, step: 1, strip: false, trips: 100, chunks: 4, seeds: [0, 0, 0],
 *   inits: [0], identities: [-0], captures: [xs],
 *   control: new Int32Array(new SharedArrayBuffer(4 * 4)), partials: new Float64Array(4), message: new Uint16Array(64),
 * };
 * workChunks(sumRegion as Parameters<typeof workChunks>[0], job); // the calling thread alone takes every chunk
 * job.partials; // → Float64Array(4) [ 300, 925, 1550, 2175 ]
 * ```
 */
export interface RegionJob {
  readonly first: number;
  readonly last: number;
  readonly step: number;
  /** Whether the region takes a strip of draws (`strips.ts`). */
  readonly strip: boolean;
  readonly trips: number;
  readonly chunks: number;
  /** Seed low and high words and the launch number. */
  readonly seeds: readonly [number, number, number];
  /** Initial values of the reductions (the first chunk starts from them). */
  readonly inits: readonly unknown[];
  /** What later chunks start from. */
  readonly identities: readonly unknown[];
  /** The region's other arguments, shared arrays in place. */
  readonly captures: readonly unknown[];
  /** `Int32Array` on shared memory: next chunk, chunks done, 1 + failed chunk, then one claim word per seat. */
  readonly control: Int32Array;
  /** `chunks × reductions` partial results. */
  readonly partials: Float64Array;
  /** A failed worker's message (UTF-16 code units, length first). */
  readonly message: Uint16Array;
  /**
   * Set when the chunks run in Wasm (`wasm-regions.ts`): where the threads' strips start in numbat memory,
   * and the shared counters of chunks run in Wasm and rerun after a trap.
   */
  readonly wasm?: { readonly strips: number; readonly counts: Int32Array };
}

type Region = (...args: unknown[]) => unknown;

function chunkBounds(job: RegionJob, c: number): [number, number] {
  const t0 = Math.floor((c * job.trips) / job.chunks);
  const t1 = Math.floor(((c + 1) * job.trips) / job.chunks);
  return [job.first + t0 * job.step, c === job.chunks - 1 ? job.last : job.first + t1 * job.step];
}

function runChunk(fn: Region, job: RegionJob, c: number, wasm: WasmRun | undefined): void {
  const [lo, hi] = chunkBounds(job, c);
  const result = invokeChunk(fn, wasm, job.strip, job.step, lo, hi, job.seeds, c === 0 ? job.inits : job.identities, job.captures);
  if (result) for (let j = 0; j < result.length; j++) job.partials[c * result.length + j] = +(result[j] as number);
}

/**
 * Takes chunks of `job` until none is left, running them unless one has failed; the thread that completes
 * the last one wakes the caller. Shared by the calling thread and the workers. `wasm`: this thread's Wasm
 * instance of the region, when the job runs in Wasm.
 *
 * @example
 * ```ts
 * import { workChunks, type RegionJob } from './runtime.js';
 *
 * // A chunk that throws marks the job failed; the other chunks are taken but not run.
 * let failure: unknown;
 * const failing = (lo: number): never => { throw new RangeError(`bad value at ${lo}`); };
 * const job: RegionJob = {
 *   first: 0, last: 8, step: 1, strip: false, trips: 8, chunks: 2, seeds: [0, 0, 0], inits: [], identities: [], captures: [],
 *   control: new Int32Array(new SharedArrayBuffer(4 * 4)), partials: new Float64Array(0), message: new Uint16Array(64),
 * };
 * workChunks(failing as Parameters<typeof workChunks>[0], job, (error) => { failure = error; });
 * String(failure); // → 'RangeError: bad value at 0'
 * ```
 */
export function workChunks(fn: Region, job: RegionJob, onError?: (error: unknown) => void, seat = 0, wasm?: WasmRun): void {
  const { control, chunks } = job;
  // Claimed before taking a chunk number and released after the last: a caller that sees every live seat
  // released and chunks still missing knows a dead thread took them (`ParallelRuntime.run`).
  Atomics.store(control, CLAIM + seat, 1);
  for (;;) {
    const c = Atomics.add(control, NEXT, 1);
    if (c >= chunks) break;
    if (Atomics.load(control, ABORT) === 0) {
      try {
        runChunk(fn, job, c, wasm);
      } catch (error) {
        if (Atomics.compareExchange(control, ABORT, 0, c + 1) === 0) {
          const text = String(error instanceof Error ? `${error.name}: ${error.message}` : error).slice(0, job.message.length - 1);
          job.message[0] = text.length;
          for (let k = 0; k < text.length; k++) job.message[k + 1] = text.charCodeAt(k);
          onError?.(error);
        }
      }
    }
    if (Atomics.add(control, DONE, 1) + 1 === chunks) Atomics.notify(control, DONE);
  }
  Atomics.store(control, CLAIM + seat, 0);
}

/**
 * Waits until every chunk of `job` is done, or until a worker holding chunks has exited: then returns the
 * exited workers' slot indices and exit codes (the chunks they held will never be done).
 */
function awaitChunks(job: RegionJob, seats: readonly number[], deaths: number): Array<[number, number]> | undefined {
  const { control, chunks } = job;
  for (let done; (done = Atomics.load(control, DONE)) < chunks;) {
    Atomics.wait(control, DONE, done, LIVENESS_MS);
    if (pool.deaths() === deaths) continue;
    const exited = seats.map((slot, s) => [slot, s, pool.exitCode(slot)] as const);
    // A live seat still claimed may finish the missing chunks; none claimed and chunks missing: they are lost.
    if (exited.some(([, s, code]) => code === undefined && Atomics.load(control, CLAIM + 1 + s) !== 0)) continue;
    if (Atomics.load(control, DONE) >= chunks) break;
    return exited.filter(([, , code]) => code !== undefined).map(([slot, , code]) => [slot, code!]);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------- regions

const isTyped = (a: unknown): a is Float64Array => ArrayBuffer.isView(a) && !(a instanceof DataView);

/**
 * Whether a written argument shares its memory with another argument (`f(xs, xs)`): separate shared copies
 * would hide one's writes from the other, so such a call runs on the calling thread. Arrays on one
 * `SharedArrayBuffer` (numbat memory holds every numbat array) are used in place, not copied, so only
 * overlapping bytes alias there.
 */
function aliased(captures: readonly unknown[], written: readonly number[]): boolean {
  return written.some((j) => {
    const w = captures[j];
    return isTyped(w) && captures.some((a, k) => k !== j && isTyped(a) && a.buffer === w.buffer &&
      (!(w.buffer instanceof SharedArrayBuffer) || (a.byteOffset < w.byteOffset + w.byteLength && w.byteOffset < a.byteOffset + a.byteLength)));
  });
}

/**
 * The `$par` of one compiled specialization: its regions' descriptions, its source (sent once to each
 * worker), and `run`, which generated code calls for every prange loop.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { generateJS } from '../js/codegen.js';
 * import { instantiate } from '../js/runtime.js';
 * import { outlineRegions } from './outline.js';
 * import { ParallelRuntime } from './runtime.js';
 *
 * // What compileSpecialization does for a function with prange loops: the regions' runtime is the code's `$par`.
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const { module, regions } = outlineRegions(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * const { source } = generateJS(module, { parallel: true });
 * const par = new ParallelRuntime(regions, source, { minIterations: 100 }, true);
 * const fn = par.entry(instantiate(source, () => NaN, [], par));
 * fn(Float64Array.from({ length: 1000 }, (_, i) => i)); // → 499500
 * ```
 */
export class ParallelRuntime {
  /** Philox for the regions' `Math.random()` (`philox.ts`): this thread's batch, and later draws. */
  readonly batch = callerBatch();
  readonly late = lateDraw;
  private readonly id: number;
  /** Shared copies of ordinary typed arrays, reused while their size fits: region k, argument j. */
  private readonly scratch = new Map<string, Float64Array>();
  /** Copies that last a whole call (`session.ts`). */
  private readonly calls = new CallCopies();
  /** Per region, its Wasm code (`wasm-regions.ts`), or `undefined` when it runs as JavaScript. */
  private wasmCode: RegionBackends['code'] = [];
  /** This thread's instances of the Wasm regions, made on first use. */
  private readonly wasmFns: Array<Region | undefined> = [];
  /** Whether shared copies go into numbat memory, where Wasm regions can read them. */
  private numbatCopies = false;

  /**
   * @param metas the regions, by index
   * @param source the generated module, for the workers
   * @param options `deterministic`, `minIterations`
   * @param threaded `memoJit({ parallel })`: without it regions run on the calling thread only
   */
  constructor(readonly metas: readonly RegionMeta[], readonly source: string, readonly options: ParallelOptions, readonly threaded: boolean) {
    this.id = pool.register(source, metas);
  }

  /**
   * The compiled entry as callers get it: around each call when some array's copy may last the call
   * (`session.ts`), so that it goes back when the call ends; else `entry` itself.
   */
  entry<F extends (...args: never[]) => unknown>(entry: F): F {
    const fn = this.threaded && this.metas.some((m) => m.callLong.length > 0) ? this.calls.wrap(entry) : entry;
    runtimes.set(fn, this);
    return fn;
  }

  /** Generated code lists its regions here; the workers' runtime keeps them (`worker.ts`). */
  regions(): void {}

  /** `run`'s result, after the assignments generated code puts beside it (`codegen.ts`, `regionCall`). */
  keep(result: unknown): unknown {
    return result;
  }

  /** The array serial code uses for entry parameter `param` from now on (`session.ts`). */
  held(param: number, current: unknown): unknown {
    return this.calls.held(param, current);
  }

  /**
   * Runs the regions that `backends` gives Wasm code for in Wasm, on every thread (only with
   * `memoJit({ parallel })`: without it a prange loop is the JavaScript backend's serial loop).
   *
   * @example
   * ```ts
   * import { prange } from 'numbat';
   * import { compileSpecialization } from 'numbat/internals';
   * import { runtimeOf } from './runtime.js';
   * import { regionBackends } from './wasm-regions.js';
   *
   * function sum(xs: Float64Array) {
   *   let s = 0;
   *   for (const i of prange(xs.length)) s += xs[i]!;
   *   return s;
   * }
   * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
   * const par = runtimeOf(compiled.fn)!;
   * par.useWasm(regionBackends(compiled.lowered!, par.metas, { backend: 'wasm' }));
   * compiled.fn(Float64Array.from({ length: 5000 }, (_, i) => i)); // → 12497500
   * ```
   */
  useWasm(backends: RegionBackends): void {
    if (!this.threaded || !backends.code.some(Boolean)) return;
    this.wasmCode = backends.code;
    this.numbatCopies = backends.code.some((c) => c !== undefined && !c.numbatOnly);
    pool.attachWasm(this.id, { memory: regionMemory(), code: backends.code.map((c) => c ?? null) });
  }

  /**
   * Runs region `k` over `prange(first, last, step)`: `rest` is the three seed slots (filled here), the
   * reductions' current values and the captured arguments. Returns the combined reductions.
   */
  run(k: number, fn: Region, first: number, last: number, ...rest: unknown[]): unknown[] | undefined {
    const meta = this.metas[k]!;
    const n = meta.reductions.length;
    const step = meta.step;
    const span = step > 0 ? last - first : first - last;
    const trips = span > 0 ? Math.ceil(span / Math.abs(step)) : 0;
    let seeds: [number, number, number] = [0, 0, 0];
    if (meta.random) {
      const [lo, hi] = seedWords(PRANGE_SEED.seed);
      seeds = [lo, hi, PRANGE_SEED.launches++ >>> 0];
    }
    // After the three seed slots, a strip region's empty strip slot (`outline.ts`).
    const strip = meta.strip > 0;
    const fixed = strip ? 4 : 3;
    const inits = rest.slice(fixed, fixed + n);
    const given = rest.slice(fixed + n);
    const identities = meta.reductions.map((r) => identityOf(r.kind, r.type));
    const threads = this.threaded ? getThreads() : 1;
    const deterministic = this.options.deterministic === true;
    const serial = threads === 1 || !(trips >= (this.options.minIterations ?? DEFAULT_MIN_ITERATIONS)) || !Number.isFinite(trips) || aliased(given, meta.written);
    // A call-long copy, once made, is the array for every later loop of the call, serial ones included.
    let captures = given;
    if (meta.callLong.length) {
      captures = [...given];
      for (const [j, param, serialWrites] of meta.callLong) captures[j] = this.calls.use(param, given[j], !serial, serialWrites || meta.written.includes(j), this.numbatCopies);
    }
    const code = this.wasmCode[k];
    const intoNumbat = code !== undefined && !code.numbatOnly;
    const shared = serial ? captures : captures.map((a, j) => (isTyped(a) && !(a.buffer instanceof SharedArrayBuffer) ? this.share(k, j, a, intoNumbat) : a));
    // Wasm reads arrays only in numbat memory: a run with any other (a serial run's ordinary array, a
    // SharedArrayBuffer of the user's) stays JavaScript, which reads them where they are. So does a call whose
    // arrays alias one the loop writes: a chunk rerun after a trap would read what the Wasm run wrote.
    const counts = new Int32Array(new SharedArrayBuffer(8));
    const stripsAt = code && !aliased(given, meta.written) && shared.every((a) => !isTyped(a) || inNumbatMemory(a.buffer)) ? (strip ? stripsFor(threads) : 0) : undefined;
    const wasm: WasmRun | undefined = stripsAt === undefined ? undefined
      : { fn: (this.wasmFns[k] ??= instantiateRegion(code!, regionMemory())), batch: strip ? stripAt(regionMemory(), stripsAt) : undefined, counts, saved: code!.saved };
    if (serial && !deterministic) {
      // One chunk from the current values: the serial loop itself.
      try {
        return invokeChunk(fn, wasm, strip, step, first, last, seeds, inits, captures);
      } catch (error) {
        throw this.located(k, fn, { first, last, step, strip, trips, seeds, identities, captures }, 0, trips, error);
      } finally {
        addWasmCounts(counts);
      }
    }
    const chunks = deterministic ? Math.min(DETERMINISTIC_CHUNKS, Math.max(1, Math.ceil(trips / 256))) : freeChunks(trips, threads);
    const job: RegionJob = {
      first, last, step, strip, trips, chunks, seeds, inits, identities, captures: shared,
      control: new Int32Array(new SharedArrayBuffer(4 * (CLAIM + threads))),
      partials: new Float64Array(new SharedArrayBuffer(Math.max(1, chunks * n) * 8)),
      message: new Uint16Array(new SharedArrayBuffer(1024)),
      ...(stripsAt !== undefined ? { wasm: { strips: stripsAt, counts } } : {}),
    };
    let failure: unknown;
    const deaths = pool.deaths();
    const seats = serial ? [] : pool.start(this.id, k, job, threads - 1);
    if (seats.length && pool.takeFault()) {
      // Liveness tests: a worker takes the first chunk (and dies with it) before this thread takes any.
      for (let t = 0; Atomics.load(job.control, NEXT) === 0 && t < 1000; t++) Atomics.wait(job.control, NEXT, 0, 10);
    }
    workChunks(fn, job, (error) => { failure = error; }, 0, wasm);
    const lost = awaitChunks(job, seats, deaths);
    addWasmCounts(counts);
    // Written arrays go back even after an error: the iterations that ran wrote them, as the plain loop would.
    for (const j of meta.written) {
      const original = captures[j];
      if (shared[j] !== original && isTyped(original)) {
        original.set(shared[j] as Float64Array);
        countCopy(false, original.byteLength);
      }
    }
    if (lost) throw this.workerExited(k, lost);
    const failed = Atomics.load(job.control, ABORT);
    if (failed !== 0) {
      const [t0, t1] = [Math.floor(((failed - 1) * trips) / chunks), Math.floor((failed * trips) / chunks)];
      const text = String.fromCharCode(...job.message.subarray(1, 1 + job.message[0]!));
      throw this.located(k, fn, { first, last, step, strip, trips, seeds, identities, captures }, t0, t1, failure ?? new Error(`prange: an iteration failed in a worker thread: ${text}`));
    }
    if (n === 0) return undefined;
    const out: unknown[] = [];
    for (let j = 0; j < n; j++) {
      const r = meta.reductions[j]!;
      const row = REDUCTIONS[r.kind];
      let acc: number | boolean = job.partials[j]!;
      for (let c = 1; c < chunks; c++) acc = row.combine(acc, job.partials[c * n + j]!);
      out.push(r.type === 'bool' ? acc !== 0 && acc !== false : acc);
    }
    return out;
  }

  /** The error of a run whose chunks died with a worker thread, naming the loop. */
  private workerExited(k: number, exited: ReadonlyArray<[number, number]>): Error {
    const oom = exited.some(([slot]) => pool.outOfMemory(slot));
    const who = exited.map(([slot, code]) => `worker thread ${slot} (exit code ${code}${pool.outOfMemory(slot) ? ', out of memory' : ''})`).join(', ') || 'a worker thread';
    return new Error(`prange: ${who} exited while running chunks of the prange loop at ${this.place(k)}; the call is abandoned ` +
      '(arrays it writes hold what the finished iterations wrote). The next call starts a new worker thread.' +
      (oom ? ' The thread ran out of JavaScript heap: iterations that allocate (arrays made in the loop body) need less memory each, or fewer at once.' : ''));
  }

  /** `file:line:column` of region `k`'s loop in the user's source. */
  place(k: number): string {
    const meta = this.metas[k]!;
    const where = locateError(new JitError('prange loop', { construct: 'prange loop', span: meta.where.span, source: meta.where.source, ...(meta.where.functionName ? { functionName: meta.where.functionName } : {}) }), meta.where.origin ?? (() => undefined));
    return `${where.file ?? meta.where.functionName ?? 'the compiled function'}:${where.line ?? '?'}:${where.column ?? '?'}`;
  }

  /**
   * A shared copy of `a` (argument `j` of region `k`), reusing the last one when it is the same size;
   * `numbat`: in numbat memory (a Wasm region's).
   */
  private share(k: number, j: number, a: Float64Array, numbat: boolean): Float64Array {
    return sharedCopy(this.scratch, `${k}:${j}`, a, numbat);
  }

  /**
   * The error of iterations [t0, t1), replayed one at a time on this thread to find the one that throws (a
   * region's iterations are independent: the race checks guarantee it, and random draws are keyed by the
   * iteration), marked with the iteration and the loop's position (`markIteration`). The replay writes into
   * copies of the arrays the loop writes: the run already applied those iterations' writes, and applying
   * `a[i] += 1` twice would leave the caller's array unlike the plain loop's. A replay that does not throw
   * again (its condition read a value the run had changed) leaves the iteration unnamed.
   */
  private located(k: number, fn: Region, job: Pick<RegionJob, 'first' | 'last' | 'step' | 'strip' | 'trips' | 'seeds' | 'identities' | 'captures'>, t0: number, t1: number, error: unknown): unknown {
    let thrown = error;
    let iteration: number | undefined;
    const written = this.metas[k]!.written;
    const captures = job.captures.map((a, j) => (written.includes(j) ? replayCopy(a) : a));
    const end = Number.isFinite(t1) ? t1 : t0 + 1e7;
    for (let t = t0; t < end; t++) {
      const v = job.first + t * job.step;
      try {
        invokeRegion(fn, job.strip, job.step, v, v + job.step, job.seeds, job.identities, captures);
      } catch (e) {
        thrown = e;
        iteration = v;
        break;
      }
    }
    if (thrown instanceof Error) markIteration(thrown, iteration, this.place(k));
    return thrown;
  }
}

/** A copy of a written array for a replay: typed arrays and plain arrays, a `number[][]`'s rows too. */
function replayCopy(a: unknown): unknown {
  if (isTyped(a)) return a.slice();
  if (Array.isArray(a)) return a.map((row: unknown) => (isTyped(row) || Array.isArray(row) ? row.slice() : row));
  return a;
}

/**
 * Marks an error thrown by a prange iteration. Its class and message stay plain JS's, so code that tests
 * `e.message` behaves as uncompiled; the iteration and the loop's `file:line:column` go into two
 * non-enumerable properties (so `assert.deepStrictEqual` against plain JS's error still holds) and into a
 * frame at the top of the stack, which is where a reader of an uncaught error looks.
 */
function markIteration(e: Error, iteration: number | undefined, place: string): void {
  const where = iteration === undefined ? 'an iteration' : `iteration ${iteration}`;
  Object.defineProperty(e, 'prangeIteration', { value: iteration, configurable: true, writable: true, enumerable: false });
  Object.defineProperty(e, 'prangeLoop', { value: place, configurable: true, writable: true, enumerable: false });
  const stack = typeof e.stack === 'string' ? e.stack : `${e.name}: ${e.message}`;
  const head = e.message === '' ? e.name : `${e.name}: ${e.message}`;
  const frame = `    at ${where} of the prange loop (${place})`;
  e.stack = stack.startsWith(head) ? `${head}\n${frame}${stack.slice(head.length)}` : `${stack}\n${frame}`;
}

/** The region runtime of each compiled entry with prange loops (`ParallelRuntime.entry`). */
const runtimes = new WeakMap<object, ParallelRuntime>();

/**
 * The region runtime behind a compiled entry, or `undefined` for one without prange loops.
 *
 * @example
 * ```ts
 * import { prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { runtimeOf } from './runtime.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const parallel = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * runtimeOf(parallel.fn)?.threaded; // → true
 * // Without `parallel`, prange loops run serially on the calling thread:
 * runtimeOf(compileSpecialization(sum, [{ kind: 'array', element: 'f64' }]).fn)?.threaded; // → false
 * // No prange loop, no region runtime:
 * runtimeOf(compileSpecialization((x: number) => x * 2, [{ kind: 'f64' }]).fn); // → undefined
 * ```
 */
export function runtimeOf(fn: object): ParallelRuntime | undefined {
  return runtimes.get(fn);
}

let batchOfThisThread: DrawBatch | undefined;

/** One draw batch per thread, shared by its specializations (a region runs to the end before another starts). */
function callerBatch(): DrawBatch {
  return (batchOfThisThread ??= new DrawBatch());
}

/**
 * The `$par` of code without parallel regions, and of the worker threads: Philox only.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { generateJS } from '../js/codegen.js';
 * import { instantiate } from '../js/runtime.js';
 * import { outlineRegions } from './outline.js';
 * import { workerRuntime } from './runtime.js';
 *
 * // A worker instantiates the generated source once; its `$par.regions([...])` line hands over the regions.
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const { module } = outlineRegions(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * const { source } = generateJS(module, { parallel: true });
 * const kept: Array<(...args: unknown[]) => unknown> = [];
 * instantiate(source, () => NaN, [], workerRuntime((regions) => kept.push(...regions)));
 * kept.length; // → 1
 * kept[0]!(0, 3, 0, 0, 0, 0, Float64Array.of(1, 2, 3, 4)); // → [ 6 ]
 * ```
 */
export function workerRuntime(keep: (regions: Region[]) => void): { batch: DrawBatch; late: typeof lateDraw; regions: (r: Region[]) => void; run: () => never } {
  return {
    batch: callerBatch(),
    late: lateDraw,
    regions: keep,
    run: () => {
      throw new Error('prange: a region started another region inside a worker thread');
    },
  };
}
