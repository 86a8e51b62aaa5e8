// The persistent cache with Wasm specializations (jit/cache/compile.ts, jit/wasm/index.ts restoreWasm): a
// specialization 'auto' runs on Wasm is stored with its module's bytes and its JS fallback, and a fresh process
// instantiates it again as Wasm, by each of the three routing rules; the backend options are part of the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./cache-child.ts', import.meta.url));

interface ChildResult { results: number[]; stats: { hits: number; misses: number; corrupt: number; writes: number; prefetched: number }; inspect: Record<string, string> }

function runChild(dir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, NUMBAT_CACHE: '1', NUMBAT_CACHE_DIR: dir, NUMBAT_JIT_BACKEND: 'auto' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => (code !== 0 ? reject(new Error(`child exited ${code}: ${err}`)) : resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult)));
  });
}

const WANT = [524, 15.5, 3, 6, 9, 12, 15, 1.5, 3, 6, 9, 12, 15, 1.5];

test('Wasm specializations are stored with their module and come back as Wasm in a fresh process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-wasm-cache-'));
  try {
    const first = await runChild(dir);
    assert.deepEqual(first.results, WANT);
    assert.equal(first.stats.misses, 3);
    assert.equal(first.stats.writes, 3);
    const files = readdirSync(join(dir, 'jit')).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 3);
    for (const f of files) assert.ok(JSON.parse(readFileSync(join(dir, 'jit', f), 'utf8')).wasm, `${f} holds a Wasm module`);
    const second = await runChild(dir);
    assert.deepEqual(second.results, WANT);
    assert.equal(second.stats.hits, 3);
    assert.equal(second.stats.misses, 0);
    // read and compiled before the first calls (prefetch.ts), so no call compiled a module itself
    assert.equal(second.stats.prefetched, 3);
    const text = Object.values(second.inspect).join('\n');
    assert.match(text, /backend: wasm — integer work in a loop kept in i64/);
    assert.match(text, /backend: wasm — reductions over Float64Arrays run in f64x2 lanes \(fastmath\)/);
    assert.match(text, /backend: wasm — loops run in v128 lanes, on arrays in numbat memory/);
    assert.match(text, /1 calls with an array outside numbat memory ran the JS backend/);
    assert.match(text, /so far: 1 calls in Wasm/);
    // a damaged module is a corrupt entry: ignored, compiled again and rewritten
    const f = join(dir, 'jit', files[0]!);
    const stored = JSON.parse(readFileSync(f, 'utf8'));
    stored.wasm.bytes = stored.wasm.bytes.slice(0, 20);
    writeFileSync(f, JSON.stringify(stored));
    const third = await runChild(dir);
    assert.deepEqual(third.results, WANT);
    assert.equal(third.stats.hits, 2);
    assert.equal(third.stats.prefetched, 2, 'the damaged entry is left to the call, which rewrites it');
    assert.equal(third.stats.corrupt, 1);
    assert.equal(third.stats.writes, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
