/**
 * Copies per call, not per loop. Worker threads see only shared memory, so an ordinary typed array a prange
 * loop uses is copied into a `SharedArrayBuffer` (and back if the loop writes it). A function with several
 * prange loops over the same array would pay that per loop; here the copy is made once per call of the
 * compiled function and copied back once, when the call ends (returning or throwing), for the arrays where
 * that is safe to decide at compile time:
 *
 * - the array is a parameter of the compiled function, never reassigned;
 * - outside its prange loops the function uses it only through `.length`, or only reads its elements while
 *   no loop writes it (then the original and the copy hold the same values all call long);
 * - and, checked per call, no other argument shares its buffer (`f(xs, xs.subarray(1))`), which would let a
 *   write through one miss the other's copy.
 *
 * Any other typed array is copied per loop as before (`runtime.ts`). Arrays on a `SharedArrayBuffer`, numbat
 * memory among them (`src/memory/`), are never copied. {@link copyStats} counts the copies, for tests and the
 * bench.
 *
 * @module
 */
import type { Expr, IRFunction } from '../ir.js';
import { walkIR } from '../ir.js';
import { plainElement } from '../types.js';

// ------------------------------------------------------------------------------------------ compile time

/**
 * The parameters of `entry` (by name) whose shared copy may last the whole call: see the module comment.
 * `regions` maps each region function's name to the arrays it writes.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions } from './outline.js';
 * import { callLongArrays } from './session.js';
 *
 * // Two loops read xs and write nothing: one copy of xs serves the whole call.
 * function pstd(xs: Float64Array) {
 *   let mean = 0;
 *   for (const i of prange(xs.length)) mean += xs[i]!;
 *   mean /= xs.length;
 *   let ms = 0;
 *   for (const i of prange(xs.length)) ms += (xs[i]! - mean) ** 2;
 *   return Math.sqrt(ms / xs.length);
 * }
 * const { module } = outlineRegions(lowerToIR(pstd, [{ kind: 'array', element: 'f64' }]));
 * const entry = module.functions[module.functions.length - 1]!;
 * callLongArrays(entry, new Map([['$region0', new Set()], ['$region1', new Set()]])); // → Set(1) { 'xs' }
 * ```
 */
export function callLongArrays(entry: IRFunction, regions: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const candidates = new Set(entry.params.filter((p) => p.type.kind === 'array' && !plainElement(p.type.element)).map((p) => p.name));
  const reads = new Set<string>();
  const blocked = new Set<string>();
  const writtenByLoops = new Set<string>();
  for (const written of regions.values()) for (const a of written) writtenByLoops.add(a);
  const arrayLocal = (e: Expr): string | undefined => (e.op === 'local' && candidates.has(e.name) ? e.name : undefined);
  // Every mention of a candidate, then the mentions that are harmless: a region's argument, `.length`, a load.
  const mentions = new Map<string, number>();
  const harmless = new Map<string, number>();
  const count = (m: Map<string, number>, name: string): void => { m.set(name, (m.get(name) ?? 0) + 1); };
  walkIR(entry.body, {
    stmt: (s) => { if (s.kind === 'assign' && candidates.has(s.name)) blocked.add(s.name); },
    expr: (e) => {
      const name = arrayLocal(e);
      if (name) count(mentions, name);
      if (e.op === 'call' && regions.has(e.callee)) {
        for (const a of e.args) { const n = arrayLocal(a); if (n) count(harmless, n); }
      }
      if (e.op === 'length') { const n = arrayLocal(e.array); if (n) count(harmless, n); }
      if (e.op === 'load') {
        const n = arrayLocal(e.array);
        if (n) { count(harmless, n); reads.add(n); }
      }
    },
  });
  const out = new Set<string>();
  for (const name of candidates) {
    if (blocked.has(name) || (mentions.get(name) ?? 0) !== (harmless.get(name) ?? 0)) continue;
    if (reads.has(name) && writtenByLoops.has(name)) continue;
    out.add(name);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ run time

type Typed = Float64Array;

const isTyped = (a: unknown): a is Typed => ArrayBuffer.isView(a) && !(a instanceof DataView);

interface Copy {
  readonly original: Typed;
  readonly copy: Typed;
  dirty: boolean;
}

const stats = { copiesIn: 0, copiesOut: 0, bytesIn: 0, bytesOut: 0 };

/**
 * How many typed arrays prange loops have copied into shared memory and back, on this thread, since the
 * process started (or the last `reset`).
 *
 * @example
 * ```ts
 * import { memoJit, prange } from 'numbat';
 * import { copyStats } from './session.js';
 *
 * const threads = memoJit.threads;
 * memoJit.threads = 2;
 * await memoJit.threadsReady();
 * const pstd = memoJit({ parallel: true })(function pstd(xs: Float64Array) {
 *   let mean = 0;
 *   for (const i of prange(xs.length)) mean += xs[i]!;
 *   mean /= xs.length;
 *   let ms = 0;
 *   for (const i of prange(xs.length)) ms += (xs[i]! - mean) ** 2;
 *   return Math.sqrt(ms / xs.length);
 * });
 * // Two loops over an ordinary Float64Array: copied into shared memory once for the call, never back.
 * const xs = Float64Array.from({ length: 10_000 }, (_, i) => i % 4);
 * copyStats(true);
 * pstd(xs);
 * copyStats(); // → { copiesIn: 1, copiesOut: 0, bytesIn: 80000, bytesOut: 0 }
 * memoJit.threads = threads;
 * ```
 */
export function copyStats(reset = false): { copiesIn: number; copiesOut: number; bytesIn: number; bytesOut: number } {
  const now = { ...stats };
  if (reset) stats.copiesIn = stats.copiesOut = stats.bytesIn = stats.bytesOut = 0;
  return now;
}

/**
 * Counts a copy into shared memory (`into`) or back: `runtime.ts` calls it for its per-loop copies.
 *
 * @example
 * ```ts
 * import { copyStats, countCopy } from './session.js';
 *
 * // runtime.ts's per-loop copies are counted here too.
 * copyStats(true);
 * countCopy(true, 800);
 * countCopy(false, 800);
 * copyStats(); // → { copiesIn: 1, copiesOut: 1, bytesIn: 800, bytesOut: 800 }
 * ```
 */
export function countCopy(into: boolean, bytes: number): void {
  if (into) { stats.copiesIn++; stats.bytesIn += bytes; } else { stats.copiesOut++; stats.bytesOut += bytes; }
}

/** The array buffers an argument holds directly or one level down (an `Array2D`'s data, an object's fields). */
function buffersOf(value: unknown, out: Set<ArrayBufferLike>, depth = 0): void {
  if (isTyped(value)) { out.add(value.buffer); return; }
  if (depth > 1 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    // Arrays of numbers (number[], the rows of number[][]) hold no buffers; look only where views could be.
    if (value.length && typeof value[0] === 'object') for (const v of value) buffersOf(v, out, depth + 1);
    return;
  }
  for (const v of Object.values(value)) buffersOf(v, out, depth + 1);
}

/**
 * The calls in progress of one compiled function with parallel regions: a stack, since the function may
 * call itself (through its dispatcher) from its serial code.
 *
 * @example
 * ```ts
 * import { CallCopies, copyStats } from './session.js';
 *
 * // Around one call, a region's use of an ordinary array gets a shared copy, written back when the call ends.
 * const calls = new CallCopies();
 * const xs = Float64Array.of(1, 2, 3);
 * const entry = calls.wrap((a: Float64Array) => {
 *   const shared = calls.use(0, a, true, true) as Float64Array;
 *   shared[0] = 10; // what a worker thread would write
 *   return shared.buffer instanceof SharedArrayBuffer;
 * });
 * copyStats(true);
 * entry(xs); // → true
 * xs; // → Float64Array(3) [ 10, 2, 3 ]
 * copyStats().copiesOut; // → 1
 * ```
 */
export class CallCopies {
  private readonly stack: Array<{ args: ArrayLike<unknown>; copies: Map<number, Copy> | undefined }> = [];
  /** Shared buffers reused from call to call, by nesting depth and parameter. */
  private readonly scratch = new Map<string, Typed>();

  /** `entry` with a call around it: copies made during the call go back when it ends. */
  wrap<F extends (...args: never[]) => unknown>(entry: F): F {
    const calls = this;
    return function (this: unknown, ...args: unknown[]): unknown {
      calls.stack.push({ args, copies: undefined });
      try {
        return (entry as unknown as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        calls.end();
      }
    } as unknown as F;
  }

  /**
   * The array a region uses for parameter `param` (whose argument is `original`): its copy for this call,
   * made now when `create` (the region runs on several threads) and no other argument shares its buffer;
   * otherwise `original`. `written`: the region writes it (it goes back when the call ends).
   */
  use(param: number, original: unknown, create: boolean, written: boolean): unknown {
    const call = this.stack[this.stack.length - 1];
    if (!call || !isTyped(original) || original.buffer instanceof SharedArrayBuffer || call.args[param] !== original) return original;
    let copy = call.copies?.get(param);
    if (!copy) {
      if (!create || this.sharesBuffer(call.args, param, original)) return original;
      const key = `${this.stack.length}:${param}`;
      let view = this.scratch.get(key);
      if (!view || view.constructor !== original.constructor || view.length !== original.length) {
        const Ctor = original.constructor as Float64ArrayConstructor;
        view = new Ctor(new SharedArrayBuffer(original.byteLength));
        this.scratch.set(key, view);
      }
      view.set(original);
      countCopy(true, original.byteLength);
      copy = { original, copy: view, dirty: false };
      (call.copies ??= new Map()).set(param, copy);
    }
    if (written) copy.dirty = true;
    return copy.copy;
  }

  private sharesBuffer(args: ArrayLike<unknown>, param: number, a: Typed): boolean {
    const others = new Set<ArrayBufferLike>();
    for (let k = 0; k < args.length; k++) if (k !== param) buffersOf(args[k], others);
    return others.has(a.buffer);
  }

  private end(): void {
    const call = this.stack.pop();
    if (!call?.copies) return;
    for (const c of call.copies.values()) {
      if (!c.dirty) continue;
      c.original.set(c.copy);
      countCopy(false, c.original.byteLength);
    }
  }
}
