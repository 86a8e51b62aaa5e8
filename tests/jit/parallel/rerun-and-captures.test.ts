// Three prange wrong answers found again in session 12 (issue 14), each compared with the plain function on
// 1, 2, 3 and 7 threads: (1) after an iteration threw, the runtime replayed the failing chunk on the caller's
// arrays to find the iteration, so `a[i] += 1` was applied twice (every element 2, where plain JS leaves 1);
// (2) `o.a[i] = …` wrote the copy of `o` each thread holds, and with 3 or 7 threads the caller saw zeros: now
// a located JitError whose advice (take the array into a local) works; (3) a callback written inline in the
// loop body (`xs.map((x) => x + i)`, `xs.reduce((s, x) => …)`) crashed with a ReferenceError, its parameters
// taken for captures of the region.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { JitError, memoJit, prange } from '../../../src/index.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });
const THREADS = [1, 2, 3, 7];
const N = 50_000;

async function onThreads(body: (threads: number) => void): Promise<void> {
  for (const threads of THREADS) {
    memoJit.threads = threads;
    await memoJit.threadsReady();
    body(threads);
  }
}

test('an iteration that throws leaves the written array as the plain loop does (no write applied twice)', async () => {
  function bumpUntil(a: Float64Array): number {
    for (const i of prange(a.length)) {
      a[i] = a[i]! + 1;
      if (i === a.length - 7) throw new RangeError('late');
    }
    return 0;
  }
  const compiled = memoJit({ parallel: true })(bumpUntil);
  await onThreads((threads) => {
    const a = new Float64Array(N);
    assert.throws(() => compiled(a), (e: unknown) => {
      assert.ok(e instanceof RangeError && e.message === 'late');
      assert.equal((e as { prangeIteration?: number }).prangeIteration, N - 7);
      return true;
    });
    // Other threads may finish chunks past the failing iteration, but no element is ever written twice.
    assert.ok(a.every((v) => v === 0 || v === 1), `${threads} threads: an element was incremented twice`);
    assert.equal(a[N - 7], 1);
    for (let k = N - 6; k < N; k++) assert.equal(a[k], 0, `${threads} threads: a[${k}] after the throw`);
    if (threads === 1) assert.equal(a.reduce((s, v) => s + v, 0), N - 6, 'one thread: exactly the iterations before and at the throw');
  });
});

test("writing o.a[i] in a prange loop is a JitError naming the line; taking the array into a local first gives plain JS's answer", async () => {
  function throughObject(o: { a: Float64Array }): number {
    for (const i of prange(o.a.length)) o.a[i] = i * 2;
    return o.a[o.a.length - 1]!;
  }
  function throughLocal(o: { a: Float64Array }): number {
    const a = o.a;
    for (const i of prange(a.length)) a[i] = i * 2;
    let s = 0;
    for (let i = 0; i < o.a.length; i++) s += o.a[i]!;
    return s;
  }
  const refused = memoJit({ parallel: true })(throughObject);
  const fixed = memoJit({ parallel: true })(throughLocal);
  const expected = throughLocal({ a: new Float64Array(N) });
  await onThreads((threads) => {
    assert.throws(() => refused({ a: new Float64Array(N) }), (e: unknown) => {
      assert.ok(e instanceof JitError);
      assert.match(e.message, /rerun-and-captures\.test\.ts:\d+:\d+/);
      assert.match(e.message, /const a = o\.a/);
      return true;
    });
    const o = { a: new Float64Array(N) };
    assert.equal(fixed(o), expected, `${threads} threads`);
    assert.equal(o.a[N - 1], 2 * (N - 1));
  });
});

test('callbacks written inline in a prange body run (their parameters are not captures)', async () => {
  function weighted(xs: Float64Array, out: Float64Array): number {
    for (const i of prange(out.length)) out[i] = xs.reduce((s, x) => s + x * i, 0);
    let t = 0;
    for (let i = 0; i < out.length; i++) t += out[i]!;
    return t;
  }
  function shifted(xs: Float64Array, out: Float64Array): number {
    for (const i of prange(out.length)) {
      const ys = xs.map((x) => x + i);
      out[i] = ys[1]!;
    }
    return out[out.length - 1]!;
  }
  const xs = new Float64Array([1, 2, 3]);
  const cw = memoJit({ parallel: true })(weighted);
  const cs = memoJit({ parallel: true })(shifted);
  const ew = weighted(xs, new Float64Array(N));
  const es = shifted(xs, new Float64Array(N));
  await onThreads((threads) => {
    const o1 = new Float64Array(N);
    const o2 = new Float64Array(N);
    assert.equal(cw(xs, o1), ew, `${threads} threads: reduce`);
    assert.equal(cs(xs, o2), es, `${threads} threads: map`);
    assert.equal(o2[10], 12);
  });
});

test('array methods that write a shared array in a prange body (fill, reverse, sort) are a JitError: every iteration would race', async () => {
  function fillEach(a: Float64Array, out: Float64Array): number {
    for (const i of prange(out.length)) {
      a.fill(i);
      out[i] = a[3]!;
    }
    return out[0]!;
  }
  function reverseEach(a: Float64Array, out: Float64Array): number {
    for (const i of prange(out.length)) {
      a.reverse();
      out[i] = a[0]!;
    }
    return out[0]!;
  }
  function ownArray(out: Float64Array): number {
    for (const i of prange(out.length)) {
      const t = new Float64Array(4);
      t.fill(i);
      t.reverse();
      out[i] = t[0]! + t[3]!;
    }
    return out[out.length - 1]!;
  }
  for (const f of [fillEach, reverseEach]) {
    // Plain JS: 1,249,975,000 summed over out for fill; the compiled loop gave 1,250,070,607 on 2 threads.
    assert.throws(() => memoJit({ parallel: true })(f)(new Float64Array(N), new Float64Array(N)), (e: unknown) => {
      assert.ok(e instanceof JitError, String(e));
      assert.match(e.message, /writes 'a', made outside this prange loop/);
      return true;
    });
  }
  const compiled = memoJit({ parallel: true })(ownArray);
  await onThreads((threads) => assert.equal(compiled(new Float64Array(N)), ownArray(new Float64Array(N)), `${threads} threads`));
});
