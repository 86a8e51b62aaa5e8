/**
 * The WGSL backend of the JIT: lowers the same typed, structured IR that `codegen-js` turns into JavaScript
 * into the body of a compute kernel (see `abi.ts` for the contract with the runtime). Each rule is small:
 *
 * | IR                          | WGSL                                                                 |
 * | --------------------------- | -------------------------------------------------------------------- |
 * | `f64` / `i32` / `bool`      | `f32` (WGSL has no f64: arithmetic is single precision) / `i32` / `bool` |
 * | index parameter(s)          | the invocation's global index (`i32`), from the entry point          |
 * | typed-array parameter       | storage buffer `a_<name>` (`f32`, `i32`, `u32` elements)              |
 * | scalar parameter            | field `s_<name>` of the uniform struct (`bool` as `u32`)             |
 * | `load` / `store`            | bounds-checked helpers: out of bounds reads NaN (0 for integer arrays), writes are dropped, as typed arrays do |
 * | `xs[i]` with the own index  | `a_xs[numbat_li]`: lets the runtime split arrays over dispatches     |
 * | the same in a 1-D reduction of a read-only array | `numbat_own_xs()`: the lane of a `vec4` load in the vector entry (`vector.ts`) |
 * | `Math.random()`             | `numbat_random()`: Philox4x32-10 stream per invocation, 24-bit f32   |
 * | `Math.round`                | half up like JS (WGSL's `round` is half to even)                     |
 * | `Math.min`/`max`            | NaN-propagating like JS (WGSL's are not specified for NaN)           |
 * | `%` on floats, `**`         | WGSL `%` is JS's truncated remainder; `pow` handles negative bases   |
 * | bitwise operators           | JS ToInt32 (modular) of f32 operands, shift counts masked to 5 bits  |
 * | `&&` `||` `?:`              | `&&`/`||`/`select` when operands have no side effects, else `if`     |
 * | 2-D array parameter         | storage buffer of its elements row-major (f32), `rows_`/`cols_` uniforms; checked helpers flag accesses outside it |
 * | a row of a 2-D array        | its index (`i32`, -1 for null), as on the CPU                         |
 * | callees                     | WGSL functions; one per combination of kernel arrays passed to it   |
 *
 * Locals are declared at the top of each function (`var`), so JS block scoping and WGSL's `continuing` rules
 * never conflict. Every emitted line remembers the IR statement's source span, so a WGSL compile error points
 * at the JavaScript line it came from.
 *
 * Over 400 lines, with a reason: `generateWgsl` is one pass that decides a kernel's parameters, bindings and
 * helpers from the same array-use facts, and the table above is the backend's documented rule list.
 *
 * @module
 */
import type { IRFunction, IRModule, Span, Stmt } from '../../jit/ir.js';
import { recordCodegen, recording } from '../../jit/record.js';
import { ARRAY_CONSTRUCTORS, type ElementKind } from '../../jit/types.js';
import { arrayFlagBit, wgslIdent, type ArrayParam, type ElementType, type KernelParam, type KernelReturn, type KernelSpec, type Reduction, type SourcePosition } from '../abi.js';
import { GPU_ELEMENTS, isStorageKind, storageArrayNames, storageRow } from '../elements.js';
import { Emitter, FunctionEmitter, local, wgslType, type FunctionContext } from './emit.js';
import { boundLength, WGSL_HELPERS } from './helpers.js';
import { integerLocals } from './ints.js';
import { walkStmts } from './walk.js';
import { DF_TYPE, DF_WGSL, dfArrayHelpers } from './df32.js';
import { laneFunctions } from './vector.js';

/**
 * A construct the GPU backend cannot lower, with where it is.
 *
 * @example
 * ```ts
 * import { gpu, GpuUnsupportedError } from 'numbat/gpu';
 *
 * // memoJit compiles this, but a GPU kernel cannot create arrays.
 * const smooth = gpu({ require: true })(function smooth(i: number, xs: Float32Array) {
 *   const window = new Float32Array(3);
 *   window[0] = xs[i]!;
 *   xs[i] = window[0]! / 3;
 * });
 * try {
 *   await smooth.launch(4, new Float32Array(4));
 * } catch (e) {
 *   if (e instanceof GpuUnsupportedError) console.log(e.construct, e.position?.line);
 * }
 * ```
 */
export class GpuUnsupportedError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name = 'GpuUnsupportedError';
  constructor(
    /** What was rejected, e.g. `'Float64Array parameter xs'`. */
    readonly construct: string,
    detail: string,
    /** Where, when the IR statement carried a span. */
    readonly position?: SourcePosition,
    /** The statement's span in the function's source. */
    readonly span?: Span,
  ) {
    super(`${position ? `${position.file ? `${position.file}:` : 'line '}${position.line}${position.column ? `:${position.column}` : ''}: ` : ''}` +
      `cannot run ${construct} on the GPU: ${detail}${position?.text ? `\n${position.text}` : ''}`);
  }
}

/**
 * Options of {@link generateWgsl}.
 *
 * @example
 * ```ts
 * import { generateWgsl, type WgslBackendOptions } from 'numbat/internals';
 * import { lowerKernel } from '../frontend.js';
 *
 * // A 2-D kernel whose invocations' results are combined with min.
 * function nearest(x: number, y: number, w: number, d: Float32Array) { return d[y * w + x]!; }
 * const { module, locate } = lowerKernel(nearest, [{ kind: 'i32' }, { kind: 'i32' }, { kind: 'i32' }, { kind: 'array', element: 'f32' }], 2);
 * const options: WgslBackendOptions = { grid: 2, reduce: 'min', locate };
 * generateWgsl(module, options).reduce; // → 'min'
 * ```
 */
export interface WgslBackendOptions {
  /** Number of leading index parameters (1-D, 2-D or 3-D grid). */
  readonly grid: 1 | 2 | 3;
  /** How a returning kernel's values combine across invocations. Default `'sum'`. */
  readonly reduce?: Reduction;
  /** Maps an IR span to the user's source position (the JIT's locator); without it, errors carry no line. */
  readonly locate?: (span: Span) => SourcePosition | undefined;
  /** `'f64-emulated'`: numbers and Float64Arrays as double-f32 (`df32.ts`). Default `'f32'`. */
  readonly precision?: 'f32' | 'f64-emulated';
}

/** The element types a GPU array parameter may have (the storage rows of `elements.ts`); anything else gets a specific error. */
function checkArrayElement(name: string, element: ElementKind, fail: (c: string, d: string) => never): ElementType {
  if (isStorageKind(element)) return element;
  const row = GPU_ELEMENTS[element];
  if ('convertedTo' in row) return fail(`the ${ARRAY_CONSTRUCTORS[element].name} parameter '${name}'`, `${row.why}: ${row.instead}`);
  return fail(`the ${element} array parameter '${name}'`, `GPU storage buffers hold ${storageArrayNames(' or ')}`);
}

/**
 * Lowers one specialization of a kernel (the JIT's {@link IRModule}, entry last) to a {@link KernelSpec}: the
 * WGSL body, its parameters (which arrays are written, which are accessed only at the kernel's own index),
 * whether it draws random numbers, what it returns and how that is reduced.
 *
 * @example
 * ```ts
 * import { generateWgsl } from 'numbat/internals';
 * import { lowerKernel } from '../frontend.js';
 *
 * function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; }
 * const { module } = lowerKernel(scale, [{ kind: 'i32' }, { kind: 'f64' }, { kind: 'array', element: 'f32' }], 1);
 * const spec = generateWgsl(module, { grid: 1 });
 * spec.params.map((p) => p.name); // → [ 'a', 'xs' ]
 * // The body holds the WGSL helpers it calls, then the kernel:
 * spec.body.includes('fn numbat_kernel(numbat_g0: i32)'); // → true
 * ```
 */
export function generateWgsl(module: IRModule, options: WgslBackendOptions): KernelSpec {
  const entry = module.functions.find((f) => f.name === module.entry);
  if (!entry) throw new Error(`gpu: the IR module has no entry function ${module.entry}`);
  const fail = (construct: string, detail: string, span?: Span): never => {
    throw new GpuUnsupportedError(construct, detail, span ? options.locate?.(span) : undefined, span);
  };
  const em = new Emitter(fail);
  const df = options.precision === 'f64-emulated';
  em.df = df;
  const grid = options.grid;
  if (entry.params.length < grid) {
    fail(`a ${grid}-D kernel with ${entry.params.length} parameter(s)`, `its first ${grid} parameters are the invocation's indices`);
  }
  for (const p of entry.params.slice(0, grid)) {
    if (p.type.kind !== 'i32' && p.type.kind !== 'f64') fail(`the index parameter '${p.name}' of type ${p.type.kind}`, 'index parameters are integers');
  }

  // What each array parameter needs: written? accessed only at the own index?
  const assigned = new Set<string>();
  const stored = new Set<string>();
  const foreign = new Set<string>(); // arrays accessed at some other index
  const indexName = grid === 1 ? entry.params[0]!.name : undefined;
  walkStmts(
    entry.body,
    (s) => {
      if (s.kind === 'assign' || s.kind === 'declare') assigned.add(s.name);
      if (s.kind === 'matrixStore') stored.add(s.matrix);
      if (s.kind === 'store' && s.array.op === 'local') {
        stored.add(s.array.name);
        if (!(s.index.op === 'local' && s.index.name === indexName)) foreign.add(s.array.name);
      }
    },
    (e) => {
      if (e.op === 'load' && e.array.op === 'local' && !(e.index.op === 'local' && e.index.name === indexName)) foreign.add(e.array.name);
    },
  );
  const ownIndex = indexName !== undefined && !assigned.has(indexName) ? indexName : undefined;
  // Arrays handed to helper functions: used at other indices (never split, always uploaded), written if a helper writes them.
  const throughCalls = arraysThroughCalls(module, entry);
  for (const name of throughCalls.used) foreign.add(name);
  for (const name of throughCalls.stored) stored.add(name);

  // Output-only arrays stored at the own index by a top-level statement, before any statement that could end
  // the invocation or skip the store: every element < n is written, so the launch need not upload them.
  const loaded = new Set<string>();
  walkStmts(entry.body, () => undefined, (e) => {
    if ((e.op === 'load' || e.op === 'length') && e.array.op === 'local') loaded.add(e.array.name);
    if (e.op === 'matrixLoad' || e.op === 'rowGet') loaded.add(e.matrix);
  });
  // Arrays a helper only writes are not read: like the kernel's own, they need no upload (scattered below).
  for (const name of throughCalls.read) loaded.add(name);
  const overwritten = new Set<string>();
  const mayExit = (s: Stmt): boolean => {
    let exits = false;
    walkStmts([s], (x) => { if (x.kind === 'return' || x.kind === 'break' || x.kind === 'continue') exits = true; }, () => undefined);
    return exits;
  };
  if (ownIndex !== undefined) {
    for (const s of entry.body) {
      if (s.kind === 'store' && s.array.op === 'local' && s.index.op === 'local' && s.index.name === ownIndex) overwritten.add(s.array.name);
      if (mayExit(s)) break;
    }
  }

  const params: KernelParam[] = [];
  const arrays = new Map<string, ArrayParam>();
  const checked = new Map<string, 'own-index' | 'any-index'>();
  for (const p of entry.params.slice(grid)) {
    if (p.type.kind === 'array' && df && p.type.element === 'f64') {
      // (hi, lo) pairs (abi.ts `pairs`): always uploaded; split across dispatches like f32 arrays when only
      // accessed at the own index.
      const param: ArrayParam = {
        kind: 'array', name: p.name, element: 'f32', writes: stored.has(p.name), elementwise: ownIndex !== undefined && !foreign.has(p.name), pairs: true,
      };
      params.push(param);
      arrays.set(p.name, param);
    } else if (p.type.kind === 'array') {
      const element = checkArrayElement(p.name, p.type.element, (c, d) => fail(c, d));
      const writes = stored.has(p.name);
      const overwrites = overwritten.has(p.name) && !loaded.has(p.name) && !foreign.has(p.name);
      const param: ArrayParam = {
        kind: 'array', name: p.name, element, writes, elementwise: ownIndex !== undefined && !foreign.has(p.name), overwrites,
        ...(writes && !overwrites && !loaded.has(p.name) ? { scattered: true } : {}),
      };
      params.push(param);
      arrays.set(p.name, param);
    } else if (p.type.kind === 'matrix') {
      // Packed row-major in f32 per launch (runtime/host.ts); every access goes through a checked helper. One
      // the kernel only writes is scattered: not uploaded, its stores marked and only those written back.
      const writes = stored.has(p.name);
      const param: ArrayParam = {
        kind: 'array', name: p.name, element: 'f32', writes, elementwise: false, matrix: p.type.layout,
        ...(writes && !loaded.has(p.name) ? { scattered: true } : {}),
      };
      params.push(param);
      arrays.set(p.name, param);
      checked.set(p.name, 'any-index');
    } else if (p.type.kind === 'i32' || p.type.kind === 'f64' || p.type.kind === 'bool') {
      params.push({ kind: 'scalar', name: p.name, type: p.type.kind === 'f64' ? (df ? 'df' : 'f32') : p.type.kind });
    } else {
      wgslType(p.type, em, `the parameter '${p.name}'`);
    }
  }

  let returns: KernelReturn | undefined;
  if (entry.returnType.kind !== 'void') {
    const t = entry.returnType.kind;
    if (t === 'f64') returns = df ? 'df' : 'f32';
    else if (t === 'i32') returns = 'i32';
    else if (t === 'bool') returns = 'u32';
    else fail(`returning ${t === 'tuple' ? 'an array literal (tuple)' : t}`, 'a GPU kernel returns one number per invocation, reduced across invocations');
  }
  if (options.reduce && !returns) fail('a reduce option on a kernel that returns nothing', "return a number from the kernel to reduce it with 'sum', 'min' or 'max'");

  // A 1-D reduction's arrays read only at the own index and never written: read through lanes, which the
  // vector entry fills from 16-byte loads (vector.ts). Not under f64-emulated (pairs are 8 bytes an element).
  const ownLoads = new Set<string>();
  walkStmts(entry.body, () => undefined, (e) => {
    if (e.op === 'load' && e.array.op === 'local' && e.index.op === 'local' && e.index.name === ownIndex) ownLoads.add(e.array.name);
  });
  const lanes = returns === undefined || grid !== 1 || df ? [] : [...arrays.values()].filter((a) => ownLoads.has(a.name) && a.elementwise && !a.writes && !a.matrix && !a.pairs);

  let usesRandom = false;
  const loops = { count: 0 };
  const ranges = { count: 0 };
  const out: string[] = [];
  const spans: (Span | undefined)[] = [];
  const flush = (): void => {
    out.push(...em.lines);
    spans.push(...em.spans);
    em.lines.length = 0;
    em.spans.length = 0;
  };
  out.push(...WGSL_HELPERS.trim().split('\n'));
  if (df) out.push(...DF_WGSL.trim().split('\n'));
  spans.push(...out.map(() => undefined));

  // Bounds-checked accessors, one per array: out of bounds reads NaN (0 for integers), writes are dropped. The
  // bound is the binding's length, and 0 for an empty array: its buffer holds one dummy word (WebGPU has no
  // empty bindings), which arrayLength would count.
  [...arrays.values()].forEach((a, k) => {
    if (df && !a.matrix) {
      // Double-f32 readers (df32.ts): a Float64Array's pairs replace the helpers below; integer arrays add one.
      for (const line of dfArrayHelpers(a)) {
        out.push(line);
        spans.push(undefined);
      }
      if (a.pairs) return;
    }
    if (a.matrix) {
      for (const line of matrixHelpers(a, arrayFlagBit(k))) {
        out.push(line);
        spans.push(undefined);
      }
      return;
    }
    const id = wgslIdent(a.name);
    const within = `k < numbat_bound_${id}()`;
    out.push(`fn numbat_bound_${id}() -> u32 { return min(arrayLength(&a_${id}), ${boundLength(a)}); }`);
    spans.push(undefined);
    const row = storageRow(a.element);
    out.push(`fn numbat_ld_${id}(k: u32) -> ${row.wgsl} { if (${within}) { return a_${id}[k]; } return ${row.outOfBounds}; }`);
    spans.push(undefined);
    if (!row.float) {
      out.push(`fn numbat_ldf_${id}(k: u32) -> f32 { if (${within}) { return f32(a_${id}[k]); } return numbat_nan(); }`);
      spans.push(undefined);
    }
    if (a.writes) {
      // A scattered array's stores also mark their element, for the copy back (see ArrayParam.scattered).
      const mark = a.scattered ? ` atomicOr(&numbat_wm_${id}[k >> 5u], 1u << (k & 31u));` : '';
      out.push(`fn numbat_st_${id}(k: u32, v: ${row.wgsl}) { if (${within}) { a_${id}[k] = v;${mark} } }`);
      spans.push(undefined);
    }
  });

  // A helper that takes arrays is emitted once per combination of kernel arrays it is called with (WGSL
  // functions cannot take storage buffers): `f_norm__xs` reads the binding a_xs wherever `norm` reads its array.
  const variants = new Map<string, { fn: IRFunction; arrays: ReadonlyMap<string, ArrayParam> }>();
  const pending: string[] = [];
  const variant = (callee: IRFunction, bound: ReadonlyMap<string, ArrayParam>): string => {
    const name = `f_${wgslIdent(callee.name)}${[...bound.values()].map((a) => `__${wgslIdent(a.name)}`).join('')}`;
    if (!variants.has(name)) {
      variants.set(name, { fn: callee, arrays: bound });
      pending.push(name);
    }
    return name;
  };
  const takesArrays = (fn: IRFunction): boolean => fn.params.some((p) => p.type.kind === 'array' || p.type.kind === 'matrix');

  const emitFunction = (fn: IRFunction, fname: string, bound: ReadonlyMap<string, ArrayParam>): void => {
    const isEntry = fn === entry;
    if (fn.usesRandom) usesRandom = true;
    em.span = undefined;
    em.indent = 1;
    const intLocals = integerLocals(fn);
    const ctx: FunctionContext = {
      fn, arrays: bound, ownIndex: isEntry ? ownIndex : undefined, isEntry, returns: isEntry ? returns : undefined, intLocals, checked, loops, ranges, variant,
      ...(isEntry && lanes.length > 0 ? { lanes: new Set(lanes.map((a) => a.name)) } : {}),
    };
    const fe = new FunctionEmitter(em, ctx, module);
    const signature: string[] = [];
    const copies: string[] = [];
    fn.params.forEach((p, k) => {
      if (isEntry && k < grid) {
        signature.push(`numbat_g${k}: i32`);
        const f = df ? `numbat_df_i32(numbat_g${k})` : `f32(numbat_g${k})`;
        copies.push(`var ${local(p.name)}: ${p.type.kind === 'i32' ? 'i32' : df ? DF_TYPE : 'f32'} = ${p.type.kind === 'i32' ? `numbat_g${k}` : f};`);
        return;
      }
      if (bound.has(p.name)) return;
      if (isEntry) {
        const t = wgslType(p.type, em, `the parameter '${p.name}'`);
        const id = wgslIdent(p.name);
        const value = t === 'bool' ? `numbat_P.s_${id} != 0u` : t === DF_TYPE ? `${DF_TYPE}(numbat_P.s_${id}, numbat_P.s_${id}_lo)` : `numbat_P.s_${id}`;
        copies.push(`var ${local(p.name)}: ${t} = ${value};`);
        return;
      }
      if (p.type.kind === 'row') fail(`a row of a 2-D array as a parameter of the helper ${fn.name}`, 'pass the 2-D array and the row index');
      const t = wgslType(p.type, em, `a parameter of the helper ${fn.name}`);
      signature.push(`p_${wgslIdent(p.name)}: ${t}`);
      copies.push(`var ${local(p.name)}: ${t} = p_${wgslIdent(p.name)};`);
    });
    if (!isEntry && fn.returnType.kind === 'row') fail(`a row of a 2-D array returned by the helper ${fn.name}`, 'return the row index instead');
    // A df entry returns a double-f32 pair (df32.ts), not a storage row.
    const ret = isEntry ? returns && (returns === 'df' ? DF_TYPE : storageRow(returns).wgsl) : fn.returnType.kind === 'void' ? undefined : wgslType(fn.returnType, em, `the result of ${fn.name}`);
    em.lines.push(`fn ${fname}(${signature.join(', ')})${ret ? ` -> ${ret}` : ''} {`);
    em.spans.push(undefined);
    for (const c of copies) em.line(c);
    for (const l of fn.locals) {
      if (fn.params.some((p) => p.name === l.name)) continue;
      if (l.type.kind === 'array' || l.type.kind === 'matrix') continue; // rejected at its declaration, with its line
      em.line(`var ${local(l.name)}: ${wgslType(l.type, em, `the variable '${l.name}'`)};`);
      if (intLocals.has(l.name)) em.line(`var w_${wgslIdent(l.name)}: i32;`);
    }
    fe.stmts(fn.body);
    // WGSL requires a function with a result not to reach its end (its behaviour analysis: an `if` whose both
    // arms return does not; a loop with a `break` may). Returning paths numbat proved, the rest unreachable in
    // JS too (a bare or implicit `return` is refused), so this return is never run; where WGSL already knows the
    // end is unreachable it is left out, since Dawn would print an "unreachable code" warning for it.
    if (ret && !endsInReturn(fn.body)) em.line(`return ${ret === 'f32' ? 'numbat_nan()' : ret === DF_TYPE ? `${DF_TYPE}(numbat_nan(), 0.0)` : ret === 'bool' ? 'false' : `${ret}(0)`};`);
    em.lines.push('}');
    em.spans.push(undefined);
    flush();
  };
  for (const fn of module.functions) {
    if (fn === entry) emitFunction(fn, 'numbat_kernel', arrays);
    else if (!takesArrays(fn)) emitFunction(fn, `f_${wgslIdent(fn.name)}`, new Map());
  }
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    const v = variants.get(name)!;
    emitFunction(v.fn, name, v.arrays);
  }

  // Checked integer reads: flag bit k (k-th array parameter) and read 0; the launch then rejects.
  const arrayParams = params.filter((p): p is ArrayParam => p.kind === 'array');
  arrayParams.forEach((a, k) => {
    if (!checked.has(a.name) || a.matrix) return; // a matrix's helpers flag by themselves
    const id = wgslIdent(a.name);
    const t = storageRow(a.element).wgsl;
    out.push(
      `fn numbat_ldc_${id}(k: u32) -> ${t} { if (k < numbat_bound_${id}()) { return a_${id}[k]; } numbat_flag_oob(${arrayFlagBit(k)}u); return ${t}(0); }`,
    );
    spans.push(undefined);
  });
  for (const a of lanes) {
    for (const line of laneFunctions(a, checked.has(a.name))) {
      out.push(line);
      spans.push(undefined);
    }
  }
  const finalParams = params.map((p) => (p.kind === 'array' && checked.has(p.name) ? { ...p, checkedReads: checked.get(p.name)! } : p));

  const locate = options.locate;
  return recordKernel(module, options, {
    name: entry.name,
    grid,
    params: finalParams,
    body: out.join('\n'),
    usesRandom,
    ...(loops.count > 0 ? { boundedLoops: true } : {}),
    ...(df ? { rangeChecks: 'f64-emulated' as const } : ranges.count > 0 ? { rangeChecks: 'integers' as const } : {}),
    ...(returns ? { returns, reduce: options.reduce ?? 'sum' } : {}),
    ...(lanes.length > 0 ? { laneReads: lanes.map((a) => a.name) } : {}),
    ...(locate
      ? {
          locate: (line: number) => {
            // A line without a span (a brace, a helper) takes the nearest statement above it.
            for (let k = Math.min(line, spans.length - 1); k >= 0; k--) {
              const s = spans[k];
              if (s) return locate(s);
            }
            return undefined;
          },
        }
      : {}),
  });
}

/**
 * The kernel's arrays that helper functions use, those they read and those they write, following calls (a helper's array
 * parameter stands for the kernel array passed at the call).
 */
function arraysThroughCalls(module: IRModule, entry: IRFunction): { used: Set<string>; stored: Set<string>; read: Set<string> } {
  const used = new Set<string>();
  const stored = new Set<string>();
  const read = new Set<string>();
  const seen = new Set<string>();
  const visit = (fn: IRFunction, names: ReadonlyMap<string, string>): void => {
    walkStmts(
      fn.body,
      (s) => {
        if (s.kind === 'store' && s.array.op === 'local' && names.has(s.array.name)) stored.add(names.get(s.array.name)!);
        if (s.kind === 'matrixStore' && names.has(s.matrix)) stored.add(names.get(s.matrix)!);
      },
      (e) => {
        if ((e.op === 'load' || e.op === 'length') && e.array.op === 'local' && names.has(e.array.name)) read.add(names.get(e.array.name)!);
        if ((e.op === 'matrixLoad' || e.op === 'rowGet') && names.has(e.matrix)) read.add(names.get(e.matrix)!);
        if (e.op !== 'call') return;
        const callee = module.functions.find((f) => f.name === e.callee);
        if (!callee) return;
        const bound = new Map<string, string>();
        callee.params.forEach((p, k) => {
          const a = e.args[k];
          if ((p.type.kind === 'array' || p.type.kind === 'matrix') && a?.op === 'local') {
            const name = fn === entry ? a.name : names.get(a.name);
            if (name !== undefined) {
              bound.set(p.name, name);
              used.add(name);
            }
          }
        });
        const key = `${callee.name}(${[...bound].join(',')})`;
        if (bound.size > 0 && !seen.has(key)) {
          seen.add(key);
          visit(callee, bound);
        }
      },
    );
  };
  visit(entry, new Map());
  return { used, stored, read };
}

/** Whether WGSL's behaviour analysis sees `stmts` never reach their end: a `return`, or an `if` whose arms both do. */
function endsInReturn(stmts: readonly Stmt[]): boolean {
  const last = stmts[stmts.length - 1];
  if (last?.kind === 'return') return true;
  return last?.kind === 'if' && last.else.length > 0 && endsInReturn(last.then) && endsInReturn(last.else);
}

/**
 * The checked accessors of a 2-D array parameter (see `abi.ts`): elements by (row, column) as `m.get`/`m.set`
 * do, rows as indices (`m[i]`, `m.row(i)`; -1 is null) and their elements. An access JavaScript would answer
 * differently from a rectangle (a row or column outside it, a null row) sets the parameter's flag `bit`, and
 * the launch rejects with a GpuOutOfBoundsError; a column outside a row reads NaN, as JS's `undefined` becomes.
 */
function matrixHelpers(a: ArrayParam, bit: number): string[] {
  const id = wgslIdent(a.name);
  const rows = `numbat_P.rows_${id}`;
  const cols = `numbat_P.cols_${id}`;
  const flag = `numbat_flag_oob(${bit}u);`;
  const lines = [
    `fn numbat_mget_${id}(r: u32, c: u32) -> f32 { if (r < ${rows} && c < ${cols}) { return a_${id}[r * ${cols} + c]; } ${flag} return numbat_nan(); }`,
    `fn numbat_row_${id}(r: u32) -> i32 { if (r < ${rows}) { return i32(r); } ${flag} return -1i; }`,
    `fn numbat_rget_${id}(row: i32, c: u32) -> f32 { if (row < 0i) { ${flag} return numbat_nan(); } if (c < ${cols}) { return a_${id}[u32(row) * ${cols} + c]; } return numbat_nan(); }`,
  ];
  if (a.writes) {
    // A column past a row's end: an Array2D row is a typed-array view (the write is dropped, as JS does); a
    // number[][] row is a JS array, which the write would lengthen: the GPU cannot, so that rejects.
    const past = a.matrix === 'array2d' ? '' : ` else { ${flag} }`;
    // A scattered matrix (only written) marks each stored element for the copy back (see ArrayParam.scattered).
    const store = (k: string): string => `{ let k = ${k}; a_${id}[k] = v;${a.scattered ? ` atomicOr(&numbat_wm_${id}[k >> 5u], 1u << (k & 31u));` : ''} }`;
    lines.push(
      `fn numbat_mset_${id}(r: u32, c: u32, v: f32) { if (r < ${rows} && c < ${cols}) ${store(`r * ${cols} + c`)} else { ${flag} } }`,
      `fn numbat_rset_${id}(row: i32, c: u32, v: f32) { if (row < 0i) { ${flag} return; } if (c < ${cols}) ${store(`u32(row) * ${cols} + c`)}${past} }`,
    );
  }
  return lines;
}

/** Hands the spec to the code-generation recorder (`NUMBAT_RECORD_CODEGEN`, see `jit/record.ts`) when it is on. */
function recordKernel(module: IRModule, options: WgslBackendOptions, spec: KernelSpec): KernelSpec {
  if (recording) {
    const { locate: _, ...rest } = spec;
    recordCodegen('wgsl', spec.name, `${JSON.stringify(module)}\n${options.grid} ${options.reduce ?? ''}`, `${spec.body}\n${JSON.stringify({ ...rest, body: undefined })}\n`);
  }
  return spec;
}
