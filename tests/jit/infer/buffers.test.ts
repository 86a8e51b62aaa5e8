// The located errors of typed-array views over an ArrayBuffer (src/jit/infer/buffers.ts) say exactly what is
// wrong: too many arguments, with the count and its plural. Written for the jit-infer sample survivor of
// issue 19 at buffers.ts:84; it failed against its mutant. Also: new of an inherited name is that error too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileError } from '../../_support/jit-error.js';

test('a view with too many arguments is a located error naming at most how many it takes', () => {
  function tooMany(n: number): number {
    const buf = new ArrayBuffer(64);
    const v = new (Float64Array as unknown as new (...a: unknown[]) => Float64Array)(buf, 0, 2, n);
    return v.length;
  }
  const e = compileError(tooMany, [1]);
  assert.match(e.message, /new Float64Array\(buffer, byteOffset, length\) takes at most 3 arguments/);
});

// Found while testing ops/buffers.ts: `callee.name in ELEMENT_BY_NAME` saw Object.prototype's members, so
// `new toString(x)` (a global through globalThis's prototype) was taken for a typed array and crashed the
// compiler with an internal TypeError instead of the located error of any other non-typed-array `new`.
test('new of a name every object inherits (toString, valueOf, constructor) is the located error, not a crash', () => {
  for (const name of ['toString', 'valueOf', 'constructor', 'hasOwnProperty']) {
    for (const arg of ['x', 'xs', 'xs.buffer']) {
      const f = new Function('x', 'xs', `return new ${name}(${arg});`) as (x: number, xs: Float64Array) => unknown;
      const e = compileError(f, [1, new Float64Array(2)]);
      assert.match(e.message, /only typed arrays can be created with new/, `new ${name}(${arg})`);
    }
  }
});
