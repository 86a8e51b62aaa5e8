// src/gpu/frontend.ts without a device: lowerKernel gives the JIT's IR of a kernel specialization (its entry
// named after the function, the index parameters first) and a locator that maps an IR span back to this very
// file, at the line where the text is (found here by searching the file); cpuKernel/cpuKernelOf give the CPU
// fallback, computing what the kernel computes (checked by hand) and saying whether the kernel returns a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Type } from '../../src/jit/types.js';
import { cpuBackendName, cpuKernel, cpuKernelOf, lowerKernel } from '../../src/gpu/frontend.js';

const I32: Type = { kind: 'i32' };
const F64: Type = { kind: 'f64' };
const F32S = { kind: 'array', element: 'f32' } as Type;

function fill(i: number, xs: Float32Array) { xs[i] = i / 2 + 0.125; /* frontend-test-marker */ }
function saxpy(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) { out[i] = a * x[i]! + y[i]!; }
function peak(i: number, xs: Float32Array) { return xs[i]! * 2; }

test('lowerKernel: the IR of the specialization, its entry named after the function', () => {
  const { module } = lowerKernel(fill, [I32, F32S], 1);
  assert.equal(module.entry, 'fill');
  const entry = module.functions.find((f) => f.name === module.entry)!;
  assert.deepEqual(entry.params.map((p) => p.name), ['i', 'xs']);
  assert.equal(entry.params[0]!.type.kind, 'i32', 'the index parameter');
  assert.equal(entry.returnType.kind, 'void');
  const { module: m2 } = lowerKernel(saxpy, [I32, F64, F32S, F32S, F32S], 1);
  assert.deepEqual(m2.functions.find((f) => f.name === m2.entry)!.params.map((p) => p.type.kind), ['i32', 'f64', 'array', 'array', 'array']);
});

test('the locator maps a span of the function\'s source back to this file and line', () => {
  const { locate } = lowerKernel(fill, [I32, F32S], 1);
  // Under tsx the function's text is esbuild's output (`i/2`, without spaces): search for it either way.
  const found = /i\s*\/\s*2/.exec(fill.toString());
  assert.ok(found, fill.toString());
  const where = locate({ start: found.index, end: found.index + found[0].length });
  assert.ok(where, 'located');
  const thisFile = fileURLToPath(import.meta.url);
  assert.ok(where.file?.endsWith('frontend.test.ts'), `file ${where.file}`);
  const lines = readFileSync(thisFile, 'utf8').split('\n');
  const expectedLine = lines.findIndex((l) => l.includes('frontend-test-' + 'marker') && l.startsWith('function fill')) + 1;
  assert.equal(where.line, expectedLine);
  assert.equal(where.column, lines[expectedLine - 1]!.indexOf('i / 2') + 1, 'the column of `i / 2` in the source as written');
});

test('cpuKernel computes what the kernel computes, once per index', () => {
  const f = cpuKernel(saxpy, [I32, F64, F32S, F32S, F32S]);
  const x = Float32Array.of(1, 2, 3);
  const y = Float32Array.of(3, 4, 0.5);
  const out = new Float32Array(3);
  for (let i = 0; i < 3; i++) f(i, 2, x, y, out);
  assert.deepEqual([...out], [5, 8, 6.5]);
  const g = cpuKernel(fill, [I32, F32S]);
  const xs = new Float32Array(4);
  for (let i = 0; i < 4; i++) g(i, xs);
  assert.deepEqual([...xs], [0.125, 0.625, 1.125, 1.625]);
});

test('cpuKernelOf says whether the kernel returns a value', () => {
  const p = cpuKernelOf(peak, [I32, F32S]);
  assert.equal(p.returns, true);
  assert.equal(p.fn(1, Float32Array.of(1, 2.5)), 5);
  assert.equal(cpuKernelOf(fill, [I32, F32S]).returns, false);
  assert.equal(cpuBackendName, 'memoJit');
});
