// passes/invariant-rows.ts: a number[][] row a loop reads at an index the loop never changes is read once, before
// the loop. Shapes: which reads move and which loops keep theirs. Behaviour: plain and compiled (js, wasm, auto)
// agree bit for bit, exceptions included, on rectangular, ragged, short, empty and self-containing inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { row_norms } from '../_support/kernels.js';
import fc from 'fast-check';
import { memoJit } from '../../../src/index.js';
import { hoistInvariantRows } from '../../../src/jit/passes/invariant-rows.js';
import { lowerToIR } from '../../../src/jit/pipeline.js';
import { generateJS } from '../../../src/jit/js/codegen.js';
import { assertSameOutcome, assertSameValues, outcomeOf } from '../../_support/outcome.js';

const NESTED = { kind: 'matrix', layout: 'nested' } as const;
const I32 = { kind: 'i32' } as const;

type Call = (...a: never[]) => unknown;

/** The JS the pass leaves for `fn` (lowered, then rows hoisted, no other pass). */
function hoisted(fn: Call, types: Parameters<typeof lowerToIR>[1]): string {
  return generateJS(hoistInvariantRows(lowerToIR(fn, types))).source;
}

// numba's pairwise, as in bench/corpus/kernels (ported there literally); row_norms is the shared fixture.

function pairwise(X: number[][]) {
  const M = X.length, N = X[0]!.length;
  const D = Array.from({ length: M }, () => new Float64Array(M));
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let d = 0.0;
      for (let k = 0; k < N; k++) {
        const tmp = X[i]![k]! - X[j]![k]!;
        d += tmp * tmp;
      }
      D[i]![j] = Math.sqrt(d);
    }
  }
  return D;
}

// Reads the next row too (past the end on the last row: JS reads undefined, then throws on its element).
function nextRowDots(X: number[][], d: number) {
  let s = 0;
  for (let i = 0; i < X.length; i++) for (let j = 0; j < d; j++) s += X[i]![j]! * X[i + 1]![j]!;
  return s;
}

// Column bounds read through the row (`X[i].length`), with rows of any length.
function raggedSums(X: number[][]) {
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) for (let j = 0; j < X[i]!.length; j++) out[i] = out[i]! + X[i]![j]! - X[i]![0]!;
  return out;
}

// Writes the rows of an argument while reading another argument's rows: kept as written (W may hold X as a row).
function writesArgumentRows(X: number[][], W: number[][]) {
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < X[i]!.length; j++) {
      s += X[i]![j]!;
      W[0]![j] = s;
    }
  }
  return s;
}

// Replaces a row in the loop: kept as written.
function replacesRows(X: number[][], r: number[]) {
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < r.length; j++) {
      s += X[i]![j]!;
      if (s > 3) X[i] = r;
    }
  }
  return s;
}

/** A regex source for the read of row `index` of `m`: plain, or checked where it is read (js/lazy-elements.ts). */
const rowRead = (m: string, index: string): string =>
  `(?:${m}\\[${index}\\]|\\(\\$isArray\\(\\$t\\d+ = ${m}\\[${index}\\]\\)[^;]*?\\$lazyMiss\\(\\)\\))`;

test('row-norms: X[i] is read once per row, before the inner loop', () => {
  const source = hoisted(row_norms, [NESTED]);
  // (its only write is into the array it made: each row, then each element, is checked where it is read,
  // js/lazy-elements.ts)
  assert.match(source, new RegExp(`let \\$row = ${rowRead('X', 'i')};\\s*for \\(; \\(j < d\\)`));
  assert.equal(source.match(/\$row\[j\]/g)?.length, 2, 'both element reads go through the row local');
  assert.ok(!source.includes('X[i][j]'));
});

test('pairwise: X[i] and D[i] move out of the j loop, X[j] out of the k loop', () => {
  const source = hoisted(pairwise, [NESTED]);
  assert.match(source, /let \$row = X\[i\];\s*let \$row1 = D\[i\];\s*for \(; \(j < M\)/);
  assert.match(source, /let \$row2 = X\[j\];\s*for \(; \(k < N\)/);
  assert.ok(source.includes('let tmp = ($row[k] - $row2[k]);'));
});

test('index expressions of invariant locals move (X[i + 1]); rows whose index the loop changes stay', () => {
  const source = hoisted(nextRowDots, [NESTED, I32]);
  // (a function that writes only its locals checks each row where it is read: js/lazy-elements.ts)
  assert.match(source, new RegExp(`let \\$row = ${rowRead('X', 'i')};\\s*let \\$row1 = ${rowRead('X', '\\(i \\+ 1\\)')};`));
  const ragged = hoisted(raggedSums, [NESTED]);
  // the bound `X[i].length` reads the hoisted row too
  assert.match(ragged, new RegExp(`let \\$row = ${rowRead('X', 'i')};\\s*for \\(; \\(j < \\$row\\.length\\)`));
});

test('loops that store into an argument\'s rows, replace rows or call out keep their reads', () => {
  for (const [fn, types] of [[writesArgumentRows, [NESTED, NESTED]], [replacesRows, [NESTED, { kind: 'array', element: 'num' }]]] as const) {
    const lowered = lowerToIR(fn as Call, types as Parameters<typeof lowerToIR>[1]);
    assert.equal(hoistInvariantRows(lowered), lowered, fn.name);
  }
  function callsOut(X: number[][]) {
    let s = 0;
    for (let i = 0; i < X.length; i++) for (let j = 0; j < X[i]!.length; j++) s += Math.max(X[i]![j]!, X.length) + X[i]!.slice(j)[0]!;
    return s;
  }
  const source = hoisted(callsOut, [NESTED]);
  assert.doesNotMatch(source, /let \$row\d* =/, 'an array method in the loop: nothing moves');
});

const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e308, 5e-324);
const element = fc.oneof({ weight: 4, arbitrary: finite }, { weight: 1, arbitrary: special });
const rect = fc.integer({ min: 1, max: 6 }).chain((d) => fc.array(fc.array(element, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 7 }));
const ragged = fc.array(fc.array(element, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 7 });

/** Plain and compiled on copies of `args` (rows copied, so each side sees its own): same outcome and arguments after. */
function agreeOn(fn: Call, compiled: Call, args: readonly unknown[]): void {
  const copy = (): unknown[] => args.map((a) => (Array.isArray(a) ? a.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : a));
  const p = copy(), c = copy();
  assertSameOutcome(outcomeOf(() => (compiled as (...a: unknown[]) => unknown)(...c)), outcomeOf(() => (fn as (...a: unknown[]) => unknown)(...p)));
  assertSameValues(c, p, 'the arguments after the call');
}

for (const backend of ['js', 'wasm', 'auto'] as const) {
  test(`kernels with hoisted rows equal plain bit for bit (backend ${backend})`, () => {
    const kernels: [Call, fc.Arbitrary<unknown[]>][] = [
      [row_norms, rect.map((X) => [X])],
      [pairwise, rect.map((X) => [X])],
      [raggedSums, ragged.map((X) => [X])],
      // d past the row lengths (undefined → NaN), and the read past the last row (a TypeError, or none when d = 0)
      [nextRowDots, fc.tuple(rect, fc.integer({ min: 0, max: 8 })).map(([X, d]) => [X, d])],
      [writesArgumentRows, fc.tuple(ragged, ragged).map(([X, W]) => [X, W])],
      [replacesRows, fc.tuple(ragged, fc.array(finite, { minLength: 1, maxLength: 6 })).map(([X, r]) => [X, r])],
    ];
    for (const [fn, inputs] of kernels) {
      const compiled = memoJit({ backend })(fn) as unknown as Call;
      fc.assert(fc.property(inputs, (args) => agreeOn(fn, compiled, args)), { numRuns: 120, seed: 1310 });
    }
  });
}

test('a matrix that is a row of the matrix written in the loop: the stores are seen, as in plain JS', () => {
  // W[0] is X itself: `W[0][j] = s` puts numbers where X's rows were while the loop reads X[i][j].
  const make = (): [number[][], number[][]] => {
    const X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    return [X, [X as unknown as number[]]];
  };
  const [plainX, plainW] = make(), [jitX, jitW] = make();
  for (const backend of ['js', 'wasm', 'auto'] as const) {
    const [x, w] = make();
    const compiled = memoJit({ backend })(writesArgumentRows);
    assertSameOutcome(outcomeOf(() => compiled(x, w)), outcomeOf(() => writesArgumentRows(...make())));
  }
  const compiled = memoJit({ backend: 'js' })(writesArgumentRows);
  assertSameOutcome(outcomeOf(() => compiled(jitX, jitW)), outcomeOf(() => writesArgumentRows(plainX, plainW)));
  assertSameValues(jitX, plainX, 'X after the call');
});
