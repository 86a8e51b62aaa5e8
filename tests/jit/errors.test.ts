import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memoJit, JitError } from '../../src/index.js';
import { catchJit } from '../_support/jit-error.js';

const here = fileURLToPath(import.meta.url);
const text = readFileSync(here, 'utf8');

/** 1-based line and column of the first occurrence of `needle` in this file. */
function positionOf(needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function logs(xs: Float64Array) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i]!;
    console.log(s); // MARK-console
  }
  return s;
}

test('a JitError names the file, line, column and construct in the original TypeScript source', () => {
  const e = catchJit(() => memoJit(logs)(Float64Array.from([1])));
  const expected = positionOf('console.log(s); // MARK-console');
  assert.ok(e.file?.endsWith('tests/jit/errors.test.ts'), e.file);
  assert.equal(e.line, expected.line);
  assert.equal(e.column, expected.column);
  assert.match(e.construct, /console/);
  assert.ok(e.message.startsWith(`${e.file}:${e.line}:${e.column}: cannot compile`), e.message);
  assert.match(e.message, /console\.log\(s\); \/\/ MARK-console\n\s*\^/, 'shows the source line with a caret');
});

function forIn(o: Float64Array) {
  let n = 0;
  for (const k in o) n += 1; // MARK-forin
  return n;
}

test('unsupported statements are named', () => {
  const e = catchJit(() => memoJit(forIn)(Float64Array.from([1])));
  assert.equal(e.construct, 'for…in loop');
  assert.equal(e.line, positionOf('for (const k in o) n += 1; // MARK-forin').line);
});

function mixed(flag: boolean) {
  let v: number | Float64Array = 0;
  if (flag) v = new Float64Array(3); // MARK-mixed
  return v;
}

test('type conflicts say which types met where', () => {
  const e = catchJit(() => memoJit(mixed as (flag: boolean) => unknown)(true));
  assert.match(e.message, /'v' holds an integer elsewhere but Float64Array here/);
  assert.equal(e.line, positionOf('if (flag) v = new Float64Array(3); // MARK-mixed').line);
});

function usesOuter(x: number) {
  return x * text.length; // MARK-outer
}

test('outer variables are rejected with a hint', () => {
  const e = catchJit(() => memoJit(usesOuter)(2));
  assert.match(e.message, /'text' is the string .* from outside the function; compiled code can read outside numbers/);
  assert.equal(e.line, positionOf('return x * text.length; // MARK-outer').line);
});

test('without a script (new Function) the position is relative to the function', () => {
  const f = new Function('x', 'let s = 0;\nfor (const k in x) s++;\nreturn s;') as (x: Float64Array) => number;
  const e = catchJit(() => memoJit(f)(Float64Array.from([1])));
  assert.equal(e.file, undefined);
  assert.equal(e.construct, 'for…in loop');
  // toString() of new Function adds a header line: the loop is on line 4 of the function's source
  assert.equal(e.line, f.toString().split('\n').findIndex((l) => l.includes('for (const k in x)')) + 1);
  assert.match(e.message, /^line \d+, column \d+ of function anonymous: cannot compile for…in loop/);
});

function capturing(xs: Float64Array) {
  const scale = xs.length;
  const f = (x: number) => x * scale; // MARK-capture
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

test('inner functions may not capture outer variables; recursion compiles (tests/jit/infer/recursion.test.ts)', () => {
  const e = catchJit(() => memoJit(capturing)(Float64Array.from([1])));
  assert.match(e.message, /'scale' belongs to the enclosing function/);
  assert.equal(e.line, positionOf('const f = (x: number) => x * scale; // MARK-capture').line);
  const jfib = memoJit(fib);
  assert.equal(jfib(10), fib(10));
});

test('async functions are rejected at the first call with a located error', () => {
  const e = catchJit(() => memoJit(async function later(x: number) { return x; })(1));
  assert.match(e.message, /async functions cannot be compiled/);
});
