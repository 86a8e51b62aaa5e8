// src/jit/ops/absent-fields.ts: fields a shape lacks that compiled code reads anyway (`o.w` on `{x, y}`), read
// as JavaScript reads them (`undefined`, through arithmetic, `??`, comparisons and tests). Checked: the rules of
// the table (names every object inherits are never absent; one live list per shape), `absentStillFit`, and
// through memoJit against the plain function: objects without the field, with it, with it holding undefined,
// and an object given the field as a string after its first call, which must not be read as a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absentReads, absentStillFit, isAbsentRead, readAbsent, readUndefinedField } from '../../../src/jit/ops/absent-fields.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { JitError, memoJit } from '../../../src/index.js';

test('inherited names are never absent; noted names go on the shape\'s one live list', () => {
  const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }]);
  const live = absentReads(shape.token);
  assert.equal(readAbsent(shape, 'toString'), false, 'every object has it');
  assert.equal(readAbsent(shape, 'call'), false, 'Function.prototype\'s names too');
  assert.equal(readAbsent(shape, 'prototype'), false);
  assert.equal(readAbsent(shape, 'depth'), true);
  assert.equal(readAbsent(shape, 'depth'), true);
  assert.deepEqual(live, ['depth'], 'the list handed out earlier sees the name, once');
  assert.equal(isAbsentRead(shape, 'depth'), true);
  assert.equal(isAbsentRead(makeShape([{ name: 'y', type: { kind: 'f64' } }]), 'depth'), false, 'another shape, another list');
  assert.equal(readUndefinedField(shape, 'x'), false, 'a typed field is not an undefined one');
  assert.equal(readUndefinedField(shape, 'nope'), false, 'not a field at all');
});

test('absentStillFit: absent, undefined or a number still fit; anything else does not', () => {
  assert.equal(absentStillFit({ x: 1 }, ['w']), true);
  assert.equal(absentStillFit({ x: 1, w: undefined }, ['w']), true);
  assert.equal(absentStillFit({ x: 1, w: NaN }, ['w']), true);
  assert.equal(absentStillFit({ x: 1, w: '3' }, ['w']), false);
  assert.equal(absentStillFit({ x: 1, w: null }, ['w']), false, 'null is not undefined');
  assert.equal(absentStillFit({ w: 2, z: {} }, ['w', 'z']), false);
  assert.equal(absentStillFit({}, []), true);
});

interface P { x: number; y: number; w?: unknown }

test('compiled reads of a missing field equal the plain function\'s, object by object', () => {
  function weight(p: P): number {
    const w = (p.w as number | undefined) ?? 1;
    const flag = p.w === undefined ? 100 : 0;
    return (p.x + p.y) * w + flag + ((p.w as number) > 0 ? 1000 : 0);
  }
  const jit = memoJit(weight);
  const cases: P[] = [{ x: 1, y: 2 }, { x: 1, y: 2, w: 3 }, { x: 1, y: 2, w: undefined }, { x: -1, y: 0.5, w: -2 }, { x: 1, y: 2 }];
  for (const p of cases) assert.ok(Object.is(jit(p), weight(p)), JSON.stringify(p));
});

test('an object given the field as a string after its first call is not read as a number', () => {
  function total(p: P): number {
    return p.x + ((p.w as number | undefined) ?? 0);
  }
  const jit = memoJit(total);
  const p: P = { x: 1, y: 0 };
  assert.equal(jit(p), 1);
  p.w = '5';
  // Plain JS concatenates: 1 + '5' is '15'. The object is classified again (its shape no longer fits) and the
  // string field is refused with its position: never 6, never a number read from a string.
  assert.equal(total(p), '15' as unknown as number);
  assert.throws(() => jit(p), (e: unknown) => e instanceof JitError && /absent-fields\.test\.ts:\d+:\d+: .*the field 'w' holds a string/.test(e.message));
});
