// The operator tables (src/jit/ops/operators.ts), row by row through the JS and Wasm backends: compiled
// results are plain JavaScript's, bit for bit (Object.is: -0 and NaN included), on edge values, as f64
// scalars, as int32 elements (the rows' i32 forms), and as compound assignment (`x op= y`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
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
        if (row.equality) checkPairs(backend, booleans, [-1, 0, 1, NaN]);
        else assert.throws(() => memoJit({ backend })(new Function('a', 'b', booleans) as Binary)(1, 2), /cannot compare a boolean with a boolean/);
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
