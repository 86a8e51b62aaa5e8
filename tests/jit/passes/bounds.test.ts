// Loop facts (src/jit/passes/bounds.ts, loopBounds): the conditions under which an index stays in [0, limit) at
// every iteration of a loop, which the versioning pass (passes/hoist.ts) tests once before the loop. Checked on
// hand-built IR, so that each rule is seen apart from lowering: the counter's range, its start, an invariant
// local, a local the body writes, and a local declared as `counter + k`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loopBounds } from '../../../src/jit/passes/bounds.js';
import type { Expr, Loop, Stmt } from '../../../src/jit/ir.js';
import { BOOL, I32, type Type } from '../../../src/jit/types.js';

const local = (name: string): Expr => ({ op: 'local', type: I32, name });
const int = (value: number): Expr => ({ op: 'const', type: I32, value });
const cols: Expr = { op: 'cols', type: I32, matrix: 'm' };
const rows: Expr = { op: 'rows', type: I32, matrix: 'm' };
const lt = (left: Expr, right: Expr): Expr => ({ op: 'compare', type: BOOL, operator: 'lt', left, right });
const types = new Map<string, Type>([['j', I32], ['n', I32], ['state', I32], ['w', I32], ['jj', I32]]);

/** `for (j = …; j < bound; j += 1) { body }`, the counter stepped in `continuing` as lowering does. */
function counted(bound: Expr, body: Stmt[] = []): Loop {
  const step: Stmt = { kind: 'assign', name: 'j', value: { op: 'binary', type: I32, operator: 'add', left: local('j'), right: int(1) } };
  return { kind: 'loop', test: lt(local('j'), bound), body, continuing: [step], postTest: null };
}
const startAtZero: Stmt = { kind: 'declare', name: 'j', init: int(0) };

test('a counter from 0 below n reads columns unchecked when n <= cols, a condition asked once', () => {
  const facts = loopBounds(counted(local('n')), startAtZero, types);
  assert.deepEqual(facts.conditionsFor(local('j'), cols), [{ op: 'compare', type: BOOL, operator: 'le', left: local('n'), right: cols }]);
});

test('a counter bound by the limit itself needs no condition; one past it does', () => {
  const facts = loopBounds(counted(cols), startAtZero, types);
  assert.deepEqual(facts.conditionsFor(local('j'), cols), []);
  const next: Expr = { op: 'binary', type: I32, operator: 'add', left: local('j'), right: int(1) };
  const needs = facts.conditionsFor(next, cols);
  assert.equal(needs?.length, 1, 'j + 1 < cols is not implied by j < cols');
  assert.equal(needs![0]!.op === 'compare' && needs![0]!.operator, 'le');
});

test('without a known start the counter must also be checked non-negative; a start below -k proves nothing', () => {
  const unknown = loopBounds(counted(cols), undefined, types);
  assert.deepEqual(unknown.conditionsFor(local('j'), cols), [{ op: 'compare', type: BOOL, operator: 'ge', left: local('j'), right: int(0) }]);
  const minusOne: Stmt = { kind: 'declare', name: 'j', init: int(-1) };
  assert.equal(loopBounds(counted(cols), minusOne, types).conditionsFor(local('j'), cols), undefined);
});

test('a local the loop never writes is invariant: 0 <= state < rows, asked once', () => {
  const facts = loopBounds(counted(local('n')), startAtZero, types);
  assert.deepEqual(facts.conditionsFor(local('state'), rows), [
    { op: 'compare', type: BOOL, operator: 'ge', left: local('state'), right: int(0) },
    { op: 'compare', type: BOOL, operator: 'lt', left: local('state'), right: rows },
  ]);
});

test('a local the body writes proves nothing, and neither does a counter the body also assigns', () => {
  const writesW: Stmt = { kind: 'assign', name: 'w', value: int(3) };
  assert.equal(loopBounds(counted(local('n'), [writesW]), startAtZero, types).conditionsFor(local('w'), rows), undefined);
  const writesJ: Stmt = { kind: 'assign', name: 'j', value: int(0) };
  assert.equal(loopBounds(counted(local('n'), [writesJ]), startAtZero, types).conditionsFor(local('j'), cols), undefined);
});

test('a local declared once as counter + k shares the counter facts once noted, not before', () => {
  const decl: Stmt = { kind: 'declare', name: 'jj', init: { op: 'binary', type: I32, operator: 'add', left: local('j'), right: int(-1) } };
  const facts = loopBounds(counted(cols, [decl]), { kind: 'declare', name: 'j', init: int(1) }, types);
  assert.equal(facts.conditionsFor(local('jj'), cols), undefined, 'written in the loop, so not invariant until noted');
  facts.note(decl);
  assert.deepEqual(facts.conditionsFor(local('jj'), cols), [], 'j - 1 >= 0 from j >= 1, and j - 1 < cols from j < cols');
});

test('a constant index is constant, and needs only the limit above it; a negative one cannot be proved', () => {
  const facts = loopBounds(counted(local('n')), startAtZero, types);
  assert.equal(facts.isConstant(int(2)), true);
  assert.equal(facts.isConstant(local('j')), false);
  assert.deepEqual(facts.conditionsFor(int(2), cols), [{ op: 'compare', type: BOOL, operator: 'lt', left: int(2), right: cols }]);
  assert.equal(facts.conditionsFor(int(-1), cols), undefined);
});
