// Issue 12: tsx (esbuild) renames `const keys = memoJit(function keys(…) {…})`'s inner function to `keys2` in
// the source and restores `fn.name` to `keys`. Messages name the function as the user wrote it, and a call through
// the function expression's own name is recursion, as in JS (the renamed `keys2` is in no registry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';

const keys = memoJit(function keys(xs: Float64Array) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s + (xs as unknown as { foo: number }).foo;
});

const fact = memoJit(function fact(n: number): number {
  return n <= 1 ? 1 : n * fact(n - 1);
});

const renamed = (f: unknown, name: string): boolean => (f as { original?: () => void }).original?.toString().includes(`function ${name}2(`) ?? false;

test('a JitError names the function as written, not as tsx renamed it', (t) => {
  if (!renamed(keys, 'keys')) return t.skip('this loader did not rename the function expression, so there is nothing to undo');
  assert.equal(keys.name, 'keys');
  assert.throws(() => keys(new Float64Array(2)), (e: unknown) => {
    assert.ok(e instanceof JitError);
    assert.match(e.message, /in keys: /);
    assert.doesNotMatch(e.message, /keys2/);
    assert.equal(e.functionName, 'keys');
    return true;
  });
});

test('recursion through a renamed function expression\'s own name compiles and agrees with plain', (t) => {
  if (!renamed(fact, 'fact')) return t.skip('this loader did not rename the function expression, so there is nothing to undo');
  const plain = (fact as unknown as { original: (n: number) => number }).original;
  for (const n of [-1, 0, 1, 5, 12, 20.5, -0, 171]) assert.ok(Object.is(fact(n), plain(n)), `fact(${n})`);
  assert.ok(!Object.keys(fact.inspect()).some((s) => s.includes('plain function')), 'compiled, not run plain');
});
