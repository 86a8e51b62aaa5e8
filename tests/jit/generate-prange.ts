// Random prange loops for the differential test (tests/jit/parallel/differential.test.ts): every reduction
// kind of src/jit/parallel/reductions.ts, under nested ifs, plus element writes at the loop variable. Data are
// small integers (as doubles and int32), so every reduction is exact whatever the chunking and the compiled
// result must equal the plain one bit for bit on any thread count.
import { rng } from '../_support/rng.js';

/** A generated program: the source of `function gen(xs, ks, out)`, returning its reductions. */
export interface PrangeProgram {
  readonly seed: number;
  readonly source: string;
}

const CONDITIONS = ['ks[i] % 3 === 0', 'xs[i] > 0', 'i % 7 < 3', 'ks[i] > xs[i]', '(ks[i] & 4) !== 0', 'xs[i] !== -2'];
const VALUES = ['ks[i]', 'xs[i]', '(ks[i] - xs[i])', '(i % 5)', '(xs[i] * 2 + 1)', 'Math.abs(xs[i])'];

/**
 * A program from `seed`: 2 to 6 reductions, each updated once or twice, some under one or two `if`s.
 *
 * @example
 * ```ts
 * const { source } = generatePrange(1);
 * ```
 */
export function generatePrange(seed: number): PrangeProgram {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const decls: string[] = [];
  const body: string[] = [];
  const names: string[] = [];
  const booleans = new Set<string>();
  const count = 2 + Math.floor(r() * 5);
  for (let k = 0; k < count; k++) {
    const name = `r${k}`;
    names.push(name);
    const kind = pick(['sum', 'sub', 'count', 'min', 'max', 'and', 'or', 'product'] as const);
    const v = pick(VALUES);
    const [init, update]: readonly [string, string] = {
      sum: [`${Math.floor(r() * 5)}`, `${name} += ${v};`],
      sub: ['0', `${name} -= ${v};`],
      count: ['0', `${name}++;`],
      min: ['Infinity', `${name} = Math.min(${name}, ${v});`],
      max: ['-Infinity', `${name} = Math.max(${v}, ${name});`],
      and: ['true', `${name} = ${name} && ${pick(CONDITIONS)};`],
      or: ['false', `${name} = ${name} || ${pick(CONDITIONS)};`],
      // bounded so the product stays an exact integer
      product: ['1', `if (i < 20) ${name} *= 1 + (ks[i] & 1);`],
    }[kind] as [string, string];
    decls.push(`let ${name} = ${init};`);
    if (kind === 'and' || kind === 'or') booleans.add(name);
    const times = 1 + Math.floor(r() * 2);
    for (let t = 0; t < times; t++) {
      const depth = Math.floor(r() * 3);
      let stmt = update;
      for (let d = 0; d < depth; d++) stmt = r() < 0.3 ? `if (${pick(CONDITIONS)}) { ${stmt} } else { out[i] = ${pick(VALUES)}; }` : `if (${pick(CONDITIONS)}) { ${stmt} }`;
      body.push(stmt);
    }
  }
  if (r() < 0.7) body.push(`out[i] = ${pick(VALUES)} + ${pick(VALUES)};`);
  const ret = names.map((n) => (booleans.has(n) ? `(${n} ? 1 : 0)` : n));
  const source = `function gen(xs, ks, out) {\n  ${decls.join('\n  ')}\n  for (const i of prange(xs.length)) {\n    ${body.join('\n    ')}\n  }\n  return [${ret.join(', ')}];\n}`;
  return { seed, source };
}
