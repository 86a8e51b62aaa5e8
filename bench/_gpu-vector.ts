/**
 * `return xs[i]` reductions with vec4<f32> loads against the scalar entry, same kernel, same device array, in
 * one process (interleaved rounds, medians): part of `npm run bench:gpu`; alone with
 * `node --import tsx bench/gpu.ts --vector`. On lavapipe this measures LLVM's code for the two loops on the
 * CPU, not a GPU's memory system.
 *
 * @module
 */
import { gpu } from '../src/gpu/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Rows: reduction, n, vec4 median, scalar median, scalar / vec4, spread (min–max of the per-round ratios). */
export async function vectorCost(n: number, rounds = 7, perRound = 5): Promise<string[][]> {
  const xs = gpu.array(Float32Array.from({ length: n }, (_, k) => Math.sin(k)));
  const rows: string[][] = [];
  for (const reduce of ['sum', 'max'] as const) {
    const vec = gpu({ reduce })(function reduceVec4(i: number, a: Float32Array): number {
      return a[i]!;
    });
    const scalar = gpu({ reduce, vectorLoads: false })(function reduceScalar(i: number, a: Float32Array): number {
      return a[i]!;
    });
    await vec.launch(n, xs);
    await scalar.launch(n, xs);
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const ra: number[] = [];
      const rb: number[] = [];
      for (let k = 0; k < perRound; k++) {
        let t0 = performance.now();
        await vec.launch(n, xs);
        ra.push(performance.now() - t0);
        t0 = performance.now();
        await scalar.launch(n, xs);
        rb.push(performance.now() - t0);
      }
      a.push(...ra);
      b.push(...rb);
      ratios.push(median(rb) / median(ra));
    }
    rows.push([
      reduce, n.toExponential(0), `${median(a).toFixed(2)} ms`, `${median(b).toFixed(2)} ms`, `${(median(b) / median(a)).toFixed(2)}×`,
      `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`,
    ]);
  }
  xs.free();
  return rows;
}
