/**
 * The `@example` blocks of src/, checked as a user would meet them: each block is a module of its own
 * (imports from `numbat` or its subpaths, every name defined), type-checked in one TypeScript program, and a
 * block that states an output (`expr; // → 3`) is run and the output asserted.
 *
 * Stated outputs: a line `EXPR; // → TEXT` or `const NAME = EXPR; // → TEXT` states that the value prints as
 * TEXT in Node's REPL (`util.inspect`: strings in quotes, `…` matches any text, e.g. `0.33…`);
 * `// → throws TEXT` states that the line throws an error whose `String(error)` matches TEXT.
 * Blocks without a stated output are only type-checked (they may write files, start workers or use a GPU).
 *
 * As a script it prints the blocks that fail: node --import tsx tests/docs/tsdoc-examples.ts [src/path ...]
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT, asModule, packageEntries, snippetFileName, tsdocExamples, type Snippet } from './snippets.js';

/** Every `.ts` file under a directory (or the file itself). */
export function sourceFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).sort().flatMap((n) => sourceFiles(join(path, n))).filter((f) => f.endsWith('.ts'));
}

/** The `@example` blocks of every file under `src/` (or of the given repository paths). */
export function srcExamples(paths: readonly string[] = ['src']): Snippet[] {
  return paths.flatMap((p) => sourceFiles(join(ROOT, p))).flatMap((f) => tsdocExamples(readFileSync(f, 'utf8'), relative(ROOT, f)));
}

/** One problem found in an example, at a line of its source file. */
export interface ExampleProblem {
  readonly snippet: Snippet;
  /** `src/…/file.ts:LINE` of the offending line (the fence's line when no better one is known). */
  readonly at: string;
  readonly message: string;
}

/** Source line of a line of the generated module (line 1 is the header, the block's code starts at line 2). */
function sourceLine(s: Snippet, moduleLine: number): number {
  return s.line + moduleLine - 1;
}

/** The directory the generated modules go to. */
export const EXAMPLES_DIR = join(ROOT, '.cache/tsdoc-examples');

/** Type-checks every example as its own module, in one program; returns each diagnostic at its source line. */
export function typeCheckExamples(examples: readonly Snippet[], dir = join(EXAMPLES_DIR, 'check')): ExampleProblem[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entries = packageEntries();
  const byFile = new Map<string, Snippet>();
  for (const s of examples) {
    const file = join(dir, snippetFileName(s));
    writeFileSync(file, asModule(s, dir, entries));
    byFile.set(file, s);
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: [...byFile.keys()], options: { ...config.options, noEmit: true, sourceMap: false, declaration: false } });
  const problems: ExampleProblem[] = [];
  for (const [file, s] of byFile) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${file} is not in the program`);
    // Syntactic and semantic diagnostics per file: unlike tsc's command line, a syntax error in one example
    // does not hide the type errors of the others.
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diags) {
      const line = d.start === undefined ? 1 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
      problems.push({ snippet: s, at: `${s.file}:${sourceLine(s, line)}`, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
  }
  return problems;
}

/** A line that states its output: `EXPR; // → TEXT` or `const|let NAME = EXPR; // → TEXT`. */
const STATED = /^(\s*)(?:(const|let)\s+([A-Za-z_$][\w$]*)(?:\s*:[^=]+)?\s*=\s*)?(.+?);?\s*\/\/ → (.*)$/;

/** Whether an example states an output somewhere, and so is run. */
export function statesOutput(s: Snippet): boolean {
  return s.code.split('\n').some((l) => STATED.test(l));
}

/**
 * The example as a module that checks its stated outputs: each stated line becomes a call of the checker on
 * the same line, so errors keep their line numbers.
 */
export function withChecks(s: Snippet, module: string, checker: string): string {
  const lines = module.split('\n');
  lines[0] = `import { __stated } from ${JSON.stringify(checker)}; ${lines[0]}`;
  for (let i = 1; i < lines.length; i++) {
    const m = STATED.exec(lines[i]!);
    if (!m) continue;
    const [, indent, decl, name, expr, text] = m;
    const at = JSON.stringify(`${s.file}:${sourceLine(s, i + 1)}`);
    const wanted = JSON.stringify(text!.trim());
    lines[i] = decl
      ? `${indent}${decl} ${name} = ${expr}; __stated(() => ${name}, ${wanted}, ${at});`
      : `${indent}__stated(() => (${expr}), ${wanted}, ${at});`;
  }
  return lines.join('\n');
}

/**
 * Runs the examples that state an output, one after another in one Node process (tsx for TypeScript), in a
 * scratch working directory; returns the ones that threw or printed something else than stated.
 */
export function runExamples(examples: readonly Snippet[], dir = join(EXAMPLES_DIR, 'run'), timeoutMs = 300_000): ExampleProblem[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'cwd'), { recursive: true });
  const entries = packageEntries();
  copyFileSync(join(ROOT, 'tests/docs/stated.mjs'), join(dir, 'stated.mjs'));
  const runnable = examples.filter(statesOutput);
  const modules = runnable.map((s) => {
    const file = join(dir, snippetFileName(s));
    writeFileSync(file, withChecks(s, asModule(s, dir, entries), './stated.mjs'));
    return { s, url: pathToFileURL(file).href };
  });
  // The runner reports each example as a JSON line, so one example's console output cannot be mistaken for a result.
  const runner = `const modules = ${JSON.stringify(modules.map((m) => m.url))};
for (const [i, url] of modules.entries()) {
  process.stderr.write('\\u0000start ' + i + '\\n');
  try { await import(url); process.stderr.write('\\u0000ok ' + i + '\\n'); }
  catch (e) { process.stderr.write('\\u0000fail ' + i + ' ' + JSON.stringify(String(e && e.stack || e)) + '\\n'); }
}
`;
  writeFileSync(join(dir, 'runner.mjs'), runner);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'runner.mjs')], {
    cwd: join(dir, 'cwd'), encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const problems: ExampleProblem[] = [];
  const done = new Set<number>();
  let last = -1;
  for (const line of (r.stderr ?? '').split('\n')) {
    const m = /^\u0000(start|ok|fail) (\d+)(?: (.*))?$/.exec(line);
    if (!m) continue;
    const i = Number(m[2]);
    if (m[1] === 'start') last = i;
    else done.add(i);
    if (m[1] === 'fail') {
      const s = modules[i]!.s;
      const text = JSON.parse(m[3]!) as string;
      const located = /^Error: (src\/[^:]+:\d+): ([\s\S]*?)\n/.exec(text);
      problems.push({ snippet: s, at: located?.[1] ?? `${s.file}:${s.line}`, message: located?.[2] ?? text.split('\n').slice(0, 4).join(' | ') });
    }
  }
  for (const [i, { s }] of modules.entries()) {
    if (done.has(i)) continue;
    const why = i === last ? (r.error ? `did not finish (${r.error.message})` : `the process exited (${r.status ?? r.signal}) while it ran`) : 'not reached';
    problems.push({ snippet: s, at: `${s.file}:${s.line}`, message: `${why}${i === last ? `\n${(r.stderr ?? '').slice(-2000)}` : ''}` });
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const paths = process.argv.slice(2);
  const examples = srcExamples(paths.length ? paths : ['src']);
  const problems = typeCheckExamples(examples);
  const bad = new Set(problems.map((p) => p.snippet));
  const run = runExamples(examples.filter((s) => !bad.has(s)));
  for (const p of [...problems, ...run]) console.log(`${p.at}: ${p.message}`);
  for (const p of run) bad.add(p.snippet);
  console.log(`${examples.length - bad.size} of ${examples.length} @example blocks pass (${examples.filter(statesOutput).length} state an output)`);
}
