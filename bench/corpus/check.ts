/**
 * One program, plain against `memoJit`: the correctness check (same outcome, same writes) and the timing
 * (first call, then medians of alternating repeats in one process). Used by the child process of the runner.
 */
import { memoJit, JitError } from '../../src/index.js';
import type { CorpusProgram, CallInput, Size } from './program.js';
import { capture, compareCalls, difference } from './compare.js';
import { touchPages } from './resident.js';

/**
 * How a program fared. `blocked`: memoJit raised a JitError; `different`: it ran and disagreed with plain;
 * `error`: the program could not be checked at all (its file failed to load, or it hung or crashed the process).
 */
export type Status = 'identical' | 'different' | 'blocked' | 'error';

/**
 * The result of {@link checkProgram}, one JSON line of the child process.
 *
 * @example
 * ```ts
 * const r: CheckResult = { name: 'sum2d', status: 'blocked', construct: 'argument 1', message: '…', located: true };
 * ```
 */
export interface CheckResult {
  readonly name: string;
  readonly origin: string;
  readonly status: Status;
  /** The first difference (for `different`). */
  readonly difference?: string;
  /** The JitError's `construct`, `detail`, message and whether it names a line (for `blocked`). */
  readonly construct?: string;
  readonly detail?: string;
  readonly message?: string;
  readonly located?: boolean;
  /** Milliseconds of the first compiled call (compile included) and of the first plain call, same input. */
  readonly firstCallMs?: number;
  readonly plainFirstMs?: number;
  /** Median seconds per call, plain and compiled, when timed. */
  readonly plainSeconds?: number;
  readonly jitSeconds?: number;
  /** Calls per timed batch: of the plain function, and of the compiled one (autoranged on its own). */
  readonly loops?: number;
  readonly jitLoops?: number;
  readonly signatures?: readonly string[];
  /** {@link checksum} of the plain function's result, for a cross-check against another language. */
  readonly checksum?: number;
}

/**
 * Sum of (i + 1) · v over the numbers of a result, flattened (numbers, arrays, typed arrays, rows): order-sensitive,
 * so a sorted array is checked too. `bench/python/numba_kernels.py` computes the same. Undefined for anything else.
 *
 * @example
 * ```ts
 * checksum([[1, 2], new Float64Array([3])]); // 1·1 + 2·2 + 3·3 = 14
 * ```
 */
export function checksum(value: unknown): number | undefined {
  const flat: number[] = [];
  const walk = (v: unknown): boolean => {
    if (typeof v === 'number') return flat.push(v), true;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      // One push per element: spreading a million-element array would overflow the stack.
      for (const x of v as unknown as ArrayLike<number> & Iterable<number>) flat.push(Number(x));
      return true;
    }
    if (Array.isArray(v)) return v.every(walk);
    return false;
  };
  if (!walk(value)) return undefined;
  let sum = 0;
  for (let i = 0; i < flat.length; i++) sum += (i + 1) * flat[i]!;
  return sum;
}

type Callable = (this: unknown, ...args: unknown[]) => unknown;

// memoJit's compiled Math.random() draws from one shared, seedable stream. A compiled one-liner reads the same
// stream, so the plain function can be fed exactly the numbers the compiled one will draw.
const SEED = 20261201;
let draw: (() => number) | undefined;
function randomStream(): () => number {
  if (!draw) {
    const d = memoJit(function draw(): number {
      return Math.random();
    });
    d();
    draw = d;
  }
  return draw;
}

/**
 * Runs `body` with `Math.random` drawing from memoJit's stream seeded with `seed`, so a plain function gets the
 * numbers its compiled version will draw.
 *
 * @example
 * ```ts
 * import { withStream } from './check.js';
 *
 * withStream(() => Math.random(), 7) === withStream(() => Math.random(), 7); // → true
 * ```
 */
export function withStream<T>(body: () => T, seed = SEED): T {
  const stream = randomStream();
  const saved = Math.random;
  memoJit.seed(seed);
  Math.random = stream;
  try {
    return body();
  } finally {
    Math.random = saved;
  }
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Runs `program` plain and compiled on equal fresh inputs of `size` and compares everything the caller can see.
 *
 * @example
 * ```ts
 * const r = checkProgram(program, 'small'); // r.status: 'identical' | 'different' | 'blocked'
 * ```
 */
export function checkProgram(program: CorpusProgram, size: Size): CheckResult {
  const base = { name: program.name, origin: program.origin };
  const fn = program.fn as unknown as Callable;
  const plainIn = program.input(size);
  const jitIn = program.input(size);
  touchPages([plainIn, jitIn]);
  let t0 = process.hrtime.bigint();
  // Every program gets the stream, so one that draws random numbers without saying so is compared exactly too.
  const plain = withStream(() => capture(() => fn.apply(plainIn.self, plainIn.args)));
  const plainFirstMs = ms(t0);
  const decorated = capture(() => memoJit(program.fn));
  if ('threw' in decorated) return blocked(base, decorated.threw);
  const jitted = decorated.returned as Callable & { signatures?: readonly string[] };
  memoJit.seed(SEED);
  t0 = process.hrtime.bigint();
  const jit = capture(() => jitted.apply(jitIn.self, jitIn.args));
  const firstCallMs = ms(t0);
  if ('threw' in jit && jit.threw instanceof JitError) return blocked(base, jit.threw);
  const difference = compareCalls(plain, jit, plainIn, jitIn);
  const sum = 'returned' in plain ? checksum(plain.returned) : undefined;
  return {
    ...base,
    ...(sum !== undefined ? { checksum: sum } : {}),
    status: difference === undefined ? 'identical' : 'different',
    ...(difference !== undefined ? { difference } : {}),
    firstCallMs,
    plainFirstMs,
    signatures: [...(jitted.signatures ?? [])],
  };
}

function blocked(base: { name: string; origin: string }, error: unknown): CheckResult {
  if (!(error instanceof JitError)) {
    const e = error as Error;
    return { ...base, status: 'different', difference: `memoJit(fn) threw ${e?.constructor?.name}: ${e?.message} at decoration` };
  }
  return {
    ...base,
    status: 'blocked',
    construct: error.construct,
    detail: error.detail,
    message: error.message.split('\n')[0]!,
    located: error.line !== undefined && error.column !== undefined,
  };
}

/**
 * A timing loop of its own per program and variant, so one call site never sees two functions. Each source is
 * numbered: V8 caches `new Function` by its source text, and closures of one cached source share their type
 * feedback, so identical loops would again be one call site.
 *
 * The loop calls the function as its users do, with the program's own number of arguments written out
 * (`fn(a0, a1)`, a method `fn.call(self, a0, a1)`), not `fn.apply(self, args)`: V8 calls the target of an
 * `apply` with an argument array through a builtin and never inlines it, which added a frame to whichever
 * variant wraps the other (memoJit's entry: 0.7–2.5 ns a call, bench/README "The floor of an exact dispatch")
 * and measured a cost no user's call site pays. Inputs whose argument counts differ fall back to `apply`.
 */
let loops = 0;
function makeLoop(inputs: readonly CallInput[]): (fn: Callable, inputs: readonly CallInput[], n: number) => unknown {
  const arity = inputs[0]?.args.length ?? 0;
  const same = inputs.every((c) => c.args.length === arity);
  const method = inputs.some((c) => c.self !== undefined);
  const args = Array.from({ length: arity }, (_, i) => `c.args[${i}]`).join(', ');
  const call = !same ? 'fn.apply(c.self, c.args)' : method ? `fn.call(c.self${arity > 0 ? ', ' : ''}${args})` : `fn(${args})`;
  return new Function(
    'fn',
    'inputs',
    'n',
    `// timing loop ${++loops}\nlet r; const one = inputs.length === 1; for (let i = 0; i < n; i++) { const c = one ? inputs[0] : inputs[i]; r = ${call}; } return r;`,
  ) as (fn: Callable, inputs: readonly CallInput[], n: number) => unknown;
}

/** Options of {@link timeProgram}. */
export interface TimeOptions {
  /** Alternating repeats of each variant. Default 7. */
  readonly repeats?: number;
  /** Seconds one batch of calls should last at least (autoranged loop count). Default 0.05. */
  readonly minTime?: number;
  /** Time the compiled function too (default); false times the plain function alone (for blocked programs). */
  readonly jit?: boolean;
}

/**
 * Medians of alternating plain and compiled batches, in seconds of CPU time per call. Time the compiled function
 * only after {@link checkProgram} said `identical` (timing a wrong answer means nothing).
 *
 * A program that changes its arguments gets inputs of its own for each batch, made before its clock starts, so
 * both functions do the same work from the same state: such a program (n-body moves its bodies) would otherwise time the plain
 * function on one state of the system and the compiled one on a later one (seen: 0.1 µs against 200 µs per call
 * for the same `advance`, as the bodies flew apart). The clock is this process's CPU time, not the wall: on a
 * shared machine a batch that loses the core for a time slice would otherwise count it (seen: 100 plain calls of
 * 0.1 µs taking 24 ms), and that noise made the autorange stop at a hundred calls, before the compiled function
 * was even optimized. Each variant is autoranged on its own (its batch lasts about `minTime`) and the compiled one
 * gets one more unmeasured batch of its size, so both start the repeats equally warm.
 *
 * @example
 * ```ts
 * const { plainSeconds, jitSeconds } = timeProgram(program, 'full');
 * ```
 */
export function timeProgram(program: CorpusProgram, size: Size, options: TimeOptions = {}): { plainSeconds: number; jitSeconds?: number; loops: number; jitLoops?: number } {
  const repeats = options.repeats ?? 7;
  const minTime = options.minTime ?? 0.05;
  const plain = program.fn as unknown as Callable;
  const withJit = options.jit ?? true;
  const jitted = (withJit ? memoJit(program.fn) : program.fn) as unknown as Callable;
  const sample = [program.input(size)];
  const plainLoop = makeLoop(sample), jitLoop = makeLoop(sample);
  // A program whose call leaves its inputs as they were is timed on one input per variant, kept across batches, as
  // numba's side (bench/python/_timing.py) and `%timeit` time theirs: a new input per batch left the last one to
  // the collector inside the next batch's clock (histogram's 32 MB input: plain 37 ms a call on one input, 63 ms
  // with a new one per batch). One plain call on an input, compared with an untouched twin, says which.
  const probe = program.input(size), twin = program.input(size);
  capture(() => plain.apply(probe.self, probe.args as unknown[]));
  const changesInputs = program.fresh === true || difference({ self: probe.self, args: probe.args }, { self: twin.self, args: twin.args }) !== undefined;
  const kept = new Map<Callable, CallInput>();
  const inputsFor = (fn: Callable, n: number): CallInput[] => {
    if (program.fresh) return Array.from({ length: n }, () => program.input(size));
    if (changesInputs) return [program.input(size)];
    let input = kept.get(fn);
    if (!input) kept.set(fn, (input = program.input(size)));
    return [input];
  };
  const batch = (loop: typeof plainLoop, fn: Callable, n: number): number => {
    const inputs = inputsFor(fn, n);
    if (inputs.some((c) => c.args.length !== sample[0]!.args.length || (c.self === undefined) !== (sample[0]!.self === undefined))) {
      throw new Error(`${program.name}: inputs with different argument counts or receivers; the timing loop calls with ${sample[0]!.args.length}`);
    }
    // Fresh pages of new arrays would be mapped inside the timed call, in every other batch (resident.ts).
    touchPages(inputs);
    const t0 = process.cpuUsage();
    loop(fn, inputs, n);
    const t = process.cpuUsage(t0);
    return (t.user + t.system) / 1e6;
  };
  // The number of calls whose batch lasts minTime. Fresh inputs are made ahead of each batch: their number (and
  // memory) stays bounded.
  const autorange = (loop: typeof plainLoop, fn: Callable): number => {
    let n = 1;
    for (;;) {
      const t = batch(loop, fn, n);
      if (t >= minTime || n >= (program.fresh ? 1000 : 1 << 24)) return n;
      n = t < minTime / 10 ? n * 10 : n * 2;
    }
  };
  // Autorange twice. The first pass warms both functions: their first batches hold V8's tier-up, whose compile
  // threads the process's CPU time counts, so a cold pass could stop at a hundred calls, and then every repeat
  // timed the compiled function before V8 had optimized it (seen: scijs-ode-rk4 at 0.04×, 11.6 µs a call against
  // 0.65 µs warm). The second pass, on warm code, sets the batch size (plain, the slower one as a rule).
  // Each variant gets its own batch size: with plain's, a compiled call 1000× slower than plain (an entry check
  // over a 100,001-element number[] in a function that reads two elements, ss-quantile-sorted) made every batch
  // last minutes, and the run reported a hang instead of the time.
  if (withJit) batch(jitLoop, jitted, 1);
  autorange(plainLoop, plain);
  const nJit = withJit ? autorange(jitLoop, jitted) : 0;
  const n = autorange(plainLoop, plain);
  if (withJit) batch(jitLoop, jitted, nJit);
  const p: number[] = [], j: number[] = [];
  for (let r = 0; r < repeats; r++) {
    p.push(batch(plainLoop, plain, n) / n);
    if (withJit) j.push(batch(jitLoop, jitted, nJit) / nJit);
  }
  return { plainSeconds: median(p), ...(withJit ? { jitSeconds: median(j), jitLoops: nJit } : {}), loops: n };
}

/**
 * The median of a list of numbers.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
