// The operator tables (src/jit/ops/operators.ts), row by row through the JS and Wasm backends: compiled
// results are plain JavaScript's, bit for bit (Object.is: -0 and NaN included), on edge values, as f64
// scalars, as int32 elements (the rows' i32 forms), and as compound assignment (`x op= y`). Then every row
// through the WGSL backend on lavapipe (skipped, with the reason, where WebGPU has no adapter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, gpu } from '../../../src/index.js';
import { noAdapter as gpuSkip } from '../../gpu/_adapter.js';
import { BINARY_OPERATORS, COMPARE_OPERATORS, UNARY_OPERATORS, binaryOperator, compareOperator, unaryOperator } from '../../../src/jit/ops/operators.js';
import { assertSameValues as same } from '../../_support/outcome.js';

const EDGES: readonly number[] = [
  0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308 / 3,
  2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 31 - 1, 2 ** 32, 2 ** 53, -(2 ** 53), 1e300, 0.5, -0.5, 1, -1, 2, -3, 2.5, 33,
];
const INT_EDGES: readonly number[] = [0, 1, -1, 2, -3, 7, 31, 32, 33, 2 ** 31 - 1, -(2 ** 31), 65536, -65537];

type Binary = (a: number, b: number) => number;
const BACKENDS = ['js', 'wasm'] as const;


function backendOf(f: unknown): string {
  const listing = Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
  return /;; backend: wasm/.test(listing) ? 'wasm' : 'js';
}

/** Compiles `body` (over `a`, `b`) on `backend`, checks every pair against plain JS, and that the backend ran. */
function checkPairs(backend: (typeof BACKENDS)[number], body: string, values: readonly number[]): void {
  const plain = new Function('a', 'b', body) as Binary;
  const compiled = memoJit({ backend })(new Function('a', 'b', body) as Binary);
  for (const a of values) for (const b of values) same(compiled(a, b), plain(a, b), `${backend}: ${body} with a=${a}, b=${b}`);
  assert.equal(backendOf(compiled), backend, `${body} ran on ${backend}`);
}

test('every row is reached from its source token, and every IR operator has a row', () => {
  for (const [ir, row] of Object.entries(BINARY_OPERATORS)) assert.equal(binaryOperator(row.source), ir);
  for (const [ir, row] of Object.entries(COMPARE_OPERATORS)) for (const s of row.sources) assert.equal(compareOperator(s), ir);
  for (const [ir, row] of Object.entries(UNARY_OPERATORS)) if (row.source) assert.equal(unaryOperator(row.source), ir);
  assert.deepEqual(Object.keys(BINARY_OPERATORS).sort(), ['add', 'and', 'div', 'mod', 'mul', 'or', 'pow', 'shl', 'shr', 'sub', 'ushr', 'xor']);
  assert.equal(binaryOperator('in'), undefined);
  assert.equal(unaryOperator('+'), undefined, 'unary + is the identity, not an IR operator');
});

for (const [name, row] of Object.entries(BINARY_OPERATORS)) {
  test(`${row.source} (${name}): f64 operands, int32 elements and ${row.source}= equal JavaScript's on edge values`, () => {
    for (const backend of BACKENDS) {
      checkPairs(backend, `return a ${row.source} b;`, EDGES);
      checkPairs(backend, `let x = a; x ${row.source}= b; return x;`, EDGES);
      // int32 elements: inference types the operands (and, where it can prove it, the result) i32
      const plain = (xs: Int32Array, ys: Int32Array, out: Float64Array): void => {
        for (let i = 0; i < xs.length; i++) out[i] = (new Function('a', 'b', `return a ${row.source} b;`) as Binary)(xs[i]!, ys[i]!);
      };
      const each = memoJit({ backend })(new Function('xs', 'ys', 'out', `for (let i = 0; i < xs.length; i++) out[i] = xs[i] ${row.source} ys[i];`) as typeof plain);
      const xs = Int32Array.from(INT_EDGES.flatMap((a) => INT_EDGES.map(() => a)));
      const ys = Int32Array.from(INT_EDGES.flatMap(() => INT_EDGES));
      const got = new Float64Array(xs.length);
      const want = new Float64Array(xs.length);
      each(xs, ys, got);
      plain(xs, ys, want);
      got.forEach((g, i) => same(g, want[i]!, `${backend}: Int32Array ${xs[i]} ${row.source} ${ys[i]}`));
      assert.equal(backendOf(each), backend);
    }
  });
}

for (const [name, row] of Object.entries(COMPARE_OPERATORS)) {
  test(`comparison ${name} (${row.sources.join(', ')}) equals JavaScript's on edge values, numbers and booleans`, () => {
    for (const backend of BACKENDS) {
      for (const s of row.sources) {
        checkPairs(backend, `return a ${s} b ? 1 : 0;`, EDGES);
        const booleans = `return (a > 0) ${s} (b > 0) ? 1 : 0;`;
        // booleans: === compares them, < converts them to 0 and 1 first, as JS does
        checkPairs(backend, booleans, [-1, 0, 1, NaN]);
      }
    }
  });
}

for (const [name, row] of Object.entries(UNARY_OPERATORS)) {
  const body = row.source === undefined ? 'return a ** 2;' : row.operand === 'condition' ? `return ${row.source}a ? 1 : 0;` : `return ${row.source}a;`;
  test(`unary ${name} (${body}) equals JavaScript's on edge values, f64 and int32`, () => {
    for (const backend of BACKENDS) {
      checkPairs(backend, body, EDGES);
      checkPairs(backend, body, INT_EDGES);
      checkPairs(backend, body.replace(/\ba\b/g, '(a | 0)'), EDGES);
    }
  });
}

test('an operator outside the table is a located error naming it', () => {
  const inOp = memoJit(new Function('a', 'b', 'return a in b;') as Binary);
  assert.throws(() => inOp(1, 2), /operator in is not supported|in operator/);
  const typeofOp = memoJit(new Function('a', 'return typeof a === "number" ? 1 : 0;') as (a: number) => number);
  assert.equal(typeofOp(1), 1, 'typeof is a type test, not an operator row');
});

// ------------------------------------------------------------------------------------------- WGSL on lavapipe
// Every row through the WGSL backend (`@gpu`), each as a kernel over f32 elements (the number rows) or int32
// elements (the int32 rows), against the same kernel run as plain JavaScript on the same typed arrays, which
// is the reference a researcher sees. Where f32 arithmetic is exact the results must be identical (Object.is);
// the rows whose WGSL form is not exact say their tolerance below.

/** f32-representable edge values; f32 subnormals are left out because GPUs may flush them (lavapipe does). */
const F32_EDGES: readonly number[] = [
  0, -0, Infinity, -Infinity, NaN, 2 ** -126, -(2 ** -126), 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 24, 2 ** 24 + 2, 3e38, -3e38,
  0.5, -0.5, 1, -1, 2, -3, 2.5, 33, 0.1, 1e-20, 7,
].map(Math.fround);
const I32_EDGES: readonly number[] = [0, 1, -1, 2, -3, 7, 31, 32, 33, 2 ** 31 - 1, -(2 ** 31), 65536, -65537, 2 ** 24 + 1];

/**
 * Rows whose WGSL result is not the f32-rounded JS result, with how close it must be: `**` is `numbat_pow`
 * over WGSL's exp2/log2 (see tests/gpu/math-table.test.ts, whose pow tolerance this is). `%` is exact
 * (`numbat_fmod`), `!==` is `!(a == b)`: both were wrong on lavapipe before this test (x % Infinity gave NaN, a
 * ratio past f32's range -Infinity, NaN !== x false).
 */
const WGSL_TOLERANCE: Partial<Record<string, { readonly close: (gpu: number, js: number, x: number, y: number) => boolean; readonly why: string }>> = {
  pow: {
    why: 'numbat_pow over WGSL exp2(y * log2(x)): 2^-16 + 2^-20 |y| relative, as Math.pow in the Math table test',
    close: (g, js, _x, y) => {
      if (Number.isNaN(js)) return Number.isNaN(g);
      const f = Math.fround(js);
      if (!Number.isFinite(f)) return g === f;
      if (Math.abs(js) < 2 ** -126 && g === 0) return true;
      return Math.abs(g - js) <= (2 ** -16 + 2 ** -20 * Math.abs(y)) * Math.abs(js) + 2 ** -22 + Math.abs(f - js);
    },
  },
};

type Kernel2 = (i: number, xs: Float32Array | Int32Array, ys: Float32Array | Int32Array, out: Float32Array | Int32Array) => void;

/** Runs `body` (over `xs[i]`, `ys[i]`) on every pair of `values` on the GPU and in plain JS; returns the mismatches. */
async function gpuPairs(body: string, values: readonly number[], int: boolean, ok: (g: number, js: number, x: number, y: number) => boolean): Promise<string[]> {
  const Array_ = int ? Int32Array : Float32Array;
  const xs = Array_.from(values.flatMap((x) => values.map(() => x)));
  const ys = Array_.from(values.flatMap(() => values));
  const source = `out[i] = ${body};`;
  const plain = new Function('i', 'xs', 'ys', 'out', source) as Kernel2;
  const kernel = gpu(new Function('i', 'xs', 'ys', 'out', source) as Kernel2);
  const got = new Array_(xs.length);
  const want = new Array_(xs.length);
  await kernel.launch(xs.length, xs, ys, got);
  assert.equal(kernel.lastBackend, 'gpu', `${body} ran on the GPU`);
  for (let i = 0; i < xs.length; i++) plain(i, xs, ys, want);
  const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
  const bad: string[] = [];
  for (let i = 0; i < xs.length; i++) if (!ok(got[i]!, want[i]!, xs[i]!, ys[i]!)) bad.push(`${body} with x=${show(xs[i]!)}, y=${show(ys[i]!)}: GPU ${show(got[i]!)}, JS ${show(want[i]!)}`);
  return bad;
}

for (const [name, row] of Object.entries(BINARY_OPERATORS)) {
  const int = row.operands === 'int32';
  const tol = WGSL_TOLERANCE[name];
  test(`WGSL ${row.source} (${name}) on ${int ? 'int32' : 'f32'} elements equals JavaScript's${tol ? ` within ${tol.why}` : ''}`, { skip: gpuSkip }, async () => {
    const bad = await gpuPairs(`xs[i] ${row.source} ys[i]`, int ? I32_EDGES : F32_EDGES, int, tol?.close ?? ((g, js) => Object.is(g, js)));
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} results differ`);
  });
}

for (const [name, row] of Object.entries(COMPARE_OPERATORS)) {
  test(`WGSL comparison ${name} (${row.sources[0]}) on f32 and int32 elements equals JavaScript's, NaN included`, { skip: gpuSkip }, async () => {
    const exact = (g: number, js: number): boolean => Object.is(g, js);
    const bad = [
      ...(await gpuPairs(`xs[i] ${row.sources[0]} ys[i] ? 1 : 0`, F32_EDGES, false, exact)),
      ...(await gpuPairs(`xs[i] ${row.sources[0]} ys[i] ? 1 : 0`, I32_EDGES, true, exact)),
    ];
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} results differ`);
  });
}

for (const [name, row] of Object.entries(UNARY_OPERATORS)) {
  const body = row.source === undefined ? 'xs[i] ** 2' : row.operand === 'condition' ? `(${row.source}xs[i] ? 1 : 0)` : `${row.source}xs[i]`;
  const int = row.operand === 'int32';
  test(`WGSL unary ${name} (${body}) on ${int ? 'int32' : 'f32 and int32'} elements equals JavaScript's`, { skip: gpuSkip }, async () => {
    const exact = (g: number, js: number): boolean => Object.is(g, js);
    // GPU numbers are f32: an int32 past 2^24 is rounded to f32, squared in f32, and the Int32Array store wraps that
    const f32Square = (g: number, _js: number, x: number): boolean => g === (Math.fround(Math.fround(x) * Math.fround(x)) | 0);
    const bad = [
      ...(int ? [] : await gpuPairs(body, F32_EDGES, false, exact)),
      ...(await gpuPairs(body, I32_EDGES, true, name === 'square' ? f32Square : exact)),
    ];
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} results differ`);
  });
}
