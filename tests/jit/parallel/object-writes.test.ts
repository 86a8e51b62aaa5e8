// Issue 14: "objects are read-only in a parallel loop unless they are shared". A prange loop that wrote a field of an
// object made outside it (directly, or through a method it calls) compiled and raced: each thread wrote its own
// copy, and with n = 200,000 `a.total = i` gave another answer than the plain function on 49 of 200 calls and
// `o.s = o.s + i` on 118 of 200 (found by the lead, session 10). Such writes are now a located JitError; an object the iteration makes itself is
// its own and may be written. As with a race on an array, the refusal does not depend on `parallel: true`: the
// loop says prange; uncompiled, prange is a serial range and the plain function runs as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';

class Acc {
  total = 0;
  bump(): void { this.total = this.total + 1; }
}

function fieldWrite(a: Acc, n: number): number {
  for (const i of prange(n)) a.total = i;
  return a.total;
}
function localObject(n: number): number {
  const o = { s: 0 };
  for (const i of prange(n)) o.s = o.s + i;
  return o.s;
}
function methodWrite(a: Acc, n: number): number {
  for (const i of prange(n)) { if (i >= 0) a.bump(); }
  return a.total;
}

test('a prange loop writing a field of an object made outside it is a JitError naming the line, directly or through a method', () => {
  const located = (construct: string) => (e: Error) => e.name === 'JitError' && e.message.includes(construct) && /object-writes\.test\.ts:\d+/.test(e.message);
  assert.throws(() => memoJit({ parallel: true })(fieldWrite)(new Acc(), 5000), located('object write in prange'));
  assert.throws(() => memoJit({ parallel: true })(localObject)(5000), located('object write in prange'));
  assert.throws(() => memoJit({ parallel: true })(methodWrite)(new Acc(), 5000), located('object write in a called function'));
});

test('an object the iteration makes itself may be written; the refusal, like an array race\'s, holds without parallel: true too', () => {
  function ownObject(n: number, out: Float64Array): number {
    for (const i of prange(n)) {
      const p = { x: i };
      p.x = p.x * 2 + 1;
      out[i] = p.x;
    }
    return out[n - 1]!;
  }
  const out = new Float64Array(5000), want = new Float64Array(5000);
  assert.equal(memoJit({ parallel: true })(ownObject)(5000, out), ownObject(5000, want));
  assert.deepEqual(out, want);
  assert.throws(() => memoJit(fieldWrite)(new Acc(), 5000), { name: 'JitError' });
  assert.equal(fieldWrite(new Acc(), 5000), 4999);
  assert.equal(localObject(5000), 12_497_500);
  assert.equal(methodWrite(new Acc(), 5000), 5000);
});
