import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, type JitType as Type } from '../../src/index.js';
import { lowerToIR, type IR } from '../../src/internals.js';
import { std, pi, closest } from './lecture.js';

const F64A: Type = { kind: 'array', element: 'f64' };
const I32: Type = { kind: 'i32' };
const F64: Type = { kind: 'f64' };

/** name → type of every parameter and local of the entry function. */
function typesOf(module: IR.IRModule): Record<string, string> {
  const entry = module.functions.find((f) => f.name === module.entry)!;
  return Object.fromEntries([...entry.params, ...entry.locals].map((p) => [p.name, p.type.kind]));
}

test('loop counters bounded by a length are i32; accumulators are f64', () => {
  function total(xs: Float64Array) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s; }
  const types = typesOf(lowerToIR(total, [F64A]));
  assert.equal(types.i, 'i32');
  assert.equal(types.s, 'f64');
});

test('the lecture functions: std, pi (i32 bound) and closest', () => {
  const s = lowerToIR(std, [F64A]);
  assert.equal(s.functions.at(-1)!.returnType.kind, 'f64');
  assert.equal(typesOf(lowerToIR(pi, [I32])).i, 'i32', 'counter bounded by an i32 argument');
  assert.equal(typesOf(lowerToIR(pi, [F64])).i, 'f64', 'counter bounded by any number: not provably int32');
  const c = lowerToIR(closest, [{ kind: 'matrix', layout: 'nested' }]);
  const t = typesOf(c);
  assert.equal(t.mdp1, 'row');
  assert.equal(t.x1, 'f64');
  const ret = c.functions.at(-1)!.returnType;
  assert.equal(ret.kind, 'tuple');
  assert.deepEqual(ret.kind === 'tuple' && ret.items.map((i) => (i.kind === 'row' ? `row${i.nullable ? '?' : ''}` : i.kind)), ['row?', 'row?', 'f64']);
});

test('a Collatz-style value is f64 (it passes 2^31), and the compiled result is exact', () => {
  function peak(n: number) { let m = n; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; if (n > m) m = n; } return m; }
  const types = typesOf(lowerToIR(peak, [I32]));
  assert.equal(types.n, 'f64');
  assert.equal(types.m, 'f64');
  // 113383 reaches 2482111348 > 2^31 - 1: an int32 would wrap
  assert.equal(memoJit(peak)(113383), peak(113383));
  assert.ok(peak(113383) > 2 ** 31);
});

test('integer arithmetic stays i32 only where it cannot overflow or produce -0', () => {
  function f(a: Int32Array) {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const u = i * 2; // 0..2^32: too wide
      const v = a[i]! | 0; // bitwise: i32
      const w = (i & 255) * 3; // small: i32
      const z = a[i]! * 0; // may be -0: f64
      const m = i % 7; // non-negative dividend: i32
      const r = a[i]! % 7; // may be -0: f64
      s += u + v + w + z + m + r;
    }
    return s;
  }
  const t = typesOf(lowerToIR(f, [{ kind: 'array', element: 'i32' }]));
  assert.deepEqual([t.u, t.v, t.w, t.z, t.m, t.r], ['f64', 'i32', 'i32', 'f64', 'i32', 'f64']);
  const a = Int32Array.from([-7, 3, 0, 2147483647, -2147483648]);
  assert.ok(Object.is(memoJit(f)(a), f(a)));
  // an integer that doubles without bound may reach Infinity, and Infinity % 7 is NaN
  function doubling(n: number) { let x = 1; for (let i = 0; i < n; i++) x = x * 2; return x % 7; }
  assert.equal(lowerToIR(doubling, [I32]).functions.at(-1)!.returnType.kind, 'f64');
  assert.ok(Number.isNaN(memoJit(doubling)(2000)));
});

test('conversions are explicit in the IR', () => {
  function g(n: number) { let x = 0.5; for (let i = 0; i < n; i++) x += i; return x; }
  const module = lowerToIR(g, [I32]);
  const converts: IR.Expr[] = [];
  const entry = module.functions.at(-1)!;
  const walk = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    if ((e as IR.Expr).op === 'convert') converts.push(e as IR.Expr);
    for (const v of Object.values(e)) walk(v);
  };
  walk(entry.body);
  assert.ok(converts.length >= 1, 'i (i32) converted before adding to x (f64)');
  assert.ok(converts.every((c) => c.type.kind === 'f64' && c.op === 'convert' && c.arg.type.kind === 'i32'));
});

test('variables keep one type; mixing is a located error, except a number with a boolean (the JS value itself)', () => {
  function bad(flag: boolean) { let v = 1; if (flag) v = 0 > 1 ? 1 : 2; const w = flag; return v + (w ? 1 : 0); }
  assert.equal(lowerToIR(bad, [{ kind: 'bool' }]).functions.at(-1)!.returnType.kind, 'i32');
  function worse(flag: boolean) { let v: unknown = 1; if (flag) v = 'one'; return v; }
  assert.throws(() => lowerToIR(worse, [{ kind: 'bool' }]), /'v' holds an integer elsewhere but a string here/);
  function either(flag: boolean) { let v: unknown = 1; if (flag) v = true; return v; }
  assert.equal(lowerToIR(either, [{ kind: 'bool' }]).functions.at(-1)!.returnType.kind, 'numbool');
});

test('audit: every value typed i32 is an int32 (never -0) at run time, on integer-heavy kernels', async () => {
  const { compileSpecialization } = await import('../../src/jit/pipeline.js');
  function mix(a: Int32Array, n: number) {
    let h = 0;
    for (let i = 0; i < n; i++) {
      const v = a[i % a.length]!;
      h = (h * 31 + v) | 0;
      h ^= h >>> 13;
      const m = Math.max(Math.abs(v) % 1000, i & 1023);
      h = Math.imul(h, 0x5bd1e995) + m;
    }
    return h;
  }
  function sequence(n: number) { let steps = 0; let x = n; while (x !== 1 && steps < 1000) { x = x % 2 === 0 ? x / 2 : 3 * x + 1; steps += 1; } return [x, steps]; }
  const a = Int32Array.from([-2147483648, 2147483647, -1, 0, 7, -0]);
  const cases: Array<[(...args: never[]) => unknown, Type[], unknown[]]> = [
    [mix, [{ kind: 'array', element: 'i32' }, I32], [a, 5000]],
    [sequence, [I32], [113383]],
    [closest, [{ kind: 'matrix', layout: 'nested' }], [[[0, 1], [2, 3], [1, 1]]]],
    [std, [F64A], [Float64Array.from([1, 2, 4])]],
    [pi, [I32], [1000]],
  ];
  for (const [fn, types, args] of cases) {
    const { fn: audited, source } = compileSpecialization(fn as (...a: unknown[]) => unknown, types, undefined, { checkTypes: true });
    assert.match(source, /\$checkI32\(/, `${fn.name} has i32 values to audit`);
    const expected = (fn as (...a: unknown[]) => unknown)(...args);
    const actual = audited(...args);
    if (fn !== pi) assert.deepEqual(actual, expected, fn.name);
  }
});

test('a triangular loop (j < i inside a loop over i) keeps both counters int32', () => {
  function triangle(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) for (let j = 0; j < i; j++) s += xs[j]! * xs[i]!;
    return s;
  }
  const locals = lowerToIR(triangle, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!.locals;
  assert.deepEqual(locals.filter((l) => l.name === 'i' || l.name === 'j').map((l) => l.type.kind), ['i32', 'i32']);
});
