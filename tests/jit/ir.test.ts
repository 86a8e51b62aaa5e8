// The IR's one import path (src/jit/ir.ts): it re-exports the node types of ir/nodes.ts (types only, so nothing
// at run time) and the walker of ir/walk.ts, as the very same functions, and nothing else. The node types are
// used here through this path (checked by the type checker), and the re-exported walker, forEachExpr and
// hasEffect are driven on lowered functions and on hand-built expressions, with counts derived from the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as IR from '../../src/jit/ir.js';
import * as walk from '../../src/jit/ir/walk.js';
import * as nodes from '../../src/jit/ir/nodes.js';
import { lowerToIR } from '../../src/internals.js';

test('the run-time exports are exactly the walker module\'s, as the same functions; nodes.ts exports only types', () => {
  assert.deepEqual(Object.keys(nodes), []);
  assert.deepEqual(Object.keys(IR).sort(), Object.keys(walk).sort());
  assert.deepEqual(Object.keys(IR).sort(), ['fieldNames', 'forEachExpr', 'hasEffect', 'walkIR']);
  assert.equal(IR.walkIR, walk.walkIR);
  assert.equal(IR.forEachExpr, walk.forEachExpr);
  assert.equal(IR.hasEffect, walk.hasEffect);
  assert.equal(IR.fieldNames, walk.fieldNames);
});

test('node types from this path describe what lowering builds', () => {
  function twice(x: number): number { return 2 * x; }
  const module: IR.IRModule = lowerToIR(twice, [{ kind: 'f64' }]);
  const f: IR.IRFunction = module.functions[0]!;
  assert.equal(module.entry, 'twice');
  assert.deepEqual(f.params.map((p: IR.Param) => [p.name, p.type.kind]), [['x', 'f64']]);
  const local: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'x' };
  const doubled: IR.Binary = { op: 'binary', type: { kind: 'f64' }, operator: 'mul', left: { op: 'const', type: { kind: 'f64' }, value: 2 }, right: local };
  const ret: IR.Stmt = { kind: 'return', value: doubled };
  assert.equal(ret.kind, 'return');
});

test('walkIR through this path visits every loop, nested ones too unless told not to enter them', () => {
  function trace(a: Float64Array, n: number): number {
    let t = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i === j) t += a[i * n + j]!;
    return t;
  }
  const body = lowerToIR(trace, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]).functions[0]!.body;
  let loops = 0;
  IR.walkIR(body, { stmt: (s) => { if (s.kind === 'loop') loops++; } });
  assert.equal(loops, 2);
  let outerOnly = 0;
  let loads = 0;
  IR.walkIR(body, { intoLoops: false, stmt: (s) => { if (s.kind === 'loop') outerOnly++; }, expr: (e) => { if (e.op === 'load') loads++; } });
  assert.equal(outerOnly, 1, 'the outer loop is visited, its body is not entered');
  assert.equal(loads, 0, 'the one element read is inside the loops');
});

test('forEachExpr counts each random draw; hasEffect finds an assignment inside an expression', () => {
  function pi(n: number): number {
    let inside = 0;
    for (let i = 0; i < n; i++) if (Math.random() ** 2 + Math.random() ** 2 <= 1) inside++;
    return (4 * inside) / n;
  }
  let draws = 0;
  IR.forEachExpr(lowerToIR(pi, [{ kind: 'i32' }]).functions[0]!.body, (e) => { if (e.op === 'random') draws++; });
  assert.equal(draws, 2);
  const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
  const zero: IR.Expr = { op: 'const', type: { kind: 'i32' }, value: 0 };
  assert.equal(IR.hasEffect(i), false);
  assert.equal(IR.hasEffect({ op: 'compare', type: { kind: 'bool' }, operator: 'gt', left: i, right: zero }), false);
  const assign: IR.Expr = { op: 'effect', type: { kind: 'i32' }, stmts: [{ kind: 'assign', name: 'i', value: zero }], value: i };
  assert.equal(IR.hasEffect({ op: 'compare', type: { kind: 'bool' }, operator: 'gt', left: assign, right: zero }), true);
  assert.equal(IR.hasEffect({ op: 'unary', type: { kind: 'i32' }, operator: 'neg', arg: { op: 'convert', type: { kind: 'i32' }, arg: assign } } as IR.Expr), true, 'however deep');
});
