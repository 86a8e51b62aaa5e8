// CI must fail when a test that needs lavapipe, poppler or SLURM skips there (issue 19): scripts/run-tests.mjs
// reads the run's TAP report and, in strict mode (root, or NUMBAT_REQUIRE_SYSTEM=1), turns a skip whose reason
// names such a tool into a failed run. Checked here on fixture test files, run through the real script.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'numbat-system-skips-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, ...skipReasons: string[]): string {
  const sub = mkdtempSync(join(dir, `${name}-`));
  writeFileSync(join(sub, `${name}.test.ts`), [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    ...skipReasons.map((reason, k) => `test('needs tool ${k}', { skip: ${JSON.stringify(reason)} }, () => { assert.fail('skipped'); });`),
    "test('runs', () => { assert.equal(1 + 1, 2); });",
    '',
  ].join('\n'));
  return sub;
}

function run(testRoot: string, requireSystem: '0' | '1'): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs'], {
    cwd: root, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, NUMBAT_TEST_ROOT: testRoot, NUMBAT_REQUIRE_SYSTEM: requireSystem, NODE_TEST_CONTEXT: undefined },
  });
  return { status: r.status, stderr: r.stderr };
}

const reasons = ['no WebGPU adapter (lavapipe not installed)', 'poppler-utils missing: pdffonts not found', 'SLURM: sinfo not found'];

test('strict: a skip for a missing adapter, poppler or SLURM fails the run and is listed', { timeout: 600_000 }, () => {
  const r = run(fixture('tool', ...reasons), '1');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /3 test\(s\) skipped for a missing system tool/);
  for (const k of [0, 1, 2]) assert.ok(r.stderr.includes(`needs tool ${k}`), `skipped test ${k} is named`);
});

test('lax: the same skips pass; strict: a skip for another reason passes', { timeout: 600_000 }, () => {
  assert.equal(run(fixture('lax', ...reasons), '0').status, 0);
  const other = run(fixture('other', 'the Monte Carlo stream differs from numba\'s'), '1');
  assert.equal(other.status, 0, other.stderr);
  assert.doesNotMatch(other.stderr, /missing system tool/);
});
