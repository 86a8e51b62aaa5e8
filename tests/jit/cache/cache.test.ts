// The persistent cache (src/jit/cache/): hits across processes, invalidation by every input of the key and by
// callees, corrupt and truncated entries ignored and rewritten, several processes writing at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoJit } from '../../../src/index.js';
import { cacheKeyParts } from '../../../src/jit/cache/key.js';
import { readEntry, writeEntry } from '../../../src/jit/cache/store.js';
import { F64, I32 } from '../../../src/jit/types.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

interface ChildResult { results: number[]; stats: { hits: number; misses: number; corrupt: number; writes: number }; inspect: Record<string, string> }

function runChild(dir: string, variant = 'base', extraEnv: Record<string, string> = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, variant], {
      env: { ...process.env, NUMBAT_CACHE: '1', NUMBAT_CACHE_DIR: dir, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'numbat-cache-test-'));
}

function entries(dir: string): string[] {
  return readdirSync(join(dir, 'jit')).filter((f) => f.endsWith('.json')).map((f) => join(dir, 'jit', f));
}

test('a second process loads every specialization from the cache, with the same results and generated code', async () => {
  const dir = tempDir();
  try {
    const first = await runChild(dir);
    assert.deepEqual({ hits: first.stats.hits, misses: first.stats.misses, writes: first.stats.writes }, { hits: 0, misses: 3, writes: 3 });
    const second = await runChild(dir);
    assert.deepEqual({ hits: second.stats.hits, misses: second.stats.misses, writes: second.stats.writes }, { hits: 3, misses: 0, writes: 0 });
    assert.deepEqual(second.results.map(String), first.results.map(String));
    assert.deepEqual(second.inspect, first.inspect);
    assert.equal(entries(dir).length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an edited callee invalidates the caller\'s entry (the callee is checked by its source, not its name)', async () => {
  const dir = tempDir();
  try {
    const base = await runChild(dir);
    const edited = await runChild(dir, 'edited-callee');
    // the two specializations of `outer` (which calls `inner`) miss; the one of `solo` still hits
    assert.equal(edited.stats.misses, 2);
    assert.equal(edited.stats.hits, 1);
    assert.notDeepEqual(edited.results.slice(0, 2), base.results.slice(0, 2));
    const again = await runChild(dir, 'edited-callee');
    assert.equal(again.stats.hits, 3);
    assert.deepEqual(again.results.map(String), edited.results.map(String));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt or truncated entry is ignored, counted and rewritten', async () => {
  const dir = tempDir();
  try {
    const base = await runChild(dir);
    const files = entries(dir).sort();
    const text = readFileSync(files[0]!, 'utf8');
    writeFileSync(files[0]!, text.slice(0, Math.floor(text.length / 2))); // truncated
    // same length, one character of the generated code changed: only the entry's own hash shows it
    writeFileSync(files[1]!, readFileSync(files[1]!, 'utf8').replace('return', 'retura'));
    writeFileSync(files[2]!, ''); // empty
    const after = await runChild(dir);
    assert.deepEqual({ hits: after.stats.hits, misses: after.stats.misses, corrupt: after.stats.corrupt, writes: after.stats.writes }, { hits: 0, misses: 3, corrupt: 3, writes: 3 });
    assert.deepEqual(after.results.map(String), base.results.map(String));
    const healed = await runChild(dir);
    assert.equal(healed.stats.hits, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('several processes filling the same cache at once leave only whole entries, and all compute the same', async () => {
  const dir = tempDir();
  try {
    const runs = await Promise.all(Array.from({ length: 6 }, () => runChild(dir)));
    for (const r of runs) assert.deepEqual(r.results.map(String), runs[0]!.results.map(String));
    const files = entries(dir);
    assert.equal(files.length, 3);
    for (const f of files) {
      const key = f.slice(f.lastIndexOf('/') + 1, -'.json'.length);
      assert.equal(typeof readEntry(join(dir, 'jit'), key), 'object', `${f} is a whole, valid entry`);
    }
    assert.deepEqual(readdirSync(join(dir, 'jit')).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    const next = await runChild(dir);
    assert.equal(next.stats.hits, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the key changes with the source, the argument types and the scope option, and not otherwise', () => {
  function f(x: number): number { return x + 1; }
  function g(x: number): number { return x + 2; }
  function h(x: number): number { return x * 3; }
  const id = (fn: (...a: never[]) => unknown) => fn as never;
  const key = (fn: (x: number) => number, types = [F64], scope?: Record<string, unknown>) =>
    cacheKeyParts({ original: fn, argTypes: types, scope, generate: {} }, id).join('\0');
  assert.equal(key(f), key(f));
  assert.notEqual(key(f), key(g));
  assert.notEqual(key(f), key(f, [I32]));
  assert.notEqual(key(f, [F64], { h }), key(f));
  assert.notEqual(key(f, [F64], { h }), key(f, [F64], { h: g }));
  assert.notEqual(key(f, [F64], { k: Float64Array.of(1) }), key(f, [F64], { k: Float64Array.of(2) }));
});

test('with the cache off (the default) nothing is written; the option overrides NUMBAT_CACHE; a bad option is a TypeError', () => {
  const dir = tempDir();
  const saved = { cache: process.env['NUMBAT_CACHE'], dir: process.env['NUMBAT_CACHE_DIR'] };
  try {
    process.env['NUMBAT_CACHE_DIR'] = dir;
    delete process.env['NUMBAT_CACHE'];
    function sq(x: number): number { return x * x; }
    assert.equal(memoJit(sq)(3), 9);
    process.env['NUMBAT_CACHE'] = '1';
    assert.equal(memoJit({ cache: false })(sq)(4), 16);
    assert.deepEqual(readdirSync(dir), []);
    const cached = memoJit({ cache: true })(sq);
    assert.equal(cached(5), 25);
    assert.equal(cached.cacheStats().writes, 1);
    assert.throws(() => memoJit({ cache: 'yes' as unknown as boolean }), /cache option must be true or false/);
  } finally {
    if (saved.cache === undefined) delete process.env['NUMBAT_CACHE']; else process.env['NUMBAT_CACHE'] = saved.cache;
    if (saved.dir === undefined) delete process.env['NUMBAT_CACHE_DIR']; else process.env['NUMBAT_CACHE_DIR'] = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unwritable cache directory never fails the call: one warning, counted', (t) => {
  const dir = tempDir();
  const saved = process.env['NUMBAT_CACHE_DIR'];
  const warn = t.mock.method(console, 'warn', () => {});
  try {
    writeFileSync(join(dir, 'file'), 'not a directory');
    process.env['NUMBAT_CACHE_DIR'] = join(dir, 'file');
    function cube(x: number): number { return x * x * x; }
    const c = memoJit({ cache: true })(cube);
    assert.equal(c(2), 8);
    assert.equal(c(2.5), 15.625);
    assert.equal(c.cacheStats().failedWrites, 2);
    assert.ok(warn.mock.callCount() <= 1);
  } finally {
    if (saved === undefined) delete process.env['NUMBAT_CACHE_DIR']; else process.env['NUMBAT_CACHE_DIR'] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readEntry tells absent from corrupt, and a valid entry under another key is corrupt', () => {
  const dir = tempDir();
  try {
    assert.equal(readEntry(dir, 'a'.repeat(64)), 'absent');
    writeEntry(dir, { key: 'b'.repeat(64), signature: '(f64) -> f64', source: 'return 1;', random: false, callees: [], compileMs: 3, reason: "backend: 'js' was requested" });
    assert.equal(typeof readEntry(dir, 'b'.repeat(64)), 'object');
    writeFileSync(join(dir, `${'c'.repeat(64)}.json`), readFileSync(join(dir, `${'b'.repeat(64)}.json`)));
    assert.equal(readEntry(dir, 'c'.repeat(64)), 'corrupt');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
