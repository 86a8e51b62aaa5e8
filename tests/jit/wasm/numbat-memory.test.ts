// Wasm specializations on numbat memory: arrays the code only reads are used in place (no bytes copied), arrays
// it may write are copied (so a trap can still rerun the call on JS), results come back in numbat memory,
// overlapping arrays go to JS, and the arrays the code allocates never touch numbat's heap. Every result is
// compared with the plain function (Object.is per element).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as numbat from '../../../src/index.js';
import { memoJit } from '../../../src/index.js';
import { assertSameValues as sameArray } from '../../_support/outcome.js';

type AnyFn = (...a: never[]) => unknown;
const wasm = <F extends AnyFn>(f: F): F => memoJit({ backend: 'wasm' })(f) as unknown as F;
const inspectOf = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

function std(xs: Float64Array) {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let ms = 0;
  for (const x of xs) ms += (x - mean) ** 2;
  return Math.sqrt(ms / xs.length);
}

test('a numbat array the code only reads is used in place; an ordinary one is copied; both agree with plain', () => {
  const f = wasm(std);
  const plain = Float64Array.from({ length: 1001 }, (_, i) => Math.sin(i) * 3 + 1);
  const shared = numbat.f64(plain);
  assert.ok(Object.is(f(shared), std(plain)));
  let text = inspectOf(f);
  assert.match(text, /backend: wasm/);
  assert.match(text, /0 bytes copied in/);
  assert.match(text, /xs: 1 calls in place \(numbat memory, zero-copy\), 0 copied in/);
  assert.ok(Object.is(f(plain), std(plain)));
  text = inspectOf(f);
  assert.match(text, /xs: 1 calls in place \(numbat memory, zero-copy\), 1 copied in/);
  assert.match(text, new RegExp(`${plain.byteLength} bytes copied in`));
  // a subarray of a numbat array is numbat memory too, at its own offset
  assert.ok(Object.is(f(shared.subarray(3, 500)), std(plain.subarray(3, 500))));
  numbat.free(shared);
});

function scaleInto(xs: Float64Array, out: Float64Array, k: number) {
  // xs[i % 2] is not proved in range (passes/typed-bounds.ts): a call could trap, so `out` must be copied
  for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * k + xs[i % 2]!;
}

test('an array the code writes is copied in and out when a call could trap, even in numbat memory; the caller sees the writes', () => {
  const f = wasm(scaleInto);
  const xs = numbat.f64([1, 2.5, -3, NaN]), out = numbat.f64(4);
  const want = new Float64Array(4);
  scaleInto(Float64Array.from(xs), want, 1.5);
  f(xs, out, 1.5);
  sameArray(out, want, 'out');
  const text = inspectOf(f);
  assert.match(text, /xs: 1 calls in place/);
  assert.match(text, /out: 0 calls in place \(numbat memory, zero-copy\), 1 copied in and out/);
});

function shiftCopy(src: Float64Array, dst: Float64Array) {
  for (let i = 0; i < dst.length; i++) dst[i] = src[i]! + 1;
}

test('numbat arrays whose bytes overlap, one written, run on JS; disjoint views of one array run on Wasm', () => {
  const f = wasm(shiftCopy);
  const base = numbat.f64(Array.from({ length: 16 }, (_, i) => i));
  const plainBase = Float64Array.from(base);
  shiftCopy(plainBase.subarray(0, 10), plainBase.subarray(2, 12));
  f(base.subarray(0, 10), base.subarray(2, 12));
  sameArray(base, plainBase, 'overlapping');
  assert.match(inspectOf(f), /1 with aliased arrays on JS/);
  shiftCopy(plainBase.subarray(0, 8), plainBase.subarray(8, 16));
  f(base.subarray(0, 8), base.subarray(8, 16));
  sameArray(base, plainBase, 'disjoint');
  assert.match(inspectOf(f), /1 calls in Wasm/);
});

function pairs(xs: Float64Array) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i + 1]!; // reads past the end: undefined → NaN in JS
  return s;
}

test('a trap with an argument used in place reruns on JS from the untouched argument', () => {
  const f = wasm(pairs);
  const xs = numbat.f64([1, 2, 3]);
  assert.ok(Object.is(f(xs), pairs(Float64Array.from(xs))));
  sameArray(xs, Float64Array.of(1, 2, 3), 'xs after the call');
  assert.match(inspectOf(f), /1 answered by JS after a trap/);
});

function ramp(n: number) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i * 0.5;
  return out;
}
function firstOf(xs: Float64Array) {
  return xs;
}

test('arrays the code allocates never touch numbat arrays; a new result comes back in numbat memory', () => {
  const f = wasm(ramp);
  const keep = numbat.f64(Array.from({ length: 64 }, (_, i) => -i - 1));
  const copy = Float64Array.from(keep);
  const r = f(40);
  sameArray(r, ramp(40), 'ramp(40)');
  assert.ok(numbat.isNumbatArray(r), 'the result lives in numbat memory');
  sameArray(keep, copy, 'a numbat array allocated before the call');
  // a result large enough to grow the memory during the call; the earlier arrays stay valid
  const before = numbat.memoryStats().memoryBytes;
  const big = f(before / 8 + 10);
  assert.ok(numbat.memoryStats().memoryBytes > before);
  assert.equal(big.length, before / 8 + 10);
  assert.equal(big[big.length - 1], (big.length - 1) * 0.5);
  sameArray(big, ramp(before / 8 + 10), 'the grown result');
  // kept in numbat memory it would take the room the call needed, and the next such call would grow it again
  assert.ok(!numbat.isNumbatArray(big), 'a result that needed the memory to grow comes back as an ordinary array');
  sameArray(keep, copy, 'after growth');
  sameArray(r, ramp(40), 'the first result after growth');
  const g = wasm(firstOf);
  assert.equal(g(keep), keep, 'an argument returned is the caller\'s own array');
});

test('a loop that drops large Wasm results does not grow numbat memory on every call', () => {
  // Dropped numbat results are freed only after a collection and an event-loop turn, which a synchronous loop
  // never gives: a result that would take the room its call needed comes back as an ordinary array instead.
  const f = wasm(ramp);
  const n = 3 * 2 ** 20; // 24 MiB of doubles, more than the memory holds free at the start
  const first = f(n);
  sameArray(first, ramp(n), 'first call');
  const after = numbat.memoryStats().memoryBytes;
  for (let k = 0; k < 6; k++) {
    const r = f(n);
    assert.equal(r.length, n);
    assert.ok(Object.is(r[n - 1], (n - 1) * 0.5) && Object.is(r[0], 0), `call ${k}`);
  }
  assert.ok(numbat.memoryStats().memoryBytes <= after + 8 * n, `memory grew from ${after} to ${numbat.memoryStats().memoryBytes} bytes over six calls`);
});

function fill2d(m: numbat.Array2D) {
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) m.set(i, j, i * 10 + j);
  return m.get(m.rows - 1, m.cols - 1);
}

test('an Array2D from numbat.zeros is used by compiled code like any Array2D', () => {
  const m = numbat.zeros(3, 4);
  assert.equal(memoJit(fill2d)(m), 23);
  assert.equal(m.get(2, 1), 21);
  assert.ok(numbat.isNumbatArray(m.data));
});

test('an array used after numbat.free (past the heap end) is copied, not read where the scratch goes', () => {
  const f = wasm(std);
  const xs = numbat.f64(Array.from({ length: 257 }, (_, i) => Math.cos(i)));
  numbat.free(xs); // the last block: the heap's end drops below it
  const want = std(Float64Array.from(xs));
  assert.ok(Object.is(f(xs), want));
  assert.match(inspectOf(f), /xs: 0 calls in place \(numbat memory, zero-copy\), 1 copied in/);
});
