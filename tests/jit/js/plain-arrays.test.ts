// Plain `number[]` and `boolean[]` arguments: read and written in place (no copy), out-of-bounds reads give
// undefined as in JS, and a hole or an element of another kind runs the plain function (same result).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { compileSpecialization } from '../../../src/jit/pipeline.js';
import { JitError } from '../../../src/jit/errors.js';

type AnyFn = (...args: unknown[]) => unknown;

/** Runs plain and compiled on structured clones of `args`; results, writes and exceptions must agree. */
function agree(fn: AnyFn, jit: AnyFn, args: readonly unknown[]): void {
  const a = structuredClone(args) as unknown[];
  const b = structuredClone(args) as unknown[];
  let want: unknown, got: unknown, wantErr: unknown, gotErr: unknown;
  try { want = fn(...a); } catch (e) { wantErr = e; }
  try { got = jit(...b); } catch (e) { gotErr = e; }
  if (wantErr || gotErr) {
    assert.equal((gotErr as Error)?.constructor, (wantErr as Error)?.constructor);
    assert.equal((gotErr as Error)?.message, (wantErr as Error)?.message);
  } else assert.ok(Object.is(got, want), `compiled ${String(got)}, plain ${String(want)}`);
  assert.equal(b.length, a.length);
  for (let k = 0; k < a.length; k++) {
    if (!Array.isArray(a[k])) continue;
    const x = a[k] as unknown[], y = b[k] as unknown[];
    assert.equal(y.length, x.length, `argument ${k} length`);
    for (let i = 0; i < x.length; i++) {
      assert.equal(i in y, i in x, `argument ${k} hole at ${i}`);
      assert.ok(Object.is(y[i], x[i]), `argument ${k}[${i}]: compiled ${String(y[i])}, plain ${String(x[i])}`);
    }
  }
}

function mean(xs: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

function scale(xs: number[], k: number): void {
  for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k;
}

function readPast(xs: number[], n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!; // past the end: undefined, so NaN as in JS
  return s;
}

function sieve(flags: boolean[], n: number): number {
  let count = 0;
  for (let i = 2; i < n; i++) {
    if (flags[i]) {
      count++;
      for (let k = i + i; k < n; k += i) flags[k] = false;
    }
  }
  return count;
}

function grow(xs: number[], n: number): number {
  for (let i = 0; i < n; i++) xs[xs.length] = i * 0.5; // a store past the end grows the array, as in JS
  return xs.length;
}

test('number[] arguments compile as number[] and read like the plain function', () => {
  const jit = memoJit(mean as AnyFn) as AnyFn;
  for (const xs of [[1, 2, 3], [0.5, -0, NaN], [-0], [2 ** 53, 1, -1], [Infinity, -Infinity]]) agree(mean as AnyFn, jit, [xs]);
  assert.equal(compileSpecialization(mean as AnyFn, [{ kind: 'array', element: 'num' }]).signature, '(number[]) -> f64');
});

test('writes go into the caller\'s array, without a copy', () => {
  const jit = memoJit(scale as AnyFn) as AnyFn;
  const xs = [1, 2.5, -3];
  jit(xs, 2);
  assert.deepEqual(xs, [2, 5, -6]);
  agree(scale as AnyFn, jit, [[1, -0, 3, NaN], -1]);
});

test('out-of-bounds reads give undefined and writes past the end grow the array, as in JS', () => {
  agree(readPast as AnyFn, memoJit(readPast as AnyFn) as AnyFn, [[1, 2, 3], 5]);
  agree(readPast as AnyFn, memoJit(readPast as AnyFn) as AnyFn, [[1, 2, 3], 3]);
  const g = memoJit(grow as AnyFn) as AnyFn;
  agree(grow as AnyFn, g, [[1, 2], 3]);
  agree(grow as AnyFn, g, [[-0], 0]);
  // An empty array has no first element to name its kind: it still specializes as number[][] (issue 12).
});

test('boolean[] arguments: read and written in place (the sieve)', () => {
  const jit = memoJit(sieve as AnyFn) as AnyFn;
  for (const n of [1, 2, 10, 100]) agree(sieve as AnyFn, jit, [new Array<boolean>(n).fill(true), n]);
  agree(sieve as AnyFn, jit, [[true, true, true], 8]); // reads past the end
});

test('a hole or an element of another kind runs the plain function, with its result and writes', () => {
  const m = memoJit(mean as AnyFn) as AnyFn;
  // eslint-disable-next-line no-sparse-arrays
  agree(mean as AnyFn, m, [[1, , 3]]);
  agree(mean as AnyFn, m, [[1, '2', 3]]);
  agree(mean as AnyFn, m, [[1, true, 3]]);
  const s = memoJit(scale as AnyFn) as AnyFn;
  agree(scale as AnyFn, s, [[1, '2', null], 3]);
  const b = memoJit(sieve as AnyFn) as AnyFn;
  agree(sieve as AnyFn, b, [[true, 1, true, true, 0, true], 6]);
});

test('aliased arguments: the same array twice sees its own writes', () => {
  function addInto(out: number[], xs: number[]): number {
    for (let i = 0; i < xs.length; i++) out[i] = out[i]! + xs[i]!;
    return out[0]!;
  }
  const jit = memoJit(addInto as AnyFn) as AnyFn;
  const a = [1, 2, 3];
  const b = [1, 2, 3];
  assert.equal(jit(a, a), addInto(b, b));
  assert.deepEqual(a, b);
});

test('a plain array holds only its own kind of element: storing another is a located error', () => {
  function mix(xs: number[]): void {
    (xs as unknown[])[0] = xs.length > 1;
  }
  assert.throws(() => compileSpecialization(mix as unknown as AnyFn, [{ kind: 'array', element: 'num' }]), (e: unknown) => e instanceof JitError && /cannot hold a boolean/.test(e.message));
});
