// Property loops shared by the differential tests of hand-written kernels and of small generated programs
// (tests/jit/language/kmeans-differential, rows-callbacks-differential, rows-local-differential, and
// language/absent-fields and language/unset): each had its own copy of the same loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../src/index.js';
import { outcomeOf, sameValues, assertSameOutcome } from './outcome.js';

type Kernel<A> = (arg: A, n: number, k: number) => unknown;

/**
 * One test per kernel: `kernel(arg, n, k)` plain and compiled on equal fresh copies of each input (`fresh`) give
 * the same outcome (value or exception) and leave the argument the same; the kernel must compile, not fall back.
 *
 * @example
 * ```ts
 * kernelsAgree('local rows', KERNELS, inputs, (r) => [...r.xs], { numRuns: 200, seed: 1201, what: 'holes, argument writes' });
 * ```
 */
export function kernelsAgree<R extends { n: number; k: number }, A>(
  label: string,
  kernels: Readonly<Record<string, Kernel<A>>>,
  inputs: fc.Arbitrary<R>,
  fresh: (r: R) => A,
  options: { numRuns: number; seed: number; what: string; argument?: string },
): void {
  for (const [name, kernel] of Object.entries(kernels)) {
    test(`${label}, ${name}: equals plain (${options.what})`, () => {
      const compiled = memoJit(kernel);
      fc.assert(fc.property(inputs, (r) => {
        const p = fresh(r), c = fresh(r);
        const want = outcomeOf(() => kernel(p, r.n, r.k));
        const got = outcomeOf(() => compiled(c, r.n, r.k));
        assertSameOutcome(got, want);
        assert.ok(sameValues(c, p), options.argument ?? 'the argument after the call');
      }), { numRuns: options.numRuns, seed: options.seed });
      assert.ok(!Object.keys(compiled.inspect()).some((s) => s.includes('plain function')), 'compiled, not run plain');
    });
  }
}

/**
 * Sources from a generator that draws with `pick(n)` (an index below n), as a fast-check arbitrary: the choices
 * are 40 naturals, so fast-check shrinks a failing program by shrinking them.
 */
export function generatedSources(generate: (pick: (n: number) => number) => string): fc.Arbitrary<string> {
  return fc.array(fc.nat(), { minLength: 40, maxLength: 40 }).map((choices) => {
    let k = 0;
    return generate((n) => choices[k++ % choices.length]! % n);
  });
}

/**
 * Compiles `source` twice (plain and memoJit) and calls the compiled one on a copy of each case, then `check`
 * (which throws on a difference). `'refused'` as soon as a call throws a JitError (the caller says whether a
 * located refusal is allowed), `'compiled'` when every case ran compiled and agreed.
 */
export function runGenerated(
  source: string,
  cases: readonly unknown[][],
  check: (plain: (...a: never[]) => unknown, compiled: (...a: never[]) => unknown, args: unknown[]) => void,
): 'compiled' | { refused: JitError } {
  const plain = new Function(`return ${source}`)() as (...a: never[]) => unknown;
  const compiled = memoJit(new Function(`return ${source}`)() as (...a: never[]) => unknown);
  for (const a of cases) {
    try {
      (compiled as unknown as (...x: unknown[]) => unknown)(...structuredClone(a));
    } catch (e) {
      if (e instanceof JitError) return { refused: e };
    }
    check(plain, compiled, a);
  }
  return 'compiled';
}
