// src/jit/infer/lattice.ts: inference's abstract values. Numbers are intervals with an "integer, never -0" flag,
// i32 only when both hold and the interval fits int32; constants that are not such integers stay exact for
// flow (exactNumber) but join as any double; joins are least upper bounds (or undefined when two values cannot
// share a variable); and each value has one IR type and one description. Expected values are worked out from
// the TSDoc's rules by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BOOLV, EXACT, FALSEV, FLOAT, INT32, INT_MAX, INT_MIN, MAX_LENGTH, avOfType, constAV, describeAV, elementAV, exactNumber,
  isI32, joinAV, numAV, sameAV, typeOf, type AV, type Callee,
} from '../../../src/jit/infer/lattice.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { F64 } from '../../../src/jit/types.js';
import { JitError } from '../../../src/index.js';

const row = (matrix: string, nullable: boolean, layout: 'nested' | 'array2d' = 'nested'): AV => ({ k: 'row', matrix, layout, nullable });
const callee = (src: string): Callee => {
  const parsed = parseFunction(src);
  return { kind: 'helper', parsed, scope: undefined, key: parsed.node };
};

test('the bounds: int32 limits, exact integers, longest array; the shared values are frozen', () => {
  assert.equal(INT_MIN, -(2 ** 31));
  assert.equal(INT_MAX, 2 ** 31 - 1);
  assert.equal(EXACT, 9007199254740992);
  assert.equal(MAX_LENGTH, INT_MAX);
  for (const v of [FLOAT, INT32, BOOLV]) assert.ok(Object.isFrozen(v));
  assert.deepEqual(INT32, { k: 'num', int: true, lo: INT_MIN, hi: INT_MAX });
  assert.deepEqual(FLOAT, { k: 'num', int: false, lo: -Infinity, hi: Infinity });
});

test('numAV: an integer interval, or any double; a NaN bound means nothing is known', () => {
  assert.deepEqual(numAV(0, 10, true), { k: 'num', int: true, lo: 0, hi: 10 });
  assert.deepEqual(numAV(-5, 2 ** 40, true), { k: 'num', int: true, lo: -5, hi: 2 ** 40 });
  assert.equal(numAV(0, 10, false), FLOAT);
  assert.equal(numAV(NaN, 3, true), FLOAT, 'Infinity − Infinity as a bound');
  assert.equal(numAV(0, NaN, true), FLOAT);
});

test('constAV and exactNumber: integers are point intervals; -0, fractions, huge values and NaN stay exact', () => {
  assert.deepEqual(constAV(7), numAV(7, 7, true));
  assert.deepEqual(constAV(-3), numAV(-3, -3, true));
  assert.deepEqual(constAV(2 ** 53), numAV(2 ** 53, 2 ** 53, true), 'the largest exact integer is still an interval');
  for (const v of [-0, 0.5, 2 ** 53 + 2, -(2 ** 60), Number.MAX_VALUE, Infinity, NaN]) {
    const av = constAV(v);
    assert.ok(av.k === 'num' && !av.int && av.lo === -Infinity && av.hi === Infinity, `${v} is any double to the rules`);
    assert.ok(Object.is(exactNumber(av), v), `${v} is known exactly`);
    assert.equal(isI32(av), false);
  }
  assert.equal(exactNumber(constAV(7)), 7);
  assert.equal(exactNumber(numAV(0, 1, true)), undefined, 'an interval of two values');
  assert.equal(exactNumber(FLOAT), undefined);
  assert.equal(exactNumber(BOOLV), undefined);
  assert.equal(exactNumber(undefined), undefined);
  // two constants join to FLOAT itself, which no longer knows either value
  const j = joinAV(constAV(0.5), constAV(0.25));
  assert.equal(j, FLOAT);
  assert.equal(exactNumber(j), undefined);
  const half = constAV(0.5);
  assert.equal(joinAV(half, half), half, 'a value joined with itself');
});

test('isI32 and typeOf: an integer interval inside int32 is i32; every other kind has its IR type', () => {
  assert.equal(isI32(numAV(INT_MIN, INT_MAX, true)), true);
  assert.equal(isI32(numAV(0, 2 ** 31, true)), false);
  assert.equal(isI32(numAV(INT_MIN - 1, 0, true)), false);
  assert.equal(isI32(FLOAT), false);
  assert.equal(isI32(BOOLV), false);
  const shape = makeShape([{ name: 'x', type: F64 }]);
  const cases: [AV, unknown][] = [
    [numAV(0, 255, true), { kind: 'i32' }],
    [numAV(0, 2 ** 32 - 1, true), { kind: 'f64' }],
    [FLOAT, { kind: 'f64' }],
    [BOOLV, { kind: 'bool' }],
    [{ k: 'array', element: 'u8' }, { kind: 'array', element: 'u8' }],
    [{ k: 'matrix', layout: 'array2d', name: 'm' }, { kind: 'matrix', layout: 'array2d' }],
    [row('m', true), { kind: 'row', matrix: 'm', nullable: true }],
    [{ k: 'null' }, { kind: 'null' }],
    [{ k: 'tuple', items: [numAV(1, 2, true), FLOAT, BOOLV] }, { kind: 'tuple', items: [{ kind: 'i32' }, { kind: 'f64' }, { kind: 'bool' }] }],
    [{ k: 'obj', shape }, { kind: 'object', shape }],
    [{ k: 'objs', shape }, { kind: 'objects', shape }],
    [{ k: 'void' }, { kind: 'void' }],
    [{ k: 'fn', callee: callee('(x) => x') }, { kind: 'void' }],
    [{ k: 'buffer' }, { kind: 'buffer' }],
    [{ k: 'str' }, { kind: 'string' }],
  ];
  for (const [av, type] of cases) assert.deepEqual(typeOf(av), type, JSON.stringify(av, (k, v) => (k === 'callee' || k === 'shape' ? '…' : v)));
});

test('describeAV: the words of error messages', () => {
  assert.equal(describeAV(numAV(0, 9, true)), 'an integer');
  assert.equal(describeAV(numAV(0, 2 ** 40, true)), 'a number');
  assert.equal(describeAV(FLOAT), 'a number');
  assert.equal(describeAV(BOOLV), 'a boolean');
  assert.equal(describeAV({ k: 'void' }), 'undefined');
  assert.equal(describeAV({ k: 'str' }), 'a string');
  assert.equal(describeAV({ k: 'fn', callee: callee('(x) => x') }), 'a function');
  assert.equal(describeAV({ k: 'array', element: 'f32' }), 'Float32Array');
  assert.equal(describeAV({ k: 'array', element: 'num' }), 'number[]');
  assert.equal(describeAV({ k: 'matrix', layout: 'nested', name: 'm' }), 'number[][]');
  assert.equal(describeAV({ k: 'tuple', items: [FLOAT, BOOLV] }), '(f64, bool)');
  assert.equal(describeAV({ k: 'obj', shape: makeShape([{ name: 'x', type: F64 }]) }), '{x:f64}');
});

test('joinAV on numbers: the hull of integers (an operand when it is already the hull), any double otherwise', () => {
  const a = numAV(0, 10, true), b = numAV(3, 5, true);
  assert.equal(joinAV(a, b), a, 'a contains b: a itself');
  assert.equal(joinAV(b, a), a);
  assert.deepEqual(joinAV(numAV(0, 1, true), numAV(5, 9, true)), numAV(0, 9, true));
  assert.deepEqual(joinAV(numAV(-4, 1, true), numAV(-9, 0, true)), numAV(-9, 1, true));
  assert.equal(joinAV(a, FLOAT), FLOAT);
  assert.equal(joinAV(FLOAT, a), FLOAT);
  assert.deepEqual(joinAV(a, BOOLV), { k: 'numbool', maybeTrue: true }, 'a number and a boolean: the JS value itself');
  assert.equal(joinAV(FLOAT, { k: 'void' }), undefined);
});

test('joinAV on other kinds: same kind and identity join, rows join null into a nullable row', () => {
  assert.equal(joinAV(BOOLV, { k: 'bool' }), BOOLV);
  assert.deepEqual(joinAV({ k: 'str' }, { k: 'str' }), { k: 'str' });
  const f64s: AV = { k: 'array', element: 'f64' };
  assert.equal(joinAV(f64s, { k: 'array', element: 'f64' }), f64s);
  assert.equal(joinAV(f64s, { k: 'array', element: 'f32' }), undefined);
  assert.equal(joinAV({ k: 'matrix', layout: 'nested', name: 'a' }, { k: 'matrix', layout: 'nested', name: 'b' }), undefined, 'two matrices');
  // rows
  assert.deepEqual(joinAV({ k: 'null' }, row('m', false)), row('m', true));
  assert.deepEqual(joinAV(row('m', false), { k: 'null' }), row('m', true));
  const nullable = row('m', true);
  assert.equal(joinAV(nullable, row('m', false)), nullable);
  assert.equal(joinAV(row('m', false), nullable), nullable);
  assert.equal(joinAV(row('m', false), row('n', false)), undefined, 'rows of two matrices');
  // tuples: element by element, same length only
  assert.deepEqual(joinAV({ k: 'tuple', items: [numAV(0, 1, true), BOOLV] }, { k: 'tuple', items: [numAV(4, 4, true), BOOLV] }), { k: 'tuple', items: [numAV(0, 4, true), BOOLV] });
  assert.equal(joinAV({ k: 'tuple', items: [FLOAT] }, { k: 'tuple', items: [FLOAT, FLOAT] }), undefined);
  assert.equal(joinAV({ k: 'tuple', items: [FLOAT] }, { k: 'tuple', items: [{ k: 'str' }] }), undefined);
  // functions by identity, objects by shape
  const f = callee('(x) => x'), g = callee('(x) => x');
  assert.ok(joinAV({ k: 'fn', callee: f }, { k: 'fn', callee: f }));
  assert.equal(joinAV({ k: 'fn', callee: f }, { k: 'fn', callee: g }), undefined, 'the same source, two functions');
  const s1 = makeShape([{ name: 'x', type: F64 }]), s2 = makeShape([{ name: 'y', type: F64 }]);
  assert.ok(joinAV({ k: 'obj', shape: s1 }, { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }]) }));
  assert.equal(joinAV({ k: 'obj', shape: s1 }, { k: 'obj', shape: s2 }), undefined);
  assert.equal(joinAV({ k: 'obj', shape: s1 }, { k: 'objs', shape: s1 }), undefined);
});

test('a number joined with a boolean is numbool, the JS value itself; the literal false (FALSEV) keeps it never true', () => {
  const numOrFalse: AV = { k: 'numbool', maybeTrue: false };
  const numOrBool: AV = { k: 'numbool', maybeTrue: true };
  assert.ok(Object.isFrozen(FALSEV));
  assert.deepEqual(FALSEV, BOOLV, 'a boolean to every rule but the join');
  assert.deepEqual(joinAV(FALSEV, FLOAT), numOrFalse);
  assert.deepEqual(joinAV(numAV(0, 3, true), FALSEV), numOrFalse);
  assert.deepEqual(joinAV(BOOLV, FLOAT), numOrBool);
  assert.deepEqual(joinAV(joinAV(FALSEV, FLOAT)!, BOOLV), numOrBool, 'then true may come');
  assert.deepEqual(joinAV(joinAV(FALSEV, FLOAT)!, FALSEV), numOrFalse);
  assert.deepEqual(joinAV(joinAV(BOOLV, FLOAT)!, joinAV(FALSEV, FLOAT)!), numOrBool);
  assert.equal(joinAV(FALSEV, BOOLV), BOOLV, 'false and another boolean may be true');
  assert.equal(joinAV(BOOLV, FALSEV), BOOLV);
  assert.equal(joinAV(FALSEV, FALSEV), FALSEV);
  assert.equal(joinAV(joinAV(FALSEV, FLOAT)!, { k: 'str' }), undefined, 'a string never joins');
  assert.equal(joinAV(joinAV(FALSEV, FLOAT)!, { k: 'array', element: 'f64' }), undefined);
  assert.deepEqual(typeOf(numOrFalse), { kind: 'numbool' });
  assert.equal(describeAV(numOrFalse), 'a number or false');
  assert.equal(describeAV(numOrBool), 'a number or a boolean');
  // the fixed point compares states: false is not every boolean, nor is a union that may be true one that may not
  assert.equal(sameAV(BOOLV, FALSEV), false);
  assert.equal(sameAV(FALSEV, BOOLV), false);
  assert.equal(sameAV(BOOLV, { k: 'bool' }), true);
  assert.equal(sameAV(numOrFalse, numOrBool), false);
  assert.equal(sameAV(numOrBool, numOrFalse), false);
  assert.equal(sameAV(numOrFalse, { k: 'numbool', maybeTrue: false }), true);
  assert.throws(() => avOfType({ kind: 'numbool' }, 'x'), JitError, 'never an argument: arguments have one type per signature');
});

test('sameAV: equal by value, not by identity', () => {
  assert.equal(sameAV(numAV(0, 3, true), numAV(0, 3, true)), true);
  assert.equal(sameAV(numAV(0, 3, true), numAV(0, 4, true)), false);
  assert.equal(sameAV(FLOAT, constAV(0.5)), true, 'a float constant is any double to the rules');
  assert.equal(sameAV(row('m', false), row('m', false)), true);
  assert.equal(sameAV(row('m', false), row('m', true)), false);
  assert.equal(sameAV({ k: 'tuple', items: [FLOAT, BOOLV] }, { k: 'tuple', items: [FLOAT, { k: 'bool' }] }), true);
  assert.equal(sameAV({ k: 'tuple', items: [FLOAT] }, { k: 'tuple', items: [BOOLV] }), false);
  assert.equal(sameAV({ k: 'array', element: 'f64' }, { k: 'array', element: 'f64' }), true);
  assert.equal(sameAV({ k: 'array', element: 'f64' }, { k: 'array', element: 'i32' }), false);
  assert.equal(sameAV(undefined, undefined), true);
  assert.equal(sameAV(FLOAT, undefined), false);
  assert.equal(sameAV(FLOAT, BOOLV), false);
});

test('avOfType: what inference assumes of an argument of each type; unsupported types are a JitError', () => {
  assert.equal(avOfType({ kind: 'i32' }, 'n'), INT32);
  assert.equal(avOfType({ kind: 'f64' }, 'x'), FLOAT);
  assert.equal(avOfType({ kind: 'bool' }, 'b'), BOOLV);
  assert.deepEqual(avOfType({ kind: 'array', element: 'u16' }, 'xs'), { k: 'array', element: 'u16' });
  assert.deepEqual(avOfType({ kind: 'matrix', layout: 'nested' }, 'points'), { k: 'matrix', layout: 'nested', name: 'points' }, 'a matrix is known by its parameter\'s name');
  assert.deepEqual(avOfType({ kind: 'null' }, 'z'), { k: 'null' });
  assert.deepEqual(avOfType({ kind: 'string' }, 's'), { k: 'str' });
  const shape = makeShape([{ name: 'x', type: F64 }]);
  assert.deepEqual(avOfType({ kind: 'object', shape }, 'o'), { k: 'obj', shape });
  assert.deepEqual(avOfType({ kind: 'objects', shape }, 'os'), { k: 'objs', shape });
  assert.throws(() => avOfType({ kind: 'void' }, 'v'), (e: unknown) => e instanceof JitError && e.construct === 'argument' && /arguments of type void are not supported/.test(e.message));
});

test('elementAV: integer element kinds read as their range, floats as any double, booleans as booleans', () => {
  assert.deepEqual(elementAV('u8'), numAV(0, 255, true));
  assert.deepEqual(elementAV('u8c'), numAV(0, 255, true));
  assert.deepEqual(elementAV('i8'), numAV(-128, 127, true));
  assert.deepEqual(elementAV('i16'), numAV(-32768, 32767, true));
  assert.deepEqual(elementAV('u16'), numAV(0, 65535, true));
  assert.deepEqual(elementAV('i32'), INT32);
  const u32 = elementAV('u32');
  assert.deepEqual(u32, numAV(0, 2 ** 32 - 1, true));
  assert.equal(isI32(u32), false, 'a Uint32Array element may pass int32');
  assert.equal(elementAV('f64'), FLOAT);
  assert.equal(elementAV('f32'), FLOAT);
  assert.equal(elementAV('num'), FLOAT);
  assert.equal(elementAV('bool'), BOOLV);
});

test('null and an object join into an object that may be null; that and the object join into it too', () => {
  class LatticeNode {}
  const shape = makeShape([{ name: 'v', type: F64 }, { name: 'next', type: null, self: true }], LatticeNode.prototype);
  const obj: AV = { k: 'obj', shape };
  const maybe: AV = { k: 'obj', shape, nullable: true };
  const NULL: AV = { k: 'null' };
  // either order, and the join is idempotent: null ∪ obj = obj|null = obj ∪ obj|null
  assert.deepEqual(joinAV(NULL, obj), maybe);
  assert.deepEqual(joinAV(obj, NULL), maybe);
  assert.equal(joinAV(maybe, obj), maybe);
  assert.equal(joinAV(obj, maybe), maybe);
  assert.equal(joinAV(maybe, NULL), maybe);
  // another shape does not join, null or not
  const other: AV = { k: 'obj', shape: makeShape([{ name: 'w', type: F64 }]) };
  assert.equal(joinAV(maybe, other), undefined);
  // sameAV tells them apart by nullability; the IR type carries it, and back
  assert.equal(sameAV(obj, maybe), false);
  assert.equal(sameAV(maybe, { k: 'obj', shape, nullable: true }), true);
  assert.deepEqual(typeOf(maybe), { kind: 'object', shape, nullable: true });
  assert.deepEqual(typeOf(obj), { kind: 'object', shape });
  assert.deepEqual(avOfType({ kind: 'object', shape, nullable: true }, 'x'), maybe);
  assert.equal(describeAV(maybe), '{v:f64,next:self|null}@LatticeNode | null');
  // an array of objects that may hold null: its own flag, joined the same way
  const objs: AV = { k: 'objs', shape };
  const objsMaybe: AV = { k: 'objs', shape, nullable: true };
  assert.equal(joinAV(objs, objsMaybe), objsMaybe);
  assert.equal(describeAV(objsMaybe), '({v:f64,next:self|null}@LatticeNode | null)[]');
  assert.equal(joinAV(NULL, objs), undefined, 'null is not an array');
});
