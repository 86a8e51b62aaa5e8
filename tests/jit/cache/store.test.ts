// The persistent cache's files (src/jit/cache/store.ts): cacheDirectory's order of environment variables, read
// on each use; an entry written and read back whole (with and without the optional Wasm module and argument
// types); 'absent' only for a missing file, 'corrupt' for a truncated, edited, mistyped, renamed or unreadable
// one; the self-check hash of an entry without `args` computed by hand from the documented field order; writes
// that replace an entry whole and leave no temporary file, and a failed write that throws and leaves none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirectory, parseEntry, readEntry, writeEntry, type CacheEntry } from '../../../src/jit/cache/store.js';

const KEY = 'a'.repeat(64);
const ENTRY: CacheEntry = {
  key: KEY, signature: '(f64) -> f64', source: '"use strict"; return function half(x) { return x / 2; };',
  random: false, callees: [['helper', 'b'.repeat(64)]], compileMs: 12.5, reason: "backend: 'js' was requested",
};

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-store-test-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withEnv(vars: Record<string, string | undefined>, body: () => void): void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  try {
    for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    body();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

test('cacheDirectory: NUMBAT_CACHE_DIR, else XDG_CACHE_HOME/numbat, else ~/.cache/numbat; always …/jit, read on each use', () => {
  withEnv({ NUMBAT_CACHE_DIR: '/scratch/me/numbat', XDG_CACHE_HOME: '/xdg' }, () => {
    assert.equal(cacheDirectory(), '/scratch/me/numbat/jit');
    process.env['NUMBAT_CACHE_DIR'] = '/elsewhere';
    assert.equal(cacheDirectory(), '/elsewhere/jit', 'a change in code before the next use is seen');
  });
  withEnv({ NUMBAT_CACHE_DIR: undefined, XDG_CACHE_HOME: '/xdg' }, () => {
    assert.equal(cacheDirectory(), '/xdg/numbat/jit');
  });
  withEnv({ NUMBAT_CACHE_DIR: undefined, XDG_CACHE_HOME: undefined }, () => {
    assert.equal(cacheDirectory(), join(homedir(), '.cache', 'numbat', 'jit'));
  });
  withEnv({ NUMBAT_CACHE_DIR: undefined, XDG_CACHE_HOME: '' }, () => {
    assert.equal(cacheDirectory(), join(homedir(), '.cache', 'numbat', 'jit'), 'an empty XDG_CACHE_HOME counts as unset');
  });
  withEnv({ NUMBAT_CACHE_DIR: '', XDG_CACHE_HOME: '/xdg' }, () => {
    assert.equal(cacheDirectory(), '/xdg/numbat/jit', 'an empty NUMBAT_CACHE_DIR counts as unset too (not ./jit)');
  });
});

test('an entry written is read back whole, creating the directory; another key is absent', () => withDir((root) => {
  const dir = join(root, 'deep', 'er', 'jit');
  writeEntry(dir, ENTRY);
  assert.deepEqual(readEntry(dir, KEY), ENTRY);
  assert.equal(readEntry(dir, 'c'.repeat(64)), 'absent');
  const full: CacheEntry = {
    ...ENTRY, key: 'd'.repeat(64), random: true, callees: [],
    wasm: { bytes: 'AGFzbQEAAAA=', meta: {} as never, reason: 'wasm', wat: '(module)', numbatOnly: false, trapLimit: null },
    args: '[{"kind":"f64"}]',
  };
  writeEntry(dir, full);
  assert.deepEqual(readEntry(dir, full.key), full);
  assert.deepEqual(readdirSync(dir).sort(), [`${'a'.repeat(64)}.json`, `${'d'.repeat(64)}.json`], 'one file per key, no temporaries');
}));

test('writing a key again replaces its entry whole', () => withDir((dir) => {
  writeEntry(dir, ENTRY);
  const newer = { ...ENTRY, signature: '(i32) -> f64', compileMs: 1 };
  writeEntry(dir, newer);
  assert.deepEqual(readEntry(dir, KEY), newer);
  assert.equal(readdirSync(dir).length, 1);
}));

test('the stored check is SHA-256 of the JSON array of the fields in order; an entry without args hashes without it', () => withDir((dir) => {
  writeEntry(dir, ENTRY);
  const stored = JSON.parse(readFileSync(join(dir, `${KEY}.json`), 'utf8')) as Record<string, unknown>;
  const e = ENTRY;
  assert.equal(stored['check'], sha(JSON.stringify([e.key, e.signature, e.source, e.random, e.callees, e.compileMs, e.reason, null])));
  // an entry of the older format (no args), written by hand, is served
  const text = JSON.stringify({ ...e, check: sha(JSON.stringify([e.key, e.signature, e.source, e.random, e.callees, e.compileMs, e.reason, null])) });
  assert.deepEqual(parseEntry(text, KEY), e);
  // with args, the args string is the last element
  const withArgs = { ...e, args: '[]' };
  const text2 = JSON.stringify({ ...withArgs, check: sha(JSON.stringify([e.key, e.signature, e.source, e.random, e.callees, e.compileMs, e.reason, null, '[]'])) });
  assert.deepEqual(parseEntry(text2, KEY), withArgs);
}));

test('a truncated or edited file, or one whose self-check does not match, is corrupt', () => withDir((dir) => {
  writeEntry(dir, ENTRY);
  const path = join(dir, `${KEY}.json`);
  const good = readFileSync(path, 'utf8');
  const stored = JSON.parse(good) as Record<string, unknown>;
  for (let cut = 0; cut < good.length; cut += Math.max(1, Math.floor(good.length / 17))) {
    assert.equal(parseEntry(good.slice(0, cut), KEY), 'corrupt', `cut at ${cut}`);
  }
  const edits: Array<[string, unknown]> = [
    ['signature', '(f64) -> i32'], ['source', 'return 0;'], ['random', true], ['callees', []],
    ['compileMs', 13], ['reason', 'edited'], ['check', 'f'.repeat(64)], ['args', '[]'],
  ];
  for (const [field, value] of edits) {
    assert.equal(parseEntry(JSON.stringify({ ...stored, [field]: value }), KEY), 'corrupt', `${field} edited`);
  }
  assert.equal(parseEntry('', KEY), 'corrupt');
  assert.equal(parseEntry('null', KEY), 'corrupt');
  assert.equal(parseEntry('[]', KEY), 'corrupt');
  assert.deepEqual(parseEntry(good, KEY), ENTRY, 'the untouched text is whole');
}));

test('fields of the wrong type are corrupt, before any hash is compared', () => withDir((dir) => {
  writeEntry(dir, ENTRY);
  const stored = JSON.parse(readFileSync(join(dir, `${KEY}.json`), 'utf8')) as Record<string, unknown>;
  const wrong: Array<[string, unknown]> = [
    ['key', 1], ['signature', null], ['source', 3], ['random', 'false'], ['callees', {}], ['compileMs', '12.5'],
    ['reason', undefined], ['check', 0], ['args', 5], ['wasm', 'bytes'], ['wasm', null], ['wasm', { bytes: 1, wat: '' }], ['wasm', { bytes: '', wat: 2 }],
  ];
  for (const [field, value] of wrong) {
    assert.equal(parseEntry(JSON.stringify({ ...stored, [field]: value }), KEY), 'corrupt', `${field}: ${JSON.stringify(value)}`);
  }
}));

test('a whole entry under another key (a renamed or copied file) is corrupt', () => withDir((dir) => {
  writeEntry(dir, ENTRY);
  const other = 'e'.repeat(64);
  writeFileSync(join(dir, `${other}.json`), readFileSync(join(dir, `${KEY}.json`)));
  assert.equal(readEntry(dir, other), 'corrupt');
  assert.equal(parseEntry(readFileSync(join(dir, `${KEY}.json`), 'utf8'), other), 'corrupt');
  assert.deepEqual(readEntry(dir, KEY), ENTRY);
}));

test('an unreadable entry (a directory in its place) is corrupt, not absent', () => withDir((dir) => {
  mkdirSync(join(dir, `${KEY}.json`));
  assert.equal(readEntry(dir, KEY), 'corrupt');
}));

test('a failed write throws and leaves no temporary file behind', () => withDir((root) => {
  // the directory exists, but the entry's name is a non-empty directory: the rename fails
  mkdirSync(join(root, `${KEY}.json`, 'inside'), { recursive: true });
  assert.throws(() => writeEntry(root, ENTRY));
  assert.deepEqual(readdirSync(root), [`${KEY}.json`]);
  // the cache directory is a file: mkdir fails
  writeFileSync(join(root, 'file'), 'not a directory');
  assert.throws(() => writeEntry(join(root, 'file'), ENTRY));
}));
