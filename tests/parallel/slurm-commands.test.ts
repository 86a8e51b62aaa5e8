// src/parallel/slurm-commands.ts: what the SLURM driver runs outside node. No cluster needed: the index list
// and quoting are checked against what SLURM and sh take, the command runner on node itself, and the working
// directory's removal on real directories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SlurmError, arraySpec, findTool, quote, removeWorkdir, run } from '../../src/parallel/slurm-commands.js';

test('arraySpec writes runs of consecutive indices as ranges, in order, whatever order they come in', () => {
  assert.equal(arraySpec([0]), '0');
  assert.equal(arraySpec([3, 2, 1, 0]), '0-3');
  assert.equal(arraySpec([0, 2, 4]), '0,2,4');
  assert.equal(arraySpec([10, 9, 7, 0, 1, 2, 3]), '0-3,7,9-10');
  assert.equal(arraySpec([]), '');
});

test('quote gives sh back every string exactly, quotes and spaces included', () => {
  for (const s of ["it's", "a b\tc", "$HOME `x` \"y\"", "''", '', 'plain', "\\n'\n'"]) {
    assert.equal(execFileSync('sh', ['-c', `printf %s ${quote(s)}`], { encoding: 'utf8' }), s, JSON.stringify(s));
  }
});

test('findTool finds executables on PATH only', () => {
  assert.equal(findTool('sh')?.endsWith('/sh'), true);
  assert.equal(findTool('numbat-no-such-tool'), undefined);
});

test('run resolves with stdout, and a failing command rejects with a SlurmError quoting it and its stderr', async () => {
  assert.equal((await run(process.execPath, ['-e', 'process.stdout.write("ok")'])).stdout, 'ok');
  const error = await run(process.execPath, ['-e', 'console.error("no such partition"); process.exit(3)']).catch((e: unknown) => e);
  assert.ok(error instanceof SlurmError, String(error));
  assert.equal(error.name, 'SlurmError');
  assert.match(error.message, /failed: no such partition$/);
  assert.match(error.message, /-e console\.error/);
});

test('removeWorkdir removes the run directory, and the default parent only once it is empty', () => {
  const base = mkdtempSync(join(tmpdir(), 'numbat-slurm-commands-'));
  try {
    const parent = join(base, '.numbat-slurm');
    const a = join(parent, 'run-a'), b = join(parent, 'run-b');
    for (const d of [a, b]) {
      mkdirSync(join(d, 'exit'), { recursive: true });
      writeFileSync(join(d, 'exit', '0.17'), '0\n');
    }
    removeWorkdir(a, true, 'f');
    assert.equal(existsSync(a), false);
    assert.equal(existsSync(parent), true, 'another run still uses the parent');
    removeWorkdir(b, true, 'f');
    assert.equal(existsSync(parent), false, 'the empty default parent goes too');
    // A workdir the user named: its parent is theirs and stays.
    const mine = join(base, 'mine', 'run');
    mkdirSync(mine, { recursive: true });
    removeWorkdir(mine, false, 'f');
    assert.equal(existsSync(mine), false);
    assert.equal(existsSync(join(base, 'mine')), true);
    // Already gone: nothing to do, no throw.
    removeWorkdir(mine, false, 'f');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
