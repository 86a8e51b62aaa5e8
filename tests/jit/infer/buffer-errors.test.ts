// The located errors of typed-array views over an ArrayBuffer (src/jit/infer/buffers.ts) say exactly what is
// wrong: too many arguments, with the count and its plural. Written for the jit-infer sample survivor of
// issue 19 at buffers.ts:84; it failed against its mutant.
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
