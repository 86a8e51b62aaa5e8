// src/jit/wasm/tables.ts: the Wasm backend's element and Math rows. Checked against JavaScript itself, in real
// modules built with the project's encoder: each element row's load and store, on linear memory, read and write
// exactly what the typed array of that kind reads and writes (width, sign, the store's conversion), and each
// Math row done by instructions gives Math's own result, bit for bit, on edge values (±0, ±Infinity, NaN,
// subnormals, 2^31, 2^53, 1e300). Imported rows are Math itself and need no check here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WASM_ELEMENTS, WASM_MATH } from '../../../src/jit/wasm/tables.js';
import { encodeModule, type Instr, type WasmModule } from '../../../src/jit/wasm/encode.js';
import { ARRAY_CONSTRUCTORS } from '../../../src/jit/types.js';

function instantiate(fns: WasmModule['functions'], memory: WebAssembly.Memory): Record<string, (...a: number[]) => number> {
  const m: WasmModule = {
    imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 1, shared: false }, functions: fns, globals: [],
    exports: fns.map((f, k) => ({ name: f.name, func: k })),
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(m)), { env: { memory } });
  return instance.exports as unknown as Record<string, (...a: number[]) => number>;
}

const EDGES = [0, -0, 1, -1, 0.5, -0.5, 1.5, -2.5, 2 ** 31, -(2 ** 31), 2 ** 31 - 0.5, 2 ** 53, 2 ** 53 + 2, 1e300, -1e300, 5e-324, -5e-324,
  2.2250738585072014e-308, Infinity, -Infinity, NaN, 4294967295.7, 255.5, 256, -129, 65535.5, 3.4e38, 3.5e38];

test('each element row loads and stores what the typed array of its kind does', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  for (const [kind, row] of Object.entries(WASM_ELEMENTS)) {
    const Ctor = ARRAY_CONSTRUCTORS[kind as keyof typeof ARRAY_CONSTRUCTORS] as Float64ArrayConstructor;
    if ('js' in row) {
      assert.ok(kind === 'num' || kind === 'bool', `${kind}: only plain arrays stay on JS (${row.js})`);
      continue;
    }
    assert.equal(2 ** row.shift, Ctor.BYTES_PER_ELEMENT, `${kind}: element size`);
    // store(x): the row's conversion then its store, at byte 8; load(): its load at byte 8, as an f64.
    const toStored: Instr[] = row.convert === 'f64' ? [] : row.convert === 'f32' ? [{ op: 'f32.demote_f64' }] : [];
    if (row.convert === 'int32' || row.convert === 'clamp') continue; // integer stores convert in JS first (ToInt32 / clamp): checked below
    const widen: Instr[] = row.value === 'f32' ? [{ op: 'f64.promote_f32' }] : [];
    const fns = instantiate([
      { name: 'store', type: { params: ['f64'], results: [] }, locals: [], localNames: ['x'],
        body: [{ op: 'i32.const', imm: 8 }, { op: 'local.get', imm: 0 }, ...toStored, { op: row.store, imm: row.shift }] },
      { name: 'load', type: { params: [], results: ['f64'] }, locals: [], localNames: [],
        body: [{ op: 'i32.const', imm: 8 }, { op: row.load, imm: row.shift }, ...widen] },
    ], memory);
    for (const x of EDGES) {
      fns.store!(x);
      const js = new Ctor(1);
      js[0] = x;
      assert.ok(Object.is(fns.load!(), js[0]), `${kind}: store then load of ${x} gives ${fns.load!()}, the typed array ${js[0]}`);
    }
  }
  // Integer kinds: the bits a store of ToInt32(x) leaves, read back with the row's load, as the typed array reads them.
  for (const [kind, row] of Object.entries(WASM_ELEMENTS)) {
    if ('js' in row || (row.convert !== 'int32' && row.convert !== 'clamp')) continue;
    const Ctor = ARRAY_CONSTRUCTORS[kind as keyof typeof ARRAY_CONSTRUCTORS] as Float64ArrayConstructor;
    const fns = instantiate([
      { name: 'store', type: { params: ['i32'], results: [] }, locals: [], localNames: ['x'],
        body: [{ op: 'i32.const', imm: 8 }, { op: 'local.get', imm: 0 }, { op: row.store, imm: row.shift }] },
      { name: 'load', type: { params: [], results: ['i32'] }, locals: [], localNames: [],
        body: [{ op: 'i32.const', imm: 8 }, { op: row.load, imm: row.shift }] },
    ], memory);
    for (const x of EDGES) {
      const js = new Ctor(1);
      js[0] = x;
      // What the backend stores: ToInt32(x) for 'int32', the clamped, rounded value for 'clamp'.
      const stored = row.convert === 'clamp' ? js[0]! : x | 0;
      fns.store!(stored);
      const loaded = fns.load!();
      const asJs = row.value === 'u32' ? loaded >>> 0 : loaded;
      assert.ok(Object.is(asJs, js[0]), `${kind}: ${x} stored reads ${asJs}, the typed array ${js[0]}`);
    }
  }
});

test('each Math row done by instructions gives Math\'s result, bit for bit', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  for (const [name, row] of Object.entries(WASM_MATH)) {
    if ('import' in row) continue;
    const math = (Math as unknown as Record<string, (...a: number[]) => number>)[name]!;
    if ('f64' in row) {
      const fn = instantiate([{ name, type: { params: ['f64'], results: ['f64'] }, locals: [], localNames: ['x'],
        body: [{ op: 'local.get', imm: 0 }, ...row.f64.map((op): Instr => ({ op }))] }], memory)[name]!;
      for (const x of EDGES) assert.ok(Object.is(fn(x), math(x)), `${name}(${x}): ${fn(x)} vs ${math(x)}`);
    } else if ('fold' in row) {
      const fn = instantiate([{ name, type: { params: ['f64', 'f64'], results: ['f64'] }, locals: [], localNames: ['a', 'b'],
        body: [{ op: 'local.get', imm: 0 }, { op: 'local.get', imm: 1 }, { op: row.fold }] }], memory)[name]!;
      for (const a of EDGES) for (const b of EDGES) assert.ok(Object.is(fn(a, b), math(a, b)), `${name}(${a}, ${b})`);
      assert.equal(row.empty, math(), `${name}() with no arguments`);
    } else {
      const fn = instantiate([{ name, type: { params: ['i32', 'i32'], results: ['i32'] }, locals: [], localNames: ['a', 'b'],
        body: name === 'clz32' ? [{ op: 'local.get', imm: 0 }, { op: row.int32 }] : [{ op: 'local.get', imm: 0 }, { op: 'local.get', imm: 1 }, { op: row.int32 }] }], memory)[name]!;
      // The backend passes ToInt32 of each argument (clz32 takes ToUint32, the same bits).
      for (const a of EDGES) {
        for (const b of [3, -7, 2 ** 31 - 1, 0]) {
          const got = name === 'clz32' ? fn(a | 0, 0) : fn(a | 0, b | 0);
          assert.ok(Object.is(got, name === 'clz32' ? math(a) : math(a, b)), `${name}(${a}, ${b}): ${got}`);
        }
      }
    }
  }
});
