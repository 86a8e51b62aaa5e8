// The IR's module and function nodes (src/jit/ir/nodes.ts), checked on lowered code: the entry names one of the
// module's functions, parameters keep their order and specialized types, a function that draws Math.random says
// so, and a called helper is a function of its own reached through a `call` node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { forEachExpr } from '../../../src/jit/ir/walk.js';

test('a module: the entry is one of its functions; params in order with their types; helpers are functions', () => {
  const module = lowerToIR(function norm(xs: Float64Array, n: number) {
    function sq(v: number) {
      return v * v;
    }
    let t = 0;
    for (let i = 0; i < n; i++) t += sq(xs[i]!);
    return Math.sqrt(t);
  }, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]);
  const entry = module.functions.find((f) => f.name === module.entry);
  assert.ok(entry, 'the entry names a function of the module');
  assert.deepEqual(entry.params.map((p) => [p.name, p.type.kind]), [['xs', 'array'], ['n', 'i32']]);
  assert.equal(entry.returnType.kind, 'f64');
  assert.equal(entry.usesRandom, false);
  const calls: IR.Call[] = [];
  forEachExpr(entry.body, (e) => { if (e.op === 'call') calls.push(e); });
  assert.equal(calls.length, 1);
  assert.ok(module.functions.some((f) => f.name === calls[0]!.callee && f.name !== module.entry), 'the callee is a function of its own');
});

test('usesRandom is set by a Math.random draw', () => {
  const module = lowerToIR(function draw(n: number) {
    return Math.random() * n;
  }, [{ kind: 'f64' }]);
  assert.equal(module.functions.find((f) => f.name === module.entry)!.usesRandom, true);
});
