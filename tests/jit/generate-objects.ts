// Random programs over objects for the differential suite (objects-differential.test.ts): field reads and
// (compound) writes on an object argument or `this`, boolean and typed-array fields with out-of-bounds reads,
// an array of objects indexed in and out of bounds, object literals in locals, and objects as results.
import { rng } from '../_support/rng.js';

/** One generated program: its body, and whether the record is `this` (else the parameter `o`). */
export interface ObjectProgram {
  readonly body: string;
  readonly viaThis: boolean;
  readonly seed: number;
}

/** The record and array the programs take, made fresh per call; `variant` picks edge values. */
export function objectInputs(variant: number): { o: Rec; bs: Rec[]; t: number } {
  const edge = [0, -0, 1.5, -3, NaN, Infinity, 2 ** 31, 1e-310];
  const pick = (k: number): number => edge[(variant * 3 + k) % edge.length]!;
  const rec = (k: number): Rec => ({ a: pick(k), b: k + 0.25, k: (variant + k) % 2 === 0, v: new Float64Array([k, pick(k + 1), -1, 0.5]) });
  return { o: rec(0), bs: [rec(1), rec(2), rec(3)], t: variant % 3 === 0 ? -0 : variant + 0.5 };
}

/** The record shape of the generated programs. */
export interface Rec { a: number; b: number; k: boolean; v: Float64Array }

/**
 * Generates one program; `seed` makes it reproducible.
 *
 * @example
 * ```ts
 * const p = generateObjectProgram(7); // p.body is the function body, p.viaThis says how the record arrives
 * ```
 */
export function generateObjectProgram(seed: number): ObjectProgram {
  const r = rng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const one = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const viaThis = r() < 0.4;
  const self = viaThis ? 'this' : 'o';
  const idx = (): string => one(['0', '1', '2', '3', '-1', 'j', '(j + 1) % 4']);
  const num = (depth: number): string => {
    if (depth > 2 || r() < 0.3) {
      return one([`${self}.a`, `${self}.b`, 't', '0.5', '-0', 'NaN', '3', `${self}.v[${idx()}]`, `bs[${one(['0', '1', '2'])}].a`, `${self}.v.length`, 'bs.length']);
    }
    switch (int(6)) {
      case 0: return `(${num(depth + 1)} ${one(['+', '-', '*', '/', '%'])} ${num(depth + 1)})`;
      case 1: return `Math.${one(['sqrt', 'abs', 'floor'])}(${num(depth + 1)})`;
      case 2: return `(${cond(depth + 1)} ? ${num(depth + 1)} : ${num(depth + 1)})`;
      case 3: return `bs[${idx()}].b`;
      case 4: return `(- ${num(depth + 1)})`;
      default: return `(${num(depth + 1)} ${one(['+', '*'])} ${self}.b)`;
    }
  };
  const cond = (depth: number): string => one([`${self}.k`, `!${self}.k`, `(${num(depth + 1)} < ${num(depth + 1)})`, `bs[${one(['0', '1', '2'])}].k`]);
  const stmt = (depth: number): string => {
    switch (int(depth > 1 ? 7 : 10)) {
      case 0: return `${self}.a = ${num(0)};`;
      case 1: return `${self}.b ${one(['+=', '-=', '*='])} ${num(0)};`;
      case 2: return `${self}.k = ${cond(0)};`;
      case 3: return `${self}.v[${idx()}] = ${num(0)};`;
      case 4: return `bs[${idx()}].a -= ${num(0)};`;
      case 5: return `{ const rr = { p: ${num(0)}, q: ${cond(0)} }; if (rr.q) ${self}.a += rr.p; else rr.p = ${num(0)}; ${self}.b = rr.p; }`;
      case 6: return `j = (j + 1) % 4;`;
      case 7: return `if (${cond(0)}) { ${stmt(depth + 1)} } else { ${stmt(depth + 1)} }`;
      case 8: return `for (let i = 0; i < bs.length; i++) { const e = bs[i]; e.b += ${num(1).replaceAll(`${self}.`, 'e.')}; ${stmt(depth + 1)} }`;
      default: return `for (const e of bs) { if (e.k) e.a = e.a * 0.5 + ${num(1)}; }`;
    }
  };
  const lines = ['let j = 0;'];
  for (let n = 1 + int(5); n > 0; n--) lines.push(stmt(0));
  lines.push(one([`return ${num(0)};`, `return { s: ${num(0)}, k: ${self}.k, n: j };`, `return ${self}.a + bs[0].b;`]));
  return { body: lines.join('\n'), viaThis, seed };
}
