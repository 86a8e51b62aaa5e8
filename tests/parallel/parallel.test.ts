import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { add, square, delayed, doubled, ramp, writeShared, whichThread, sleepAdd, spinWhere } from './fixtures/math.js';
import { shutdownPools, parallel, type ProgressState, type Parallel } from '../../src/parallel/index.js';
import { formatProgress } from '../../src/internals.js';
import { describe } from '../../src/decorate.js';

after(() => shutdownPools());

test('a single call runs in a worker and resolves to its result', async () => {
  assert.equal(await square(7), 49);
  assert.equal(await add(2, 3), 5);
});

test('map zips its iterables like pathos map(f, a, b) and keeps input order', async () => {
  const a = Array.from({ length: 50 }, (_, i) => i);
  const b = a.map((x) => 100 * x);
  assert.deepEqual(await add.map(a, b), a.map((x, i) => x + b[i]!));
  // Unequal lengths stop at the shortest, as zip does.
  assert.deepEqual(await add.map([1, 2, 3], [10, 20]), [11, 22]);
  // Any iterables: a generator and a Set.
  function* gen(): Generator<number> {
    for (let i = 0; i < 5; i++) yield i;
  }
  assert.deepEqual(await add.map(gen(), new Set([10, 20, 30, 40, 50])), [10, 21, 32, 43, 54]);
});

test('map of an empty input resolves to [] without starting work', async () => {
  assert.deepEqual(await square.map([]), []);
});

test('every chunk size gives the same results in the same order', async () => {
  const xs = Float64Array.from({ length: 1000 }, (_, i) => i - 500);
  const expected = Array.from(xs, (x) => x * x);
  for (const chunksize of [1, 7, 1000, 'auto'] as const) {
    assert.deepEqual(await square.with({ chunksize }).map(xs), expected, `chunksize ${chunksize}`);
  }
  // Unknown length with 'auto': adaptive chunks.
  function* gen(): Generator<number> {
    for (let i = 0; i < 3000; i++) yield i;
  }
  const got = await square.map(gen());
  assert.equal(got.length, 3000);
  assert.equal(got[2999], 2999 * 2999);
});

test('a million trivial items pass in a handful of messages (auto chunks)', async () => {
  const n = 1_000_000;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = i;
  const got = await square.map(xs);
  assert.equal(got.length, n);
  assert.equal(got[123456], 123456 * 123456);
  assert.equal(got[n - 1], (n - 1) * (n - 1));
});

test('imap yields in input order even when items finish out of order', async () => {
  const ms = [60, 5, 40, 1, 20, 1];
  const xs = ms.map((_, i) => i);
  const seen: number[] = [];
  for await (const x of delayed.with({ chunksize: 1 }).imap(xs, ms)) seen.push(x);
  assert.deepEqual(seen, xs);
});

test('uimap yields in completion order', async () => {
  // Two workers: item 0 sleeps long, the others finish first.
  const ms = [400, 1, 1, 1, 1];
  const seen: number[] = [];
  for await (const x of delayed.with({ chunksize: 1 }).uimap([0, 1, 2, 3, 4], ms)) seen.push(x);
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
  // Item 1 runs on the other worker and finishes long before item 0 (an item queued behind item 0 on its
  // worker may come after it, so only the first place is certain).
  assert.notEqual(seen[0], 0, `item 0 (400 ms) must not come first: ${seen.join(',')}`);
});

test('breaking out of imap stops the run', async () => {
  let n = 0;
  for await (const x of square.with({ chunksize: 1 }).imap([1, 2, 3, 4, 5, 6, 7, 8])) {
    n += x;
    if (n > 3) break;
  }
  assert.equal(n, 5);
  assert.equal(await square(3), 9); // the pool still serves calls
});

test('items queued behind a long task on a busy worker are taken back by an idle worker', async () => {
  // Trivial tasks first: the pool then queues several chunks per worker (to hide message latency).
  await square.with({ chunksize: 1 }).map(Array.from({ length: 300 }, (_, i) => i));
  const threads = await spinWhere.with({ chunksize: 1 }).map([400, 1, 1, 1, 1, 1, 1, 1]);
  const long = threads[0];
  assert.ok(threads.slice(1).every((t) => t !== long), `short items waited behind the long one: ${threads.join(',')}`);
});

test('starmap calls f(...tuple) for each tuple', async () => {
  assert.deepEqual(await add.starmap([[1, 2], [3, 4], [5, 6]]), [3, 7, 11]);
  assert.deepEqual(await sleepAdd.starmap([[1, 1, 1], [2, 2, 1]]), [2, 4]);
});

test('calls are spread over the workers', async () => {
  const threads = await whichThread.with({ chunksize: 1 }).map([100, 100, 100, 100]);
  assert.equal(new Set(threads).size, 2, `expected 2 worker threads, got ${threads.join(',')}`);
  assert.ok(!threads.includes(0), 'ran on the main thread');
});

test('typed arrays: arguments are cloned, typed-array results arrive as typed arrays', async () => {
  const xs = Float64Array.from([1, 2, 3]);
  const r = await doubled(xs);
  assert.equal(r.sum, 6);
  assert.ok(r.twice instanceof Float64Array);
  assert.deepEqual(Array.from(r.twice), [2, 4, 6]);
  assert.deepEqual(Array.from(xs), [1, 2, 3], 'the argument is untouched (not transferred away)');
  assert.equal(xs.buffer.byteLength, 24);
});

test('typed-array results arrive whole, copied when small and transferred when large', async () => {
  const [small, large] = await ramp.with({ chunksize: 1 }).map([10, 300_000]);
  for (const [r, n] of [[small, 10], [large, 300_000]] as const) {
    assert.ok(r instanceof Float64Array);
    assert.equal(r.length, n);
    assert.equal(r[n - 1], n - 1);
    assert.equal(r.reduce((s, x) => s + x, 0), (n * (n - 1)) / 2);
  }
});

test('SharedArrayBuffer-backed arrays are shared, not copied: worker writes are visible', async () => {
  const shared = new Float64Array(new SharedArrayBuffer(8 * 16));
  const isShared = await writeShared.map(Array.from({ length: 16 }, () => shared), Array.from({ length: 16 }, (_, i) => i));
  assert.ok(isShared.every(Boolean));
  assert.deepEqual(Array.from(shared), Array.from({ length: 16 }, (_, i) => i * i));
});

test('progress: a callback sees the count grow to the total, with rate and ETA', async () => {
  const states: ProgressState[] = [];
  await square.with({ progress: (s) => states.push(s), chunksize: 1 }).map(Array.from({ length: 40 }, (_, i) => i));
  const last = states[states.length - 1]!;
  assert.equal(last.total, 40);
  assert.equal(last.done, 40);
  assert.equal(last.label, 'square');
  assert.ok(last.rate > 0);
  for (let i = 1; i < states.length; i++) assert.ok(states[i]!.done >= states[i - 1]!.done);
});

test('formatProgress draws a tqdm line', () => {
  const line = formatProgress({ done: 4, total: 10, elapsed: 1, rate: 4, eta: 1.5, label: 'fun' });
  assert.match(line, /^fun: {2}40%\|████ {6}\| 4\/10 \[00:01<00:02, 4\.00it\/s\]$/);
  assert.match(formatProgress({ done: 7, total: undefined, elapsed: 2, rate: 3.5, eta: undefined, label: '' }), /^7it \[00:02, 3\.50it\/s\]$/);
  assert.match(formatProgress({ done: 1, total: 10, elapsed: 5, rate: 0.2, eta: 45, label: '' }), /5\.00s\/it/);
});

test('describe lists @parallel with its options; with() changes options, not the function', async () => {
  const layers = describe(square);
  assert.equal(layers[0]?.decorator, 'parallel');
  assert.equal(layers[0]?.options.workers, 2);
  assert.equal(square.workers, 2);
  assert.equal(square.with({ workers: 1 }).workers, 1);
  assert.equal(await square.with({ workers: 1 })(4), 16);
  assert.equal(square.name, 'square');
});

test('bad options and bad inputs are reported clearly', async () => {
  assert.throws(() => parallel(0), /workers must be a positive integer/);
  assert.throws(() => parallel({ chunksize: 0 }), /chunksize must be 'auto' or a positive integer/);
  assert.throws(() => square.with({ onError: 'ignore' as 'raise' }), /onError must be 'raise' or 'collect'/);
  assert.throws(() => square.with({ bogus: 1 } as object), /unknown option 'bogus'/);
  await assert.rejects(() => square.map(42 as unknown as number[]), /argument 1 is not iterable/);
  assert.throws(() => parallel('4' as unknown as number), /cannot decorate the string "4"/);
});

test('types: Parallel<F> returns promises of the awaited result', async () => {
  const f: Parallel<(a: number, b: number) => number> = add;
  const one: Promise<number> = f(1, 2);
  const many: Promise<number[]> = f.map([1], [2]);
  assert.equal(await one, 3);
  assert.deepEqual(await many, [3]);
});
