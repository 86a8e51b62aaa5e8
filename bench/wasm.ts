/**
 * `node --import tsx bench/wasm.ts [--quick] [--no-numba]`: the Wasm backend against the JS backend and the plain function, in
 * one process, medians of alternating repeats, printed as ratios: Collatz (i64 in Wasm), std of 1e7 (f64x2 with
 * fastmath; exact and scalar without), the copy of a typed array into linear memory per call, the cost of V8's
 * `Math.sin` imported into Wasm, the time to emit a module, and the v128 lane shapes (f32x4 and i32x4 maps, exact
 * integer sums, a stencil) under `auto` on numbat memory and forced on ordinary arrays, and a flat 2-D Jacobi sweep. A shared, noisy machine: only the ratios mean
 * anything. numba runs std.py on the same n in a child process (skip with `--no-numba`); the kernels are
 * `npm run bench:kernels`.
 */
import { memoJit } from '../src/index.js';
import * as numbat from '../src/index.js';
import { runPython } from './python.js';
import { lowerToIR } from '../src/jit/pipeline.js';
import { generateWasm } from '../src/jit/wasm/codegen.js';
import { encodeModule, type OpName } from '../src/jit/wasm/encode.js';
import { numbatMemory } from '../src/memory/heap.js';

const quick = process.argv.includes('--quick');
const repeats = quick ? 3 : 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Medians (ms per call) of alternating runs of each variant. */
function race(variants: Record<string, () => unknown>): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(variants)) { variants[name]!(); times[name] = []; }
  for (let r = 0; r < repeats; r++) {
    for (const [name, f] of Object.entries(variants)) {
      const t0 = performance.now();
      f();
      times[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

function collatz(n: number) {
  let best = 0, bestStart = 0;
  for (let start = 1; start < n; start++) {
    let x = start, steps = 0;
    while (x !== 1) { if (x % 2 === 0) x = Math.floor(x / 2); else x = 3 * x + 1; steps += 1; }
    if (steps > best) { best = steps; bestStart = start; }
  }
  return [bestStart, best];
}

function std(xs: Float64Array) {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let ms = 0;
  for (const x of xs) ms += (x - mean) ** 2;
  return Math.sqrt(ms / xs.length);
}

function sines(xs: Float64Array) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.sin(xs[i]!);
  return s;
}

function touch(xs: Float64Array) { return xs.length; }

const rows: string[][] = [];
const row = (what: string, t: Record<string, number>, base: string): void => {
  rows.push([what, ...Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(2)} ms (${(v / t[base]!).toFixed(2)}×)`)]);
};

const N = quick ? 100_000 : 300_000;
const cWasm = memoJit(collatz), cJs = memoJit({ backend: 'js' })(collatz);
row(`Collatz, n = ${N} (auto → Wasm, i64)`, race({ plain: () => collatz(N), js: () => cJs(N), wasm: () => cWasm(N) }), 'js');

const n = quick ? 1_000_000 : 10_000_000;
const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3 + 1);
const nx = numbat.f64(xs);
const sFast = memoJit({ fastmath: true })(std), sExact = memoJit({ backend: 'wasm' })(std), sJs = memoJit({ backend: 'js' })(std);
const stdTimes = race({ plain: () => std(xs), js: () => sJs(xs), 'wasm fastmath': () => sFast(xs), 'wasm exact': () => sExact(xs), 'wasm fastmath, numbat memory': () => sFast(nx), 'wasm exact, numbat memory': () => sExact(nx) });
row(`std of ${n} (fastmath → Wasm f64x2; an ordinary array is copied in per call, numbat memory is read in place)`, stdTimes, 'js');

/**
 * The histogram loop written by hand in Wasm, exact as the generated one must be (NaN and indices outside the
 * counts write nothing): the reference the backend's code is held to. (xs.ptr, xs.len, counts.ptr, nbins, lo, hi).
 */
function handHistogram(): (xs: number, n: number, counts: number, nbins: number, lo: number, hi: number) => void {
  const text = `local.get 2|i32.const 0|local.get 3|i32.const 2|i32.shl|memory.fill 0|local.get 5|local.get 4|f64.sub|local.get 3|f64.convert_i32_s|f64.div|local.set 6
    |block|loop|local.get 7|local.get 1|i32.ge_u|br_if 1|local.get 0|local.get 7|i32.const 3|i32.shl|i32.add|f64.load 0|local.set 8
    |local.get 4|local.get 8|f64.le|local.get 8|local.get 5|f64.lt|i32.and|if
    |local.get 8|local.get 4|f64.sub|local.get 6|f64.div|local.tee 9|i32.trunc_sat_f64_s|i32.const -1|local.get 9|f64.const -1|f64.gt|select
    |local.tee 10|local.get 3|i32.lt_u|if|local.get 10|i32.const 2|i32.shl|local.get 2|i32.add|local.tee 10|local.get 10|i32.load 0|i32.const 1|i32.add|i32.store 0|end
    |end|local.get 7|i32.const 1|i32.add|local.set 7|br 0|end|end`;
  const body = text.split('|').map((t) => t.trim().split(' ')).map(([op, imm]) => ({ op: op as OpName, ...(imm === undefined ? {} : { imm: Number(imm) }) }));
  const module = encodeModule({
    imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true }, globals: [],
    functions: [{ name: 'histogram', type: { params: ['i32', 'i32', 'i32', 'i32', 'f64', 'f64'], results: [] }, locals: ['f64', 'i32', 'f64', 'f64', 'i32'], localNames: ['xs', 'n', 'counts', 'nbins', 'lo', 'hi', 'width', 'i', 'v', 'q', 'k'], body }],
    exports: [{ name: 'histogram', func: 0 }],
  });
  return new WebAssembly.Instance(new WebAssembly.Module(module), { env: { memory: numbatMemory() } }).exports['histogram'] as ReturnType<typeof handHistogram>;
}

// histogram (the issue-13 kernel): an Int32Array of counts bumped at a computed index
function histogram(x: Float64Array, nbins: number, lo: number, hi: number) {
  const counts = new Int32Array(nbins);
  const width = (hi - lo) / nbins;
  for (const v of x) {
    if (lo <= v && v < hi) {
      counts[Math.trunc((v - lo) / width)]! += 1;
    }
  }
  return counts;
}
const hx = xs.subarray(0, quick ? 1_000_000 : 4_000_000), hn = numbat.f64(hx);
const hJs = memoJit({ backend: 'js' })(histogram), hW = memoJit({ backend: 'wasm' })(histogram);
const hCounts = numbat.i32(100), hand = handHistogram();
const hHand = () => hand(hn.byteOffset, hn.length, hCounts.byteOffset, 100, -3, 3);
hHand();
if (hCounts.some((c, k) => c !== histogram(hx, 100, -3, 3)[k])) throw new Error('the hand-written histogram counts differently');
row(`histogram of ${hx.length} into 100 bins`, race({ plain: () => histogram(hx, 100, -3, 3), js: () => hJs(hx, 100, -3, 3), wasm: () => hW(hx, 100, -3, 3), 'wasm, numbat memory': () => hW(hn, 100, -3, 3), 'hand-written Wasm, numbat memory': hHand }), 'js');

const tw = memoJit({ backend: 'wasm' })(touch);
row(`copy of ${n} f64 (${(8 * n / 1e6).toFixed(0)} MB) into linear memory per call`, race({ 'wasm call incl. copy': () => tw(xs) }), 'wasm call incl. copy');

row(`the same on ${n} f64 in numbat memory (read in place)`, race({ 'wasm call, zero-copy': () => tw(nx) }), 'wasm call, zero-copy');

const m = quick ? 200_000 : 1_000_000;
const ys = xs.subarray(0, m);
const sinW = memoJit({ backend: 'wasm' })(sines), sinJ = memoJit({ backend: 'js' })(sines);
row(`Math.sin of ${m} (imported V8 Math.sin)`, race({ js: () => sinJ(ys), wasm: () => sinW(ys) }), 'js');

// v128 lanes (simd.ts), bit-exact: f32x4 maps, i32x4 maps, integer sums without fastmath, a 1-D Jacobi stencil.
// 'auto' runs them on Wasm for numbat arrays (rule 2); the copy column forces Wasm on ordinary arrays.
function f32map(o: Float32Array, a: Float32Array, b: Float32Array) { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]!; }
function i32map(o: Int32Array, a: Int32Array, b: Int32Array) { for (let i = 0; i < o.length; i++) o[i] = a[i]! + 3 * b[i]!; }
function isum(a: Int32Array) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s; }
function jacobi1(b: Float64Array, a: Float64Array) { for (let i = 1; i < a.length - 1; i++) b[i] = (a[i - 1]! + a[i]! + a[i + 1]!) / 3; }
const L = quick ? 1_000_000 : 4_000_000;
const lanes: Array<[string, (...a: never[]) => unknown, () => unknown[]]> = [
  ['f32 map o[i] = a[i] * b[i] (f32x4)', f32map, () => [numbat.f32(L), numbat.f32(xs.subarray(0, L)), numbat.f32(xs.subarray(1, L + 1))]],
  ['i32 map o[i] = a[i] + 3 * b[i] (i32x4)', i32map, () => [numbat.i32(L), numbat.i32(Int32Array.from(xs.subarray(0, L), (x) => x * 1e8)), numbat.i32(Int32Array.from(xs.subarray(1, L + 1), (x) => x * 1e8))]],
  ['Int32Array sum, exact (f64x2)', isum, () => [numbat.i32(Int32Array.from(xs.subarray(0, L), (x) => x * 1e8))]],
  ['1-D Jacobi stencil (f64x2)', jacobi1, () => [numbat.f64(L), numbat.f64(xs.subarray(0, L))]],
];
for (const [what, f, make] of lanes) {
  const onNumbat = make(), ordinary = onNumbat.map((a) => (a as Float64Array).slice());
  const auto = memoJit(f), js = memoJit({ backend: 'js' })(f), forced = memoJit({ backend: 'wasm' })(f);
  const call = (g: (...a: never[]) => unknown, args: unknown[]) => () => (g as (...a: unknown[]) => unknown)(...args);
  const t = race({ js: call(js, ordinary), 'plain': call(f, ordinary), 'auto, numbat memory (wasm)': call(auto, onNumbat), 'wasm, ordinary arrays copied': call(forced, ordinary) });
  if (!/backend: wasm/.test(Object.values((auto as unknown as { inspect(): Record<string, string> }).inspect()).join(''))) throw new Error(`${what}: auto did not choose Wasm`);
  row(`${what}, n = ${L}`, t, 'js');
}

// 2-D Jacobi on flat row-major grids (row stride m): scalar f64, the element reads proved in range once per row
// (passes/typed-bounds.ts) instead of checked at each access. 'auto' keeps it on JS (no lanes): forced Wasm here.
function jacobiFlat(u: Float64Array, un: Float64Array, n: number, m: number, iters: number) {
  for (let it = 0; it < iters; it++) {
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < m - 1; j++) un[i * m + j] = 0.25 * (u[(i - 1) * m + j]! + u[(i + 1) * m + j]! + u[i * m + j - 1]! + u[i * m + j + 1]!);
    }
    for (let i = 1; i < n - 1; i++) for (let j = 1; j < m - 1; j++) u[i * m + j] = un[i * m + j]!;
  }
  return u;
}
{
  const g = 300, iters = quick ? 20 : 100;
  const u0 = Float64Array.from({ length: g * g }, (_, k) => (k < g ? 100 : Math.abs(Math.sin(k))));
  const jfJs = memoJit({ backend: 'js' })(jacobiFlat), jfW = memoJit({ backend: 'wasm' })(jacobiFlat);
  const run = (f: typeof jacobiFlat) => () => f(u0.slice(), new Float64Array(g * g), g, g, iters);
  row(`2-D Jacobi, flat ${g}×${g} Float64Array, ${iters} sweeps (bounds proved per row; arrays copied in and out)`, race({ plain: run(jacobiFlat), js: run(jfJs), wasm: run(jfW) }), 'plain');
}

const ir = lowerToIR(std, [{ kind: 'array', element: 'f64' }]);
const emits: number[] = [];
for (let r = 0; r < 200; r++) {
  const t0 = performance.now();
  encodeModule(generateWasm(ir, { fastmath: true }).module);
  emits.push(performance.now() - t0);
}
rows.push(['generate + encode std\'s module (SIMD)', `median ${median(emits).toFixed(3)} ms over 200`]);

// numba on the Python original, same n, in a child process of this run (bench/python/std.py, one core)
const numbaStd = process.argv.includes('--no-numba') ? undefined : runPython<{ median_s: number }>('std.py', [String(n), String(repeats)]);
if (numbaStd) {
  const ms = numbaStd.median_s * 1e3;
  rows.push([`std of ${n}: numba njit ${ms.toFixed(2)} ms`, ...(['js', 'wasm fastmath', 'wasm fastmath, numbat memory', 'wasm exact, numbat memory'] as const).map((k) => `${k} / numba ${(stdTimes[k]! / ms).toFixed(2)}×`)]);
}

console.log(`Wasm backend, ${quick ? 'quick' : 'full'} sizes, Node ${process.version}, medians of ${repeats}; a shared machine: read the ratios (to the JS backend unless said).`);
console.log(rows.map((r) => `| ${r.join(' | ')} |`).join('\n'));
const c1 = cWasm(N), c2 = collatz(N);
console.log(`check: Collatz ${JSON.stringify(c1)} vs plain ${JSON.stringify(c2)}; std fastmath ${sFast(xs)} (numbat memory ${sFast(nx)}), exact ${sExact(nx)} vs plain ${std(xs)}`);
