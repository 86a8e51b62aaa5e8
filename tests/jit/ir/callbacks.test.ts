// The callback node (src/jit/ir/callbacks.ts): an inline arrow compiles in place, its parameters named as locals
// of the enclosing function and an expression body as one `return` (from the callback, not the function).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { forEachExpr } from '../../../src/jit/ir/walk.js';

test('xs.map((v) => v * 2): one method node whose callback has parameter v and one return', () => {
  const module = lowerToIR(function twice(xs: Float64Array) {
    const ys = xs.map((v) => v * 2);
    return ys[0]!;
  }, [{ kind: 'array', element: 'f64' }]);
  const methods: IR.ArrayMethod[] = [];
  forEachExpr(module.functions.find((fn) => fn.name === module.entry)!.body, (e) => { if (e.op === 'method') methods.push(e); });
  assert.equal(methods.length, 1);
  const cb = methods[0]!.callback!;
  assert.deepEqual(cb.params, ['v']);
  assert.equal(cb.body.length, 1);
  const ret = cb.body[0]!;
  assert.ok(ret.kind === 'return' && ret.value?.op === 'binary' && ret.value.operator === 'mul');
});
