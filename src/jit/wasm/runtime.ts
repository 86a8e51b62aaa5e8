/**
 * The Wasm backend's runtime: instantiates a generated module against the shared memory (`memory.ts`) and V8's
 * own `Math` functions, and wraps its entry in a JS function with the original's calling convention.
 *
 * Per call, each typed array argument is copied into linear memory (one in numbat memory that the code only reads
 * is used in place, `zero-copy.ts`, and one it writes too when no call of the module can trap, `trapFree`), and back after the call when the code may write it (`inspect()` says so,
 * per argument). That makes the Wasm call transactional: nothing the caller can see
 * changes until it returns. So when the Wasm code traps (an out-of-range read that JS would answer with
 * `undefined`, an i64 value leaving ±2^53, a function falling off its end), the same call runs on the JS
 * backend from the untouched arguments, and the caller gets exactly the JS result. Arrays sharing one buffer
 * (the same array twice, or views of one buffer) run on the JS backend too, since copies would hide their aliasing.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { ARRAY_CONSTRUCTORS } from '../types.js';
import { encodeModule } from './encode.js';
import { release, scratch, wasmMemory } from './memory.js';
import { adoptCopy } from '../../memory/index.js';
import { currentBuffer, heapEnd, inNumbatMemory, leavesRoom, noteScratch } from '../../memory/heap.js';
import { WASM_ELEMENTS, type WasmElementRow } from './tables.js';
import type { GeneratedWasm } from './codegen-types.js';
import { lengthShadowed } from '../dispatch/typed.js';
import { RANDOM_GLOBALS } from './gen-random.js';
import { RANDOM_STATE } from '../random.js';
import { measureNested, packNested, sharedRows, unpackNested } from './nested.js';

type View = ArrayLike<number> & { set(a: ArrayLike<number>): void; readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number; readonly length: number };
type ViewCtor = new (buffer: ArrayBufferLike, offset: number, length: number) => View;

/**
 * Counters of one Wasm specialization, for `inspect()` and tests.
 *
 * @example
 * ```ts
 * import type { WasmRunStats } from './runtime.js';
 *
 * // Ten calls, one of which trapped (and was answered by the JS backend); 800 bytes copied in.
 * const stats: WasmRunStats = { calls: 10, traps: 1, aliased: 0, bytesIn: 800, bytesOut: 0, onJs: false, args: [] };
 * ```
 */
export interface WasmRunStats {
  /** Calls that ran in Wasm to the end. */
  calls: number;
  /** Calls whose Wasm code trapped and that the JS backend then answered. */
  traps: number;
  /** Calls with arrays sharing a buffer, answered by the JS backend. */
  aliased: number;
  /** Bytes copied into linear memory, and back out, over all calls. */
  bytesIn: number;
  bytesOut: number;
  /** True once traps exceeded the limit: every later call goes to the JS backend. */
  onJs: boolean;
  /** No call can trap, so written arrays in numbat memory are used in place (absent: copied)... */
  trapFree?: boolean;
  /** ...unless a `number[][]` is written too: a row refusing its write back must leave the arguments untouched. */
  nestedWrites?: boolean;
  /**
   * Calls `'auto'` sent to the JS backend because an array argument was outside numbat memory (only for a
   * specialization chosen for its vector loops on numbat memory, `index.ts`); absent otherwise.
   */
  outside?: number;
  /**
   * Calls with a `number[][]` argument Wasm does not take (ragged rows, a non-number element, rows shared in a
   * call that writes: `nested.ts`; a row that refused the written values back), answered by the JS backend;
   * absent without such parameters.
   */
  nestedOnJs?: number;
  /** Per array parameter: whether the code may write it, and how many calls used it in place or copied it. */
  args: Array<{ readonly name: string; readonly written: boolean; inPlace: number; copied: number }>;
}

/**
 * Totals over every Wasm specialization of the process: calls that ran in Wasm to the end, and calls whose
 * Wasm code trapped and that the JS backend answered (what the differential tests report).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { WASM_TOTALS } from './runtime.js';
 *
 * const before = WASM_TOTALS.calls;
 * const twice = memoJit({ backend: 'wasm' })(function twice(x: number) { return 2 * x; });
 * twice(21);
 * WASM_TOTALS.calls - before; // → 1
 * ```
 */
export const WASM_TOTALS = { calls: 0, traps: 0 };

/**
 * Instantiates `gen` and returns the entry wrapped for JS callers; `js` is the same specialization on the JS
 * backend (the answer when Wasm traps). After `trapLimit` trapping calls every call goes to `js`.
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import { instantiateWasm } from './runtime.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const f64 = [{ kind: 'array', element: 'f64' }] as const;
 * const { fn: jsEntry } = compileSpecialization(sum, f64);
 * // After 8 trapping calls, every call goes to the JS entry.
 * const { fn, stats } = instantiateWasm(generateWasm(lowerToIR(sum, f64)), jsEntry, 8);
 * fn(new Float64Array([1, 2, 3])); // → 6
 * stats.calls; // → 1
 * ```
 */
export function instantiateWasm(gen: GeneratedWasm, js: AnyFunction, trapLimit: number, numbatOnly = false): { fn: AnyFunction; stats: WasmRunStats; bytes: Uint8Array<ArrayBuffer> } {
  const bytes = encodeModule(gen.module);
  return { ...instantiateBytes(bytes, wasmMeta(gen), js, trapLimit, numbatOnly), bytes };
}

/**
 * What the wrapper of a Wasm entry needs besides the module's bytes: the persistent cache stores it beside them
 * (`cache/compile.ts`), so a cached Wasm specialization is instantiated without generating anything.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import { wasmMeta, type WasmMeta } from './runtime.js';
 *
 * function norm(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s = Math.hypot(s, xs[i]!);
 *   return s;
 * }
 * const meta: WasmMeta = wasmMeta(generateWasm(lowerToIR(norm, [{ kind: 'array', element: 'f64' }])));
 * [meta.imports.some((name) => name.startsWith('hypot')), meta.writes, meta.written]; // → [ true, false, [ false ] ]
 * ```
 */
export interface WasmMeta {
  /** The imported `Math` functions by import name (`hypot_3` is `Math.hypot`; `mod` is JS `%`). */
  readonly imports: readonly string[];
  readonly params: GeneratedWasm['params'];
  readonly result: GeneratedWasm['result'];
  readonly writes: boolean;
  readonly names: readonly string[];
  readonly written: readonly boolean[];
  /** No call can trap: written arrays in numbat memory are used in place (absent in older cache entries: copied). */
  readonly trapFree?: boolean;
  /** The entry returns this `number[][]` argument itself. */
  readonly returnsParam?: number;
}

/**
 * The {@link WasmMeta} of a generated module.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import { wasmMeta } from './runtime.js';
 *
 * // The part of a cache entry that lets another process wrap the stored bytes without generating anything.
 * function scale(xs: Float64Array, k: number) {
 *   for (let i = 0; i < xs.length; i++) xs[i] = k * xs[i]!;
 * }
 * const gen = generateWasm(lowerToIR(scale, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]));
 * const stored = JSON.parse(JSON.stringify(wasmMeta(gen)));
 * [stored.writes, stored.written]; // → [ true, [ true, false ] ]
 * ```
 */
export function wasmMeta(gen: GeneratedWasm): WasmMeta {
  return { imports: gen.module.imports.map((i) => i.name), params: gen.params, result: gen.result, writes: gen.writes, names: gen.names, written: gen.written, trapFree: gen.trapFree, ...(gen.returnsParam === undefined ? {} : { returnsParam: gen.returnsParam }) };
}

/**
 * Instantiates a module's bytes (see {@link instantiateWasm}).
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { encodeModule } from './encode.js';
 * import { generateWasm } from './codegen.js';
 * import { instantiateBytes, wasmMeta } from './runtime.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const f64 = [{ kind: 'array', element: 'f64' }] as const;
 * const { fn: jsEntry } = compileSpecialization(sum, f64);
 * const gen = generateWasm(lowerToIR(sum, f64));
 * // What restoreWasm does with a cache entry: bytes and meta in, the wrapped entry out (JS after 4 traps).
 * const { fn } = instantiateBytes(encodeModule(gen.module), wasmMeta(gen), jsEntry, 4);
 * fn(Float64Array.of(1, 2, 3)); // → 6
 * ```
 */
export function instantiateBytes(bytes: Uint8Array<ArrayBuffer> | WebAssembly.Module, gen: WasmMeta, js: AnyFunction, trapLimit: number, numbatOnly = false): { fn: AnyFunction; stats: WasmRunStats } {
  const mathImports: Record<string, (...a: number[]) => number> = { mod: (a, b) => a % b };
  for (const name of gen.imports) {
    if (name === 'mod') continue;
    mathImports[name] = (Math as unknown as Record<string, (...a: number[]) => number>)[name.startsWith('hypot_') ? 'hypot' : name]!;
  }
  const instance = new WebAssembly.Instance(bytes instanceof WebAssembly.Module ? bytes : new WebAssembly.Module(bytes), { Math: mathImports, env: { memory: wasmMemory() } });
  const entry = instance.exports['entry'] as (...a: number[]) => unknown;
  const heap = instance.exports['heap'] as WebAssembly.Global;
  // Math.random()'s state (gen-random.ts): in before the call, back only when it returns (a trap reruns in JS)
  const rand = instance.exports['rand0'] === undefined ? undefined : RANDOM_GLOBALS.map((n) => instance.exports[n] as WebAssembly.Global);
  const returned = gen.result.kind === 'array' ? (ARRAY_CONSTRUCTORS[gen.result.element] as unknown as Parameters<typeof adoptCopy>[0]) : undefined;
  const stats: WasmRunStats = { calls: 0, traps: 0, aliased: 0, bytesIn: 0, bytesOut: 0, onJs: false, args: [], ...(numbatOnly ? { outside: 0 } : {}), ...(gen.trapFree ? { trapFree: true } : {}) };
  const params = gen.params;
  const arrays = params.flatMap((p, k) => (p.kind === 'array' ? [{ k, row: WASM_ELEMENTS[p.element] as WasmElementRow, ctor: ARRAY_CONSTRUCTORS[p.element] as unknown as ViewCtor, written: gen.written[k] === true }] : []));
  for (const a of arrays) stats.args.push({ name: gen.names[a.k] ?? `#${a.k}`, written: a.written, inPlace: 0, copied: 0 });
  // number[][] arguments, packed per call (nested.ts); their stats follow the typed arrays'
  const nesteds = params.flatMap((p, k) => (p.kind === 'nested' ? [{ k, written: gen.written[k] === true }] : []));
  for (const m of nesteds) stats.args.push({ name: gen.names[m.k] ?? `#${m.k}`, written: m.written, inPlace: 0, copied: 0 });
  if (nesteds.length) stats.nestedOnJs = 0;
  if (nesteds.some((m) => m.written)) stats.nestedWrites = true;
  const dims: Array<{ rows: number; cols: number }> = nesteds.map(() => ({ rows: 0, cols: 0 }));
  const returnsParam = gen.returnsParam;
  const nestedWrites = nesteds.some((m) => m.written);
  const typedWrites = arrays.some((a) => a.written);
  const writes = gen.writes;
  const trapFree = gen.trapFree === true;
  const result = gen.result;
  const boolItems = result.kind === 'tuple' ? result.items.map((t) => t.kind === 'bool') : [];
  const inPlace: boolean[] = arrays.map(() => false);

  const fn = function (this: unknown, ...args: unknown[]): unknown {
    if (stats.onJs) return js.apply(this, args);
    let need = 0;
    for (let j = 0; j < arrays.length; j++) {
      const a = args[arrays[j]!.k] as View;
      // an own `length` (typed.ts): Wasm sees the elements, JS that number, so the JS code answers
      if (lengthShadowed(a)) return js.apply(this, args);
      const shared = inNumbatMemory(a.buffer);
      if (numbatOnly && !shared) {
        // 'auto' chose Wasm for numbat memory: an ordinary array would be copied, which costs what lanes save
        stats.outside!++;
        return js.apply(this, args);
      }
      for (let i = 0; i < j; i++) {
        const b = args[arrays[i]!.k] as View;
        // two arrays of numbat memory alias only where their bytes overlap and one of them is written
        const aliased = shared && inNumbatMemory(b.buffer)
          ? (arrays[i]!.written || arrays[j]!.written) && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength
          : b.buffer === a.buffer;
        if (aliased) {
          stats.aliased++;
          return js.apply(this, args);
        }
      }
      // an array past the heap's end was freed (a user's error): the scratch would overwrite it, so it is copied.
      // A written one is used in place only when no trap can interrupt the call (a JS rerun would start from
      // half-written arguments), nor a row refusing its write after it (`rowRefused`).
      inPlace[j] = shared && (!arrays[j]!.written || (trapFree && !nestedWrites)) && a.byteOffset + a.byteLength <= heapEnd();
      if (!inPlace[j]) need += Math.max(16, Math.ceil(a.byteLength / 16) * 16);
    }
    for (let j = 0; j < nesteds.length; j++) {
      const d = measureNested(args[nesteds[j]!.k], nesteds[j]!.written, !typedWrites);
      if (typeof d === 'string') {
        stats.nestedOnJs!++;
        return js.apply(this, args);
      }
      dims[j] = d;
      need += Math.max(16, Math.ceil(d.rows * d.cols / 2) * 16);
    }
    // a row reachable twice would see writes through the other, which the packed copies hide
    if (nestedWrites && sharedRows(nesteds.map((m) => args[m.k] as unknown[]))) {
      stats.aliased++;
      return js.apply(this, args);
    }
    // always taken, even empty: the arrays the code allocates must start above numbat's heap
    const base = scratch(need);
    const wasmArgs: number[] = [];
    const placed: Array<{ at: number; a: View; ctor: ViewCtor; copyBack: boolean }> = [];
    const packed: Array<{ at: number; m: unknown[]; cols: number }> = [];
    let at = base;
    const buffer = currentBuffer();
    for (let k = 0, j = 0, q = 0; k < params.length; k++) {
      const p = params[k]!;
      const v = args[k];
      if (p.kind === 'scalar') {
        wasmArgs.push(p.type === 'bool' ? (v ? 1 : 0) : (v as number));
        continue;
      }
      if (p.kind === 'nested') {
        const { rows, cols } = dims[q]!;
        if (!packNested(v as unknown[], cols, new Float64Array(buffer, at, rows * cols), 0)) {
          // an element that is not a number: the plain code's conversions apply, on JS
          release(base);
          stats.nestedOnJs!++;
          return js.apply(this, args);
        }
        stats.args[arrays.length + q]!.copied++;
        stats.bytesIn += rows * cols * 8;
        if (nesteds[q]!.written) packed.push({ at, m: v as unknown[], cols });
        wasmArgs.push(at, rows, cols);
        at += Math.max(16, Math.ceil(rows * cols / 2) * 16);
        q++;
        continue;
      }
      const a = v as View;
      const ctor = arrays[j]!.ctor;
      if (inPlace[j]) {
        stats.args[j]!.inPlace++;
        placed.push({ at: a.byteOffset, a, ctor, copyBack: false });
        wasmArgs.push(a.byteOffset, a.length);
      } else {
        stats.args[j]!.copied++;
        // a view that its resizable buffer shrank out from under has length 0 and throws on `.set`: nothing to copy
        if (a.length !== 0) new ctor(buffer, at, a.length).set(a);
        stats.bytesIn += a.byteLength;
        placed.push({ at, a, ctor, copyBack: arrays[j]!.written });
        wasmArgs.push(at, a.length);
        at += Math.max(16, Math.ceil(a.byteLength / 16) * 16);
      }
      j++;
    }
    let r: unknown;
    let rowRefused = false;
    try {
      // arrays the code allocates go above the arguments (`gen-arrays.ts`, arrayValue)
      heap.value = at;
      if (rand) for (let k = 0; k < 4; k++) rand[k]!.value = RANDOM_STATE[k];
      r = entry(...wasmArgs);
      noteScratch((heap.value as number) - base);
      if (writes) {
        // only arrays the code may write come back; the memory may have grown during the call, so the copies
        // are read from its current buffer
        const now = currentBuffer();
        // rows first: one may refuse a write (an element defined read-only), and then every row is put back and
        // nothing else written, so JS runs the call from the caller's own arguments (`rowRefused` below)
        const view = (k: number): Float64Array => new Float64Array(now, packed[k]!.at, packed[k]!.m.length * packed[k]!.cols);
        for (let k = 0; k < packed.length && !rowRefused; k++) {
          if (unpackNested(packed[k]!.m, packed[k]!.cols, view(k), 0)) continue;
          for (let q = 0; q < k; q++) unpackNested(packed[q]!.m, packed[q]!.cols, view(q), 0);
          rowRefused = true;
        }
        for (const { at: off, a, ctor, copyBack } of rowRefused ? [] : placed) {
          if (!copyBack || a.length === 0) continue;
          a.set(new ctor(now, off, a.length));
          stats.bytesOut += a.byteLength;
        }
        if (!rowRefused) for (const { m, cols } of packed) stats.bytesOut += m.length * cols * 8;
      }
      // the stream moves on only with a call whose effects stand (a trap or a refused row reruns it on JS)
      if (rand && !rowRefused) for (let k = 0; k < 4; k++) RANDOM_STATE[k] = rand[k]!.value as number;
    } catch {
      // A trap: JS would have read undefined, or left the range i64 holds exactly. Nothing was copied back,
      // and arrays used in place are never written (zero-copy.ts) unless no trap can occur (codegen.ts, trapFree).
      stats.traps++;
      WASM_TOTALS.traps++;
      if (stats.traps >= trapLimit) stats.onJs = true;
      return js.apply(this, args);
    } finally {
      release(base);
    }
    if (rowRefused) {
      stats.nestedOnJs!++;
      return js.apply(this, args);
    }
    stats.calls++;
    WASM_TOTALS.calls++;
    if (returnsParam !== undefined) return args[returnsParam];
    if (returned) {
      const [ptr, len] = r as [number, number];
      // the caller's own array when the code returns an argument, else a new numbat array with the elements
      const own = placed.find((p) => p.at === ptr && p.a.length === len);
      if (own) return own.a;
      // In numbat memory only where that leaves the room Wasm calls take above the heap's end. A result is freed
      // when the collector and then a turn of the event loop run its FinalizationRegistry callback, which a
      // synchronous loop never gives: kept regardless, each dropped result grew the memory by its size on every
      // call, onto never-touched pages (2000 × 2000 distances: 100–190 ms a call against 15–30 ms;
      // bench/_wasm-result.ts), up to 4 GiB, after which every call trapped. Otherwise an ordinary array, as the
      // JS backend's results are when numbat memory has no room (`js/results.ts`).
      if (leavesRoom(len * returned.BYTES_PER_ELEMENT)) return adoptCopy(returned, ptr, len);
      return new returned(currentBuffer(), ptr, len).slice();
    }
    if (result.kind === 'bool') return r !== 0;
    if (result.kind === 'tuple') {
      // a one-item result comes back from Wasm as the value itself, none as undefined
      const items = boolItems.length === 1 ? [r as number] : boolItems.length === 0 ? [] : (r as number[]);
      return items.map((x, i) => (boolItems[i] ? x !== 0 : x));
    }
    return result.kind === 'void' ? undefined : r;
  };
  return { fn, stats };
}
