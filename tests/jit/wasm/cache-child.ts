// A child process of cache.test.ts (this folder): three specializations that 'auto' runs on Wasm, one per
// routing rule, compiled with the persistent cache on (NUMBAT_CACHE=1, NUMBAT_CACHE_DIR from the parent); prints
// their results, the cache counts and what inspect() shows. It waits for the cache's prefetch before calling.
import { memoJit } from '../../../src/index.js';
import * as numbat from '../../../src/index.js';
import { prefetchEntries } from '../../../src/jit/cache/prefetch.js';
import { cacheDirectory } from '../../../src/jit/cache/store.js';

const collatz = memoJit(function collatz(n: number): number {
  let x = n, steps = 0;
  while (x !== 1) { x = x % 2 === 0 ? x / 2 : 3 * x + 1; steps++; }
  return steps;
});
const fastSum = memoJit({ fastmath: true })(function fastSum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
});
const scale = memoJit(function scale(out: Float64Array, a: Float64Array, k: number): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! * k;
});

// as a script's own setup would: the entries stored for these functions are read and compiled meanwhile
await Promise.all([collatz, fastSum, scale].map((f) => prefetchEntries(f.original, cacheDirectory())));
const a = numbat.f64([1, 2, 3, 4, 5, 0.5]), out = numbat.f64(6);
scale(out, a, 3);
const plainOut = new Float64Array(6);
scale(plainOut, Float64Array.from(a), 3); // an ordinary array: this call runs the JS fallback
const results = [collatz(837799), fastSum(Float64Array.from([1, 2, 3, 4, 5, 0.5])), ...out, ...plainOut];
process.stdout.write(JSON.stringify({ results, stats: memoJit.cacheStats(), inspect: { ...collatz.inspect(), ...fastSum.inspect(), ...scale.inspect() } }) + '\n');
