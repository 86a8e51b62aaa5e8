// Assignments as expressions (`v[i] = w[i] = 0`, `while ((x = next()) > 0)`, `a[i++]`, `++y`), `&&=`, `||=`,
// `??=`, `??`, and `&`/`|`/`^` on booleans: compiled equals plain, writes included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { agree } from './agree.js';

function gammaln(x: number): number {
  var j = 0;
  var ser = 1.000000000190015;
  var xx, y, tmp;
  tmp = (y = xx = x) + 5.5;
  tmp -= (xx + 0.5) * Math.log(tmp);
  for (; j < 6; j++) ser += 0.5 / ++y;
  return Math.log((2.5066282746310005 * ser) / xx) - tmp;
}

function chained(v: Float64Array, w: Int32Array, k: number): number {
  let i = 0;
  let s = 0;
  for (i = 0; i < v.length; i++) v[i] = w[i] = 2.5 * i - k; // the value, not w's int32 conversion, reaches v
  while ((s += v[i++ % v.length]!) < k && i < 20);
  const z = (v[i % 4] = w[0]! - 1);
  let c = 0;
  const d = (c = k) * 2 + c++ + ++c + (c--, c);
  return s + z + d + i + c;
}

function nextLoop(xs: Float64Array): number {
  let x: number;
  let n = 0;
  let i = 0;
  while ((x = xs[i++]!) > 0) n += x;
  return n * 1000 + i;
}

function indexUpdate(xs: Float64Array, k: number): number {
  let i = 0;
  let total = 0;
  while (i < xs.length) total += xs[i++]! * k;
  const j = i;
  xs[--i] = total;
  return total + j + i;
}

function conditionalAssign(a: number, b: number): number {
  let x = 0;
  let y = 1;
  if (a > 0 && (x = b) > 1) y = 2;
  const z = a > b ? (y = a) : (x = b);
  return x * 100 + y * 10 + z;
}

test('assignments as expressions: same values, same writes, same evaluation order', () => {
  const g = memoJit(gammaln);
  const c = memoJit(chained);
  const n = memoJit(nextLoop);
  const u = memoJit(indexUpdate);
  const ca = memoJit(conditionalAssign);
  fc.assert(fc.property(fc.double(), (x) => { agree(gammaln, g, [x]); }), { numRuns: 100, seed: 31 });
  fc.assert(fc.property(fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.float64Array({ minLength: n, maxLength: n }), fc.int32Array({ minLength: n, maxLength: n }))), fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double()), ([v, w], k) => {
    if (v.length === 0) return; // `i % 0` reads v[NaN] forever in both: not a termination test
    agree(chained, c, [v, w, k]);
  }), { numRuns: 200, seed: 32 });
  fc.assert(fc.property(fc.float64Array({ maxLength: 6 }), fc.double(), (xs, k) => {
    agree(nextLoop, n, [xs]);
    agree(indexUpdate, u, [xs, k]);
  }), { numRuns: 200, seed: 33 });
  fc.assert(fc.property(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), (a, b) => { agree(conditionalAssign, ca, [a, b]); }), { numRuns: 100, seed: 34 });
});

function logical(xs: Float64Array, k: number, a: boolean, b: boolean): number[] {
  const x = xs[k] ?? -1;
  let y = 0;
  y ||= k;
  y &&= y + 1;
  let z = xs[k + 1];
  z ??= 7;
  const [p, q] = [a as unknown as number, b as unknown as number]; // TypeScript rejects `&` on booleans; JS does not
  const bits = (p & q) + (p | q) * 2 + (p ^ q) * 4 + (p & k) * 8;
  let flag = a;
  flag ||= b;
  flag &&= k > 0;
  xs[0] ||= 9;
  const w = (xs[1] ??= 3);
  return [x, y, z, bits, flag ? 1 : 0, w, k ?? 2];
}

function countsAfterAssign(xs: Float64Array): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    if ((n = i * 2) > 3) n += 1; // the branchless counter form would read n before the condition assigns it
  }
  return n;
}

test('a condition that assigns the variable its branch updates keeps the order of the plain function', () => {
  const c = memoJit(countsAfterAssign);
  for (const n of [0, 1, 2, 3, 5]) agree(countsAfterAssign, c, [new Float64Array(n)]);
});

test('&&=, ||=, ??=, ?? and boolean bitwise operators', () => {
  const l = memoJit(logical as (...a: never[]) => unknown);
  fc.assert(fc.property(fc.float64Array({ maxLength: 3 }), fc.integer({ min: -1, max: 4 }), fc.boolean(), fc.boolean(), (xs, k, a, b) => {
    agree(logical as (...a: never[]) => unknown, l, [xs, k, a, b]);
  }), { numRuns: 200, seed: 35 });
});

function elementPostfix(xs: Float64Array): number {
  // @ts-expect-error: xs[0] may be undefined to TypeScript; the point is the JIT's message
  return xs[0]++;
}
function readsTwice(xs: Float64Array, i: number): number {
  xs[i + 1] ||= 2;
  return xs[0]!;
}

test('what cannot be compiled is a located error saying what to write', () => {
  assert.throws(() => memoJit(elementPostfix)(Float64Array.of(1)), (e: unknown) => e instanceof JitError && /as its own statement/.test(e.message) && e.line !== undefined);
  assert.throws(() => memoJit(readsTwice)(Float64Array.of(1), 0), (e: unknown) => e instanceof JitError && /reads its target twice/.test(e.message));
});
