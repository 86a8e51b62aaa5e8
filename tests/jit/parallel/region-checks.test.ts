// What a prange loop's body may not do, because its iterations run apart (src/jit/parallel/outline.ts,
// checkControl and checkCalls): leave the loop through a labelled break or continue, or call a helper that writes
// into an array it is given. Each is a located JitError naming the rule; what is allowed (a labelled jump inside
// the body, a helper filling its own local array) compiles and agrees with plain JS. Written for the jit-parallel
// survivors outline.ts:431 and :498 (now :442 and :509) of issue 19; each test failed against its mutant.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

test('a labelled break or continue from a nested loop that leaves the prange loop is a located error naming it', () => {
  function breaksOut(n: number, out: Float64Array): number {
    outer: for (const i of prange(n)) {
      for (let j = 0; j < 4; j++) {
        if (j === i) break outer;
        out[i] = out[i]! + j;
      }
    }
    return out[0]!;
  }
  function continuesOut(n: number, out: Float64Array): number {
    outer: for (const i of prange(n)) {
      for (let j = 0; j < 4; j++) {
        if (j === 2) continue outer;
        out[i] = out[i]! + j;
      }
    }
    return out[0]!;
  }
  for (const [f, kind] of [[breaksOut, 'break'], [continuesOut, 'continue']] as const) {
    const e = catchJit(() => memoJit({ parallel: true })(f)(8, new Float64Array(8)));
    assert.match(e.message, new RegExp(`${kind} outer leaves the prange loop: iterations run apart`), f.name);
    assert.equal(e.construct, `labelled ${kind} in prange`);
    assert.ok(e.line !== undefined, 'located');
  }
});

test('a labelled jump that stays inside the prange body compiles and agrees with plain JS', async () => {
  function inside(n: number, out: Float64Array): number {
    for (const i of prange(n)) {
      rows: for (let j = 0; j < 6; j++) {
        for (let k = 0; k < 6; k++) {
          if (k > j) continue rows;
          if (j + k > i) break rows;
          out[i] = out[i]! + j * k;
        }
      }
    }
    return out[3]!;
  }
  const compiled = memoJit({ parallel: true })(inside);
  for (const t of [1, 3]) {
    const a = new Float64Array(12), b = new Float64Array(12);
    const got = await withThreads(t, () => compiled(12, a));
    assert.equal(got, inside(12, b));
    assert.deepEqual([...a], [...b]);
  }
});

function fillGiven(xs: Float64Array, i: number): number {
  xs[i % xs.length] = i; // writes into the array it is given: iterations would race
  return i;
}
function ownScratch(i: number): number {
  const t = new Float64Array(4);
  for (let k = 0; k < 4; k++) t[k] = i * k;
  return t[0]! + t[1]! + t[2]! + t[3]!;
}

test('a helper called in a prange loop that writes into an array it is given is a located error naming the helper', () => {
  function racing(n: number, xs: Float64Array, out: Float64Array): number {
    for (const i of prange(n)) out[i] = fillGiven(xs, i);
    return out[0]!;
  }
  const e = catchJit(() => memoJit({ parallel: true })(racing)(8, new Float64Array(2), new Float64Array(8)));
  assert.match(e.message, /'fillGiven' writes into an array it is given and is called in a prange loop/);
  assert.equal(e.construct, 'array write in a called function');
});

test('a helper called in a prange loop that writes only into its own local array compiles and agrees with plain JS', async () => {
  function scratchy(n: number, out: Float64Array): number {
    for (const i of prange(n)) out[i] = ownScratch(i);
    return out[n - 1]!;
  }
  const compiled = memoJit({ parallel: true })(scratchy);
  for (const t of [1, 3]) {
    const a = new Float64Array(20), b = new Float64Array(20);
    assert.equal(await withThreads(t, () => compiled(20, a)), scratchy(20, b));
    assert.deepEqual([...a], [...b]);
  }
});
