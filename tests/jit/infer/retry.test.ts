// src/jit/infer/retry.ts: the signal that inference runs a function again with more facts. Checked: it is an
// Error carrying the literal it is about, with an internal message; and through memoJit the cases that raise it
// (an empty array literal that turns out to hold rows, `const m = []; m.push(row)`) compile and equal the plain
// function, the signal never reaching the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetryWithRows } from '../../../src/jit/infer/retry.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { memoJit } from '../../../src/index.js';

test('RetryWithRows is an Error naming the literal it found rows in', () => {
  const literal = parseFunction('function f() { const m = []; }').body.body[0].declarations[0].init;
  const e = new RetryWithRows(literal);
  assert.ok(e instanceof Error);
  assert.equal(e.literal, literal);
  assert.match(e.message, /^internal: an empty array literal holds rows; inference runs again$/);
});

test('compiled, rows pushed into an empty literal give the plain result; the retry never escapes', () => {
  function outer(xs: Float64Array, ys: Float64Array): number[][] {
    const m = [];
    for (let i = 0; i < xs.length; i++) {
      const row = [];
      for (let j = 0; j < ys.length; j++) row.push(xs[i]! * ys[j]!);
      m.push(row);
    }
    return m;
  }
  function columns(n: number): number {
    const cols = [];
    for (let j = 0; j < n; j++) cols.push([j, j * j]);
    let s = 0;
    for (const c of cols) s += c[0]! + c[1]!;
    return s;
  }
  const jo = memoJit(outer), jc = memoJit(columns);
  const xs = Float64Array.from([1, 2, 3]), ys = Float64Array.from([0.5, -1]);
  assert.deepEqual(jo(xs, ys), outer(xs, ys));
  assert.deepEqual(jo(new Float64Array(0), ys), []);
  for (const n of [0, 1, 5]) assert.equal(jc(n), columns(n));
});
