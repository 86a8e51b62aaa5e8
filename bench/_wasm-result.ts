/**
 * Why a Wasm specialization returning a large typed array is slow in a synchronous loop: flat pairwise distances
 * (`tests/jit/_support/kernels.ts`, M = 2000 points of N dims, a 32 MB Float64Array result) on numbat-memory
 * inputs, JS and Wasm backends alternating, min and median per call; variants with N = 0 (the result alone) and
 * with a scalar total (the loops alone). What the caller does with each result is the mode:
 * - `keep`: drops it. Its numbat block returns to the heap only when V8 has collected the array *and* the event
 *   loop has run the `FinalizationRegistry` callback, which a synchronous loop never lets happen, so every call's
 *   result lands on never-touched pages grown onto the shared memory (`memoryStats()` shows it growing).
 * - `free`: `numbat.free(result)` after each call; the next result reuses the same, already-touched bytes.
 * - `gc`: `gc()` and a turn of the event loop between calls (needs `node --expose-gc`).
 *
 * Usage: node [--expose-gc] --import tsx bench/_wasm-result.ts [keep|free|gc] [calls=30]
 *
 * @module
 */
import { f64, free, isNumbatArray, memoJit, memoryStats } from '../src/index.js';
import { pairwiseFlat } from '../tests/jit/_support/kernels.js';

function pairwiseTotal(X: Float64Array, M: number, N: number): number {
  let t = 0.0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let d = 0.0;
      for (let k = 0; k < N; k++) {
        const tmp = X[i * N + k]! - X[j * N + k]!;
        d += tmp * tmp;
      }
      t += Math.sqrt(d);
    }
  }
  return t;
}

const mode = process.argv[2] ?? 'keep';
const calls = Number(process.argv[3] ?? 30);
if (mode === 'gc' && typeof (globalThis as { gc?: unknown }).gc !== 'function') throw new Error('mode gc needs node --expose-gc');

let seed = 109;
const uniform = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
const M = 2000;
const X = f64(M * 3);
for (let i = 0; i < X.length; i++) X[i] = uniform();

type F = (...a: unknown[]) => unknown;
const cases: Array<{ name: string; f: F; args: unknown[] }> = [
  { name: 'pairwiseFlat N=3', f: pairwiseFlat as F, args: [X, M, 3] },
  { name: 'pairwiseFlat N=0 (the result alone)', f: pairwiseFlat as F, args: [f64(0), M, 0] },
  { name: 'pairwiseTotal N=3 (the loops alone)', f: pairwiseTotal as F, args: [X, M, 3] },
];
const same = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number') return Object.is(a, b);
  const x = a as ArrayLike<number>, y = b as ArrayLike<number>;
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) return false;
  return true;
};
const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const show = (v: readonly number[]): string => `min ${Math.min(...v).toFixed(1)} med ${median(v).toFixed(1)} ms`;
const settle = async (): Promise<void> => {
  if (mode !== 'gc') return;
  (globalThis as unknown as { gc(): void }).gc();
  await new Promise((resolve) => setImmediate(resolve));
};

for (const c of cases) {
  const js = memoJit({ backend: 'js' })(c.f) as F, wasm = memoJit({ backend: 'wasm' })(c.f) as F;
  const want = c.f(...c.args);
  if (!same(js(...c.args), want) || !same(wasm(...c.args), want)) throw new Error(`${c.name}: a backend differs from plain JS`);
  const times = { js: [] as number[], wasm: [] as number[] };
  for (let r = 0; r < calls; r++) {
    const order: Array<['js' | 'wasm', F]> = r % 2 ? [['js', js], ['wasm', wasm]] : [['wasm', wasm], ['js', js]];
    for (const [name, f] of order) {
      await settle();
      const s = performance.now();
      const out = f(...c.args);
      times[name].push(performance.now() - s);
      if (mode === 'free' && ArrayBuffer.isView(out) && isNumbatArray(out)) free(out as Float64Array);
    }
  }
  const st = memoryStats();
  console.log(`${c.name.padEnd(36)} js ${show(times.js)} | wasm ${show(times.wasm)} | memory ${(st.memoryBytes / 2 ** 20).toFixed(0)} MiB, ${st.liveArrays} live arrays`);
}
