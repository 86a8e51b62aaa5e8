// Every TypeScript block of the README and the guides is a complete module that type-checks against the
// sources; blocks marked `run` also run, and their stated output is compared; blocks marked `throws` must
// fail with the message the docs quote. See tests/docs/snippets.ts for the conventions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  ROOT, asModule, containsMessage, outputMismatch, packageEntries, snippetFileName, typescriptSnippets, type Snippet,
} from './snippets.js';

/** The Markdown files whose code blocks must compile: the README and every guide. */
export function documentedFiles(): string[] {
  const guides = readdirSync(join(ROOT, 'docs/guides')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...guides.map((f) => `docs/guides/${f}`)];
}

const DIR = join(ROOT, '.cache/docs-snippets');
const all: Snippet[] = documentedFiles().flatMap(typescriptSnippets);
/** `excerpt=<file>` blocks quote part of a repository file (the gallery's sources): checked as quotes, not compiled. */
const excerptOf = (s: Snippet): string | undefined => s.flags.find((f) => f.startsWith('excerpt='))?.slice('excerpt='.length);
const snippets = all.filter((s) => excerptOf(s) === undefined);
const entries = packageEntries();
const fileOf = new Map<Snippet, string>();

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
for (const s of snippets) {
  const name = snippetFileName(s);
  writeFileSync(join(DIR, name), asModule(s, DIR, entries));
  fileOf.set(s, join(DIR, name));
}
writeFileSync(
  join(DIR, 'tsconfig.json'),
  JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, sourceMap: false, declaration: false }, include: ['*.ts'] }),
);

test('the README and the guides have TypeScript blocks, and every run/throws flag is known', () => {
  assert.ok(snippets.filter((s) => s.file === 'README.md').length >= 6, 'README blocks found');
  for (const s of snippets) {
    for (const flag of s.flags) assert.ok(flag === 'run' || flag === 'throws', `${s.file}:${s.line}: unknown flag '${flag}'`);
    if (s.flags.includes('throws')) assert.ok(s.output, `${s.file}:${s.line}: a throws block quotes its message in a text block after it`);
  }
});

test('every excerpt block quotes its file verbatim', () => {
  for (const s of all.filter((x) => excerptOf(x) !== undefined)) {
    const source = readFileSync(join(ROOT, excerptOf(s)!), 'utf8');
    assert.ok(source.includes(s.code.trim()), `${s.file}:${s.line}: the quote is no longer in ${excerptOf(s)}`);
  }
});

test('every TypeScript block of the README and the guides type-checks on its own', () => {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(DIR, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  // Errors in the snippets, named by the Markdown file and line the block starts at (errors elsewhere too).
  const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS\d+/.test(l));
  const located = errors.map((l) => {
    const s = snippets.find((x) => l.includes(snippetFileName(x)));
    return s ? `${s.file} (block at line ${s.line}): ${l.slice(l.indexOf('('))}` : l;
  });
  assert.equal(r.status, 0, `tsc failed:\n${located.join('\n') || r.stdout + r.stderr}`);
});

const tsx = import.meta.resolve('tsx');

function runSnippet(s: Snippet): { status: number | null; stdout: string; stderr: string } {
  // A scratch working directory: figures and other files a block writes land there, not in the repository.
  const cwd = mkdtempSync(join(tmpdir(), 'numbat-snippet-'));
  try {
    const r = spawnSync(process.execPath, ['--import', tsx, fileOf.get(s)!], {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp', MESA_SHADER_CACHE_DIR: cwd },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

for (const s of snippets.filter((x) => x.flags.includes('run'))) {
  test(`${s.file}:${s.line} runs${s.output === undefined ? '' : ' and prints what the docs say'}`, () => {
    const r = runSnippet(s);
    assert.equal(r.status, 0, `exit ${r.status}\n${r.stderr}`);
    if (s.output !== undefined) {
      const diff = outputMismatch(r.stdout, s.output);
      assert.equal(diff, undefined, `${diff}\n--- printed:\n${r.stdout}`);
    }
  });
}

// Blocks marked `throws` are imported into this process (a few ms each instead of a Node start-up each): the
// first error they throw, as `Name: message`, must contain the message the docs quote. A block that guards
// its work with isMain (the @parallel examples) runs as the main module of its own process instead, and the
// message is looked for in what Node prints for the uncaught error.
for (const s of snippets.filter((x) => x.flags.includes('throws'))) {
  test(`${s.file}:${s.line} fails with the message the docs quote`, async () => {
    let text: string;
    if (/\bisMain\(/.test(s.code)) {
      const r = runSnippet(s);
      assert.notEqual(r.status, 0, `expected a failure, got exit 0\n${r.stdout}`);
      text = r.stderr;
    } else {
      let thrown: unknown;
      try {
        await import(pathToFileURL(fileOf.get(s)!).href);
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`);
      text = `${thrown.name}: ${thrown.message}`;
    }
    assert.ok(containsMessage(text, s.output!), `expected the message\n${s.output}\n--- got:\n${text}`);
  });
}
