// scripts/mutate.mjs's command line: `--help` prints the usage, and a mistyped or incomplete flag stops before any
// mutant runs (a bare `--help` used to start a full mutation run of the first module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/mutate.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });

test('mutate --help prints the usage and runs nothing', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: npm run test:mutation -- \[--module NAME/);
  assert.doesNotMatch(r.stdout, /mutants, running/);
});

test('a mistyped or incomplete flag is refused with the list of flags, before any mutant runs', () => {
  for (const args of [['--modul', 'jit-js'], ['--module'], ['--sample', '3', '--lst']]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /mutate: unknown or incomplete argument .*flags: --module VALUE/);
    assert.equal(r.stdout, '');
  }
});
