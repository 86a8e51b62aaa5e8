/**
 * Outlining: each prange loop of the entry function (marked by lowering, `loops.ts`) becomes a region, a
 * function of the module that runs one chunk of iterations, `region(lo, hi, seedLo, seedHi, launch,
 * ...reductions, ...captures)`, and returns its partial reductions as a tuple. The loop is replaced by a call
 * that the JavaScript backend emits as `$par.run(k, region, …)` (`runtime.ts` splits the iterations over
 * threads, combines the partials in chunk order and assigns them back).
 *
 * A region is ordinary IR, so any backend that compiles a module's functions (JavaScript now, WebAssembly
 * later) can run the same chunks; only `Math.random()` inside a region is backend-specific (Philox, keyed by
 * the iteration: `philox.ts`).
 *
 * This is also where races are refused, at compile time, naming the line: a scalar of the enclosing function
 * assigned in the loop must be a reduction (`reductions.ts`) and read nowhere else in the loop; an array the
 * loop writes must be written at the loop variable (`out[i] = …`) and read at nothing else.
 *
 * (Over 400 lines: building a region and refusing its races read the same facts about one loop, its
 * declared names, reductions and captures, which one class keeps in one place.)
 *
 * @module
 */
import { JitError } from '../errors.js';
import { walkIR, type Expr, type IRFunction, type IRModule, type Loop, type Param, type Stmt } from '../ir.js';
import { BOOL, F64, I32, VOID, plainElement, typeName, type Type } from '../types.js';
import { prangeOf, type PrangeLoop } from './loops.js';
import { identityOf, reductionOf, REDUCTIONS, type ReductionKind } from './reductions.js';
import { countDraws, staticDraws } from './draws.js';
import { callLongArrays } from './session.js';
import { arrayMethodWrites } from '../ops/arrays.js';

/**
 * What the runtime needs to know about one region (everything serializable, for the worker threads, except
 * `origin`).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions, type RegionMeta } from './outline.js';
 *
 * function scaleAndSum(xs: Float64Array, k: number) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) { xs[i] = k * xs[i]!; s += xs[i]!; }
 *   return s;
 * }
 * const { regions } = outlineRegions(lowerToIR(scaleAndSum, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]));
 * const meta: RegionMeta = regions[0]!;
 * [meta.step, meta.reductions, meta.written, meta.random]; // → [ 1, [ { kind: 'sum', type: 'f64', identity: -0 } ], [ 0 ], false ]
 * ```
 */
export interface RegionMeta {
  /** The loop's constant step. */
  readonly step: number;
  /** The reductions, in the order of the region's reduction parameters and returned tuple. */
  readonly reductions: ReadonlyArray<{ readonly kind: ReductionKind; readonly type: 'i32' | 'f64' | 'bool'; readonly identity: number | boolean }>;
  /** Positions (among the call's arguments after the reductions, matrices expanded) of arrays the loop writes. */
  readonly written: readonly number[];
  /**
   * Captured arrays whose shared copy lasts the whole call (`session.ts`): their positions (as `written`'s),
   * the entry parameter each one is, and whether serial code of the entry writes it.
   */
  readonly callLong: ReadonlyArray<readonly [position: number, param: number, serialWrites: boolean]>;
  /** Whether the loop draws `Math.random()` (then each run of the region is one Philox launch). */
  readonly random: boolean;
  /**
   * Draws per iteration read from a strip the runtime fills (`draws.ts`, `strips.ts`), 0 for none; when not
   * 0 the region takes the strip as the parameter after `launch`.
   */
  readonly strip: number;
  /** The loop in the user's source, to locate errors (not sent to workers). */
  readonly where: { readonly span: { start: number; end: number }; readonly source: string; readonly functionName: string | undefined; readonly origin: Function | undefined };
}

/** The names the JavaScript backend's Philox draw reads in a region (see {@link regionRandomNames}). */
export interface RegionRandomNames {
  /** The iteration's value (the counter). */
  readonly counter: string;
  /** The region's end (its `hi` parameter): batches stop there. */
  readonly stop: string;
  /** The loop's step, a compile-time constant. */
  readonly step: number;
  /** A `Uint32Array(4)`: the block of draws 2 and later (`lateDraw`). */
  readonly words: string;
  /** Draws made in this iteration. */
  readonly used: string;
  /** The batch's draws (`DrawBatch.draws`), its first iteration's value, its length, and a scratch position. */
  readonly draws: string;
  readonly base: string;
  readonly count: string;
  readonly at: string;
  /** Key and launch: the seed's low and high words, and the region's launch number. */
  readonly seedLo: string;
  readonly seedHi: string;
  readonly launch: string;
}

// Keyed by a region's `params` array: the passes after outlining copy functions with `{ ...f, body }`, which
// keeps that array. `held`: the entry's variables (and their parameter numbers) holding call-long copies, which
// the entry sets to the array the region used after each call (`session.ts`).
const regionInfo = new WeakMap<readonly Param[], { index: number; random: RegionRandomNames | undefined; held: Array<readonly [string, number]> }>();

/**
 * The region number of `f` if it is a region (the `k` of `$par.run(k, …)`).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions, regionIndex } from './outline.js';
 *
 * function twoLoops(xs: Float64Array) {
 *   for (const i of prange(xs.length)) xs[i] = i;
 *   for (const i of prange(xs.length)) xs[i] = xs[i]! * 2;
 * }
 * const { module } = outlineRegions(lowerToIR(twoLoops, [{ kind: 'array', element: 'f64' }]));
 * module.functions.map((f) => [f.name, regionIndex(f)]); // → [ [ '$region0', 0 ], [ '$region1', 1 ], [ 'twoLoops', undefined ] ]
 * ```
 */
export function regionIndex(f: IRFunction): number | undefined {
  return regionInfo.get(f.params)?.index;
}

/**
 * The locals the Philox draw of region `f` uses, or `undefined` if `f` is no region or draws nothing.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions, regionRandomNames } from './outline.js';
 *
 * function noisy(xs: Float64Array) {
 *   for (const i of prange(xs.length)) if (xs[i]! > 0) xs[i] = Math.random();
 * }
 * const { module } = outlineRegions(lowerToIR(noisy, [{ kind: 'array', element: 'f64' }]));
 * const names = regionRandomNames(module.functions[0]!)!;
 * [names.counter, names.step, names.words]; // → [ '$pk', 1, '$pw' ]
 * regionRandomNames(module.functions[1]!); // → undefined
 * ```
 */
export function regionRandomNames(f: IRFunction): RegionRandomNames | undefined {
  return regionInfo.get(f.params)?.random;
}

/**
 * The entry's array variables that hold a call-long copy after a call of region `f` (`session.ts`), with
 * their parameter numbers; empty for none or for no region.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions, regionHeld } from './outline.js';
 *
 * // Serial code between the loops reads and writes xs: after each region, `xs = $par.held(0, xs)`.
 * function twice(xs: Float64Array) {
 *   for (const i of prange(xs.length)) xs[i] = i;
 *   xs[0] = xs[1]! + 1;
 *   for (const i of prange(xs.length)) xs[i] = xs[i]! * 2;
 * }
 * const { module } = outlineRegions(lowerToIR(twice, [{ kind: 'array', element: 'f64' }]));
 * module.functions.map((f) => [f.name, regionHeld(f)]); // → [ [ '$region0', [ [ 'xs', 0 ] ] ], [ '$region1', [ [ 'xs', 0 ] ] ], [ 'twice', [] ] ]
 * ```
 */
export function regionHeld(f: IRFunction): ReadonlyArray<readonly [string, number]> {
  return regionInfo.get(f.params)?.held ?? [];
}

/**
 * Outlines every prange loop of `module`'s entry function (see the module comment). Throws a located
 * {@link JitError} for a race, a `return`/`break` out of the loop, a nested prange or one in a callee.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { outlineRegions } from './outline.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * }
 * const { module, regions } = outlineRegions(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * module.functions.map((f) => f.name); // → [ '$region0', 'sum' ]
 * regions.length; // → 1
 * // A race the compiler can see is a located error.
 * function racy(xs: Float64Array) {
 *   for (const i of prange(xs.length - 1)) xs[i + 1] = xs[i]!;
 * }
 * outlineRegions(lowerToIR(racy, [{ kind: 'array', element: 'f64' }])); // → throws JitError: …
 * ```
 */
export function outlineRegions(module: IRModule): { module: IRModule; regions: RegionMeta[] } {
  const entry = module.functions[module.functions.length - 1]!;
  for (const f of module.functions) {
    if (f === entry) continue;
    const mark = findMark(f.body);
    if (mark) fail(mark, `prange loops run in parallel only in the function memoJit compiles, not in '${f.name}', which it calls`, 'prange in a called function');
  }
  if (!findMark(entry.body)) return { module, regions: [] };
  const outliner = new Outliner(module, entry);
  const body = outliner.stmts(entry.body);
  const newEntry: IRFunction = { ...entry, body, locals: [...entry.locals, ...outliner.extraLocals] };
  const callLong = callLongArrays(newEntry, new Set(outliner.captures.map((c) => c.region)), module.functions.slice(0, -1));
  const regions = outliner.metas.map((meta, k): RegionMeta => {
    const mine = outliner.captures[k]!.positions.filter(([name]) => callLong.has(name));
    const param = (name: string): number => newEntry.params.findIndex((p) => p.name === name);
    const info = regionInfo.get(outliner.regionFunctions[k]!.params);
    if (info) info.held = mine.map(([name]) => [name, param(name)] as const);
    return { ...meta, callLong: mine.map(([name, position]) => [position, param(name), callLong.get(name)!] as const) };
  });
  return { module: { ...module, functions: [...outliner.regionFunctions, ...module.functions.slice(0, -1), newEntry] }, regions };
}

function findMark(stmts: readonly Stmt[]): PrangeLoop | undefined {
  let found: PrangeLoop | undefined;
  walkIR(stmts, { stmt: (s) => { if (!found && s.kind === 'loop') found = prangeOf(s); } });
  return found;
}

function fail(where: PrangeLoop, message: string, construct: string, span: { start: number; end: number } = where.span): never {
  throw new JitError(message, { construct, span, source: where.source, ...(where.functionName ? { functionName: where.functionName } : {}), ...(where.origin ? { origin: where.origin } : {}) });
}

class Outliner {
  readonly regionFunctions: IRFunction[] = [];
  readonly metas: RegionMeta[] = [];
  readonly extraLocals: Param[] = [];
  /** Per region: its function's name, the arrays it writes, and each captured name's position among its arguments. */
  readonly captures: Array<{ region: string; written: ReadonlySet<string>; positions: Array<readonly [string, number]> }> = [];
  private readonly types = new Map<string, Type>();
  private readonly names = new Set<string>();

  constructor(private readonly module: IRModule, entry: IRFunction) {
    for (const p of [...entry.params, ...entry.locals]) this.types.set(p.name, p.type);
    for (const f of module.functions) {
      this.names.add(f.name);
      for (const p of [...f.params, ...f.locals]) this.names.add(p.name);
    }
  }

  private fresh(base: string): string {
    let name = `$${base}`;
    for (let n = 1; this.names.has(name); n++) name = `$${base}${n}`;
    this.names.add(name);
    return name;
  }

  stmts(list: readonly Stmt[]): Stmt[] {
    const out: Stmt[] = [];
    for (const s of list) {
      if (s.kind === 'loop') {
        const mark = prangeOf(s);
        if (mark) {
          out.push(...this.region(s, mark));
          continue;
        }
        out.push({ ...s, body: this.stmts(s.body) });
      } else if (s.kind === 'if') out.push({ ...s, then: this.stmts(s.then), else: this.stmts(s.else) });
      else out.push(s);
    }
    return out;
  }

  /** The region of one prange loop, and the statements that replace the loop in the entry. */
  private region(loop: Loop, mark: PrangeLoop): Stmt[] {
    const nested = findMark(loop.body);
    if (nested) fail(nested, 'a prange loop inside another prange loop: make the inner one a plain loop (the outer one already uses every thread)', 'nested prange');
    const declared = new Set<string>([mark.counter]);
    walkIR(loop.body, { stmt: (s) => { if (s.kind === 'declare') declared.add(s.name); } });
    this.checkControl(loop.body, mark);

    // Scalars of the enclosing function assigned in the loop: reductions, or a race.
    const updates = new Map<string, { kind: ReductionKind; span: { start: number; end: number } | undefined }>();
    const operandReads: Expr[] = [];
    walkIR(loop.body, {
      stmt: (s) => {
        if (s.kind !== 'assign' || declared.has(s.name)) return;
        const r = reductionOf(s);
        const type = this.types.get(s.name)!;
        if (!r || (type.kind !== 'i32' && type.kind !== 'f64' && type.kind !== 'bool')) {
          fail(mark, `'${s.name}' is assigned by every iteration of this prange loop, which is a race unless it is a reduction (${Object.values(REDUCTIONS).map((x) => x.spelling).join(', ')})`, `race on ${s.name}`, s.span);
        }
        const seen = updates.get(s.name);
        if (seen && seen.kind !== r.kind) {
          fail(mark, `'${s.name}' is reduced two ways in this prange loop (${seen.kind} and ${r.kind}); use one`, `race on ${s.name}`, s.span);
        }
        updates.set(s.name, { kind: r.kind, span: s.span });
        operandReads.push(r.operand);
      },
    });
    // A reduction variable is read only by its own updates: any other read would see a partial value.
    const reads = new Map<string, number>();
    walkIR(loop.body, { expr: (e) => { if (e.op === 'local') reads.set(e.name, (reads.get(e.name) ?? 0) + 1); } });
    const updateCount = new Map<string, number>();
    walkIR(loop.body, { stmt: (s) => { if (s.kind === 'assign' && updates.has(s.name)) updateCount.set(s.name, (updateCount.get(s.name) ?? 0) + 1); } });
    for (const [name, u] of updates) {
      let inOperands = 0;
      for (const op of operandReads) walkIR([{ kind: 'expr', expr: op }], { expr: (e) => { if (e.op === 'local' && e.name === name) inOperands++; } });
      if ((reads.get(name) ?? 0) !== updateCount.get(name) || inOperands > 0) {
        fail(mark, `'${name}' is a reduction of this prange loop and cannot be read elsewhere in it (each thread holds only a partial value)`, `race on ${name}`, u.span);
      }
    }

    this.checkArrays(loop.body, mark, declared);
    this.checkCalls(loop.body, mark);

    // Everything else the body reads from the enclosing function is passed in.
    const captured: string[] = [];
    // A callback's parameters (`xs.map((x) => x + i)`) are its own, bound by the callback in the region's code.
    const callbackParams = new Set<string>();
    walkIR(loop.body, { expr: (e) => { if (e.op === 'method') e.callback?.params.forEach((p) => callbackParams.add(p)); } });
    const capture = (name: string): void => {
      if (!declared.has(name) && !callbackParams.has(name) && !updates.has(name) && !captured.includes(name)) captured.push(name);
    };
    walkIR(loop.body, {
      expr: (e) => {
        if (e.op === 'local') {
          // an array read from outside the function (`#g0`, infer/outer.ts) is no local of the entry: its type is the read's
          if (!this.types.has(e.name)) this.types.set(e.name, e.type);
          capture(e.name);
        }
        if (e.op === 'rows' || e.op === 'cols' || e.op === 'matrixLoad' || e.op === 'rowOf' || e.op === 'rowGet') capture(e.matrix);
      },
    });

    let random = false;
    walkIR(loop.body, { expr: (e) => { if (e.op === 'random') random = true; } });

    const counterType = this.types.get(mark.counter)!;
    const lo = this.fresh('lo');
    const hi = this.fresh('hi');
    const seedLo = this.fresh('sl');
    const seedHi = this.fresh('sh');
    const launch = this.fresh('sn');
    const reductions = [...updates.keys()];
    // Draws numbered at compile time come from the runtime's strip (`draws.ts`); only integer steps, whose
    // iteration values the strip's Philox counters reproduce exactly.
    const stripNames = random && Number.isInteger(mark.step) ? [this.fresh('pdr'), this.fresh('pj')] as const : undefined;
    // The iteration's position in the strip: with step 1 and an int32 counter, `i - lo`, an index
    // `passes/typed-bounds.ts` proves in range once per strip (`hi - lo <= BATCH`), so Wasm regions read the strip
    // unchecked; otherwise a counter of its own (`$pj`), counted beside the loop's.
    const byCounter = mark.step === 1 && counterType.kind === 'i32';
    const stripAt: Expr | undefined = stripNames && (byCounter
      ? { op: 'binary', type: I32, operator: 'sub', left: { op: 'local', type: I32, name: mark.counter }, right: { op: 'local', type: I32, name: lo } }
      : { op: 'local', type: I32, name: stripNames[1] });
    const strip = stripNames ? staticDraws(loop.body, stripNames[0], stripAt!) : { body: [...loop.body], count: 0 };
    const stripArray: Type = { kind: 'array', element: 'f64' };
    const params: Param[] = [
      { name: lo, type: counterType }, { name: hi, type: mark.last.type },
      { name: seedLo, type: F64 }, { name: seedHi, type: F64 }, { name: launch, type: F64 },
      ...(strip.count ? [{ name: stripNames![0], type: stripArray }] : []),
      ...reductions.map((name) => ({ name, type: this.types.get(name)! })),
      ...captured.map((name) => ({ name, type: this.types.get(name)! })),
    ];
    const locals: Param[] = [...declared].map((name) => ({ name, type: this.types.get(name)! }));
    const counter: Expr = { op: 'local', type: counterType, name: mark.counter };
    const body: Stmt[] = [];
    const perIteration: Stmt[] = [];
    let randomNames: RegionRandomNames | undefined;
    // Draws the strip does not serve are numbered at run time (`$pu`) and drawn through the thread's batch.
    if (random && countDraws(strip.body) > 0) {
      const [words, used, draws, base, count, at] = ['pw', 'pu', 'pd', 'pb', 'pn', 'pk'].map((p) => this.fresh(p)) as [string, string, string, string, string, string];
      const declare = (name: string, type: Type, init: Expr): void => {
        locals.push({ name, type });
        body.push({ kind: 'declare', name, init });
      };
      const newArray = (element: 'u32' | 'f64', length: number): Expr =>
        ({ op: 'newArray', type: { kind: 'array', element }, element, length: { op: 'const', type: I32, value: length } });
      declare(words, { kind: 'array', element: 'u32' }, newArray('u32', 4));
      declare(used, I32, { op: 'const', type: I32, value: 0 });
      // An empty batch: the first draw fills it.
      declare(draws, { kind: 'array', element: 'f64' }, newArray('f64', 0));
      declare(base, F64, { op: 'const', type: F64, value: 0 });
      declare(count, F64, { op: 'const', type: F64, value: 0 });
      declare(at, F64, { op: 'const', type: F64, value: 0 });
      // Dynamic draws come after the static ones (`draws.ts`), so they are numbered from the static count.
      perIteration.push({ kind: 'assign', name: used, value: { op: 'const', type: I32, value: strip.count } });
      randomNames = { counter: mark.counter, stop: hi, step: mark.step, words, used, draws, base, count, at, seedLo, seedHi, launch };
    }
    const continuing: Stmt[] = [];
    if (strip.count && !byCounter) {
      // The iteration's position in the strip, counted beside the loop's own counter.
      const at = stripNames![1];
      const position: Expr = { op: 'local', type: I32, name: at };
      locals.push({ name: at, type: I32 });
      body.push({ kind: 'declare', name: at, init: { op: 'const', type: I32, value: 0 } });
      continuing.push({ kind: 'assign', name: at, value: { op: 'binary', type: I32, operator: 'add', left: position, right: { op: 'const', type: I32, value: 1 } } });
    }
    body.push({ kind: 'declare', name: mark.counter, init: { op: 'local', type: counterType, name: lo } });
    body.push({
      kind: 'loop',
      test: { op: 'compare', type: BOOL, operator: mark.step > 0 ? 'lt' : 'gt', left: counter, right: { op: 'local', type: mark.last.type, name: hi } },
      body: [...perIteration, ...strip.body],
      continuing: [...continuing, ...loop.continuing],
      postTest: null,
    });
    const resultType: Type = reductions.length ? { kind: 'tuple', items: reductions.map((r) => this.types.get(r)!) } : VOID;
    if (reductions.length) {
      body.push({ kind: 'return', value: { op: 'tuple', type: resultType, items: reductions.map((name) => ({ op: 'local', type: this.types.get(name)!, name })) } });
    }
    const index = this.metas.length;
    const name = this.fresh(`region${index}`);
    const region: IRFunction = { name, params, locals, returnType: resultType, body, usesRandom: false };
    regionInfo.set(params, { index, random: randomNames, held: [] });
    this.regionFunctions.push(region);

    // Array2D matrices pass as three arguments (data, rows, cols); number[][] as one: positions of written arrays count them so.
    const written: number[] = [];
    let position = 0;
    const writtenArrays = this.writtenArrays(loop.body, declared);
    const positions: Array<readonly [string, number]> = [];
    for (const c of captured) {
      const t = this.types.get(c)!;
      if (writtenArrays.has(c)) written.push(position);
      positions.push([c, position]);
      position += t.kind === 'matrix' && t.layout === 'array2d' ? 3 : 1; // number[][] passes as itself (js/codegen.ts)
    }
    this.captures.push({ region: name, written: writtenArrays, positions });
    this.metas.push({
      step: mark.step,
      reductions: reductions.map((r) => {
        const kind = updates.get(r)!.kind;
        const type = this.types.get(r)!.kind as 'i32' | 'f64' | 'bool';
        return { kind, type, identity: identityOf(kind, type) };
      }),
      written,
      random,
      strip: strip.count,
      callLong: [],
      where: { span: mark.span, source: mark.source, functionName: mark.functionName, origin: mark.origin },
    });

    const zero: Expr = { op: 'const', type: F64, value: 0 };
    const emptyStrip: Expr = { op: 'newArray', type: stripArray, element: 'f64', length: { op: 'const', type: I32, value: 0 } };
    const call: Expr = {
      op: 'call', type: resultType, callee: name,
      // The strip's slot holds an empty array: the runtime passes the strip itself.
      args: [mark.first, mark.last, zero, zero, zero, ...(strip.count ? [emptyStrip] : []), ...params.slice(strip.count ? 6 : 5).map((p): Expr => ({ op: 'local', type: p.type, name: p.name }))],
    };
    if (!reductions.length) return [{ kind: 'expr', expr: call, span: mark.span }];
    const result = this.fresh('pr');
    this.extraLocals.push({ name: result, type: resultType });
    const tuple: Expr = { op: 'local', type: resultType, name: result };
    return [
      { kind: 'declare', name: result, init: call, span: mark.span },
      ...reductions.map((r, k): Stmt => ({ kind: 'assign', name: r, value: { op: 'tupleGet', type: this.types.get(r)!, tuple, index: k } })),
    ];
  }

  /** `return` leaves the function and `break` the loop: neither has a meaning when iterations run apart. */
  private checkControl(body: readonly Stmt[], mark: PrangeLoop): void {
    const visit = (stmts: readonly Stmt[], depth: number): void => {
      for (const s of stmts) {
        if (s.kind === 'return') fail(mark, 'return inside a prange loop: iterations run apart, so none can end the function', 'return in prange');
        if (s.kind === 'break' && depth === 0) fail(mark, 'break out of a prange loop: iterations run apart, so none can end the loop', 'break in prange');
        if ((s.kind === 'break' || s.kind === 'continue') && s.label && !inner.has(s.label)) fail(mark, `${s.kind} ${s.label} leaves the prange loop: iterations run apart, so none can jump out of it`, `labelled ${s.kind} in prange`);
        if (s.kind === 'if') { visit(s.then, depth); visit(s.else, depth); }
        if (s.kind === 'loop') {
          if (s.label) inner.add(s.label);
          visit(s.body, depth + 1);
          visit(s.continuing, depth + 1);
        }
      }
    };
    const inner = new Set<string>(); // labels of loops inside the body, which its jumps may name
    visit(body, 0);
  }

  /** Arrays the loop body stores into, by local name (private arrays made in the body excluded). */
  private writtenArrays(body: readonly Stmt[], declared: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    walkIR(body, { stmt: (s) => { if (s.kind === 'store' && s.array.op === 'local' && !this.isPrivateArray(s.array.name, body, declared)) out.add(s.array.name); } });
    return out;
  }

  /** An array local made fresh (`new Float64Array(…)`) by the body: no other iteration can see it. */
  private isPrivateArray(name: string, body: readonly Stmt[], declared: ReadonlySet<string>): boolean {
    if (!declared.has(name)) return false;
    let fresh = true;
    walkIR(body, {
      stmt: (s) => {
        if ((s.kind === 'declare' && s.name === name && s.init.op !== 'newArray') || (s.kind === 'assign' && s.name === name && s.value.op !== 'newArray')) fresh = false;
      },
    });
    return fresh;
  }

  /** A local of the loop body that holds a field of an object (`let $a = o.a`): an array inside the object. */
  private readsField(name: string, body: readonly Stmt[], declared: ReadonlySet<string>): boolean {
    if (!declared.has(name)) return false;
    let field = false;
    walkIR(body, {
      stmt: (s) => {
        const value = s.kind === 'declare' && s.name === name ? s.init : s.kind === 'assign' && s.name === name ? s.value : undefined;
        if (value?.op === 'field') field = true;
      },
    });
    return field;
  }

  /** An object local of the loop body that only ever holds objects the body makes (a literal or `new`): its own. */
  private isPrivateObject(name: string, body: readonly Stmt[], declared: ReadonlySet<string>): boolean {
    if (!declared.has(name)) return false;
    const made = (e: Expr): boolean => e.op === 'object' || e.op === 'construct';
    let fresh = true;
    walkIR(body, {
      stmt: (s) => {
        if ((s.kind === 'declare' && s.name === name && !made(s.init)) || (s.kind === 'assign' && s.name === name && !made(s.value))) fresh = false;
      },
    });
    return fresh;
  }

  private checkArrays(body: readonly Stmt[], mark: PrangeLoop, declared: ReadonlySet<string>): void {
    let variableAssigned = false;
    walkIR(body, { stmt: (s) => { if (s.kind === 'assign' && s.name === mark.variable) variableAssigned = true; } });
    const atVariable = (index: Expr): boolean => !variableAssigned && (index.op === 'local' ? index.name === mark.variable : index.op === 'convert' && atVariable(index.arg));
    const written = this.writtenArrays(body, declared);
    walkIR(body, {
      stmt: (s) => {
        if (s.kind === 'matrixStore') fail(mark, 'a prange loop cannot write a 2-D array yet; write a typed array at the loop variable (out[i] = …)', 'matrix write in prange', s.span);
        // Objects are copied to each thread and every iteration would write the same field: a race, and the caller
        // would not see the writes. An object the iteration makes itself is its own.
        if (s.kind === 'fieldStore' && !(s.object.op === 'local' && this.isPrivateObject(s.object.name, body, declared))) {
          const name = s.object.op === 'local' ? `'${s.object.name}'` : 'an object';
          fail(mark, `a prange loop cannot write a field of ${name} made outside it (each thread holds a copy, and iterations would race on the field); keep the value in a reduction (s += …) or write a typed array at the loop variable`, `object write in prange`, s.span);
        }
        if (s.kind !== 'store') return;
        if (s.array.op === 'local' && this.isPrivateArray(s.array.name, body, declared)) return;
        if (s.array.op === 'newArray') return;
        // An array reached through an object (`o.a[i] = …`, lowered as `let $a = o.a; $a[i] = …`) is in the object
        // each thread receives a copy of: other threads' writes would be lost (they were, with 3 and 7 threads). A
        // local holding it before the loop is shared and copied back.
        if (s.array.op !== 'local' || this.readsField(s.array.name, body, declared)) {
          fail(mark, 'a prange loop cannot write an array reached through an object (each thread holds a copy of the object, and its writes would be lost); take the array into a local before the loop (const a = o.a;) and write a[i]', 'object array write in prange', s.span);
        }
        const name = s.array.name;
        if (plainElement(s.element)) fail(mark, `a prange loop cannot write the plain array '${name}' (it is copied to each thread); use a typed array`, 'plain array write in prange', s.span);
        if (!atVariable(s.index)) {
          fail(mark, `'${name}' is written at an index other than the loop variable '${mark.variable}', so two iterations may write one element (a race)`, `race on ${name}`, s.span);
        }
      },
      expr: (e) => {
        // `a.fill(v)`, `a.push(v)`, `a.reverse()`, …: every iteration writes the whole array (or its length), a race
        // with the other threads (and a plain array is a copy per thread). An array the iteration makes is its own.
        if (e.op === 'method' && arrayMethodWrites(e.method) && !(e.target.op === 'local' && this.isPrivateArray(e.target.name, body, declared)) && e.target.op !== 'newArray') {
          const name = e.target.op === 'local' ? `'${e.target.name}'` : 'an array';
          fail(mark, `.${e.method}() writes ${name}, made outside this prange loop, in every iteration: a race between threads; write elements at the loop variable (a[i] = …) or make the array in the loop body`, `race on ${name}`);
        }
        if (e.op === 'load' && e.array.op === 'local' && written.has(e.array.name) && !atVariable(e.index)) {
          fail(mark, `'${e.array.name}' is written by this prange loop at '${mark.variable}' and read at another index, which another iteration may be writing (a race)`, `race on ${e.array.name}`);
        }
      },
    });
  }

  /** Called functions run in the worker threads too: they may neither draw random numbers nor write arrays. */
  private checkCalls(body: readonly Stmt[], mark: PrangeLoop): void {
    const byName = new Map(this.module.functions.map((f) => [f.name, f]));
    const reach = (name: string, seen: Set<string>): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const f = byName.get(name)!;
      if (f.usesRandom) fail(mark, `'${name}' draws random numbers and is called in a prange loop; draw them in the loop itself (one stream per iteration)`, 'random in a called function');
      walkIR(f.body, {
        stmt: (s) => {
          if ((s.kind === 'store' && !(s.array.op === 'local' && f.locals.some((l) => l.name === (s.array as { name: string }).name))) || s.kind === 'matrixStore') {
            fail(mark, `'${name}' writes into an array it is given and is called in a prange loop; write at the loop variable in the loop itself`, 'array write in a called function');
          }
          if (s.kind === 'fieldStore' && !(s.object.op === 'local' && this.isPrivateObject(s.object.name, f.body, new Set(f.locals.map((l) => l.name))))) {
            fail(mark, `'${name}' writes a field of an object it is given (or \`this\`) and is called in a prange loop, where iterations would race on the field; keep the value in a reduction in the loop itself`, 'object write in a called function');
          }
        },
        expr: (e) => { if (e.op === 'call') reach(e.callee, seen); },
      });
    };
    const seen = new Set<string>();
    walkIR(body, { expr: (e) => { if (e.op === 'call') reach(e.callee, seen); } });
  }
}

/**
 * The type names of a region's reductions, for messages.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { describeRegion, outlineRegions } from './outline.js';
 *
 * function range(xs: Float64Array) {
 *   let lo = Infinity, n = 0;
 *   for (const i of prange(xs.length)) { lo = Math.min(lo, xs[i]!); n += 1; }
 *   return lo * n;
 * }
 * const { regions } = outlineRegions(lowerToIR(range, [{ kind: 'array', element: 'f64' }]));
 * describeRegion(regions[0]!); // → 'min (f64), sum (f64)'
 * ```
 */
export function describeRegion(meta: RegionMeta): string {
  return meta.reductions.map((r) => `${r.kind} (${typeName({ kind: r.type } as Type)})`).join(', ');
}
