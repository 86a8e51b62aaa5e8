/**
 * Outer lanes (`src/jit/wasm/simd-outer.ts`) on the two kernels of issue 13 that have an in-order reduction per
 * row or pair, in the flat Float64Array form the Wasm backend can run without packing rows: row norms
 * (`out[i] = sqrt(Σ_j X[i*d+j]²)`) and pairwise distances (`D[i*M+j]`, the loop over j in lanes). Plain JS,
 * memoJit on the JS backend and memoJit on the Wasm backend in one process, alternating (the first to run after
 * a large copy is slower, so the order alternates too), many batches; prints medians and minimums per call.
 * Inputs: ordinary Float64Arrays (copied into Wasm memory per call) and numbat memory (read in place), a large
 * size (memory-bound) and a small one (in cache). The kernel as written (`number[][]`) is packed per call.
 *
 * Usage: node --import tsx bench/_outer-lanes.ts [batches=15] [name-substring]
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { memoJit, f64 } from '../src/index.js';
import { loadProgram } from './corpus/program.js';

const rowNorms = await loadProgram(fileURLToPath(new URL('./corpus/kernels/row-norms.js', import.meta.url)));

function rowNormsFlat(X: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < d; j++) s += X[i * d + j]! * X[i * d + j]!;
    out[i] = Math.sqrt(s);
  }
  return out;
}

function pairwiseFlat(X: Float64Array, M: number, N: number): Float64Array {
  const D = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let d = 0.0;
      for (let k = 0; k < N; k++) {
        const tmp = X[i * N + k]! - X[j * N + k]!;
        d += tmp * tmp;
      }
      D[i * M + j] = Math.sqrt(d);
    }
  }
  return D;
}

let seed = 109;
const uniform = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
const data = (n: number): Float64Array => Float64Array.from({ length: n }, uniform);
const inNumbat = (a: Float64Array): Float64Array => {
  const x = f64(a.length);
  x.set(a);
  return x;
};

type Kernel = (...args: never[]) => ArrayLike<number>;
const big = data(200_000 * 16), small = data(500 * 64), points = data(2000 * 3), points64 = data(300 * 64);
const cases: Array<{ name: string; f: Kernel; args: unknown[] }> = [
  { name: 'row-norms number[][] 200000x16 (the kernel as written)', f: rowNorms.fn as unknown as Kernel, args: [...rowNorms.input('full').args] },
  { name: 'row-norms flat 200000x16, numbat memory', f: rowNormsFlat as Kernel, args: [inNumbat(big), 200_000, 16] },
  { name: 'row-norms flat 200000x16, ordinary Float64Array', f: rowNormsFlat as Kernel, args: [big, 200_000, 16] },
  { name: 'row-norms flat 500x64, numbat memory (in cache)', f: rowNormsFlat as Kernel, args: [inNumbat(small), 500, 64] },
  { name: 'pairwise flat 2000x3, numbat memory', f: pairwiseFlat as Kernel, args: [inNumbat(points), 2000, 3] },
  { name: 'pairwise flat 2000x3, ordinary Float64Array', f: pairwiseFlat as Kernel, args: [points, 2000, 3] },
  { name: 'pairwise flat 300x64, numbat memory (in cache)', f: pairwiseFlat as Kernel, args: [inNumbat(points64), 300, 64] },
];

const batches = Number(process.argv[2] ?? 15);
const only = process.argv[3];
const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const show = (v: readonly number[]): string => `${median(v).toFixed(3)} ms (min ${Math.min(...v).toFixed(3)})`;
for (const c of cases.filter((k) => !only || k.name.includes(only))) {
  const call = (f: Kernel) => (): ArrayLike<number> => (f as (...a: unknown[]) => ArrayLike<number>)(...c.args);
  const runs = { plain: call(c.f), js: call(memoJit({ backend: 'js' })(c.f)), wasm: call(memoJit({ backend: 'wasm' })(c.f)) };
  const want = runs.plain(), a = runs.js(), b = runs.wasm();
  for (let k = 0; k < want.length; k++) if (!Object.is(a[k], want[k]) || !Object.is(b[k], want[k])) throw new Error(`${c.name}: differs at ${k}`);
  const t0 = performance.now();
  runs.plain();
  const reps = Math.max(1, Math.ceil(15 / Math.max(performance.now() - t0, 0.001)));
  const time = (f: () => unknown): number => {
    const s = performance.now();
    for (let r = 0; r < reps; r++) f();
    return (performance.now() - s) / reps;
  };
  const times: Record<keyof typeof runs, number[]> = { plain: [], js: [], wasm: [] };
  const order: Array<keyof typeof runs> = ['plain', 'js', 'wasm'];
  for (let k = 0; k < batches; k++) for (const name of k % 2 ? [...order].reverse() : order) times[name].push(time(runs[name]));
  console.log(`${c.name}: plain ${show(times.plain)}, js ${show(times.js)}, wasm ${show(times.wasm)}; wasm / js ${(median(times.wasm) / median(times.js)).toFixed(2)}`);
}
