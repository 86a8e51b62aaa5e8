import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';

function withDisabled<T>(body: () => T): T {
  const before = process.env['NUMBAT_DISABLE_JIT'];
  process.env['NUMBAT_DISABLE_JIT'] = '1';
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env['NUMBAT_DISABLE_JIT'];
    else process.env['NUMBAT_DISABLE_JIT'] = before;
  }
}

test('NUMBAT_DISABLE_JIT=1 runs the plain function: code the compiler rejects runs, and nothing is compiled', () => {
  const seen: number[] = [];
  // console-like side effect and a string: both outside the compiled subset
  const f = memoJit(function logs(x: number): string {
    seen.push(x);
    return `x=${x}`;
  });
  assert.throws(() => f(1), JitError);
  const g = memoJit(function logs2(x: number): string {
    seen.push(x);
    return `x=${x}`;
  });
  const out = withDisabled(() => [g(2), g(3.5)]);
  assert.deepEqual(out, ['x=2', 'x=3.5']);
  assert.deepEqual(seen, [2, 3.5]);
  assert.ok(g.signatures.every((s) => s.includes('plain function: NUMBAT_DISABLE_JIT')), g.signatures.join('; '));
  assert.deepEqual(Object.values(g.inspect()), ['(plain function)', '(plain function)']);
});

test('NUMBAT_DISABLE_JIT=1 skips eager signatures, and Math.random is V8\'s own', () => {
  const h = withDisabled(() => memoJit({ signatures: [[Float64Array]] })(function first(xs: Float64Array): number {
    return xs[0]! + Math.random() * 0;
  }));
  assert.deepEqual(h.signatures, []);
  assert.equal(withDisabled(() => h(new Float64Array([4]))), 4);
});

test('without NUMBAT_DISABLE_JIT the same function compiles', () => {
  const k = memoJit(function twice(x: number): number {
    return 2 * x;
  });
  assert.equal(k(4), 8);
  assert.equal(k.signatures.length, 1);
  assert.ok(!k.signatures[0]!.includes('plain function'), k.signatures[0]);
});

test('NUMBAT_DISABLE_JIT=1 runs a @gpu kernel as the plain function on the CPU (a closure the compiler rejects works)', async () => {
  const { gpu } = await import('../../../src/index.js');
  const visited: number[] = [];
  const k = gpu(function third(i: number, out: Float32Array): void {
    visited.push(i); // captures a closure variable: outside the kernel language, fine in plain JS
    out[i] = i / 3;
  });
  const out = new Float32Array(4);
  const before = process.env['NUMBAT_DISABLE_JIT'];
  process.env['NUMBAT_DISABLE_JIT'] = '1';
  try {
    await k.launch(4, out);
  } finally {
    if (before === undefined) delete process.env['NUMBAT_DISABLE_JIT'];
    else process.env['NUMBAT_DISABLE_JIT'] = before;
  }
  assert.equal(k.lastBackend, 'cpu');
  assert.deepEqual(visited, [0, 1, 2, 3]);
  assert.deepEqual([...out], [0, 1 / 3, 2 / 3, 1].map(Math.fround));
});
