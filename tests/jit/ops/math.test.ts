// The Math table (src/jit/ops/math.ts), row by row through both CPU backends (JS and Wasm): compiled results are
// JavaScript's own Math, bit for bit (Object.is: -0 and NaN included), on edge values (±0, ±Infinity, NaN,
// subnormals, 2^31, 2^53, 1e300, …), through every path a value takes (an f64 scalar, an i32 scalar, Float64Array
// and Int32Array elements). The GPU's side is tests/gpu/math-table.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { MATH, mathRow, type MathFunctionRow } from '../../../src/jit/ops/math.js';
import { assertSameValues as same } from '../../_support/outcome.js';

const EDGES: readonly number[] = [
  0, -0, Infinity, -Infinity, NaN,
  5e-324, -5e-324, 2.2250738585072014e-308 / 3, 2.2250738585072014e-308, // subnormals, the smallest normal
  2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e300, -1e300,
  0.5, -0.5, 1, -1, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 3, 7, -7, Math.PI, 1e-10, -1e-10,
  0.9999999, 1.0000001, 1e4, 1e20, -1e20,
];
const INT_EDGES: readonly number[] = [0, 1, -1, 2, -2, 7, 255, 65536, 2 ** 31 - 1, -(2 ** 31), 123456789, -123456789];
const PAIR_EDGES: readonly number[] = [0, -0, Infinity, -Infinity, NaN, 5e-324, 2 ** 31, 2 ** 53, 1e300, 0.5, -0.5, 1, -1, 2, -3, 2.5];

const functions = Object.entries(MATH).filter((e): e is [string, MathFunctionRow] => e[1].kind === 'function');


test('the table has one row per own member of Math, and nothing else', () => {
  const members = Object.getOwnPropertyNames(Math).sort();
  assert.deepEqual(Object.keys(MATH).sort(), members);
  assert.equal(functions.filter(([, r]) => r.arity === 1).length, 28, '28 one-argument functions');
  assert.equal(Object.values(MATH).filter((r) => r.kind === 'constant').length, 8);
  assert.equal(mathRow('toString'), undefined, 'inherited members are not rows');
});

/** The calls that ran in Wasm so far, read from `inspect()` (a Wasm specialization reports them; JS ones do not). */
function wasmCalls(f: { inspect(): Record<string, string> }): number {
  const text = Object.values(f.inspect()).join('\n');
  return [...text.matchAll(/so far: (\d+) calls in Wasm/g)].reduce((s, m) => s + Number(m[1]), 0);
}

// Both CPU backends read the table (js/codegen.ts the row's `js`, wasm/tables.ts its instructions or V8's Math).
for (const backend of ['js', 'wasm'] as const) {
  const jit = memoJit({ backend });
  const ran = (f: { inspect(): Record<string, string> }, what: string): void => {
    if (backend === 'wasm') assert.ok(wasmCalls(f) > 0, `${what} ran in Wasm`);
    else assert.equal(wasmCalls(f), 0, `${what} ran on the JS backend`);
  };
  for (const [name, row] of functions) {
    const reference = Math[name as keyof Math] as (...xs: number[]) => number;
    if (row.arity === 1) {
      test(`Math.${name} (${backend}): scalar and element calls equal JavaScript's on edge values`, () => {
        const scalar = jit(new Function('x', `return Math.${name}(x);`) as (x: number) => number);
        for (const x of [...EDGES, ...INT_EDGES]) same(scalar(x), reference(x), `Math.${name}(${x})`);
        ran(scalar, `Math.${name}(x)`);
        const each = jit(new Function('xs', 'out', `for (let i = 0; i < xs.length; i++) out[i] = Math.${name}(xs[i]);`) as (xs: ArrayLike<number>, out: Float64Array) => void);
        const xs = Float64Array.from(EDGES);
        const out = new Float64Array(xs.length);
        each(xs, out);
        xs.forEach((x, i) => same(out[i]!, reference(x), `Math.${name}(Float64Array element ${x})`));
        const ints = Int32Array.from(INT_EDGES);
        const outInts = new Float64Array(ints.length);
        each(ints, outInts);
        ints.forEach((x, i) => same(outInts[i]!, reference(x), `Math.${name}(Int32Array element ${x})`));
        ran(each, `Math.${name}(xs[i])`);
      });
    } else {
      test(`Math.${name} (${backend}): every pair (and for variadic ones, triples) of edge values equals JavaScript's`, () => {
        const two = jit(new Function('x', 'y', `return Math.${name}(x, y);`) as (x: number, y: number) => number);
        for (const x of PAIR_EDGES) for (const y of PAIR_EDGES) same(two(x, y), reference(x, y), `Math.${name}(${x}, ${y})`);
        for (const x of INT_EDGES) for (const y of INT_EDGES) same(two(x, y), reference(x, y), `Math.${name}(${x}, ${y})`);
        ran(two, `Math.${name}(x, y)`);
        if (row.arity === 'variadic') {
          const one = jit(new Function('x', `return Math.${name}(x);`) as (x: number) => number);
          for (const x of EDGES) same(one(x), reference(x), `Math.${name}(${x})`);
          const three = jit(new Function('x', 'y', 'z', `return Math.${name}(x, y, z);`) as (x: number, y: number, z: number) => number);
          const few = PAIR_EDGES.slice(0, 9);
          for (const x of few) for (const y of few) for (const z of few) same(three(x, y, z), reference(x, y, z), `Math.${name}(${x}, ${y}, ${z})`);
          ran(three, `Math.${name}(x, y, z)`);
        }
      });
    }
  }
}

test('Math.clz32 and Math.imul take any number through ToInt32, and are typed int32', () => {
  const clz = memoJit(function clz(xs: Int32Array, out: Int32Array): number {
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      out[i] = Math.clz32(xs[i]!);
      total += Math.clz32(xs[i]!);
    }
    return total;
  });
  const xs = Int32Array.from([0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 65535, 65536, 12345]);
  const out = new Int32Array(xs.length);
  const total = clz(xs, out);
  assert.deepEqual([...out], [...xs].map((x) => Math.clz32(x)));
  assert.equal(total, [...xs].reduce((s, x) => s + Math.clz32(x), 0));
  const bits = memoJit(function bits(x: number, y: number): number {
    return Math.clz32(x) * 2 + (Math.imul(x, y) & 1);
  });
  assert.equal(bits(2 ** 40 + 3, 1.5e10), Math.clz32(2 ** 40 + 3) * 2 + (Math.imul(2 ** 40 + 3, 1.5e10) & 1));
  assert.match(bits.signatures[0]!, /-> i32$/, 'clz32 is in [0, 32] and imul an int32: the result is typed i32');
});

test('Math constants fold to their exact values, and calling one is a located error', () => {
  for (const [name, row] of Object.entries(MATH)) {
    if (row.kind !== 'constant') continue;
    const read = memoJit(new Function(`return Math.${name};`) as () => number);
    same(read(), row.value, `Math.${name}`);
    assert.ok(read.inspect()[read.signatures[0]!]!.includes(String(row.value)), `Math.${name} is folded`);
    const call = memoJit(new Function(`return Math.${name}();`) as () => number);
    assert.throws(() => call(), new RegExp(`Math\\.${name} is not a function`));
  }
});

test('Math.random: one seeded stream in [0, 1); arguments are an error', () => {
  const draw = memoJit(function draw(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = Math.random();
      if (r < 0 || r >= 1) return -1;
      s += r;
    }
    return s;
  });
  memoJit.seed(7);
  const a = draw(1000);
  memoJit.seed(7);
  assert.equal(draw(1000), a);
  assert.ok(a > 400 && a < 600, `mean of 1000 uniform draws: ${a / 1000}`);
  const bad = memoJit(new Function('return Math.random(1);') as () => number);
  assert.throws(() => bad(), /Math\.random\(\) takes no arguments/);
});

test('wrong argument counts and non-numbers are located errors naming the function', () => {
  const atan2 = memoJit(new Function('x', 'return Math.atan2(x);') as (x: number) => number);
  assert.throws(() => atan2(1), /Math\.atan2 takes 2 arguments in compiled code/);
  const min = memoJit(new Function('return Math.min();') as () => number);
  assert.throws(() => min(), /Math\.min takes at least one argument/);
  const acosh = memoJit(new Function('xs', 'return Math.acosh(xs);') as (xs: Float64Array) => number);
  assert.throws(() => acosh(new Float64Array(1)), /Math\.acosh needs numbers/);
});
