// `Array.from` whose callback returns arrays (issue 12, item 3): a new number[][] holding the callback's own
// row objects, as numba's `np.empty((M, M))` is ported in bench/corpus/kernels/pairwise.js. Compared with the
// plain function: Object.is on every element, the same row classes, the same writes and exceptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';
import { loadProgram } from '../../../bench/corpus/program.js';

type Fn = (...args: never[]) => unknown;

function same(fn: Fn, inputs: () => unknown[][]): void {
  const jitted = memoJit(fn) as unknown as (...a: unknown[]) => unknown;
  const plain = fn as unknown as (...a: unknown[]) => unknown;
  const [ps, js] = [inputs(), inputs()];
  for (let k = 0; k < ps.length; k++) {
    assertSameOutcome(outcomeOf(() => jitted(...js[k]!)), outcomeOf(() => plain(...ps[k]!)));
    assertSameOutcome({ value: js[k] }, { value: ps[k] });
  }
  assert.ok(Object.values((jitted as unknown as { inspect(): Record<string, string> }).inspect()).every((s) => !s.startsWith('(plain')));
}

function typedRows(m: number, xs: Float64Array) {
  const D = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) D[i]![j] = xs[(i + j) % xs.length]! / (j - 1);
  return D;
}

function raggedRows(m: number) {
  const D = Array.from({ length: m }, (_, i) => new Int32Array(i + 1));
  let s = 0;
  for (let i = 0; i < D.length; i++) for (let j = 0; j < D[i]!.length; j++) s += (D[i]![j] = i * j + 0.5);
  return [s, D[m - 1]![m], D.length];
}

function plainRows(m: number) {
  const D = Array.from({ length: m }, (_, i) => new Array(3).fill(i));
  D[0]![1] = -0;
  return D;
}

function fromSource(xs: Float64Array) {
  return Array.from(xs, (v, i) => xs.slice(0, i).fill(v));
}

test('Array.from({ length }, () => new Float64Array(m)): rows written and returned as in JS', () => {
  same(typedRows, () => [[3, new Float64Array([1, -2, 0.5])], [0, new Float64Array([1])], [1, new Float64Array([NaN, 4])]]);
});

test('ragged Int32Array rows from the index, out-of-bounds reads and int32 stores as in JS', () => {
  same(raggedRows, () => [[1], [4], [6]]);
});

test('rows made by new Array(n).fill(i), -0 kept', () => {
  same(plainRows, () => [[2], [5]]);
});

test('Array.from(xs, (v, i) => xs.slice(0, i).fill(v)) over a typed array: ragged rows', () => {
  same(fromSource, () => [[new Float64Array([1, 2.5, -0])], [new Float64Array(0)]]);
});

test('the pairwise kernel compiles as written and is identical to the plain function', async () => {
  const program = await loadProgram(new URL('../../../bench/corpus/kernels/pairwise.js', import.meta.url).pathname);
  const input = program.input('small');
  const f = memoJit(program.fn as Fn) as unknown as (...a: unknown[]) => unknown;
  assertSameOutcome(outcomeOf(() => f(...input.args)), outcomeOf(() => (program.fn as (...a: unknown[]) => unknown)(...input.args)));
});
