// The IR's one walker (walkIR in src/jit/ir/walk.ts, re-exported by src/jit/ir.ts): every statement and expression, depth first, loops entered or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachExpr, walkIR, type Expr, type Stmt } from '../../../src/jit/ir.js';
import { BOOL, F64, I32 } from '../../../src/jit/types.js';

const L = (name: string): Expr => ({ op: 'local', type: I32, name });
const C = (value: number): Expr => ({ op: 'const', type: I32, value });
const body: Stmt[] = [
  { kind: 'declare', name: 's', init: { op: 'const', type: F64, value: 0 } },
  {
    kind: 'loop', test: { op: 'compare', type: BOOL, operator: 'lt', left: L('i'), right: L('n') },
    body: [
      { kind: 'if', cond: { op: 'compare', type: BOOL, operator: 'gt', left: L('i'), right: C(3) }, then: [{ kind: 'break' }], else: [] },
      { kind: 'assign', name: 's', value: { op: 'math', type: F64, fn: 'sqrt', args: [{ op: 'convert', type: F64, arg: L('i') }] } },
    ],
    continuing: [{ kind: 'assign', name: 'i', value: { op: 'binary', type: I32, operator: 'add', left: L('i'), right: C(1) } }],
    postTest: null,
  },
  { kind: 'return', value: { op: 'local', type: F64, name: 's' } },
];

test('walkIR visits statements before their contents and expressions before their operands', () => {
  const stmts: string[] = [];
  const exprs: string[] = [];
  walkIR(body, { stmt: (s) => stmts.push(s.kind), expr: (e) => exprs.push(e.op) });
  assert.deepEqual(stmts, ['declare', 'loop', 'if', 'break', 'assign', 'assign', 'return']);
  assert.deepEqual(exprs, ['const', 'compare', 'local', 'local', 'compare', 'local', 'const', 'math', 'convert', 'local', 'binary', 'local', 'const', 'local']);
});

test('walkIR with intoLoops: false visits the loop but not what it contains', () => {
  const stmts: string[] = [];
  walkIR(body, { stmt: (s) => stmts.push(s.kind), intoLoops: false });
  assert.deepEqual(stmts, ['declare', 'loop', 'return']);
});

test('forEachExpr reaches the operands of buffer and object expressions, in evaluation order', () => {
  const buf: Expr = { op: 'local', type: { kind: 'buffer' }, name: 'buf' };
  const view: Expr = { op: 'builtinNew', type: { kind: 'array', element: 'f64' }, ctor: 'Float64Array', args: [buf, C(8), C(2)] };
  const seen: string[] = [];
  forEachExpr([{ kind: 'return', value: { op: 'bufferProperty', type: F64, target: view, name: 'byteLength' } }], (e) =>
    seen.push(e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : e.op));
  assert.deepEqual(seen, ['bufferProperty', 'builtinNew', 'buf', '8', '2']);
});
