// The compiler's stages chained per target (src/jit/pipeline.ts): compileSpecialization's signature strings
// (written by hand for scalars, arrays, void, tuples and a receiver), its module, lowered IR, source and entry
// (Object.is against the plain function); the frozen-values comment; a located JitError on this file's line;
// usesRandom; instantiateSource, whose fallback draws from memoJit's seeded stream only when told the code is
// random, and puts Math.random back; compileForBackend's choice; lowerToIR on a decorated function; and
// lowerForKernel, whose grid index keeps `2 * i + 1` an int32 where lowerToIR cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JitError, memoJit, seedRandom } from '../../src/index.js';
import {
  compileAt, compileForBackend, compileSpecialization, instantiateSource, lowerForKernel, lowerToIR, usesRandom,
} from '../../src/jit/pipeline.js';
import { lazyCallerFile } from '../../src/jit/dispatch/registry.js';
import { walkIR, type Expr, type IRModule } from '../../src/jit/ir.js';
import { makeShape } from '../../src/jit/ops/shapes.js';
import type { Type } from '../../src/jit/types.js';

const F64: Type = { kind: 'f64' };
const I32: Type = { kind: 'i32' };
const ARR: Type = { kind: 'array', element: 'f64' };

test('signatures: argument types, then the return type, as the dispatcher reports them', () => {
  function mean(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s / xs.length; }
  function scale(xs: Float32Array, k: number): void { for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k; }
  function pair(a: number, b: number): [number, number] { return [a + b, a - b]; }
  function flag(n: number, m: number[][]): boolean { return n > m.length; }
  assert.equal(compileSpecialization(mean, [ARR]).signature, '(Float64Array) -> f64');
  assert.equal(compileSpecialization(scale, [{ kind: 'array', element: 'f32' }, I32]).signature, '(Float32Array, i32) -> void');
  assert.equal(compileSpecialization(pair, [F64, F64]).signature, '(f64, f64) -> (f64, f64)');
  assert.equal(compileSpecialization(flag, [I32, { kind: 'matrix', layout: 'nested' }]).signature, '(i32, number[][]) -> bool');
  function first(m: number[][]): number[] { return m[0]!; }
  assert.equal(compileSpecialization(first, [{ kind: 'matrix', layout: 'nested' }]).signature, '(number[][]) -> row', 'a row names no matrix');
  function getX(this: { x: number }, k: number): number { return this.x * k; }
  const thisType: Type = { kind: 'object', shape: makeShape([{ name: 'x', type: F64 }]) };
  const withThis = compileAt(getX, [F64], undefined, {}, lazyCallerFile(), thisType);
  assert.equal(withThis.signature, '(this: {x:f64}, f64) -> f64');
  assert.equal(withThis.fn.call({ x: 1.5 }, 4), 6);
});

test('compileSpecialization gives the module, the lowered IR, the source and an entry computing as the plain function', () => {
  function poly(xs: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s = s * k + xs[i]!;
    return s;
  }
  const c = compileSpecialization(poly, [ARR, F64]);
  assert.equal(c.module.entry, 'poly');
  assert.ok(c.lowered, 'the IR before the JS passes');
  assert.equal(c.lowered.entry, 'poly');
  assert.equal(typeof c.source, 'string');
  assert.ok(c.source.includes('function poly('));
  assert.equal('regions' in c, false, 'no prange loop, no regions');
  for (const [xs, k] of [[Float64Array.of(1, 2, 3), 0.5], [Float64Array.of(), 2], [Float64Array.of(-0), -1], [Float64Array.of(1e308, 1e308), 10]] as const) {
    assert.ok(Object.is(c.fn(xs, k), poly(xs, k)), `${Array.from(xs).join(',')}; ${k}`);
  }
});

const OFFSET = 0.125;
test('values frozen from outside are named in a comment the source starts with, and used', () => {
  function shifted(x: number): number { return x + OFFSET; }
  const c = compileSpecialization(shifted, [F64]);
  assert.ok(c.source.startsWith('// frozen from outside: '), c.source.split('\n')[0]);
  assert.match(c.source.split('\n')[0]!, /OFFSET/);
  assert.equal(c.fn(1), 1.125);
  function alone(x: number): number { return x + 1; }
  assert.ok(!compileSpecialization(alone, [F64]).source.startsWith('//'));
});

const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
function logs(x: number): number {
  console.log(x); // MARK-unsupported
  return x;
}

test('a construct outside the subset is a JitError located on its line of this file', () => {
  assert.throws(() => compileSpecialization(logs, [F64]), (e: unknown) => {
    assert.ok(e instanceof JitError, String(e));
    assert.equal(e.line, lines.findIndex((l) => l.includes('MARK-unsupported')) + 1);
    assert.ok(e.file?.endsWith('pipeline.test.ts'), e.file);
    return true;
  });
  assert.throws(() => lowerToIR(logs, [F64]), JitError);
});

test('usesRandom: whether a module draws random numbers', () => {
  function draw(n: number): number { let s = 0; for (let i = 0; i < n; i++) s += Math.random(); return s; }
  function none(n: number): number { return n * 2; }
  assert.equal(usesRandom(lowerToIR(draw, [I32])), true);
  assert.equal(usesRandom(lowerToIR(none, [I32])), false);
  assert.equal(usesRandom(compileSpecialization(draw, [I32]).module), true);
});

test('instantiateSource: the source becomes the same entry; a random fallback draws memoJit\'s stream, then restores Math.random', () => {
  function noisy(xs: number[]): number { const r = Math.random(); return r + (xs[1] === xs[1] ? 0 : 1); }
  const { source } = compileSpecialization(noisy, [{ kind: 'array', element: 'num' }]);
  const entry = instantiateSource(noisy, source, true);
  seedRandom(5);
  const compiled = entry([1, 2]);
  const own = Math.random;
  try {
    Math.random = () => 0.25;
    seedRandom(5);
    const fellBack = entry([1, 'x' as unknown as number]); // another element kind: the plain function runs
    assert.equal(fellBack, compiled, 'the plain function drew the compiled path\'s number');
    assert.equal(Math.random(), 0.25, 'Math.random is the caller\'s again');
    // told the code is not random, the fallback is the plain function as it is
    const plainFallback = instantiateSource(noisy, source, false);
    assert.equal(plainFallback([1, 'x' as unknown as number]), 0.25);
  } finally {
    Math.random = own;
  }
  function half(x: number): number { return x / 2; }
  assert.equal(instantiateSource(half, compileSpecialization(half, [F64]).source, false)(3), 1.5);
});

test('compileForBackend: the documented Collatz on Wasm, and the JS backend when asked', () => {
  function collatz(n: number): number { let steps = 0; while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; } return steps; }
  const w = compileForBackend(collatz, [I32], undefined, lazyCallerFile(), { backend: 'wasm' });
  assert.equal(w.choice.backend, 'wasm');
  assert.equal(w.fn(27), 111);
  const j = compileForBackend(collatz, [I32], undefined, lazyCallerFile(), { backend: 'js' });
  assert.equal(j.choice.backend, 'js');
  assert.equal(j.fn(27), 111);
  assert.equal(w.signature, j.signature);
});

test('lowerToIR compiles a decorated function from its plain original', () => {
  function scaleIt(xs: Float32Array, k: number): void { for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k; }
  const decorated = memoJit(scaleIt);
  const a = lowerToIR(decorated as never, [{ kind: 'array', element: 'f32' }, I32]);
  const b = lowerToIR(scaleIt, [{ kind: 'array', element: 'f32' }, I32]);
  assert.equal(a.entry, 'scaleIt');
  assert.deepEqual(a.functions.map((f) => [f.name, f.returnType]), [['scaleIt', { kind: 'void' }]]);
  assert.deepEqual(JSON.stringify(a.functions[0]!.body), JSON.stringify(b.functions[0]!.body));
});

/** The type of every store index of a module. */
function storeIndexTypes(m: IRModule): string[] {
  const out: string[] = [];
  for (const f of m.functions) walkIR(f.body, { stmt: (s) => { if (s.kind === 'store') out.push((s.index as Expr).type.kind); } });
  return out;
}

test('lowerForKernel: the grid index is in [0, 2^31 - 1), so i + 1 stays an int32 where lowerToIR cannot tell', () => {
  function next(i: number, x: Float32Array): void { x[i + 1] = 1; }
  const types: Type[] = [I32, { kind: 'array', element: 'f32' }];
  assert.deepEqual(storeIndexTypes(lowerForKernel(next, types, 1)), ['i32'], 'i + 1 <= 2^31 - 1');
  assert.deepEqual(storeIndexTypes(lowerToIR(next, types)), ['f64'], 'any int32 i: i + 1 may pass 2^31 - 1');
  // 2 * i + 1 reaches 2^32 - 3 for the largest grid index, past int32: f64 in the IR here too (lowerForKernel's comment says i32)
  function odd(i: number, x: Float32Array): void { x[2 * i + 1] = 1; }
  assert.deepEqual(storeIndexTypes(lowerForKernel(odd, types, 1)), ['f64']);
  // a parameter after the grid is an ordinary int32
  function offset(i: number, k: number, x: Float32Array): void { x[k + 1] = i; }
  assert.deepEqual(storeIndexTypes(lowerForKernel(offset, [I32, I32, { kind: 'array', element: 'f32' }], 1)), ['f64']);
  function saxpy(i: number, a: number, x: Float32Array, y: Float32Array): void { y[i] = a * x[i]! + y[i]!; }
  assert.equal(lowerForKernel(saxpy, [I32, F64, { kind: 'array', element: 'f32' }, { kind: 'array', element: 'f32' }], 1).entry, 'saxpy');
});
