import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { JitError } from '../../../src/jit/errors.js';

test('function declarations, expressions and arrows parse with positions into toString()', () => {
  const sources = [
    'function std(xs) { return xs.length; }',
    'function (xs) { return xs.length; }',
    '(xs) => xs.length',
    'xs => { return xs.length; }',
  ];
  for (const source of sources) {
    const parsed = parseFunction(source);
    assert.equal(parsed.params.length, 1);
    const length = source.indexOf('xs.length');
    // every node position indexes the original text
    const text = source.slice(parsed.body.start, parsed.body.end);
    assert.ok(text.includes('xs.length'), text);
    assert.ok(parsed.body.start <= length);
  }
  assert.equal(parseFunction('(xs) => xs.length').expressionBody, true);
  assert.equal(parseFunction('function std(xs) { return 1; }').name, 'std');
});

test('method shorthand and static methods (what toString() gives for class methods) parse', () => {
  assert.equal(parseFunction('std(xs){return xs.length}').name, 'std');
  assert.equal(parseFunction('static std(xs){return xs.length}').name, 'std');
  const parsed = parseFunction('static std(xs){return xs.length}');
  assert.equal('static std(xs){return xs.length}'.slice(parsed.body.start, parsed.body.end), '{return xs.length}');
});

test('real class methods parse from their toString()', () => {
  class Stats {
    static mean(xs: Float64Array): number {
      let s = 0;
      for (const x of xs) s += x;
      return s / xs.length;
    }
    scale(x: number): number {
      return x * 2;
    }
  }
  assert.equal(parseFunction(Stats.mean).name, 'mean');
  assert.equal(parseFunction(Stats.prototype.scale).name, 'scale');
});

test("esbuild's __name helper wrappers are stripped", () => {
  const parsed = parseFunction('function outer(x){const inner=__name(d=>d+1,"inner");function g(y){return y}__name(g,"g");return inner(x)+g(x)}');
  const body = parsed.body.body as Array<{ type: string; declarations?: Array<{ init: { type: string } }> }>;
  assert.equal(body.length, 3, 'the __name(g, "g") statement is gone');
  assert.equal(body[0]!.declarations![0]!.init.type, 'ArrowFunctionExpression');
});

test('async and generator functions are rejected with a clear error', () => {
  assert.throws(() => parseFunction('async function f(x) { return x; }'), (e: unknown) => e instanceof JitError && /async/.test(e.message));
  assert.throws(() => parseFunction('function* g(x) { yield x; }'), (e: unknown) => e instanceof JitError && /generator/.test(e.message));
  assert.throws(() => parseFunction(Math.sqrt), (e: unknown) => e instanceof JitError && /built-in/.test(e.message));
});

test('minified code parses like any other code', () => {
  const parsed = parseFunction('function a(b){let c=0;for(let d=0;d<b.length;d++)c+=b[d];return c}');
  assert.equal(parsed.name, 'a');
  assert.equal(parsed.params.length, 1);
});
