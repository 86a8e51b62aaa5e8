// The environment-variable reference lists every variable numbat's code reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './snippets.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs|js|sh)$/.test(name) ? [path] : [];
  });
}

/**
 * Variables read in a source file: `process.env.NAME`, `process.env['NAME']`, `process.env[CONST]` where
 * `CONST = 'NAME'` is declared in the same file, and `${NAME:-…}` or `$NAME` tests in shell scripts.
 */
export function variablesRead(text: string, shell: boolean): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/process\.env\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\]/g)) names.add(m[1]!);
  for (const m of text.matchAll(/process\.env\[\s*([A-Za-z_$][\w$]*)\s*\]/g)) {
    const decl = new RegExp(`\\b${m[1]}\\s*=\\s*['"]([A-Z_][A-Z0-9_]*)['"]`).exec(text);
    if (decl) names.add(decl[1]!);
  }
  if (shell) for (const m of text.matchAll(/\$\{(NUMBAT_[A-Z0-9_]*)[:}-]/g)) names.add(m[1]!);
  return [...names];
}

test('the extraction finds the forms of reading a variable', () => {
  const src = "const GPU_ENV = 'NUMBAT_GPU'; if (process.env[GPU_ENV] === 'off' || process.env.CI || process.env['X_Y']) {}";
  assert.deepEqual(variablesRead(src, false).sort(), ['CI', 'NUMBAT_GPU', 'X_Y']);
  assert.deepEqual(variablesRead('if [ "${NUMBAT_SKIP_PYTHON:-0}" != 1 ]; then', true), ['NUMBAT_SKIP_PYTHON']);
});

/**
 * Every variable read in the project's code, with a file that reads it; from the tests only numbat's own
 * (`NUMBAT_…`: replay seeds and the like), not those a test sets for the code under test.
 */
function readVariables(): Map<string, string> {
  const read = new Map<string, string>();
  for (const dir of ['src', 'bench', 'scripts', 'examples', 'tests']) {
    for (const file of files(join(ROOT, dir))) {
      if (file.endsWith('environment.test.ts')) continue; // its own examples of the forms
      for (const name of variablesRead(readFileSync(file, 'utf8'), file.endsWith('.sh'))) {
        if (dir !== 'tests' || name.startsWith('NUMBAT_')) read.set(name, file.slice(ROOT.length));
      }
    }
  }
  return read;
}

const guide = readFileSync(join(ROOT, 'docs/guides/environment.md'), 'utf8');

test('every environment variable the code reads is in docs/guides/environment.md', () => {
  const read = readVariables();
  assert.ok(read.has('NUMBAT_GPU'), 'NUMBAT_GPU is found in src/gpu');
  const missing = [...read].filter(([name]) => !guide.includes(`\`${name}\``)).map(([name, file]) => `${name} (${file})`);
  assert.deepEqual(missing, [], `undocumented: ${missing.join(', ')}`);
});

test('every NUMBAT_ variable docs/guides/environment.md names is read somewhere', () => {
  const read = readVariables();
  const named = [...new Set([...guide.matchAll(/`(NUMBAT_[A-Z0-9_]+)`/g)].map((m) => m[1]!))];
  assert.ok(named.length >= 10, `found ${named.join(', ')}`);
  assert.deepEqual(named.filter((n) => !read.has(n)), [], 'documented, but no code reads it');
});
