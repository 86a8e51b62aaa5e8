// Arrays in numbat memory that a Wasm specialization writes are written in place when no call of its module can
// trap (every element access proved in range by passes/typed-bounds.ts, no i64 range check, no recursion): no
// rerun on the JS backend can then start from half-written arguments. Otherwise they are copied in and out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import * as numbat from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { generateWasm } from '../../../src/jit/wasm/codegen.js';

const F64 = { kind: 'array', element: 'f64' } as const;
const inspectOf = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect())[0]!;

/** Every access is `y[i]` with `i < y.length`: proved without a condition, so no check is left to trap. */
function axpy(y: Float64Array, a: number, b: number): void {
  for (let i = 0; i < y.length; i++) y[i] = a * y[i]! + b;
}

/** Reads one past the end on the last iteration: undefined in JS, a trap in Wasm, then a JS rerun. */
function bumpAndPeek(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    xs[i] = xs[i]! + 1;
    s += xs[i + 1]!;
  }
  return s;
}

test('a trap-free kernel writes a numbat array in place: 0 bytes copied, the caller sees the writes', () => {
  const gen = generateWasm(lowerToIR(axpy, [F64, { kind: 'f64' }, { kind: 'f64' }]));
  assert.equal(gen.trapFree, true);
  const f = memoJit({ backend: 'wasm' })(axpy);
  const y = numbat.f64([1, 2, 3, 4, 1e300]);
  const want = Float64Array.from(y);
  axpy(want, 3, 0.5);
  f(y, 3, 0.5);
  assert.deepEqual(Array.from(y), Array.from(want));
  const text = inspectOf(f);
  assert.match(text, /y: 1 calls in place \(numbat memory, zero-copy\), 0 copied in and out \(the code writes it: in place/);
  assert.match(text, /0 bytes copied in, 0 out/);
  // an ordinary array is still copied in and out, with the same result
  const oy = Float64Array.of(1, 2, 3, 4, 5);
  oy[4] = 1e300;
  f(oy, 3, 0.5);
  assert.deepEqual(Array.from(oy), Array.from(want));
});

test('a kernel that may trap copies its written numbat arrays, so the JS rerun starts from the caller\'s values', () => {
  const gen = generateWasm(lowerToIR(bumpAndPeek, [F64]));
  assert.equal(gen.trapFree, false);
  const f = memoJit({ backend: 'wasm' })(bumpAndPeek);
  const xs = numbat.f64([1, 2, 3]);
  const plain = Float64Array.of(1, 2, 3);
  const want = bumpAndPeek(plain);
  assert.ok(Object.is(f(xs), want)); // NaN: the last iteration reads undefined
  assert.deepEqual(Array.from(xs), Array.from(plain)); // bumped once, not twice
  assert.match(inspectOf(f), /1 answered by JS after a trap/);
});

test('recursion makes a module not trap-free (the stack can run out)', () => {
  function fill(xs: Float64Array, n: number): number {
    if (n <= 0) return 0;
    xs[0] = n;
    return 1 + fill(xs, n - 1);
  }
  assert.equal(generateWasm(lowerToIR(fill, [F64, { kind: 'i32' }])).trapFree, false);
});
