// src/jit/ops/constants.ts: expressions whose value is fixed by the language (`-literal`, `Math.PI`,
// `Number.EPSILON`, …), folded once for every stage. Checked against JavaScript's own values (Object.is, so
// -0 and NaN count), for the unbound globals only (a local named Math folds nothing), and through memoJit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { foldConstant, signedLiteral } from '../../../src/jit/ops/constants.js';
import { memoJit } from '../../../src/index.js';

const expr = (src: string): Node => parseFunction(`() => ${src}`).body;
const unbound = (): boolean => true;

test('every Math constant folds to JavaScript\'s value, as a double of unknown range', () => {
  for (const name of ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'] as const) {
    const folded = foldConstant(expr(`Math.${name}`), unbound);
    assert.ok(folded, name);
    assert.ok(Object.is(folded.value, Math[name]), `Math.${name}`);
    assert.equal(folded.exact, false, 'Math constants are typed as doubles, not ranges');
  }
  assert.equal(foldConstant(expr('Math.sqrt'), unbound), undefined, 'a Math function is not a constant');
  assert.equal(foldConstant(expr('Math.TAU'), unbound), undefined, 'not a member of Math');
});

test('Number constants fold exactly, with their JavaScript values', () => {
  for (const name of ['EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'MAX_VALUE', 'MIN_VALUE', 'POSITIVE_INFINITY', 'NEGATIVE_INFINITY', 'NaN'] as const) {
    const folded = foldConstant(expr(`Number.${name}`), unbound);
    assert.ok(folded, name);
    assert.ok(Object.is(folded.value, Number[name]), `Number.${name}`);
    assert.equal(folded.exact, true);
  }
  assert.equal(foldConstant(expr('Number.isFinite'), unbound), undefined);
});

test('-literal folds to the negated literal (including -0) and names the literal', () => {
  for (const [src, value] of [['-1', -1], ['-0', -0], ['-2.5e300', -2.5e300], ['-Infinity', undefined]] as const) {
    const e = expr(src);
    const folded = foldConstant(e, unbound);
    if (value === undefined) {
      assert.equal(folded, undefined, `${src}: Infinity is an identifier, not a literal`);
      continue;
    }
    assert.ok(folded && Object.is(folded.value, value), src);
    assert.equal(folded.exact, true);
    assert.equal(folded.literal, e.argument, 'the positive literal node, which inference records');
  }
  assert.equal(foldConstant(expr('-x'), unbound), undefined);
  assert.equal(foldConstant(expr('-"3"'), unbound), undefined, 'a string literal is not folded');
});

test('a shadowed Math or Number, a computed member, or another object folds nothing', () => {
  assert.equal(foldConstant(expr('Math.PI'), () => false), undefined, 'Math bound to a local');
  assert.equal(foldConstant(expr('Math["PI"]'), unbound), undefined);
  assert.equal(foldConstant(expr('Maths.PI'), unbound), undefined);
});

test('signedLiteral: a literal or a negated literal\'s value, else undefined', () => {
  assert.equal(signedLiteral(expr('3')), 3);
  assert.ok(Object.is(signedLiteral(expr('-0')), -0));
  assert.equal(signedLiteral(expr('"fast"')), 'fast');
  assert.equal(signedLiteral(expr('-x')), undefined);
  assert.equal(signedLiteral(expr('x')), undefined);
});

test('compiled, the folded constants are the values plain JS computes with', () => {
  function consts(x: number): number[] {
    return [Math.PI * x, -0 * x, Number.EPSILON + x, Number.MAX_SAFE_INTEGER - x, x / Number.NEGATIVE_INFINITY, Math.SQRT1_2 * x];
  }
  const jit = memoJit(consts);
  for (const x of [1, -1, 0, 3.5]) {
    const got = jit(x), want = consts(x);
    want.forEach((w, k) => assert.ok(Object.is(got[k], w), `x = ${x}, item ${k}: ${got[k]} vs ${w}`));
  }
});
