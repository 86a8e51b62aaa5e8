#!/usr/bin/env node
// Runs every tests/**/*.test.ts with node's built-in test runner, TypeScript loaded through tsx.
// Node 20's `node --test` does not expand globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [substring ...] [--node-test-option ...]
//   substrings: only test files whose path contains one; options (e.g. --test-name-pattern=pi) go to node --test.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const testOptions = process.argv.slice(2).filter((a) => a.startsWith('--'));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// NUMBAT_TEST_ROOT: another directory of test files (tests/_support/system-skips.test.ts runs fixtures with it).
const files = walk(process.env.NUMBAT_TEST_ROOT ?? join(root, 'tests'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const env = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };

// Where the system tools must be present (root, as CI, after scripts/install-system.sh; or
// NUMBAT_REQUIRE_SYSTEM=1), a test that skipped for want of one fails the run, whichever file it is in: the
// same rule as tests/_support/requires.ts, also for files that still skip through their own checks.
const strict = process.env.NUMBAT_REQUIRE_SYSTEM === '1' || (process.env.NUMBAT_REQUIRE_SYSTEM !== '0' && process.getuid?.() === 0);
const SYSTEM_SKIP = /adapter|lavapipe|webgpu|vulkan|poppler|pdffonts|pdftotext|pdfinfo|pdftoppm|slurm|sinfo|sbatch/i;
const userReporter = testOptions.some((o) => o.startsWith('--test-reporter'));
const tapFile = join(mkdtempSync(join(tmpdir(), 'numbat-tests-')), 'report.tap');
const reporters = userReporter
  ? []
  : ['--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout', '--test-reporter', 'tap', '--test-reporter-destination', tapFile];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, ...testOptions, ...files],
  { cwd: root, stdio: 'inherit', env },
);
let status = result.status ?? 1;
if (!userReporter && existsSync(tapFile)) {
  const skips = readFileSync(tapFile, 'utf8').split('\n').filter((line) => /^\s*ok \d+ .*# SKIP/.test(line));
  const systemSkips = skips.filter((line) => SYSTEM_SKIP.test(line));
  if (systemSkips.length > 0 && strict) {
    console.error(`run-tests: ${systemSkips.length} test(s) skipped for a missing system tool, which must be installed here ` +
      '(running as root: scripts/install-system.sh installs lavapipe and poppler; NUMBAT_REQUIRE_SYSTEM=0 allows the skips):');
    for (const line of systemSkips) console.error(`  ${line.trim()}`);
    status = status || 1;
  }
  rmSync(dirname(tapFile), { recursive: true, force: true });
}
process.exit(status);
