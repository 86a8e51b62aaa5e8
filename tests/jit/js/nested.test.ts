// The JS backend's number[][] rule (src/jit/js/nested.ts). Pure helpers on hand-built IR: nestedExpr/nestedStore
// print the very JS operation (m.length, row.length, m[i], row[j], row[j] = v, null) for a nested matrix and
// give undefined for any other (Array2D's own rules apply); `cols` without its row is an internal error.
// rowIsArray/rowsAreArrays accept JS arrays and every numeric typed array (not BigInt arrays, DataViews, strings
// or array-likes), up to MAX_LENGTH; rowsCheck's loop, evaluated, runs onFail at the first row that is not an
// array. Through memoJit({ backend: 'js' }): reads past a row give what plain JS gives, a missing row throws the
// plain TypeError, stores grow plain rows and convert in typed rows, with the writes visible to the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import type { Expr, Stmt } from '../../../src/jit/ir.js';
import { MAX_LENGTH } from '../../../src/jit/infer/lattice.js';
import { isNestedType, nestedExpr, nestedStore, rowIsArray, rowsAreArrays, rowsCheck, type NestedHost } from '../../../src/jit/js/nested.js';

const host: NestedHost = { isNested: (m) => m === 'pts', expr: (e) => (e.op === 'local' ? e.name : '…') };
const I32 = { kind: 'i32' } as const;
const F64 = { kind: 'f64' } as const;
const i: Expr = { op: 'local', type: I32, name: 'i' };
const r: Expr = { op: 'local', type: { kind: 'row', matrix: 'pts', nullable: false }, name: 'r' };

test('isNestedType: only a matrix of layout nested', () => {
  assert.equal(isNestedType({ kind: 'matrix', layout: 'nested' }), true);
  assert.equal(isNestedType({ kind: 'matrix', layout: 'array2d' }), false);
  assert.equal(isNestedType(F64), false);
  assert.equal(isNestedType(undefined), false);
});

test('nestedExpr prints the plain JS operation on a nested matrix, undefined on any other', () => {
  assert.equal(nestedExpr({ op: 'rows', type: I32, matrix: 'pts' }, host), 'pts.length');
  assert.equal(nestedExpr({ op: 'cols', type: I32, matrix: 'pts', of: r }, host), 'r.length');
  assert.equal(nestedExpr({ op: 'rowOf', type: r.type, matrix: 'pts', index: i }, host), 'pts[i]');
  assert.equal(nestedExpr({ op: 'rowGet', type: F64, matrix: 'pts', row: r, col: i }, host), 'r[i]');
  assert.equal(nestedExpr({ op: 'nullRow', type: { kind: 'row', matrix: 'pts', nullable: true } }, host), 'null');
  // Another matrix (an Array2D) and other nodes are left to the generator.
  assert.equal(nestedExpr({ op: 'rows', type: I32, matrix: 'grid' }, host), undefined);
  assert.equal(nestedExpr({ op: 'cols', type: I32, matrix: 'grid' }, host), undefined);
  assert.equal(nestedExpr({ op: 'rowOf', type: r.type, matrix: 'grid', index: i }, host), undefined);
  assert.equal(nestedExpr({ op: 'nullRow', type: { kind: 'row', matrix: 'grid', nullable: true } }, host), undefined);
  assert.equal(nestedExpr(i, host), undefined);
  // row.length needs the row: without it the generator has a bug, said as such.
  assert.throws(() => nestedExpr({ op: 'cols', type: I32, matrix: 'pts' }, host), /internal: the length of a row of pts without the row/);
});

test('nestedStore: row[col] = value on a nested row, undefined for any other statement or matrix', () => {
  const v: Expr = { op: 'local', type: F64, name: 'v' };
  assert.equal(nestedStore({ kind: 'matrixStore', matrix: 'pts', row: r, col: i, value: v } as Stmt, host), 'r[i] = v');
  assert.equal(nestedStore({ kind: 'matrixStore', matrix: 'grid', row: r, col: i, value: v } as Stmt, host), undefined);
  assert.equal(nestedStore({ kind: 'assign', name: 'v', value: v } as Stmt, host), undefined);
});

test('rowIsArray: JS arrays and every numeric typed array; not BigInt arrays, DataViews or array-likes', () => {
  const numeric = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
  for (const C of numeric) assert.equal(rowIsArray(new C(2)), true, C.name);
  assert.equal(rowIsArray([]), true);
  assert.equal(rowIsArray([1, 'x']), true, 'elements are not visited');
  for (const bad of [new BigInt64Array(1), new BigUint64Array(1), new DataView(new ArrayBuffer(8)), 'ab', { length: 2, 0: 1, 1: 2 }, 3, null, undefined]) {
    assert.equal(rowIsArray(bad), false, String(bad));
  }
  // The length bound: a sparse array of exactly MAX_LENGTH passes, one more does not.
  const atMax: number[] = [];
  atMax.length = MAX_LENGTH;
  assert.equal(rowIsArray(atMax), true);
  const over: number[] = [];
  over.length = MAX_LENGTH + 1;
  assert.equal(rowIsArray(over), false);
});

test('rowsAreArrays: every row passes, the empty matrix too; one bad row anywhere fails', () => {
  assert.equal(rowsAreArrays([]), true);
  assert.equal(rowsAreArrays([[1, 2], new Float64Array(3), new Int32Array(0)]), true);
  assert.equal(rowsAreArrays([[1, 2], 3]), false);
  assert.equal(rowsAreArrays([new BigInt64Array(1), [1]]), false);
  assert.equal(rowsAreArrays([[1], [2], undefined]), false);
});

test('rowsCheck: the generated loop runs onFail at the first row that is no array, and nothing otherwise', () => {
  const loop = rowsCheck('m', 'return "fallback at " + $s_r;');
  const run = new Function('$isArray', '$rows', 'm', `${loop} return "ok";`) as (a: unknown, b: unknown, m: unknown[]) => string;
  const calls: unknown[] = [];
  const rows = (row: unknown): boolean => (calls.push(row), rowIsArray(row));
  assert.equal(run(Array.isArray, rows, [[1], [2, 3]]), 'ok');
  assert.equal(calls.length, 0, 'plain array rows never call $rows');
  const typed = new Float32Array(1);
  assert.equal(run(Array.isArray, rows, [[1], typed, 'no', [4]]), 'fallback at 2');
  assert.deepEqual(calls, [typed, 'no'], 'other rows go through $rows, up to the first failure');
  assert.equal(run(Array.isArray, rows, []), 'ok');
});

const js = memoJit({ backend: 'js' });

/** The value, or the thrown class and message. */
function outcome(f: () => unknown): string {
  try {
    return `value ${String(f())}`;
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

test('compiled reads: past a row is undefined (NaN in a sum), a missing row is the plain TypeError', () => {
  function sumTo(m: number[][], cols: number): number {
    let s = 0;
    for (let a = 0; a < m.length; a++) for (let b = 0; b < cols; b++) s += m[a]![b]!;
    return s;
  }
  function at(m: number[][], a: number, b: number): number {
    return m[a]![b]! * 2;
  }
  const s = js(sumTo);
  const g = js(at);
  const ragged = (): number[][] => [[1, 2, 3], [4.5, 0.5]];
  assert.equal(s(ragged(), 1), 5.5);
  assert.equal(s(ragged(), 2), 8);
  assert.ok(Object.is(s(ragged(), 3), NaN), 'row 1 has no element 2: undefined, and the sum is NaN');
  assert.ok(Object.is(s([[1], []], 1), NaN), 'an empty row read at 0');
  assert.equal(s([], 4), 0);
  for (const [a, b] of [[0, 2], [1, 0], [1, 2], [0, 7], [2, 0], [5, 0], [-1, 0]] as const) {
    assert.equal(outcome(() => g(ragged(), a, b)), outcome(() => at(ragged(), a, b)), `m[${a}][${b}]`);
  }
  assert.match(outcome(() => g(ragged(), 5, 0)), /^TypeError: /);
});

test('compiled stores: plain rows grow, typed rows convert, and the caller sees every write', () => {
  function fill(m: number[][], v: number): number {
    for (let a = 0; a < m.length; a++) {
      const row = m[a]!;
      row[row.length] = v;
      row[0] = v / 2;
    }
    return m[0]!.length;
  }
  const f = js(fill);
  const make = (): number[][] => [[9, 9], new Int32Array(2) as unknown as number[], new Uint8Array(1) as unknown as number[]];
  const mine = make();
  const theirs = make();
  assert.equal(f(mine, 3.5), fill(theirs, 3.5));
  assert.deepEqual(mine[0], [1.75, 9, 3.5], 'the plain row grew by one, by hand');
  assert.deepEqual([...mine[1]!], [1, 0], 'an Int32Array row: 1.75 truncates to 1, the store past its end is dropped');
  assert.deepEqual([...mine[2]!], [1]);
  for (let a = 0; a < 3; a++) assert.deepEqual([...mine[a]!], [...theirs[a]!], `row ${a} as plain JS left it`);
  assert.ok(Object.values(f.inspect()).join('\n').includes('backend: js'));
});
