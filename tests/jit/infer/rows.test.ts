// src/jit/infer/rows.ts: `number[][]` and its rows. The small rules directly (the made matrix's name, which
// receivers and arguments are rows, array literals of rows, push/slice and row stores with a fake ArrayHost,
// an empty `[]` turned into a number[][] once through RetryWithRows); the callback methods through inferFunction;
// then memoJit against the plain function: map/filter/reduce over rows and rows of rows (filter keeps the caller's
// own row objects), grids built with push, row stores, arrays of rows made by Array(n) / new Array(n) (filled
// forward, backward, partly, rows of different lengths, a row written twice, holes read, a fresh [] or Array(0)
// given after rows were stored; values, holes, length and exception class and message), the holes of Array(n) found
// by truthiness, !, === undefined and typeof (the caller's rows past the end too), push onto a row (local, the caller's, aliased, a typed-array row's
// TypeError) and rows made by a nested literal, and the located errors for what a number[][] lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import type { ArrayHost } from '../../../src/jit/infer/arrays.js';
import { noteMadeArray } from '../../../src/jit/infer/arrays.js';
import { BOOLV, FLOAT, MAX_LENGTH, describeAV, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import {
  RetryWithRows, isMadeMatrix, isRowsReceiver, literalRows, madeMatrixName, rowArgument, rowStore, rowsMethodCall,
} from '../../../src/jit/infer/rows.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { differs } from '../_support/same.js';
import { thrownMessage as failure, describeError } from '../../_support/outcome.js';
import { agree, agreeCompiled } from '../statements/agree.js';

const F64S: AV = { k: 'array', element: 'f64' };
const NUMS: AV = { k: 'array', element: 'num' };
const BOOLS: AV = { k: 'array', element: 'bool' };
const ROWS: AV = { k: 'matrix', layout: 'nested', name: 'rows' };
const ROW: AV = { k: 'row', matrix: 'rows', layout: 'nested', nullable: false };
const body = (src: string): Node => parseFunction(src).body;
/** A host typing every operand as `value`. */
const hostOf = (value: AV, declOf?: (id: Node) => Node | undefined): ArrayHost => ({
  expr: () => value,
  fail: (m) => {
    throw new Error(m);
  },
  isGlobal: () => true,
  ...(declOf ? { declOf } : {}),
});

test('a matrix made in compiled code has one synthetic name no parameter can have', () => {
  const a = madeMatrixName(body('(a) => a.map((row) => row.slice())'));
  const b = madeMatrixName(body('(b) => b.filter((r) => r[0] > 0)'));
  assert.equal(a, b, 'one name for all, so two made matrices may share a variable');
  assert.equal(isMadeMatrix(a), true);
  assert.ok(!/^[A-Za-z_$][\w$]*$/.test(a), 'not an identifier');
  assert.equal(isMadeMatrix('points'), false);
  assert.equal(isMadeMatrix('rows'), false);
});

test('rows receivers and row arguments: a number[][] and its rows, not an Array2D\'s', () => {
  assert.equal(isRowsReceiver(ROWS), true);
  assert.equal(isRowsReceiver(ROW), true);
  assert.equal(isRowsReceiver({ k: 'matrix', layout: 'array2d', name: 'a' }), false);
  assert.equal(isRowsReceiver({ k: 'row', matrix: 'a', layout: 'array2d', nullable: false }), false);
  assert.equal(isRowsReceiver(F64S), false);
  assert.equal(isRowsReceiver(undefined), false);
  assert.deepEqual(rowArgument(ROW), NUMS, 'a row that cannot be null is passed as the caller\'s own array');
  const nullable: AV = { k: 'row', matrix: 'rows', layout: 'nested', nullable: true };
  assert.equal(rowArgument(nullable), nullable);
  const view: AV = { k: 'row', matrix: 'a', layout: 'array2d', nullable: false };
  assert.equal(rowArgument(view), view);
  assert.equal(rowArgument(FLOAT), FLOAT);
});

test('literalRows: a literal of number arrays or rows is a number[][]; of numbers or boolean arrays it is not', () => {
  const lit = body('(a, b) => [a, b]');
  assert.deepEqual(literalRows(lit, [F64S, NUMS]), { k: 'matrix', layout: 'nested', name: madeMatrixName(lit) });
  assert.deepEqual(literalRows(lit, [ROW, F64S]), { k: 'matrix', layout: 'nested', name: madeMatrixName(lit) });
  assert.equal(literalRows(lit, [FLOAT, FLOAT]), undefined);
  assert.equal(literalRows(lit, [F64S, BOOLS]), undefined, 'boolean[] is not a row');
  assert.equal(literalRows(lit, [F64S, FLOAT]), undefined);
  assert.equal(literalRows(body('() => []'), []), undefined, 'an empty literal is rows only once marked');
});

test('a row stored into a local declared [] makes it a number[][] (once), anything else is a located error', () => {
  const fn = body('() => { const xs = []; xs[0] = r; }');
  const decl = fn.body[0].declarations[0];
  noteMadeArray(decl.id, decl.init, hostOf(F64S));
  const target = fn.body[1].expression.left as Node;
  const host = hostOf(F64S, (id) => (id.name === 'xs' ? decl.id : undefined));
  assert.throws(() => rowStore(target, NUMS, FLOAT, F64S, host), (e: unknown) => e instanceof RetryWithRows);
  assert.deepEqual(literalRows(decl.init, []), { k: 'matrix', layout: 'nested', name: madeMatrixName(decl.init) }, 'the literal is now rows');
  // a second time (the retry did not help), or an array not declared [] here: the error
  const cannot = 'an array of numbers cannot hold arrays; an array of rows is made empty (`const rows = []`) or with holes (`Array(n)`) and filled with push or rows[i] = row';
  assert.equal(failure(() => rowStore(target, NUMS, FLOAT, F64S, host)), cannot);
  assert.equal(failure(() => rowStore(target, NUMS, FLOAT, ROWS, hostOf(F64S))), cannot, 'a matrix into a number[] too');
});

test('Array(n) and new Array(n) take rows as `[]` does: every construction the variable was given becomes rows, once', () => {
  const fn = body('(n, c) => { var xs = Array(n); if (c) xs = new Array(n); xs[0] = r; }');
  const decl = fn.body[0].declarations[0];
  const later = fn.body[1].consequent.expression.right as Node;
  noteMadeArray(decl.id, decl.init, hostOf(FLOAT));
  noteMadeArray(decl.id, later, hostOf(FLOAT));
  assert.equal(literalRows(decl.init, []), undefined, 'numbers until a row is stored');
  const target = fn.body[2].expression.left as Node;
  const host = hostOf(F64S, (id) => (id.name === 'xs' ? decl.id : undefined));
  assert.throws(() => rowStore(target, NUMS, FLOAT, F64S, host), (e: unknown) => e instanceof RetryWithRows && e.literal === decl.init);
  for (const made of [decl.init, later]) assert.deepEqual(literalRows(made, []), { k: 'matrix', layout: 'nested', name: '#rows' });
  assert.match(failure(() => rowStore(target, NUMS, FLOAT, F64S, host)), /^an array of numbers cannot hold arrays/, 'marked already: no second retry');
});

test('rowStore on a number[][]: the row as it is; a non-number index or a non-row value is refused', () => {
  const target = body('(rows, i, r) => { rows[i] = r; }').body[0].expression.left as Node;
  const host = hostOf(F64S);
  assert.deepEqual(rowStore(target, ROWS, FLOAT, F64S, host), F64S);
  assert.deepEqual(rowStore(target, ROWS, FLOAT, ROW, host), ROW);
  assert.equal(rowStore(target, F64S, FLOAT, FLOAT, host), undefined, 'a number into an array: other rules');
  assert.equal(rowStore(target, { k: 'matrix', layout: 'array2d', name: 'm' }, FLOAT, F64S, host), undefined);
  assert.equal(rowStore(target, F64S, FLOAT, F64S, host), undefined, 'a typed array is not a plain number[]');
  assert.equal(failure(() => rowStore(target, ROWS, BOOLV, F64S, host)), 'indices must be numbers, not a boolean');
  assert.equal(failure(() => rowStore(target, ROWS, FLOAT, FLOAT, host)), 'a row of a number[][] is an array of numbers, not a number');
  assert.equal(failure(() => rowStore(target, ROWS, FLOAT, BOOLS, host)), 'a row of a number[][] is an array of numbers, not boolean[]');
});

test('rowsMethodCall: push and slice with their arities and argument kinds, other methods named as missing', () => {
  const push = body('(rows, r) => rows.push(r)');
  assert.deepEqual(rowsMethodCall(push, 'push', ROWS, [], hostOf(F64S)), numAV(0, MAX_LENGTH, true));
  assert.deepEqual(rowsMethodCall(body('(rows, a, b) => rows.push(a, b)'), 'push', ROWS, [], hostOf(ROW)), numAV(0, MAX_LENGTH, true));
  const slice = body('(rows, i) => rows.slice(i)');
  assert.deepEqual(rowsMethodCall(slice, 'slice', ROWS, [], hostOf(FLOAT)), { k: 'matrix', layout: 'nested', name: madeMatrixName(slice) });
  assert.deepEqual(rowsMethodCall(slice, 'slice', ROW, [], hostOf(FLOAT)), NUMS, 'a row\'s slice is typed number[]');
  assert.deepEqual(rowsMethodCall(body('(rows) => rows.slice()'), 'slice', ROWS, [], hostOf(FLOAT)), { k: 'matrix', layout: 'nested', name: madeMatrixName(slice) });
  assert.equal(failure(() => rowsMethodCall(push, 'sort', ROWS, [], hostOf(F64S))), "a number[][] has no method 'sort' in compiled code (push, slice, and the callback methods)");
  assert.deepEqual(rowsMethodCall(body('(row, v) => row.push(v)'), 'push', ROW, [], hostOf(FLOAT)), numAV(0, MAX_LENGTH, true), 'numbers onto a row');
  assert.equal(failure(() => rowsMethodCall(push, 'push', ROW, [], hostOf(F64S))), 'a row of a number[][] holds numbers, not Float64Array');
  assert.equal(failure(() => rowsMethodCall(push, 'sort', ROW, [], hostOf(F64S))), "a row of a number[][] has no method 'sort' in compiled code (push, slice, and the callback methods)");
  assert.equal(failure(() => rowsMethodCall(body('(rows, f) => rows[f(0)].push(1)'), 'push', ROW, [], hostOf(FLOAT))), 'push onto a row chosen by this expression: hold the row in a variable first (const row = …; row.push(v))');
  assert.equal(failure(() => rowsMethodCall(push, 'constructor', ROWS, [], hostOf(F64S))), "a number[][] has no method 'constructor' in compiled code (push, slice, and the callback methods)", 'only own rows of the table');
  assert.equal(failure(() => rowsMethodCall(body('(rows) => rows.push()'), 'push', ROWS, [], hostOf(F64S))), 'push takes at least one row here');
  assert.equal(failure(() => rowsMethodCall(body('(rows) => rows.slice(0, 1, 2)'), 'slice', ROWS, [], hostOf(FLOAT))), 'slice takes at most 2 arguments here');
  assert.equal(failure(() => rowsMethodCall(slice, 'slice', ROWS, [], hostOf(BOOLV))), 'the positions of slice are numbers, not a boolean');
  assert.equal(failure(() => rowsMethodCall(push, 'push', ROWS, [], hostOf(FLOAT))), 'a row of a number[][] is an array of numbers, not a number');
  assert.equal(failure(() => rowsMethodCall(body('(rows, rs) => rows.push(...rs)'), 'push', ROWS, [], hostOf(F64S))), 'spread arguments are not supported');
});

test('inference: map over rows gives rows or numbers, push of rows makes a number[][]', () => {
  const env = (): ReturnType<typeof newEnv> => newEnv(() => undefined);
  const nested = { kind: 'matrix', layout: 'nested' } as const;
  const shift = inferFunction(parseFunction('function shift(a, t) { return a.map((row) => row.map((x) => x + t)); }'), [nested, { kind: 'f64' }], env());
  assert.deepEqual(shift.returns, { k: 'matrix', layout: 'nested', name: '#rows' });
  const sums = inferFunction(parseFunction('function sums(a) { return a.map((row) => row.reduce((s, x) => s + x, 0)); }'), [nested], env());
  assert.equal(describeAV(sums.returns), 'number[]');
  const keep = inferFunction(parseFunction('function keep(a) { return a.filter((row) => row[0] > 0); }'), [nested], env());
  assert.equal(describeAV(keep.returns), 'number[][]');
  const grid = inferFunction(parseFunction('function grid(n) { const rows = []; for (let i = 0; i < n; i++) rows.push(new Float64Array(n)); return rows; }'), [{ kind: 'i32' }], env());
  assert.equal(describeAV(grid.returns), 'number[][]');
});

test('compiled: map, reduce and filter over rows equal the plain function; filter keeps the caller\'s rows', () => {
  const m = (): number[][] => [[1, 2], [3, -4], [0.5, -0], [NaN, 6]];
  function shift(a: number[][], t: number): number[][] {
    return a.map((row) => row.map((x) => x + t));
  }
  function sums(a: number[][]): number[] {
    return a.map((row) => row.reduce((s, x) => s + x, 0));
  }
  function positive(a: number[][]): number[][] {
    return a.filter((row) => row[0]! > 0.7);
  }
  for (const t of [1, -0.5, 0]) assert.equal(differs(memoJit(shift)(m(), t), shift(m(), t)), undefined, `t = ${t}`);
  assert.equal(differs(memoJit(sums)(m()), sums(m())), undefined);
  const input = m();
  const kept = memoJit(positive)(input);
  assert.equal(differs(kept, positive(m())), undefined);
  assert.deepEqual(kept, [[1, 2], [3, -4]], 'by hand');
  assert.equal(kept[0], input[0], 'the same row objects, as JS\'s filter returns');
  assert.equal(kept[1], input[1]);
});

test('compiled: grids built with push, rows stored by index, slices share rows', () => {
  function grid(n: number): Float64Array[] {
    const rows = [];
    for (let i = 0; i < n; i++) rows.push(new Float64Array(n).fill(i));
    return rows;
  }
  assert.equal(differs(memoJit(grid)(3), grid(3)), undefined);
  assert.equal(memoJit(grid)(0).length, 0);
  function replace(a: number[][], i: number): number[][] {
    const b = a.slice();
    b[i] = [9, -9];
    return b;
  }
  const a = [[1, 2], [3, 4], [5, 6]];
  const got = memoJit(replace)(a, 1);
  assert.equal(differs(got, replace([[1, 2], [3, 4], [5, 6]], 1)), undefined);
  assert.equal(got[0], a[0], 'slice is a shallow copy');
  assert.deepEqual(a[1], [3, 4], 'the caller\'s matrix keeps its row');
});

// Arrays of rows made by Array(n) / new Array(n): holes until written, length n from the start, as in JS.
function forward(n: number, m: number): number[][] {
  const out = Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array(m);
    for (let j = 0; j < m; j++) row[j] = i * m - j / 2;
    out[i] = row;
  }
  return out;
}
/** numeric.js's dotMMsmall's shape: `var`s without initializer, filled from the end, rows of different lengths. */
function backward(n: number): number[][] {
  var i, j, out, row;
  out = new Array(n);
  for (i = n - 1; i >= 0; i--) {
    row = Array(i + 1);
    for (j = i; j >= 0; j--) row[j] = -j * (i + 0.5);
    out[i] = row;
  }
  return out;
}
/** Every other row left a hole, the returned array keeps it. */
function partial(n: number): number[][] {
  const out = new Array(n);
  for (let i = 0; i < n; i += 2) out[i] = [i, -i];
  return out;
}
/** A row written twice (the second one stays), and one row object at two positions. */
function twice(n: number, k: number): number[][] {
  const out = Array(n);
  const shared = [k];
  for (let i = 0; i < n; i++) {
    out[i] = [i];
    if (i % 2) out[i] = shared;
    else out[i] = [i, k, -k];
  }
  shared[0] = k + 1;
  return out;
}
/** Reads: a hole of the rows (its element read throws JS's TypeError), a hole of a row, the length before any write. */
function readHole(n: number, i: number): number {
  const out = Array(n);
  const before = out.length;
  const row = new Array(3);
  row[0] = 1;
  out[0] = row;
  return before * 100 + out.length * 10 + (row[1] === undefined ? 1 : 0) + out[i]![0]!;
}
/** A number[] made by Array(n), partly filled: its holes come back as holes, a hole read is undefined. */
function numbers(n: number): [number[], unknown] {
  const xs = Array(n);
  for (let i = n - 1; i > 0; i -= 2) xs[i] = i / 4;
  return [xs, xs[0]];
}
/** `var rows; rows = []` (an assignment, not a declaration) and a variable given `[]` or Array(n): the same rule. */
function assigned(n: number, c: boolean): number[][] {
  var rows;
  if (c) rows = [];
  else rows = Array(n);
  if (n > 1) rows = [];
  rows[0] = [n];
  return rows;
}

/** A variable of rows given a fresh `[]` or Array(n) after rows were stored into an earlier one (chunking). */
function chunks(n: number, size: number): number {
  let block = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    block.push([i, -i]);
    if (block.length === size) {
      sum += block[0]![0]! * 10 + block.length;
      if (i % 2) block = [];
      else block = Array(0);
    }
  }
  return sum + block.length / 100;
}

test('compiled: arrays of rows made by Array(n) equal the plain function (values, holes, length, exceptions)', () => {
  const cases: [string, (...a: never[]) => unknown, unknown[][]][] = [
    ['forward', forward as never, [[3, 2], [0, 4], [2, 0], [1, 1]]],
    ['backward', backward as never, [[4], [1], [0]]],
    ['partial', partial as never, [[5], [4], [1], [0]]],
    ['twice', twice as never, [[4, 2], [1, -0], [0, 1]]],
    ['readHole', readHole as never, [[3, 0], [3, 1], [3, 5], [1, 0]]],
    ['numbers', numbers as never, [[5], [4], [0], [1]]],
    ['assigned', assigned as never, [[1, true], [1, false], [3, false], [0, true]]],
    ['chunks', chunks as never, [[7, 2], [7, 3], [0, 2], [5, 1]]],
  ];
  for (const [name, fn, argLists] of cases) {
    const compiled = memoJit(fn);
    for (const args of argLists) {
      const outcome = (f: (...a: never[]) => unknown): unknown => {
        try {
          return { value: f(...(args as never[])) };
        } catch (e) {
          return { error: (e as Error).constructor.name, message: (e as Error).message };
        }
      };
      assert.equal(differs(outcome(compiled), outcome(fn)), undefined, `${name}(${args.join(', ')})`);
    }
    assert.ok(!Object.keys(compiled.inspect()).some((s) => s.includes('plain function')), `${name}: compiled, not run plain`);
  }
});

test('compiled Array(n) rows by hand: holes stay holes, length is n, a shared row is the same object', () => {
  const holes = memoJit(partial)(3);
  assert.equal(holes.length, 3);
  assert.deepEqual([0 in holes, 1 in holes, 2 in holes], [true, false, true]);
  assert.ok(Object.is(holes[0]![1], -0));
  assert.deepEqual(memoJit(backward)(3), [[-0], [-0, -1.5], [-0, -2.5, -5]], 'deepStrictEqual tells -0 from 0');
  const shared = memoJit(twice)(4, 2);
  assert.equal(shared[1], shared[3], 'one row object at two positions');
  assert.deepEqual(shared, [[0, 2, -2], [3], [2, 2, -2], [3]]);
  assert.throws(() => memoJit(readHole)(3, 1), { name: 'TypeError', message: "Cannot read properties of undefined (reading '0')" });
  assert.equal(memoJit(readHole)(3, 0), 3 * 100 + 3 * 10 + 1 + 1);
});

test('compiled: methods a number[][] or its rows lack, and a row mapped to booleans, are located errors', () => {
  const m = [[1, 2], [3, 4]];
  const sorted = compileError((a: number[][]) => a.sort(), [m]);
  assert.equal(sorted.detail, "a number[][] has no method 'sort' in compiled code (push, slice, and the callback methods)");
  assert.equal(sorted.construct, '.sort()');
  const reversed = compileError((a: number[][]) => a[0]!.reverse(), [m]);
  assert.equal(reversed.detail, "a row of a number[][] has no method 'reverse' in compiled code (push, slice, and the callback methods)");
  const signs = compileError((a: number[][]) => a.map((row) => row.map((x) => x > 0)), [m]);
  assert.match(signs.detail, /^map on a row of a number\[\]\[\] returns numbers in compiled code .*not a boolean$/);
  const objects = compileError((a: number[][]) => a.map((row) => ({ s: row[0]! })), [m]);
  assert.equal(objects.detail, 'map over the rows of a number[][] returns numbers, booleans or arrays of numbers in compiled code, not {s:f64}');
  assert.deepEqual(m, [[1, 2], [3, 4]], 'nothing ran on the caller\'s matrix');
});

/** Counts the rows Array(n) was given, skipping its holes as plain JS code would: by truthiness, or === undefined. */
function filledRows(n: number): number {
  const out = Array(n);
  for (let i = 1; i < n; i += 2) out[i] = [i];
  let truthy = 0, holes = 0;
  for (let i = 0; i < n; i++) {
    if (out[i]) truthy++;
    if (out[i] === undefined) holes++;
  }
  return truthy * 100 + holes;
}

test('compiled: the holes of Array(n) of rows are found as JS finds them (truthiness, === undefined)', () => {
  for (const n of [0, 1, 4, 5]) assert.equal(memoJit(filledRows)(n), filledRows(n), `filledRows(${n})`);
  // by hand: n = 5 fills 1 and 3 (2 truthy) and leaves 0, 2, 4 (3 holes)
  assert.equal(memoJit(filledRows)(5), 203);
  for (const backend of ['js', 'wasm'] as const) {
    for (const [rows, k] of [[[[1], []], 1], [[[1]], 3], [[[1]], -1], [[[2, 3]], 0]] as const) {
      agree(rowAt, memoJit({ backend })(rowAt), [rows, k], backend);
    }
    for (const n of [0, 1, 5, 7]) agree(skipHoles, memoJit({ backend })(skipHoles), [n], backend);
  }
  // by hand: rowAt([[1], []], 1) is an empty row (truthy, an object): 1 + 100 + 10000 + 0 * 1e5
  assert.equal(memoJit(rowAt)([[1], []], 1), 10101);
  // rowAt([[1]], 3) is past the end: undefined, 10 + 1000 - 1e5
  assert.equal(memoJit(rowAt)([[1]], 3), -98990);
});

/** Every test JS code writes of a row that may be missing (the caller's rows, read at any index). */
function rowAt(rows: number[][], k: number): number {
  let c = 0;
  if (rows[k]) c += 1;
  if (rows[k] === undefined) c += 10;
  if (rows[k] !== undefined) c += 100;
  if (typeof rows[k] === 'undefined') c += 1000;
  if (typeof rows[k] === 'object') c += 10000;
  return c + (rows[k] ? rows[k]!.length : -1) * 1e5;
}

/** Sums the rows stored at every third index of Array(n), skipping the holes with `!r`. */
function skipHoles(n: number): number {
  const out: number[][] = Array(n);
  for (let i = 0; i < n; i += 3) out[i] = [i, -0];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = out[i];
    if (!r) continue;
    s += r[0]! + r.length;
  }
  return s;
}

/** Appends v + i to each row i of the caller's rows; the caller sees the pushes. */
function appendToEach(rows: number[][], v: number): number {
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += rows[i]!.push(v + i);
  return total;
}
/** Deals 0..n-1 onto two local rows made by a nested literal, reading lengths as they grow. */
function deal(n: number): number[][] {
  const rows = [[], [-0]] as number[][];
  for (let i = 0; i < n; i++) {
    const row = rows[i % 2]!;
    row.push(i, row.length);
  }
  return rows;
}

test('compiled: push onto a row of a number[][], local or the caller\'s (the caller sees the writes; a typed-array row throws as JS does)', () => {
  for (const backend of ['js', 'wasm'] as const) {
    const each = memoJit({ backend })(appendToEach);
    // by hand: rows [[1], [2, 3], []] grow to lengths 2, 3, 1 → 6
    const rows = [[1], [2, 3], []];
    assert.equal(agree(appendToEach, each, [rows, 5], backend).value, 6);
    const caller = [[1], [2, 3], []];
    each(caller, 5);
    assert.deepEqual(caller, [[1, 5], [2, 3, 6], [7]]);
    // the same row twice: both pushes land in it
    const shared = [4];
    const aliased = [shared, shared];
    assert.equal(each(aliased, 1), 5);
    assert.deepEqual(shared, [4, 1, 2]);
    // a typed-array row has no push: the same TypeError as the plain function's
    assert.equal(describeError(agree(appendToEach, each, [[[1], Float64Array.of(2)], 5], backend).error), 'TypeError: rows[i].push is not a function');
  }
  // deal(5): row 0 gets 0,0 2,1 4,2; row 1 starts [-0], gets 1,1 3,3
  for (const n of [0, 1, 5]) agreeCompiled(deal, n);
  assert.deepEqual(memoJit(deal)(5), [[0, 0, 2, 2, 4, 4], [-0, 1, 1, 3, 3]]);
});
