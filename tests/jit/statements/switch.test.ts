// `switch` with fall-through, `default` anywhere, `break` and a `continue` of the loop around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { agree } from './agree.js';

function modes(xs: Float64Array, mode: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    switch (mode) {
      case 0:
        s += xs[i]!;
        break;
      // @ts-expect-error: falls through on purpose (TS7029)
      case 1:
        s -= xs[i]!;
      // falls through
      case 2:
        s *= 2;
        if (xs[i]! > 1) continue;
        s += 0.5;
        break;
      // @ts-expect-error: falls through on purpose (TS7029)
      default:
        s += 100;
      // falls through
      case 3.5:
        s -= 1;
    }
    s += 1000;
  }
  return s;
}

function dayKind(d: number, weekend: boolean): number {
  switch (weekend) {
    case true:
      return -1;
  }
  switch (d % 7) {
    case 0:
    case 6:
      return 0;
    case 1 + 1:
      throw new RangeError('no Tuesdays: ' + d);
  }
  return 1;
}

test('switch: cases in order, fall-through, default anywhere, break, continue of the enclosing loop', () => {
  const m = memoJit(modes);
  const k = memoJit(dayKind);
  fc.assert(fc.property(fc.float64Array({ maxLength: 5 }), fc.constantFrom(0, 1, 2, 3, 3.5, -0, NaN, 7.25), (xs, mode) => { agree(modes, m, [xs, mode]); }), { numRuns: 200, seed: 41 });
  fc.assert(fc.property(fc.oneof(fc.integer({ min: -10, max: 20 }), fc.double()), fc.boolean(), (d, w) => { agree(dayKind, k, [d, w]); }), { numRuns: 200, seed: 42 });
});

function scoped(x: number): number {
  switch (x) {
    case 1:
      // eslint-disable-next-line no-case-declarations
      const y = x + 1;
      return y;
  }
  return 0;
}

function labelled(xs: Float64Array): number {
  let n = 0;
  outer: for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < xs.length; j++) {
      if (xs[j]! > xs[i]!) continue outer;
      n++;
    }
  }
  return n;
}

test('what cannot be compiled is a located error saying what to write', () => {
  assert.throws(() => memoJit(scoped)(1), (e: unknown) => e instanceof JitError && /before the switch/.test(e.message) && e.line !== undefined);
});

test('a labelled continue compiles (tests/jit/language/labels-differential.test.ts has the rest)', () => {
  const compiled = memoJit(labelled);
  for (const xs of [Float64Array.of(1), Float64Array.of(3, 1, 2), Float64Array.of(NaN, 0, -0)]) assert.equal(compiled(xs), labelled(xs));
});
