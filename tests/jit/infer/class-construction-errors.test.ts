// `new C(…)` of a class from outside the compiled function (src/jit/infer/classes.ts): arguments passed by
// spread are a located error that says so. Written for the jit-infer sample survivor of issue 19 at
// classes.ts:75; it failed against its mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileError } from '../../_support/jit-error.js';

class Pt {
  declare x: number;
  constructor(x: number) {
    this.x = x * 2;
  }
}

test('new of an outside class with spread arguments is a located error naming spread arguments', () => {
  function spread(a: number[]): number {
    return new Pt(...(a as [number])).x;
  }
  assert.equal(spread([1.5]), 3);
  const e = compileError(spread, [[1.5]]);
  assert.match(e.message, /spread arguments are not supported/);
  assert.equal(e.construct, 'spread argument');
});
