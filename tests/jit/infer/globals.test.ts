// src/jit/infer/globals.ts: built-in globals other than Math in inference and lowering. globalValue and
// globalCall are driven with a hand-made GlobalHost (what each name gives, the located failures and their
// messages, names the function or its closures shadow), the lowering functions after acceptance, the three forms
// of freeNameMessage, and a few compiled functions against the plain ones (shadowed globals included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { freeNameMessage, globalCall, globalValue, lowerGlobalCall, lowerGlobalValue, type GlobalHost } from '../../../src/jit/infer/globals.js';
import { BOOLV, FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { F64, I32 } from '../../../src/jit/types.js';
import type { Expr } from '../../../src/jit/ir.js';
import { memoJit } from '../../../src/index.js';

class Failed extends Error {
  constructor(message: string, readonly node: Node, readonly construct: string) {
    super(message);
  }
}

/** A host that types every operand `operand`, declares `locals`, and records failures as Failed. */
function host(operand: AV = FLOAT, locals: readonly string[] = [], origin?: Function): GlobalHost {
  return {
    expr: () => operand,
    declares: (name) => locals.includes(name),
    origin,
    fail: (message, node, construct) => {
      throw new Failed(message, node, construct);
    },
  };
}

/** The expression body of an arrow function's source. */
const expr = (source: string): Node => parseFunction(source).body as Node;

function failure(run: () => unknown): Failed {
  try {
    run();
  } catch (e) {
    if (e instanceof Failed) return e;
    throw e;
  }
  return assert.fail('expected a located failure');
}

test('globalValue: constants give their value; names that are not listed globals give undefined', () => {
  assert.deepEqual(globalValue(expr('() => Infinity'), host()), numAV(Infinity, Infinity, false));
  assert.deepEqual(globalValue(expr('() => Number.MAX_SAFE_INTEGER'), host()), numAV(2 ** 53 - 1, 2 ** 53 - 1, true));
  assert.deepEqual(globalValue(expr('() => Number.EPSILON'), host()), numAV(2 ** -52, 2 ** -52, false));
  const nan = globalValue(expr('() => Number.NaN'), host());
  assert.ok(nan?.k === 'num' && !nan.int, 'NaN is a float');
  for (const src of ['() => Number.FOO', '() => window', '() => Math.PI', '() => x.NaN', '() => Number["EPSILON"]']) {
    assert.equal(globalValue(expr(src), host()), undefined, src);
  }
});

test('globalValue: a predicate read as a value, or an unsupported name, is a located failure with its reason', () => {
  const fn = failure(() => globalValue(expr('() => Number.isFinite'), host()));
  assert.equal(fn.message, 'Number.isFinite is a function: call it');
  assert.equal(fn.construct, 'use of Number.isFinite');
  const undef = failure(() => globalValue(expr('() => undefined'), host()));
  assert.match(undef.message, /compare the index with \.length/);
  assert.equal(undef.construct, 'use of undefined');
  assert.match(failure(() => globalValue(expr('() => console'), host())).message, /console output cannot run in compiled code/);
});

// Defined where no isNaN but the global's is in sight.
const unshadowed = (x: number): boolean => Number.isNaN(x);

test('a name the function declares, or that a closure or module of its origin defines, is not the global', () => {
  assert.equal(globalValue(expr('() => NaN'), host(FLOAT, ['NaN'])), undefined);
  assert.equal(globalCall(expr('(x) => Number.isNaN(x)'), host(FLOAT, ['Number'])), undefined, 'the root name is what is declared');
  assert.equal(globalCall(expr('(x) => isNaN(x)'), host(FLOAT, ['isNaN'])), undefined);
  const isNaN = (x: number): boolean => x > 3;
  const shadowed = (x: number): boolean => isNaN(x);
  assert.equal(globalCall(expr('(x) => isNaN(x)'), host(FLOAT, [], shadowed)), undefined, 'isNaN is a closure name of the origin');
  assert.deepEqual(globalCall(expr('(x) => isNaN(x)'), host(FLOAT, [], unshadowed)), BOOLV, 'no closure isNaN there: the global');
});

test('globalCall: a predicate on one number is a boolean; other callees give undefined', () => {
  for (const name of ['isFinite', 'isNaN', 'Number.isFinite', 'Number.isNaN', 'Number.isInteger', 'Number.isSafeInteger']) {
    assert.deepEqual(globalCall(expr(`(x) => ${name}(x)`), host(numAV(0, 10, true))), BOOLV, name);
  }
  assert.equal(globalCall(expr('(x) => Math.abs(x)'), host()), undefined);
  assert.equal(globalCall(expr('(x) => helper(x)'), host()), undefined);
  assert.equal(globalCall(expr('(x) => o.isNaN(x)'), host()), undefined);
});

test('globalCall: wrong argument counts, spreads, non-numbers, constants and unsupported names fail, located', () => {
  const two = expr('(x) => isFinite(x, 1)');
  const e = failure(() => globalCall(two, host()));
  assert.equal(e.message, 'isFinite takes one number in compiled code');
  assert.equal(e.node, two);
  assert.equal(e.construct, 'call to isFinite');
  assert.match(failure(() => globalCall(expr('() => isFinite()'), host())).message, /takes one number/);
  assert.match(failure(() => globalCall(expr('(xs) => isFinite(...xs)'), host())).message, /takes one number/);
  const boolArg = expr('(x) => Number.isInteger(x)');
  const b = failure(() => globalCall(boolArg, host(BOOLV)));
  assert.equal(b.message, 'Number.isInteger takes a number in compiled code, not a boolean');
  assert.equal(b.node, (boolArg.arguments as Node[])[0], 'located at the argument');
  assert.equal(failure(() => globalCall(expr('() => Number.EPSILON(1)'), host())).message, 'Number.EPSILON is a number, not a function');
  assert.match(failure(() => globalCall(expr('(s) => parseFloat(s)'), host())).message, /strings cannot be used in compiled code/);
  assert.match(failure(() => globalCall(expr('(x) => Number(x)'), host())).message, /use \+x/);
});

test('globalCall: predicates that read their argument twice refuse calls and assignments in it, not plain reads', () => {
  for (const arg of ['f(x)', 'x = 2', 'x++', 'new Q(x)', 'xs[f(x)] + 1']) {
    const m = failure(() => globalCall(expr(`(x, xs) => Number.isNaN(${arg})`), host())).message;
    assert.match(m, /Number\.isNaN reads its argument twice in compiled code, so it takes no calls or assignments/, arg);
    assert.match(failure(() => globalCall(expr(`(x, xs) => Number.isSafeInteger(${arg})`), host())).message, /reads its argument twice/, arg);
  }
  for (const arg of ['x', 'xs[x + 1] * 2', '-x']) assert.deepEqual(globalCall(expr(`(x, xs) => Number.isNaN(${arg})`), host()), BOOLV, arg);
  // isNaN and Number.isFinite read it once: a call is fine.
  assert.deepEqual(globalCall(expr('(x) => isNaN(f(x))'), host()), BOOLV);
  assert.deepEqual(globalCall(expr('(x) => Number.isFinite(f(x))'), host()), BOOLV);
});

test('lowerGlobalCall lowers only calls globalCall accepted; lowerGlobalValue types the constant', () => {
  const local = (n: Node): Expr => ({ op: 'local', type: F64, name: n.name as string });
  const unseen = expr('(x) => Number.isFinite(x)');
  assert.equal(lowerGlobalCall(unseen, local), undefined, 'not analyzed yet');
  globalCall(unseen, host());
  // Number.isFinite(x) is |x| < Infinity (ops/globals.ts).
  assert.deepEqual(lowerGlobalCall(unseen, local), {
    op: 'compare', type: { kind: 'bool' }, operator: 'lt',
    left: { op: 'math', type: F64, fn: 'abs', args: [{ op: 'local', type: F64, name: 'x' }] },
    right: { op: 'const', type: F64, value: Infinity },
  });
  // The twice-reading predicate lowers its argument twice.
  const twice = expr('(y) => Number.isNaN(y)');
  globalCall(twice, host());
  let lowered = 0;
  lowerGlobalCall(twice, (n) => (lowered++, local(n)));
  assert.equal(lowered, 2);
  assert.deepEqual(lowerGlobalValue(expr('() => Infinity'), F64), { op: 'const', type: F64, value: Infinity });
  assert.deepEqual(lowerGlobalValue(expr('() => Infinity'), I32), { op: 'const', type: I32, value: Infinity }, 'an i32 slot keeps its type');
  assert.deepEqual(lowerGlobalValue(expr('() => NaN'), { kind: 'bool' }), { op: 'const', type: F64, value: NaN }, 'anything else is f64');
  assert.equal(lowerGlobalValue(expr('() => isNaN'), F64), undefined, 'a predicate is no constant');
  assert.equal(lowerGlobalValue(expr('() => y'), F64), undefined);
});

test('freeNameMessage: a global of globalThis, a name defined nowhere (with the scope suggestion), or a GPU kernel', () => {
  const json = freeNameMessage('JSON');
  assert.match(json, /^'JSON' is a global \(a property of globalThis\) compiled code does not read/);
  assert.doesNotMatch(json, /scope/, 'listing a built-in in scope would not compile');
  const helper = freeNameMessage('helper');
  assert.match(helper, /^'helper' is not a parameter, local, or name of the function's module or closures/);
  assert.match(helper, /memoJit\(\{ scope: \{ helper \} \}\)/);
  const gpu = freeNameMessage('helper', false);
  assert.match(gpu, /GPU kernels read no module or closure names/);
  assert.doesNotMatch(gpu, /scope:/);
});

test('compiled: globals and names that shadow them behave as in the plain function', () => {
  const classify = (x: number): number => (Number.isNaN(x) ? 0 : !isFinite(x) ? 1 : Number.isInteger(x) ? 2 : x < Number.EPSILON ? 3 : 4);
  const jit = memoJit(classify);
  for (const x of [NaN, Infinity, -Infinity, 0, -0, 3, 2 ** 53, 1e-20, 0.5]) assert.ok(Object.is(jit(x), classify(x)), `x = ${x}`);
  assert.deepEqual([NaN, -Infinity, 7, 1e-20, 0.5].map(jit), [0, 1, 2, 3, 4], 'hand-derived classes');
  const make = () => {
    const Infinity = 5;
    return (x: number): boolean => x < Infinity;
  };
  const bounded = make();
  const jitBounded = memoJit(bounded);
  assert.equal(jitBounded(6), false, 'the closure\'s Infinity is 5');
  assert.equal(jitBounded(4), true);
  const local = memoJit(function local(x: number): number {
    const isFinite = x * 2;
    return isFinite;
  });
  assert.equal(local(3), 6);
});
