// Expressions in lowering (src/jit/lower/expressions.ts and the Math calls of src/jit/lower/calls.ts): a negative
// number literal is folded to one constant, NaN and Infinity are constants (-Infinity stays the negation of the
// Infinity constant); Math.hypot(a, b) is one math node with both arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { forEachExpr } from '../../../src/jit/ir/walk.js';

const exprsOf = (module: IR.IRModule): IR.Expr[] => {
  const out: IR.Expr[] = [];
  forEachExpr(module.functions.find((f) => f.name === module.entry)!.body, (e) => out.push(e));
  return out;
};

test('-2.5 is one constant; NaN and Infinity are constants, not name reads; -Infinity negates the constant', () => {
  const es = exprsOf(lowerToIR(function k(x: number) {
    return x < -2.5 ? NaN : -Infinity;
  }, [{ kind: 'f64' }]));
  const consts = es.filter((e): e is IR.Const => e.op === 'const').map((e) => e.value);
  assert.ok(consts.includes(-2.5));
  assert.ok(consts.some((v) => Number.isNaN(v)));
  assert.ok(consts.includes(Infinity));
  const negs = es.filter((e): e is IR.Unary => e.op === 'unary');
  assert.equal(negs.length, 1);
  assert.ok(negs[0]!.operator === 'neg' && negs[0]!.arg.op === 'const' && negs[0]!.arg.value === Infinity);
  assert.equal(es.filter((e) => e.op === 'local' && e.name !== 'x').length, 0);
});

test('Math.hypot(a, b) is one math node naming hypot, with both arguments in order', () => {
  const es = exprsOf(lowerToIR(function h(a: number, b: number) {
    return Math.hypot(a, b);
  }, [{ kind: 'f64' }, { kind: 'f64' }]));
  const calls = es.filter((e): e is IR.MathCall => e.op === 'math');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.fn, 'hypot');
  assert.deepEqual(calls[0]!.args.map((a) => (a.op === 'local' ? a.name : a.op)), ['a', 'b']);
});
