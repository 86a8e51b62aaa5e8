// Issue 12: labelled break and continue on for, for…of, while and do…while, nested three deep, across a switch, and
// a labelled block, compared with the plain function (Object.is on the result, the same writes to the argument,
// the same exception). The Wasm backend refuses labelled jumps with a stated reason, so these run on JS there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../../src/index.js';
import { outcomeOf, sameValues as same, assertSameOutcome } from '../../_support/outcome.js';

type Kernel = (xs: Float64Array, k: number) => unknown;

const KERNELS: Record<string, Kernel> = {
  forContinueOuter(xs, k) {
    let n = 0;
    outer: for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < xs.length; j++) {
        if (xs[j]! > xs[i]! + k) continue outer;
        if (xs[j]! < -k) break outer;
        n += j;
      }
      n *= 2;
    }
    return n;
  },
  forOfBreakOuter(xs, k) {
    let s = 0;
    rows: for (const x of xs) {
      for (const y of xs) {
        if (x * y > k) break rows;
        if (y === x) continue rows;
        s += x - y;
      }
      s += 0.5;
    }
    return s;
  },
  whileAndDoWhile(xs, k) {
    let i = 0, hits = 0;
    top: while (i < xs.length) {
      let j = 0;
      do {
        j++;
        if (xs[(i + j) % xs.length]! > k) { i += 2; continue top; }
        if (j > 3) break top;
        hits++;
      } while (j < xs.length);
      i++;
    }
    return hits * 100 + i;
  },
  threeDeep(xs, k) {
    let count = 0;
    a: for (let i = 0; i < xs.length; i++) {
      b: for (let j = i; j < xs.length; j++) {
        for (let m = j; m < xs.length; m++) {
          const v = xs[i]! + xs[j]! - xs[m]!;
          if (v > k) continue a;
          if (v < -k) continue b;
          if (v === k) break a;
          if (Number.isNaN(v)) break b;
          count++;
        }
      }
      xs[i] = count; // the caller sees the writes
    }
    return count;
  },
  acrossSwitch(xs, k) {
    let s = 0;
    loop: for (let i = 0; i < xs.length; i++) {
      switch (xs[i]! > k ? 1 : xs[i]! < -k ? 2 : 3) {
        case 1:
          continue loop;
        case 2:
          break loop;
        default:
          s += xs[i]!;
      }
      s += 1;
    }
    return s;
  },
  labelledBlock(xs, k) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      check: {
        if (xs[i]! > k) break check;
        if (xs[i]! < -k) continue; // the loop's continue, from inside the block
        if (xs[i] === 0) break; // the loop's break, from inside the block
        s += xs[i]!;
      }
      s += 0.25;
    }
    done: {
      if (s > 10) break done;
      s = -s;
    }
    return s;
  },
  twoLabels(xs, k) {
    let n = 0;
    first: second: for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < xs.length; j++) {
        if (xs[j]! > k) continue second;
        if (xs[j]! < -k) break first;
        n++;
      }
    }
    return n;
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1));
const inputs = fc.record({ xs: fc.array(number, { minLength: 0, maxLength: 7 }), k: number });

for (const [name, kernel] of Object.entries(KERNELS)) {
  test(`labelled jumps, ${name}: equals plain (value, argument writes, exceptions)`, () => {
    const compiled = memoJit(kernel);
    fc.assert(fc.property(inputs, (r) => {
      const p = Float64Array.from(r.xs), c = Float64Array.from(r.xs);
      const want = outcomeOf(() => kernel(p, r.k));
      const got = outcomeOf(() => compiled(c, r.k));
      assertSameOutcome(got, want);
      assert.ok(same(c, p), 'the argument after the call');
    }), { numRuns: 200, seed: 1203 });
    assert.ok(!Object.keys(compiled.inspect()).some((s) => s.includes('plain function')), 'compiled, not run plain');
  });
}

test('on the Wasm backend a labelled jump runs on JS, and inspect() says why', () => {
  const compiled = memoJit({ backend: 'wasm' })(KERNELS.threeDeep!);
  const xs = Float64Array.of(1, 2, 3), ys = Float64Array.of(1, 2, 3);
  assert.ok(Object.is(compiled(xs, 0.5), KERNELS.threeDeep!(ys, 0.5)));
  assert.ok(same(xs, ys));
  assert.match(Object.values(compiled.inspect()).join('\n'), /labelled (break|continue)/);
});
