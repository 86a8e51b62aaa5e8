#!/usr/bin/env node
// Lists the src/ modules without a mirrored test file (src/a/b.ts → tests/a/b.test.ts), issue 10's rule that
// tests mirror src/. For each, it says which test files import the module directly, so that a module tested
// under another name (tests/gpu/codegen-wgsl.test.ts for src/gpu/wgsl/emit.ts) is told apart from one that no
// test imports (reached only through other modules, or not at all).
//   node scripts/unmirrored-tests.mjs            every unmirrored module, with its importing tests
//   node scripts/unmirrored-tests.mjs jit/lower  only modules whose path contains one of the arguments
// Prints a summary line; exit 0 always (a report, not a gate).
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function walk(dir, keep) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path, keep);
    return keep(name) ? [path] : [];
  });
}

const sources = walk(join(root, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'));
const tests = walk(join(root, 'tests'), (n) => /\.(ts|mts|mjs)$/.test(n));

// which src modules each test file imports directly (relative specifiers, `.js` standing for `.ts`)
const importers = new Map();
const SPEC = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
for (const t of tests) {
  const text = readFileSync(t, 'utf8');
  for (const m of text.matchAll(SPEC)) {
    const target = resolve(dirname(t), m[1]).replace(/\.(m?js)$/, '.ts');
    const rel = relative(root, target);
    if (!rel.startsWith('src/')) continue;
    if (!importers.has(rel)) importers.set(rel, new Set());
    importers.get(rel).add(relative(root, t));
  }
}

const rows = [];
for (const src of sources) {
  const rel = relative(root, src);
  const mirror = join(root, 'tests', relative(join(root, 'src'), src)).replace(/\.ts$/, '.test.ts');
  if (existsSync(mirror)) continue;
  if (filters.length > 0 && !filters.some((f) => rel.includes(f))) continue;
  rows.push({ rel, by: [...(importers.get(rel) ?? [])].sort() });
}
const unimported = rows.filter((r) => r.by.length === 0);
for (const { rel, by } of rows) {
  console.log(`${rel}\t${by.length === 0 ? '(no test imports it)' : `imported by ${by.length}: ${by.slice(0, 3).join(', ')}${by.length > 3 ? ', …' : ''}`}`);
}
console.log(`${sources.length} modules in src/, ${rows.length} listed without tests/<same path>.test.ts` +
  `${filters.length ? ` (filter: ${filters.join(' ')})` : ''}, ${unimported.length} of them imported by no test`);
