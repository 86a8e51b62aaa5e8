// A field present but holding `undefined` (`{ x: 1, w: undefined }`, src/jit/ops/absent-fields.ts's
// readUndefinedField, issue 12 item 2): compiled code reads it as JS does, beside objects without the field and
// objects where it holds a number. Compared with the plain function on generated programs
// (tests/jit/generate-language.ts's absentFieldProgram): Object.is on every element, the same writes, the same
// exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';
import { double } from '../diff-harness.js';
import { absentFieldProgram } from '../generate-language.js';

type Fn = (...args: never[]) => unknown;
type Call = (...args: unknown[]) => unknown;

/** Plain and compiled on structured clones of the same arguments (a field holding undefined survives the clone). */
function agree(fn: Fn, jitted: Fn, args: unknown[]): void {
  const [pa, ja] = [structuredClone(args), structuredClone(args)];
  assertSameOutcome(outcomeOf(() => (jitted as Call)(...ja)), outcomeOf(() => (fn as Call)(...pa)));
  assertSameOutcome({ value: ja }, { value: pa });
}

function flows(o: { x: number; w?: number }) {
  const a = o.w === undefined ? 1 : 2;
  const b = o.w ?? -0;
  const c = o.w || 1.5;
  const d = +o.w!;
  let e = 3;
  if (o.w) e = 4;
  const f = o.x + o.w!;
  const g = o.w! < o.x ? 5 : 6;
  const h = o.w != null ? 7 : 8;
  return [a, b, c, d, e, f, g, h, o.w];
}

test('a field holding undefined reads undefined through ===, ??, ||, +, if, arithmetic, comparisons and the result', () => {
  const j = memoJit(flows);
  const objects = [{ x: 1, w: undefined }, { x: -0, w: undefined }, { x: NaN, w: undefined }, { x: 1 }, { x: 2, w: 0 }, { x: 2, w: -0 }, { x: 3, w: NaN }];
  for (const o of objects) agree(flows, j, [o]);
  // three shapes, three specializations: none tests presence or undefined-ness at run time
  assert.deepEqual(j.signatures.map((s) => s.split(' -> ')[0]).sort(), ['({x:f64,w:?undefined})', '({x:f64,w:f64})', '({x:f64})']);
  const source = Object.entries(j.inspect()).find(([s]) => s.startsWith('({x:f64,w:?undefined})'))?.[1] ?? '';
  assert.ok(source.length > 0 && !source.startsWith('(plain'), 'compiled, not the plain fallback');
});

test('the same object given a number, then a string, in that field: read right, then classified again', () => {
  const j = memoJit(flows) as unknown as Call;
  const o: { x: number; w?: unknown } = { x: 1, w: undefined };
  assertSameOutcome(outcomeOf(() => j(o)), outcomeOf(() => flows(o as { x: number })));
  o.w = 2.5; // still an f64-or-undefined field to the compiled code's checker
  assertSameOutcome(outcomeOf(() => j(o)), outcomeOf(() => flows(o as { x: number })));
  o.w = 'late'; // no longer: the object is classified again, and reading a string field is a located error
  const late = outcomeOf(() => j(o));
  assert.ok('error' in late && late.error instanceof JitError, 'a string in the field is not read as a number');
  assert.match((late.error as JitError).message, /the field 'w' holds a string/);
});

test('writing a field that holds undefined stays a located error saying what to do', () => {
  const j = memoJit(function setW(o: { x: number; w?: number }) {
    o.w = o.x * 2;
    return o.w;
  }) as unknown as Call;
  const e = outcomeOf(() => j({ x: 1, w: undefined }));
  assert.ok('error' in e && e.error instanceof JitError);
  assert.match((e.error as JitError).message, /holds undefined.*give the field a number before the call to write it/);
});

test('generated programs reading fields present-but-undefined, absent or numbers agree with plain', () => {
  const program = fc.array(fc.nat(), { minLength: 40, maxLength: 40 }).map((choices) => {
    let k = 0;
    return absentFieldProgram((n) => choices[k++ % choices.length]! % n);
  });
  const object = fc.oneof(fc.record({ x: double, w: fc.constant(undefined) }), fc.record({ x: double }), fc.record({ x: double, w: double }));
  const args = fc.tuple(object, fc.array(double, { minLength: 1, maxLength: 4 }).map((a) => Float64Array.from(a)));
  let compiled = 0;
  fc.assert(
    fc.property(program, fc.array(args, { minLength: 3, maxLength: 3 }), (source, cases) => {
      const plain = new Function(`return ${source}`)() as Fn;
      const jitted = memoJit(new Function(`return ${source}`)() as Fn);
      for (const a of cases) {
        try {
          (jitted as unknown as Call)(...structuredClone(a));
        } catch (e) {
          if (e instanceof JitError) throw new Error(`${e.message}\n${source}`); // every such program compiles
        }
        agree(plain, jitted, a);
      }
      compiled++;
    }),
    { numRuns: 40, seed: 20261205 },
  );
  assert.equal(compiled, 40);
});
