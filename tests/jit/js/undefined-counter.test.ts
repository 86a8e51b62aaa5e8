// Issue 11, item 1: `if (c) v += k` on a local that may hold undefined (a read past the end of an integer
// typed array) must stay undefined where the plain function leaves it undefined, and compare like it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

test('a conditional update of a possibly-undefined integer read keeps undefined, as the plain function does', () => {
  function f(xs: Int32Array): number {
    let v = xs[5]!;
    if (xs.length > 100) v += 1;
    return v;
  }
  const cf = memoJit(f);
  const xs = new Int32Array(2);
  assert.equal(cf(xs), f(xs));
  assert.equal(cf(xs), undefined);
  const big = Int32Array.from({ length: 200 }, (_, i) => i);
  assert.equal(cf(big), f(big));
});

test('an undefined that survives a skipped update compares like the plain function', () => {
  function g(xs: Int32Array, ys: Int32Array): number {
    let v = xs[5]!;
    if (xs.length > 100) v -= 2;
    return v === ys[9] ? 1 : 2;
  }
  const cg = memoJit(g);
  const xs = new Int32Array(2);
  const ys = new Int32Array(3);
  assert.equal(cg(xs, ys), g(xs, ys));
  assert.equal(cg(xs, ys), 1);
});

test('an i32 local holding a read past the end stays undefined through a conditional sum', () => {
  function h(xs: Int32Array, n: number): number {
    let s = 0;
    const k = xs[7]!;
    for (let i = 0; i < n; i++) if (i > 1000) s += k;
    let t = k;
    if (n > 1000) t += 3;
    return t === xs[9] ? s - 1 : s; // both undefined in the plain function
  }
  const ch = memoJit(h);
  const xs = new Int32Array(2);
  assert.equal(ch(xs, 10), h(xs, 10));
});
