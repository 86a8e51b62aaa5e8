/**
 * The WAT text of a {@link WasmModule}, printed from the same instruction lists `encode.ts` turns into bytes, so
 * `inspect()` shows exactly what runs. Blocks are indented; locals and callees are named in comments.
 *
 * @module
 */
import { OPS, type FuncType, type Instr, type WasmModule } from './encode.js';

const sig = (t: FuncType): string =>
  [t.params.length ? `(param ${t.params.join(' ')})` : '', t.results.length ? `(result ${t.results.join(' ')})` : ''].filter(Boolean).join(' ');

function immText(ins: Instr): string {
  const kind = OPS[ins.op].imm as string;
  if (kind === 'none') return '';
  if (kind === 'block') return ins.imm ? ` (result ${String(ins.imm)})` : '';
  if (kind === 'f64') {
    const v = ins.imm as number;
    return ` ${Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : Object.is(v, -0) ? '-0' : String(v)}`;
  }
  if (kind === 'mem') return ins.imm ? ` offset=${String(ins.imm)}` : '';
  if (kind === 'memlane') return `${ins.imm ? ` offset=${String(ins.imm)}` : ''} ${ins.lane ?? 0}`;
  if (kind === 'memidx') return '';
  if (kind === 'v128') {
    const v = BigInt(ins.imm as bigint);
    return ` i64x2 0x${(v & 0xffffffffffffffffn).toString(16)} 0x${(v >> 64n).toString(16)}`;
  }
  return ` ${String(ins.imm)}`;
}

/**
 * Prints a module as WebAssembly text.
 *
 * @example
 * ```ts
 * import { lowerToIR } from '../pipeline.js';
 * import { generateWasm } from './codegen.js';
 * import { printWat } from './wat.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const { module } = generateWasm(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * printWat(module).startsWith('(module'); // → true
 * console.log(printWat(module)); // (module (import "env" "memory" (memory … shared)) … (func $sum …))
 * ```
 */
export function printWat(m: WasmModule): string {
  const lines: string[] = ['(module'];
  m.imports.forEach((i, k) => lines.push(`  (import "${i.module}" "${i.name}" (func $${i.name} ${sig(i.type)})) ;; ${k}`));
  const mem = m.memory;
  lines.push(`  (import "${mem.module}" "${mem.name}" (memory ${mem.min} ${mem.max}${mem.shared ? ' shared' : ''}))`);
  m.globals.forEach((g, k) => lines.push(`  (global $${g} (mut i32) (i32.const 0)) ;; ${k}`));
  m.functions.forEach((f, k) => {
    const names = f.localNames;
    const params = f.type.params.map((t, i) => `(param $${names[i]} ${t})`).join(' ');
    lines.push(`  (func $${f.name} ${params} ${sig({ params: [], results: f.type.results })} ;; ${m.imports.length + k}`);
    f.locals.forEach((t, i) => lines.push(`    (local $${names[f.type.params.length + i]} ${t})`));
    let depth = 2;
    for (const ins of f.body) {
      if (ins.op === 'end' || ins.op === 'else') depth--;
      const named = ins.op.startsWith('local.') ? ` ;; $${names[ins.imm as number]}` : ins.note ? ` ;; ${ins.note}` : '';
      lines.push(`${'  '.repeat(depth)}${ins.op}${immText(ins)}${named}`);
      if (ins.op === 'block' || ins.op === 'loop' || ins.op === 'if' || ins.op === 'else') depth++;
    }
    lines.push('  )');
  });
  m.exports.forEach((e) => lines.push(`  (export "${e.name}" (${e.global !== undefined ? `global ${e.global}` : `func ${e.func!}`}))`));
  lines.push(')');
  return lines.join('\n');
}
