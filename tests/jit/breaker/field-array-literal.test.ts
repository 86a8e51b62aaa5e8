// Found by the breaker (session 10): `{ b: [1, 2, 3] }` was refused with "not (i32, i32, i32)", which says nothing to
// someone who wrote an array. The refusal now says that an array literal in place is a fixed tuple to compiled code
// and what to write instead; the advice, followed, compiles and gives the plain function's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

test('an array literal as an object field: a refusal that names the tuple and advice that works when followed', () => {
  function literal(n: number): number {
    const o = { a: 1, b: [1, 2, 3] };
    o.a = n;
    o.b[0] = n;
    return o.a + o.b[0]! + o.b.length;
  }
  assert.throws(() => memoJit(literal)(5), (e: Error) => e.name === 'JitError'
    && /field b/.test(e.message) && /an array literal written in place is a fixed tuple/.test(e.message)
    && /new Array\(3\)\.fill\(0\)/.test(e.message));
  function advised(n: number): number {
    const b = new Array(3).fill(0);
    b[0] = 1; b[1] = 2; b[2] = 3;
    const o = { a: 1, b };
    o.a = n;
    o.b[0] = n;
    return o.a + o.b[0] + o.b.length;
  }
  const compiled = memoJit(advised);
  for (const n of [0, 5, -2.5]) assert.equal(compiled(n), advised(n));
  assert.equal(literal(5), advised(5));
});
