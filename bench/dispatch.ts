/**
 * `npm run bench:dispatch`: what memoJit's dispatcher costs per call. Each row times the same loop calling the
 * plain function and calling its memoJit version, alternating in one process, and prints the best time per call,
 * the overhead (memoJit − plain) and the speed ratio (plain / memoJit; ≥ 1 means memoJit is as fast or faster).
 *
 * Every loop is its own generated function, so V8 keeps separate type feedback per row and may inline either
 * callee into it, as it would in a user's loop. Functions are tiny on purpose: their cost is mostly the call.
 *
 * On a shared machine a long batch is almost always interrupted by another process, so each row runs many short
 * batches (about a millisecond each) and keeps the fastest: the minimum of short batches is the time of an
 * uninterrupted run, and it repeats within a few hundredths of a nanosecond from run to run at a load of 20 on
 * 2 cores, where best-of-9 batches of 2e7 calls varied by 5× (measured on this project's machine).
 *
 * Usage: npm run bench:dispatch [-- --quick] [--repeats=200] [row-name-substring ...]
 */
import { memoJit, isMain } from '../src/index.js';
import type { CorpusProgram } from './corpus/program.js';

type Fn = (...args: never[]) => unknown;

/** One row: a function, how the loop calls it (`f` is the callee, `c0…` the constant arguments, `i` the loop index). */
interface Case {
  readonly name: string;
  readonly fn: Fn;
  readonly call: string;
  readonly constants: readonly unknown[];
  /** Calls per timed batch: about a millisecond of calls. */
  readonly n: number;
}

// A new function per row and callee: V8 then inlines (or not) each callee on its own feedback.
// V8 caches `new Function` by source, and closures of one cached source share feedback: the comment keeps each apart.
function loopOf(c: Case, f: Fn, side: string): (n: number) => number {
  const names = c.constants.map((_, k) => `c${k}`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('f', ...names, `"use strict"; // ${c.name}, ${side}
return function loop(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = ${c.call};
    s += typeof r === 'number' ? r : r === undefined ? 0 : r[0];
  }
  return s;
};`) as (...a: unknown[]) => (n: number) => number;
  return make(f, ...c.constants);
}

async function corpus(name: string): Promise<CorpusProgram> {
  return ((await import(`./corpus/programs/${name}.js`)) as { default: CorpusProgram }).default;
}

async function cases(): Promise<Case[]> {
  function mulAdd(a: number, b: number): number { return a * b + 1; }
  function firstProduct(x: Float64Array, y: Float64Array): number { y[0] = y[0]! * 0.5 + x[1]!; return y[0]; }
  function scaleFirst(xs: number[], k: number): number { return xs[0]! * k + xs[1]!; }
  const erf = await corpus('ss-error-function');
  const vec3 = await corpus('gl-vec3-transform-mat4');
  const mat4 = await corpus('gl-mat4-multiply');
  const invert = await corpus('gl-mat4-invert');
  const nbody = await corpus('bg-nbody');
  const extent = await corpus('d3-extent');
  // A sum over a number[] of 1000: the entry checks every element, so this row is the check's cost per element.
  function total(xs: number[]): number { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s; }
  return [
    { name: '(number, number)', fn: mulAdd, call: 'f(i, 0.5)', constants: [], n: 2e5 },
    { name: '(Float64Array, Float64Array)', fn: firstProduct, call: 'f(c0, c1)', constants: [Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)], n: 2e5 },
    { name: '(number[], number)', fn: scaleFirst, call: 'f(c0, i)', constants: [[1.5, 2.5, 3.5, 4.5]], n: 2e5 },
    { name: `${erf.name} (number)`, fn: erf.fn, call: 'f(i * 1e-7 - 1)', constants: [], n: 5e4 },
    { name: `${vec3.name} (3 × Float32Array)`, fn: vec3.fn, call: 'f(c0, c1, c2)', constants: vec3.input('full').args, n: 5e4 },
    { name: `${mat4.name} (3 × Float32Array)`, fn: mat4.fn, call: 'f(c0, c1, c2)', constants: mat4.input('full').args, n: 2e4 },
    { name: `${invert.name} (2 × Float32Array)`, fn: invert.fn, call: 'f(c0, c1)', constants: invert.input('full').args, n: 2e4 },
    // A method: the receiver's shape is checked on each call (5 bodies of 7 fields), then the specialization runs.
    { name: `${nbody.name} (this: 5 bodies, number)`, fn: nbody.fn, call: 'f.call(c0, 0.01)', constants: [nbody.input('small').self], n: 2e4 },
    // One argument for two parameters (`valueof` left out): the count cache, not the full lookup.
    { name: `${extent.name} (Float64Array of 50, valueof left out)`, fn: extent.fn, call: 'f(c0)', constants: extent.input('small').args, n: 1e4 },
    { name: 'total (number[] of 1000 doubles)', fn: total, call: 'f(c0)', constants: [Array.from({ length: 1000 }, (_, i) => i * 0.5 + 0.25)], n: 1e3 },
  ];
}

/** Best seconds per call of `loop` over `repeats` batches of `n` calls, the two loops alternating. */
function timePair(plain: (n: number) => number, jit: (n: number) => number, n: number, repeats: number): [number, number] {
  let bestPlain = Infinity;
  let bestJit = Infinity;
  let sink = 0;
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    sink += plain(n);
    bestPlain = Math.min(bestPlain, performance.now() - t0);
    t0 = performance.now();
    sink += jit(n);
    bestJit = Math.min(bestJit, performance.now() - t0);
  }
  if (Number.isNaN(sink)) console.error('(a loop returned NaN)');
  return [bestPlain / n / 1e3, bestJit / n / 1e3];
}

/** One measured row (seconds per call). */
export interface DispatchRow {
  readonly name: string;
  readonly plain: number;
  readonly jit: number;
}

/**
 * Runs every row, `repeats` batches of each loop (alternating); `scale` shrinks the batches.
 *
 * @example
 * ```ts
 * for (const row of await measureDispatch(1, 50)) console.log(row.name, row.jit - row.plain);
 * ```
 */
export async function measureDispatch(scale: number, repeats: number, names: readonly string[] = []): Promise<DispatchRow[]> {
  const rows: DispatchRow[] = [];
  for (const c of await cases()) {
    if (names.length && !names.some((n) => c.name.includes(n))) continue;
    const n = Math.max(100, Math.round(c.n * scale));
    const plain = loopOf(c, c.fn, 'plain');
    const jit = loopOf(c, memoJit(c.fn as (...args: unknown[]) => unknown) as Fn, 'memoJit');
    // warm-up: compile the specialization and let V8 optimize both loops
    for (let w = 0; w < 10; w++) { plain(n); jit(n); }
    const [p, j] = timePair(plain, jit, n, repeats);
    rows.push({ name: c.name, plain: p, jit: j });
  }
  return rows;
}

function table(rows: readonly DispatchRow[]): string {
  const head = ['arguments', 'plain ns/call', 'memoJit ns/call', 'overhead ns', 'speed (plain/memoJit)'];
  const body = rows.map((r) => [r.name, (r.plain * 1e9).toFixed(2), (r.jit * 1e9).toFixed(2), ((r.jit - r.plain) * 1e9).toFixed(2), `${(r.plain / r.jit).toFixed(2)}×`]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k]!.length)));
  const line = (cells: readonly string[]): string => '| ' + cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const repeats = Number(args.find((a) => a.startsWith('--repeats='))?.slice(10) ?? (quick ? 60 : 300));
  console.log(`memoJit dispatch: the same loop calling the plain function and its memoJit version, best of ${repeats} alternating batches of about a millisecond.`);
  console.log(`Node ${process.version}; a shared machine: compare within a row.\n`);
  const names = args.filter((a) => !a.startsWith('--'));
  console.log(table(await measureDispatch(1, repeats, names)));
}

if (isMain(import.meta.url)) await main();
