// The worker-side function registry of src/parallel/locate.ts: the worker marker and the shared per-thread state
// (on globalThis, so two loaded copies of numbat see one registry), callerLocation (the first stack frame outside
// numbat, as a file: URL and line; native frames skipped), nextKey's per-module, per-name counters and kind
// prefixes, register/lookup/registeredKeys, and compileSource turning method shorthand, arrows and function
// expressions back into functions (strict mode, esbuild's __name supplied, a non-function refused).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import {
  WORKER_MARKER, callerLocation, compileSource, inParallelWorker, lookup, nextKey, parallelState, register, registeredKeys,
  type RegisteredFunction,
} from '../../src/parallel/locate.js';

// A module URL of its own per test, so counters and registrations of other tests (or other files) never mix in.
let urls = 0;
const freshUrl = (): string => `file:///numbat-tests/locate-${process.pid}-${++urls}.ts`;
const entry = (fn: (...a: never[]) => unknown, kind: RegisteredFunction['kind'] = 'function'): RegisteredFunction =>
  ({ fn: fn as RegisteredFunction['fn'], owner: undefined, wrapper: undefined, kind });

/** Line of the caller of this helper, read from a plain Error's stack (independent of callerLocation). */
function lineHere(): number {
  const frame = new Error().stack!.split('\n')[2]!;
  return Number(/:(\d+):\d+\)?$/.exec(frame)![1]);
}

test('the worker marker, and the main thread is not a worker', () => {
  assert.equal(WORKER_MARKER, 'numbat.parallel.worker');
  assert.equal(inParallelWorker, false);
});

test('inParallelWorker is true only in a thread started with the marker set to true', async () => {
  const moduleUrl = new URL('../../src/parallel/locate.ts', import.meta.url).href;
  // Node's --import tsx does not reach worker threads: the worker registers tsx itself, then imports locate.ts.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const code = `const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(moduleUrl)}); })
      .then((m) => parentPort.postMessage(m.inParallelWorker), (e) => parentPort.postMessage(String(e)));`;
  const run = (workerData: unknown) => new Promise<unknown>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData });
    w.once('message', (v) => { resolve(v); void w.terminate(); });
    w.once('error', reject);
  });
  assert.equal(await run({ [WORKER_MARKER]: true }), true);
  assert.equal(await run({ [WORKER_MARKER]: 'yes' }), false, 'only the value true counts');
  assert.equal(await run({}), false);
  assert.equal(await run(null), false);
});

test('parallelState is one object per thread, kept on globalThis under a registered symbol', () => {
  const s = parallelState();
  assert.equal(parallelState(), s);
  assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('numbat.parallel.state')], s, 'a second copy of numbat finds the same state');
  assert.equal(s.importing, 0, 'nothing is being imported by a worker here');
  assert.ok(s.registry instanceof Map && s.counters instanceof Map);
});

test('callerLocation names this test file and the line of the call', () => {
  const where = callerLocation(); const line = lineHere();
  assert.ok(where);
  assert.equal(where.url, import.meta.url);
  assert.equal(where.url, pathToFileURL(new URL(import.meta.url).pathname).href);
  assert.equal(where.line, line);
});

test('callerLocation skips frames without a file (a native Array.prototype.map) and finds the caller beyond', () => {
  const [where] = [0].map(() => undefined).map(callerLocation as () => ReturnType<typeof callerLocation>); const line = lineHere();
  assert.ok(where);
  assert.equal(where.url, import.meta.url);
  assert.equal(where.line, line);
});

test('nextKey: the name first, then name#1, name#2 for repeats in one module; counters are per module', () => {
  const a = freshUrl();
  const b = freshUrl();
  assert.equal(nextKey(a, 'function', 'square'), 'square');
  assert.equal(nextKey(a, 'function', 'square'), 'square#1');
  assert.equal(nextKey(a, 'function', 'square'), 'square#2');
  assert.equal(nextKey(a, 'function', 'cube'), 'cube', 'another name counts from zero');
  assert.equal(nextKey(b, 'function', 'square'), 'square', 'another module counts from zero');
});

test('nextKey: static methods get a "static " prefix; instance methods share the bare name with functions', () => {
  const url = freshUrl();
  assert.equal(nextKey(url, 'static', 'fallTime'), 'static fallTime');
  assert.equal(nextKey(url, 'instance', 'fallTime'), 'fallTime');
  assert.equal(nextKey(url, 'static', 'fallTime'), 'static fallTime#1');
  assert.equal(nextKey(url, 'function', 'fallTime'), 'fallTime#1', 'same base key as the instance method: one counter');
});

test('nextKey: an anonymous function is "(anonymous)", counted like any name', () => {
  const url = freshUrl();
  assert.equal(nextKey(url, 'function', ''), '(anonymous)');
  assert.equal(nextKey(url, 'function', ''), '(anonymous)#1');
});

test('register, lookup and registeredKeys: per module, in registration order, a key registered twice replaced', () => {
  const url = freshUrl();
  const other = freshUrl();
  const square = (x: number) => x * x;
  const cube = (x: number) => x * x * x;
  assert.equal(lookup(url, 'square'), undefined);
  assert.deepEqual(registeredKeys(url), []);
  register(url, 'square', entry(square));
  register(url, 'static fallTime', entry(cube, 'static'));
  assert.equal(lookup(url, 'square')?.fn(3), 9);
  assert.equal(lookup(url, 'static fallTime')?.kind, 'static');
  assert.deepEqual(registeredKeys(url), ['square', 'static fallTime']);
  register(url, 'square', entry(cube));
  assert.equal(lookup(url, 'square')?.fn(3), 27, 'the later registration wins');
  assert.deepEqual(registeredKeys(url), ['square', 'static fallTime'], 'no duplicate key');
  assert.equal(lookup(other, 'square'), undefined, 'another module sees nothing');
  assert.equal(lookup(url, 'square#1'), undefined);
});

test('register writes into the shared state, and owner/wrapper stay writable for the decorator', () => {
  const url = freshUrl();
  const e = entry((x: number) => x);
  register(url, 'id', e);
  assert.equal(parallelState().registry.get(url)?.get('id'), e);
  class Body {}
  e.owner = Body;
  assert.equal(lookup(url, 'id')?.owner, Body);
});

test('compileSource: function expressions and arrows of every form', () => {
  assert.equal(compileSource('function square(x) { return x * x; }')(4), 16);
  assert.equal(compileSource('function (x) { return x + 1; }')(4), 5);
  assert.equal(compileSource('(a, b) => a + b')(1, 2), 3);
  assert.equal(compileSource('x => x * 2')(21), 42);
  assert.equal(compileSource('({ a, b }) => a - b')({ a: 5, b: 3 }), 2);
  assert.equal(compileSource('\n   (x) => -x  \n')(7), -7, 'surrounding whitespace is trimmed');
  assert.equal(compileSource('(a, b = Math.max(1, 2)) => a + b')(1), 3, 'nested parentheses in the parameters');
});

test('compileSource: method shorthand, async and generator methods become function expressions', async () => {
  const square = compileSource('square(x) { return x * x; }');
  assert.equal(square(3), 9);
  assert.equal(square.name, 'square');
  const later = compileSource('async later(x) { return x + 1; }');
  assert.equal(await later(1), 2);
  const gen = compileSource('*count(n) { for (let i = 0; i < n; i++) yield i; }');
  assert.deepEqual([...(gen(3) as Iterable<number>)], [0, 1, 2]);
  const agen = compileSource('async *ticks(n) { for (let i = 0; i < n; i++) yield i * 10; }');
  const seen: number[] = [];
  for await (const v of agen(3) as AsyncIterable<number>) seen.push(v);
  assert.deepEqual(seen, [0, 10, 20]);
  assert.equal(compileSource('asyncStep(x) { return x * 3; }')(2), 6, 'a name beginning with "async" is a plain method');
});

test('compileSource: async functions and async arrows', async () => {
  assert.equal(await compileSource('async function f(x) { return x * 2; }')(5), 10);
  assert.equal(await compileSource('async (x) => x * 3')(5), 15);
  assert.equal(await compileSource('async x => x * 4')(5), 20);
});

test("compileSource: strict mode, and esbuild's __name helper is supplied and returns its argument", () => {
  assert.equal(compileSource('function () { return this; }')(), undefined, 'strict: no global this');
  const f = compileSource('function outer() { const inner = __name(function inner(y) { return y + 1; }, "inner"); return inner(1); }');
  assert.equal(f(), 2);
});

test('compileSource: a source that is not a function is refused with a TypeError', () => {
  assert.throws(() => compileSource('42'), { name: 'TypeError', message: 'source did not evaluate to a function' });
  assert.throws(() => compileSource('"square"'), TypeError);
  assert.throws(() => compileSource('({ a: 1 })'), TypeError);
  assert.throws(() => compileSource('square(x) {'), SyntaxError, 'broken source is a syntax error');
});
