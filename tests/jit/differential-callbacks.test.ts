// Issue 12's array callbacks in generated programs (tests/jit/generate-callbacks.ts): every program, compiled,
// agrees with itself in plain JS (result, writes to xs, exception class and message).
import { test } from 'node:test';
import { differential } from './diff-harness.js';

test('differential: map, forEach, reduce, reduceRight, some, every, filter, findIndex with inline callbacks', () => {
  differential({ callbacks: true }, 60);
});

test('differential: callbacks beside the statements of issue 12 and the wider language', () => {
  differential({ callbacks: true, statements: true, extended: true }, 40);
});
