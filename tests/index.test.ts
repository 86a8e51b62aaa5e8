// The public surface: the package root exports what a researcher uses, and compiler/runtime internals only
// through numbat/internals (package.json `exports`), so that the API reference opens on the decorators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as root from '../src/index.js';
import * as internals from '../src/internals.js';
import * as timedEntry from '../src/timed/index.js';
import * as jitEntry from '../src/jit/index.js';
import * as parallelEntry from '../src/parallel/index.js';
import * as gpuEntry from '../src/gpu/index.js';
import * as plotEntry from '../src/plot/index.js';

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

test('the capability subpaths (numbat/gpu, numbat/plot, …) keep internals out too, so each reference page opens on what users call', () => {
  const entries: Record<string, object> = { timed: timedEntry, jit: jitEntry, parallel: parallelEntry, gpu: gpuEntry, plot: plotEntry };
  const alsoInternal = ['renderFigure', 'renderPng', 'renderSvg', 'writeFilesAtomic', 'outputPaths', 'formatProgress', 'DEFAULT_WORKGROUP_SIZE', 'REDUCE_MAX_WORKGROUPS'];
  for (const [sub, entry] of Object.entries(entries)) {
    for (const name of [...INTERNAL, ...alsoInternal]) assert.ok(!(name in entry), `${name} leaked into numbat/${sub}`);
  }
  for (const name of alsoInternal) assert.ok(name in internals, `${name} is missing from numbat/internals`);
  // what a researcher calls stays where the guides import it from
  for (const [sub, name] of [['gpu', 'gpu'], ['gpu', 'DeviceArray'], ['gpu', 'GpuUnsupportedError'], ['plot', 'myplot'], ['plot', 'measureFigure'], ['plot', 'saveFigure'], ['timed', 'timeit'], ['parallel', 'parallel'], ['jit', 'memoJit']] as const) {
    assert.equal(typeof (entries[sub] as Record<string, unknown>)[name], 'function', `numbat/${sub} ${name}`);
  }
});

test('package.json maps numbat/internals to its build output with types', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { types: string; import: string }> };
  assert.deepEqual(pkg.exports['./internals'], { types: './dist/internals.d.ts', import: './dist/internals.js' });
});
