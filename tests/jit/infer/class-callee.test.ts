// Which `new C(…)` is an outside class (src/jit/infer/classes.ts, constructInstance's first test): only an
// identifier that names no local, looked up where the memoJit pipeline has the function's outside names. Written for
// issue 19's named survivor classes.ts:69 (now :107, the three `||` → `&&`); each test failed against its mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { JitError } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { outside, shadowLocal, shadowParam } from '../fixtures/shadowed-class.mjs';

test('a local that shadows an outside class is the local: new of it is refused, never the outside class built', () => {
  assert.throws(() => shadowLocal(3), { name: 'TypeError', message: 'Pt is not a constructor' });
  const e = compileError(shadowLocal, [3]);
  assert.match(e.message, /only typed arrays can be created with new/);
  assert.equal(e.construct, 'new Pt');
});

test('a parameter that shadows an outside class is the parameter, not the class', () => {
  assert.throws(() => shadowParam(1, 3), { name: 'TypeError', message: 'Pt is not a constructor' });
  const e = compileError(shadowParam as (...a: never[]) => unknown, [1, 3]);
  assert.match(e.message, /only typed arrays can be created with new/);
  // The same name from outside compiles and builds the class (so the refusals above are about the shadowing).
  assert.equal((memoJit(outside) as typeof outside)(3), 3);
});

test('without the memoJit pipeline\'s outside names (lowerToIR, the @gpu path) new of an outside class is a located JitError, not a crash', () => {
  let caught: unknown;
  try {
    lowerToIR(outside, [{ kind: 'f64' }]);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof JitError, `expected a JitError, got ${String(caught)}`);
  assert.match(caught.message, /only typed arrays can be created with new/);
  assert.ok(caught.line !== undefined && caught.column !== undefined, 'located');
});
