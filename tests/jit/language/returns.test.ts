// Returned arrays of more than one length (src/jit/infer/returns.ts) and recursion that returns a tuple
// (src/jit/infer/recursion.ts): d3's `ticks` as written, compared with the plain function on generated inputs
// (Object.is on every element, the same exception).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../../src/index.js';
import { differs } from '../_support/same.js';

// The corpus program as written (plain JS, no types), loaded by path so tsc does not type it.
const D3_TICKS = new URL('../../../bench/corpus/programs/d3-ticks.js', import.meta.url).href;
const d3Ticks = (await import(D3_TICKS)) as { default: { fn: (start: number, stop: number, count: number) => number[] } };

function agree<A extends unknown[]>(fn: (...args: A) => unknown, jitted: (...args: A) => unknown, args: A): string | undefined {
  let want: unknown, got: unknown, wantErr: unknown, gotErr: unknown;
  try { want = fn(...args); } catch (e) { wantErr = e; }
  try { got = jitted(...args); } catch (e) { gotErr = e; }
  if (wantErr !== undefined || gotErr !== undefined) {
    if (!(wantErr instanceof Error) || !(gotErr instanceof Error)) return `plain threw ${String(wantErr)}, compiled ${String(gotErr)}`;
    return wantErr.constructor === gotErr.constructor && wantErr.message === gotErr.message ? undefined : `${wantErr.message} vs ${gotErr.message}`;
  }
  return differs(want, got, `result of (${args.map(String).join(', ')})`);
}

function evens(n: number) {
  if (!(n > 0)) return [];
  if (n === 1) return [0];
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 * i;
  return out;
}

function flags(n: number) {
  if (n < 1) return [false];
  if (n < 2) return [true, false];
  const out = new Array(n).fill(true);
  return out;
}

/** Recursion returning a tuple: the base case's value is the assumption the fixed point starts from. */
function halve(x: number, steps: number): [number, number] {
  if (steps > 0 && x > 1) return halve(x / 2, steps - 1);
  return [x, steps];
}

function pair(a: number, b: number) {
  if (a < b) return [a, b];
  return [b, a];
}

test('array literals returned beside arrays of other lengths are plain arrays, as in JS', () => {
  const je = memoJit(evens);
  for (const n of [-1, 0, NaN, 0.5, 1, 2, 7]) assert.equal(agree(evens, je, [n]), undefined, `evens(${n})`);
  const jf = memoJit(flags);
  for (const n of [0, 1, 1.5, 3]) assert.equal(agree(flags, jf, [n]), undefined, `flags(${n})`);
  const r = je(3);
  assert.ok(Array.isArray(r) && Object.getPrototypeOf(r) === Array.prototype, 'a real JS array');
});

test('a recursive function returning a tuple compiles, same values as plain', () => {
  const jh = memoJit(halve);
  for (const [x, s] of [[100, 10], [100, 2], [0.5, 3], [NaN, 4], [Infinity, 5], [-0, 0]] as const) {
    assert.equal(agree(halve, jh, [x, s]), undefined, `halve(${x}, ${s})`);
  }
});

test('a function whose literals all have one length still returns tuples (destructured by position)', () => {
  const jp = memoJit(pair);
  for (const [a, b] of [[1, 2], [2, 1], [NaN, 0], [-0, 0]] as const) assert.equal(agree(pair, jp, [a, b]), undefined);
  const src = Object.values(jp.inspect())[0]!;
  assert.doesNotMatch(src, /new Array|\$arr/, 'no plain array was made for the tuple');
});

test("d3's ticks as written: identical to plain on generated (start, stop, count), including reversed and empty", () => {
  const ticks = d3Ticks.default.fn;
  const jitted = memoJit(ticks);
  const num = fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 1e-9, 2498.5, -1.37),
    fc.integer({ min: -100, max: 100 }),
  );
  const count = fc.oneof(fc.integer({ min: -2, max: 50 }), fc.constantFrom(0.5, 1.5, NaN, Infinity, 1e-3));
  fc.assert(fc.property(num, num, count, (a, b, c) => agree(ticks, jitted, [a, b, c]) === undefined), { numRuns: 300, seed: 20261202 });
});
