// Issue 12's arrays in generated programs (tests/jit/generate-arrays.ts): ArrayBuffer views and copies, callbacks
// on the rows of a number[][] parameter, local arrays of rows. Every program, compiled, agrees with itself in
// plain JS (result, writes to xs and m, exception class and message).
import { test } from 'node:test';
import { differential } from './diff-harness.js';

test('differential: ArrayBuffer views, copies and local arrays of rows', () => {
  differential({ arrays: true }, 60);
});

test('differential: callbacks on number[][] rows, with the callbacks and statements of issue 12', () => {
  differential({ arrays: true, matrix: true, callbacks: true, statements: true }, 60);
});
