// Known answers for what the frontend must get right about where a name is declared and where a function is
// (src/jit/frontend/declarations.ts, parse.ts), in the cases the 40-mutant sample of jit-frontend found unchecked
// (issue 19): block-scoped declarations of an enclosing function, two copies of the same function text, a
// reported position past or before the function (a transform shifted the script), a named function expression
// reading its own name, blank lines before a declaration, a declaration on a last line without a newline, and a
// parse failure's message. Each test failed against the mutant it is written for (bench/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDeclaration } from '../../../src/jit/frontend/declarations.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { JitError } from '../../../src/index.js';

/** The 0-based line and column of the first `fnText` in `source` at or after `from` (as V8 reports a function). */
function locate(source: string, fnText: string, from = 0): { line: number; column: number } {
  const at = source.indexOf(fnText, from);
  assert.ok(at >= 0, 'fixture: the function text is in the source');
  const before = source.slice(0, at);
  return { line: before.split('\n').length - 1, column: at - (before.lastIndexOf('\n') + 1) };
}

test('a let or const in a nested block of the enclosing function does not declare the name for the function', () => {
  const f = 'function f(x) { return x * K; }';
  const source = `const K = 1;\nfunction outer() {\n  { let K = 9; }\n  if (true) { const K = 8; }\n  ${f}\n  return f;\n}\n`;
  const { line, column } = locate(source, f);
  assert.deepEqual(analyzeDeclaration(source, line, column, f, 'K'), { kind: 'const', reassigned: false, topLevel: true, module: true, line: 1, column: 6 });
});

test('of two identical function texts on consecutive lines, the one at the reported position is analyzed', () => {
  const f = '(x) => x * K';
  const source = `function one() { const K = 1; return ${f}; }\nfunction two() { const K = 2; return ${f}; }\n`;
  const first = locate(source, f);
  const second = locate(source, f, source.indexOf('\n'));
  assert.equal(first.column, second.column, 'fixture: same column on both lines');
  assert.equal(analyzeDeclaration(source, first.line, first.column, f, 'K')?.line, 1);
  assert.equal(analyzeDeclaration(source, second.line, second.column, f, 'K')?.line, 2);
});

test('a function reported past its own text (lines added before it by a transform) is found looking back', () => {
  const f = 'function f(x) { return x * K; }';
  const source = `const K = 1;\n${f}\n\n\n\nconst after = 0;\n`;
  // two lines further down than the function: its text ends before that position
  assert.deepEqual(analyzeDeclaration(source, 3, 5, f, 'K'), { kind: 'const', reassigned: false, topLevel: true, module: true, line: 1, column: 6 });
});

test('a function reported before its own text (a few columns early) is found looking forward from there', () => {
  const f = 'function f(x) { return x * K; }';
  const source = `const K = 1;\nconst h =      ${f};\n`;
  assert.deepEqual(analyzeDeclaration(source, 1, 0, f, 'K'), { kind: 'const', reassigned: false, topLevel: true, module: true, line: 1, column: 6 });
});

test('far down a script, of two copies of a function text on one line the one at the reported column is analyzed', () => {
  // 60 lines above: a position computed even one character per line too far would land on the second copy.
  const f = '() => K';
  const line = `function a() { const K = 1; return ${f}; } function b() { const K = 2; return ${f}; }`;
  const source = `${'// filler\n'.repeat(60)}${line}\n`;
  const first = line.indexOf(f);
  const second = line.indexOf(f, first + 1);
  assert.equal(analyzeDeclaration(source, 60, first, f, 'K')?.column, line.indexOf('K = 1'));
  assert.equal(analyzeDeclaration(source, 60, second, f, 'K')?.column, line.indexOf('K = 2'));
  // after 60 empty lines (a newline right after a newline), with the second copy on the next line
  const [one, two] = [`function a() { const K = 1; return ${f}; }`, `function b() { const K = 2; return ${f}; }`];
  const blank = `${'\n'.repeat(60)}${one}\n${two}\n${Array.from({ length: 60 }, (_, i) => `const z${i} = ${i};\n`).join('')}`;
  assert.equal(analyzeDeclaration(blank, 60, one.indexOf(f), f, 'K')?.line, 61);
  assert.equal(analyzeDeclaration(blank, 61, two.indexOf(f), f, 'K')?.line, 62);
});

test('a named function expression reading its own name finds itself (a function binding, never reassigned)', () => {
  const f = 'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }';
  const source = `const g = ${f};\n`;
  const { line, column } = locate(source, f);
  assert.deepEqual(analyzeDeclaration(source, line, column, f, 'fact'), { kind: 'function', reassigned: false, topLevel: false, module: true, line: 1, column: 19 });
});

test('blank lines before a declaration are counted in its line', () => {
  const f = 'function f(x) { return x * K; }';
  const source = `// header\n\n\n\nconst K = 1;\n\n${f}\n`;
  const { line, column } = locate(source, f);
  assert.deepEqual(analyzeDeclaration(source, line, column, f, 'K'), { kind: 'const', reassigned: false, topLevel: true, module: true, line: 5, column: 6 });
});

test('a declaration on the last line of a script without a final newline gets that line', () => {
  const f = 'function f(x) { return x * K; }';
  const source = `${f}\n\nvar K = 1;`;
  assert.deepEqual(analyzeDeclaration(source, 0, 0, f, 'K'), { kind: 'var', reassigned: false, topLevel: true, module: true, line: 3, column: 4 });
});

test('a source no form parses is a JitError that carries the parser\'s message', () => {
  // not a function in any wrapper (expression, method shorthand, class member): acorn's first complaint is kept
  assert.throws(() => parseFunction('function (x) { return x +; }'), (e: unknown) =>
    e instanceof JitError && /cannot parse the function's source: Unexpected token \(1:\d+\)/.test(e.message), 'the message names the parser\'s complaint');
});
