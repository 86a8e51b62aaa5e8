// analyzeDeclaration (src/jit/frontend/declarations.ts) decides whether a name a compiled function reads from
// outside may be frozen into the compiled code: a wrong "not reassigned" would give a stale value, a wrong
// "not found" makes the JIT give up. Known answers, written from JavaScript's scoping rules, for the cases the
// frontend mutants showed unchecked (issue 19): a `var` in an enclosing function's body, a function nested in
// another, and a binding declared twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDeclaration, type Declaration } from '../../../src/jit/frontend/declarations.js';

/** Analyzes `name` as read by the function whose text is `fnText` in `source` (located as V8 reports it). */
function analyze(source: string, fnText: string, name: string): Declaration | undefined {
  const at = source.indexOf(fnText);
  assert.ok(at >= 0, 'fixture: the function text is in the source');
  const before = source.slice(0, at);
  const line = before.split('\n').length - 1;
  const column = at - (before.lastIndexOf('\n') + 1);
  return analyze0(source, line, column, fnText, name);
}
const analyze0 = analyzeDeclaration;

test('a var in the body of the enclosing function is found there, not at the top level', () => {
  const f = 'function f(x) { return x * K; }';
  const source = `function outer() {\n  var K = 2;\n  ${f}\n  return f;\n}\n`;
  assert.deepEqual(analyze(source, f, 'K'), { kind: 'var', reassigned: false, topLevel: false, module: true, line: 2, column: 6 });
});

test('an arrow with an expression body declares nothing but its parameters', () => {
  const f = '(x) => x * K';
  const source = `const K = 3;\nconst g = (K) => K + 1;\nconst h = ${f};\n`;
  assert.deepEqual(analyze(source, f, 'K'), { kind: 'const', reassigned: false, topLevel: true, module: true, line: 1, column: 6 });
});

test('a function nested in another is looked up from its own position, outward', () => {
  const f = 'function inner(x) { return x * K; }';
  // `outer` starts earlier and also ends elsewhere: only the function whose text ends where `inner` ends is it.
  const source = `const K = 1;\nfunction outer() {\n  const K = 5;\n  ${f}\n  return inner;\n}\n`;
  const d = analyze(source, f, 'K');
  assert.equal(d?.kind, 'const');
  assert.equal(d?.topLevel, false, 'the K of outer, which shadows the top-level one');
  assert.equal(d?.line, 3);
  assert.equal(d?.reassigned, false);
  // Functions after it in the script, with their own K, are not it either.
  const g = 'function g(x) { return x * K; }';
  const later = `const K = 1;\n${g}\nfunction later() { const K = 9; return function h() { return K; }; }\n`;
  assert.deepEqual(analyze(later, g, 'K'), { kind: 'const', reassigned: false, topLevel: true, module: true, line: 1, column: 6 });
});

test('a var or a function declared twice counts as reassigned; declared once, not', () => {
  const f = 'function f(x) { return x * K; }';
  assert.equal(analyze(`var K = 1;\nvar K = 2;\n${f}\n`, f, 'K')?.reassigned, true);
  assert.equal(analyze(`var K = 1;\n${f}\n`, f, 'K')?.reassigned, false);
  const g = 'function g(x) { return h(x); }';
  assert.equal(analyze(`function h(x) { return x; }\nfunction h(x) { return -x; }\n${g}\n`, g, 'h')?.reassigned, true);
  assert.equal(analyze(`function h(x) { return x; }\n${g}\n`, g, 'h')?.reassigned, false);
});

test('writes anywhere in the binding\'s scope make it reassigned; writes to a shadowing binding do not', () => {
  const f = 'function f(x) { return x * K; }';
  assert.equal(analyze(`let K = 1;\n${f}\nK += 1;\n`, f, 'K')?.reassigned, true);
  assert.equal(analyze(`let K = 1;\n${f}\nfunction z() { K++; }\n`, f, 'K')?.reassigned, true);
  assert.equal(analyze(`let K = 1;\n${f}\nfunction z() { let K = 0; K++; }\n`, f, 'K')?.reassigned, false);
  assert.equal(analyze(`var K = 1;\n${f}\nfor (let i = 0; i < 2; i++) { var K = i; }\n`, f, 'K')?.reassigned, true, 'a var declared in a loop is written on every pass');
  assert.equal(analyze(`let K = 1;\n${f}\neval('K = 2');\n`, f, 'K')?.reassigned, true, 'a direct eval may write anything');
});

test('a script that is not a valid module (sloppy-mode octal) is analyzed as a classic script', () => {
  const f = 'function f(x) { return x * K; }';
  assert.deepEqual(analyze(`var K = 010;\n${f}\n`, f, 'K'), { kind: 'var', reassigned: false, topLevel: true, module: false, line: 1, column: 4 });
});

test('a name declared nowhere, or a function text not in the source, is undefined', () => {
  const f = 'function f(x) { return x * K; }';
  assert.equal(analyze(`${f}\n`, f, 'K'), undefined);
  assert.equal(analyze0(`const K = 1;\n`, 0, 0, f, 'K'), undefined);
});
