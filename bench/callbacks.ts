/**
 * Array methods with inline callbacks under `@memoJit` against the plain function, in one process: a sum of
 * squares with `reduce` over a Float64Array, a `map`-then-`reduce` chain over a `number[]`, and `forEach`
 * writing an outer local. This project's own kernels. Compiled code emits the method with the callback in
 * place (`js/callbacks.ts`), so the ratio shows what the dispatcher and the specialized callback cost or save.
 *
 * Usage: node --import tsx bench/callbacks.ts [--quick]. Prints median seconds per call over alternating
 * repeats and the speed-up (plain / memoJit). The machines are shared: compare the ratios, rerun before quoting.
 *
 * @example
 * ```sh
 * node --import tsx bench/callbacks.ts --quick
 * ```
 */
import { memoJit } from '../src/index.js';

const quick = process.argv.includes('--quick');
const N = quick ? 10_000 : 100_000;
const REPEATS = quick ? 7 : 15;

function sumSquares(xs: Float64Array): number {
  return xs.reduce((s, v) => s + v * v, 0);
}
function mapReduce(xs: number[], k: number): number {
  return xs.map((v, i) => v * k + i).reduce((s, v) => (v > s ? v : s), -Infinity);
}
function forEachOuter(xs: Float64Array, t: number): number {
  let above = 0;
  xs.forEach((v) => { if (v > t) above++; });
  return above;
}

const typed = Float64Array.from({ length: N }, (_, i) => Math.sin(i));
const plainArray = Array.from(typed);
const cases: Array<[string, (...a: never[]) => number, unknown[]]> = [
  ['reduce (Float64Array)', sumSquares as never, [typed]],
  ['map → reduce (number[])', mapReduce as never, [plainArray, 1.5]],
  ['forEach, outer counter', forEachOuter as never, [typed, 0.25]],
];

/** A fresh timing loop per function, so the two variants never share V8's call-site feedback. */
function timer(): (f: (...a: unknown[]) => number, args: unknown[], loops: number) => number {
  return new Function('f', 'args', 'loops', `
    const t0 = process.hrtime.bigint();
    let sink = 0;
    for (let i = 0; i < loops; i++) sink += f(...args);
    if (sink === 0.123456789) console.log(sink);
    return Number(process.hrtime.bigint() - t0) / 1e9 / loops;`) as never;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(`| kernel | n | plain (µs/call) | memoJit (µs/call) | speed-up |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const [name, fn, args] of cases) {
  const plain = fn as unknown as (...a: unknown[]) => number;
  const jit = memoJit(fn) as unknown as (...a: unknown[]) => number;
  if (!Object.is(plain(...args), jit(...args))) throw new Error(`${name}: compiled and plain disagree`);
  const loops = quick ? 20 : 50;
  const [tp, tj] = [timer(), timer()];
  for (let w = 0; w < 3; w++) { tp(plain, args, loops); tj(jit, args, loops); }
  const p: number[] = [];
  const j: number[] = [];
  for (let r = 0; r < REPEATS; r++) { p.push(tp(plain, args, loops)); j.push(tj(jit, args, loops)); }
  console.log(`| ${name} | ${N} | ${(median(p) * 1e6).toFixed(1)} | ${(median(j) * 1e6).toFixed(1)} | ${(median(p) / median(j)).toFixed(2)}× |`);
}
