// ir/fresh-arrays.ts: which arrays a function makes itself and lets nobody else see before returning them. A
// local qualifies when every value it holds is a `new Float64Array(n)` (or a number[][] of such rows) of the
// function and every use is an element read or write, its length or `return`; any other use (an alias, an
// argument, a callback's return, a parameter's own value) disqualifies it. The expected sets are read off each
// function's source by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/jit/pipeline.js';
import { freshTypedArrays, freshTypedRowMatrices, makesTypedRows } from '../../../src/jit/ir/fresh-arrays.js';
import { walkIR, type IRFunction } from '../../../src/jit/ir.js';

const F64S = { kind: 'array', element: 'f64' } as const;
const NESTED = { kind: 'matrix', layout: 'nested' } as const;
const I32 = { kind: 'i32' } as const;

type Types = Parameters<typeof lowerToIR>[1];
const entryOf = (fn: (...a: never[]) => unknown, types: Types): IRFunction => lowerToIR(fn, types).functions.at(-1)!;
const matricesOf = (f: IRFunction): string[] => {
  const nested = new Set([...f.params, ...f.locals].filter((p) => p.type.kind === 'matrix').map((p) => p.name));
  return [...freshTypedRowMatrices(f, (m) => nested.has(m))];
};

function squares(xs: Float64Array) {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * xs[i]!;
  return out;
}
function reassigned(xs: Float64Array) {
  let out = new Float64Array(2);
  out[0] = 1;
  out = new Float64Array(xs.length);
  out[0] = 2;
  return out;
}
function aliased(xs: Float64Array) {
  const out = new Float64Array(xs.length);
  const view = out;
  view[0] = 1;
  return out;
}
function handedOn(xs: Float64Array) {
  const out = new Float64Array(xs.length);
  out.fill(3);
  return out;
}
function takesArgument(xs: Float64Array) {
  let out = xs;
  out = new Float64Array(3);
  out[0] = 1;
  return out;
}
function parameterItself(xs: Float64Array) {
  xs = new Float64Array(2);
  xs[0] = 1;
  return xs;
}

test('a typed array made by the function and used only through elements, length and return is fresh', () => {
  assert.deepEqual([...freshTypedArrays(entryOf(squares, [F64S]))], ['out']);
  assert.deepEqual([...freshTypedArrays(entryOf(reassigned, [F64S]))], ['out'], 'every value it holds is a new array');
});

test('an alias, a method call, a value from elsewhere or a parameter is not fresh', () => {
  assert.deepEqual([...freshTypedArrays(entryOf(aliased, [F64S]))], [], 'view = out');
  assert.deepEqual([...freshTypedArrays(entryOf(handedOn, [F64S]))], [], 'out.fill(3)');
  assert.deepEqual([...freshTypedArrays(entryOf(takesArgument, [F64S]))], [], 'out = xs first');
  assert.deepEqual([...freshTypedArrays(entryOf(parameterItself, [F64S]))], [], 'xs held the caller\'s array first');
});

function distances(X: number[][]) {
  const D = Array.from({ length: X.length }, () => new Float64Array(X.length));
  for (let i = 0; i < X.length; i++) for (let j = 0; j < X.length; j++) D[i]![j] = Math.abs(X[i]![0]! - X[j]![0]!);
  return D;
}
function plainRows(X: number[][]) {
  const D = Array.from({ length: X.length }, () => [0, 0]);
  D[0]![0] = X[0]![0]!;
  return D;
}
function matrixAliased(n: number) {
  const D = Array.from({ length: n }, () => new Float64Array(n));
  const E = D;
  E[0]![0] = 1;
  return D;
}

test('a number[][] of new typed rows is fresh; plain rows or an alias are not', () => {
  assert.deepEqual(matricesOf(entryOf(distances, [NESTED])), ['D']);
  assert.deepEqual(matricesOf(entryOf(plainRows, [NESTED])), [], 'its rows are plain arrays');
  assert.deepEqual(matricesOf(entryOf(matrixAliased, [I32])), [], 'E = D');
});

test('makesTypedRows is the Array.from({ length }, () => new TypedArray(m)) form only', () => {
  const made: boolean[] = [];
  walkIR(entryOf(distances, [NESTED]).body, { expr: (e) => { if (e.op === 'method') made.push(makesTypedRows(e)); } });
  walkIR(entryOf(plainRows, [NESTED]).body, { expr: (e) => { if (e.op === 'method') made.push(makesTypedRows(e)); } });
  assert.deepEqual(made, [true, false]);
});

function escapesByCallback(n: number) {
  const out = new Float64Array(n);
  const rows = Array.from({ length: 2 }, () => out);
  out[0] = 1;
  return rows.length;
}

test('a callback returning the array hands it to another array: not fresh, though `return out` is a return', () => {
  assert.deepEqual([...freshTypedArrays(entryOf(escapesByCallback, [I32]))], []);
});
