// Fields of plain objects from outside the function (src/jit/infer/outer-objects.ts): `glMatrix.EPSILON` read as
// a compile-time constant, checked against the plain function; what cannot be frozen is a located JitError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';
import { generateProgram } from '../generate.js';
import { KINDS, assertPerSeed, assertSameRun, inputs } from '../diff-harness.js';
import { recordKernels } from '../generate-language.js';

const glMatrix = { EPSILON: 0.000001, ARRAY_TYPE: Float32Array, NAME: 'gl', FLAG: true, NEG: -0, NOTHING: NaN };
const settings = { scale: 2 };
const withGetter = { get eps() { return 1e-6; } };
let reassigned = { k: 1 };
function setReassigned() { reassigned = { k: 2 }; }

function nearOne(x: number) { return 1.0 - x > glMatrix.EPSILON ? 1 : 0; }
function bracketed(x: number) { return glMatrix['FLAG'] ? x * glMatrix.NEG : x; }
function nan(x: number) { return x + glMatrix.NOTHING; }

test('number and boolean fields of an outside const object compile as constants, same results as plain', () => {
  for (const [fn, xs] of [[nearOne, [1, 0.9999999, 0.999, NaN, -0]], [bracketed, [3, -3, 0]], [nan, [1]]] as const) {
    const j = memoJit(fn as (x: number) => number);
    for (const x of xs) assert.ok(Object.is(j(x), (fn as (x: number) => number)(x)), `${fn.name}(${x})`);
  }
  const j = memoJit(nearOne);
  j(0.5);
  assert.match(Object.values(j.inspect())[0]!, /glMatrix\.EPSILON = 0\.000001 \(module const\)/);
});

test('a later change to the field is not seen by code already compiled (frozen, as numba freezes globals)', () => {
  const j = memoJit(function scaled(x: number) { return x * settings.scale; });
  assert.equal(j(3), 6);
  settings.scale = 5;
  try {
    assert.equal(j(3), 6, 'the documented behaviour: the value read at compile time');
  } finally {
    settings.scale = 2;
  }
});

test('fields compiled code cannot freeze are located errors that say what to do', () => {
  setReassigned();
  const cases: Array<[(x: number) => unknown, RegExp]> = [
    [function missing(x: number) { return x + (glMatrix as unknown as { MISSING: number }).MISSING; }, /no own field 'MISSING'.*plain JS would read undefined/],
    [function getter(x: number) { return x + withGetter.eps; }, /getter or setter/],
    [function stringField(x: number) { return glMatrix.NAME === 'gl' ? x : -x; }, /holds string/],
    [function classField(x: number) { return new glMatrix.ARRAY_TYPE(x); }, /holds function|only typed arrays|new/],
    [function fromLet(x: number) { return x + reassigned.k; }, /may be assigned again/],
    [function writes(x: number) { glMatrix.EPSILON = x; return x; }, /does not use the object itself or write its fields/],
  ];
  for (const [fn, message] of cases) {
    const err = catchJit(() => memoJit(fn)(1));
    assert.ok(err instanceof JitError, fn.name);
    assert.match(err.message, message, fn.name);
    assert.match(err.message, /outer-objects\.test\.ts:\d+:\d+/, `${fn.name}: located`);
  }
  assert.equal(glMatrix.EPSILON, 0.000001, 'the failed compile wrote nothing');
});

test('generated programs reading a and k from an outside record agree with plain (Object.is, writes, exceptions)', () => {
  assertPerSeed(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 10 }),
      fc.constantFrom(...KINDS).chain((kind) => inputs(kind)),
      (programSeed, size, cases) => {
        const program = generateProgram(programSeed, size, { calls: true });
        cases.forEach((input, index) => {
          const { plain, compiled } = recordKernels(program, input[0], input[2]);
          assertSameRun(plain, compiled, input, `record a=${String(input[0])}, k=${String(input[2])}\n${program.source}`, { index });
        });
      },
    ),
    3, // each program compiles once per input kind: slow on the shared machine
  );
});
