// src/jit/infer/type-tests.ts: `typeof x === 'number'`, `x === undefined`, `x == null`, `x !== null`, recognised in
// either order and decided at compile time where the specialization knows the answer. Checked: the shapes
// recognised (and not), the decision table against what JavaScript answers for a value of each kind, the
// three-valued `!`/`&&`/`||` of `knownCondition` against a brute-force model, and compiled functions with
// optional parameters against the plain ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { FLOAT, type AV } from '../../../src/jit/infer/lattice.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { knownCondition, knownTypeTest, typeTestOf } from '../../../src/jit/infer/type-tests.js';
import { memoJit } from '../../../src/index.js';

const body = (src: string): Node => parseFunction(`(x, y) => ${src}`).body;

test('the shapes of a type test, in either order; other comparisons are not type tests', () => {
  const shape = (src: string) => {
    const s = typeTestOf(body(src));
    return s && { operand: s.operand.type === 'Identifier' ? s.operand.name : s.operand.type, is: s.is, negated: s.negated, undefinedId: s.undefinedId !== undefined };
  };
  assert.deepEqual(shape('typeof x === "number"'), { operand: 'x', is: 'number', negated: false, undefinedId: false });
  assert.deepEqual(shape('"boolean" !== typeof x'), { operand: 'x', is: 'boolean', negated: true, undefinedId: false });
  assert.deepEqual(shape('x === undefined'), { operand: 'x', is: 'undefined', negated: false, undefinedId: true });
  assert.deepEqual(shape('undefined != x'), { operand: 'x', is: 'nullish', negated: true, undefinedId: true });
  assert.deepEqual(shape('x === void 0'), { operand: 'x', is: 'undefined', negated: false, undefinedId: false });
  assert.deepEqual(shape('x == null'), { operand: 'x', is: 'nullish', negated: false, undefinedId: false });
  assert.deepEqual(shape('null !== x'), { operand: 'x', is: 'null', negated: true, undefinedId: false });
  for (const other of ['x === 0', 'x === y', 'x < undefined', 'typeof x', 'x === "number"', 'undefined === undefined', 'null == null']) {
    assert.equal(typeTestOf(body(other)), undefined, other);
  }
});

test('knownTypeTest agrees with JavaScript for each kind of value, or leaves it to run time', () => {
  // What JS answers for a value of the kind (typeof, === undefined, === null, == null).
  const js = (v: unknown, is: string): boolean =>
    is === 'undefined' ? v === undefined : is === 'null' ? v === null : is === 'nullish' ? v == null : typeof v === is;
  const kinds: Array<[AV, unknown[]]> = [
    [{ k: 'void' }, [undefined]],
    [{ k: 'null' }, [null]],
    [FLOAT, [1.5, undefined]], // a number, or undefined read past an array's end
    [{ k: 'bool' }, [true, undefined]],
    // a variable given false and numbers: either, or undefined as a number may be
    [{ k: 'numbool', maybeTrue: false }, [false, 1.5, undefined]],
    [{ k: 'array', element: 'f64' }, [new Float64Array(1)]],
    // an object, or undefined read from a hole of an array of objects; and one that may also be null (a list's next)
    [{ k: 'obj', shape: makeShape([]) }, [{}, undefined]],
    [{ k: 'obj', shape: makeShape([]), nullable: true }, [{}, undefined, null]],
  ];
  for (const [av, values] of kinds) {
    for (const is of ['number', 'boolean', 'object', 'function', 'string', 'undefined', 'null', 'nullish']) {
      const known = knownTypeTest(av, is);
      const answers = new Set(values.map((v) => js(v, is)));
      if (known === undefined) assert.equal(answers.size, 2, `${av.k} ${is}: left to run time only when both answers occur`);
      else assert.deepEqual([...answers], [known], `${av.k} ${is}`);
    }
  }
  assert.equal(knownTypeTest({ k: 'row' } as AV, 'null'), 'row', 'a row\'s null test is the row lattice\'s');
});

test('knownCondition is three-valued logic over !, && and ||, as a brute-force model gives it', () => {
  // Leaves: T known true (`t === undefined` for a parameter not passed), U unknown (a number may be undefined at
  // run time, read past an array's end), F known false (a function is never undefined).
  const values = new Map<string, AV>([['t', { k: 'void' }], ['u', FLOAT], ['f', { k: 'fn' } as AV]]);
  const leaf: Record<string, string> = { T: 't === undefined', U: 'u === undefined', F: 'f === undefined' };
  const model: Record<string, boolean | undefined> = { T: true, U: undefined, F: false };
  const and = (a: boolean | undefined, b: boolean | undefined) => (a === false || b === false ? false : a === true && b === true ? true : undefined);
  const or = (a: boolean | undefined, b: boolean | undefined) => (a === true || b === true ? true : a === false && b === false ? false : undefined);
  const not = (a: boolean | undefined) => (a === undefined ? undefined : !a);
  for (const l of 'TUF') {
    for (const r of 'TUF') {
      for (const [op, fn] of [['&&', and], ['||', or]] as const) {
        for (const neg of [false, true]) {
          const src = `${neg ? '!' : ''}((${leaf[l]}) ${op} (${leaf[r]}))`;
          const e = parseFunction(`(t, u, f) => ${src}`).body;
          const got = knownCondition(e, (n) => (n.type === 'Identifier' ? values.get(n.name as string) : undefined), () => true);
          const want = neg ? not(fn(model[l], model[r])) : fn(model[l], model[r]);
          assert.equal(got, want, src);
        }
      }
    }
  }
  // An `undefined` shadowed by a local is not the global: nothing is decided.
  const shadowed = parseFunction('(t) => t === undefined').body;
  assert.equal(knownCondition(shadowed, () => ({ k: 'void' }), () => false), undefined);
});

test('compiled functions with optional parameters and type tests equal the plain ones', () => {
  function mean(xs: Float64Array, valueof?: (x: number) => number): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += valueof === undefined ? xs[i]! : valueof(xs[i]!);
    return s / xs.length;
  }
  function pick(a: number, b?: number): number {
    if (b == null) return a;
    if (typeof b !== 'number') return -1;
    return a + b;
  }
  const xs = Float64Array.from([1, 2, 3, 4]);
  const jm = memoJit(mean), jp = memoJit(pick);
  assert.equal(jm(xs), mean(xs));
  assert.equal(jm(xs, (x) => x * x), mean(xs, (x) => x * x));
  assert.equal(jp(2), pick(2));
  assert.equal(jp(2, 3), pick(2, 3));
  assert.ok(Object.is(jp(2, NaN), pick(2, NaN)));
});
