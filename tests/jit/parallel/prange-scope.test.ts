// The counter of a prange loop is its own variable, in both forms (`for (let i = 0; i < prange(n); i++)`, counted,
// and `for (const i of prange(n))`): a variable of the same name outside the loop keeps its value and its type,
// whatever that type is. Written for issue 19's named survivor src/jit/infer/analyze.ts:586 (now :600, the
// counted form's `let` declared in the loop's scope). The functions are eval'd so that tsx does not rename the
// inner `i` (it renames shadowing names), which would hide the case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';

type Kernel = (n: number, out: Float64Array) => number;

const kernels = (): Kernel[] => [
  (0, eval)('(function constNumber(n, out) { const i = 0.5; for (let i = 0; i < prange(n); i++) out[i] = i + 1; return i; })'),
  (0, eval)('(function constArray(n, out) { const i = new Float64Array(3); for (let i = 0; i < prange(n); i++) out[i] = i + 1; return i.length; })'),
  (0, eval)('(function letNumber(n, out) { let i = 0.5; for (let i = 0; i < prange(n); i++) out[i] = i + 1; return i; })'),
  (0, eval)('(function constBool(n, out) { const i = true; for (let i = n - 1; i > prange(-1); i--) out[i] = i * 2; return i ? 1 : 0; })'),
  (0, eval)('(function forOf(n, out) { const i = 0.5; for (const i of prange(n)) out[i] = i + 1; return i; })'),
];

test('a prange loop\'s counter does not touch an outside variable of the same name (number, array, boolean; both loop forms)', () => {
  (globalThis as { prange?: unknown }).prange = prange; // the eval'd sources reach prange through the global
  try {
    for (const f of kernels()) {
      for (const n of [0, 1, 5]) {
        const plainOut = new Float64Array(5);
        const compiledOut = new Float64Array(5);
        const expected = f(n, plainOut);
        const got = memoJit({ parallel: true })(f)(n, compiledOut);
        assert.ok(Object.is(got, expected), `${f.name}(${n}): compiled ${got}, plain ${expected}`);
        assert.deepEqual([...compiledOut], [...plainOut], `${f.name}(${n}): the array written`);
      }
    }
  } finally {
    delete (globalThis as { prange?: unknown }).prange;
  }
});

// Module-level arrays a prange loop reads: worker threads instantiate the generated source alone, so the function
// is refused with its line and the user's name for the array. It crashed with an internal TypeError (reading
// `kind` of undefined in outline.ts) before the refusal was reached.
const WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8];
const TABLE = new Float64Array([0.5, 1.5]);

test('a prange loop reading an array from outside the function is a located error naming it, not an internal crash', () => {
  const plainArray = (n: number): number => { let s = 0; for (const i of prange(n)) s += WEIGHTS[i & 7]!; return s; };
  const typedArray = (n: number): number => { let s = 0; for (const i of prange(n)) s += TABLE[i & 1]!; return s; };
  assert.throws(() => memoJit({ parallel: true })(plainArray)(100), (e: Error) => e.name === 'JitError' && /cannot read arrays from outside it \(WEIGHTS\)/.test(e.message) && /prange-scope\.test\.ts:\d+/.test(e.message));
  assert.throws(() => memoJit({ parallel: true })(typedArray)(100), (e: Error) => e.name === 'JitError' && /\(TABLE\)/.test(e.message));
});

// A class constructed in a prange loop was refused as "cannot read arrays from outside it (Grid)": the message
// now says it is a class, and its advice (make the instance outside and pass it in) compiles and runs.
class Grid {
  data: Float64Array;
  constructor(n: number) { this.data = new Float64Array(n).fill(2); }
  get(i: number): number { return this.data[i]!; }
}

test('a class constructed in a prange loop is refused as a class, and passing an instance in works', () => {
  const builds = (out: Float64Array): number => { for (const i of prange(out.length)) { const g = new Grid(4); out[i] = g.get(1) + i; } return out[1]!; };
  assert.throws(() => memoJit({ parallel: true })(builds)(new Float64Array(64)), (e: Error) =>
    e.name === 'JitError' && /cannot construct the class Grid/.test(e.message) && /outside the compiled function and pass them as arguments/.test(e.message) && /prange-scope\.test\.ts:\d+/.test(e.message));
  const given = (g: Grid, out: Float64Array): number => { for (const i of prange(out.length)) out[i] = g.get(i & 3) + i; return out[63]!; };
  assert.equal(memoJit({ parallel: true })(given)(new Grid(4), new Float64Array(64)), given(new Grid(4), new Float64Array(64)));
});
