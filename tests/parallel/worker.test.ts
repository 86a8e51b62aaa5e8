// The @parallel worker entry (src/parallel/worker.ts), driven by its message protocol (protocol.ts) in a worker
// thread started as pool.ts starts one: a chunk's items run in order by column, with results by offset (packed
// into a Float64Array when all are numbers and there are at least 16), per-item errors at their offset, async
// results awaited, `started` before the items when asked, a source that does not compile or a key the module does
// not register as a fatal error, a class instance's loss of its methods reported, an uncloneable result failing
// only its item, and a chunk the pool took back (progress Stolen slot) skipped. Outside a worker it refuses to run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { BOOTSTRAP, tsxLoaders } from '../../src/parallel/spawn.js';
import { WORKER_MARKER } from '../../src/parallel/locate.js';
import { SLOTS, Slot, type DoneMessage, type RunMessage, type WorkerMessage } from '../../src/parallel/protocol.js';

const ENTRY = new URL('../../src/parallel/worker.ts', import.meta.url);
const MATH = new URL('./fixtures/math.ts', import.meta.url).href;

const progress = new Int32Array(new SharedArrayBuffer(4 * SLOTS)).fill(-1);
progress[Slot.Lock] = 0;
const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { [WORKER_MARKER]: true, entry: ENTRY.href, tsx: tsxLoaders(), progress } });
const inbox: WorkerMessage[] = [];
let wake: (() => void) | undefined;
worker.on('message', (m: WorkerMessage) => { inbox.push(m); wake?.(); });
after(() => worker.terminate());

/** The next `n` messages (a batch's replies are spread out, each reply counting as one). */
async function next(n = 1): Promise<Array<DoneMessage | WorkerMessage>> {
  const out: WorkerMessage[] = [];
  while (out.length < n) {
    if (!inbox.length) await new Promise<void>((r) => { wake = r; });
    const m = inbox.shift()!;
    out.push(...(m.type === 'batch' ? m.replies : [m]));
  }
  return out;
}

let ids = 100;
function run(source: string, cols: unknown[][], extra: Partial<RunMessage> = {}): RunMessage {
  return { type: 'run', id: ids++, target: { source }, label: 'f', cols, count: cols[0]?.length ?? 0, transferResults: false, notifyStart: false, ...extra };
}

async function one(message: RunMessage): Promise<DoneMessage> {
  worker.postMessage(message);
  const [reply] = await next();
  assert.equal(reply!.type, 'done');
  return reply as DoneMessage;
}

test('a few numeric items come back as an array, in item order, for one, two and three parameters', async () => {
  assert.deepEqual((await one(run('(x) => x * x', [[1, 2, 3]]))).results, [1, 4, 9]);
  assert.deepEqual((await one(run('function (a, b) { return a - b; }', [[10, 20], [1, 2]]))).results, [9, 18]);
  const three = await one(run('sum(a, b, c) { return a + b * c; }', [[1, 2], [3, 4], [5, 6]]));
  assert.deepEqual(three.results, [1 + 15, 2 + 24]);
  assert.deepEqual(three.errors, []);
});

test('16 or more all-number results are packed into a Float64Array; 15 are not', async () => {
  const xs = Array.from({ length: 16 }, (_, i) => i);
  const packed = await one(run('(x) => x / 2', [xs]));
  assert.ok(packed.results instanceof Float64Array);
  assert.deepEqual([...packed.results], xs.map((x) => x / 2));
  const small = await one(run('(x) => x / 2', [xs.slice(0, 15)]));
  assert.ok(Array.isArray(small.results));
  // One non-number among 20 keeps the plain array.
  const mixed = await one(run('(x) => x === 3 ? "three" : x', [Array.from({ length: 20 }, (_, i) => i)]));
  assert.ok(Array.isArray(mixed.results));
  assert.equal((mixed.results as unknown[])[3], 'three');
});

test('an item that throws fails alone, at its offset, with its class and message; the others run', async () => {
  const r = await one(run('(x) => { if (x === 2) throw new RangeError("bad " + x); return x * 10; }', [[1, 2, 3]]));
  const results = r.results as unknown[];
  assert.equal(results.length, 3);
  assert.deepEqual([results[0], results[1], results[2]], [10, undefined, 30]);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]!.at, 1);
  assert.equal(r.errors[0]!.error.name, 'RangeError');
  assert.equal(r.errors[0]!.error.message, 'bad 2');
});

test('with source shipping, a ReferenceError says that the function may use nothing from outside its body', async () => {
  const r = await one(run('(x) => x + notDefinedAnywhere', [[1]]));
  assert.equal(r.errors[0]!.error.name, 'ReferenceError');
  assert.match(r.errors[0]!.error.message, /notDefinedAnywhere is not defined \(with source: true the function may use nothing from outside its own body\)$/);
});

test('a source that does not compile is a fatal ParallelLocateError naming the label', async () => {
  const r = await one(run('(x) => {', [[1, 2]], { label: 'broken' }));
  assert.equal(r.fatal?.name, 'ParallelLocateError');
  assert.match(r.fatal!.message, /^broken: its source \(source: true\) does not compile on its own in the worker/);
  assert.deepEqual(r.results, []);
});

test('async results are awaited; notifyStart sends \'started\' before the chunk\'s reply', async () => {
  const m = run('async (x) => { await new Promise((r) => setTimeout(r, 1)); return x + 1; }', [[1, 2]], { notifyStart: true });
  worker.postMessage(m);
  const [started, done] = await next(2);
  assert.deepEqual(started, { type: 'started', id: m.id });
  assert.deepEqual((done as DoneMessage).results, [2, 3]);
});

test('a class instance in a result is reported (it arrives without its methods); plain objects are not', async () => {
  const r = await one(run('(x) => { class Point { constructor(v) { this.v = v; } } return x ? { p: new Point(x) } : { v: 0 }; }', [[0, 5]]));
  assert.deepEqual(r.lostClass, { at: 1, className: 'Point' });
  assert.deepEqual(r.results, [{ v: 0 }, { p: { v: 5 } }]);
  const plain = await one(run('(x) => ({ x, list: [x], map: new Map([[x, x]]) })', [[1]]));
  assert.equal(plain.lostClass, undefined);
});

test('a result that cannot be cloned fails only its item, with a DataCloneError; the others come back', async () => {
  const r = await one(run('(x) => x === 1 ? () => x : x', [[0, 1, 2]]));
  assert.deepEqual(r.results, [0, undefined, 2]);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]!.at, 1);
  assert.equal(r.errors[0]!.error.name, 'DataCloneError');
  assert.match(r.errors[0]!.error.message, /^its result could not be sent back to the main thread: /);
});

test('a module target runs the function its import registers; an unregistered key is fatal and lists the keys', async () => {
  const ok = await one({ ...run('', [[3, 4]]), target: { module: MATH, key: 'square' } });
  assert.deepEqual(ok.results, [9, 16]);
  const bad = await one({ ...run('', [[3]]), label: 'nope', target: { module: MATH, key: 'nope', line: 12 } });
  assert.equal(bad.fatal?.name, 'ParallelLocateError');
  assert.match(bad.fatal!.message, /^nope: the worker imported .*math\.ts but importing it did not apply @parallel to 'nope' \(decorated at line 12\)/);
  assert.match(bad.fatal!.message, /Functions registered by that module: .*\bsquare\b/);
});

test('chunks in one \'runs\' message all reply, in order; progress says the worker is idle after', async () => {
  const a = run('(x) => -x', [[1, 2]]), b = run('(x) => 2 * x', [[5]]);
  worker.postMessage({ type: 'runs', runs: [a, b] });
  const replies = (await next(2)) as DoneMessage[];
  assert.deepEqual(replies.map((r) => [r.id, r.results]), [[a.id, [-1, -2]], [b.id, [10]]]);
  assert.equal(Atomics.load(progress, Slot.Started), b.id, 'the last chunk committed');
  assert.equal(Atomics.load(progress, Slot.Chunk), -1);
  assert.equal(Atomics.load(progress, Slot.Current), -1);
  assert.equal(Atomics.load(progress, Slot.DoneInChunk), 0);
});

test('a chunk the pool took back (its id in a Stolen slot) is skipped, the slot freed, and the next one runs', async () => {
  const taken = run('(x) => x', [[1]]), kept = run('(x) => x + 100', [[1]]);
  Atomics.store(progress, Slot.Stolen + 3, taken.id);
  worker.postMessage({ type: 'runs', runs: [taken, kept] });
  const [reply] = (await next(1)) as DoneMessage[];
  assert.equal(reply!.id, kept.id);
  assert.deepEqual(reply!.results, [101]);
  assert.equal(Atomics.load(progress, Slot.Stolen + 3), -1);
  assert.equal(inbox.length, 0, 'no reply for the chunk taken back');
});

test('imported outside a worker thread, the entry refuses to run', async () => {
  await assert.rejects(import('../../src/parallel/worker.js'), /src\/parallel\/worker is the entry of a worker thread; it does nothing elsewhere/);
});

test('with notifyStart (a timed run), a finished chunk\'s reply goes out before the next chunk starts', { timeout: 30_000 }, async () => {
  // The pool's timeout clock runs on its oldest unanswered chunk: a reply held back while the next chunk runs
  // long made a finished item time out (and its hanging successor run twice). A worker of its own: this one hangs.
  const own = new Worker(BOOTSTRAP, { eval: true, workerData: { [WORKER_MARKER]: true, entry: ENTRY.href, tsx: tsxLoaders(), progress: new Int32Array(new SharedArrayBuffer(4 * SLOTS)).fill(-1).fill(0, Slot.Lock, Slot.Lock + 1) } });
  try {
    const seen: string[] = [];
    let wakeOwn: (() => void) | undefined;
    own.on('message', (m: WorkerMessage) => {
      for (const r of m.type === 'batch' ? m.replies : [m]) seen.push(`${r.type} ${r.id}`);
      wakeOwn?.();
    });
    // A first chunk alone loads the worker's code, so that the next two run back to back.
    const warm = run('(x) => x', [[0]]);
    own.postMessage(warm);
    while (seen.length < 1) await new Promise<void>((r) => { wakeOwn = r; });
    const fast = run('(x) => x', [[1]], { notifyStart: true });
    const hangs = run('(x) => { for (;;); }', [[2]], { notifyStart: true });
    own.postMessage({ type: 'runs', runs: [fast, hangs] });
    while (seen.length < 4) await new Promise<void>((r) => { wakeOwn = r; });
    assert.deepEqual(seen, [`done ${warm.id}`, `started ${fast.id}`, `done ${fast.id}`, `started ${hangs.id}`]);
  } finally {
    await own.terminate();
  }
});
