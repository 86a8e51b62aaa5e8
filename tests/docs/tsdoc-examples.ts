/**
 * Reports which `@example` blocks of src/ type-check as complete modules (the README's rule), for the
 * `@example` fix-and-test pass that follows the src/ layout merge. Not a test yet: most examples still use
 * names they never import. Usage: node --import tsx tests/docs/tsdoc-examples.ts
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, asModule, packageEntries, snippetFileName, tsdocExamples, type Snippet } from './snippets.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

const dir = join(ROOT, '.cache/tsdoc-examples');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const entries = packageEntries();
const examples: Snippet[] = files(join(ROOT, 'src')).flatMap((f) => tsdocExamples(readFileSync(f, 'utf8'), relative(ROOT, f)));
for (const s of examples) writeFileSync(join(dir, snippetFileName(s)), asModule(s, dir, entries));
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }));
// tsc skips semantic checks while any file has a syntax error: drop the failing files and check again.
const failing = new Set<Snippet>();
for (let pass = 0; pass < 5; pass++) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
  const before = failing.size;
  for (const line of r.stdout.split('\n')) {
    const s = examples.find((x) => !failing.has(x) && line.includes(snippetFileName(x)));
    if (s) {
      failing.add(s);
      rmSync(join(dir, snippetFileName(s)), { force: true });
    }
  }
  if (failing.size === before) break;
}
for (const s of failing) console.log(`${s.file}:${s.line}: does not type-check on its own`);
console.log(`${examples.length - failing.size} of ${examples.length} @example blocks in src/ type-check as complete modules`);
