// src/guard.ts: `isMain(import.meta.url)`, Python's `if __name__ == '__main__'`. Checked in fresh Node
// processes (the started script is the process's own argv[1]): true in the started script, false in a module
// it imports and in a worker thread that imports the script, true through a symlink to the script and for the
// same path with another extension (a compiled `.js` beside its `.ts`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const guard = pathToFileURL(join(import.meta.dirname, '../src/guard.ts')).href;
// The scripts live in a temporary folder, where `--import tsx` would not resolve: tsx by its own URL.
const tsx = import.meta.resolve('tsx');
const tsxApi = import.meta.resolve('tsx/esm/api');

function run(dir: string, script: string): string[] {
  const r = spawnSync(process.execPath, ['--import', tsx, script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

test('true in the started script only: not in what it imports, not in a worker importing it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-guard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'lib.ts'), [
    `import { isMain } from '${guard}';`,
    "export const libIsMain = isMain(import.meta.url);",
  ].join('\n'));
  writeFileSync(join(dir, 'script.ts'), [
    `import { isMain } from '${guard}';`,
    "import { Worker, isMainThread, parentPort } from 'node:worker_threads';",
    "import { libIsMain } from './lib.ts';",
    'const me = isMain(import.meta.url);',
    'if (isMainThread) {',
    "  console.log(`script ${me}`);",
    "  console.log(`lib ${libIsMain}`);",
    // Workers do not inherit `--import`: a boot module registers tsx, then imports this script.
    "  const w = new Worker(new URL('./boot.mjs', import.meta.url));",
    "  w.on('message', (m) => console.log(`worker ${m}`));",
    '} else {',
    '  parentPort!.postMessage(String(me));',
    '}',
  ].join('\n'));
  writeFileSync(join(dir, 'boot.mjs'), `import { register } from '${tsxApi}';\nregister();\nawait import('./script.ts');\n`);
  assert.deepEqual(run(dir, 'script.ts'), ['script true', 'lib false', 'worker false']);
  // A symlink to the script is the same script.
  symlinkSync(join(dir, 'script.ts'), join(dir, 'link.ts'));
  assert.deepEqual(run(dir, 'link.ts').slice(0, 2), ['script true', 'lib false']);
});

test('false for a module URL that is not the started script, and with no script at all', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-guard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'other.ts'), [
    `import { isMain } from '${guard}';`,
    `console.log(isMain(${JSON.stringify(pathToFileURL(join(dir, 'elsewhere.ts')).href)}));`,
    `console.log(isMain(${JSON.stringify(pathToFileURL(join(dir, 'other.js')).href)}));`,
  ].join('\n'));
  // other.js names the same script with another extension (a compiled copy beside its source): the same module.
  assert.deepEqual(run(dir, 'other.ts'), ['false', 'true']);
  const r = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', `import { isMain } from '${guard}'; console.log(isMain(import.meta.url));`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.stdout.trim(), 'false', `no script (-e): ${r.stderr}`);
});
