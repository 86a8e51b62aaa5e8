/**
 * Code blocks of the README and the guides, as files a test can type-check and run.
 *
 * A block is a fenced ```ts (or ```typescript) block. Words after the language are flags:
 * - none: the block is type-checked as a module of its own (complete: imports, declarations, no placeholders);
 * - `run`: it is also run with tsx, in a scratch working directory; when a ```text block follows it, that is
 *   its standard output, line for line (`…` in an expected line matches any text, e.g. a timing);
 * - `throws`: it is run and must fail; the ```text block after it is the start of the error message
 *   (with the same `…` wildcard), so a troubleshooting entry always quotes numbat's real message.
 *
 * Imports of `numbat` and `numbat/<sub>` are rewritten to the sources, through the package's `exports` map,
 * so the snippets test the working tree rather than a stale `dist/`. In an `@example` of a file under `src/`,
 * a relative import (`./clock.js`) is that file's neighbour, for modules the package does not export.
 * The extraction works on any Markdown, so `@example` blocks can be fed through it too.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One fenced code block and where it came from. */
export interface Snippet {
  /** Repository-relative Markdown file. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The block's language, lower-cased (`ts`, `sh`, `text`, …). */
  readonly lang: string;
  /** Words after the language on the fence line. */
  readonly flags: readonly string[];
  /** The code, without fences. */
  readonly code: string;
  /** The ```text block right after this one (only blank lines or a short lead-in line between), if any. */
  readonly output: string | undefined;
}

/** Every fenced block of a Markdown text, with the text block that follows each. */
export function extractBlocks(markdown: string, file: string): Snippet[] {
  const lines = markdown.split('\n');
  const raw: Array<{ line: number; end: number; lang: string; flags: string[]; code: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence![0] && close[1]!.length >= fence!.length) break;
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!);
    }
    raw.push({ line: i + 1, end: j + 1, lang: lang!.toLowerCase(), flags: rest!.split(/\s+/).filter(Boolean), code: body.join('\n') });
    i = j;
  }
  return raw.map((b, k) => {
    const next = raw[k + 1];
    // The output block must follow closely: blank lines, or one lead-in line ending in a colon ("prints:").
    const between = next ? lines.slice(b.end, next.line - 1).filter((l) => l.trim() !== '') : [];
    const close = between.length === 0 || (between.length === 1 && between[0]!.trim().endsWith(':'));
    const output = next && next.lang === 'text' && close ? next.code : undefined;
    return { file, line: b.line, lang: b.lang, flags: b.flags, code: b.code, output };
  });
}

/** The TypeScript blocks of a Markdown file of the repository. */
export function typescriptSnippets(file: string): Snippet[] {
  return extractBlocks(readFileSync(join(ROOT, file), 'utf8'), file).filter((b) => b.lang === 'ts' || b.lang === 'typescript');
}

/** Source file for each public entry point: `numbat` → `src/index.ts`, `numbat/plot` → `src/plot/index.ts`. */
export function packageEntries(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(pkg.exports)) {
    const target = typeof value === 'string' ? value : (value as { import?: string }).import;
    if (!target || !target.startsWith('./dist/') || !target.endsWith('.js')) continue;
    const specifier = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    entries.set(specifier, join(ROOT, 'src', target.slice('./dist/'.length)));
  }
  return entries;
}

/** The snippet's code with `numbat` imports pointing at the sources, as a file in `dir`. */
export function asModule(snippet: Snippet, dir: string, entries: Map<string, string>): string {
  const code = snippet.code.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(numbat(?:\/[\w-]+)?|\.\.?\/[^'"]+)\2/g, (all, lead: string, q: string, spec: string) => {
    let target: string;
    if (spec.startsWith('.')) {
      // An example in a source file that imports relatively (`./clock.js`) means that file's neighbour: the
      // way a contributor imports a module the package does not export.
      if (!snippet.file.startsWith('src/')) return all;
      target = join(ROOT, dirname(snippet.file), spec);
    } else {
      const src = entries.get(spec);
      if (!src) throw new Error(`${snippet.file}:${snippet.line}: '${spec}' is not an entry point of the package`);
      target = src;
    }
    let rel = relative(dir, target).replace(/\\/g, '/').replace(/\.ts$/, '.js');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${q}${rel}${q}`;
  });
  // A module even without imports or exports, so that each block has its own scope.
  return `// ${snippet.file}:${snippet.line}\n${code}\nexport {};\n`;
}

/** Turns an expected text with `…` wildcards into an anchored regular expression for one line. */
export function lineMatcher(expected: string): RegExp {
  const parts = expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*?')}$`);
}

/** IPython's warning line, which `timeit` prints only when the repeats varied a lot. */
export const TIMEIT_WARNING = /^The slowest run took [\d.]+ times longer than the fastest\. This could mean that an intermediate result is being cached\.$/;

/** Compares printed output with an expected text, line by line; returns a description of the first difference. */
export function outputMismatch(actual: string, expected: string): string | undefined {
  // timeit prints IPython's caching warning before its line when one repeat was over 4× slower than another:
  // it depends on the machine's load, not on the code, so it is left out of the comparison.
  const a = actual.replace(/\s+$/, '').split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => !TIMEIT_WARNING.test(l));
  const e = expected.replace(/\s+$/, '').split('\n').map((l) => l.replace(/\s+$/, ''));
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (i >= e.length) return `unexpected extra line ${i + 1}: ${JSON.stringify(a[i])}`;
    if (i >= a.length) return `missing line ${i + 1}: ${JSON.stringify(e[i])}`;
    if (!lineMatcher(e[i]!).test(a[i]!)) return `line ${i + 1}: expected ${JSON.stringify(e[i])}, got ${JSON.stringify(a[i])}`;
  }
  return undefined;
}

/** Whether an error text contains the expected message (its lines in order, `…` wildcards allowed). */
export function containsMessage(text: string, expected: string): boolean {
  const wanted = expected.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const parts = wanted.map((l) => l.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?'));
  return new RegExp(parts.join('\\s*\\n\\s*(?:.*\\n\\s*)*?'), 'm').test(text);
}

/** A stable, readable file name for a snippet. */
export function snippetFileName(snippet: Snippet): string {
  return `${snippet.file.replace(/[^\w]+/g, '_')}_L${snippet.line}.ts`;
}

/** The directory of this helper (the tests' own folder). */
export const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The fenced blocks of every `@example` tag in a source file's TSDoc comments, located in that file.
 * (For the `@example` pass after the src/ layout merge: the same checks as the README's blocks.)
 */
export function tsdocExamples(source: string, file: string): Snippet[] {
  const out: Snippet[] = [];
  for (const m of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = source.slice(0, m.index).split('\n').length;
    const lines = m[0].split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
    const tag = lines.findIndex((l) => l.startsWith('@example'));
    if (tag === -1) continue;
    // The example runs until the next block tag.
    let end = lines.findIndex((l, i) => i > tag && /^@\w+/.test(l));
    if (end === -1) end = lines.length;
    const blocks = extractBlocks(lines.slice(tag + 1, end).join('\n'), file);
    for (const b of blocks) out.push({ ...b, line: b.line + startLine + tag });
  }
  return out.filter((b) => b.lang === 'ts' || b.lang === 'typescript');
}
