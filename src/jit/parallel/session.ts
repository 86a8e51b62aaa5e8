/**
 * Copies per call, not per loop. Worker threads see only shared memory, so an ordinary typed array a prange
 * loop uses is copied into a `SharedArrayBuffer` (and back if the loop writes it). A function with several
 * prange loops over the same array would pay that per loop; here the copy is made once per call of the
 * compiled function and copied back once, when the call ends (returning or throwing), for the arrays where
 * that is safe to decide at compile time:
 *
 * - the array is a parameter of the compiled function, never reassigned;
 * - outside its prange loops the function uses it only to read or write elements and through `.length`, or
 *   passes it to a function compiled with it (a helper in the same module) that does only that with it, or
 *   passes it on to another such helper: it never reaches a variable, a field, a method or a return value,
 *   where the copy could outlive the call or be told apart from the original;
 * - and, checked per call, no other argument shares its buffer (`f(xs, xs.subarray(1))`), which would let a
 *   write through one miss the other's copy.
 *
 * Serial code between the loops works on the copy: after each loop the generated code sets the parameter's
 * variable to the array that loop used (`$par.held`, `codegen.ts`), so the copy, once made, is the array for
 * the rest of the call, and what serial code writes goes back with it when the call ends. Before the first
 * copy, serial code works on the original, whose values the copy then starts from.
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
import { allocate, currentBuffer, deallocate, inNumbatMemory } from '../../memory/heap.js';

// ------------------------------------------------------------------------------------------ compile time

/**
 * The parameters of `entry` (by name) whose shared copy may last the whole call (see the module comment),
 * each with whether serial code writes its elements (then its copy goes back when the call ends even if no
 * loop writes it). `regions` holds the region functions' names.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions } from './outline.js';
 * import { callLongArrays } from './session.js';
 *
 * // Two loops read xs and nothing writes it: one copy of xs serves the whole call (false: not written back).
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
 * callLongArrays(entry, new Set(['$region0', '$region1'])); // → Map(1) { 'xs' => false }
 * ```
 */
export function callLongArrays(entry: IRFunction, regions: ReadonlySet<string>, functions: readonly IRFunction[] = []): Map<string, boolean> {
  const byName = new Map(functions.map((f) => [f.name, f]));
  const uses = new Map<string, ParamUse>();
  const candidates = new Set(entry.params.filter((p) => p.type.kind === 'array' && !plainElement(p.type.element)).map((p) => p.name));
  const blocked = new Set<string>();
  const serialWrites = new Set<string>();
  const arrayLocal = (e: Expr): string | undefined => (e.op === 'local' && candidates.has(e.name) ? e.name : undefined);
  // Every mention of a candidate, then the mentions that are harmless: a region's argument, `.length`, a load, a store.
  const mentions = new Map<string, number>();
  const harmless = new Map<string, number>();
  const count = (m: Map<string, number>, name: string): void => { m.set(name, (m.get(name) ?? 0) + 1); };
  walkIR(entry.body, {
    stmt: (s) => {
      if (s.kind === 'assign' && candidates.has(s.name)) blocked.add(s.name);
      if (s.kind === 'store') {
        const n = arrayLocal(s.array);
        if (n) { count(harmless, n); serialWrites.add(n); }
      }
    },
    expr: (e) => {
      const name = arrayLocal(e);
      if (name) count(mentions, name);
      if (e.op === 'call' && regions.has(e.callee)) {
        for (const a of e.args) { const n = arrayLocal(a); if (n) count(harmless, n); }
      } else if (e.op === 'call' && byName.has(e.callee)) {
        // A helper that only reads or writes the elements: harmless, and a write counts as serial code's own.
        e.args.forEach((a, j) => {
          const n = arrayLocal(a);
          if (!n) return;
          const use = paramUse(byName.get(e.callee)!, j, byName, uses);
          if (use === 'escapes') return;
          count(harmless, n);
          if (use === 'writes') serialWrites.add(n);
        });
      }
      if (e.op === 'length') { const n = arrayLocal(e.array); if (n) count(harmless, n); }
      if (e.op === 'load') {
        const n = arrayLocal(e.array);
        if (n) count(harmless, n);
      }
    },
  });
  const out = new Map<string, boolean>();
  for (const name of candidates) {
    if (blocked.has(name) || (mentions.get(name) ?? 0) !== (harmless.get(name) ?? 0)) continue;
    out.set(name, serialWrites.has(name));
  }
  return out;
}

/** What a function does with one of its array parameters: only reads elements, also writes them, or more. */
type ParamUse = 'reads' | 'writes' | 'escapes';

/**
 * What `g` does with its parameter number `index`: `reads` or `writes` when every mention of it is a `.length`,
 * an element read or write, or an argument to a helper that in turn only reads or writes it; else `escapes`.
 * `memo` holds the answers by `function:index`; a helper reached again while its answer is being worked out
 * (recursion) counts as `escapes` (an answer assumed there could be cached wrong for the other helpers).
 */
function paramUse(g: IRFunction, index: number, byName: ReadonlyMap<string, IRFunction>, memo: Map<string, ParamUse>): ParamUse {
  const key = `${g.name}:${index}`;
  const known = memo.get(key);
  if (known) return known;
  memo.set(key, 'escapes');
  const name = g.params[index]?.name;
  let mentions = 0, harmless = 0;
  let use: ParamUse = 'reads';
  const mine = (e: Expr): boolean => e.op === 'local' && e.name === name;
  walkIR(g.body, {
    stmt: (s) => {
      if (s.kind === 'assign' && s.name === name) use = 'escapes';
      if (s.kind === 'store' && mine(s.array)) { harmless++; if (use !== 'escapes') use = 'writes'; }
    },
    expr: (e) => {
      if (mine(e)) mentions++;
      if ((e.op === 'length' || e.op === 'load') && mine(e.array)) harmless++;
      if (e.op === 'call' && byName.has(e.callee)) {
        e.args.forEach((a, j) => {
          if (!mine(a)) return;
          const inner = paramUse(byName.get(e.callee)!, j, byName, memo);
          if (inner === 'escapes') return;
          harmless++;
          if (inner === 'writes' && use !== 'escapes') use = 'writes';
        });
      }
    },
  });
  const answer: ParamUse = name === undefined || mentions !== harmless ? 'escapes' : use;
  memo.set(key, answer);
  return answer;
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

/**
 * `a`'s values in shared memory: the view kept in `scratch` under `key` when it has `a`'s type and length
 * (and is in numbat memory if `numbat`, where Wasm regions read it), else a new one, which replaces it there.
 * Counted as a copy in.
 *
 * @example
 * ```ts
 * import { sharedCopy } from './session.js';
 *
 * const scratch = new Map();
 * const xs = Float64Array.of(1, 2, 3);
 * const copy = sharedCopy(scratch, '0:1', xs, false);
 * copy.buffer instanceof SharedArrayBuffer; // → true
 * Array.from(copy); // → [ 1, 2, 3 ]
 * // A later call with an array of the same type and length reuses the view:
 * sharedCopy(scratch, '0:1', Float64Array.of(4, 5, 6), false) === copy; // → true
 * ```
 */
export function sharedCopy(scratch: Map<string, Typed>, key: string, a: Typed, numbat: boolean): Typed {
  let view = scratch.get(key);
  if (!view || view.constructor !== a.constructor || view.length !== a.length || inNumbatMemory(view.buffer) !== numbat) {
    if (view && inNumbatMemory(view.buffer)) deallocate(view.byteOffset);
    const Ctor = a.constructor as Float64ArrayConstructor;
    if (numbat) {
      // Allocated first: allocating may grow the memory, which makes a new, longer buffer.
      const at = allocate(Math.max(1, a.byteLength), false);
      view = new Ctor(currentBuffer(), at, a.length);
    } else view = new Ctor(new SharedArrayBuffer(a.byteLength));
    scratch.set(key, view);
  }
  view.set(a);
  countCopy(true, a.byteLength);
  return view;
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
   * otherwise `original`. `written`: the region writes it (it goes back when the call ends). `numbat`: make
   * the copy in numbat memory (Wasm regions read it there).
   */
  use(param: number, original: unknown, create: boolean, written: boolean, numbat = false): unknown {
    const call = this.stack[this.stack.length - 1];
    let copy = call?.copies?.get(param);
    // Serial code holds the copy after the first loop that made it (`held`): it is this call's copy.
    if (copy && copy.copy === original) {
      if (written) copy.dirty = true;
      return original;
    }
    if (!call || !isTyped(original) || original.buffer instanceof SharedArrayBuffer || call.args[param] !== original) return original;
    if (!copy) {
      if (!create || this.sharesBuffer(call.args, param, original)) return original;
      const view = sharedCopy(this.scratch, `${this.stack.length}:${param}`, original, numbat);
      copy = { original, copy: view, dirty: false };
      (call.copies ??= new Map()).set(param, copy);
    }
    if (written) copy.dirty = true;
    return copy.copy;
  }

  /**
   * The array serial code should use for parameter `param` from now on: this call's copy once a loop has made
   * it, else `current` (generated code assigns it back to the parameter after each loop).
   */
  held(param: number, current: unknown): unknown {
    const copy = this.stack[this.stack.length - 1]?.copies?.get(param);
    return copy && copy.original === current ? copy.copy : current;
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
