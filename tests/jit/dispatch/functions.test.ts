// src/jit/dispatch/functions.ts: function arguments as signature tokens. Checked: one token per function object
// (the same function twice, the same token; two functions of one name, two tokens), named after the function
// (or `fn` when anonymous); a token maps back to its function's type while the function lives; a token that is
// not a function's is none. Then through memoJit: a function passed as an argument gives one specialization
// per function, and each call runs the function it was given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functionToken, functionTokenType } from '../../../src/jit/dispatch/functions.js';
import { memoJit } from '../../../src/index.js';

test('one token per function object, named after it; tokens map back to the function', () => {
  const square = (x: number): number => x * x;
  const other = (() => (x: number): number => x * x)();
  Object.defineProperty(other, 'name', { value: 'square' });
  const t1 = functionToken(square);
  assert.equal(functionToken(square), t1, 'the same function: the same token');
  const t2 = functionToken(other);
  assert.notEqual(t2, t1, 'another function of the same name: another token');
  assert.match(t1, /^fn\(.*square.*\)$/);
  const anonymous = [(x: number) => x][0]!;
  Object.defineProperty(anonymous, 'name', { value: '' });
  assert.match(functionToken(anonymous), /^fn\(.*fn.*\)$/, 'anonymous: named fn');
  assert.deepEqual(functionTokenType(t1), { kind: 'function', fn: square, token: t1 });
  assert.equal(functionTokenType('Float64Array'), undefined);
  assert.equal(functionTokenType('fn(never-issued)'), undefined);
});

test('compiled, each function argument gets its own specialization and each call runs its own function', () => {
  function apply(f: (x: number) => number, xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += f(xs[i]!);
    return s;
  }
  const jit = memoJit(apply);
  const xs = Float64Array.from([1, 2, 3]);
  const square = (x: number): number => x * x;
  const twice = (x: number): number => 2 * x;
  assert.equal(jit(square, xs), 14);
  assert.equal(jit(twice, xs), 12);
  assert.equal(jit(square, xs), 14, 'back to the first function: its own specialization again');
  const keys = Object.keys((jit as unknown as { inspect(): Record<string, string> }).inspect());
  assert.equal(keys.length, 2, keys.join(' | '));
});
