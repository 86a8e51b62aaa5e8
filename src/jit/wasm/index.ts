/**
 * The Wasm backend's entry: which backend runs a specialization, and why (the routing rules), and the compiled
 * Wasm function with what `inspect()` shows of it. Longer than 400 lines because the rules and the predicates
 * they read are kept together with this comment that states them, in the order `chooseBackend` tries them.
 *
 * Routing, `memoJit({ backend })`:
 * - `'js'`: the JavaScript backend.
 * - `'wasm'`: Wasm whenever the module is in the Wasm subset (`codegen.ts` names the first construct that is
 *   not, and that specialization stays on JS with the reason in `inspect()`).
 * - `'auto'` (default): Wasm only where it wins over V8 on this IR, by six rules, tried in the order listed (2a, the exp rule, before 2):
 *   0. a function that calls `Math.random()` stays on JS (scalar draws gain nothing), unless a loop draws and
 *      computes `Math.exp` of them in f64x2 lanes (`random-lanes.ts`, bit-exact; mc-integrate: 0.5× of JS);
 *   1. `fastmath: true` and a loop reduces Float64Arrays in f64x2 lanes (`simd.ts`), with no array written (so
 *      nothing is copied back);
 *   2a. a loop computes `Math.exp` in f64x2 lanes (`lanes-math.ts`: about half V8's time per value), even on
 *      arrays outside numbat memory, copied in and out: black-scholes (four exp/log per element, 1e6 elements)
 *      took 0.44–0.56× of plain's time copied, 0.36–0.49× in numbat memory (bench/README, 2026-12-04).
 *      `Math.log` alone does not count: in lanes it is 0.92× of V8's time, which a copy can cancel;
 *   2. a loop runs in v128 lanes (`simd.ts`: maps, stencils, integer sums; bit-exact) and the arguments live in
 *      numbat memory: checked on every call, a call with any array argument outside numbat memory runs the JS
 *      backend instead (copying it in would cost about what the lanes save; `inspect()` counts those calls);
 *      an array the code writes is still copied in and out, since a Wasm call must be transactional;
 *   3. an innermost loop does integer work kept in i64 (`integral.ts`: values past 2^31 that V8 keeps in
 *      doubles), in a function without typed array arguments (whose copies would cost more than the i64
 *      arithmetic saves);
 *   4. an element of a `number[][]` argument is read or written three or more loops deep (`nested.ts`,
 *      `nestedLoopDepth`): each element is then visited many times per packed copy. A single pass over the
 *      elements (row norms) stays JS: packing 200,000 × 16 numbers costs 6.4–7.4 ms, the whole JS loop 3.9 ms
 *      (bench/README, 2026-12-03), and no bit-exact copy is cheaper (each element's `typeof` alone: 2.5 ms).
 *      Such a function is not measured by rule 5 either: its calls alternating onto Wasm cost row-norms 0.51× of
 *      plain in the kernel bench (session 20), and no corpus program with a `number[][]` had settled on Wasm.
 *   5. a function with a loop, whose first call takes 0.2 ms or more on JS: measured (`measured.ts`). The next
 *      calls alternate between the backends, and the faster is kept (Wasm only at 0.9 of JS's time or less),
 *      since what decides (the data, the copies of ordinary arrays, the machine) is not in the code's shape.
 *   Otherwise JS: V8 compiles scalar f64/i32 loops about as well, and JS needs no copy of the arrays.
 *
 * `NUMBAT_JIT_BACKEND` sets the default for every memoJit function (the test suites use it to run everything on
 * Wasm).
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { walkIR, type IRModule } from '../ir.js';
import { generateWasm } from './codegen.js';
import { WasmUnsupported, type GeneratedWasm } from './codegen-types.js';
import { instantiateBytes, instantiateWasm, wasmMeta, type WasmMeta, type WasmRunStats } from './runtime.js';
import { encodeModule } from './encode.js';
import { measuredRun, type MeasuredRun } from './measured.js';
import { printWat } from './wat.js';
import { nestedLoopDepth } from './nested.js';
import { inlineLaneCalls } from './inline-lanes.js';
import { RANDOM_ROUTES, randomLanesIn } from './random-lanes.js';
import { planSimd } from './simd.js';

export { WasmUnsupported } from './codegen-types.js';
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
  /** `'measured'`: rule 5 of `'auto'`, the first calls choose between the two (see `measured`). */
  readonly backend: 'js' | 'wasm' | 'measured';
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
  /** What the persistent cache stores to instantiate it again in another process (Wasm only). */
  readonly stored?: StoredWasm;
  /** Rule 5 of `'auto'`: the first calls decide between the backends (`measured.ts`). */
  readonly measured?: MeasuredRun;
}

/**
 * A Wasm specialization as the persistent cache stores it (JSON): the module's bytes (base64), what its wrapper
 * needs, and what `inspect()` shows. Instantiating it again costs a `new WebAssembly.Module` of the bytes, with
 * no parsing, inference or code generation.
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { chooseBackend, restoreWasm, type StoredWasm } from './index.js';
 *
 * // Integer work past int32: 'auto' picks Wasm, and the choice carries what the disk cache keeps (JSON).
 * function collatz(n: number) {
 *   let steps = 0;
 *   for (let k = 1; k <= n; k++) for (let x = k; x !== 1; steps++) x = x % 2 === 0 ? x / 2 : 3 * x + 1;
 *   return steps;
 * }
 * const { fn: jsEntry } = compileSpecialization(collatz, [{ kind: 'i32' }]);
 * const stored: StoredWasm = chooseBackend(lowerToIR(collatz, [{ kind: 'i32' }]), jsEntry, { backend: 'auto' }).stored!;
 * const again = restoreWasm(JSON.parse(JSON.stringify(stored)) as StoredWasm, jsEntry);
 * again.backend; // → 'wasm'
 * again.fn(1000); // → 59542
 * ```
 */
export interface StoredWasm {
  readonly bytes: string;
  readonly meta: WasmMeta;
  readonly reason: string;
  readonly wat: string;
  /** `'auto'` rule 2: calls with an array outside numbat memory run the JS backend. */
  readonly numbatOnly: boolean;
  /** Trapping calls after which every call runs the JS backend (`null`: never, when Wasm was requested). */
  readonly trapLimit: number | null;
  /** `'auto'` rule 5: the first calls decide between JS and Wasm (absent in entries written before it). */
  readonly measured?: boolean;
}

/**
 * Instantiates a stored Wasm specialization; `js` is the same specialization on the JS backend. `compiled` is
 * its module if already compiled (the cache's prefetch compiles it off the main thread), else the bytes are
 * compiled here, synchronously.
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { chooseBackend, restoreWasm, storedBytes } from './index.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const f64 = [{ kind: 'array', element: 'f64' }] as const;
 * const { fn: jsEntry } = compileSpecialization(sum, f64);
 * const { stored } = chooseBackend(lowerToIR(sum, f64), jsEntry, { backend: 'wasm' });
 * // In another process, from the cache entry: no parse, inference or code generation.
 * const restored = restoreWasm(stored!, jsEntry);
 * restored.backend; // → 'wasm'
 * restored.fn(Float64Array.of(1, 2, 3)); // → 6
 * // With a module compiled ahead (the cache's prefetch compiles it off the main thread):
 * restoreWasm(stored!, jsEntry, new WebAssembly.Module(storedBytes(stored!))).backend; // → 'wasm'
 * ```
 */
export function restoreWasm(stored: StoredWasm, js: AnyFunction, compiled?: WebAssembly.Module): BackendChoice {
  if (stored.measured) {
    const measured = measuredRun(js, () => instantiateBytes(compiled ?? storedBytes(stored), stored.meta, js, stored.trapLimit ?? Infinity));
    return { backend: 'measured', reason: stored.reason, fn: measured.fn, wat: stored.wat, stored, measured };
  }
  const { fn, stats } = instantiateBytes(compiled ?? storedBytes(stored), stored.meta, js, stored.trapLimit ?? Infinity, stored.numbatOnly);
  return { backend: 'wasm', reason: stored.reason, fn, stats, wat: stored.wat, stored };
}

/**
 * The module bytes of a stored Wasm specialization (base64 in the cache entry).
 *
 * @example
 * ```ts
 * import { compileSpecialization, lowerToIR } from 'numbat/internals';
 * import { chooseBackend, storedBytes } from './index.js';
 *
 * function twice(x: number) { return 2 * x; }
 * const { fn } = compileSpecialization(twice, [{ kind: 'f64' }]);
 * const { stored } = chooseBackend(lowerToIR(twice, [{ kind: 'f64' }]), fn, { backend: 'wasm' });
 * WebAssembly.validate(storedBytes(stored!)); // → true
 * ```
 */
export function storedBytes(stored: StoredWasm): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(stored.bytes, 'base64'));
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

/** The reason of rule 4 of `'auto'`. */
/** Rule 4's converse: not measured, since each call would pack as many numbers as the JS loop reads. */
const NESTED_ONE_PASS = 'auto: number[][] elements are visited fewer than three loops deep, so packing them into linear memory would cost as much as the whole JavaScript loop (rule 4); not measured';
const NESTED_REUSE = 'number[][] elements are visited three loops deep (many times per copy): packed once per call into linear memory, the loops run in Wasm';

/** The reason of rule 2 of `'auto'` (the module comment). */
const LANES_ON_NUMBAT_MEMORY = 'loops run in v128 lanes, on arrays in numbat memory (zero-copy); a call with an array outside numbat memory runs the JS backend';

/** The reason of rule 2a of `'auto'`. */
const EXP_IN_LANES = 'a loop computes Math.exp in f64x2 lanes (bit-exact, about half V8\'s time per value): worth a copy of arrays outside numbat memory';

/**
 * Whether a loop that calls `Math.exp` runs in lanes (rule 2a of `'auto'`): planned here as the code generator
 * plans it, with no two arrays assumed apart, so a loop found here runs in lanes there too.
 */
function expInLanes(ir: IRModule): boolean {
  let found = false;
  for (const f of ir.functions) {
    walkIR(f.body, {
      stmt: (s) => {
        if (found || s.kind !== 'loop') return;
        let exp = false;
        walkIR(s.body, { expr: (e) => { if (e.op === 'math' && e.fn === 'exp') exp = true; } });
        if (exp && typeof planSimd(s, { fastmath: false, distinct: () => false }) !== 'string') found = true;
      },
    });
  }
  return found;
}

function route(choice: BackendChoice): BackendChoice {
  const key = `${choice.backend}: ${choice.reason}`;
  WASM_ROUTES.set(key, (WASM_ROUTES.get(key) ?? 0) + 1);
  return choice;
}

/**
 * Whether some function keeps an integer local in i64 and changes it in an innermost loop (rule 3 of `'auto'`):
 * where the loop that runs most does the i64 work (a Collatz step). An i64 counter of an outer loop (Are We Fast
 * Yet's mandelbrot packs its pixels' bits once per pixel, around a 50-step f64 loop) saves nothing measurable,
 * and the rest of the function then runs Wasm's f64 code, which took 1.16–1.27× V8's time there (bench/README).
 */
function integerLoopWork(ir: IRModule, gen: GeneratedWasm): boolean {
  const ints = new Set(gen.integral);
  let found = false;
  for (const f of ir.functions) {
    walkIR(f.body, {
      stmt: (s) => {
        if (s.kind !== 'loop') return;
        let innermost = true;
        walkIR([...s.body, ...s.continuing], { stmt: (t) => { if (t.kind === 'loop') innermost = false; } });
        if (!innermost) return;
        walkIR([...s.body, ...s.continuing], { stmt: (t) => { if (t.kind === 'assign' && ints.has(`${f.name}.${t.name}`)) found = true; } });
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
export function chooseBackend(ir: IRModule, js: AnyFunction, options: BackendOptions, measure = true): BackendChoice {
  const backend = options.backend ?? defaultBackend();
  if (backend === 'js') return route({ backend: 'js', reason: 'backend: \'js\' was requested', fn: js });
  // Arrays from outside the function are bound when the JavaScript is instantiated (infer/outer.ts).
  if (ir.globals?.length) return route({ backend: 'js', reason: `not in the Wasm subset: it reads ${ir.globals.map((g) => g.name).join(', ')} from outside the function`, fn: js });
  const draws = ir.functions.some((f) => f.usesRandom);
  if (backend === 'auto' && draws && !randomLanesIn(ir)) return route({ backend: 'js', reason: RANDOM_ROUTES.js, fn: js });
  const t0 = performance.now();
  let gen: GeneratedWasm;
  // calls of pure f64 functions in loops are inlined, so such loops can run in lanes (inline-lanes.ts)
  const lanesIR = inlineLaneCalls(ir);
  try {
    gen = generateWasm(lanesIR, options.fastmath ? { fastmath: true } : {});
  } catch (error) {
    if (error instanceof WasmUnsupported) return route({ backend: 'js', reason: `not in the Wasm subset: ${error.reason}`, fn: js });
    throw error;
  }
  let reason: string;
  if (backend === 'wasm') reason = 'backend: \'wasm\' was requested and the function is in the Wasm subset';
  else if (draws) { if (gen.randomLanes === 0) return route({ backend: 'js', reason: RANDOM_ROUTES.js, fn: js }); reason = RANDOM_ROUTES.wasm; }
  else if (gen.reduces && !gen.writes) reason = 'reductions over Float64Arrays run in f64x2 lanes (fastmath), and no array is copied back'
  else if (gen.vectorized > 0 && expInLanes(lanesIR)) reason = EXP_IN_LANES;
  else if (gen.vectorized > 0 && gen.params.some((p) => p.kind === 'array')) reason = LANES_ON_NUMBAT_MEMORY;
  // Not when it calls V8's Math functions: each is a call out of Wasm and back (ss-gamma, seven Math.pow on the
  // path its inputs take, the i64 loop never entered: 0.55× of plain on Wasm, 0.95× on JS; speed branch, session 10).
  else if (!gen.params.some((p) => p.kind === 'array') && gen.imported.length === 0 && integerLoopWork(ir, gen)) reason = `integer work in a loop kept in i64 (${gen.integral.join(', ')}), where V8 would use doubles`;
  else if (gen.params.some((p) => p.kind === 'nested') && nestedLoopDepth(ir.functions) >= 3) reason = NESTED_REUSE;
  else if (gen.params.some((p) => p.kind === 'nested')) return route({ backend: 'js', reason: NESTED_ONE_PASS, fn: js });
  else if (measure && hasLoop(ir)) return route(measuredChoice(gen, js, performance.now() - t0));
  else return route({ backend: 'js', reason: 'auto: V8 runs this as fast as Wasm would (the rules for Wasm: fastmath reductions in lanes, Math.exp in lanes, loops in lanes on numbat memory, integer loop work past int32 kept in i64, number[][] elements visited three loops deep, a loop measured faster on Wasm)', fn: js });
  const trapLimit = backend === 'wasm' ? Infinity : 4;
  const { fn, stats, bytes } = instantiateWasm(gen, js, trapLimit, reason === LANES_ON_NUMBAT_MEMORY);
  const emitMs = performance.now() - t0;
  const wat = printWat(gen.module);
  const arrays = gen.params.filter((p) => p.kind === 'array').length;
  const nested = gen.params.filter((p) => p.kind === 'nested').length;
  const header = [
    `;; backend: wasm — ${reason}`,
    arrays
      ? `;; ${arrays} typed array argument(s): one in numbat memory (numbat.f64() etc.) that the code only reads is used in place; any other is copied into linear memory on every call${gen.writes ? ' and back after it (the module writes arrays)' : ''}. Arrays sharing a buffer (overlapping bytes, for numbat memory, with one written) run on the JS backend`
      : nested ? '' : ';; no array arguments: nothing is copied',
    nested ? `;; ${nested} number[][] argument(s): packed per call into linear memory (rectangular rows of numbers; ragged rows, other elements, or shared rows in a call that writes run on JS)${gen.params.some((p, k) => p.kind === 'nested' && gen.written[k]) ? ', and the written ones copied back element by element' : ''}` : '',
    ...gen.simd.map((n) => `;; ${n}`),
    gen.imported.length ? `;; V8's own Math.${gen.imported.join(', Math.')} imported (bit-exact by construction)` : '',
    ';; a trap (an out-of-range read, an i64 value leaving ±2^53) reruns the call on the JS backend',
  ].filter(Boolean);
  const text = `${header.join('\n')}\n${wat}`;
  const stored: StoredWasm = { bytes: Buffer.from(bytes).toString('base64'), meta: wasmMeta(gen), reason, wat: text, numbatOnly: reason === LANES_ON_NUMBAT_MEMORY, trapLimit: trapLimit === Infinity ? null : trapLimit };
  return route({ backend: 'wasm', reason, fn, stats, wat: text, emitMs, stored });
}

/** The reason of rule 5 of `'auto'` (the module comment). */
const MEASURED = 'auto: the first calls decide: both backends are timed on calls of the same size, and the faster is kept';

/** Whether some function of the module has a loop: without one there is nothing for Wasm to win. */
function hasLoop(ir: IRModule): boolean {
  let found = false;
  for (const f of ir.functions) walkIR(f.body, { stmt: (s) => { if (s.kind === 'loop') found = true; } });
  return found;
}

/**
 * Rule 5's choice: the module is encoded now (for the persistent cache) and instantiated only when a call is long
 * enough to measure; until it settles, calls run through the measuring wrapper.
 */
function measuredChoice(gen: GeneratedWasm, js: AnyFunction, generateMs: number): BackendChoice {
  const bytes = encodeModule(gen.module);
  const meta = wasmMeta(gen);
  const measured = measuredRun(js, () => instantiateBytes(bytes, meta, js, 4));
  const wat = `;; backend: measured — ${MEASURED}\n;; a trap (an out-of-range read, an i64 value leaving ±2^53) reruns the call on the JS backend\n${printWat(gen.module)}`;
  const stored: StoredWasm = { bytes: Buffer.from(bytes).toString('base64'), meta, reason: MEASURED, wat, numbatOnly: false, trapLimit: 4, measured: true };
  return { backend: 'measured', reason: MEASURED, fn: measured.fn, wat, emitMs: generateMs, stored, measured };
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
  return (stats.nestedOnJs ? `\n;; ${stats.nestedOnJs} calls with a number[][] Wasm does not take (ragged, non-numbers, shared rows, a read-only element) ran the JS backend` : '') + (stats.outside !== undefined ? `\n;; ${stats.outside} calls with an array outside numbat memory ran the JS backend ('auto', rule 2)` : '') + stats.args.map((a) => `\n;; ${a.name}: ${a.inPlace} calls in place (numbat memory, zero-copy), ${a.copied} copied in${a.written ? ` and out (the code writes it: ${!stats.trapFree ? 'always copied, as a trap reruns the call on JS from the untouched arguments' : stats.nestedWrites ? 'always copied, as a written number[][] row refusing its value reruns the call on JS' : 'in place when in numbat memory, as no trap can interrupt a call'})` : ''}`).join('');
}
