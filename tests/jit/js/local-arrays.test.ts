// Issue 12, items 2 and 3: JS arrays made and changed in compiled code, and sorting in place. Each kernel runs
// plain and compiled on equal fresh inputs: the same value (Object.is element by element, holes included),
// the same writes to the arguments, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../../src/index.js';
import { outcomeOf, sameValues as same, assertSameOutcome } from '../../_support/outcome.js';

type Kernel = (xs: number[], ys: Float64Array, n: number, k: number) => unknown;

const KERNELS: Record<string, Kernel> = {
  newArrayHoles(xs, ys, n, k) {
    const h = new Array(n);
    for (let i = 0; i < n; i += 2) h[i] = xs[i % xs.length]! * k;
    return [h, h[1], h.length];
  },
  fillAndPush(xs, ys, n, k) {
    const a = Array(n).fill(k);
    a.push(xs[0]!, 2);
    const last = a.pop();
    return [a, last, a.indexOf(k), a.lastIndexOf(k), a.includes(NaN)];
  },
  booleans(xs, ys, n, k) {
    const free = new Array(n).fill(true);
    for (let i = 0; i < n; i += 3) free[i] = false;
    let c = 0;
    for (let i = 0; i < n + 2; i++) if (free[i]) c++;
    return c + k * 0;
  },
  literal(xs, ys, n, k) {
    var cof = [-1.25, 0.5, 3, -0, NaN];
    var j = cof.length - 1;
    let d = 0;
    for (; j > 0; j--) d = d * k + cof[j]!;
    return d + cof[n]!;
  },
  pushTables(xs, ys, n, k) {
    const out = [];
    const out2 = [];
    for (let i = 0; i < xs.length; i++) {
      out.push(Math.sin(xs[i]! * k));
      out2.push(xs[i]! + n);
    }
    return [out, out2];
  },
  slices(xs, ys, n, k) {
    const a = xs.slice(1);
    const b = ys.slice(n, n + 2);
    const c = ys.subarray(1, 3);
    c.fill(k, 1);
    b.set([k, 2], 0);
    return [a, b, ys, a.reverse()];
  },
  writeArgument(xs, ys, n, k) {
    for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k + n;
    xs[xs.length + n] = 1;
    return xs.length;
  },
  sortAscending(xs, ys, n, k) {
    xs.sort((a, b) => a - b);
    ys.sort((a, b) => b - a);
    return [xs, ys, n + k];
  },
  sortDefault(xs, ys, n, k) {
    xs.sort();
    ys.sort();
    return xs[n];
  },
  arrayOfItems(xs, ys, n, k) {
    const p = Array(n, k);
    const q = Array();
    q.push(p[0]!);
    return [p, q];
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1));
const inputs = fc.record({
  xs: fc.array(number, { minLength: 1, maxLength: 6 }),
  ys: fc.array(number, { minLength: 3, maxLength: 6 }),
  n: fc.integer({ min: 0, max: 6 }),
  k: number,
});

for (const [name, kernel] of Object.entries(KERNELS)) {
  test(`local arrays, ${name}: equals plain (values, holes, argument writes, exceptions)`, () => {
    const compiled = memoJit(kernel);
    fc.assert(fc.property(inputs, (r) => {
      const p = { xs: [...r.xs], ys: Float64Array.from(r.ys) };
      const c = { xs: [...r.xs], ys: Float64Array.from(r.ys) };
      const want = outcomeOf(() => kernel(p.xs, p.ys, r.n, r.k));
      const got = outcomeOf(() => compiled(c.xs, c.ys, r.n, r.k));
      assertSameOutcome(got, want);
      assert.ok(same(c.xs, p.xs) && same(c.ys, p.ys), 'arguments after the call');
    }), { numRuns: 200, seed: 1213 });
    assert.ok(!Object.keys(compiled.inspect()).some((s) => s.includes('plain function')), 'compiled, not run plain');
  });
}

test('a comparator that reads an outer name, or a method that does not exist, is a located error', () => {
  function outer(xs: number[], k: number) { xs.sort((a, b) => a - b * k); return xs; }
  assert.throws(() => memoJit(outer)([2, 1], 1), /sort comparator.*'k' is not a parameter/);
  function unknown(xs: number[]) { return xs.copyWithin(0, 1); }
  assert.throws(() => memoJit(unknown)([2, 1]), /no method 'copyWithin'/);
  function typedPush(xs: { push(v: number): number }) { return xs.push(1); }
  assert.throws(() => memoJit(typedPush)(new Float64Array(2) as unknown as { push(v: number): number }), /push exists on number\[\] and boolean\[\] only/);
});

test('a do … while (true) left only by return has no fall-through exit (bg-fannkuch-redux\'s shape)', () => {
  function firstOver(xs: number[], limit: number): number[] {
    const out = Array(2);
    let i = 0;
    do {
      if (i >= xs.length || xs[i]! > limit) return Array(i, xs.length);
      out[0] = i;
      i++;
    } while (true);
  }
  const c = memoJit(firstOver);
  for (const [xs, limit] of [[[1, 5, 2], 3], [[1, 2], 9], [[7], 0]] as const) assert.deepEqual(c([...xs], limit), firstOver([...xs], limit));
});
