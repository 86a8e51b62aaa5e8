// The WGSL backend on hand-built IR (the JIT's front end builds the same trees from JavaScript).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { GpuUnsupportedError } from '../../src/gpu/index.js';
import { generateWgsl } from '../../src/internals.js';
import { GpuCompileError } from '../../src/gpu/index.js';
import { WgslKernel } from '../../src/internals.js';
import type { Expr, IRFunction, IRModule, Stmt, MathFunction } from '../../src/jit/ir.js';
import { I32, F64, BOOL, VOID, type Type } from '../../src/jit/types.js';

const arr = (element: 'f32' | 'i32' | 'u32' | 'f64'): Type => ({ kind: 'array', element });
const L = (name: string, type: Type): Expr => ({ op: 'local', type, name });
const C = (value: number, type: Type = F64): Expr => ({ op: 'const', type, value });
const bin = (operator: Extract<Expr, { op: 'binary' }>['operator'], left: Expr, right: Expr, type: Type = F64): Expr => ({ op: 'binary', type, operator, left, right });
const cmp = (operator: Extract<Expr, { op: 'compare' }>['operator'], left: Expr, right: Expr): Expr => ({ op: 'compare', type: BOOL, operator, left, right });
const load = (a: string, element: 'f32' | 'i32' | 'u32', index: Expr, type: Type = F64): Expr => ({ op: 'load', type, element, array: L(a, arr(element)), index });
const store = (a: string, element: 'f32' | 'i32' | 'u32', index: Expr, value: Expr, span?: { start: number; end: number }): Stmt =>
  ({ kind: 'store', element, array: L(a, arr(element)), index, value, ...(span ? { span } : {}) });
const math = (fn: MathFunction, ...args: Expr[]): Expr => ({ op: 'math', type: F64, fn, args });
const module1 = (fn: Omit<IRFunction, 'usesRandom'> & { usesRandom?: boolean }): IRModule =>
  ({ entry: fn.name, functions: [{ usesRandom: false, ...fn }] });

test('saxpy IR lowers to an elementwise kernel and runs', { skip: noAdapter }, async () => {
  const ir = module1({
    name: 'saxpy', returnType: VOID, locals: [],
    params: [{ name: 'i', type: I32 }, { name: 'a', type: F64 }, { name: 'x', type: arr('f32') }, { name: 'y', type: arr('f32') }, { name: 'out', type: arr('f32') }],
    body: [store('out', 'f32', L('i', I32), bin('add', bin('mul', L('a', F64), load('x', 'f32', L('i', I32))), load('y', 'f32', L('i', I32))))],
  });
  const spec = generateWgsl(ir, { grid: 1 });
  assert.deepEqual(spec.params.map((p) => (p.kind === 'array' ? `${p.name}:${p.writes ? 'w' : 'r'}:${p.elementwise ? 'e' : 'g'}` : `${p.name}:${p.type}`)), ['a:f32', 'x:r:e', 'y:r:e', 'out:w:e']);
  assert.match(spec.body, /numbat_li/);
  const n = 1000;
  const x = Float32Array.from({ length: n }, (_, i) => i / 3);
  const y = Float32Array.from({ length: n }, (_, i) => -i);
  const out = new Float32Array(n);
  await new WgslKernel(spec).launch(n, [1.5, x, y, out]);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i]! - (1.5 * x[i]! + y[i]!)) <= 1e-6 * Math.abs(y[i]!) + 1e-6);
});

test('Monte Carlo pi IR: random, select, reduced i32 return', { skip: noAdapter }, async () => {
  const rnd: Expr = { op: 'random', type: F64 };
  const ir = module1({
    name: 'pi', returnType: I32, usesRandom: true,
    params: [{ name: 'i', type: I32 }], locals: [{ name: 'x', type: F64 }, { name: 'y', type: F64 }],
    body: [
      { kind: 'declare', name: 'x', init: rnd },
      { kind: 'declare', name: 'y', init: rnd },
      { kind: 'return', value: { op: 'select', type: I32, cond: cmp('lt', bin('add', bin('mul', L('x', F64), L('x', F64)), bin('mul', L('y', F64), L('y', F64))), C(1)), then: C(1, I32), else: C(0, I32) } },
    ],
  });
  const spec = generateWgsl(ir, { grid: 1 });
  assert.equal(spec.returns, 'i32');
  assert.equal(spec.usesRandom, true);
  const n = 1_000_000;
  const hits = await new WgslKernel(spec, { seed: 3 }).launch(n, []);
  assert.ok(Math.abs((4 * hits!) / n - Math.PI) < 5 * 4 * Math.sqrt(0.785 * 0.215 / n));
});

test('control flow: loops with break/continue/post-test, early returns in a reducing kernel, lazy && with random', { skip: noAdapter }, async () => {
  // f(i): s = 0; for (k = 0; k < i; k++) { if (k % 3 == 0) continue; if (k > 50) break; s += k; } do { s += 1 } while (s < 10);
  //        if (i % 2 == 1) return s; return -s;
  const k = L('k', I32), s = L('s', I32), i = L('i', I32);
  const ir = module1({
    name: 'flow', returnType: I32, params: [{ name: 'i', type: I32 }], locals: [{ name: 's', type: I32 }, { name: 'k', type: I32 }],
    body: [
      { kind: 'declare', name: 's', init: C(0, I32) },
      { kind: 'declare', name: 'k', init: C(0, I32) },
      {
        kind: 'loop', test: cmp('lt', k, i), postTest: null,
        body: [
          { kind: 'if', cond: cmp('eq', bin('mod', k, C(3, I32), I32), C(0, I32)), then: [{ kind: 'continue' }], else: [] },
          { kind: 'if', cond: cmp('gt', k, C(50, I32)), then: [{ kind: 'break' }], else: [] },
          { kind: 'assign', name: 's', value: bin('add', s, k, I32) },
        ],
        continuing: [{ kind: 'assign', name: 'k', value: bin('add', k, C(1, I32), I32) }],
      },
      { kind: 'loop', test: null, body: [{ kind: 'assign', name: 's', value: bin('add', s, C(1, I32), I32) }], continuing: [], postTest: cmp('lt', s, C(10, I32)) },
      { kind: 'if', cond: cmp('eq', bin('mod', i, C(2, I32), I32), C(1, I32)), then: [{ kind: 'return', value: s }], else: [] },
      { kind: 'return', value: { op: 'unary', type: I32, operator: 'neg', arg: s } },
    ],
  });
  const js = (iv: number): number => {
    let sv = 0;
    for (let kv = 0; kv < iv; kv++) { if (kv % 3 === 0) continue; if (kv > 50) break; sv += kv; }
    do { sv += 1; } while (sv < 10);
    return iv % 2 === 1 ? sv : -sv;
  };
  const n = 200;
  let expected = 0;
  for (let iv = 0; iv < n; iv++) expected += js(iv);
  assert.equal(await new WgslKernel(generateWgsl(ir, { grid: 1 })).launch(n, []), expected);
  const expMax = Math.max(...Array.from({ length: n }, (_, iv) => js(iv)));
  assert.equal(await new WgslKernel(generateWgsl(ir, { grid: 1, reduce: 'max' })).launch(n, []), expMax);
});

test('Math functions follow JS semantics within f32 tolerance (round half up, NaN-propagating min, pow of negatives)', { skip: noAdapter }, async () => {
  const fns: Array<[MathFunction, number, (...a: number[]) => number]> = [
    ['sqrt', 1, Math.sqrt], ['abs', 1, Math.abs], ['exp', 1, Math.exp], ['log', 1, Math.log], ['sin', 1, Math.sin], ['cos', 1, Math.cos],
    ['tan', 1, Math.tan], ['atan2', 2, Math.atan2], ['floor', 1, Math.floor], ['ceil', 1, Math.ceil], ['round', 1, Math.round],
    ['min', 2, Math.min], ['max', 2, Math.max], ['pow', 2, Math.pow], ['hypot', 2, Math.hypot], ['trunc', 1, Math.trunc], ['sign', 1, Math.sign],
    ['atan', 1, Math.atan], ['tanh', 1, Math.tanh], ['log2', 1, Math.log2], ['log10', 1, Math.log10], ['log1p', 1, Math.log1p],
    ['expm1', 1, Math.expm1], ['cbrt', 1, Math.cbrt], ['fround', 1, Math.fround],
  ];
  const EXACT = new Set(['abs', 'floor', 'ceil', 'round', 'min', 'max', 'trunc', 'sign', 'fround']);
  const inputs = [0.5, -0.5, 2.5, -2.5, 1.25, -3, 0.49999997, 1e-4, 3, 7.75, -0.25, 10];
  const x = Float32Array.from(inputs);
  const y = Float32Array.from([2, 3, -1, 0.5, 2, 3, 1, 2, -2, 0.5, 4, -3]);
  for (const [fn, arity, ref] of fns) {
    const args = arity === 1 ? [load('x', 'f32', L('i', I32))] : [load('x', 'f32', L('i', I32)), load('y', 'f32', L('i', I32))];
    const ir = module1({
      name: `m_${fn}`, returnType: VOID, locals: [],
      params: [{ name: 'i', type: I32 }, { name: 'x', type: arr('f32') }, { name: 'y', type: arr('f32') }, { name: 'out', type: arr('f32') }],
      body: [store('out', 'f32', L('i', I32), math(fn, ...args))],
    });
    const out = new Float32Array(inputs.length);
    await new WgslKernel(generateWgsl(ir, { grid: 1 })).launch(inputs.length, [x, y, out]);
    inputs.forEach((_, i) => {
      const want = Math.fround(ref(x[i]!, y[i]!));
      const got = out[i]!;
      if (Number.isNaN(want)) {
        assert.ok(Number.isNaN(got), `${fn}(${x[i]}, ${y[i]}) = ${got}, JS NaN`);
        return;
      }
      // WGSL's accuracy: exact for abs/floor/…, ≤ 2^-11 absolute for sin/cos, up to 4096 ULP for atan2 and friends.
      const tol = EXACT.has(fn) ? 0 : fn === 'sqrt' || fn === 'hypot' ? 3e-7 * Math.abs(want) : 5e-4 * Math.max(1, Math.abs(want));
      assert.ok(Math.abs(got - want) <= tol, `${fn}(${x[i]}, ${y[i]}) = ${got}, JS ${want}`);
    });
  }
});

test('bitwise operators and integer stores use JS ToInt32 wrapping', { skip: noAdapter }, async () => {
  const xi = load('x', 'f32', L('i', I32));
  const ops: Array<[Extract<Expr, { op: 'binary' }>['operator'], (a: number, b: number) => number, Type]> = [
    ['and', (a, b) => a & b, I32], ['or', (a, b) => a | b, I32], ['xor', (a, b) => a ^ b, I32],
    ['shl', (a, b) => a << b, I32], ['shr', (a, b) => a >> b, I32], ['ushr', (a, b) => a >>> b, F64],
  ];
  const x = Float32Array.from([5, -5, 3e9, -3e9, 2.75, -2.75, 123456, 1]);
  for (const [op, ref, type] of ops) {
    const ir = module1({
      name: `b_${op}`, returnType: VOID, locals: [],
      params: [{ name: 'i', type: I32 }, { name: 'x', type: arr('f32') }, { name: 'out', type: arr('i32') }, { name: 'outu', type: arr('u32') }],
      body: [
        store('out', 'i32', L('i', I32), bin(op, xi, C(33, I32), type)),
        store('outu', 'u32', L('i', I32), bin(op, xi, C(3, I32), type)),
      ],
    });
    const out = new Int32Array(x.length);
    const outu = new Uint32Array(x.length);
    await new WgslKernel(generateWgsl(ir, { grid: 1 })).launch(x.length, [x, out, outu]);
    x.forEach((v, i) => {
      assert.equal(out[i], ref(v, 33) | 0, `${op}(${v}, 33)`);
      assert.equal(outu[i], ref(v, 3) >>> 0, `${op}(${v}, 3) into Uint32Array`);
    });
  }
});

test('2-D grid: the first two parameters are x and y', { skip: noAdapter }, async () => {
  const x = L('x', I32), y = L('y', I32), w = L('w', I32);
  const ir = module1({
    name: 'img', returnType: VOID, locals: [],
    params: [{ name: 'x', type: I32 }, { name: 'y', type: I32 }, { name: 'out', type: arr('f32') }, { name: 'w', type: I32 }],
    body: [store('out', 'f32', bin('add', bin('mul', y, w, I32), x, I32), { op: 'convert', type: F64, arg: bin('sub', x, y, I32) })],
  });
  const spec = generateWgsl(ir, { grid: 2 });
  assert.equal(spec.params.find((p) => p.name === 'out')?.kind === 'array' && (spec.params[0] as { elementwise: boolean }).elementwise, false);
  const [W, H] = [33, 17];
  const out = new Float32Array(W * H);
  await new WgslKernel(spec).launch([W, H], [out, W]);
  for (let yy = 0; yy < H; yy++) for (let xx = 0; xx < W; xx++) assert.equal(out[yy * W + xx], xx - yy);
});

test('out-of-bounds loads read NaN and stores are dropped, like typed arrays', { skip: noAdapter }, async () => {
  const i = L('i', I32);
  const ir = module1({
    name: 'oob', returnType: VOID, locals: [],
    params: [{ name: 'i', type: I32 }, { name: 'x', type: arr('f32') }, { name: 'out', type: arr('f32') }],
    body: [store('out', 'f32', bin('sub', i, C(2, I32), I32), load('x', 'f32', bin('add', i, C(1, I32), I32)))],
  });
  const x = Float32Array.from([10, 11, 12, 13, 14]);
  const out = new Float32Array(5).fill(-1);
  await new WgslKernel(generateWgsl(ir, { grid: 1 })).launch(5, [x, out]);
  // out[i - 2] = x[i + 1]: i = 0, 1 store out of bounds (dropped); i = 4 reads x[5] (NaN).
  const js = new Float32Array(5).fill(-1);
  for (let k = 0; k < 5; k++) js[k - 2] = x[k + 1] as number;
  assert.deepEqual([...out], [...js]);
  assert.ok(Number.isNaN(out[2]));
});

test('unsupported constructs and Float64Array parameters are named, with their source position', () => {
  const locate = (span: { start: number }) => ({ file: 'k.ts', line: 10 + span.start, column: 3, text: 'const m = new Float32Array(4)' });
  const ir64 = module1({ name: 'f', returnType: VOID, locals: [], params: [{ name: 'i', type: I32 }, { name: 'xs', type: arr('f64') }], body: [] });
  assert.throws(() => generateWgsl(ir64, { grid: 1, locate }), (e: unknown) => e instanceof GpuUnsupportedError && /Float64Array parameter 'xs'.*Float32Array/.test(e.message));
  const irNew = module1({
    name: 'g', returnType: VOID, locals: [{ name: 'm', type: arr('f32') }], params: [{ name: 'i', type: I32 }],
    body: [{ kind: 'declare', name: 'm', init: { op: 'newArray', type: arr('f32'), element: 'f32', length: C(4, I32) }, span: { start: 2, end: 30 } }],
  });
  assert.throws(() => generateWgsl(irNew, { grid: 1, locate }), (e: unknown) => {
    assert.ok(e instanceof GpuUnsupportedError);
    assert.equal(e.position?.line, 12);
    assert.match(e.message, /^k\.ts:12:3: cannot run a typed-array allocation on the GPU/);
    return true;
  });
  const irTuple = module1({ name: 'h', returnType: { kind: 'tuple', items: [F64, F64] }, locals: [], params: [{ name: 'i', type: I32 }], body: [] });
  assert.throws(() => generateWgsl(irTuple, { grid: 1 }), /returning an array literal/);
  // a boolean compared with a number (`flag === 0`, infer/num-or-bool.ts): JS compares type or converts, WGSL cannot
  const irMixed = module1({
    name: 'k', returnType: VOID, locals: [{ name: 'b', type: BOOL }], params: [{ name: 'i', type: I32 }, { name: 'out', type: arr('f32') }],
    body: [{ kind: 'declare', name: 'b', init: cmp('lt', L('i', I32), C(3, I32)) }, { kind: 'if', cond: cmp('eq', L('b', BOOL), C(0)), then: [store('out', 'f32', L('i', I32), C(1))], else: [] }],
  });
  assert.throws(() => generateWgsl(irMixed, { grid: 1 }), (e: unknown) => e instanceof GpuUnsupportedError && /a comparison of a boolean with a number/.test(e.message));
  // a variable holding a number or a boolean is the JS value itself, which no WGSL type is
  const irUnion = module1({ name: 'u', returnType: VOID, locals: [{ name: 'f', type: { kind: 'numbool' } }], params: [{ name: 'i', type: I32 }], body: [{ kind: 'declare', name: 'f', init: { op: 'const', type: { kind: 'numbool' }, value: false } }] });
  assert.throws(() => generateWgsl(irUnion, { grid: 1 }), (e: unknown) => e instanceof GpuUnsupportedError && /a variable holding a number or a boolean/.test(e.message));
});

test('a WGSL compile error is reported at the JavaScript line of the IR statement', { skip: noAdapter }, async () => {
  // An i32 constant that is not an integer cannot come from the JIT; it makes the WGSL invalid on purpose.
  const ir = module1({
    name: 'broken', returnType: VOID, locals: [{ name: 'q', type: I32 }], params: [{ name: 'i', type: I32 }, { name: 'out', type: arr('f32') }],
    body: [
      { kind: 'declare', name: 'q', init: C(1, I32), span: { start: 0, end: 5 } },
      { kind: 'assign', name: 'q', value: C(2.5, I32), span: { start: 40, end: 48 } },
      store('out', 'f32', L('i', I32), { op: 'convert', type: F64, arg: L('q', I32) }, { start: 60, end: 70 }),
    ],
  });
  const locate = (span: { start: number; end: number }) => ({ file: 'broken.ts', line: span.start === 40 ? 4 : 1, column: 5, text: 'q = 2.5' });
  await assert.rejects(new WgslKernel(generateWgsl(ir, { grid: 1, locate })).launch(2, [new Float32Array(2)]), (e: unknown) => {
    assert.ok(e instanceof GpuCompileError, String(e));
    assert.equal(e.sourceLine, 4);
    assert.match(e.message, /broken\.ts:4:5/);
    return true;
  });
});
