// The public surface: the package root exports what a researcher uses, and compiler/runtime internals only
// through numbat/internals (package.json `exports`), so that the API reference opens on the decorators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as root from '../src/index.js';
import * as internals from '../src/internals.js';

const INTERNAL = ['compileSpecialization', 'lowerToIR', 'generateWgsl', 'philox4x32', 'WgslKernel', 'renderPdf', 'writeAtomic', 'RunningStats', 'MATH'];

test('the root exports the five decorators, timeit, Array2D and the figure helpers', () => {
  for (const name of ['timed', 'timeit', 'memoJit', 'parallel', 'gpu', 'myplot', 'Array2D', 'JitError', 'Figure', 'PdfPages', 'errorBars', 'histogram']) {
    assert.equal(typeof (root as Record<string, unknown>)[name], 'function', name);
  }
});

test('compiler and runtime internals are not in the root, and are in numbat/internals', () => {
  for (const name of INTERNAL) {
    assert.ok(!(name in root), `${name} leaked into the package root`);
    assert.ok(name in internals, `${name} is missing from numbat/internals`);
  }
});

test('package.json maps numbat/internals to its build output with types', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { types: string; import: string }> };
  assert.deepEqual(pkg.exports['./internals'], { types: './dist/internals.d.ts', import: './dist/internals.js' });
});
