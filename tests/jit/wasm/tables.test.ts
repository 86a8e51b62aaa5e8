// The Wasm backend's tables (src/jit/wasm/tables.ts), against independent facts. Every instruction a row names
// has the opcode the WebAssembly spec gives it (§5.4, written here by hand); every element row's shift, load
// signedness and store width match the typed array's own BYTES_PER_ELEMENT and signedness; every Math row that
// names instructions, run in a module assembled here byte by byte (not by encode.ts), computes JS's Math function
// bit for bit on edge values. Then through memoJit's Wasm backend against plain JS: stores convert and loads read
// back as each typed array does (wrap, clamp, fround, unsigned), and the instruction rows' functions agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { WASM_ELEMENTS, WASM_MATH, type WasmElementRow, type WasmMathRow } from '../../../src/jit/wasm/tables.js';
import { OPS } from '../../../src/jit/wasm/encode.js';
import { MATH } from '../../../src/jit/ops/math.js';

// WebAssembly Core Specification 2.0, §5.4.6 (memory) and §5.4.7 (numeric) instruction opcodes.
const SPEC_OPCODES: Readonly<Record<string, number>> = {
  'i32.load': 0x28, 'f32.load': 0x2a, 'f64.load': 0x2b, 'i32.load8_s': 0x2c, 'i32.load8_u': 0x2d, 'i32.load16_s': 0x2e, 'i32.load16_u': 0x2f,
  'i32.store': 0x36, 'f32.store': 0x38, 'f64.store': 0x39, 'i32.store8': 0x3a, 'i32.store16': 0x3b,
  'i32.clz': 0x67, 'i32.mul': 0x6c, 'f64.abs': 0x99, 'f64.ceil': 0x9b, 'f64.floor': 0x9c, 'f64.trunc': 0x9d, 'f64.sqrt': 0x9f,
  'f64.min': 0xa4, 'f64.max': 0xa5, 'f32.demote_f64': 0xb6, 'f64.promote_f32': 0xbb,
};

const ARRAYS = {
  f64: Float64Array, f32: Float32Array, i32: Int32Array, u32: Uint32Array, i16: Int16Array, u16: Uint16Array,
  i8: Int8Array, u8: Uint8Array, u8c: Uint8ClampedArray,
} as const;
type MemoryKind = keyof typeof ARRAYS;
type InMemory = Extract<WasmElementRow, { shift: number }>;

function opsOf(row: WasmElementRow | WasmMathRow): string[] {
  if ('load' in row) return [row.load, row.store];
  if ('f64' in row) return [...row.f64];
  if ('fold' in row) return [row.fold];
  if ('int32' in row) return [row.int32];
  return [];
}

test('every instruction named in either table has the spec\'s opcode', () => {
  const named = new Set([...Object.values(WASM_ELEMENTS), ...Object.values(WASM_MATH)].flatMap((r) => opsOf(r)));
  assert.ok(named.size >= 20, `${named.size} instructions`);
  for (const name of named) {
    assert.ok(name in SPEC_OPCODES, `${name} is in the hand-written list`);
    assert.deepEqual(OPS[name as keyof typeof OPS].code, [SPEC_OPCODES[name]], name);
  }
});

test('element rows: every typed kind in memory with its size, signedness and store width; plain arrays stay on JS', () => {
  assert.deepEqual(Object.keys(WASM_ELEMENTS).sort(), [...Object.keys(ARRAYS), 'num', 'bool'].sort());
  for (const kind of ['num', 'bool'] as const) assert.equal(typeof (WASM_ELEMENTS[kind] as { js?: unknown }).js, 'string', kind);
  for (const [kind, Ctor] of Object.entries(ARRAYS) as [MemoryKind, (typeof ARRAYS)[MemoryKind]][]) {
    const row = WASM_ELEMENTS[kind] as InMemory;
    assert.equal(1 << row.shift, Ctor.BYTES_PER_ELEMENT, `${kind}: shift`);
    const float = kind === 'f64' || kind === 'f32';
    const bits = 8 * Ctor.BYTES_PER_ELEMENT;
    const signed = new Ctor([-1])[0]! < 0;
    if (float) {
      assert.equal(row.load, `${kind}.load`);
      assert.equal(row.store, `${kind}.store`);
      assert.equal(row.value, kind);
      assert.equal(row.convert, kind);
    } else {
      assert.equal(row.load, bits === 32 ? 'i32.load' : `i32.load${bits}_${signed ? 's' : 'u'}`, `${kind}: load`);
      assert.equal(row.store, bits === 32 ? 'i32.store' : `i32.store${bits}`, `${kind}: store`);
      assert.equal(row.value, kind === 'u32' ? 'u32' : 'i32', `${kind}: an unsigned 32-bit value does not fit an i32`);
      assert.equal(row.convert, kind === 'u8c' ? 'clamp' : 'int32', `${kind}: convert`);
    }
  }
});

test('math rows: one per Math function, each a form the module documents', () => {
  const fns = Object.entries(MATH).filter(([, r]) => r.kind === 'function').map(([k]) => k).sort();
  assert.deepEqual(Object.keys(WASM_MATH).sort(), fns);
  assert.deepEqual((WASM_MATH.min as { empty: number }).empty, Infinity, 'Math.min() is Infinity');
  assert.deepEqual((WASM_MATH.max as { empty: number }).empty, -Infinity, 'Math.max() is -Infinity');
  assert.equal(Math.min(), Infinity);
  assert.equal(Math.max(), -Infinity);
  // Math.round is half up and keeps -0; f64.nearest is half to even: no instruction, so imported.
  assert.ok('import' in WASM_MATH.round);
  // roundsIntegers: the row gives back any integer unchanged (so an i32 argument needs no instruction).
  for (const [name, row] of Object.entries(WASM_MATH) as [keyof typeof WASM_MATH, WasmMathRow][]) {
    if ('f64' in row && row.roundsIntegers) {
      const f = Math[name] as (x: number) => number;
      for (const x of [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 12345]) assert.equal(f(x), x, `Math.${name}(${x})`);
    }
  }
});

// A module assembled by hand: one exported function `f` of the given type whose body is `local.get` of each
// parameter, then the given opcodes.
const VAL = { i32: 0x7f, f64: 0x7c } as const;
function assemble(params: readonly ('i32' | 'f64')[], result: 'i32' | 'f64', opcodes: readonly number[]): (...xs: number[]) => number {
  const vec = (items: number[][]): number[] => [items.length, ...items.flat()];
  const section = (id: number, body: number[]): number[] => [id, body.length, ...body];
  const code = [0x00, ...params.flatMap((_, k) => [0x20, k]), ...opcodes, 0x0b];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, params.length, ...params.map((p) => VAL[p]), 1, VAL[result]]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[1, 0x66, 0x00, 0]])),
    ...section(10, vec([[code.length, ...code]])),
  ];
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)));
  return instance.exports.f as (...xs: number[]) => number;
}

const EDGES = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 1, -1, 3.7, -3.7, 2 ** 52 + 0.5, 2 ** 53, -(2 ** 53) - 2,
  1e300, -1e300, 5e-324, -5e-324, 2 ** 31, -(2 ** 31) - 1, 1 / 3, 16777217, 3.4028235677973366e38, Infinity, -Infinity, NaN];
const INTS = [0, 1, -1, 2, 65535, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 + 3, -7.9, 1e10, NaN, 0x10000, 123456789];
const same = (a: number, b: number, what: string): void => assert.ok(Object.is(a, b), `${what}: ${a} vs ${b}`);

test('rows of instructions, run as the spec\'s opcodes in a hand-assembled module, are JS\'s Math bit for bit', () => {
  let checked = 0;
  for (const [name, row] of Object.entries(WASM_MATH) as [keyof typeof WASM_MATH, WasmMathRow][]) {
    const ref = Math[name] as (...xs: number[]) => number;
    if ('f64' in row) {
      const f = assemble(['f64'], 'f64', row.f64.map((o) => SPEC_OPCODES[o]!));
      for (const x of EDGES) same(f(x), ref(x), `${name}(${x})`);
    } else if ('fold' in row) {
      const f = assemble(['f64', 'f64'], 'f64', [SPEC_OPCODES[row.fold]!]);
      for (const x of EDGES) for (const y of EDGES) same(f(x, y), ref(x, y), `${name}(${x}, ${y})`);
    } else if ('int32' in row) {
      const arity = name === 'imul' ? 2 : 1;
      const f = assemble(Array<'i32'>(arity).fill('i32'), 'i32', [SPEC_OPCODES[row.int32]!]);
      const call = (xs: number[]): number => (name === 'clz32' ? f(xs[0]!) >>> 0 : f(...xs)); // clz32 is at most 32
      for (const x of INTS) for (const y of arity === 2 ? INTS : [0]) same(call([x, y]), ref(x, y), `${name}(${x}${arity === 2 ? `, ${y}` : ''})`);
    } else continue;
    checked++;
  }
  assert.equal(checked, 10, 'abs ceil floor fround sqrt trunc, min max, clz32 imul');
});

/** Calls of a memoJit function that ran in Wasm, read from inspect(). */
function wasmCalls(f: { inspect(): Record<string, string> }): number {
  return [...Object.values(f.inspect()).join('\n').matchAll(/so far: (\d+) calls in Wasm/g)].reduce((s, m) => s + Number(m[1]), 0);
}

test('memoJit (wasm): each element kind stores and loads as its typed array does', () => {
  const jit = memoJit({ backend: 'wasm' });
  const STORED = [0, -0, 1.5, -1.5, 2.5, 3.5, -1, 255.5, 256, 300, 65536 + 5, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 - 1, 1e10, 1 / 3, 1e300, NaN, Infinity, -Infinity];
  for (const [kind, Ctor] of Object.entries(ARRAYS)) {
    const roundTrip = new Function('out', 'xs', 'for (let i = 0; i < xs.length; i++) out[i] = xs[i] * 1; let s = 0; for (let i = 0; i < out.length; i++) s += out[i]; return s;') as (out: ArrayLike<number>, xs: Float64Array) => number;
    const compiled = jit(roundTrip);
    const xs = Float64Array.from(STORED);
    const plainOut = new Ctor(xs.length);
    const mine = new Ctor(xs.length);
    const want = roundTrip(plainOut, xs);
    same(compiled(mine, xs), want, `${kind}: the sum of what was read back`);
    for (let i = 0; i < xs.length; i++) same(mine[i]!, plainOut[i]!, `${kind}[${i}] = ${xs[i]}`);
    assert.ok(wasmCalls(compiled) > 0, `${kind} ran in Wasm`);
  }
});

test('memoJit (wasm): the instruction rows\' functions on scalars equal plain JS', () => {
  const jit = memoJit({ backend: 'wasm' });
  for (const name of ['abs', 'ceil', 'floor', 'fround', 'sqrt', 'trunc']) {
    const plain = new Function('x', `return Math.${name}(x);`) as (x: number) => number;
    const compiled = jit(plain);
    for (const x of EDGES) same(compiled(x), plain(x), `Math.${name}(${x})`);
    const onInt = new Function('n', `let s = 0; for (let i = -n; i < n; i++) s += Math.${name}(i * 3); return s;`) as (n: number) => number;
    same(jit(onInt)(50), onInt(50), `Math.${name} of an int32`);
  }
  const mm = (x: number, y: number): number[] => [Math.min(x, y), Math.max(x, y), Math.min(x, y, 0), Math.max(x), Math.imul(x, y), Math.clz32(x)];
  const compiled = jit(mm);
  for (const x of [0, -0, NaN, 1.5, -3, 2 ** 32 + 1]) for (const y of [0, -0, NaN, 2, -Infinity]) {
    compiled(x, y).forEach((v, k) => same(v, mm(x, y)[k]!, `mm(${x}, ${y})[${k}]`));
  }
});
