// src/parallel/spawn.ts: what a worker thread needs to start. Checked: the worker entry sits beside the module
// (worker.ts from the sources, as these tests run them); tsx's ESM and CJS APIs resolve to files that exist;
// spawnNeeds asks for tsx when the entry or the function's module is TypeScript, and for the CommonJS hooks when
// that module is .cjs/.cts; and BOOTSTRAP, run as an eval'd worker, registers tsx and imports a TypeScript entry
// that plain Node could not load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BOOTSTRAP, ENTRY, spawnNeeds, tsxLoaders } from '../../src/parallel/spawn.js';

test('the worker entry is beside the module, and tsx\'s two loaders resolve to existing files', () => {
  assert.ok(ENTRY.pathname.endsWith('/src/parallel/worker.ts'), ENTRY.href);
  assert.ok(existsSync(fileURLToPath(ENTRY)));
  const loaders = tsxLoaders();
  assert.equal(loaders.length, 2, 'ESM and CJS APIs');
  for (const l of loaders) assert.ok(existsSync(fileURLToPath(l)), l);
  assert.equal(tsxLoaders(), loaders, 'resolved once');
});

test('spawnNeeds: tsx for TypeScript entries or modules, the CommonJS hooks for .cjs/.cts modules', () => {
  // These tests run the TypeScript sources, so the entry itself is TypeScript.
  assert.deepEqual(spawnNeeds(undefined), { typescript: true, commonjs: false });
  assert.deepEqual(spawnNeeds('file:///work/sim.mjs'), { typescript: true, commonjs: false });
  assert.deepEqual(spawnNeeds('file:///work/sim.cjs'), { typescript: true, commonjs: true });
  assert.deepEqual(spawnNeeds('file:///work/sim.cts'), { typescript: true, commonjs: true });
  assert.deepEqual(spawnNeeds('file:///work/sim.mts'), { typescript: true, commonjs: false });
});

test('BOOTSTRAP registers tsx in a worker, then imports a TypeScript entry', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-spawn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'entry.ts');
  // Type annotations: plain Node cannot load this file without tsx.
  writeFileSync(entry, "import { parentPort } from 'node:worker_threads';\nconst n: number = 6 * 7;\nparentPort!.postMessage(n);\n");
  const answer = await new Promise<unknown>((resolve, reject) => {
    const w = new Worker(BOOTSTRAP, { eval: true, workerData: { tsx: tsxLoaders(), entry: pathToFileURL(entry).href } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
  assert.equal(answer, 42);
});
