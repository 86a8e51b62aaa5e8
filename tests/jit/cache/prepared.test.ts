// The rehearsal of a cached first call (cache/compile.ts's prefetchOutside) and the inline caches it prepares
// (dispatch/prepared.ts): prepared only for an entry whose key this process would look up, handed out only to
// the very specialization and tokens it was made for, and the first call's answer unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoJit } from '../../../src/index.js';
import { prefetchOutside } from '../../../src/jit/cache/compile.js';
import { preparedCaches } from '../../../src/jit/dispatch/prepared.js';
import type { AnyFunction } from '../../../src/decorate.js';
import type { Type } from '../../../src/jit/types.js';

function withCacheDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-prepared-test-'));
  const saved = process.env['NUMBAT_CACHE_DIR'];
  process.env['NUMBAT_CACHE_DIR'] = dir;
  return body(dir).finally(() => {
    if (saved === undefined) delete process.env['NUMBAT_CACHE_DIR'];
    else process.env['NUMBAT_CACHE_DIR'] = saved;
    rmSync(dir, { recursive: true, force: true });
  });
}

// Each call makes a new function object with the same source: a fresh process's view of the same function.
const makeAffine = (): AnyFunction => function affine(x: number, k: number) { return x * k + 0.25; };

test('the rehearsal prepares exactly the entries whose key matches, with their argument types', () => withCacheDir(async (dir) => {
  const first = memoJit({ cache: true })(makeAffine());
  assert.equal(first(3, 2), 6.25); // (i32, i32)
  assert.equal(first(1.5, 2.5), 4); // (f64, f64): a second entry (once it exists, its fast path takes integers too)
  const seen: Array<[readonly Type[], AnyFunction]> = [];
  await prefetchOutside(makeAffine(), undefined, {}, (argTypes, fn) => seen.push([argTypes, fn]));
  assert.deepEqual(seen.map(([t]) => t.map((x) => x.kind).join(',')).sort(), ['f64,f64', 'i32,i32']);
  for (const [, fn] of seen) assert.equal(Object.is(fn(1.5, 2.5), 4), true);
  // Another backend route is another key: nothing to prepare for it.
  const other: unknown[] = [];
  await prefetchOutside(makeAffine(), undefined, { backend: 'js', fastmath: true }, (t) => other.push(t));
  assert.deepEqual(other, []);
  // Every entry now stores its argument types (entries written before are served as before, never rehearsed).
  for (const name of readdirSync(join(dir, 'jit')).filter((n) => n.endsWith('.json'))) {
    const file = JSON.parse(readFileSync(join(dir, 'jit', name), 'utf8')) as Record<string, unknown>;
    assert.equal(typeof file['args'], 'string');
  }
}));

test('a cached first call with a prepared fast path answers as the plain function, and misses go to the lookup', () => withCacheDir(async () => {
  const plain = makeAffine();
  memoJit({ cache: true })(makeAffine())(1.5, 2.5);
  const again = memoJit({ cache: true })(makeAffine()) as AnyFunction & { cacheStats(): { hits: number; misses: number } };
  // the rehearsal of `again` runs while the script waits; it is done once its own prefetch has settled
  await prefetchOutside(makeAffine(), undefined, {}, () => undefined);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(again(1.5, 2.5), plain(1.5, 2.5));
  assert.equal(again(-0.5, 1e300), plain(-0.5, 1e300));
  assert.equal(again(2, 3), plain(2, 3)); // integers: the (f64, f64) fast path takes them, nothing compiled
  assert.equal(Object.is(again(-0, 5), plain(-0, 5)), true);
  assert.deepEqual({ hits: again.cacheStats().hits, misses: again.cacheStats().misses }, { hits: 1, misses: 0 });
}));

test('a prepared inline cache is handed out once, only for its own specialization and tokens, with the usual guards', () => {
  const miss = (_self: unknown, ...args: unknown[]): string => `miss ${args.length}`;
  const half = (x: number): number => x / 2;
  const third = (x: number): number => x / 3;
  const prepared = preparedCaches(1, miss);
  prepared.prepare([{ kind: 'f64' }], half);
  assert.equal(prepared.take(['f64'], third), undefined);
  assert.equal(prepared.take(['i32'], half), undefined);
  const ic = prepared.take(['f64'], half)!;
  assert.equal(ic(undefined, 3), 1.5);
  assert.equal(ic(undefined, 'three'), 'miss 1');
  assert.equal(ic(undefined, true), 'miss 1');
  assert.equal(prepared.take(['f64'], half), undefined);
  // Types with no single token (objects, another arity) prepare nothing.
  prepared.prepare([{ kind: 'f64' }, { kind: 'f64' }], half);
  assert.equal(prepared.take(['f64', 'f64'], half), undefined);
  const typed = preparedCaches(1, miss);
  const head = (xs: Float64Array): number | undefined => xs[0];
  typed.prepare([{ kind: 'array', element: 'f64' }], head);
  assert.equal(typed.take(['Float32Array'], head), undefined);
  const typedIc = typed.take(['Float64Array'], head)!;
  assert.equal(typedIc(undefined, Float64Array.of(7)), 7);
  assert.equal(typedIc(undefined, Float32Array.of(7)), 'miss 1');
});

test('memoJit.cacheReady() waits for the prefetch and the rehearsal: the first call after it is a prefetched hit', () => withCacheDir(async () => {
  await memoJit.cacheReady(); // nothing pending from other tests' decorations once this settles
  memoJit({ cache: true })(makeAffine())(1.5, 2.5); // stores the (f64, f64) entry
  const fresh = memoJit({ cache: true })(makeAffine()) as AnyFunction & { cacheStats(): { hits: number; misses: number; prefetched: number } };
  // Right after decoration the entry is still being read (readdir, readFile): only the wait makes it ready.
  await memoJit.cacheReady();
  assert.equal(fresh(1.5, 2.5), 4);
  assert.deepEqual({ ...fresh.cacheStats() }, { ...fresh.cacheStats(), hits: 1, misses: 0, prefetched: 1 });
  await memoJit.cacheReady(); // nothing pending: resolves at once
}));
