/**
 * The Wasm backend's entry: which backend runs a specialization, and why (the routing rules), and the compiled
 * Wasm function with what `inspect()` shows of it.
 *
 * Routing, `memoJit({ backend })`:
 * - `'js'`: the JavaScript backend.
 * - `'wasm'`: Wasm whenever the module is in the Wasm subset (`codegen.ts` names the first construct that is
 *   not, and that specialization stays on JS with the reason in `inspect()`).
 * - `'auto'` (default): Wasm only where it wins over V8 on this IR — a loop doing integer work kept in i64
 *   (`integral.ts`: values past 2^31 that V8 keeps in doubles) in a function without typed array arguments
 *   (whose copies would cost more than the i64 arithmetic saves). Otherwise JS: V8 compiles scalar f64/i32
 *   loops about as well, and JS needs no copy of the arrays. Also with `fastmath: true`: a function whose loops
 *   reduce Float64Arrays in f64x2 lanes (`simd.ts`) and that writes no array (so nothing is copied back). `NUMBAT_JIT_BACKEND` sets the default for every memoJit
 *   function (the test suites use it to run everything on Wasm).
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { walkIR, type IRModule } from '../ir.js';
import { generateWasm, WasmUnsupported, type GeneratedWasm } from './codegen.js';
import { instantiateWasm, type WasmRunStats } from './runtime.js';
import { printWat } from './wat.js';

export { WasmUnsupported } from './codegen.js';
export { WASM_TOTALS, type WasmRunStats } from './runtime.js';

/**
 * Which backend compiles a specialization.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import type { Backend } from './index.js';
 *
 * const backend: Backend = 'wasm';
 * const total = memoJit({ backend })(function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * });
 * total(new Float64Array([1, 2, 3])); // → 6
 * ```
 */
export type Backend = 'auto' | 'js' | 'wasm';

/**
 * What decides the backend (the memoJit options of the same names).
 *
 * @example
 * ```ts
 * import type { BackendOptions } from './index.js';
 *
 * // memoJit's own options of the same names: let numbat choose, and keep floating-point order exact.
 * const o: BackendOptions = { backend: 'auto', fastmath: false };
 * ```
 */
export interface BackendOptions {
  /** `'auto'` (default), `'js'` or `'wasm'`. */
  readonly backend?: Backend;
  /** Allow reassociating floating-point reductions (like numba's `fastmath`); results may then differ in the last bits. */
  readonly fastmath?: boolean;
}

/**
 * The backend's choice for one specialization.
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { chooseBackend, type BackendChoice } from './index.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const f64 = [{ kind: 'array', element: 'f64' }] as const;
 * const { fn: jsEntry } = compileSpecialization(sum, f64);
 * const c: BackendChoice = chooseBackend(lowerToIR(sum, f64), jsEntry, { backend: 'wasm' });
 * c.backend; // → 'wasm'
 * c.fn(new Float64Array([1, 2, 3])); // → 6
 * ```
 */
export interface BackendChoice {
  readonly backend: 'js' | 'wasm';
  /** Why this backend, in a sentence. */
  readonly reason: string;
  /** The function to call: the Wasm wrapper, or `js` itself. */
  readonly fn: AnyFunction;
  /** The Wasm module's counters (Wasm only). */
  readonly stats?: WasmRunStats;
  /** The text `inspect()` shows: the reason, the copies, and the WAT (Wasm only). */
  readonly wat?: string;
  /** Milliseconds spent generating, encoding and instantiating the module (Wasm only). */
  readonly emitMs?: number;
}

/**
 * The backend the environment asks for by default (`NUMBAT_JIT_BACKEND=js|wasm|auto`), else `'auto'`.
 *
 * @example
 * ```ts
 * import { defaultBackend } from './index.js';
 *
 * process.env['NUMBAT_JIT_BACKEND'] = 'wasm';
 * defaultBackend(); // → 'wasm'
 * delete process.env['NUMBAT_JIT_BACKEND'];
 * defaultBackend(); // → 'auto'
 * ```
 */
export function defaultBackend(): Backend {
  const env = process.env['NUMBAT_JIT_BACKEND'];
  return env === 'js' || env === 'wasm' || env === 'auto' ? env : 'auto';
}

/**
 * How many specializations each routing reason has decided in this process (the Wasm reasons and the
 * constructs that kept code on JS): what the Wasm differential test reports and checks.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { WASM_ROUTES } from './index.js';
 *
 * memoJit(function double(x: number) { return 2 * x; })(21);
 * for (const [reason, n] of WASM_ROUTES) console.log(n, reason); // how many specializations went where, and why
 * ```
 */
export const WASM_ROUTES = new Map<string, number>();

function route(choice: BackendChoice): BackendChoice {
  const key = `${choice.backend}: ${choice.reason}`;
  WASM_ROUTES.set(key, (WASM_ROUTES.get(key) ?? 0) + 1);
  return choice;
}

/** Whether some function keeps an integer local in i64 and changes it inside a loop (the rule of `'auto'`). */
function integerLoopWork(ir: IRModule, gen: GeneratedWasm): boolean {
  const ints = new Set(gen.integral);
  let found = false;
  for (const f of ir.functions) {
    walkIR(f.body, {
      stmt: (s) => {
        if (s.kind !== 'loop') return;
        walkIR(s.body, { stmt: (t) => { if (t.kind === 'assign' && ints.has(`${f.name}.${t.name}`)) found = true; } });
      },
    });
  }
  return found;
}

/**
 * Chooses the backend of a specialization whose IR is `ir` and whose JS backend entry is `js`, and compiles
 * the Wasm module when Wasm is chosen.
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { chooseBackend } from './index.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const f64 = [{ kind: 'array', element: 'f64' }] as const;
 * const { fn: jsEntry } = compileSpecialization(sum, f64);
 * const { fn, backend, reason } = chooseBackend(lowerToIR(sum, f64), jsEntry, { backend: 'auto' });
 * console.log(backend, reason); // where 'auto' put it, and why
 * fn(new Float64Array([1, 2, 3])); // → 6
 * ```
 */
export function chooseBackend(ir: IRModule, js: AnyFunction, options: BackendOptions): BackendChoice {
  const backend = options.backend ?? defaultBackend();
  if (backend === 'js') return route({ backend: 'js', reason: 'backend: \'js\' was requested', fn: js });
  // Arrays from outside the function are bound when the JavaScript is instantiated (infer/outer.ts).
  if (ir.globals?.length) return route({ backend: 'js', reason: `not in the Wasm subset: it reads ${ir.globals.map((g) => g.name).join(', ')} from outside the function`, fn: js });
  const t0 = performance.now();
  let gen: GeneratedWasm;
  try {
    gen = generateWasm(ir, options.fastmath ? { fastmath: true } : {});
  } catch (error) {
    if (error instanceof WasmUnsupported) return route({ backend: 'js', reason: `not in the Wasm subset: ${error.reason}`, fn: js });
    throw error;
  }
  let reason: string;
  if (backend === 'wasm') reason = 'backend: \'wasm\' was requested and the function is in the Wasm subset';
  else if (gen.reduces && !gen.writes) reason = 'reductions over Float64Arrays run in f64x2 lanes (fastmath), and no array is copied back'
  else if (!gen.params.some((p) => p.kind === 'array') && integerLoopWork(ir, gen)) reason = `integer work in a loop kept in i64 (${gen.integral.join(', ')}), where V8 would use doubles`;
  else return route({ backend: 'js', reason: 'auto: V8 runs this as fast as Wasm would (the rule for Wasm: integer loop work past int32 kept in i64, and no typed arrays to copy)', fn: js });
  const { fn, stats } = instantiateWasm(gen, js, backend === 'wasm' ? Infinity : 4);
  const emitMs = performance.now() - t0;
  const wat = printWat(gen.module);
  const arrays = gen.params.filter((p) => p.kind === 'array').length;
  const header = [
    `;; backend: wasm — ${reason}`,
    arrays
      ? `;; ${arrays} typed array argument(s): one in numbat memory (numbat.f64() etc.) that the code only reads is used in place; any other is copied into linear memory on every call${gen.writes ? ' and back after it (the module writes arrays)' : ''}. Arrays sharing a buffer (overlapping bytes, for numbat memory, with one written) run on the JS backend`
      : ';; no array arguments: nothing is copied',
    ...gen.simd.map((n) => `;; ${n}`),
    gen.imported.length ? `;; V8's own Math.${gen.imported.join(', Math.')} imported (bit-exact by construction)` : '',
    ';; a trap (an out-of-range read, an i64 value leaving ±2^53) reruns the call on the JS backend',
  ].filter(Boolean);
  return route({ backend: 'wasm', reason, fn, stats, wat: `${header.join('\n')}\n${wat}`, emitMs });
}

/**
 * Per array argument, what the calls so far did with it: used in place (numbat memory, read-only) or copied in
 * (and out, when the code may write it). The tail of a Wasm specialization's `inspect()` text.
 *
 * @example
 * ```ts
 * import { describeArgs, type WasmRunStats } from './index.js';
 *
 * const stats: WasmRunStats = { calls: 4, traps: 0, aliased: 0, bytesIn: 24, bytesOut: 0, onJs: false,
 *   args: [{ name: 'xs', written: false, inPlace: 3, copied: 1 }] };
 * console.log(describeArgs(stats)); // ;; xs: 3 calls in place (numbat memory, zero-copy), 1 copied in
 * ```
 */
export function describeArgs(stats: WasmRunStats): string {
  return stats.args.map((a) => `\n;; ${a.name}: ${a.inPlace} calls in place (numbat memory, zero-copy), ${a.copied} copied in${a.written ? ' and out (the code may write it, so it is always copied)' : ''}`).join('');
}
