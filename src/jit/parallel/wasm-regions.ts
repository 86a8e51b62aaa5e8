/**
 * prange regions in WebAssembly. When the Wasm backend compiles a region (the same routing as any
 * specialization, `wasm/index.ts`, asked about the region function), every thread runs that region's chunks in
 * its own instance of one module, all on numbat memory (one shared `WebAssembly.Memory`): an array already in
 * numbat memory is passed as its address, with no copy at all; an ordinary typed array is copied into numbat
 * memory once (per call or per loop, as `session.ts` decides for the JavaScript regions' shared copies).
 * Chunks, their order and the combining of reductions are `runtime.ts`'s, unchanged, so results are the
 * JavaScript regions' bit for bit (the Wasm backend computes JavaScript's values exactly), `deterministic`
 * included.
 *
 * A chunk whose Wasm code traps (an out-of-range read that JavaScript answers with `undefined`, an i64 value
 * past ±2^53) is run again from its start by the region's JavaScript code, which gives JavaScript's answer.
 * That is exact only because a chunk can be run twice. A region that reads no array it writes can: its writes
 * are a function of what it does not write. A region that reads an array it writes (`a[i] = a[i] * 2`; the race
 * rules of `outline.ts` allow such reads at the loop variable only, so a chunk reads only its own elements)
 * goes to Wasm too, and its chunks save first the elements of their own range of each such array (one copy
 * of the chunk's range per chunk, on the thread that runs it); a trap puts them back before the rerun. A
 * region that allocates arrays stays JavaScript: the Wasm backend's allocator bumps one `heap` pointer per
 * instance up to the memory's end, so the threads' arrays would overlap in the shared memory; a bound per
 * thread would have to be in that allocator (`wasm/gen-arrays.ts`, `arrayValue`). Draws numbered at compile time (`draws.ts`) are filled
 * by the Philox module straight into a strip of numbat memory per thread; a region with draws numbered at run
 * time stays JavaScript (the Wasm backend has no `Math.random`).
 *
 * Over 400 lines, with a reason: 291 of its lines are comments and checked `@example` modules; the code
 * (routing, instances, strips, chunk calls) is under 190 lines and shares one lifetime.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { walkIR, type IRFunction, type IRModule } from '../ir.js';
import { chooseBackend, type BackendOptions } from '../wasm/index.js';
import { allocate, deallocate, numbatMemory } from '../../memory/heap.js';
import { BATCH, DrawBatch } from './philox-wasm.js';
import { regionIndex, type RegionMeta } from './outline.js';
import { invokeRegion } from './strips.js';
import { branchlessCounts } from './branchless.js';

type Region = (...args: unknown[]) => unknown;

/**
 * One region's Wasm module, as every thread instantiates it (structured-cloneable: a compiled module, names
 * and flags).
 *
 * @example
 * ```ts
 * import { prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { runtimeOf } from './runtime.js';
 * import { regionBackends, type WasmRegionCode } from './wasm-regions.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * const region: WasmRegionCode = code[0]!;
 * // One reduction (s), a number; the module imports JS's `%` as `mod`:
 * [region.imports, region.bools, region.numbatOnly]; // → [ [ 'mod' ], [ false ], false ]
 * ```
 */
export interface WasmRegionCode {
  readonly module: WebAssembly.Module;
  /** The module's `Math` imports by import name (`hypot_3` is `Math.hypot`; `mod` is JS `%`). */
  readonly imports: readonly string[];
  /** Per returned reduction, whether it is a boolean (Wasm returns 0/1). */
  readonly bools: readonly boolean[];
  /** `'auto'` chose Wasm for loops in lanes on numbat memory: a run with an array outside it stays JavaScript. */
  readonly numbatOnly: boolean;
  /**
   * Per parameter of the region function, how it crosses into Wasm: an array as its address and length, a
   * boolean as 0/1, a number as itself (the call wrapper is written for them, `instantiateRegion`).
   */
  readonly params: ReadonlyArray<'array' | 'bool' | 'number'>;
  /** Positions among the region function's parameters of the arrays it reads and writes (saved per chunk). */
  readonly saved: readonly number[];
}

/**
 * Each region's Wasm code (or `undefined`: it runs as JavaScript) and, per region, which backend runs it and
 * why (what `inspect()` shows).
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
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * lines; // → [ "Wasm on every thread, on numbat memory — backend: 'wasm' was requested and the function is in the Wasm subset" ]
 * code.length; // → 1
 * ```
 */
export interface RegionBackends {
  readonly code: ReadonlyArray<WasmRegionCode | undefined>;
  readonly lines: readonly string[];
}

/** The names of the arrays region `f` both writes and reads (at the loop variable: `outline.ts`). */
function rereadArrays(f: IRFunction): Set<string> {
  const written = new Set<string>();
  walkIR(f.body, { stmt: (s) => { if (s.kind === 'store' && s.array.op === 'local') written.add(s.array.name); } });
  const reread = new Set<string>();
  walkIR(f.body, { expr: (e) => { if (e.op === 'load' && e.array.op === 'local' && written.has(e.array.name)) reread.add(e.array.name); } });
  return reread;
}

/** Why region `f` cannot run in Wasm whatever the backend says, or `undefined`. */
function blocked(f: IRFunction, module: IRModule): string | undefined {
  if (f.params.some((p) => p.type.kind === 'matrix')) return 'it reads a number[][], which the serial Wasm backend packs per call (wasm/nested.ts); a region takes arrays in numbat memory';
  let random = false;
  walkIR(f.body, { expr: (e) => { if (e.op === 'random') random = true; } });
  if (random) return 'a draw is numbered at run time (under if, in a loop, after such a draw), and Wasm has no Math.random; draws numbered at compile time are filled into numbat memory';
  const byName = new Map(module.functions.map((g) => [g.name, g]));
  let allocates = false;
  const seen = new Set<string>();
  const visit = (g: IRFunction): void => {
    if (seen.has(g.name)) return;
    seen.add(g.name);
    walkIR(g.body, {
      expr: (e) => {
        if (e.op === 'newArray') allocates = true;
        if (e.op === 'call') { const callee = byName.get(e.callee); if (callee) visit(callee); }
      },
    });
  };
  visit(f);
  if (allocates) return 'it makes arrays (the Wasm allocator has one heap pointer per instance, not a bounded heap per thread in the shared memory)';
  // Only the region's own parameters are saved before a chunk: an array it writes that is not one of them
  // (none today: outline.ts passes every array in) keeps the region in JavaScript.
  const params = new Set(f.params.map((p) => p.name));
  const unsaved = [...rereadArrays(f)].find((name) => !params.has(name));
  if (unsaved) return `it reads '${unsaved}', which it writes, and '${unsaved}' is not one of its parameters, whose chunk ranges are saved`;
  return undefined;
}

const unused: AnyFunction = () => {
  throw new Error('prange: a Wasm region is called through the region runtime only');
};

/**
 * Decides, per region of `lowered` (the IR as outlined, before the JavaScript backend's passes), whether its
 * chunks run in Wasm: the region function is given to the Wasm backend's routing (`chooseBackend`) with the
 * specialization's backend options, after the two conditions of the module comment.
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
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * lines[0]; // → "Wasm on every thread, on numbat memory — backend: 'wasm' was requested…"
 * // With backend 'js' every region stays JavaScript:
 * regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'js' }).code; // → [ undefined ]
 * ```
 */
export function regionBackends(lowered: IRModule, metas: readonly RegionMeta[], options: BackendOptions): RegionBackends {
  const entry = lowered.functions[lowered.functions.length - 1]!;
  const code: Array<WasmRegionCode | undefined> = [];
  const lines: string[] = [];
  metas.forEach((_, k) => {
    const f = lowered.functions.find((g) => regionIndex(g) === k)!;
    const why = options.backend === 'js' ? undefined : blocked(f, lowered);
    if (why) {
      code.push(undefined);
      lines.push(`JavaScript on every thread — not Wasm: ${why}`);
      return;
    }
    // The region alone, as the entry of a module with the functions it may call (not the entry, which calls it).
    // Its counters under `if` straight-line, as the JavaScript regions have them (`branchless.ts`).
    const sub: IRModule = { ...lowered, entry: f.name, functions: [...lowered.functions.filter((g) => g !== entry && g !== f), branchlessCounts(f)] };
    const choice = chooseBackend(sub, unused, options, false);
    if (choice.backend !== 'wasm' || !choice.stored) {
      code.push(undefined);
      lines.push(`JavaScript on every thread — ${choice.reason}`);
      return;
    }
    const bools = f.returnType.kind === 'tuple' ? f.returnType.items.map((t) => t.kind === 'bool') : [];
    const params = f.params.map((p): WasmRegionCode['params'][number] => (p.type.kind === 'array' ? 'array' : p.type.kind === 'bool' ? 'bool' : 'number'));
    const reread = rereadArrays(f);
    const saved = f.params.flatMap((p, j) => (reread.has(p.name) ? [j] : []));
    code.push({ module: new WebAssembly.Module(Buffer.from(choice.stored.bytes, 'base64')), imports: choice.stored.meta.imports, bools, numbatOnly: choice.stored.numbatOnly, params, saved });
    lines.push(`Wasm on every thread, on numbat memory — ${choice.reason}`);
  });
  return { code, lines };
}

// ------------------------------------------------------------------------------------------ run time

/**
 * Instantiates a region's module on `memory` and returns it with the calling convention of the region's
 * JavaScript function: typed arrays (in numbat memory) become address and length, booleans 0/1, and the
 * result is the reductions' tuple.
 *
 * @example
 * ```ts
 * import { f64, prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { runtimeOf } from './runtime.js';
 * import { instantiateRegion, regionBackends, regionMemory } from './wasm-regions.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * const region = instantiateRegion(code[0]!, regionMemory());
 * // (lo, hi, three seed words, the reduction's start, the array in numbat memory): the sum of xs[0..4)
 * region(0, 4, 0, 0, 0, 0, f64([1, 2, 3, 4])); // → [ 10 ]
 * ```
 */
export function instantiateRegion(code: WasmRegionCode, memory: WebAssembly.Memory): Region {
  const math: Record<string, (...a: number[]) => number> = { mod: (a, b) => a % b };
  for (const name of code.imports) {
    if (name !== 'mod') math[name] = (Math as unknown as Record<string, (...a: number[]) => number>)[name.startsWith('hypot_') ? 'hypot' : name]!;
  }
  const entry = new WebAssembly.Instance(code.module, { Math: math, env: { memory } }).exports['entry'] as (...a: number[]) => unknown;
  return regionCaller(code.params, code.bools)(entry);
}

/**
 * The wrapper that calls a region's Wasm entry with the JavaScript region's arguments, written for its
 * parameter kinds: a call of fixed arity from an optimized function, where V8 inlines the JS-to-Wasm
 * transition. (A generic wrapper that flattened the arguments into an array and spread it cost about 0.6 ns
 * per π point, a strip's call per 1,024 points; paired, CPU time, this machine.)
 */
function regionCaller(params: WasmRegionCode['params'], bools: readonly boolean[]): (entry: (...a: number[]) => unknown) => Region {
  const args = params.map((_, j) => `a${j}`);
  const flat = params.flatMap((kind, j) => (kind === 'array' ? [`a${j}.byteOffset`, `a${j}.length`] : kind === 'bool' ? [`(a${j} ? 1 : 0)`] : [`a${j}`]));
  // One result comes back as the value itself, several as an array; booleans come back as 0/1.
  const item = (v: string, j: number): string => (bools[j] ? `${v} !== 0` : v);
  const result = bools.length === 0 ? 'return undefined;'
    : bools.length === 1 ? `return [${item('r', 0)}];`
      : `return [${bools.map((_, j) => item(`r[${j}]`, j)).join(', ')}];`;
  return new Function('entry', `return function region(${args.join(', ')}) { const r = entry(${flat.join(', ')}); ${result} };`) as (entry: (...a: number[]) => unknown) => Region;
}

/** Bytes of one thread's strip: draws 0 and 1 of `BATCH` iterations. */
export const STRIP_BYTES = 16 * BATCH;

/**
 * What one thread needs to run a job's chunks in Wasm: the region, its strip, and the job's counters
 * (`[chunks run in Wasm, chunks rerun in JavaScript after a trap]`, shared by the threads).
 *
 * @example
 * ```ts
 * import { f64, prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { runtimeOf } from './runtime.js';
 * import { instantiateRegion, invokeChunk, regionBackends, regionMemory, type WasmRun } from './wasm-regions.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * const wasm = instantiateRegion(code[0]!, regionMemory());
 * // The chunk counters a job shares between threads: [chunks run in Wasm, Wasm traps rerun in JS]; no
 * // parameter is both read and written, so no chunk range is saved.
 * const run: WasmRun = { fn: wasm, batch: undefined, counts: new Int32Array(new SharedArrayBuffer(8)), saved: [] };
 * const js = (lo: number, hi: number, _a: number, _b: number, _c: number, s: number, xs: Float64Array) => {
 *   for (let i = lo; i < hi; i++) s += xs[i]!;
 *   return [s];
 * };
 * invokeChunk(js as Parameters<typeof invokeChunk>[0], run, false, 1, 0, 4, [0, 0, 0], [0], [f64([1, 2, 3, 4])]); // → [ 10 ]
 * run.counts; // → Int32Array(2) [ 1, 0 ]
 * ```
 */
export interface WasmRun {
  readonly fn: Region;
  readonly batch: DrawBatch | undefined;
  readonly counts: Int32Array;
  /** `WasmRegionCode.saved`: the parameters whose chunk range is saved before the chunk runs in Wasm. */
  readonly saved: readonly number[];
}

const strips = new Map<number, DrawBatch>();
let stripMemory: WebAssembly.Memory | undefined;

/**
 * This thread's draw batch writing at byte `base` of `memory` (one per strip position, made once).
 *
 * @example
 * ```ts
 * import { regionMemory, stripAt, stripsFor } from './wasm-regions.js';
 *
 * // The draw strip of seat 0 (the calling thread), as a region drawing Math.random reads it:
 * const strip = stripAt(regionMemory(), stripsFor(2));
 * strip === stripAt(regionMemory(), stripsFor(2)); // → true
 * ```
 */
export function stripAt(memory: WebAssembly.Memory, base: number): DrawBatch {
  if (stripMemory !== memory) {
    strips.clear();
    stripMemory = memory;
  }
  let batch = strips.get(base);
  if (!batch) strips.set(base, (batch = new DrawBatch({ memory, base })));
  return batch;
}

let stripBlock: { at: number; seats: number } | undefined;

/**
 * The first byte of the strips of `seats` threads in numbat memory (seat `s` at `+ s · STRIP_BYTES`), kept
 * from job to job and grown when more threads take part. Calling thread only.
 *
 * @example
 * ```ts
 * import { STRIP_BYTES, stripsFor } from './wasm-regions.js';
 * import { getThreads } from './runtime.js';
 *
 * // One strip per seat in numbat memory, seat k's at base + k * STRIP_BYTES; the block only grows.
 * const base = stripsFor(getThreads());
 * stripsFor(1) === base; // → true
 * STRIP_BYTES % 16; // → 0
 * ```
 */
export function stripsFor(seats: number): number {
  if (!stripBlock || stripBlock.seats < seats) {
    if (stripBlock) deallocate(stripBlock.at);
    stripBlock = { at: allocate(STRIP_BYTES * seats, false), seats };
  }
  return stripBlock.at;
}

/**
 * Runs one chunk (or the whole loop, or one strip) in Wasm when `wasm` is given, and again from its start in
 * JavaScript if the Wasm code traps; in JavaScript otherwise. Arguments as {@link invokeRegion}'s.
 *
 * @example
 * ```ts
 * import { f64, prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { runtimeOf } from './runtime.js';
 * import { instantiateRegion, invokeChunk, regionBackends, regionMemory, type WasmRun } from './wasm-regions.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * const wasm = instantiateRegion(code[0]!, regionMemory());
 * // The chunk counters a job shares between threads: [chunks run in Wasm, Wasm traps rerun in JS].
 * const run: WasmRun = { fn: wasm, batch: undefined, counts: new Int32Array(new SharedArrayBuffer(8)), saved: [] };
 * const js = (lo: number, hi: number, _a: number, _b: number, _c: number, s: number, xs: Float64Array) => {
 *   for (let i = lo; i < hi; i++) s += xs[i]!;
 *   return [s];
 * };
 * invokeChunk(js as Parameters<typeof invokeChunk>[0], run, false, 1, 0, 4, [0, 0, 0], [0], [f64([1, 2, 3, 4])]); // → [ 10 ]
 * run.counts; // → Int32Array(2) [ 1, 0 ]
 * ```
 */
export function invokeChunk(
  js: Region, wasm: WasmRun | undefined, strip: boolean, step: number, lo: number, hi: number,
  seeds: readonly [number, number, number], inits: readonly unknown[], captures: readonly unknown[],
): unknown[] | undefined {
  if (wasm) {
    // Region parameters: lo, hi, three seed words, the strip (if any), the reductions, then the captures.
    const first = (strip ? 6 : 5) + inits.length;
    const saves = wasm.saved.length ? wasm.saved.map((p) => saveRange(captures[p - first] as Float64Array, step, lo, hi)) : undefined;
    try {
      const result = invokeRegion(wasm.fn, strip, step, lo, hi, seeds, inits, captures, wasm.batch);
      Atomics.add(wasm.counts, 0, 1);
      return result;
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      // The iterations before the trap may have rewritten elements they read: back to what the chunk started from.
      if (saves) for (const { array, from, elements } of saves) array.set(elements, from);
      Atomics.add(wasm.counts, 1, 1);
    }
  }
  return invokeRegion(js, strip, step, lo, hi, seeds, inits, captures);
}

/**
 * A copy of the elements of `array` that iterations `lo, lo + step, …` before `hi` may write (the race rules
 * allow writes at the loop variable only): the whole index range between the chunk's first and last values,
 * clipped to the array. Other chunks' values lie outside it, so putting it back touches nothing of theirs.
 */
function saveRange(array: Float64Array, step: number, lo: number, hi: number): { array: Float64Array; from: number; elements: Float64Array } {
  // Integer indices i with lo ≤ i < hi (step > 0) or hi < i ≤ lo (step < 0): never hi, the next chunk's first.
  const [start, end] = step > 0 ? [Math.ceil(lo), Math.ceil(hi)] : [Math.floor(hi) + 1, Math.floor(lo) + 1];
  const from = Math.min(array.length, Math.max(0, start));
  const to = Math.max(from, Math.min(array.length, end));
  return { array, from, elements: array.slice(from, to) };
}

const totals = { chunks: 0, traps: 0 };

/**
 * How many chunks of prange loops ran in Wasm since the process started (or the last `reset`), over every
 * thread, and how many of them trapped and were run again in JavaScript: for tests and the bench.
 *
 * @example
 * ```ts
 * import { f64, memoJit, prange } from 'numbat';
 * import { wasmRegionStats } from './wasm-regions.js';
 *
 * const psum = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(function psum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * });
 * const before = wasmRegionStats().chunks;
 * psum(f64(Array.from({ length: 10_000 }, (_, i) => i))); // → 49995000
 * wasmRegionStats().chunks > before; // → true
 * ```
 */
export function wasmRegionStats(reset = false): { chunks: number; traps: number } {
  const now = { ...totals };
  if (reset) totals.chunks = totals.traps = 0;
  return now;
}

/**
 * Adds a finished job's counters to the totals (calling thread, after the job).
 *
 * @example
 * ```ts
 * import { addWasmCounts, wasmRegionStats } from './wasm-regions.js';
 *
 * // A finished job's counters (2 chunks in Wasm, no trap) go into the process totals:
 * const before = wasmRegionStats();
 * addWasmCounts(Int32Array.of(2, 0));
 * wasmRegionStats().chunks - before.chunks; // → 2
 * ```
 */
export function addWasmCounts(counts: Int32Array): void {
  totals.chunks += Atomics.load(counts, 0);
  totals.traps += Atomics.load(counts, 1);
}

/**
 * The memory Wasm regions run on: numbat memory on the calling thread; a worker is handed it with the
 * specialization (`worker.ts`).
 *
 * @example
 * ```ts
 * import { f64, prange } from 'numbat';
 * import { compileSpecialization } from 'numbat/internals';
 * import { runtimeOf } from './runtime.js';
 * import { instantiateRegion, regionBackends, regionMemory } from './wasm-regions.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const compiled = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }], undefined, { parallel: true });
 * const { code, lines } = regionBackends(compiled.lowered!, runtimeOf(compiled.fn)!.metas, { backend: 'wasm' });
 * const region = instantiateRegion(code[0]!, regionMemory());
 * // (lo, hi, three seed words, the reduction's start, the array in numbat memory): the sum of xs[0..4)
 * region(0, 4, 0, 0, 0, 0, f64([1, 2, 3, 4])); // → [ 10 ]
 * ```
 */
export function regionMemory(): WebAssembly.Memory {
  return numbatMemory();
}
