// src/jit/infer/outer-objects.ts: fields of plain objects from outside the function (`glMatrix.EPSILON`).
// isPlainRecord directly; outerField on functions of this file reading the module-level records below: a number
// or boolean own data field is a constant recorded as frozen, reads that are not of an outside record are left to
// other rules (undefined), and a field compiled code cannot freeze is an error naming it. Then through memoJit:
// the same results as the plain function, the frozen value kept after the field changes, a write refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node, type ParsedFunction } from '../../../src/jit/frontend/parse.js';
import { BOOLV, FLOAT, exactNumber, type AV } from '../../../src/jit/infer/lattice.js';
import { newOuterEnv, type OuterEnv } from '../../../src/jit/infer/outer.js';
import { isPlainRecord, outerField } from '../../../src/jit/infer/outer-objects.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { thrownMessage } from '../../_support/outcome.js';

const glMatrix = { EPSILON: 0.000001, ON: true, NAN: NaN, NEG: -0, LABEL: 'gl', NOTHING: null, NESTED: { a: 1 } };
const bare = Object.assign(Object.create(null) as Record<string, number>, { K: 4 });
const withGetter = {
  get G(): number {
    return 2;
  },
};
class Holder {
  k = 1;
}
const instance = new Holder();
const list = [1, 2, 3];
const tuning = { gain: 2 };
let moving = { k: 1 };
moving = { k: 2 };

const fail = (message: string): never => {
  throw new Error(message);
};
/** The first member expression `o.p` / `o['p']` (outermost first) in the function's return statement. */
function memberOf(parsed: ParsedFunction): Node {
  let found: Node | undefined;
  const visit = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const x = n as Node;
    if (x.type === 'MemberExpression') {
      found = x;
      return;
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'type') visit(v);
  };
  visit(parsed.body);
  return found!;
}
function read(fn: (...a: never[]) => unknown, outer: OuterEnv = newOuterEnv(undefined)): AV | undefined {
  const parsed = parseFunction(fn);
  return outerField(parsed, memberOf(parsed), outer, fail);
}
const refusal = (fn: (...a: never[]) => unknown): string => thrownMessage(() => read(fn));

test('isPlainRecord: object literals and null-prototype objects, not arrays, instances or other values', () => {
  assert.equal(isPlainRecord({ a: 1 }), true);
  assert.equal(isPlainRecord({}), true);
  assert.equal(isPlainRecord(Object.create(null)), true);
  assert.equal(isPlainRecord([1, 2]), false);
  assert.equal(isPlainRecord(new Holder()), false);
  assert.equal(isPlainRecord(new Map()), false);
  assert.equal(isPlainRecord(new Float64Array(2)), false);
  assert.equal(isPlainRecord(Object.create({ a: 1 })), false, 'a prototype of its own');
  assert.equal(isPlainRecord(null), false);
  assert.equal(isPlainRecord(undefined), false);
  assert.equal(isPlainRecord(3), false);
  assert.equal(isPlainRecord('{}'), false);
  assert.equal(isPlainRecord(() => ({})), false);
});

test('number and boolean fields are constants, recorded as frozen under the object\'s name', () => {
  const outer = newOuterEnv(undefined);
  function apart(cosom: number): boolean {
    return 1.0 - cosom > glMatrix.EPSILON;
  }
  const parsed = parseFunction(apart);
  const e = parsed.body.body[0].argument.right as Node;
  assert.equal(exactNumber(outerField(parsed, e, outer, fail)), 0.000001);
  assert.equal(outer.frozen.length, 1);
  assert.deepEqual(
    { ...outer.frozen[0] },
    { kind: 'number', value: 0.000001, name: 'glMatrix.EPSILON', scope: 'module', declared: 'const' },
  );
  assert.deepEqual(read(() => glMatrix.ON), BOOLV);
  assert.deepEqual(read(() => glMatrix['EPSILON']), read(() => glMatrix.EPSILON), 'a literal key reads the same field');
  assert.deepEqual(read(() => bare.K), { k: 'num', int: true, lo: 4, hi: 4 });
  assert.deepEqual(read(() => glMatrix.NAN), FLOAT, 'NaN: any double');
  assert.ok(Object.is(exactNumber(read(() => glMatrix.NEG)), -0), '-0 is kept exactly');
});

test('reads that are not of an outside record are left to other rules', () => {
  const k = 'EPSILON';
  assert.equal(read(() => glMatrix[k as 'EPSILON']), undefined, 'a computed key that is not a literal');
  assert.equal(read(() => glMatrix.NESTED.a), undefined, 'glMatrix.NESTED.a: the outer member is not of an identifier');
  assert.equal(read(() => instance.k), undefined, 'a class instance');
  assert.equal(read(() => list.length), undefined, 'an array');
  assert.equal(read(() => Math.PI), undefined, 'a global');
  assert.equal(read((p: { x: number }) => p.x), undefined, 'a parameter');
  // a name listed in memoJit's scope option resolves through it
  assert.equal(read(() => glMatrix.EPSILON, newOuterEnv({ glMatrix })), undefined);
  // parsed from a string: no function to find outside names of
  const parsed = parseFunction('() => glMatrix.EPSILON');
  assert.equal(outerField(parsed, parsed.body, newOuterEnv(undefined), fail), undefined);
});

test('fields compiled code cannot freeze are refused, each named', () => {
  assert.equal(
    refusal(() => (glMatrix as unknown as { MISSING: number }).MISSING),
    "'glMatrix' has no own field 'MISSING'; plain JS would read undefined (or a field of Object.prototype) there, which compiled code does not: give the object the field, or pass the value as an argument",
  );
  assert.match(refusal(() => glMatrix.toString), /^'glMatrix' has no own field 'toString'/, 'inherited is not own');
  assert.equal(refusal(() => withGetter.G), "'withGetter.G' is a getter or setter; compiled code reads outside data fields only (pass the value as an argument)");
  assert.equal(refusal(() => glMatrix.LABEL), "'glMatrix.LABEL' holds string; compiled code reads number and boolean fields of outside objects (pass other values as arguments)");
  assert.match(refusal(() => glMatrix.NOTHING), /^'glMatrix\.NOTHING' holds null;/);
  assert.match(refusal(() => glMatrix.NESTED), /^'glMatrix\.NESTED' holds object;/);
  assert.match(refusal(() => moving.k), /^'moving' is declared with let and may be assigned again after compiling/, 'the binding must never change');
});

test('compiled: the same results as the plain function, the field frozen at compile time', () => {
  function gained(x: number): number {
    return x * tuning.gain + (glMatrix.ON ? glMatrix.EPSILON : 0);
  }
  const c = memoJit(gained);
  for (const x of [0, -0, 1.5, -3, NaN]) assert.ok(Object.is(c(x), gained(x)), `x = ${x}`);
  assert.match(Object.values(c.inspect())[0]!.split('\n')[0]!, /tuning\.gain = 2/);
  tuning.gain = 10;
  try {
    assert.equal(c(1.5), 1.5 * 2 + 0.000001, 'the frozen 2 (numba treats globals so)');
    assert.equal(gained(1.5), 15.000001);
  } finally {
    tuning.gain = 2;
  }
});

test('compiled: writing an outside record\'s field, or a field it lacks, is a located error', () => {
  function write(x: number): number {
    tuning.gain = x;
    return x;
  }
  const e = compileError(write, [1]);
  assert.match(e.detail, /'tuning' is an object from outside the function; .*does not use the object itself or write its fields/);
  assert.equal(tuning.gain, 2);
  function missing(x: number): number {
    return x + (tuning as unknown as { loss: number }).loss;
  }
  const m = compileError(missing, [1]);
  assert.match(m.detail, /^'tuning' has no own field 'loss'/);
  assert.equal(m.construct, '.loss');
});
