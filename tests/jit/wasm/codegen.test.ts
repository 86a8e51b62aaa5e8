// The Wasm code generator (src/jit/wasm/codegen.ts), through generateWasm directly: what GeneratedWasm reports
// (parameters by kind, result, writes and per-parameter written, names, imported Math functions with `mod`
// always first and hypot by arity, lanes, i64 locals, trapFree, returnsParam), the module's fixed layout (Math
// imports, shared env.memory, the two helpers after the IR functions, `entry` and `heap` exports), the
// WasmUnsupported refusals with their reasons, and the semantics of scalar code run from the module itself
// (instantiated here against V8's Math and JS `%`), compared with the plain function by Object.is on edge values:
// `%`, ToInt32 and >>>, min/max with -0 and NaN, comparisons giving 0/1, `**`, Math.round and fround. Then the
// speed rules, each with the values it must not change: `&&`/`||` of comparisons as one i32.and/or (and not when
// the right side may trap or assign), int32 parameters widened once on entry, and `a[i] += v` stored unchecked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { generateWasm } from '../../../src/jit/wasm/codegen.js';
import { WasmUnsupported, type GeneratedWasm } from '../../../src/jit/wasm/codegen-types.js';
import { encodeModule } from '../../../src/jit/wasm/encode.js';
import { printWat } from '../../../src/jit/wasm/wat.js';
import { memoJit } from '../../../src/index.js';
import type { Type } from '../../../src/jit/types.js';

const F64: Type = { kind: 'f64' };
const I32: Type = { kind: 'i32' };
const ARR: Type = { kind: 'array', element: 'f64' };
const gen = (fn: (...a: never[]) => unknown, types: Type[]): GeneratedWasm => generateWasm(lowerToIR(fn as never, types));

/** Instantiates a generated module as the documented imports say: `mod` is JS `%`, `hypot_N` Math.hypot, others Math.*. */
function instantiate(g: GeneratedWasm): (...args: number[]) => number {
  const math: Record<string, (...a: number[]) => number> = {};
  for (const { name } of g.module.imports) {
    math[name] = name === 'mod' ? (a, b) => a! % b! : (Math as unknown as Record<string, (...a: number[]) => number>)[name.startsWith('hypot_') ? 'hypot' : name]!;
  }
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(g.module)), { Math: math, env: { memory } });
  return exports['entry'] as (...args: number[]) => number;
}

test('the documented example: a sum over a Float64Array, and the module layout every generation shares', () => {
  function sum(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s; }
  const g = gen(sum, [ARR]);
  assert.deepEqual([g.params, g.result, g.written], [[{ kind: 'array', element: 'f64' }], { kind: 'f64' }, [false]]);
  assert.equal(g.writes, false);
  assert.deepEqual(g.names, ['xs']);
  assert.deepEqual(g.module.imports, [{ module: 'Math', name: 'mod', type: { params: ['f64', 'f64'], results: ['f64'] } }]);
  assert.deepEqual(g.module.memory, { module: 'env', name: 'memory', min: 1, max: 65536, shared: true });
  assert.deepEqual(g.module.globals, ['heap']);
  assert.deepEqual(g.module.functions.map((f) => f.name), ['sum', '$toInt32', '$fmod']);
  assert.deepEqual(g.module.exports, [{ name: 'entry', func: 1 }, { name: 'heap', global: 0 }]);
  assert.ok(WebAssembly.validate(encodeModule(g.module)));
});

test('parameters of every kind, in order, with their names; a bool result', () => {
  function mixed(n: number, x: number, b: boolean, s: Int16Array, m: number[][]): number { return b ? n + x + s.length + m.length : 0; }
  const g = gen(mixed, [I32, F64, { kind: 'bool' }, { kind: 'array', element: 'i16' }, { kind: 'matrix', layout: 'nested' }]);
  assert.deepEqual(g.params, [
    { kind: 'scalar', type: 'i32' }, { kind: 'scalar', type: 'f64' }, { kind: 'scalar', type: 'bool' },
    { kind: 'array', element: 'i16' }, { kind: 'nested' },
  ]);
  assert.deepEqual(g.names, ['n', 'x', 'b', 's', 'm']);
  function positive(x: number): boolean { return x > 0; }
  const p = gen(positive, [F64]);
  assert.deepEqual(p.result, { kind: 'bool' });
  const entry = instantiate(p);
  assert.deepEqual([entry(2), entry(-0), entry(NaN), entry(-1)], [1, 0, 0, 0], 'a bool comes back as 0 or 1');
});

test('writes and written: only the arrays the code stores into; a loop in lanes is reported', () => {
  function axpy(out: Float64Array, a: Float64Array, k: number): void { for (let i = 0; i < out.length; i++) out[i] = a[i]! * k + 1; }
  const g = gen(axpy, [ARR, ARR, F64]);
  assert.equal(g.writes, true);
  assert.deepEqual(g.written, [true, false, false]);
  assert.deepEqual(g.result, { kind: 'void' });
  assert.equal(g.vectorized, 1);
  assert.equal(g.simd.length, 1);
  assert.match(g.simd[0]!, /^axpy: the loop over i runs 2 f64 lanes at a time/);
  assert.equal(g.reduces, false);
});

test('Math functions V8 computes are imported once each after `mod`, hypot by arity, ** and Math.pow as one pow', () => {
  function mathy(x: number, y: number): number {
    return Math.sin(x) + Math.exp(y) + Math.hypot(x, y, 1) + Math.hypot(x, y) + x ** y + Math.pow(y, x) + Math.sqrt(x) + Math.floor(y) + Math.sin(y);
  }
  const g = gen(mathy, [F64, F64]);
  const names = g.module.imports.map((i) => i.name);
  assert.equal(names[0], 'mod');
  assert.deepEqual([...names].sort(), ['exp', 'hypot_2', 'hypot_3', 'mod', 'pow', 'sin']);
  assert.deepEqual(g.module.imports.find((i) => i.name === 'hypot_3')!.type, { params: ['f64', 'f64', 'f64'], results: ['f64'] });
  assert.deepEqual([...g.imported].sort(), ['exp', 'hypot', 'hypot', 'pow', 'sin']);
  assert.deepEqual(g.module.exports[0], { name: 'entry', func: names.length }, 'function indices count the imports first');
  const entry = instantiate(g);
  for (const [x, y] of [[0.5, 2], [3, -1.5], [-0, 0], [NaN, 1]] as const) assert.ok(Object.is(entry(x, y), mathy(x, y)), `(${x}, ${y})`);
});

test('trapFree: straight-line scalar code is; recursion, and code with a trap left in it, are not', () => {
  function lin(x: number): number { return x * 2 + 1; }
  assert.equal(gen(lin, [F64]).trapFree, true);
  function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }
  const f = gen(fact, [I32]);
  assert.equal(f.trapFree, false, 'a deep recursion can exhaust the stack');
  const exported = f.module.functions[f.module.exports[0]!.func! - f.module.imports.length]!;
  assert.equal(exported.name, lowerToIR(fact, [I32]).entry, 'the entry export is the IR module\'s entry');
  function sum(xs: Float64Array, n: number): number { let s = 0; for (let i = 0; i < n; i++) s += xs[i]!; return s; }
  assert.equal(gen(sum, [ARR, I32]).trapFree, false, 'a read past the end traps (JS would read undefined)');
});

test('an integer local that may pass 2^31 is kept in i64 and listed as function.local', () => {
  function collatz(n: number): number { let steps = 0; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; } return steps; }
  const g = gen(collatz, [I32]);
  assert.ok(g.integral.length > 0);
  for (const name of g.integral) assert.match(name, /^collatz\.\w+$/);
  const entry = instantiate(g);
  for (const n of [1, 6, 27, 97, 871]) assert.equal(entry(n), collatz(n), `collatz(${n})`);
});

test('a function returning its own number[][] argument reports which parameter', () => {
  function touch(m: number[][]): number[][] { m[0]![0] = 1; return m; }
  const g = gen(touch, [{ kind: 'matrix', layout: 'nested' }]);
  assert.equal(g.returnsParam, 0);
  assert.deepEqual(g.written, [true]);
  function other(m: number[][]): number { return m.length; }
  assert.equal('returnsParam' in gen(other, [{ kind: 'matrix', layout: 'nested' }]), false);
});

test('constructs outside the Wasm subset are a WasmUnsupported saying which, as "Wasm backend: …"', () => {
  const cases: Array<[(...a: never[]) => unknown, Type[], string]> = [
    [function plainArray(xs: number[]) { return xs[0]!; }, [{ kind: 'array', element: 'num' }], 'a plain number[] is passed by reference and may grow; it is not copied into linear memory'],
    [function grid(m: { rows: number }) { return m.rows; }, [{ kind: 'matrix', layout: 'array2d' }], 'parameter m: an Array2D (its data is not in linear memory)'],
    [function labelled(x: number) { let s = 0; outer: for (let i = 0; i < x; i++) { for (let j = 0; j < x; j++) { if (j > i) break outer; s++; } } return s; }, [I32], 'a labelled break (break outer); the JS backend runs it'],
    // a variable given false and a number (infer/num-or-bool.ts) holds the JS value itself
    [function flag(x: number) { let f: number | boolean = false; if (x < 0) f = -x; return f ? 1 : 2; }, [F64], 'local f that holds a number or a boolean (the JS value itself; a Wasm value has one type)'],
    [function either(x: number) { return x > 0 ? x : false; }, [F64], 'the return value that holds a number or a boolean (the JS value itself; a Wasm value has one type)'],
  ];
  for (const [fn, types, reason] of cases) {
    assert.throws(() => gen(fn, types), (e: unknown) => {
      assert.ok(e instanceof WasmUnsupported, `${fn.name}: ${String(e)}`);
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'WasmUnsupported');
      assert.equal(e.reason, reason);
      assert.equal(e.message, `Wasm backend: ${reason}`);
      return true;
    });
  }
});

const EDGES = [0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 3, -7, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 2 ** 32 + 5, 2 ** 53, 1e300, 5e-324];

test('scalar semantics are JavaScript\'s, bit for bit, run from the module itself', () => {
  const kernels: Array<(x: number, y: number) => number> = [
    function rem(x: number, y: number) { return x % y; },
    function toInt(x: number, y: number) { return (x | 0) + (y ^ 0) * 2; },
    function unsigned(x: number, y: number) { return (x >>> 0) - (y >>> 0); },
    function shifts(x: number, y: number) { return (x << y) + (x >> 3); },
    function lo(x: number, y: number) { return Math.min(x, y); },
    function hi(x: number, y: number) { return Math.max(x, y, -0); },
    function power(x: number, y: number) { return x ** y; },
    function rounds(x: number, y: number) { return Math.round(x) + Math.fround(y) * 0; },
    function roundOnly(x: number) { return Math.round(x); },
    function froundOnly(x: number) { return Math.fround(x); },
    function truncs(x: number, y: number) { return Math.trunc(x) - Math.ceil(y) + Math.floor(x * 0.5); },
    function neg(x: number) { return -x; },
    function cmp(x: number, y: number) { return (x < y ? 1 : 0) + (x <= y ? 2 : 0) + (x === y ? 4 : 0) + (x !== y ? 8 : 0); },
  ];
  for (const k of kernels) {
    const g = gen(k, [F64, F64].slice(0, k.length) as Type[]);
    assert.equal(g.trapFree, true, `${k.name} has no trap`);
    const entry = instantiate(g);
    for (const x of EDGES) for (const y of EDGES) {
      const want = k(x, y);
      const got = entry(x, y);
      assert.ok(Object.is(got, want), `${k.name}(${Object.is(x, -0) ? '-0' : x}, ${Object.is(y, -0) ? '-0' : y}): plain ${want}, wasm ${got}`);
    }
  }
});

const watOf = (g: GeneratedWasm): string => printWat(g.module);

test('`a && b` / `a || b` with a comparison of locals on the right: both evaluated, one i32.and/or, same values', () => {
  const kernels: Array<(x: number, lo: number, hi: number) => boolean> = [
    function within(x: number, lo: number, hi: number) { return lo <= x && x < hi; },
    function outside(x: number, lo: number, hi: number) { return x < lo || hi <= x; },
    function three(x: number, lo: number, hi: number) { return x === x && lo < hi && x !== 0; },
  ];
  const values = [NaN, -0, 0, 1, -1, 2.5, Infinity, -Infinity];
  for (const k of kernels) {
    const g = gen(k, [F64, F64, F64]);
    const text = watOf(g);
    assert.doesNotMatch(text, /if \(result i32\)/, `${k.name}: no branch`);
    assert.match(text, k.name === 'outside' ? /i32\.or/ : /i32\.and/);
    assert.equal(g.trapFree, true);
    const entry = instantiate(g);
    for (const x of values) for (const lo of values) for (const hi of values) assert.equal(entry(x, lo, hi), Number(k(x, lo, hi)), `${k.name}(${x}, ${lo}, ${hi})`);
  }
});

test('the right of `&&` that may trap (an element read) or assign runs only when JS runs it', () => {
  function positives(xs: Float64Array, n: number) { let c = 0; for (let i = 0; i < n; i++) if (i < xs.length && xs[i]! > 0) c++; return c; }
  const f = memoJit({ backend: 'wasm' })(positives);
  const xs = Float64Array.from([1, -1, 2, NaN, 3]);
  for (const n of [0, 3, 5, 9]) assert.equal(f(xs, n), positives(xs, n), `n = ${n}`);
  const text = Object.values((f as unknown as { inspect(): Record<string, string> }).inspect()).join('\n');
  assert.match(text, /backend: wasm/);
  assert.match(text, /0 answered by JS after a trap/, 'xs[i] past the end is never read');
  function bump(x: number, n: number) { let k = 0; const ok = x > 0 && (k = n) > 1; return ok ? k : -k; }
  const entry = instantiate(gen(bump, [F64, I32]));
  for (const [x, n] of [[1, 5], [-1, 5], [NaN, 5], [1, 0]] as const) assert.ok(Object.is(entry(x, n), bump(x, n)), `bump(${x}, ${n})`);
});

test('an int32 parameter read as a double in a loop is widened once on entry; an assigned one is not', () => {
  function inside(xs: Float64Array, lo: number, hi: number) { let c = 0; for (let i = 0; i < xs.length; i++) if (lo <= xs[i]! && xs[i]! < hi) c++; return c; }
  const g = gen(inside, [ARR, I32, I32]);
  assert.match(watOf(g), /\(local \$lo:f64 f64\)/);
  assert.match(watOf(g), /\(local \$hi:f64 f64\)/);
  function shifting(xs: Float64Array, lo: number) { let c = 0; for (let i = 0; i < xs.length; i++) { if (lo <= xs[i]!) c++; lo = lo + 1; } return c; }
  assert.doesNotMatch(watOf(gen(shifting, [ARR, I32])), /lo:f64/);
  const f = memoJit({ backend: 'wasm' })(inside), s = memoJit({ backend: 'wasm' })(shifting);
  const xs = Float64Array.from([-(2 ** 31), -5, -0, 0, 3, 2 ** 31 - 1, 2 ** 31, NaN]);
  for (const [lo, hi] of [[-(2 ** 31), 2 ** 31 - 1], [0, 3], [-5, 0], [3, -5]] as const) {
    assert.equal(f(xs, lo, hi), inside(xs, lo, hi), `inside(${lo}, ${hi})`);
    assert.equal(s(xs, lo), shifting(xs, lo), `shifting(${lo})`);
  }
});

test('a[i] += v stores without a check of its own (the read checks), a[i] = c ? a[i] : v keeps it', () => {
  function add(a: Float64Array, i: number, v: number) { a[i] = a[i]! + v; const j = i + 1; a[j] = v < 0 ? a[j]! : v; }
  const text = watOf(gen(add, [ARR, I32, F64]));
  const stores = text.split('\n').map((l, k, all) => ({ l, before: all.slice(Math.max(0, k - 8), k).join('\n') })).filter(({ l }) => /f64\.store/.test(l));
  assert.equal(stores.length, 2);
  assert.doesNotMatch(stores[0]!.before, /^\s*if$/m, 'a[i] = a[i] + v: the read of a[i] traps first');
  assert.match(stores[1]!.before, /^\s*if$/m, 'a[j] is read on one branch only');
  const f = memoJit({ backend: 'wasm' })(add);
  for (const [i, v] of [[0, 1], [2, -1], [3, 2], [3, -2], [4, 1], [-1, 1]] as const) {
    const a1 = Float64Array.from([1, 2, 3, 4]), a2 = Float64Array.from([1, 2, 3, 4]);
    add(a1, i, v);
    f(a2, i, v);
    assert.deepEqual([...a2], [...a1], `add(${i}, ${v})`);
  }
});
