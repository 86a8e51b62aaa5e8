// foldConstant and signedLiteral (src/jit/ops/constants.ts): every Math constant folds to JavaScript's own Math
// value (and to the digits written here by hand), inexact; every Number constant to its value, exact; `-literal`
// to the negated literal, -0 and -Infinity included; nothing is folded for a shadowed Math/Number, a computed or
// unknown member, or a non-literal operand. Compiled through memoJit on both CPU backends, each folded constant
// gives exactly what the plain function gives (Object.is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { foldConstant, signedLiteral } from '../../../src/jit/ops/constants.js';
import { compileError } from '../../_support/jit-error.js';

const expr = (text: string): Node => parseFunction(`(n) => ${text}`).body;
const free = (): boolean => true;

// The eight Math constants with their values to 16-17 significant digits, typed from the ECMAScript spec's
// definitions (e, ln 10, ln 2, log10 e, log2 e, π, √½, √2) and their nearest doubles.
const MATH_BY_HAND: ReadonlyArray<readonly [string, number]> = [
  ['E', 2.718281828459045], ['LN10', 2.302585092994046], ['LN2', 0.6931471805599453], ['LOG10E', 0.4342944819032518],
  ['LOG2E', 1.4426950408889634], ['PI', 3.141592653589793], ['SQRT1_2', 0.7071067811865476], ['SQRT2', 1.4142135623730951],
];

const NUMBER_BY_HAND: ReadonlyArray<readonly [string, number]> = [
  ['EPSILON', 2 ** -52], ['MAX_SAFE_INTEGER', 2 ** 53 - 1], ['MIN_SAFE_INTEGER', -(2 ** 53 - 1)],
  ['MAX_VALUE', (2 - 2 ** -52) * 2 ** 1023], ['MIN_VALUE', 2 ** -1074], ['POSITIVE_INFINITY', Infinity],
  ['NEGATIVE_INFINITY', -Infinity], ['NaN', NaN],
];

test('every Math constant folds to the JS Math constant (and the hand-typed value), as any double', () => {
  assert.deepEqual(MATH_BY_HAND.map(([k]) => k).sort(), Object.getOwnPropertyNames(Math).filter((k) => typeof (Math as unknown as Record<string, unknown>)[k] === 'number').sort());
  for (const [name, value] of MATH_BY_HAND) {
    const c = foldConstant(expr(`Math.${name}`), free);
    assert.ok(c, `Math.${name} folds`);
    assert.equal(c.value, (Math as unknown as Record<string, number>)[name], `Math.${name} is JS's`);
    assert.equal(c.value, value, `Math.${name} by hand`);
    assert.equal(c.exact, false, `Math.${name} is typed as any double`);
    assert.equal(c.literal, undefined);
  }
  // Independent identities the doubles satisfy.
  assert.equal(foldConstant(expr('Math.SQRT2'), free)!.value, Math.sqrt(2));
  assert.equal(foldConstant(expr('Math.SQRT1_2'), free)!.value, Math.sqrt(0.5));
  assert.equal(foldConstant(expr('Math.LN2'), free)!.value, Math.log(2));
  assert.equal(foldConstant(expr('Math.LN10'), free)!.value, Math.log(10));
});

test('every Number constant folds to its value, exactly', () => {
  for (const [name, value] of NUMBER_BY_HAND) {
    const c = foldConstant(expr(`Number.${name}`), free);
    assert.ok(c, `Number.${name} folds`);
    assert.ok(Object.is(c.value, value), `Number.${name}: ${c.value} vs ${value}`);
    assert.ok(Object.is(c.value, (Number as unknown as Record<string, number>)[name]), `Number.${name} is JS's`);
    assert.equal(c.exact, true, `Number.${name} is exact`);
  }
});

test('-literal folds to the negated literal and keeps the literal node', () => {
  for (const [text, value] of [['-5', -5], ['-0', -0], ['-0.5', -0.5], ['-2147483648', -(2 ** 31)], ['-1e309', -Infinity], ['-0x10', -16]] as const) {
    const e = expr(text);
    const c = foldConstant(e, free);
    assert.ok(c, text);
    assert.ok(Object.is(c.value, value), `${text}: ${c.value}`);
    assert.equal(c.exact, true);
    assert.equal(c.literal, (e as Node).argument, `${text}: the literal is the operand node`);
    assert.ok(Object.is(signedLiteral(e), value), `signedLiteral(${text})`);
  }
});

test('nothing folds for shadowed names, computed or unknown members, functions, or non-literal operands', () => {
  assert.equal(foldConstant(expr('Math.PI'), () => false), undefined, 'a Math the function can see');
  assert.equal(foldConstant(expr('Number.EPSILON'), () => false), undefined, 'a Number the function can see');
  for (const text of ['Math["PI"]', 'Math.random', 'Math.floor', 'Math.toString', 'Number.isFinite', 'Number.parseFloat', 'Number.prototype',
    'Number.constructor', 'Math.pi', 'Foo.PI', 'n.PI', '-n', '+5', '5', '-(-5)', '-"5"', '!0', 'n', '-Math.PI']) {
    assert.equal(foldConstant(expr(text), free), undefined, text);
  }
});

// Found by this file: `prop in NUMBER_CONSTANTS` saw Object.prototype's members, so `Number.constructor` folded
// to the function Object, and memoJit emitted its source text into the generated code (a SyntaxError).
test('members Number inherits from Object.prototype are no constants: a located JitError, not broken code', () => {
  for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
    assert.equal(foldConstant(expr(`Number.${name}`), free), undefined, name);
    const e = compileError(new Function('x', `return x + Number.${name};`) as (x: number) => unknown, [1]);
    assert.match(e.message, /Number/, name);
  }
});

test('unbound is asked about the Math or Number identifier itself', () => {
  const asked: string[] = [];
  foldConstant(expr('Math.E'), (id) => (asked.push(id.name as string), true));
  foldConstant(expr('Number.NaN'), (id) => (asked.push(id.name as string), true));
  assert.deepEqual(asked, ['Math', 'Number']);
});

test('signedLiteral: a literal as written, or minus one; undefined for anything else', () => {
  assert.equal(signedLiteral(expr('2')), 2);
  assert.equal(signedLiteral(expr('-1')), -1);
  assert.ok(Object.is(signedLiteral(expr('-0')), -0));
  assert.equal(signedLiteral(expr('n')), undefined);
  assert.equal(signedLiteral(expr('-n')), undefined);
  assert.equal(signedLiteral(expr('+1')), undefined, 'unary plus is not a signed literal');
  assert.equal(signedLiteral(expr('n + 1')), undefined);
});

for (const backend of ['js', 'wasm'] as const) {
  test(`compiled constants (${backend}) equal the plain function's, bit for bit`, () => {
    const jit = memoJit({ backend });
    const names = [...MATH_BY_HAND.map(([k]) => `Math.${k}`), ...NUMBER_BY_HAND.map(([k]) => `Number.${k}`)];
    for (const name of names) {
      // As a value, and in arithmetic with a parameter (where inference's range of the constant matters).
      const plain = new Function('x', `return ${name} * x;`) as (x: number) => number;
      const compiled = jit(plain);
      for (const x of [1, -1, 0, 3, 0.5, 2 ** 31]) assert.ok(Object.is(compiled(x), plain(x)), `${name} * ${x}: ${compiled(x)} vs ${plain(x)}`);
    }
    for (const text of ['-0', '-5', '-2147483648', '-1e309', '-0.5']) {
      const plain = new Function('x', `return (${text}) + x * 0 + (${text});`) as (x: number) => number;
      const compiled = jit(plain);
      for (const x of [0, 1, -1]) assert.ok(Object.is(compiled(x), plain(x)), `${text} with x = ${x}: ${compiled(x)} vs ${plain(x)}`);
      const bare = new Function('x', `return x > 0 ? x : ${text};`) as (x: number) => number;
      assert.ok(Object.is(jit(bare)(-1), bare(-1)), `${text} as a value`);
    }
    // -2^31 and -(2^31 - 1) as int32 bounds: the loop runs as many times as in JS.
    const count = (n: number): number => { let c = 0; for (let i = -2147483648; i < -2147483648 + n; i++) c++; return c; };
    assert.equal(jit(count)(5), 5);
  });
}
