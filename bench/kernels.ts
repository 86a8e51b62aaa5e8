/**
 * `npm run bench:kernels`: issue 13's classic numba kernels four ways in one run — the literal JavaScript port
 * plain, the same port under `memoJit` (backend `auto`, both in one child process per kernel, medians of alternating
 * repeats), under `memoJit` with every specialization on Wasm where the subset allows (`NUMBAT_JIT_BACKEND=wasm`, a
 * second child process with its own plain baseline; array arguments are copied in and out per call), and
 * numba 0.56 on the Python original (`bench/python/numba_kernels.py`, one core) on the very same input data,
 * written to temporary files. Prints per-kernel times, the ratios to numba, a cross-check of the results, and the
 * geometric means.
 *
 * Usage: npm run bench:kernels [-- --quick] [--repeats=7] [name-substring ...]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatSeconds, isMain } from '../src/index.js';
import { programFiles, loadProgram, type Size } from './corpus/program.js';
import { runPrograms } from './corpus/spawn.js';
import { geomean } from './corpus/report.js';
import { runPython } from './python.js';
import type { CheckResult } from './corpus/check.js';

/** What `numba_kernels.py` prints: seconds per call and the checksum of one call's result. */
export interface NumbaKernel {
  readonly median_s: number;
  readonly best_s: number;
  readonly result: number;
}

/** Element types the Python side reads with `np.fromfile`. */
const DTYPES = new Map<unknown, string>([[Float64Array, 'float64'], [Float32Array, 'float32'], [Int32Array, 'int32']]);

/** An argument as numba_kernels.py reads it: a number, or a file holding a 1-D typed array or a number[][]. */
function toPython(arg: unknown, dir: string, index: number): unknown {
  if (typeof arg === 'number') return arg;
  const file = join(dir, `arg${index}.bin`);
  if (ArrayBuffer.isView(arg)) {
    const dtype = DTYPES.get(arg.constructor);
    if (!dtype) throw new TypeError(`no numpy dtype for ${arg.constructor.name}`);
    writeFileSync(file, new Uint8Array(arg.buffer, arg.byteOffset, arg.byteLength));
    return { file, dtype, shape: [(arg as unknown as ArrayLike<number>).length] };
  }
  if (Array.isArray(arg) && Array.isArray(arg[0])) {
    const rows = arg as number[][];
    writeFileSync(file, new Uint8Array(Float64Array.from(rows.flat()).buffer));
    return { file, dtype: 'float64', shape: [rows.length, rows[0]!.length] };
  }
  throw new TypeError(`cannot pass ${String(arg)} to Python`);
}

/** Writes a kernel's arguments for `numba_kernels.py` into `dir`; returns the path of the JSON listing them. */
async function writeArgs(file: string, size: Size, dir: string): Promise<{ python: string; json: string } | undefined> {
  const program = await loadProgram(file);
  if (!program.python) return undefined;
  const sub = mkdtempSync(join(dir, 'k-'));
  const args = program.input(size).args.map((a, i) => toPython(a, sub, i));
  const json = join(sub, 'args.json');
  writeFileSync(json, JSON.stringify(args));
  return { python: program.python, json };
}

/**
 * numba on the Python original of the kernel in `file`, on the same data as `program.input(size)`; undefined
 * when the program names no Python original or `/usr/bin/python3` has no numba.
 *
 * @example
 * ```ts
 * (await numbaTiming(programFiles('kernels')[0]!, 'small', 3))?.result; // the checksum of numba's result
 * ```
 */
export async function numbaTiming(file: string, size: Size, repeats: number): Promise<NumbaKernel | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-kernels-'));
  try {
    const a = await writeArgs(file, size, dir);
    return a && runPython<NumbaKernel>('numba_kernels.py', [a.python, String(repeats), a.json], 'numba');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Checksums of numba's results for several kernels in one Python process (no timing), by Python kernel name;
 * undefined without numba.
 *
 * @example
 * ```ts
 * (await numbaChecksums(programFiles('kernels'), 'small'))?.collatz;
 * ```
 */
export async function numbaChecksums(files: readonly string[], size: Size): Promise<Record<string, number> | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-kernels-'));
  try {
    const pairs: string[] = [];
    for (const file of files) {
      const a = await writeArgs(file, size, dir);
      if (a) pairs.push(a.python, a.json);
    }
    return runPython<Record<string, number>>('numba_kernels.py', ['--check', ...pairs], 'numba');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
const x = (r: number | undefined): string => (r === undefined ? '' : `${r.toFixed(2)}×`);

function agreement(r: CheckResult, nb: NumbaKernel | undefined, random: boolean): string {
  if (!nb || r.checksum === undefined) return '';
  const rel = Math.abs(r.checksum - nb.result) / Math.max(1, Math.abs(nb.result));
  // Random kernels draw from different generators: only their difference relative to the sampling error means
  // anything, so it is shown rather than judged.
  if (random) return `different streams: ${r.checksum.toPrecision(6)} vs ${nb.result.toPrecision(6)}`;
  return rel <= 1e-9 ? 'agrees' : `**differs**: ${r.checksum} vs ${nb.result}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const repeats = Number(args.find((a) => a.startsWith('--repeats='))?.slice(10) ?? (quick ? 3 : 7));
  const names = args.filter((a) => !a.startsWith('--'));
  const files = programFiles('kernels').filter((f) => names.length === 0 || names.some((n) => basename(f).includes(n)));
  const size: Size = quick ? 'small' : 'full';
  console.log(`Classic numba kernels, ${size} inputs: plain JS and memoJit (same process, medians of ${repeats}), numba 0.56 on the same data (one core).`);
  console.log(`Node ${process.version}; a shared machine: read the ratios, each measured in the same run.\n`);
  const rows: string[][] = [];
  const plainVsNumba: number[] = [], jitVsNumba: number[] = [], jitVsPlain: number[] = [], wasmVsNumba: number[] = [], bestVsNumba: number[] = [];
  for (const file of files) {
    // JavaScript and numba of one kernel back to back, so both see the machine in about the same state.
    const results = await runPrograms([file], {
      flags: [`--size=${size}`, '--time', `--repeats=${repeats}`, `--min-time=${quick ? 0.01 : 0.05}`],
      processPerProgram: true,
      timeoutMs: 300_000,
    });
    const r = results.get(file)!;
    // The same kernel with the Wasm backend forced, in its own child (the backend is chosen per process).
    const saved = process.env['NUMBAT_JIT_BACKEND'];
    process.env['NUMBAT_JIT_BACKEND'] = 'wasm';
    const w = (await runPrograms([file], {
      flags: [`--size=${size}`, '--time', `--repeats=${repeats}`, `--min-time=${quick ? 0.01 : 0.05}`],
      processPerProgram: true,
      timeoutMs: 300_000,
    }).finally(() => {
      if (saved === undefined) delete process.env['NUMBAT_JIT_BACKEND'];
      else process.env['NUMBAT_JIT_BACKEND'] = saved;
    })).get(file)!;
    const program = await loadProgram(file);
    let nb: NumbaKernel | undefined;
    try {
      nb = await numbaTiming(file, size, repeats);
    } catch (error) {
      console.error(`numba ${basename(file)}: ${(error as Error).message}`);
    }
    const pn = ratio(r.plainSeconds, nb?.median_s), jn = ratio(r.jitSeconds, nb?.median_s), jp = ratio(r.plainSeconds, r.jitSeconds);
    // Wasm against numba through its own process's plain baseline: (wasm / plain there) × (plain / numba here)
    const wp = w.status === 'identical' ? ratio(w.jitSeconds, w.plainSeconds) : undefined;
    const wn = wp !== undefined && pn !== undefined ? wp * pn : undefined;
    const best = jn !== undefined && wn !== undefined ? Math.min(jn, wn) : jn ?? wn;
    if (wn !== undefined) wasmVsNumba.push(wn);
    if (best !== undefined) bestVsNumba.push(best);
    if (pn !== undefined) plainVsNumba.push(pn);
    if (jn !== undefined) jitVsNumba.push(jn);
    if (jp !== undefined) jitVsPlain.push(jp);
    const status = r.status === 'blocked' ? `blocked: ${r.construct}` : r.status === 'identical' ? 'compiles, identical' : `**${r.status}**: ${r.difference ?? ''}`;
    rows.push([
      r.name.replace(/^kernel-/, ''),
      r.plainSeconds !== undefined ? formatSeconds(r.plainSeconds) : '',
      r.jitSeconds !== undefined ? formatSeconds(r.jitSeconds) : '',
      w.jitSeconds !== undefined ? `${formatSeconds(w.jitSeconds)} (${x(wp)} of plain ${w.plainSeconds !== undefined ? formatSeconds(w.plainSeconds) : ''})` : '',
      nb ? formatSeconds(nb.median_s) : 'no numba',
      x(pn), x(jn), x(wn), x(jp), status, agreement(r, nb, program.random === true),
    ]);
  }
  const head = ['kernel', 'plain JS', 'memoJit', 'memoJit wasm', 'numba', 'plain / numba', 'memoJit / numba', 'wasm / numba', 'memoJit speed-up', 'memoJit', 'result vs numba'];
  console.log([head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  const g = (xs: number[]): string => (xs.length ? `${geomean(xs)!.toFixed(2)}× (${xs.length} kernels)` : 'n/a');
  console.log(`\nGeometric means: plain JS / numba ${g(plainVsNumba)}; memoJit / numba ${g(jitVsNumba)}; memoJit speed-up over plain ${g(jitVsPlain)}; Wasm forced / numba ${g(wasmVsNumba)}; better of the two / numba ${g(bestVsNumba)}.`);
  console.log('(Times per call; lower ratios to numba are better. Blocked kernels have no memoJit time.)');
}

if (isMain(import.meta.url)) await main();
