#!/usr/bin/env node
// Mutation testing for numbat: small changes to the source (an operator swapped, a comparison loosened, a
// constant moved by one, a condition negated), each run against the focused tests of its module; a mutant the
// tests do not notice ("survived") marks a contract nobody checks. Written for node:test and tsx rather than
// StrykerJS: Stryker's command runner would re-run a whole test process per mutant too, but cannot sample a
// module's mutants (the JIT has thousands) or give each module its own test command and timeout.
//
// Usage: npm run test:mutation -- [--module NAME ...] [--sample N] [--seed S] [--out DIR] [--recheck LOG] [--at FILE:LINE ...] [--skip K] [--list]
//   Modules and their tests are in mutation.config.json (globs survive moves, e.g. src/jit/**/*.ts); `sample`
//   there (or --sample) runs a seeded random sample of a module's mutants. Writes report.json and report.md to
//   reports/mutation/ (or --out DIR). Each mutant runs in a sandbox copy of the project, never in the working tree.
//   --at FILE:LINE (repeatable) runs only the mutants on those lines, to check a survivor against its new test;
//   with --list (also without --at) it prints the mutants a run would take, numbered. --tests PATH (repeatable) replaces the module's tests for this run (a survivor
//   checked against the one test file written for it). --skip K runs the sample from its (K+1)-th mutant on: the rest
//   of a sample a run stopped early (the sample, its order and its numbering are the same as the full run's).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// Flags taking a value, and flags alone. Anything else stops the run before it starts: a mistyped flag (or
// `--help`, which ran a full mutation run of the first module before) must not cost a half-hour run.
const VALUED = new Set(['--module', '--sample', '--seed', '--out', '--recheck', '--at', '--skip', '--tests']);
const ALONE = new Set(['--list', '--help']);
if (args.includes('--help') || args.includes('-h')) {
  const usage = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => /^\/\/ (Usage|  )/.test(l)).map((l) => l.slice(3));
  console.log(usage.join('\n'));
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  if (VALUED.has(args[i]) && i + 1 < args.length && !args[i + 1].startsWith('--')) i++;
  else if (!ALONE.has(args[i])) {
    console.error(`mutate: unknown or incomplete argument ${JSON.stringify(args[i])}; flags: ${[...VALUED].map((f) => `${f} VALUE`).concat([...ALONE]).join(', ')}`);
    process.exit(2);
  }
}
const only = args.flatMap((a, i) => (args[i - 1] === '--module' ? [a] : []));
const testsOverride = args.flatMap((a, i) => (args[i - 1] === '--tests' ? [a] : []));
const at = new Set(args.flatMap((a, i) => (args[i - 1] === '--at' ? [a] : [])));
const config = JSON.parse(readFileSync(join(root, 'mutation.config.json'), 'utf8'));

// ------------------------------------------------------------------------------------------------ files

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
  });
}

function filesOf(globs) {
  const all = walk(join(root, 'src'));
  const res = globs.map(globToRegExp);
  return all.filter((f) => res.some((re) => re.test(f))).sort();
}

// ------------------------------------------------------------------------------------------------ mutants

// Each rule: the operator found in the source, and what it becomes. One table, read by the AST walk below.
const BINARY = {
  '+': ['-'], '-': ['+'], '*': ['/'], '/': ['*'], '%': ['*'],
  '<': ['<=', '>='], '<=': ['<', '>'], '>': ['>=', '<='], '>=': ['>', '<'],
  '===': ['!=='], '!==': ['==='], '==': ['!='], '!=': ['=='],
  '&&': ['||'], '||': ['&&'], '??': ['&&'],
  '&': ['|'], '|': ['&'], '^': ['&'], '<<': ['>>'], '>>': ['<<'], '>>>': ['>>'],
  '+=': ['-='], '-=': ['+='], '*=': ['/='], '/=': ['*='],
};

/** Mutants of one file: { file, line, start, end, original, replacement }. */
function mutantsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const add = (node, replacement, start = node.getStart(source), end = node.getEnd()) => {
    const original = text.slice(start, end);
    if (original === replacement) return;
    out.push({ file, line: source.getLineAndCharacterOfPosition(start).line + 1, start, end, original, replacement });
  };
  const visit = (node) => {
    // Types, imports and decorators compile away: mutating them tests nothing.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node)) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken;
      for (const r of BINARY[op.getText(source)] ?? []) add(op, r);
    } else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      add(node, node.operand.getText(source));
    } else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      add(node, node.operand.getText(source));
    } else if (ts.isNumericLiteral(node)) {
      const v = Number(node.text);
      if (Number.isFinite(v)) add(node, v === 0 ? '1' : String(v + 1));
    } else if (node.kind === ts.SyntaxKind.TrueKeyword) add(node, 'false');
    else if (node.kind === ts.SyntaxKind.FalseKeyword) add(node, 'true');
    else if ((ts.isIfStatement(node) || ts.isWhileStatement(node)) && node.expression) {
      add(node.expression, `!(${node.expression.getText(source)})`);
    } else if (ts.isConditionalExpression(node)) {
      add(node.condition, `!(${node.condition.getText(source)})`);
    } else if (ts.isReturnStatement(node) && node.expression && !ts.isObjectLiteralExpression(node.expression)) {
      add(node.expression, 'undefined');
    } else if (ts.isCallExpression(node) && ts.isExpressionStatement(node.parent)) {
      // A call whose result is unused, dropped: writes, renames, cleanup.
      add(node.parent, ';', node.parent.getStart(source), node.parent.getEnd());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** mulberry32, so a sample is the same on every run with the same seed. */
function sampler(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(mutants, n, seed) {
  if (!n || n >= mutants.length) return mutants;
  const r = sampler(seed);
  const copy = [...mutants];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n).sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
}

// ------------------------------------------------------------------------------------------------ running

function makeSandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-mutation-'));
  for (const name of ['src', 'tests', 'examples', 'scripts', 'bench', 'package.json', 'tsconfig.json']) {
    if (existsSync(join(root, name))) cpSync(join(root, name), join(dir, name), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * One entry module that imports every test file of a module, so a mutant costs one process start rather than
 * one per file (`node --test` would isolate each file in its own process): node:test runs the tests of an
 * imported file and sets a non-zero exit code when one fails.
 */
function entryFor(sandbox, mod) {
  const files = walk(join(root, 'tests')).filter((f) => f.endsWith('.test.ts') && mod.tests.some((t) => f.includes(t)));
  const path = join(sandbox, `.mutation-entry-${mod.name}.mjs`);
  writeFileSync(path, files.map((f) => `await import(${JSON.stringify(`./${f}`)});`).join('\n') + '\n');
  return path;
}

let running;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running) try { process.kill(-running.pid, 'SIGKILL'); } catch { /* gone */ }
    if (sandbox) rmSync(sandbox, { recursive: true, force: true });
    process.exit(130);
  });
}

/** Runs the module's tests in the sandbox: 'pass', 'fail' or 'timeout'. The whole process group is stopped on timeout. */
function runTests(sandbox, entry, timeoutMs, extraEnv = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: sandbox, stdio: ['ignore', 'ignore', 'ignore'], detached: true,
      env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp', NODE_TEST_CONTEXT: undefined, ...extraEnv },
    });
    running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ result: timedOut ? 'timeout' : code === 0 ? 'pass' : 'fail', ms: Date.now() - started });
    });
  });
}

const sampleOverride = option('--sample') === undefined ? undefined : Number(option('--sample'));
const seed = Number(option('--seed') ?? 19);
const modules = config.modules.filter((m) => only.length === 0 || only.includes(m.name));
if (modules.length === 0) {
  console.error(`mutate: no module named ${only.join(', ')}; modules: ${config.modules.map((m) => m.name).join(', ')}`);
  process.exit(2);
}

const report = { date: new Date().toISOString(), seed, modules: [] };
const sandbox = args.includes('--list') ? undefined : makeSandbox();
try {
  for (const configured of modules) {
    const mod = testsOverride.length ? { ...configured, tests: testsOverride } : configured;
    const files = filesOf(mod.files);
    const all = files.flatMap(mutantsOf);
    // --recheck LOG: only the mutants a previous run's log lists as survived (after tests were added).
    const recheck = option('--recheck');
    const survivedBefore = recheck
      ? new Set(readFileSync(recheck, 'utf8').split('\n').filter((l) => l.includes(' survived ')).map((l) => l.replace(/^\[[^\]]*\] \d+\/\d+ survived +/, '')))
      : undefined;
    const key = (m) => `${m.file}:${m.line} ${JSON.stringify(m.original.slice(0, 60))} -> ${JSON.stringify(m.replacement.slice(0, 60))}`;
    const chosen = survivedBefore ? all.filter((m) => survivedBefore.has(key(m)))
      : at.size ? all.filter((m) => at.has(`${m.file}:${m.line}`))
      : sample(all, sampleOverride ?? mod.sample, seed);
    console.log(`\n[${mod.name}] ${files.length} files, ${all.length} mutants, running ${chosen.length}; tests: ${mod.tests.join(' ')}`);
    if (!sandbox) for (const [i, m] of chosen.entries()) console.log(`  ${i + 1}. ${key(m)}`);
    if (!sandbox) continue;
    const entry = entryFor(sandbox, mod);
    const baseline = await runTests(sandbox, entry, 15 * 60_000, mod.env);
    if (baseline.result !== 'pass') {
      console.error(`[${mod.name}] the tests fail without any mutant (${baseline.result}); skipping this module`);
      report.modules.push({ name: mod.name, error: `baseline ${baseline.result}` });
      continue;
    }
    const timeoutMs = Math.max(3 * baseline.ms, baseline.ms + 20_000);
    console.log(`[${mod.name}] baseline passed in ${(baseline.ms / 1000).toFixed(1)} s; timeout per mutant ${(timeoutMs / 1000).toFixed(0)} s`);
    const results = [];
    const skip = Number(option('--skip') ?? 0);
    const entryIndex = report.modules.push({ name: mod.name }) - 1;
    const summarize = () => {
      const detected = results.filter((r) => r.status !== 'survived').length;
      report.modules[entryIndex] = {
        name: mod.name, files, mutants: all.length, run: results.length, planned: chosen.length - skip, skipped: skip,
        killed: results.filter((r) => r.status === 'killed').length, timeout: results.filter((r) => r.status === 'timeout').length,
        survived: results.length - detected, score: results.length ? detected / results.length : null, baselineMs: baseline.ms,
        survivors: results.filter((r) => r.status === 'survived').map(({ file, line, original, replacement }) => ({ file, line, original, replacement })),
      };
    };
    for (const [i, m] of chosen.entries()) {
      if (i < skip) continue;
      const path = join(sandbox, m.file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, original.slice(0, m.start) + m.replacement + original.slice(m.end));
      const { result } = await runTests(sandbox, entry, timeoutMs, mod.env);
      writeFileSync(path, original);
      const status = result === 'pass' ? 'survived' : result === 'timeout' ? 'timeout' : 'killed';
      results.push({ ...m, status });
      const where = `${m.file}:${m.line}`;
      console.log(`[${mod.name}] ${i + 1}/${chosen.length} ${status.padEnd(8)} ${where} ${JSON.stringify(m.original.slice(0, 60))} -> ${JSON.stringify(m.replacement.slice(0, 60))}`);
      // Written after every mutant, so a run stopped early still leaves its numbers.
      summarize();
      writeReport(false);
    }
    summarize();
  }
} finally {
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
}

function writeReport(final) {
  // resolve, not join: an absolute --out (e.g. /tmp/…) stays outside the working tree.
  const dir = resolve(root, option('--out') ?? join('reports', 'mutation'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2));
  const lines = [`# Mutation report (${report.date}, sample seed ${seed})`, '', '| module | mutants | run | killed | timeout | survived | score |', '|---|---|---|---|---|---|---|'];
  const partial = (m) => (m.planned !== undefined && m.run < m.planned ? ` (${m.run} of ${m.planned} so far)` : '');
  for (const m of report.modules) {
    lines.push(m.error ? `| ${m.name} | | | | | | ${m.error} |`
      : m.mutants === undefined ? `| ${m.name} | | | | | | running |`
      : `| ${m.name} | ${m.mutants} | ${m.run}${partial(m)} | ${m.killed} | ${m.timeout} | ${m.survived} | ${m.score === null ? '-' : `${(100 * m.score).toFixed(1)}%`} |`);
  }
  for (const m of report.modules.filter((x) => x.survivors?.length)) {
    lines.push('', `## Survivors in ${m.name}`, '');
    for (const s of m.survivors) lines.push(`- ${s.file}:${s.line}: \`${s.original.replace(/\s+/g, ' ').slice(0, 80)}\` → \`${s.replacement.replace(/\s+/g, ' ').slice(0, 80)}\``);
  }
  writeFileSync(join(dir, 'report.md'), lines.join('\n') + '\n');
  if (final) console.log(`\n${lines.slice(0, 4 + report.modules.length).join('\n')}\n\nreport: ${relative(root, join(dir, 'report.md'))}`);
}

if (!args.includes('--list')) writeReport(true);
