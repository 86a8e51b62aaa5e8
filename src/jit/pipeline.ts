/**
 * The only place the compiler's stages are chained, per target:
 *
 * - **JS** ({@link compileSpecialization}): parse → infer → lower → hoist bounds checks (`passes/hoist.ts`) →
 *   read invariant `number[][]` rows before their loops (`passes/invariant-rows.ts`) → unroll (`passes/unroll.ts`) → generate JavaScript (`js/codegen.ts`) → instantiate (`js/runtime.ts`).
 * - **IR for other backends** ({@link lowerToIR}, {@link lowerForKernel}): parse → infer → lower; the WGSL
 *   backend of `@gpu` generates from it (`gpu/codegen-wgsl.ts`). A further target (Wasm) starts here too.
 *
 * @module
 */
import { unwrap, type AnyFunction } from '../decorate.js';
import { inferFunction } from './infer/specialize.js';
import { newEnv } from './infer/scope.js';
import { withScopeMath } from './infer/functions.js';
import { MAX_LENGTH, avOfType, numAV, type AV } from './infer/lattice.js';
import { lowerModule } from './lower.js';
import { hoistBoundsChecks } from './passes/hoist.js';
import { unrollLoops } from './passes/unroll.js';
import { hoistInvariantRows } from './passes/invariant-rows.js';
import { generateJS, type GenerateOptions } from './js/codegen.js';
import { instantiate } from './js/runtime.js';
import { JitError, locateError } from './errors.js';
import { recordCodegen, recording } from './record.js';
import { lazyCallerFile, parsedOf, resolver } from './dispatch/registry.js';
import { typeName, type Type } from './types.js';
import { walkIR, type IRModule } from './ir.js';
import { nextRandom } from './random.js';
import { describeFrozen, moduleGlobals, newOuterEnv } from './infer/outer.js';
import { chooseBackend, type BackendChoice, type BackendOptions } from './wasm/index.js';
import { outlineRegions } from './parallel/outline.js';
import { ParallelRuntime } from './parallel/runtime.js';
import { regionChoice } from './parallel/backend.js';


/**
 * Compiles `fn` for argument types, without the dispatcher: the IR module, the generated source and the
 * compiled function. Throws a located {@link JitError} when it cannot.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const { signature, fn } = compileSpecialization(std, [{ kind: 'array', element: 'f64' }]);
 * signature; // → '(Float64Array) -> f64'
 * fn(new Float64Array([1, 2, 3])); // → 2
 * ```
 */
export function compileSpecialization(
  original: AnyFunction,
  argTypes: readonly Type[],
  scope?: Readonly<Record<string, AnyFunction>>,
  generate: GenerateOptions = {},
  site?: string,
): CompiledSpecialization {
  return compileAt(original, argTypes, scope, generate, site !== undefined ? () => site : lazyCallerFile());
}

/**
 * What {@link compileSpecialization} returns.
 *
 * @example
 * ```ts
 * import { compileSpecialization, type CompiledSpecialization } from 'numbat/internals';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const compiled: CompiledSpecialization = compileSpecialization(std, [{ kind: 'array', element: 'f64' }]);
 * compiled.module.entry; // → 'std'
 * // No prange loop, so no parallel regions:
 * compiled.regions; // → undefined
 * ```
 */
export interface CompiledSpecialization {
  /** The specialization's types as the dispatcher reports them, e.g. `(Float64Array) -> f64`. */
  signature: string;
  /** The IR the JS backend consumed: lowered, bounds checks hoisted out of loops (`hoist.ts`), small loops unrolled (`unroll.ts`). */
  module: IRModule;
  /** The generated JavaScript function body (runtime helpers arrive as parameters). */
  source: string;
  /** The compiled entry function; calls it with the same arguments as the original. */
  fn: AnyFunction;
  /** The IR as lowered, before the JS backend's passes: the Wasm backend's input (its loops keep their shape). */
  lowered?: IRModule;
  /** How many prange loops became parallel regions (absent: none). */
  regions?: number;
}

/** Whether a module's code draws random numbers (its fallback then draws from memoJit's stream too). */
export function usesRandom(module: IRModule): boolean {
  let random = false;
  for (const f of module.functions) walkIR(f.body, { expr: (e) => { if (e.op === 'random') random = true; } });
  return random;
}

/**
 * The plain function as a fallback of code that draws random numbers: it draws from memoJit's seeded stream
 * too, so a call that falls back (ragged rows, a too-narrow `number[][]`) neither leaves `memoJit.seed`'s
 * sequence nor gives a different stream from the compiled path.
 */
function seededFallback(original: AnyFunction): (thisArg: unknown, args: ArrayLike<unknown>) => unknown {
  return (thisArg, args) => {
    const own = Math.random;
    Math.random = nextRandom;
    try {
      return original.apply(thisArg, args as unknown as unknown[]);
    } finally {
      Math.random = own;
    }
  };
}

/**
 * {@link compileSpecialization} with the file that resolves calls to other memoJit functions given lazily
 * (the dispatcher's path: it captured the decoration site without formatting it).
 *
 * @example
 * ```ts
 * import { lazyCallerFile } from './dispatch/registry.js';
 * import { compileAt } from './pipeline.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * // The dispatcher's call: the decoration site is captured now, formatted only if a call needs it.
 * const { fn } = compileAt(std, [{ kind: 'array', element: 'f64' }], undefined, {}, lazyCallerFile());
 * fn(new Float64Array([2, 4])); // → 3
 * ```
 */
export function compileAt(
  original: AnyFunction,
  argTypes: readonly Type[],
  scope: Readonly<Record<string, AnyFunction>> | undefined,
  generate: GenerateOptions,
  site: () => string | undefined,
  thisType?: Type,
): CompiledSpecialization {
  try {
    const parsed = parsedOf(original);
    const env = newEnv(withScopeMath(resolver(scope, site), scope));
    env.outer = newOuterEnv(scope);
    const typing = inferFunction(parsed, argTypes, env, thisType ? { thisArg: avOfType(thisType, 'this') } : {});
    const globals = moduleGlobals(env.outer);
    // prange loops become regions (functions of the module) before the passes, which then treat them as any other.
    const { module: outlined, regions } = outlineRegions(lowerModule(env.order, typing));
    if (regions.length && globals.length) {
      // Worker threads instantiate the generated source alone: arrays bound from outside would not reach them.
      // the names in the user's source, not the module's `#g0`
      const bound = env.outer.frozen.filter((f) => 'global' in f && globals.some((g) => g.name === f.global));
      const classes = [...new Set(bound.filter((f) => f.kind === 'class').map((f) => f.name))];
      const arrays = [...new Set(bound.filter((f) => f.kind !== 'class').map((f) => f.name))];
      const parts = [
        ...(classes.length ? [`construct the class${classes.length > 1 ? 'es' : ''} ${classes.join(', ')} (worker threads run the generated code alone and cannot reach a class defined outside it): construct the instances outside the compiled function and pass them as arguments (their methods then run in every thread), or keep the prange loop's body to numbers and typed arrays`] : []),
        ...(arrays.length ? [`read arrays from outside it (${arrays.join(', ')}) yet: pass them as arguments`] : []),
      ];
      throw new JitError(`a function with a prange loop cannot ${parts.join(', nor ')}`, {
        construct: 'prange loop', source: parsed.source, span: parsed.node, functionName: parsed.name || undefined, origin: parsed.origin,
      });
    }
    const lowered = { ...outlined, ...(globals.length ? { globals } : {}) };
    const module = { ...unrollLoops(hoistInvariantRows(hoistBoundsChecks(lowered))), ...(globals.length ? { globals } : {}) };
    const frozen = describeFrozen(env.outer.frozen);
    const { source: code } = generateJS(module, generate);
    // What was taken from outside, as a comment the generated code (and so `inspect()`) starts with.
    const source = frozen.length ? `// frozen from outside: ${frozen.join('; ')}\n${code}` : code;
    if (recording) recordCodegen('js', original.name, `${original.toString()}\n${JSON.stringify(argTypes)}\n${JSON.stringify(generate)}`, source);
    const par = regions.length ? new ParallelRuntime(regions, source, typeof generate.parallel === 'object' ? generate.parallel : {}, generate.parallel !== undefined && generate.parallel !== false) : undefined;
    const fallback = usesRandom(module) ? seededFallback(original) : (thisArg: unknown, args: ArrayLike<unknown>): unknown => original.apply(thisArg, args as unknown as unknown[]);
    const instantiated = instantiate(source, fallback, globals.map((g) => g.value), par);
    const fn = par ? par.entry(instantiated) : instantiated;
    const ret = module.functions[module.functions.length - 1]!.returnType;
    const signature = `(${[...(thisType ? [`this: ${typeName(thisType)}`] : []), ...argTypes.map(typeName)].join(', ')}) -> ${typeName(ret).replaceAll(/row<[^>]*>/g, 'row')}`;
    return { signature, module, source, fn, lowered, ...(regions.length ? { regions: regions.length } : {}) };
  } catch (error) {
    if (error instanceof JitError) throw locateError(error, error.origin ?? original);
    throw error;
  }
}

/**
 * The entry function of generated JavaScript `source` for `original`, as {@link compileAt} instantiates it,
 * without compiling: the persistent cache's path (`cache/compile.ts`). `random`: the code draws random numbers.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 * import { instantiateSource } from './pipeline.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * // A source read back from the disk cache becomes a function again (no random draws: `false`).
 * const { source } = compileSpecialization(std, [{ kind: 'array', element: 'f64' }]);
 * instantiateSource(std, source, false)(new Float64Array([2, 4])); // → 3
 * ```
 */
export function instantiateSource(original: AnyFunction, source: string, random: boolean): AnyFunction {
  return instantiate(source, random ? seededFallback(original) : (thisArg: unknown, args: ArrayLike<unknown>): unknown => original.apply(thisArg, args as unknown as unknown[]));
}

/**
 * {@link compileAt}, then the backend choice (`wasm/index.ts`): the same specialization on the Wasm backend when
 * the options and its routing rules say so, with the JS backend's entry as the answer when Wasm traps.
 *
 * @example
 * ```ts
 * import { lazyCallerFile } from './dispatch/registry.js';
 * import { compileForBackend } from './pipeline.js';
 *
 * function collatz(n: number) {
 *   let steps = 0;
 *   while (n !== 1) {
 *     n = n % 2 === 0 ? n / 2 : 3 * n + 1;
 *     steps++;
 *   }
 *   return steps;
 * }
 * const { fn, choice } = compileForBackend(collatz, [{ kind: 'i32' }], undefined, lazyCallerFile(), { backend: 'wasm' });
 * choice.backend; // → 'wasm'
 * fn(27); // → 111
 * ```
 */
export function compileForBackend(
  original: AnyFunction,
  argTypes: readonly Type[],
  scope: Readonly<Record<string, AnyFunction>> | undefined,
  site: () => string | undefined,
  options: BackendOptions & { readonly parallel?: GenerateOptions['parallel'] },
  thisType?: Type,
): CompiledSpecialization & { readonly choice: BackendChoice } {
  const compiled = compileAt(original, argTypes, scope, options.parallel ? { parallel: options.parallel } : {}, site, thisType);
  // prange regions: the entry stays JavaScript, each region runs where parallel/backend.ts decides.
  const choice = compiled.regions
    ? regionChoice(compiled.fn, compiled.lowered ?? compiled.module, options)
    : chooseBackend(compiled.lowered ?? compiled.module, compiled.fn, options);
  return { ...compiled, fn: choice.fn, choice };
}

/**
 * The IR module of `fn` specialized for argument types, without generating code: the entry point for other
 * backends (the WGSL backend of `@gpu` lowers the same IR). Throws a located {@link JitError} when it cannot.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * function scale(xs: Float32Array, k: number) {
 *   for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k;
 * }
 * const module = lowerToIR(scale, [{ kind: 'array', element: 'f32' }, { kind: 'i32' }]);
 * module.functions.map((f) => [f.name, f.returnType]); // → [ [ 'scale', { kind: 'void' } ] ]
 * ```
 */
export function lowerToIR(original: AnyFunction, argTypes: readonly Type[], scope?: Readonly<Record<string, AnyFunction>>): IRModule {
  try {
    const parsed = parsedOf(unwrap(original).original);
    const env = newEnv(withScopeMath(resolver(scope, lazyCallerFile()), scope));
    return lowerModule(env.order, inferFunction(parsed, argTypes, env));
  } catch (error) {
    if (error instanceof JitError) throw locateError(error, error.origin ?? original);
    throw error;
  }
}

/**
 * The IR of a `@gpu` kernel: `fn` specialized for `argTypes`, whose first `grid` parameters are invocation
 * indices, known to lie in [0, 2^31 - 1), so `i + 1` stays an integer (`i32`) rather than a float, which
 * matters on the GPU, where floats are f32 and exact only up to 2^24 (`2 * i + 1` may pass 2^31 and is typed
 * as a float like any other sum that can). Calls to other memoJit functions resolve
 * only through the registry: such a kernel is lowered again as {@link lowerToIR} does (the index is then any
 * int32, which is still exact; only index arithmetic may become f32). Throws a located {@link JitError}.
 *
 * @example
 * ```ts
 * import { lowerForKernel } from './pipeline.js';
 *
 * // A @gpu kernel: the first parameter is the grid index, known to be in [0, 2^31 - 1).
 * function saxpy(i: number, a: number, x: Float32Array, y: Float32Array) {
 *   y[i] = a * x[i]! + y[i]!;
 * }
 * const module = lowerForKernel(saxpy, [{ kind: 'i32' }, { kind: 'f64' }, { kind: 'array', element: 'f32' }, { kind: 'array', element: 'f32' }], 1);
 * module.entry; // → 'saxpy'
 * ```
 */
export function lowerForKernel(original: AnyFunction, argTypes: readonly Type[], grid: number): IRModule {
  const parsed = parsedOf(original);
  try {
    const env = newEnv(() => undefined);
    const args: AV[] = argTypes.map((t, k) => {
      if (k < grid) return numAV(0, MAX_LENGTH - 1, true);
      const param = parsed.params[k];
      return avOfType(t, param?.type === 'Identifier' ? (param.name as string) : `arg${k}`);
    });
    return lowerModule(env.order, inferFunction(parsed, argTypes, env, { args }));
  } catch (error) {
    if (!(error instanceof JitError)) throw error;
    try {
      return lowerToIR(original, argTypes);
    } catch {
      throw locateError(error, error.origin ?? original);
    }
  }
}
