// Array methods in compiled code (the rows of src/jit/ops/arrays.ts) give plain JavaScript's answers and leave
// the arrays as plain JavaScript does (issue 19, lower mutant: a method call on an array must not be taken
// for a Math function). Each method is called on an identifier, as researchers write it. The table itself:
// which arrays have each method (typed, plain, both; never an inherited Object name), the argument counts, the
// values inference gets (lengths and indices as integer ranges) and the sentences of the arguments it refuses;
// which methods write their receiver; and the located JitErrors a compiled call gives for each refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memoJit } from '../../../src/index.js';
import { ARRAY_METHODS, arrayMethod, arrayMethodWrites, type ArrayMethodRow } from '../../../src/jit/ops/arrays.js';
import { catchJit } from '../../_support/jit-error.js';
import type { AV } from '../../../src/jit/infer/lattice.js';

function agree<A extends unknown[]>(f: (...args: A) => number, make: () => A): void {
  const plainArgs = make();
  const compiledArgs = make();
  const want = f(...plainArgs);
  const got = memoJit(f)(...compiledArgs);
  assert.ok(Object.is(got, want), `${f.name}: ${got} vs ${want}`);
  assert.deepEqual(compiledArgs, plainArgs, `${f.name}: the arrays after the call`);
}

const data = (): [Float64Array] => [Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6])];

test('search methods on a typed array: indexOf, lastIndexOf, includes, with and without a start', () => {
  agree(function search(xs: Float64Array) {
    return xs.indexOf(1) * 1000 + xs.lastIndexOf(1) * 100 + xs.indexOf(1, 2) * 10 + (xs.includes(9) ? 1 : 0) + (xs.includes(7, 0) ? 5 : 0) + xs.indexOf(8);
  }, data);
});

test('fill, reverse, slice, subarray and set change and copy as plain JavaScript does', () => {
  agree(function reshape(xs: Float64Array) {
    const head = xs.slice(0, 3);
    const view = xs.subarray(4, 8);
    view.reverse();
    xs.fill(0, 0, 2);
    const copy = new Float64Array(8);
    copy.set(xs, 0);
    return head[0]! * 100 + view[0]! * 10 + copy[1]! + copy[7]! / 10;
  }, data);
});

test('push and pop on a number[] change its length as in plain JavaScript', () => {
  agree(function stack(n: number, out: number[]) {
    for (let i = 0; i < n; i++) out.push(i * i);
    const last = out.pop()!;
    return last + out.length * 1000;
  }, () => [5, [0.5] as number[]] as [number, number[]]);
});

test('NaN, -0, negative positions and int conversions follow V8 on typed and boolean arrays', () => {
  agree(function nanSearch(xs: Float64Array) {
    return xs.indexOf(NaN) * 100 + (xs.includes(NaN) ? 10 : 0) + xs.lastIndexOf(-0) + xs.indexOf(0, -2);
  }, () => [Float64Array.of(0, NaN, 2, -0, 0)] as [Float64Array]);
  agree(function intFill(xs: Int32Array) {
    xs.fill(7.9, -3, -1);
    xs.fill(-2.5, 0, 1);
    return xs[0]! * 1000 + xs[5]! * 10 + xs[6]! + xs.slice(-2)[0]! * 0.5;
  }, () => [new Int32Array(8)] as [Int32Array]);
  agree(function flags(bs: boolean[]) {
    bs.push(true, false);
    const last = bs.pop()!;
    bs.reverse();
    return (last ? 1 : 0) + bs.indexOf(true) * 10 + bs.lastIndexOf(false) * 100 + (bs.includes(false) ? 1000 : 0) + bs.length * 1e4;
  }, () => [[false, false, true]] as [boolean[]]);
});

const ON = (element: string): Extract<AV, { k: 'array' }> => ({ k: 'array', element } as Extract<AV, { k: 'array' }>);
const NUM: AV = { k: 'num', int: false, lo: -Infinity, hi: Infinity };
const INT: AV = { k: 'num', int: true, lo: 0, hi: 3 };
const BOOL: AV = { k: 'bool' };
const row = (name: string, element: string): ArrayMethodRow => {
  const r = arrayMethod(name, ON(element));
  assert.equal(typeof r, 'object', `${name} on ${element}: ${String(r)}`);
  return r as ArrayMethodRow;
};

test('which arrays have which method: plain-only, typed-only and both', () => {
  const table: Array<[string, boolean, boolean]> = [ // name, on a Float64Array, on a number[]
    ['fill', true, true], ['push', false, true], ['pop', false, true], ['indexOf', true, true], ['lastIndexOf', true, true],
    ['includes', true, true], ['slice', true, true], ['subarray', true, false], ['set', true, false], ['reverse', true, true],
  ];
  assert.deepEqual(Object.keys(ARRAY_METHODS).sort(), table.map(([n]) => n).sort());
  for (const [name, typed, plain] of table) {
    for (const [element, has] of [['f64', typed], ['u8c', typed], ['num', plain], ['bool', plain]] as const) {
      assert.equal(typeof arrayMethod(name, ON(element)) === 'object', has, `${name} on ${element}`);
    }
  }
  assert.equal(arrayMethod('push', ON('i32')), 'push exists on number[] and boolean[] only (typed arrays have a fixed length)');
  assert.equal(arrayMethod('subarray', ON('num')), 'subarray exists on typed arrays only');
});

test('a name with no row, inherited Object names included, is refused with the list of methods and sort', () => {
  const want = (name: string): string => `arrays have no method '${name}' in compiled code (fill, push, pop, indexOf, lastIndexOf, includes, slice, subarray, set, reverse, sort)`;
  for (const name of ['splice', 'map', 'toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf']) {
    assert.equal(arrayMethod(name, ON('f64')), want(name), name);
  }
});

test('argument counts, inclusive', () => {
  const arity: Record<string, [number, number]> = {
    fill: [1, 3], push: [1, 8], pop: [0, 0], indexOf: [1, 2], lastIndexOf: [1, 2], includes: [1, 2],
    slice: [0, 2], subarray: [0, 2], set: [1, 2], reverse: [0, 0],
  };
  for (const [name, r] of Object.entries(ARRAY_METHODS)) assert.deepEqual(r.arity, arity[name], name);
});

test('what inference gets: lengths and indices as integer ranges, booleans, the receiver, void', () => {
  const max = 2 ** 31 - 1;
  assert.deepEqual(row('push', 'num').result(ON('num'), [NUM, INT]), { k: 'num', int: true, lo: 0, hi: max });
  for (const m of ['indexOf', 'lastIndexOf']) assert.deepEqual(row(m, 'f64').result(ON('f64'), [NUM, INT]), { k: 'num', int: true, lo: -1, hi: max - 1 });
  assert.deepEqual(row('includes', 'f64').result(ON('f64'), [NUM]), BOOL);
  assert.deepEqual(row('pop', 'bool').result(ON('bool'), []), BOOL);
  assert.deepEqual(row('pop', 'num').result(ON('num'), []), NUM);
  for (const m of ['fill', 'slice', 'reverse']) assert.deepEqual(row(m, 'i16').result(ON('i16'), m === 'fill' ? [INT] : []), ON('i16'), m);
  assert.deepEqual(row('subarray', 'f32').result(ON('f32'), [INT, INT]), ON('f32'));
  assert.deepEqual(row('set', 'f64').result(ON('f64'), [ON('i32'), INT]), { k: 'void' });
  assert.deepEqual(row('fill', 'bool').result(ON('bool'), [BOOL, INT, INT]), ON('bool'));
});

test('the arguments each row refuses, with its sentence', () => {
  const error = (name: string, element: string, args: AV[]): unknown => row(name, element).result(ON(element), args);
  assert.deepEqual(error('fill', 'f64', [BOOL]), { error: 'an element of a typed array is a number' });
  assert.deepEqual(error('fill', 'num', [NUM, BOOL]), { error: 'its positions are numbers' });
  assert.deepEqual(error('push', 'num', [NUM, BOOL]), { error: 'an element of number[] is a number' });
  assert.deepEqual(error('push', 'bool', [NUM]), { error: 'an element of boolean[] is a boolean' });
  // an object: the table says a number (an object pushed into a made [] never reaches the row: infer/object-arrays.ts)
  assert.deepEqual(error('push', 'num', [{ k: 'obj' } as unknown as AV]), { error: 'an element of number[] is a number' });
  assert.deepEqual(error('indexOf', 'bool', [NUM]), { error: 'an element of boolean[] is a boolean' });
  assert.deepEqual(error('includes', 'u8', [NUM, BOOL]), { error: 'its positions are numbers' });
  assert.deepEqual(error('slice', 'f64', [INT, BOOL]), { error: 'its positions are numbers' });
  assert.deepEqual(error('set', 'f64', [NUM]), { error: 'set copies from an array of numbers' });
  assert.deepEqual(error('set', 'f64', [ON('bool')]), { error: 'set copies from an array of numbers' });
  assert.deepEqual(error('set', 'f64', [ON('f64'), BOOL]), { error: 'its positions are numbers' });
});

test('arrayMethodWrites: fill, push, pop, set, reverse and sort change the receiver; nothing else does', () => {
  for (const name of ['fill', 'push', 'pop', 'set', 'reverse', 'sort']) assert.equal(arrayMethodWrites(name), true, name);
  for (const name of ['indexOf', 'lastIndexOf', 'includes', 'slice', 'subarray', 'splice', 'constructor', 'toString']) assert.equal(arrayMethodWrites(name), false, name);
});

const here = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
const lineOf = (mark: string): number => here.findIndex((l) => l.includes(mark)) + 1;

function growTyped(xs: Float64Array): number {
  return (xs as unknown as number[]).push(1); // MARK-push-typed
}
function tooMany(xs: Float64Array): number {
  return (xs.indexOf as (...a: number[]) => number)(1, 2, 3); // MARK-arity
}
function unknownMethod(xs: number[]): number {
  return xs.splice(0, 1).length; // MARK-splice
}
function fillBool(xs: Float64Array): number {
  xs.fill(true as unknown as number); // MARK-fill-bool
  return xs[0]!;
}

test('a compiled call the table refuses is a located JitError with the table\'s sentence', () => {
  const cases: Array<[(xs: never) => number, unknown, string, RegExp]> = [
    [growTyped as never, new Float64Array(2), 'MARK-push-typed', /push exists on number\[\] and boolean\[\] only/],
    [tooMany as never, new Float64Array(2), 'MARK-arity', /indexOf takes 1 to 2 arguments in compiled code/],
    [unknownMethod as never, [1, 2], 'MARK-splice', /arrays have no method 'splice' in compiled code/],
    [fillBool as never, new Float64Array(2), 'MARK-fill-bool', /an element of a typed array is a number/],
  ];
  for (const [fn, arg, mark, message] of cases) {
    const e = catchJit(() => memoJit(fn)(arg as never));
    assert.match(e.message, message, mark);
    assert.equal(e.line, lineOf(mark), `${mark}: the line of the call`);
  }
});
