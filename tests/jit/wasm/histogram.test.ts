// Why the histogram kernel ran 3–5× slower on Wasm than on JS, held fixed: `counts[k] += 1` on an Int32Array
// called the ToInt32 helper per element (now the wrapping i32 add, exact for a sum of two int32s), an index kept
// in i64 went through f64 twice (then compared in i64; now an index-only local is an i32 element number,
// element-index.ts), and the unwritten input was copied back after every call (now only arrays the code may
// write). Results are compared with the plain function, wrapping edges included.
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { assertSameValues as same } from '../../_support/outcome.js';
import { histogram } from './_histogram.js';

const inspectOf = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

test('histogram on Wasm: same counts as plain, no ToInt32 call, the input not copied back', () => {
  const f = memoJit({ backend: 'wasm' })(histogram);
  let s = 7;
  const x = Float64Array.from({ length: 5000 }, () => { s = (s * 1103515245 + 12345) % 2147483648; return -4 + 8 * s / 2147483648; });
  same(f(x, 100, -3, 3), histogram(x, 100, -3, 3), 'counts');
  same(f(x, 7, -3.5, 2.25), histogram(x, 7, -3.5, 2.25), 'counts, fractional bounds');
  const text = inspectOf(f);
  assert.match(text, /backend: wasm/);
  assert.doesNotMatch(text, /call \d+ ;; ToInt32/);
  assert.match(text, / 0 out/, 'x is only read: nothing is copied back');
});

function bump(a: Int32Array, b: Int16Array, k: number, d: number) {
  a[k]! += 1;
  a[k + 1]! -= 1;
  a[k + 2] = a[k + 2]! + d;
  b[k]! += 1;
  b[k + 1] = b[k + 1]! - 40000;
  return a[k]! + b[k]!;
}

test('a sum of two int32s stored into Int32Array/Int16Array wraps as ToInt32 does', () => {
  const f = memoJit({ backend: 'wasm' })(bump) as typeof bump;
  for (const k of [0, 1, 2, 3, -1, 5, 2.5]) {
    for (const d of [1, -1, 2 ** 31 - 1, -(2 ** 31), 0.5, 2 ** 40]) {
      const make = (): [Int32Array, Int16Array] => [Int32Array.from([2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 1, 5, 7]), Int16Array.from([32767, -32768, 1, 2, 3])];
      const [a1, b1] = make(), [a2, b2] = make();
      const want = bump(a1, b1, k, d);
      const got = f(a2, b2, k, d);
      assert.ok(Object.is(got, want), `bump(k=${k}, d=${d}): ${got} vs ${want}`);
      same(a2, a1, `a after bump(${k}, ${d})`);
      same(b2, b1, `b after bump(${k}, ${d})`);
    }
  }
  assert.match(inspectOf(f), /backend: wasm/);
});

function byIndex(xs: Float64Array, out: Float64Array) {
  for (let i = 0; i < xs.length; i++) {
    const k = Math.floor(xs[i]! * 1e6);
    out[k] = i;
  }
  return out[0]! + out[out.length - 1]!;
}

test('an index from Math.floor names an element only in [0, length), also past 2^31 and negative', () => {
  const f = memoJit({ backend: 'wasm' })(byIndex) as typeof byIndex;
  const xs = Float64Array.from([0, 1e-6, 2e-6, -1e-6, 3000, -3000, 4.5e-6, 9e-6, 1e10, 2147.483648, 4294.967296]);
  const o1 = new Float64Array(10).fill(-1), o2 = new Float64Array(10).fill(-1);
  assert.ok(Object.is(f(xs, o2), byIndex(xs, o1)));
  same(o2, o1, 'out');
});
