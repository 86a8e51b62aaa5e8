// Generated prange loops that draw Math.random() in every position the compiler distinguishes
// (src/jit/parallel/draws.ts): straight-line draws it numbers at compile time, inside `{ … }` blocks, after a
// `continue` under if, two in one statement, under if, under `?:`, in an inner loop, and more than two per
// iteration. Each program comes twice: `source` draws with Math.random(), `reference` with `draw(i)`, which the
// test defines from the stream's definition (prangeRandom: draw j of iteration i), so running the reference
// as plain JavaScript gives what the compiled loop must give, bit for bit.
import { rng } from '../_support/rng.js';

/** One generated program: the compiled form, its reference, and the loop's range. */
export interface PrangeRandomProgram {
  readonly source: string;
  readonly reference: string;
}

type Pick = <T>(xs: readonly T[]) => T;

/** Statements of the loop body; `R` stands for the draw, replaced per form. */
const STATEMENTS: ReadonlyArray<(pick: Pick, k: number) => string> = [
  (_, k) => `const a${k} = R;\n    out[i] = out[i] + a${k} * ${k + 1};`,
  (_, k) => `{ const b${k} = R * 2; out[i] = out[i] + b${k}; }`,
  (pick) => `if (ks[i] % ${pick([2, 3, 5])} === 0) continue;`,
  (pick) => `out[i] = out[i] + R + ${pick(['R', '2 * R', 'Math.sqrt(R)'])};`,
  (pick) => `if (xs[i] > ${pick([-2, 0, 1])}) out[i] = out[i] - R;`,
  (pick) => `count += R < ${pick([0.25, 0.5, 0.9])} ? 1 : 0;`,
  () => `hi = Math.max(hi, R);`,
  (pick) => `out[i] = out[i] + (xs[i] > ${pick([-1, 0, 2])} ? R : -1);`,
  () => `for (let j = 0; j < ks[i] % 3; j++) out[i] = out[i] + R;`,
  () => `out[i] = out[i] + Math.floor(R * 1000);`,
];

/**
 * The program of `seed`: `f(xs, ks, out, lo, hi, step)` runs `prange(lo, hi, step)`, adds draws into
 * `out[i]` and returns `[count, hi]` (an integer and a max reduction, exact on any thread count).
 */
export function generatePrangeRandom(seed: number): PrangeRandomProgram {
  const r = rng(seed);
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)]!;
  const count = 2 + Math.floor(r() * 5);
  const body = Array.from({ length: count }, (_, k) => pick(STATEMENTS)(pick, k));
  // The π shape now and then: two straight-line draws first, which the strip serves.
  if (r() < 0.4) body.unshift('const x0 = R;\n    const y0 = R;\n    if (x0 * x0 + y0 * y0 < 1) count += 1;');
  const step = pick([1, 1, 1, 2, 3, -1, -2]);
  const text = (draw: string): string => [
    `function f(xs, ks, out, lo, hi0) {`,
    `  let count = 0, hi = -1;`,
    `  for (const i of prange(lo, hi0, ${step})) {`,
    ...body.map((s) => `    ${s.replaceAll('R', draw)}`),
    `  }`,
    `  return [count, hi];`,
    `}`,
  ].join('\n');
  return { source: text('Math.random()'), reference: text('draw(i)') };
}

/** The loop's step in a generated source (for building its range). */
export function stepOf(source: string): number {
  return Number(/prange\(lo, hi0, (-?\d+)\)/.exec(source)![1]);
}
