// Compilation through the persistent cache (src/jit/cache/compile.ts), driven through compileCached with a
// fresh NUMBAT_CACHE_DIR per test: a miss compiles and stores, the next lookup is a hit that computes what the
// plain function computes (Object.is per number); the counters of the function and of the process move
// together; a corrupt entry is a counted miss and is rewritten; the key holds the values a closure reads
// (0 and -0 apart), the backend route and the scope option; callees found by name are recorded by source;
// compile errors are thrown and never stored; a specialization that binds outside arrays is not stored; a
// failed write never fails the call. cacheEnabled's option-over-environment rule. (The rehearsal and
// prefetchOutside are in tests/jit/cache/prepared.test.ts; other processes in tests/jit/cache/cache.test.ts.)
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JitError, memoJit } from '../../../src/index.js';
import { cacheEnabled, cacheReady, cacheStats, compileCached, emptyCacheStats } from '../../../src/jit/cache/compile.js';
import { hashText } from '../../../src/jit/cache/key.js';
import type { AnyFunction } from '../../../src/decorate.js';
import type { Type } from '../../../src/jit/types.js';

const F64: Type = { kind: 'f64' };
const none = (): undefined => undefined;

function withCacheDir(t: TestContext, body: (jitDir: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'numbat-compile-test-'));
  const saved = process.env['NUMBAT_CACHE_DIR'];
  process.env['NUMBAT_CACHE_DIR'] = root;
  t.after(() => {
    if (saved === undefined) delete process.env['NUMBAT_CACHE_DIR']; else process.env['NUMBAT_CACHE_DIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  });
  body(join(root, 'jit'));
}

function entries(jitDir: string): string[] {
  try {
    return readdirSync(jitDir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
}

function sameResults(fn: AnyFunction, plain: AnyFunction, inputs: readonly number[][]): void {
  for (const args of inputs) {
    const want = plain(...args) as number;
    const got = fn(...args) as number;
    assert.ok(Object.is(got, want), `(${args.join(', ')}): plain ${want}, compiled ${got}`);
  }
}

test('cacheEnabled: the option wins; without it, NUMBAT_CACHE=1 or true, read at each call', () => {
  const saved = process.env['NUMBAT_CACHE'];
  try {
    for (const [env, want] of [[undefined, false], ['1', true], ['true', true], ['0', false], ['yes', false], ['', false], ['TRUE', false]] as const) {
      if (env === undefined) delete process.env['NUMBAT_CACHE']; else process.env['NUMBAT_CACHE'] = env;
      assert.equal(cacheEnabled(undefined), want, `NUMBAT_CACHE=${String(env)}`);
      assert.equal(cacheEnabled(true), true);
      assert.equal(cacheEnabled(false), false);
    }
  } finally {
    if (saved === undefined) delete process.env['NUMBAT_CACHE']; else process.env['NUMBAT_CACHE'] = saved;
  }
});

test('a miss compiles and stores one entry; the next lookup is a hit that computes as the plain function', (t) => withCacheDir(t, (jitDir) => {
  function affine(x: number, k: number): number { return x * k - 0.25; }
  const own = emptyCacheStats();
  const before = cacheStats();
  const first = compileCached(affine, [F64, F64], undefined, none, own);
  assert.equal(first.cache, 'miss');
  assert.ok(first.module, 'a compilation has its IR module');
  assert.equal(entries(jitDir).length, 1);
  const second = compileCached(affine, [F64, F64], undefined, none, own);
  assert.equal(second.cache, 'hit');
  assert.equal(second.module, undefined, 'a hit is not lowered again');
  assert.equal(second.signature, first.signature);
  assert.equal(second.source, first.source);
  sameResults(second.fn, affine, [[1.5, 2], [-0, 3], [0, -1], [NaN, 1], [1e308, 10]]);
  assert.deepEqual({ hits: own.hits, misses: own.misses, writes: own.writes, corrupt: own.corrupt, failedWrites: own.failedWrites }, { hits: 1, misses: 1, writes: 1, corrupt: 0, failedWrites: 0 });
  const after = cacheStats();
  assert.equal(after.hits - before.hits, 1);
  assert.equal(after.misses - before.misses, 1);
  assert.equal(after.writes - before.writes, 1);
  assert.equal(after.directory, jitDir);
  // the stored entry names its argument types and records no callees
  const stored = JSON.parse(readFileSync(join(jitDir, entries(jitDir)[0]!), 'utf8')) as { args: string; callees: unknown[]; random: boolean };
  assert.equal(stored.args, '[{"kind":"f64"},{"kind":"f64"}]');
  assert.deepEqual(stored.callees, []);
  assert.equal(stored.random, false);
}));

test('other argument types are another entry', (t) => withCacheDir(t, (jitDir) => {
  function inc(x: number): number { return x + 1; }
  const own = emptyCacheStats();
  compileCached(inc, [F64], undefined, none, own);
  const asInt = compileCached(inc, [{ kind: 'i32' }], undefined, none, own);
  assert.equal(asInt.cache, 'miss');
  assert.equal(entries(jitDir).length, 2);
  sameResults(asInt.fn, inc, [[1], [-5], [2147483646]]);
}));

test('a corrupt entry is a counted miss, compiled and written again', (t) => withCacheDir(t, (jitDir) => {
  function sq(x: number): number { return x * x; }
  const own = emptyCacheStats();
  compileCached(sq, [F64], undefined, none, own);
  const [name] = entries(jitDir);
  writeFileSync(join(jitDir, name!), '{"key": "trunc');
  const again = compileCached(sq, [F64], undefined, none, own);
  assert.equal(again.cache, 'miss');
  sameResults(again.fn, sq, [[3], [-0.5]]);
  assert.deepEqual({ misses: own.misses, corrupt: own.corrupt, writes: own.writes }, { misses: 2, corrupt: 1, writes: 2 });
  assert.equal(compileCached(sq, [F64], undefined, none, own).cache, 'hit', 'the rewritten entry is whole');
}));

test('the key holds what a closure reads: the same source over 0 and over -0 are two entries', (t) => withCacheDir(t, (jitDir) => {
  const make = (k: number): AnyFunction => function scaled(x: number) { return k * x; };
  const own = emptyCacheStats();
  const plus = make(0);
  const minus = make(-0);
  const a = compileCached(plus, [F64], undefined, none, own);
  const b = compileCached(minus, [F64], undefined, none, own);
  assert.equal(b.cache, 'miss', 'not served the entry compiled for 0');
  sameResults(a.fn, plus, [[1], [-1]]);
  sameResults(b.fn, minus, [[1], [-1]]);
  assert.ok(Object.is(b.fn(1), -0));
  assert.equal(entries(jitDir).length, 2);
  // the same value again: a hit
  assert.equal(compileCached(make(-0), [F64], undefined, none, own).cache, 'hit');
  assert.equal(compileCached(make(2.5), [F64], undefined, none, own).cache, 'miss');
}));

test('the backend route is part of the key: js, and js with fastmath, are two entries', (t) => withCacheDir(t, (jitDir) => {
  function poly(x: number): number { return (x + 1) * (x + 1) - x; }
  const own = emptyCacheStats();
  assert.equal(compileCached(poly, [F64], undefined, none, own, { backend: 'js' }).cache, 'miss');
  assert.equal(compileCached(poly, [F64], undefined, none, own, { backend: 'js', fastmath: true }).cache, 'miss');
  assert.equal(compileCached(poly, [F64], undefined, none, own, { backend: 'js' }).cache, 'hit');
  assert.equal(entries(jitDir).length, 2);
}));

test('the scope option is part of the key, and a callee found by name is recorded with its source hash', (t) => withCacheDir(t, (jitDir) => {
  const plainHelper = function cacheHelperForCompileTest(x: number): number { return x + 100; };
  const helperA = memoJit(plainHelper);
  assert.notEqual(helperA, plainHelper);
  function caller(x: number): number { return cacheHelperForCompileTest(x) * 2; }
  const own = emptyCacheStats();
  const byName = compileCached(caller, [F64], undefined, none, own);
  assert.equal(byName.fn(1), 202);
  const file = JSON.parse(readFileSync(join(jitDir, entries(jitDir)[0]!), 'utf8')) as { callees: Array<[string, string]> };
  // the name, and the hash of the plain (undecorated) function's source text
  assert.deepEqual(file.callees, [['cacheHelperForCompileTest', hashText(Function.prototype.toString.call(plainHelper))]]);
  const other = memoJit(function cacheHelperForCompileTest(x: number): number { return x - 100; });
  const scoped = compileCached(caller, [F64], { cacheHelperForCompileTest: other }, none, own);
  assert.equal(scoped.cache, 'miss', 'another scope is another key');
  assert.equal(scoped.fn(1), -198);
}));

// a name the test above calls; declared so TypeScript knows it (the compiled code resolves it by name)
declare function cacheHelperForCompileTest(x: number): number;

test('a compile error is thrown as it is, located, and nothing is stored', (t) => withCacheDir(t, (jitDir) => {
  function bad(x: number): number {
    const o = { s: 'text' } as { s: unknown };
    return (o.s as number) + x;
  }
  const own = emptyCacheStats();
  assert.throws(() => compileCached(bad, [F64], undefined, none, own), (e: unknown) => e instanceof JitError && e.line !== undefined && /cannot compile field s in bad: object fields hold numbers/.test(e.message));
  assert.deepEqual(entries(jitDir), []);
  assert.equal(own.writes, 0);
}));

test('a specialization reading an outside array runs but is not stored (the array is bound in this process)', (t) => withCacheDir(t, (jitDir) => {
  const table = Float64Array.of(0.5, 1.5, 2.5);
  function lookupScaled(i: number): number { return table[i]! * 2; }
  const own = emptyCacheStats();
  const c = compileCached(lookupScaled, [{ kind: 'i32' }], undefined, none, own);
  sameResults(c.fn, lookupScaled, [[0], [2]]);
  table[0] = 10;
  assert.equal(c.fn(0), 20, 'bound by reference');
  assert.deepEqual(entries(jitDir), []);
  assert.equal(compileCached(lookupScaled, [{ kind: 'i32' }], undefined, none, own).cache, 'miss');
  assert.equal(own.writes, 0);
}));

test('a cache directory that cannot be written never fails the call: failed writes are counted, one warning at most', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'numbat-compile-test-'));
  const saved = process.env['NUMBAT_CACHE_DIR'];
  const warn = t.mock.method(console, 'warn', () => undefined);
  try {
    writeFileSync(join(root, 'file'), 'not a directory');
    process.env['NUMBAT_CACHE_DIR'] = join(root, 'file');
    function cube(x: number): number { return x * x * x; }
    const own = emptyCacheStats();
    const a = compileCached(cube, [F64], undefined, none, own);
    const b = compileCached(cube, [{ kind: 'i32' }], undefined, none, own);
    sameResults(a.fn, cube, [[1.5], [-2]]);
    sameResults(b.fn, cube, [[3]]);
    assert.deepEqual({ misses: own.misses, writes: own.writes, failedWrites: own.failedWrites }, { misses: 2, writes: 0, failedWrites: 2 });
    assert.ok(warn.mock.callCount() <= 1);
  } finally {
    if (saved === undefined) delete process.env['NUMBAT_CACHE_DIR']; else process.env['NUMBAT_CACHE_DIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  }
});

test('cacheReady resolves when nothing is pending', async () => {
  await cacheReady();
  await cacheReady();
  assert.equal(typeof cacheStats().savedMs, 'number');
});
