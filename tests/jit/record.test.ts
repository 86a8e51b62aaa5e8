// The code-generation recorder (src/jit/record.ts) in a child process with NUMBAT_RECORD_CODEGEN set: it writes
// one file per compiled input, and scripts/compare-codegen.mjs tells identical recordings from different ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = `
  import { memoJit } from './src/index.ts';
  const f = memoJit(function twice(x) { return 2 * x; });
  f(1); f(1.5); f(2);
`;

function record(dir: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root, env: { ...process.env, NUMBAT_RECORD_CODEGEN: dir }, encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
}

test('records one JS file per specialization, and two runs compare identical', () => {
  const base = mkdtempSync(join(tmpdir(), 'numbat-record-'));
  try {
    const a = join(base, 'a');
    const b = join(base, 'b');
    record(a);
    record(b);
    const files = readdirSync(a).sort();
    assert.equal(files.length, 2, 'i32 and f64 specializations');
    assert.ok(files.every((f) => /^js-twice-[0-9a-f]{20}\.js\.txt$/.test(f)), files.join(', '));
    assert.match(readFileSync(join(a, files[0]!), 'utf8'), /function twice/);
    const same = spawnSync(process.execPath, ['scripts/compare-codegen.mjs', a, b], { cwd: root, encoding: 'utf8' });
    assert.equal(same.status, 0, same.stdout);
    writeFileSync(join(b, files[0]!), 'changed');
    const differ = spawnSync(process.execPath, ['scripts/compare-codegen.mjs', a, b], { cwd: root, encoding: 'utf8' });
    assert.equal(differ.status, 1);
    assert.match(differ.stdout, /1 identical, 1 different/);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
