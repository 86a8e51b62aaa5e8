// Differential test of names from outside the function: generated programs (tests/jit/generate.ts) whose `a`
// and `k` are closure constants, and whose callees are found by name without the scope option, compiled and
// compared with the plain function on generated inputs (Object.is on the result and on every element of xs,
// the same exception). Replay a failure as the message says (NUMBAT_DIFF_SEED, NUMBAT_DIFF_PATH).
import { test } from 'node:test';
import fc from 'fast-check';
import { generateProgram } from './generate.js';
import { KINDS, assertPerSeed, assertSameRun, inputs } from './diff-harness.js';
import { closureKernels } from './generate-names.js';

for (const [label, options] of [
  ['arithmetic, loops, out-of-bounds reads and stores', {}],
  ['with calls to callees found by name', { calls: true }],
  ['with booleans and tuples returned', { booleans: true, returns: 'mixed' as const }],
] as const) {
  test(`closure constants: ${label}`, () => {
    assertPerSeed(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(...KINDS).chain((kind) => inputs(kind)),
        (programSeed, size, cases) => {
          const program = generateProgram(programSeed, size, options);
          cases.forEach((input, index) => {
            const { plain, compiled } = closureKernels(program, input[0], input[2]);
            assertSameRun(plain, compiled, input, `closure a=${String(input[0])}, k=${String(input[2])}\n${program.source}`, { index });
          });
        },
      ),
      25,
    );
  });
}
