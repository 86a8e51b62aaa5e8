// The source forms `fn.toString()` can give a compiled function (issue 19, frontend mutants): a method written
// in sloppy-mode code parses only as an object-literal method (a class body is strict), so the object form must
// pick that method; an anonymous function expression needs the parenthesized form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';

// Indirect eval runs in sloppy mode: `package` is an identifier there and a reserved word in strict code.
const sloppy = (0, eval)('({ scale(x) { var package = 3; return x * package; } })') as { scale(x: number): number };

test('a method shorthand from sloppy-mode code parses as that method and compiles to the same answers', () => {
  const parsed = parseFunction(sloppy.scale);
  assert.equal(parsed.name, 'scale');
  assert.equal(parsed.params.length, 1);
  assert.equal(parsed.source.slice(parsed.node.start as number, parsed.node.end as number), parsed.source.slice(parsed.source.indexOf('(')));
  const compiled = memoJit(sloppy.scale);
  for (const x of [0, 1.5, -2, 1e300]) assert.ok(Object.is(compiled(x), sloppy.scale(x)), `scale(${x})`);
});

test('an anonymous function expression and an arrow parse with an empty name', () => {
  const anonymous = (0, eval)('(function (x) { return x + 1; })') as (x: number) => number;
  assert.equal(parseFunction(anonymous).name, '');
  assert.equal(parseFunction(anonymous).params.length, 1);
  assert.equal(memoJit(anonymous)(41), 42);
  const arrow = (0, eval)('((a, b) => a * b)') as (a: number, b: number) => number;
  assert.equal(parseFunction(arrow).expressionBody, true);
  assert.equal(memoJit(arrow)(6, 7), 42);
});
