// Reading a function's cache entries ahead of its first call (src/jit/cache/prefetch.ts). Entries are stored by
// compileCached under a temporary NUMBAT_CACHE_DIR, then read for a fresh function object of the same source (a
// later process's view): entryPrefix is the first 16 hex digits of the source hash and starts every key of the
// function; prefetchEntries reads exactly that function's whole entries (not another function's, not a corrupt
// or stray file), once per function object; preparedEntries lists the ready ones without handing them out;
// takePrefetched hands each out once. Every prepared specialization, JS or Wasm, computes what the plain
// function computes (Object.is per number).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCached, emptyCacheStats } from '../../../src/jit/cache/compile.js';
import { hashText } from '../../../src/jit/cache/key.js';
import { entryPrefix, preparedEntries, prefetchEntries, takePrefetched } from '../../../src/jit/cache/prefetch.js';
import type { AnyFunction } from '../../../src/decorate.js';
import type { Type } from '../../../src/jit/types.js';

const F64: Type = { kind: 'f64' };
const I32: Type = { kind: 'i32' };
const none = (): undefined => undefined;

/** A fresh function object each call, with one source text. */
const makeBlend = (): AnyFunction => function blend(x: number, y: number) { return 0.75 * x + 0.25 * y; };
const makeOther = (): AnyFunction => function other(x: number) { return x - 1; };

function withStore(t: TestContext): string {
  const root = mkdtempSync(join(tmpdir(), 'numbat-prefetch-test-'));
  const saved = process.env['NUMBAT_CACHE_DIR'];
  process.env['NUMBAT_CACHE_DIR'] = root;
  t.after(() => {
    if (saved === undefined) delete process.env['NUMBAT_CACHE_DIR']; else process.env['NUMBAT_CACHE_DIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  });
  return join(root, 'jit');
}

function store(fn: AnyFunction, argTypes: Type[], backend: { backend?: 'js' | 'wasm' } = { backend: 'js' }): void {
  assert.equal(compileCached(fn, argTypes, undefined, none, emptyCacheStats(), backend).cache, 'miss');
}

const keysIn = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();

test('entryPrefix is the first 16 hex digits of the source hash, and starts every key stored for the function', (t) => {
  const dir = withStore(t);
  const f = makeBlend();
  const prefix = entryPrefix(f);
  assert.equal(prefix, hashText(Function.prototype.toString.call(f)).slice(0, 16));
  assert.equal(entryPrefix(makeBlend()), prefix, 'one source, one prefix');
  assert.notEqual(entryPrefix(makeOther()), prefix);
  store(f, [F64, F64]);
  store(f, [I32, I32]);
  const keys = keysIn(dir);
  assert.equal(keys.length, 2);
  for (const k of keys) assert.ok(k.startsWith(prefix), `${k} starts with ${prefix}`);
});

test('a later function object of the same source gets every stored entry ready, each computing as the plain function', async (t) => {
  const dir = withStore(t);
  store(makeBlend(), [F64, F64]);
  store(makeBlend(), [I32, I32]);
  const later = makeBlend();
  assert.deepEqual(preparedEntries(later), [], 'nothing before the prefetch');
  await prefetchEntries(later, dir);
  const ready = preparedEntries(later);
  assert.deepEqual(ready.map((r) => r.entry.key).sort(), keysIn(dir));
  for (const r of ready) {
    assert.equal(r.choice.backend, 'js');
    for (const [x, y] of [[1.5, -2], [4, 8], [-0, -0], [NaN, 1]] as const) {
      const want = later(x, y) as number;
      assert.ok(Object.is(r.choice.fn(x, y), want), `${r.entry.args}: (${x}, ${y}) gives ${want}`);
    }
  }
  assert.deepEqual(ready.map((r) => r.entry.args).sort(), ['[{"kind":"f64"},{"kind":"f64"}]', '[{"kind":"i32"},{"kind":"i32"}]']);
});

test('takePrefetched hands an entry out once; preparedEntries hands nothing out', async (t) => {
  const dir = withStore(t);
  store(makeBlend(), [F64, F64]);
  const [key] = keysIn(dir);
  const later = makeBlend();
  await prefetchEntries(later, dir);
  assert.equal(preparedEntries(later).length, 1);
  assert.equal(preparedEntries(later).length, 1, 'listing twice hands nothing out');
  assert.equal(takePrefetched(later, 'f'.repeat(64)), undefined, 'another key');
  assert.equal(takePrefetched(makeBlend(), key!), undefined, 'another function object, never prefetched');
  const taken = takePrefetched(later, key!);
  assert.ok(taken);
  assert.equal(taken.entry.key, key);
  assert.equal(taken.choice?.fn(2, 6), 3);
  assert.equal(takePrefetched(later, key!), undefined, 'handed out once');
  assert.deepEqual(preparedEntries(later), []);
});

test('only this function\'s whole entries are read: not another function\'s, nor a corrupt or stray file', async (t) => {
  const dir = withStore(t);
  store(makeBlend(), [F64, F64]);
  store(makeOther(), [F64]);
  const [good] = keysIn(dir).filter((k) => k.startsWith(entryPrefix(makeBlend())));
  const prefix = entryPrefix(makeBlend());
  const corrupt = prefix + 'c'.repeat(48);
  writeFileSync(join(dir, `${corrupt}.json`), '{"key": "trunc');
  writeFileSync(join(dir, `${prefix}${'d'.repeat(48)}.json.tmp`), 'not an entry');
  const later = makeBlend();
  await prefetchEntries(later, dir);
  assert.deepEqual(preparedEntries(later).map((r) => r.entry.key), [good]);
  assert.equal(takePrefetched(later, corrupt), undefined);
  const laterOther = makeOther();
  assert.deepEqual(preparedEntries(laterOther), [], 'the other function was not prefetched');
  await prefetchEntries(laterOther, dir);
  assert.equal(preparedEntries(laterOther).length, 1);
  assert.equal(preparedEntries(laterOther)[0]!.choice.fn(5), 4);
});

test('no cache directory: the prefetch settles with nothing read', async (t) => {
  const dir = withStore(t);
  const f = makeBlend();
  await prefetchEntries(f, join(dir, 'never', 'made'));
  assert.deepEqual(preparedEntries(f), []);
});

test('once per function object: a second prefetch is the first one\'s promise and reads nothing new', async (t) => {
  const dir = withStore(t);
  store(makeBlend(), [F64, F64]);
  const later = makeBlend();
  const first = prefetchEntries(later, dir);
  const second = prefetchEntries(later, dir);
  assert.equal(second, first);
  await first;
  store(makeBlend(), [I32, I32]); // stored after the read
  await prefetchEntries(later, dir);
  assert.equal(preparedEntries(later).length, 1);
  assert.equal(JSON.parse(preparedEntries(later)[0]!.entry.args!)[0].kind, 'f64');
});

test('a stored Wasm specialization is prepared with its compiled module, computing as the plain function', async (t) => {
  const dir = withStore(t);
  const makeSteps = (): AnyFunction => function steps(n: number) {
    let x = n, s = 0;
    while (x !== 1) { x = x % 2 === 0 ? x / 2 : 3 * x + 1; s++; }
    return s;
  };
  store(makeSteps(), [I32], { backend: 'wasm' });
  assert.equal(keysIn(dir).length, 1, 'a Wasm specialization is stored with its module');
  const later = makeSteps();
  await prefetchEntries(later, dir);
  const [ready] = preparedEntries(later);
  assert.ok(ready);
  assert.ok(ready.entry.wasm, 'the entry carries its module');
  assert.equal(ready.choice.backend, 'wasm');
  for (const n of [1, 6, 27, 97]) assert.equal(ready.choice.fn(n), later(n), `steps(${n})`);
});
