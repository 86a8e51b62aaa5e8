// src/jit/index.ts (numbat/jit): memoJit, Array2D, JitError, seedRandom and prange, each the defining module's
// own object and nothing more (no pipeline or backend internals); the package root re-exports the same objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBarrel } from '../_support/barrel.js';
import * as entry from '../../src/jit/index.js';
import * as root from '../../src/index.js';
import * as memojit from '../../src/jit/dispatch/memojit.js';
import * as types from '../../src/jit/types.js';
import * as errors from '../../src/jit/errors.js';
import * as random from '../../src/jit/random.js';
import * as prange from '../../src/jit/parallel/prange.js';

test('numbat/jit exports exactly its documented names, each the defining module\'s own object', () => {
  assertBarrel(entry, [
    [memojit, ['memoJit']],
    [types, ['Array2D']],
    [errors, ['JitError']],
    [random, ['seedRandom']],
    [prange, ['prange', 'PrangeRange']],
  ]);
});

test('the root re-exports all of it as the same objects; compiler internals stay out of both', () => {
  for (const name of Object.keys(entry)) assert.equal((root as Record<string, unknown>)[name], (entry as Record<string, unknown>)[name], name);
  for (const name of ['compileSpecialization', 'lowerToIR', 'chooseBackend', 'MATH', 'WasmUnsupported', 'restoreWasm']) {
    assert.ok(!(name in entry), `${name} leaked into numbat/jit`);
    assert.ok(!(name in root), `${name} leaked into the package root`);
  }
});

test('the entry works as documented: memoJit compiles a function that agrees with the plain one', () => {
  const plain = (a: number, b: number): number => a * b + 1;
  const jitted = entry.memoJit(plain);
  assert.equal(jitted(3, 4), 13);
  assert.ok(Object.is(jitted(-0, 5), plain(-0, 5)));
});
