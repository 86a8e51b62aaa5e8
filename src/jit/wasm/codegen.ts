/**
 * Stage 4, Wasm: IR to a WebAssembly module (instruction lists for `encode.ts` and `wat.ts`). The function
 * generator is `gen-statements.ts` and the parts it extends (`gen-state.ts` lists them); every IR node the backend
 * does not accept throws {@link WasmUnsupported} with the reason, and the specialization stays on the JS backend.
 *
 * Semantics are JavaScript's, bit for bit (the IR's module comment lists them): f64 arithmetic is IEEE as in JS;
 * `%` on doubles is exact (i64 remainder for integers, else V8's own `%`, imported); ToInt32 is exact for every
 * double; `min`/`max` are Wasm's (NaN-propagating, -0 < +0, as JS); transcendentals are V8's `Math.*` imported.
 * Where JS would produce something the Wasm values cannot hold (an out-of-bounds read's `undefined`, an integer
 * past 2^53 in an i64 local, falling off the end of a function that returns a number), the code traps:
 * `runtime.ts` then runs the same call on the JS backend, which is exact because the Wasm call is transactional.
 *
 * @module
 */
import type { IRModule } from '../ir.js';
import { walkIR } from '../ir.js';
import type { Instr, ValType, WasmFunction, WasmModule } from './encode.js';
import { writtenParams } from './zero-copy.js';
import { nestedWritten } from './nested.js';
import { returnedMatrix } from './nested-emit.js';
import { BINARY_OPERATORS } from '../ops/operators.js';
import { WasmUnsupported, importKey, mathRow, type Context, type GeneratedWasm, type WasmOptions, type WasmParam } from './codegen-types.js';
import { FunctionGen } from './gen-statements.js';
import { RANDOM_GLOBALS } from './gen-random.js';

/**
 * Generates the Wasm module of a compiled specialization, or throws {@link WasmUnsupported}.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import { encodeModule } from './encode.js';
 *
 * function collatz(n: number) {
 *   let steps = 0;
 *   while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; }
 *   return steps;
 * }
 * const { module } = generateWasm(lowerToIR(collatz, [{ kind: 'i32' }]));
 * WebAssembly.validate(encodeModule(module)); // → true
 * ```
 */
export function generateWasm(ir: IRModule, options: WasmOptions = {}): GeneratedWasm {
  const imports: Array<{ key: string; fn: string; arity: number }> = [{ key: 'mod', fn: 'mod', arity: 2 }];
  let writes = false;
  let random = false;
  for (const f of ir.functions) {
    if (f.usesRandom) random = true;
    walkIR(f.body, {
      expr: (e) => {
        if (e.op === 'math' && 'import' in mathRow(e.fn)) {
          const key = importKey(e.fn, e.args.length);
          if (!imports.some((i) => i.key === key)) imports.push({ key, fn: e.fn, arity: e.args.length });
        }
      },
      stmt: (s) => { if (s.kind === 'store' || s.kind === 'matrixStore') writes = true; },
    });
    walkIR(f.body, {
      expr: (e) => {
        const host = e.op === 'binary' && e.type.kind !== 'i32' ? BINARY_OPERATORS[e.operator].wasmImport : undefined;
        if (host && !imports.some((i) => i.key === host)) imports.push({ key: host, fn: host, arity: 2 });
      },
    });
  }
  const base = imports.length;
  const helpers = { toInt32: base + ir.functions.length, fmod: base + ir.functions.length + 1 };
  const importIndex = new Map(imports.map((imp, k) => [imp.key, k]));
  const ctx: Context = { ir, base, helpers, importIndex, fastmath: options.fastmath === true, simd: [], reduces: false, vectorized: 0, randomLanes: 0 };
  const integral: string[] = [];
  let trapFree = !recursive(ir);
  const functions: WasmFunction[] = ir.functions.map((f) => {
    const gen = new FunctionGen(f, ctx);
    const out = gen.run();
    if (gen.mayTrap) trapFree = false;
    integral.push(...[...gen.ints].map((n) => `${f.name}.${n}`));
    return out;
  });
  functions.push(toInt32Helper(), fmodHelper(importIndex.get('mod')!));
  const entryIndex = ir.functions.findIndex((f) => f.name === ir.entry);
  const entry = ir.functions[entryIndex]!;
  const params: WasmParam[] = entry.params.map((p) => {
    if (p.type.kind === 'array') return { kind: 'array', element: p.type.element };
    if (p.type.kind === 'i32' || p.type.kind === 'f64' || p.type.kind === 'bool') return { kind: 'scalar', type: p.type.kind };
    if (p.type.kind === 'matrix') return { kind: 'nested' };
    throw new WasmUnsupported(`a parameter of type ${p.type.kind}`);
  });
  const module: WasmModule = {
    imports: imports.map((i) => ({ module: 'Math', name: i.key, type: { params: Array<ValType>(i.arity).fill('f64'), results: ['f64'] } })),
    memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true },
    functions,
    // SFC32's four state words (gen-random.ts): the wrapper loads them from RANDOM_STATE and stores them back
    // only when the call returns, so a trapped call that JS reruns draws the same stream once
    globals: random ? ['heap', ...RANDOM_GLOBALS] : ['heap'],
    exports: [{ name: 'entry', func: base + entryIndex }, { name: 'heap', global: 0 }, ...(random ? RANDOM_GLOBALS.map((name, k) => ({ name, global: 1 + k })) : [])],
  };
  const rowsWritten = nestedWritten(entry, ir.functions);
  const written = writtenParams(entry).map((w, k) => w || rowsWritten[k] === true);
  const returnsParam = returnedMatrix(entry);
  return { module, params, result: entry.returnType, writes, names: entry.params.map((p) => p.name), written, ...(returnsParam === undefined ? {} : { returnsParam }), integral, imported: imports.slice(1).map((i) => i.fn), simd: ctx.simd, reduces: ctx.reduces, vectorized: ctx.vectorized, randomLanes: ctx.randomLanes, trapFree };
}

/** Whether some function of the module can reach itself through calls (a deep recursion traps on the stack). */
function recursive(ir: IRModule): boolean {
  const callees = new Map<string, Set<string>>();
  for (const f of ir.functions) {
    const out = new Set<string>();
    walkIR(f.body, { expr: (e) => { if (e.op === 'call') out.add(e.callee); } });
    callees.set(f.name, out);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycle = (name: string): boolean => {
    if (state.get(name) === 'open') return true;
    if (state.get(name) === 'done') return false;
    state.set(name, 'open');
    for (const c of callees.get(name) ?? []) if (cycle(c)) return true;
    state.set(name, 'done');
    return false;
  };
  return ir.functions.some((f) => cycle(f.name));
}

/** ToInt32 of any double, exactly: the remainder modulo 2^32 is exact in doubles, NaN and ±Infinity give 0. */
function toInt32Helper(): WasmFunction {
  const body: Instr[] = [
    { op: 'local.get', imm: 0 }, { op: 'local.get', imm: 0 }, { op: 'f64.const', imm: 2 ** -32 }, { op: 'f64.mul' },
    { op: 'f64.trunc' }, { op: 'f64.const', imm: 2 ** 32 }, { op: 'f64.mul' }, { op: 'f64.sub' },
    { op: 'i64.trunc_sat_f64_s' }, { op: 'i32.wrap_i64' },
  ];
  return { name: '$toInt32', type: { params: ['f64'], results: ['i32'] }, locals: [], localNames: ['x'], body };
}

/** JS `%` on doubles: integers below 2^63 by i64 remainder (with the dividend's sign, so -4 % 2 is -0), else V8's `%`. */
function fmodHelper(modImport: number): WasmFunction {
  const g = (k: number): Instr => ({ op: 'local.get', imm: k });
  const integralSmall = (k: number): Instr[] => [
    g(k), { op: 'f64.trunc' }, g(k), { op: 'f64.eq' },
    g(k), { op: 'f64.abs' }, { op: 'f64.const', imm: 2 ** 63 }, { op: 'f64.lt' }, { op: 'i32.and' },
  ];
  const body: Instr[] = [
    ...integralSmall(0), ...integralSmall(1), { op: 'i32.and' }, g(1), { op: 'f64.const', imm: 0 }, { op: 'f64.ne' }, { op: 'i32.and' },
    { op: 'if', imm: 'f64' },
    g(0), { op: 'i64.trunc_f64_s' }, g(1), { op: 'i64.trunc_f64_s' }, { op: 'i64.rem_s' }, { op: 'f64.convert_i64_s' }, g(0), { op: 'f64.copysign' },
    { op: 'else' },
    g(0), g(1), { op: 'call', imm: modImport, note: 'JS %' },
    { op: 'end' },
  ];
  return { name: '$fmod', type: { params: ['f64', 'f64'], results: ['f64'] }, locals: [], localNames: ['a', 'b'], body };
}
