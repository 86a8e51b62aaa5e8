// src/internals.ts (numbat/internals): the compiler and runtime pieces, each the defining module's own object,
// nothing more; none of them in the package root; and its TSDoc example (compileSpecialization's source).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBarrel } from './_support/barrel.js';
import * as internals from '../src/internals.js';
import * as root from '../src/index.js';
import * as pipeline from '../src/jit/pipeline.js';
import * as math from '../src/jit/ops/math.js';
import * as codegenWgsl from '../src/gpu/codegen-wgsl.js';
import * as kernel from '../src/gpu/runtime/kernel.js';
import * as options from '../src/gpu/runtime/options.js';
import * as philox from '../src/gpu/philox.js';
import * as render from '../src/plot/render.js';
import * as save from '../src/plot/save.js';
import * as kinds from '../src/plot/kinds.js';
import * as stats from '../src/timed/stats.js';
import * as progress from '../src/parallel/progress.js';

const SOURCES = [
  [pipeline, ['compileSpecialization', 'lowerToIR']],
  [math, ['MATH']],
  [codegenWgsl, ['generateWgsl']],
  [kernel, ['WgslKernel']],
  [options, ['DEFAULT_WORKGROUP_SIZE', 'REDUCE_MAX_WORKGROUPS']],
  [philox, ['philox4x32']],
  [render, ['renderFigure', 'renderPdf', 'renderPng', 'renderSvg', 'FORMATS']],
  [save, ['writeAtomic', 'writeFilesAtomic', 'outputPaths']],
  [kinds, ['CHART_KINDS']],
  [stats, ['RunningStats']],
  [progress, ['formatProgress']],
] as const;

test('numbat/internals exports exactly the documented pieces, each the defining module\'s own object', () => {
  assertBarrel(internals, SOURCES);
});

test('none of them is in the package root', () => {
  for (const name of Object.keys(internals)) assert.ok(!(name in root), `${name} leaked into the package root`);
});

test('the TSDoc examples: compileSpecialization gives strict-mode source; FORMATS and the default workgroup size', () => {
  function total(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]!;
    return s;
  }
  const { source } = internals.compileSpecialization(total, [{ kind: 'array', element: 'f64' }]);
  assert.ok(source.startsWith('"use strict";'));
  assert.deepEqual(internals.FORMATS, ['pdf', 'png', 'svg']);
  assert.equal(internals.DEFAULT_WORKGROUP_SIZE, 256);
});
