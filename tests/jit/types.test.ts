// The JIT's type lattice and Array2D (src/jit/types.ts): the shared scalar constants (frozen), the tables derived
// from the element rows, isNumeric, sameType on a hand-made table of equal and unequal pairs of every kind,
// typeName of every kind as signatures spell it, rowRangeMessage; Array2D's constructor checks and data
// ownership, from() with its ragged-row error, row-major get and set, live row views and the RangeError for any
// index that is not a row (negative, past the end, fractional, NaN), toArray, iteration and length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARRAY_CONSTRUCTORS, Array2D, BOOL, ELEMENT_RANGE, F64, I32, NULL, NUMBOOL, STRING, VOID, isNumeric, plainElement, rowRangeMessage, sameType, typeName,
  type Type,
} from '../../src/jit/types.js';
import { makeShape } from '../../src/jit/ops/shapes.js';

test('the shared scalar constants are frozen and of their kind', () => {
  const all: Array<[Type, string]> = [[I32, 'i32'], [F64, 'f64'], [BOOL, 'bool'], [VOID, 'void'], [NULL, 'null'], [STRING, 'string']];
  for (const [t, kind] of all) {
    assert.deepEqual(t, { kind });
    assert.ok(Object.isFrozen(t), kind);
  }
});

test('the constructor, plain-element and range tables', () => {
  assert.equal(ARRAY_CONSTRUCTORS.f64, Float64Array);
  assert.equal(ARRAY_CONSTRUCTORS.u8c, Uint8ClampedArray);
  assert.equal(ARRAY_CONSTRUCTORS.num, Array);
  assert.deepEqual(new ARRAY_CONSTRUCTORS.f32(2), new Float32Array(2));
  assert.equal(plainElement('num'), 'number');
  assert.equal(plainElement('bool'), 'boolean');
  for (const k of ['f64', 'f32', 'i32', 'u32', 'i16', 'u16', 'i8', 'u8', 'u8c'] as const) assert.equal(plainElement(k), undefined, k);
  assert.deepEqual(ELEMENT_RANGE.u8, [0, 255]);
  assert.deepEqual(ELEMENT_RANGE.i8, [-128, 127]);
  assert.deepEqual(ELEMENT_RANGE.u32, [0, 4294967295]);
  assert.equal(ELEMENT_RANGE.f32, null);
  assert.equal(ELEMENT_RANGE.num, null);
});

test('isNumeric: i32 and f64 only', () => {
  assert.equal(isNumeric(I32), true);
  assert.equal(isNumeric(F64), true);
  for (const t of [BOOL, VOID, NULL, STRING, { kind: 'array', element: 'f64' }, { kind: 'matrix', layout: 'nested' }] as Type[]) {
    assert.equal(isNumeric(t), false, t.kind);
  }
});

test('sameType compares what distinguishes each kind, and nothing else', () => {
  const shapeA = makeShape([{ name: 'x', type: F64 }]);
  const shapeA2 = makeShape([{ name: 'x', type: { kind: 'f64' } }]);
  const shapeB = makeShape([{ name: 'y', type: F64 }]);
  const fn = (): number => 1;
  const equal: Array<[Type, Type]> = [
    [I32, { kind: 'i32' }], [BOOL, { kind: 'bool' }], [VOID, { kind: 'void' }], [STRING, { kind: 'string' }],
    [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }],
    [{ kind: 'matrix', layout: 'nested' }, { kind: 'matrix', layout: 'nested' }],
    [{ kind: 'row', matrix: 'm', nullable: true }, { kind: 'row', matrix: 'm', nullable: true }],
    [{ kind: 'tuple', items: [F64, { kind: 'row', matrix: 'm', nullable: false }] }, { kind: 'tuple', items: [{ kind: 'f64' }, { kind: 'row', matrix: 'm', nullable: false }] }],
    [{ kind: 'tuple', items: [] }, { kind: 'tuple', items: [] }],
    [{ kind: 'object', shape: shapeA }, { kind: 'object', shape: shapeA2 }],
    [{ kind: 'objects', shape: shapeA }, { kind: 'objects', shape: shapeA }],
    [{ kind: 'function', fn, token: 'fn(a)' }, { kind: 'function', fn, token: 'fn(b)' }],
    [{ kind: 'buffer' }, { kind: 'buffer' }],
  ];
  const unequal: Array<[Type, Type]> = [
    [I32, F64], [F64, BOOL], [NULL, VOID],
    [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f32' }],
    [{ kind: 'array', element: 'num' }, { kind: 'array', element: 'bool' }],
    [{ kind: 'matrix', layout: 'nested' }, { kind: 'matrix', layout: 'array2d' }],
    [{ kind: 'row', matrix: 'm', nullable: false }, { kind: 'row', matrix: 'n', nullable: false }],
    [{ kind: 'row', matrix: 'm', nullable: false }, { kind: 'row', matrix: 'm', nullable: true }],
    [{ kind: 'tuple', items: [F64] }, { kind: 'tuple', items: [I32] }],
    [{ kind: 'tuple', items: [F64] }, { kind: 'tuple', items: [F64, F64] }],
    [{ kind: 'object', shape: shapeA }, { kind: 'object', shape: shapeB }],
    [{ kind: 'object', shape: shapeA }, { kind: 'objects', shape: shapeA }],
    [{ kind: 'function', fn, token: 'fn(a)' }, { kind: 'function', fn: (): number => 1, token: 'fn(a)' }],
    [{ kind: 'array', element: 'f64' }, { kind: 'matrix', layout: 'nested' }],
  ];
  for (const [a, b] of equal) {
    assert.equal(sameType(a, b), true, `${typeName(a)} = ${typeName(b)}`);
    assert.equal(sameType(b, a), true, 'symmetric');
  }
  for (const [a, b] of unequal) {
    assert.equal(sameType(a, b), false, `${typeName(a)} ≠ ${typeName(b)}`);
    assert.equal(sameType(b, a), false, 'symmetric');
  }
});

test('typeName spells every kind as signatures do', () => {
  const shape = makeShape([{ name: 'x', type: F64 }, { name: 'ok', type: BOOL }]);
  const cases: Array<[Type, string]> = [
    [I32, 'i32'], [F64, 'f64'], [BOOL, 'bool'], [VOID, 'void'], [NULL, 'null'], [STRING, 'string'],
    [{ kind: 'array', element: 'f64' }, 'Float64Array'], [{ kind: 'array', element: 'i16' }, 'Int16Array'],
    [{ kind: 'array', element: 'num' }, 'number[]'], [{ kind: 'array', element: 'bool' }, 'boolean[]'],
    [{ kind: 'matrix', layout: 'nested' }, 'number[][]'], [{ kind: 'matrix', layout: 'array2d' }, 'Array2D'],
    [{ kind: 'row', matrix: 'grid', nullable: false }, 'row<grid>'], [{ kind: 'row', matrix: 'grid', nullable: true }, 'row<grid> | null'],
    [{ kind: 'tuple', items: [F64, { kind: 'row', matrix: 'm', nullable: false }, I32] }, '(f64, row<m>, i32)'],
    [{ kind: 'tuple', items: [] }, '()'],
    [{ kind: 'object', shape }, '{x:f64,ok:bool}'], [{ kind: 'objects', shape }, '{x:f64,ok:bool}[]'],
    [{ kind: 'buffer' }, 'ArrayBuffer'], [{ kind: 'function', fn: () => 0, token: 'fn(dydt)' }, 'fn(dydt)'],
    [NUMBOOL, 'number | boolean'],
  ];
  for (const [t, name] of cases) assert.equal(typeName(t), name);
});

test('rowRangeMessage is the sentence Array2D.row throws', () => {
  assert.equal(rowRangeMessage(3, 2), 'Array2D.row: row index 3 is outside the 2 rows');
  assert.equal(rowRangeMessage(-1, 0), 'Array2D.row: row index -1 is outside the 0 rows');
});

test('the Array2D constructor: zeros by default, its own Float64Array kept, other data copied, sizes checked', () => {
  const z = new Array2D(2, 3);
  assert.deepEqual([z.rows, z.cols, z.length, Array.from(z.data)], [2, 3, 2, [0, 0, 0, 0, 0, 0]]);
  const data = Float64Array.of(1, 2, 3, 4);
  const kept = new Array2D(2, 2, data);
  assert.equal(kept.data, data, 'a Float64Array is used as it is');
  const list = [1, 2, 3, 4];
  const copied = new Array2D(2, 2, list);
  assert.ok(copied.data instanceof Float64Array);
  list[0] = 99;
  assert.equal(copied.get(0, 0), 1, 'other data is copied');
  assert.equal(new Array2D(0, 5).data.length, 0);
  for (const [r, c] of [[-1, 2], [2, -1], [1.5, 2], [2, NaN], [Infinity, 1], [2 ** 16, 2 ** 15]]) {
    assert.throws(() => new Array2D(r!, c!), (e: unknown) => e instanceof RangeError && e.message === `Array2D: rows and cols must be non-negative integers (got ${r} × ${c}).`, `${r} × ${c}`);
  }
  assert.throws(() => new Array2D(2, 3, [1, 2]), (e: unknown) => e instanceof RangeError && e.message === 'Array2D: data has 2 elements, expected 2 × 3 = 6.');
  assert.throws(() => new Array2D(1, 1, new Float64Array(2)), RangeError);
});

test('Array2D.from copies a rectangular number[][]; a ragged one is a RangeError naming the row', () => {
  const nested = [[1, 2, 3], [4, 5, 6]];
  const a = Array2D.from(nested);
  assert.deepEqual([a.rows, a.cols, Array.from(a.data)], [2, 3, [1, 2, 3, 4, 5, 6]]);
  nested[0]![0] = 99;
  assert.equal(a.get(0, 0), 1, 'a copy');
  const empty = Array2D.from([]);
  assert.deepEqual([empty.rows, empty.cols], [0, 0]);
  const narrow = Array2D.from([[], []]);
  assert.deepEqual([narrow.rows, narrow.cols], [2, 0]);
  assert.throws(() => Array2D.from([[1, 2], [3]]), (e: unknown) => e instanceof RangeError && e.message === 'Array2D.from: row 1 has 1 elements, row 0 has 2.');
  assert.throws(() => Array2D.from([[1], [2], [3, 4]]), /row 2 has 2 elements, row 0 has 1/);
});

test('get and set are row-major; rows are live views; toArray and iteration give the rows', () => {
  const m = new Array2D(3, 2);
  m.set(2, 1, 7.5);
  m.set(0, 1, -0);
  assert.equal(m.data[2 * 2 + 1], 7.5);
  assert.ok(Object.is(m.get(0, 1), -0));
  const r = m.row(2);
  assert.deepEqual(Array.from(r), [0, 7.5]);
  r[0] = 4;
  assert.equal(m.get(2, 0), 4, 'a write through the view is a write to the array');
  m.set(2, 1, 1);
  assert.equal(r[1], 1, 'and the other way');
  assert.equal(r.buffer, m.data.buffer);
  assert.deepEqual(m.toArray(), [[0, -0], [0, 0], [4, 1]]);
  const seen: number[][] = [];
  for (const row of m) seen.push(Array.from(row));
  assert.deepEqual(seen, m.toArray());
  assert.equal(m.row(-0).length, 2, '-0 is row 0');
});

test('row of any index that is not a row is a RangeError with the shared message', () => {
  const m = Array2D.from([[1, 2], [3, 4]]);
  for (const i of [-1, 2, 3, 0.5, 1.0000001, NaN, Infinity, -Infinity]) {
    assert.throws(() => m.row(i), (e: unknown) => e instanceof RangeError && e.message === rowRangeMessage(i, 2), String(i));
  }
  assert.throws(() => new Array2D(0, 3).row(0), RangeError);
});
