// Issue 12's statements and operators in generated programs (tests/jit/generate-statements.ts): every program,
// compiled, agrees with itself in plain JS (result, writes to xs, exception class and message).
import { test } from 'node:test';
import { differential } from './diff-harness.js';

test('differential: throw, switch, assignments in expressions, ??, logical assignment, boolean bitwise, typeof', () => {
  differential({ statements: true }, 60);
});

test('differential: the same with the wider language (var, helpers, every compound assignment) and booleans', () => {
  differential({ statements: true, extended: true, booleans: true }, 40);
});
