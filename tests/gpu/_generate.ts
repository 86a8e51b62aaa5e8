// Random GPU kernels for the differential test: integer parts exact on both backends (int32 arithmetic of
// small values, comparisons, branches, loops, integer-array reads that may be out of bounds), float parts
// continuous functions of bounded f32 values, so f32 and f64 differ only by rounding.

import { rng } from '../_support/rng.js';

export { rng };

/** A generated kernel: `(i, a, k, xs, ys, out, outI)`, or a reducing one returning an integer. */
export interface GpuProgram {
  readonly params: readonly string[];
  readonly body: string;
  /** Whether it returns its integer `v` (reduced with 'sum'). */
  readonly returns: boolean;
}

export const PARAMS = ['i', 'a', 'k', 'xs', 'ys', 'out', 'outI'] as const;
/** Lengths of the inputs: indices are masked to 127, so some reads fall past these. */
export const XS_LENGTH = 100;
export const YS_LENGTH = 100;

/**
 * Draws one kernel. With `intOnly`, a kernel `(i, off, k, ys, big, big2)` storing integer expressions at the
 * computed indices `i + off` and `2 * i + k`, for launches past 2^24 invocations.
 */
export function generateKernel(seed: number, intOnly = false): GpuProgram {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const lit = (): string => String(pick([0, 1, 2, 3, 5, 7, 11, 100, 1000, -1, -3, 12345]));

  function int(depth: number, vars: readonly string[]): string {
    if (depth <= 0 || r() < 0.3) {
      const leaf = pick([...vars, ...vars, 'i', 'k', 'lit', 'ys']);
      if (leaf === 'lit') return lit();
      // Masked to 63: in bounds; one read in eight is masked to 127, past the end for some invocations.
      if (leaf === 'ys') return `ys[(${pick([...vars, 'i', 'k'])} + ${lit()}) & ${r() < 0.125 ? 127 : 63}]`;
      return leaf;
    }
    const a = int(depth - 1, vars);
    switch (Math.floor(r() * 9)) {
      case 0: return `(${a} + ${int(depth - 1, vars)})`;
      case 1: return `(${a} - ${int(depth - 1, vars)})`;
      case 2: return `(${a} * ${pick(['2', '3', '-5', '7'])})`;
      case 3: return `(${a} & ${int(depth - 1, vars)})`;
      case 4: return `(${a} | ${lit()})`;
      case 5: return `(${a} ^ ${int(depth - 1, vars)})`;
      case 6: return `(${a} >> ${pick(['1', '2', '5'])})`;
      case 7: return `(${a} % ${pick(['3', '7', '64'])})`;
      default: return `(${cond(depth - 1, vars)} ? ${a} : ${int(depth - 1, vars)})`;
    }
  }

  function cond(depth: number, vars: readonly string[]): string {
    return `${int(depth, vars)} ${pick(['<', '<=', '>', '>=', '===', '!=='])} ${int(depth, vars)}`;
  }

  function small(depth: number): string {
    if (depth <= 0 || r() < 0.3) {
      const leaf = pick(['a', 'xs', 'xs[i % 100]', '0.25', '1.5']);
      return leaf === 'xs' ? `xs[(${int(1, [])}) & 127]` : leaf;
    }
    const a = small(depth - 1);
    switch (Math.floor(r() * 8)) {
      case 0: return `(${a} + ${small(depth - 1)})`;
      case 1: return `(${a} - ${small(depth - 1)})`;
      case 2: return `(${a} * ${small(depth - 1)})`;
      case 3: return `Math.sin(${a})`;
      case 4: return `Math.sqrt(${a})`;
      case 5: return `Math.min(${a}, ${small(depth - 1)})`;
      case 6: return `Math.max(${a}, ${small(depth - 1)})`;
      default: return `Math.exp(${a} * 0.5)`;
    }
  }

  // Two arrays: invocations storing into one element of one array would race (the GPU gives no order).
  if (intOnly) return { params: ['i', 'off', 'k', 'ys', 'big', 'big2'], body: `big[i + off] = ${int(3, [])};\nbig2[i * 2 + k] = ${int(2, [])};`, returns: false };
  const returns = r() < 0.3;
  const lines: string[] = [];
  lines.push(`let v = ${int(2, [])};`);
  lines.push(`let f = ${small(2)};`);
  lines.push(`if (${cond(1, ['v'])}) { v = ${int(2, ['v'])}; } else { f = f + ${small(2)}; }`);
  lines.push(`for (let j = 0; j < ((k + i) & 3); j++) { v = v + ${int(1, ['v', 'j'])}; f = f * 0.5 + ${small(1)}; }`);
  lines.push(`out[i] = f + ${small(1)} * ${int(1, ['v'])};`);
  lines.push(`outI[i] = v;`);
  if (returns) lines.push('return v;');
  return { params: PARAMS, body: lines.join('\n'), returns };
}
