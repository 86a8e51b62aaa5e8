// Widened integer guards (src/jit/dispatch/widen.ts): an i32 specialization whose generated JavaScript is the f64
// one's takes every number through its fast path, and answers as the plain function does for each (-0, fractions,
// NaN, the infinities, numbers past int32); one whose code differs (an unrolled i32 loop), or that runs on Wasm,
// keeps its exact guard, so a non-integer gets a specialization of its own; so does every signature with the disk
// cache on (each is stored, and the comparison would compile again in every process). Expected values come from the plain
// function on the same arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoJit } from '../../../src/index.js';
import { widenedGuardTokens } from '../../../src/jit/dispatch/widen.js';

function mix(a: number, b: number): number {
  return (a * 3 + b) / 2;
}

function sumTo(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += i;
  return s;
}

const NUMBERS = [1.5, -0, 0, NaN, Infinity, -Infinity, 2 ** 40, -(2 ** 31) - 1, Number.MIN_VALUE, 7];

test('an i32 specialization with the f64 code takes every number on its fast path, with the plain answers', () => {
  const f = memoJit(mix);
  assert.equal(f(3, 4), 6.5);
  for (const a of NUMBERS) for (const b of NUMBERS) assert.ok(Object.is(f(a, b), mix(a, b)), `mix(${a}, ${b})`);
  // No call went to the full lookup: nothing but the integer signature was compiled.
  assert.deepEqual(f.signatures, ['(i32, i32) -> f64']);
});

test('an i32 specialization whose code differs from the f64 one keeps the exact int32 guard', () => {
  const f = memoJit(sumTo);
  assert.equal(f(10), 45);
  for (const n of [10.5, -0, 3.25, 2 ** 31 + 0.5]) assert.ok(Object.is(f(n), sumTo(n)), `sumTo(${n})`);
  assert.equal(f.signatures.length, 2);
  assert.ok(f.signatures.includes('(f64) -> f64'), f.signatures.join(' | '));
});

test('a Wasm specialization keeps its exact guard: its integer code is not the f64 code', () => {
  const f = memoJit({ backend: 'wasm' })(mix);
  assert.equal(f(3, 4), 6.5);
  assert.ok(Object.is(f(1.5, -0), mix(1.5, -0)));
  assert.equal(f.signatures.length, 2);
});

test('with the disk cache on, the guard stays exact: a non-integer compiles (and stores) its own signature', () => {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-widen-'));
  const before = process.env.NUMBAT_CACHE_DIR;
  process.env.NUMBAT_CACHE_DIR = dir;
  try {
    const f = memoJit({ cache: true })(function mixCached(a: number, b: number): number {
      return (a * 3 + b) / 2;
    });
    assert.equal(f(3, 4), 6.5);
    assert.ok(Object.is(f(1.5, -0), mix(1.5, -0)));
    assert.equal(f.signatures.length, 2);
  } finally {
    if (before === undefined) delete process.env.NUMBAT_CACHE_DIR;
    else process.env.NUMBAT_CACHE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('widenedGuardTokens: widens every i32 only on equal code, keeps the tokens when the widened one does not compile', () => {
  assert.deepEqual(widenedGuardTokens(['i32', 'f64', 'i32'], 'x', () => 'x'), ['f64', 'f64', 'f64']);
  assert.deepEqual(widenedGuardTokens(['i32'], 'x', () => 'y'), ['i32']);
  assert.deepEqual(widenedGuardTokens(['i32'], 'x', () => {
    throw new Error('does not compile');
  }), ['i32']);
  let asked = 0;
  assert.deepEqual(widenedGuardTokens(['f64', 'Float64Array'], 'x', () => (asked++, 'x')), ['f64', 'Float64Array']);
  assert.equal(asked, 0, 'no i32 token: nothing to compile');
});
