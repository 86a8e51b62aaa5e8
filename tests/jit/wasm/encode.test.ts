// The hand-written encoder (jit/wasm/encode.ts) and the WAT printer (wat.ts) read one instruction list.
import test from 'node:test';
import assert from 'node:assert/strict';
import { encodeModule, encodeInstr, sleb, uleb, type WasmModule } from '../../../src/jit/wasm/encode.js';
import { printWat } from '../../../src/jit/wasm/wat.js';
import { generateWasm } from '../../../src/jit/wasm/codegen.js';
import { lowerToIR } from '../../../src/jit/pipeline.js';

test('LEB128 of the spec\'s examples and the limits', () => {
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(uleb(0), [0]);
  assert.deepEqual(uleb(2 ** 32 - 1), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(sleb(-1), [0x7f]);
  assert.deepEqual(sleb(63), [0x3f]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.deepEqual(sleb(-(2n ** 63n)), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
  assert.deepEqual(encodeInstr({ op: 'f64x2.add' }), [0xfd, 0xf0, 0x01]);
  // the spec's saturating truncation of an f64 to a signed i32: 0xFC then 2
  assert.deepEqual(encodeInstr({ op: 'i32.trunc_sat_f64_s' }), [0xfc, 0x02]);
});

test('a module with imports, a shared memory, a global, locals, SIMD and i64 validates and runs; its WAT names the same instructions', () => {
  const m: WasmModule = {
    imports: [{ module: 'Math', name: 'sin', type: { params: ['f64'], results: ['f64'] } }],
    memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true },
    globals: ['heap'],
    functions: [{
      name: 'f', type: { params: ['f64', 'i32'], results: ['f64', 'i32'] }, locals: ['i64', 'v128'], localNames: ['x', 'p', 'k', 'v'],
      body: [
        { op: 'local.get', imm: 0 }, { op: 'call', imm: 0 }, { op: 'local.get', imm: 1 }, { op: 'f64.load', imm: 8 }, { op: 'f64.add' },
        { op: 'local.get', imm: 1 }, { op: 'v128.load', imm: 0 }, { op: 'local.set', imm: 3 },
        { op: 'local.get', imm: 3 }, { op: 'f64x2.extract_lane', imm: 1 }, { op: 'f64.add' },
        { op: 'i64.const', imm: -(2n ** 40n) }, { op: 'local.set', imm: 2 }, { op: 'local.get', imm: 2 }, { op: 'i32.wrap_i64' },
      ],
    }],
    exports: [{ name: 'f', func: 1 }, { name: 'heap', global: 0 }],
  };
  const bytes = encodeModule(m);
  assert.ok(WebAssembly.validate(bytes));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  new Float64Array(memory.buffer).set([1, 2, 3]);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { Math: { sin: Math.sin }, env: { memory } });
  assert.deepEqual((exports['f'] as (x: number, p: number) => unknown)(0.5, 0), [Math.sin(0.5) + 2 + 2, 0]);
  const wat = printWat(m);
  for (const ins of m.functions[0]!.body) assert.ok(wat.includes(ins.op), ins.op);
  assert.match(wat, /\(import "env" "memory" \(memory 1 65536 shared\)\)/);
  assert.match(wat, /f64\.load offset=8/);
});

test('a generated module validates, and its text lists every instruction it encodes', () => {
  function kernel(xs: Float64Array, k: number) { let s = 0; for (let i = 0; i < xs.length; i++) { xs[i] = Math.exp(xs[i]! % k) | 0; s += xs[i]!; } return s; }
  const gen = generateWasm(lowerToIR(kernel, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]));
  assert.ok(WebAssembly.validate(encodeModule(gen.module)));
  const wat = printWat(gen.module);
  const body = gen.module.functions[0]!.body;
  const printed = wat.split('\n').filter((l) => /^\s{4,}[a-z]/.test(l) && !l.trim().startsWith('(')).length;
  assert.equal(printed, gen.module.functions.reduce((n, f) => n + f.body.length, 0), 'one line per instruction');
  assert.ok(body.some((i) => i.op === 'call' && i.note === 'Math.exp'));
});

test('the lane-mask rows carry the SIMD opcodes of the spec (§5.4.8, written here by hand); v128.const takes 16 bytes, lane 0 first', () => {
  const SIMD: Readonly<Record<string, number>> = {
    'v128.not': 0x4d, 'v128.andnot': 0x4f, 'v128.bitselect': 0x52, 'f64x2.eq': 0x47, 'f64x2.ne': 0x48, 'f64x2.lt': 0x49,
    'f64x2.gt': 0x4a, 'f64x2.le': 0x4b, 'f64x2.ge': 0x4c, 'f64x2.trunc': 0x7a, 'i64x2.splat': 0x12, 'i64x2.shl': 0xcb,
    'i64x2.shr_s': 0xcc, 'i64x2.shr_u': 0xcd, 'i64x2.add': 0xce, 'i64x2.sub': 0xd1, 'i64x2.eq': 0xd6, 'i64x2.ne': 0xd7,
    'i64x2.lt_s': 0xd8, 'i64x2.gt_s': 0xd9, 'i64x2.le_s': 0xda, 'i64x2.ge_s': 0xdb,
  };
  for (const [name, code] of Object.entries(SIMD)) assert.deepEqual(encodeInstr({ op: name as 'v128.not' }), [0xfd, ...uleb(code)], name);
  const lanes = (1n << 64n) | 2n; // i64 lane 0 = 2, lane 1 = 1
  assert.deepEqual(encodeInstr({ op: 'v128.const', imm: lanes }), [0xfd, 0x0c, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  const m: WasmModule = {
    imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true }, globals: [],
    functions: [{ name: 'f', type: { params: [], results: ['f64'] }, locals: [], localNames: [], body: [{ op: 'v128.const', imm: lanes }, { op: 'f64x2.extract_lane', imm: 1 }] }],
    exports: [{ name: 'f', func: 0 }],
  };
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(m)), { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }) } });
  assert.equal((exports['f'] as () => number)(), 5e-324); // lane 1's bits are 1: the least subnormal
  assert.match(printWat(m), /v128\.const i64x2 0x2 0x1/);
});
