// Comparing compiled code that draws Math.random() with the plain function drawing the same stream.
//
// Compiled code draws memoJit's seeded SFC32 stream (src/jit/random.ts); the plain function draws V8's. The
// reference is the plain function with Math.random replaced by random.ts's own draw (nextRandom) after
// seedRandom(s): a compiled call must then give the same double (Object.is) or the same exception, and leave
// RANDOM_STATE where the reference left it.
import assert from 'node:assert/strict';
import { memoJit, seedRandom } from '../../src/index.js';
import { RANDOM_STATE, nextRandom } from '../../src/jit/random.js';

/** What a call did, and the stream's state after it. */
export type StreamOutcome = { value?: unknown; error?: string; state: number[] };

/** Calls `run` and records its value or exception (class and message) and RANDOM_STATE afterwards. */
export function streamOutcome(run: () => unknown): StreamOutcome {
  try {
    const value = run();
    return { value, state: Array.from(RANDOM_STATE) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}`, state: Array.from(RANDOM_STATE) };
  }
}

/** Runs `run` with Math.random drawing memoJit's stream (nextRandom), then puts V8's back. */
export function withReferenceDraws<T>(run: () => T): T {
  const own = Math.random;
  Math.random = nextRandom;
  try {
    return run();
  } finally {
    Math.random = own;
  }
}

/** The plain function `f` on `args`, drawing memoJit's stream from seedRandom(seed). */
export function referenceOutcome(f: (...a: never[]) => unknown, seed: number, args: unknown[]): StreamOutcome {
  return withReferenceDraws(() => {
    seedRandom(seed);
    return streamOutcome(() => (f as (...a: unknown[]) => unknown)(...args));
  });
}

/**
 * Each call in `calls`, after seedRandom(seed) for each seed, on `f` compiled for Wasm and for JS, agrees with
 * {@link referenceOutcome}: value, exception and state. Returns the Wasm-compiled function, for its inspect().
 */
export function agreeOnStream(f: (...a: never[]) => unknown, calls: unknown[][], seeds = [1, 42, -7]): unknown {
  const w = memoJit({ backend: 'wasm' })(f) as unknown as (...a: unknown[]) => unknown;
  const j = memoJit({ backend: 'js' })(f) as unknown as (...a: unknown[]) => unknown;
  for (const seed of seeds) {
    for (const args of calls) {
      const want = referenceOutcome(f, seed, args);
      for (const [name, g] of [['wasm', w], ['js', j]] as const) {
        seedRandom(seed);
        const got = streamOutcome(() => g(...args));
        const at = `${f.name}(${args.join()}) seed ${seed} on ${name}`;
        assert.equal(got.error, want.error, `${at}: exception`);
        assert.ok(Object.is(got.value, want.value), `${at}: ${String(got.value)} vs ${String(want.value)}`);
        assert.deepEqual(got.state, want.state, `${at}: state`);
      }
    }
  }
  return w;
}

/** The whole inspect() text of a memoJit function. */
export function inspectText(f: unknown): string {
  return Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
}

/** The backend its inspect() names first (`wasm`, `js`, `measured`, …). */
export function backendOf(f: unknown): string {
  return inspectText(f).match(/^;; backend: (\w+)/m)?.[1] ?? '?';
}
