// An element read past the end of an array of objects is `undefined` in JavaScript, so a test of it
// (`p === undefined`, `p == null`, `typeof p`) is decided at run time, not by the element's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

test('an undefined test of an element of an array of objects is decided at run time (past the end: true)', () => {
  function isMissing(ps: Array<{ x: number }>, i: number): boolean {
    return ps[i] === undefined;
  }
  function xOr(ps: Array<{ x: number }>, i: number): number {
    const p = ps[i];
    return p === undefined ? -1 : p!.x;
  }
  function xOrNullish(ps: Array<{ x: number }>, i: number): number {
    const p = ps[i];
    if (p == null) return -1;
    return p.x;
  }
  function kind(ps: Array<{ x: number }>, i: number): boolean {
    return typeof ps[i] === 'object';
  }
  const ps = [{ x: 1.5 }, { x: 2 }];
  for (const f of [isMissing, xOr, xOrNullish, kind] as Array<(ps: Array<{ x: number }>, i: number) => unknown>) {
    const c = memoJit(f);
    for (const i of [0, 1, 2, -1, 7]) assert.ok(Object.is(c(ps, i), f(ps, i)), `${f.name}(ps, ${i})`);
  }
});

test('an object argument and an omitted one give their undefined test\'s answer', () => {
  function orDefault(p?: { x: number }): number {
    return p === undefined ? 0 : p.x;
  }
  const c = memoJit(orDefault);
  assert.equal(c({ x: 3 }), 3);
  assert.equal(c(), 0);
});

test('?? on an element of an array of objects takes the right side past the end, as in JavaScript', () => {
  function xOrFirst(ps: Array<{ x: number }>, i: number): number {
    return (ps[i] ?? ps[0]!).x;
  }
  const c = memoJit(xOrFirst);
  const ps = [{ x: 1.5 }, { x: -0 }];
  for (const i of [0, 1, 2, 9]) assert.ok(Object.is(c(ps, i), xOrFirst(ps, i)), `xOrFirst(ps, ${i})`);
});
