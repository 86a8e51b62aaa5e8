// A `let` or `const` read before its declaration runs throws a ReferenceError in JavaScript: the compiler's
// refusal must say so, not advise an initial value the declaration already has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitError, memoJit } from '../../../src/index.js';

test('a read in the temporal dead zone is refused as such, and the plain function throws a ReferenceError', () => {
  // eval: TypeScript itself rejects these reads
  const early = (0, eval)('(function early(x) { if (x > 0) return y; const y = 2; return y; })') as (x: number) => number;
  const earlyLet = (0, eval)('(function earlyLet(x) { if (x > 0) return y; let y = 2; return y; })') as (x: number) => number;
  for (const f of [early, earlyLet]) {
    assert.throws(() => f(1), ReferenceError);
    assert.throws(() => memoJit(f)(1), (e: unknown) => e instanceof JitError && /temporal dead zone/.test(e.message) && !/initial value/.test(e.message));
  }
});

test('a variable read before any write that JS reads as undefined keeps its advice', () => {
  const unset = (0, eval)('(function unset(x) { let v; if (x) v = { a: 1 }; return v === undefined ? 0 : v.a; })') as (x: number) => number;
  assert.throws(() => memoJit(unset)(0), (e: unknown) => e instanceof JitError && /give it an initial value/.test(e.message));
});
