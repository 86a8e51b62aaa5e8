// `node --import tsx bench/lanes-math.ts [n]`: (1) ns per value of src/jit/wasm/lanes-math.ts's f64x2 exp and log
// in a Wasm loop, against Math.exp/log in a JS loop and V8's Math function imported into a Wasm loop (8192 values in
// numbat memory, 60 alternating batches of 20 runs; min and median); (2) numba's black-scholes kernel (corpus, n
// elements, default 1e6) plain, memoJit JS backend, Wasm backend and auto, on numbat memory and on ordinary
// Float64Arrays (copied in and out by the Wasm backend), 15 alternating batches. Prints `uptime` first.
import { lanesMathModule } from '../src/jit/wasm/lanes-math.js';
import { encodeModule, type Instr } from '../src/jit/wasm/encode.js';
import { wasmMemory } from '../src/jit/wasm/memory.js';
import { zeros } from '../src/memory/index.js';
import { execSync } from 'node:child_process';
import { memoJit } from '../src/index.js';
import type { CorpusProgram } from './corpus/program.js';

const memory = wasmMemory();
const lanes = new WebAssembly.Instance(new WebAssembly.Module(lanesMathModule()), { env: { memory } }).exports as Record<string, (d: number, s: number, n: number) => void>;
function importedLoop(): Record<string, (d: number, s: number, n: number) => void> {
  const e = (op: Instr['op'], imm?: Instr['imm']): Instr => ({ op, imm });
  const at = (p: number): Instr[] => [e('local.get', p), e('local.get', 3), e('i32.const', 3), e('i32.shl'), e('i32.add')];
  const body = (f: number): Instr[] => [e('block'), e('loop'), e('local.get', 3), e('local.get', 2), e('i32.ge_u'), e('br_if', 1),
    ...at(0), ...at(1), e('f64.load', 0), e('call', f), e('f64.store', 0), e('local.get', 3), e('i32.const', 1), e('i32.add'), e('local.set', 3), e('br', 0), e('end'), e('end')];
  const ft = { params: ['i32', 'i32', 'i32'] as const, results: [] as const };
  const bytes = encodeModule({
    imports: [{ module: 'Math', name: 'exp', type: { params: ['f64'], results: ['f64'] } }, { module: 'Math', name: 'log', type: { params: ['f64'], results: ['f64'] } }],
    memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true }, globals: [],
    functions: [{ name: 'exp', type: ft, locals: ['i32'], localNames: ['d', 's', 'n', 'i'], body: body(0) }, { name: 'log', type: ft, locals: ['i32'], localNames: ['d', 's', 'n', 'i'], body: body(1) }],
    exports: [{ name: 'exp', func: 2 }, { name: 'log', func: 3 }],
  });
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { Math: { exp: Math.exp, log: Math.log }, env: { memory } }).exports as never;
}
const imported = importedLoop();
const jsExp = (d: Float64Array, s: Float64Array, n: number) => { for (let i = 0; i < n; i++) d[i] = Math.exp(s[i]!); };
const jsLog = (d: Float64Array, s: Float64Array, n: number) => { for (let i = 0; i < n; i++) d[i] = Math.log(s[i]!); };

const N = 8192;
const src = zeros(N), dst = zeros(N);
const results: Record<string, number[]> = {};
for (const fn of ['exp', 'log'] as const) {
  for (let i = 0; i < N; i++) src[i] = fn === 'exp' ? -20 + 40 * Math.random() : Math.exp(-8 + 16 * Math.random());
  const runs: Record<string, () => void> = {
    [`${fn} lanes (wasm)`]: () => lanes[fn]!(dst.byteOffset, src.byteOffset, N),
    [`${fn} Math (js loop)`]: () => (fn === 'exp' ? jsExp : jsLog)(dst, src, N),
    [`${fn} imported (wasm)`]: () => imported[fn]!(dst.byteOffset, src.byteOffset, N),
  };
  for (let batch = 0; batch < 60; batch++) {
    for (const [name, run] of Object.entries(runs)) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < 20; r++) run();
      const ns = Number(process.hrtime.bigint() - t0) / (20 * N);
      (results[name] ??= []).push(ns);
    }
  }
}
const stat = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return { min: s[0]!, med: s[s.length >> 1]! }; };
console.log(execSync('uptime').toString().trim());
for (const fn of ['exp', 'log']) {
  const base = stat(results[`${fn} Math (js loop)`]!);
  for (const [name, xs] of Object.entries(results).filter(([k]) => k.startsWith(fn))) {
    const s = stat(xs);
    console.log(`${name.padEnd(22)} min ${s.min.toFixed(2)} ns  median ${s.med.toFixed(2)} ns  (min ${(s.min / base.min).toFixed(2)}x of Math in JS)`);
  }
}

// (2) black-scholes
type Kernel = (...args: unknown[]) => unknown;
const n = Number(process.argv[2] ?? 1_000_000);
const blackScholes = ((await import(`./corpus/kernels/${'black-scholes'}.js`)) as { default: CorpusProgram }).default;
const plain = blackScholes.fn as Kernel;
const kernels: Record<string, Kernel> = { plain, js: memoJit({ backend: 'js' })(plain), wasm: memoJit({ backend: 'wasm' })(plain), auto: memoJit({ backend: 'auto' })(plain) };
const fill = (a: Float64Array, lo: number, hi: number): Float64Array => { for (let i = 0; i < a.length; i++) a[i] = lo + Math.random() * (hi - lo); return a; };
const arrays = (make: (k: number) => Float64Array): Float64Array[] => [make(n), make(n), fill(make(n), 5, 30), fill(make(n), 1, 100), fill(make(n), 0.25, 10)];
const memories = { numbat: arrays(zeros), ordinary: arrays((k) => new Float64Array(k)) };
const ms: Record<string, number[]> = {};
for (let batch = 0; batch < 15; batch++) {
  for (const [memory, a] of Object.entries(memories)) {
    for (const [name, f] of Object.entries(kernels)) {
      const t0 = process.hrtime.bigint();
      f(...a, 0.02, 0.3);
      (ms[`${memory} ${name}`] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
}
console.log(execSync('uptime').toString().trim(), `black-scholes, n = ${n}`);
for (const memory of Object.keys(memories)) {
  const base = stat(ms[`${memory} plain`]!).min;
  for (const name of Object.keys(kernels)) {
    const s = stat(ms[`${memory} ${name}`]!);
    console.log(`${memory.padEnd(8)} ${name.padEnd(6)} min ${s.min.toFixed(2)} ms  median ${s.med.toFixed(2)} ms  (min ${(s.min / base).toFixed(2)}x of plain)`);
  }
}
