/**
 * The WebAssembly binary encoder: one instruction list per function, encoded to bytes here and printed as WAT by
 * `wat.ts`, so what `inspect()` shows is exactly what runs. No binaryen or wabt at run time: emitting a module
 * by hand takes microseconds, loading either tool takes 0.2–2 s (see /work/shared/ENVIRONMENT.md).
 *
 * Every opcode is one row of {@link OPS} (its bytes and the kind of immediate it takes); the encoder and the WAT
 * printer both read that table.
 *
 * @module
 */

/**
 * A Wasm value type.
 *
 * @example
 * ```ts
 * import type { FuncType, ValType } from './encode.js';
 *
 * const t: ValType = 'f64';
 * const sig: FuncType = { params: ['i32', 'i32'], results: [t] };
 * ```
 */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

const VALTYPE: Readonly<Record<ValType, number>> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** What follows an opcode. */
type ImmKind = 'none' | 'block' | 'label' | 'local' | 'func' | 'i32' | 'i64' | 'f64' | 'mem' | 'lane' | 'global' | 'memidx' | 'memlane' | 'v128';

interface OpRow {
  readonly code: readonly number[];
  readonly imm: ImmKind;
  /** Natural alignment (log2 bytes) of memory instructions. */
  readonly align?: number;
}

const op = (code: number | readonly number[], imm: ImmKind = 'none', align?: number): OpRow =>
  ({ code: typeof code === 'number' ? [code] : code, imm, ...(align !== undefined ? { align } : {}) });
const simd = (code: number, imm: ImmKind = 'none', align?: number): OpRow => op([0xfd, ...uleb(code)], imm, align);

/**
 * Every instruction the backend emits: name (as in the WAT text format) → encoding.
 *
 * @example
 * ```ts
 * import { OPS } from './encode.js';
 *
 * OPS['f64.add'].code; // → [ 160 ]
 * ```
 */
export const OPS = {
  unreachable: op(0x00), nop: op(0x01), block: op(0x02, 'block'), loop: op(0x03, 'block'), if: op(0x04, 'block'),
  else: op(0x05), end: op(0x0b), br: op(0x0c, 'label'), br_if: op(0x0d, 'label'), return: op(0x0f),
  call: op(0x10, 'func'), drop: op(0x1a), select: op(0x1b),
  'global.get': op(0x23, 'global'), 'global.set': op(0x24, 'global'),
  'memory.size': op(0x3f, 'memidx'), 'memory.grow': op(0x40, 'memidx'), 'memory.fill': op([0xfc, 0x0b], 'memidx'),
  'local.get': op(0x20, 'local'), 'local.set': op(0x21, 'local'), 'local.tee': op(0x22, 'local'),
  'i32.load': op(0x28, 'mem', 2), 'i64.load': op(0x29, 'mem', 3), 'f32.load': op(0x2a, 'mem', 2), 'f64.load': op(0x2b, 'mem', 3),
  'i32.load8_s': op(0x2c, 'mem', 0), 'i32.load8_u': op(0x2d, 'mem', 0), 'i32.load16_s': op(0x2e, 'mem', 1), 'i32.load16_u': op(0x2f, 'mem', 1),
  'i32.store': op(0x36, 'mem', 2), 'i64.store': op(0x37, 'mem', 3), 'f32.store': op(0x38, 'mem', 2), 'f64.store': op(0x39, 'mem', 3),
  'i32.store8': op(0x3a, 'mem', 0), 'i32.store16': op(0x3b, 'mem', 1),
  'i32.const': op(0x41, 'i32'), 'i64.const': op(0x42, 'i64'), 'f64.const': op(0x44, 'f64'),
  'i32.eqz': op(0x45), 'i32.eq': op(0x46), 'i32.ne': op(0x47), 'i32.lt_s': op(0x48), 'i32.lt_u': op(0x49),
  'i32.gt_s': op(0x4a), 'i32.gt_u': op(0x4b), 'i32.le_s': op(0x4c), 'i32.le_u': op(0x4d), 'i32.ge_s': op(0x4e), 'i32.ge_u': op(0x4f),
  'i64.eqz': op(0x50), 'i64.eq': op(0x51), 'i64.ne': op(0x52), 'i64.lt_s': op(0x53), 'i64.lt_u': op(0x54),
  'i64.gt_s': op(0x55), 'i64.gt_u': op(0x56), 'i64.le_s': op(0x57), 'i64.le_u': op(0x58), 'i64.ge_s': op(0x59), 'i64.ge_u': op(0x5a),
  'f64.eq': op(0x61), 'f64.ne': op(0x62), 'f64.lt': op(0x63), 'f64.gt': op(0x64), 'f64.le': op(0x65), 'f64.ge': op(0x66),
  'i32.clz': op(0x67), 'i32.add': op(0x6a), 'i32.sub': op(0x6b), 'i32.mul': op(0x6c), 'i32.div_s': op(0x6d), 'i32.rem_s': op(0x6f),
  'i32.and': op(0x71), 'i32.or': op(0x72), 'i32.xor': op(0x73), 'i32.shl': op(0x74), 'i32.shr_s': op(0x75), 'i32.shr_u': op(0x76),
  'i64.add': op(0x7c), 'i64.sub': op(0x7d), 'i64.mul': op(0x7e), 'i64.div_s': op(0x7f), 'i64.rem_s': op(0x81),
  'i64.and': op(0x83), 'i64.or': op(0x84), 'i64.xor': op(0x85), 'i64.shl': op(0x86), 'i64.shr_s': op(0x87), 'i64.shr_u': op(0x88),
  'f64.abs': op(0x99), 'f64.neg': op(0x9a), 'f64.ceil': op(0x9b), 'f64.floor': op(0x9c), 'f64.trunc': op(0x9d),
  'f64.nearest': op(0x9e), 'f64.sqrt': op(0x9f), 'f64.add': op(0xa0), 'f64.sub': op(0xa1), 'f64.mul': op(0xa2),
  'f64.div': op(0xa3), 'f64.min': op(0xa4), 'f64.max': op(0xa5), 'f64.copysign': op(0xa6),
  'i32.wrap_i64': op(0xa7), 'i32.trunc_f64_s': op(0xaa), 'i32.trunc_f64_u': op(0xab), 'i64.extend_i32_s': op(0xac),
  'i64.extend_i32_u': op(0xad), 'i64.trunc_f64_s': op(0xb0), 'f32.demote_f64': op(0xb6), 'f64.convert_i32_s': op(0xb7),
  'f64.convert_i32_u': op(0xb8), 'f64.convert_i64_s': op(0xb9), 'f64.promote_f32': op(0xbb), 'f64.reinterpret_i64': op(0xbf),
  'i32.trunc_sat_f64_s': op([0xfc, 0x02]), 'i64.trunc_sat_f64_s': op([0xfc, 0x06]),
  'v128.load': simd(0x00, 'mem', 3), 'v128.store': simd(0x0b, 'mem', 3),
  'f64x2.splat': simd(0x14), 'f64x2.extract_lane': simd(0x21, 'lane'), 'f64x2.replace_lane': simd(0x22, 'lane'), 'i32x4.splat': simd(0x11), 'i32x4.extract_lane': simd(0x1b, 'lane'),
  'f64x2.add': simd(0xf0), 'f64x2.sub': simd(0xf1), 'f64x2.mul': simd(0xf2), 'f64x2.div': simd(0xf3),
  'f64x2.min': simd(0xf4), 'f64x2.max': simd(0xf5), 'f64x2.sqrt': simd(0xef), 'f64x2.abs': simd(0xec), 'f64x2.neg': simd(0xed),
  'f32x4.demote_f64x2_zero': simd(0x5e), 'f64x2.promote_low_f32x4': simd(0x5f), 'v128.load64_zero': simd(0x5d, 'mem', 3),
  'v128.store64_lane': simd(0x5b, 'memlane', 3), 'v128.load64_lane': simd(0x57, 'memlane', 3),
  'i32x4.add': simd(0xae), 'i32x4.sub': simd(0xb1), 'i32x4.mul': simd(0xb5), 'i32x4.neg': simd(0xa1),
  'i32x4.shl': simd(0xab), 'i32x4.shr_s': simd(0xac), 'v128.and': simd(0x4e), 'v128.or': simd(0x50), 'v128.xor': simd(0x51),
  'f32x4.splat': simd(0x13), 'f32x4.abs': simd(0xe0), 'f32x4.neg': simd(0xe1), 'f32x4.sqrt': simd(0xe3),
  'f32x4.add': simd(0xe4), 'f32x4.sub': simd(0xe5), 'f32x4.mul': simd(0xe6), 'f32x4.div': simd(0xe7),
  'f32x4.min': simd(0xe8), 'f32x4.max': simd(0xe9),
  'f64x2.convert_low_i32x4_s': simd(0xfe), 'f64x2.convert_low_i32x4_u': simd(0xff),
  // lane masks and bit patterns, for branch-free special cases (lanes-math.ts)
  'v128.const': simd(0x0c, 'v128'), 'v128.not': simd(0x4d), 'v128.andnot': simd(0x4f), 'v128.bitselect': simd(0x52),
  'f64x2.eq': simd(0x47), 'f64x2.ne': simd(0x48), 'f64x2.lt': simd(0x49), 'f64x2.gt': simd(0x4a), 'f64x2.le': simd(0x4b), 'f64x2.ge': simd(0x4c),
  'f64x2.trunc': simd(0x7a), 'i64x2.splat': simd(0x12),
  'i64x2.shl': simd(0xcb), 'i64x2.shr_s': simd(0xcc), 'i64x2.shr_u': simd(0xcd), 'i64x2.add': simd(0xce), 'i64x2.sub': simd(0xd1),
  'i64x2.eq': simd(0xd6), 'i64x2.ne': simd(0xd7), 'i64x2.lt_s': simd(0xd8), 'i64x2.gt_s': simd(0xd9), 'i64x2.le_s': simd(0xda), 'i64x2.ge_s': simd(0xdb),
} as const satisfies Record<string, OpRow>;

/**
 * An instruction name of {@link OPS}.
 *
 * @example
 * ```ts
 * import { OPS, type OpName } from './encode.js';
 *
 * const name: OpName = 'f64.mul';
 * name in OPS; // → true
 * ```
 */
export type OpName = keyof typeof OPS;

/**
 * One instruction: its name and immediate. `block`/`loop`/`if` take a result type (or none); `br`/`br_if` a
 * relative depth; `local.*` a local index; `call` a function index; loads and stores a byte offset (aligned
 * naturally); `lane` ops a lane index; `v128.const` its 128 bits as a non-negative bigint (lane 0 in the low bits). `note` is printed as a WAT comment (the local's or callee's name).
 *
 * @example
 * ```ts
 * import { encodeInstr, type Instr } from './encode.js';
 *
 * // x + 1 for an f64 local 0:
 * const code: Instr[] = [{ op: 'local.get', imm: 0 }, { op: 'f64.const', imm: 1 }, { op: 'f64.add' }];
 * code.flatMap((i) => encodeInstr(i)).length; // → 12
 * ```
 */
export interface Instr {
  readonly op: OpName;
  readonly imm?: number | bigint | ValType | null;
  readonly note?: string;
  /** The lane of a `memlane` instruction (`v128.store64_lane`), after its memory offset in `imm`. */
  readonly lane?: number;
}

/**
 * A function type.
 *
 * @example
 * ```ts
 * import type { FuncType } from './encode.js';
 *
 * // (xs.ptr, xs.len) -> f64: a Float64Array parameter is a pointer and a length.
 * const sig: FuncType = { params: ['i32', 'i32'], results: ['f64'] };
 * ```
 */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/**
 * One defined function: its type, its extra locals (after the parameters) and its body (without the final `end`).
 *
 * @example
 * ```ts
 * import type { Instr, WasmFunction } from './encode.js';
 *
 * // sum(xs.ptr, xs.len) over a Float64Array in linear memory: locals 0 and 1 are the parameters, 2 is i, 3 is s.
 * const body: Instr[] = [
 *   { op: 'block', imm: undefined }, { op: 'loop', imm: undefined },
 *   { op: 'local.get', imm: 2 }, { op: 'local.get', imm: 1 }, { op: 'i32.ge_u' }, { op: 'br_if', imm: 1 },
 *   { op: 'local.get', imm: 3 },
 *   { op: 'local.get', imm: 0 }, { op: 'local.get', imm: 2 }, { op: 'i32.const', imm: 3 }, { op: 'i32.shl' }, { op: 'i32.add' },
 *   { op: 'f64.load', imm: 0 }, { op: 'f64.add' }, { op: 'local.set', imm: 3 },
 *   { op: 'local.get', imm: 2 }, { op: 'i32.const', imm: 1 }, { op: 'i32.add' }, { op: 'local.set', imm: 2 },
 *   { op: 'br', imm: 0 }, { op: 'end' }, { op: 'end' },
 *   { op: 'local.get', imm: 3 },
 * ];
 * const f: WasmFunction = { name: 'sum', type: { params: ['i32', 'i32'], results: ['f64'] }, locals: ['i32', 'f64'], localNames: ['xs.ptr', 'xs.len', 'i', 's'], body };
 * ```
 */
export interface WasmFunction {
  readonly name: string;
  readonly type: FuncType;
  readonly locals: readonly ValType[];
  /** Names of parameters then locals, for the WAT text. */
  readonly localNames: readonly string[];
  readonly body: readonly Instr[];
}

/**
 * A whole module: imported functions (module, field, type), one imported memory, defined functions, exports.
 * Function indices count imports first, as in Wasm.
 *
 * @example
 * ```ts
 * import { encodeModule, type Instr, type WasmFunction, type WasmModule } from './encode.js';
 *
 * // sum(xs.ptr, xs.len) over a Float64Array in linear memory: locals 0 and 1 are the parameters, 2 is i, 3 is s.
 * const body: Instr[] = [
 *   { op: 'block', imm: undefined }, { op: 'loop', imm: undefined },
 *   { op: 'local.get', imm: 2 }, { op: 'local.get', imm: 1 }, { op: 'i32.ge_u' }, { op: 'br_if', imm: 1 },
 *   { op: 'local.get', imm: 3 },
 *   { op: 'local.get', imm: 0 }, { op: 'local.get', imm: 2 }, { op: 'i32.const', imm: 3 }, { op: 'i32.shl' }, { op: 'i32.add' },
 *   { op: 'f64.load', imm: 0 }, { op: 'f64.add' }, { op: 'local.set', imm: 3 },
 *   { op: 'local.get', imm: 2 }, { op: 'i32.const', imm: 1 }, { op: 'i32.add' }, { op: 'local.set', imm: 2 },
 *   { op: 'br', imm: 0 }, { op: 'end' }, { op: 'end' },
 *   { op: 'local.get', imm: 3 },
 * ];
 * const f: WasmFunction = { name: 'sum', type: { params: ['i32', 'i32'], results: ['f64'] }, locals: ['i32', 'f64'], localNames: ['xs.ptr', 'xs.len', 'i', 's'], body };
 * const m: WasmModule = { imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true }, functions: [f], globals: [], exports: [{ name: 'sum', func: 0 }] };
 * WebAssembly.validate(encodeModule(m)); // → true
 * ```
 */
export interface WasmModule {
  readonly imports: readonly { readonly module: string; readonly name: string; readonly type: FuncType }[];
  readonly memory: { readonly module: string; readonly name: string; readonly min: number; readonly max: number; readonly shared: boolean };
  readonly functions: readonly WasmFunction[];
  /** Mutable i32 globals, initialized to 0 (the allocation top of `new Float64Array(n)` in Wasm). */
  readonly globals: readonly string[];
  readonly exports: readonly { readonly name: string; readonly func?: number; readonly global?: number }[];
}

// -------------------------------------------------------------------------------------------------- LEB128

/**
 * Unsigned LEB128 of a non-negative integer below 2^32.
 *
 * @example
 * ```ts
 * import { uleb } from './encode.js';
 *
 * uleb(624485).map((b) => b.toString(16)); // → [ 'e5', '8e', '26' ]
 * ```
 */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/**
 * Signed LEB128 of an integer (a `number` in int32 range, or a `bigint` for i64).
 *
 * @example
 * ```ts
 * import { sleb } from './encode.js';
 *
 * sleb(-123456).map((b) => b.toString(16)); // → [ 'c0', 'bb', '78' ]
 * sleb(-1n); // → [ 127 ]
 * ```
 */
export function sleb(value: number | bigint): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const f64Bytes = (value: number): number[] => Array.from(new Uint8Array(new Float64Array([value]).buffer));
const utf8 = (s: string): number[] => [...uleb(Buffer.byteLength(s)), ...Buffer.from(s, 'utf8')];
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => (body.length ? [id, ...uleb(body.length), ...body] : []);
const funcType = (t: FuncType): number[] => [0x60, ...uleb(t.params.length), ...t.params.map((p) => VALTYPE[p]), ...uleb(t.results.length), ...t.results.map((r) => VALTYPE[r])];

/**
 * The bytes of one instruction.
 *
 * @example
 * ```ts
 * import { encodeInstr } from './encode.js';
 *
 * encodeInstr({ op: 'i32.const', imm: -1 }); // → [ 65, 127 ]
 * ```
 */
export function encodeInstr(ins: Instr, out: number[] = []): number[] {
  const row: OpRow = OPS[ins.op];
  out.push(...row.code);
  const imm = ins.imm;
  switch (row.imm) {
    case 'none': break;
    case 'block': out.push(imm === undefined || imm === null ? 0x40 : VALTYPE[imm as ValType]); break;
    case 'label': case 'local': case 'func': case 'lane': case 'global': out.push(...uleb(imm as number)); break;
    case 'memidx': out.push(0x00); break;
    case 'i32': case 'i64': out.push(...sleb(imm as number | bigint)); break;
    case 'f64': out.push(...f64Bytes(imm as number)); break;
    case 'mem': out.push(...uleb(row.align!), ...uleb((imm as number | undefined) ?? 0)); break;
    case 'memlane': out.push(...uleb(row.align!), ...uleb((imm as number | undefined) ?? 0), ins.lane ?? 0); break;
    case 'v128': for (let b = 0n; b < 128n; b += 8n) out.push(Number((BigInt(imm as bigint) >> b) & 0xffn)); break;
  }
  return out;
}

/**
 * Encodes a module to its binary form (sections: type, import, function, export, code; the memory is imported).
 *
 * @example
 * ```ts
 * import { encodeModule, type Instr, type WasmFunction, type WasmModule } from './encode.js';
 * import { wasmMemory } from './memory.js';
 *
 * // sum(xs.ptr, xs.len) over a Float64Array in linear memory: locals 0 and 1 are the parameters, 2 is i, 3 is s.
 * const body: Instr[] = [
 *   { op: 'block', imm: undefined }, { op: 'loop', imm: undefined },
 *   { op: 'local.get', imm: 2 }, { op: 'local.get', imm: 1 }, { op: 'i32.ge_u' }, { op: 'br_if', imm: 1 },
 *   { op: 'local.get', imm: 3 },
 *   { op: 'local.get', imm: 0 }, { op: 'local.get', imm: 2 }, { op: 'i32.const', imm: 3 }, { op: 'i32.shl' }, { op: 'i32.add' },
 *   { op: 'f64.load', imm: 0 }, { op: 'f64.add' }, { op: 'local.set', imm: 3 },
 *   { op: 'local.get', imm: 2 }, { op: 'i32.const', imm: 1 }, { op: 'i32.add' }, { op: 'local.set', imm: 2 },
 *   { op: 'br', imm: 0 }, { op: 'end' }, { op: 'end' },
 *   { op: 'local.get', imm: 3 },
 * ];
 * const f: WasmFunction = { name: 'sum', type: { params: ['i32', 'i32'], results: ['f64'] }, locals: ['i32', 'f64'], localNames: ['xs.ptr', 'xs.len', 'i', 's'], body };
 * const m: WasmModule = { imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true }, functions: [f], globals: [], exports: [{ name: 'sum', func: 0 }] };
 * const instance = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(m)), { env: { memory: wasmMemory() } });
 * new Float64Array(wasmMemory().buffer, 0, 3).set([1, 2, 3]);
 * (instance.exports['sum'] as (ptr: number, len: number) => number)(0, 3); // → 6
 * ```
 */
export function encodeModule(m: WasmModule): Uint8Array<ArrayBuffer> {
  const types: number[][] = [];
  const typeIndex = new Map<string, number>();
  const typeOf = (t: FuncType): number => {
    const bytes = funcType(t);
    const key = bytes.join(',');
    let k = typeIndex.get(key);
    if (k === undefined) {
      k = types.length;
      types.push(bytes);
      typeIndex.set(key, k);
    }
    return k;
  };
  const imports: number[][] = m.imports.map((i) => [...utf8(i.module), ...utf8(i.name), 0x00, ...uleb(typeOf(i.type))]);
  const mem = m.memory;
  imports.push([...utf8(mem.module), ...utf8(mem.name), 0x02, mem.shared ? 0x03 : 0x01, ...uleb(mem.min), ...uleb(mem.max)]);
  const funcs = m.functions.map((f) => uleb(typeOf(f.type)));
  const exports = m.exports.map((e) => (e.global !== undefined ? [...utf8(e.name), 0x03, ...uleb(e.global)] : [...utf8(e.name), 0x00, ...uleb(e.func!)]));
  const globals = m.globals.map(() => [VALTYPE.i32, 0x01, 0x41, 0x00, 0x0b]);
  const bodies = m.functions.map((f) => {
    const runs: number[][] = [];
    for (let i = 0; i < f.locals.length;) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push([...uleb(j - i), VALTYPE[f.locals[i]!]]);
      i = j;
    }
    const code: number[] = vec(runs);
    for (const ins of f.body) encodeInstr(ins, code);
    code.push(0x0b);
    return [...uleb(code.length), ...code];
  });
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs)),
    ...section(6, globals.length ? vec(globals) : []),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ];
  return Uint8Array.from(bytes);
}
