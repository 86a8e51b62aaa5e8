// Variables read before any write (src/jit/infer/unset.ts): JavaScript reads `undefined` there, and compiled code
// must too, through arithmetic, comparisons, conditional updates and returns. d3's `extent` runs as written.
// Compared with the plain function on generated inputs: Object.is on every element, the same exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { differs } from '../_support/same.js';
import { catchJit } from '../../_support/jit-error.js';
import { double } from '../diff-harness.js';
import { unsetBooleanProgram, unsetProgram } from '../generate-language.js';
import { generatedSources, runGenerated } from '../../_support/kernels.js';

const D3_EXTENT = new URL('../../../bench/corpus/programs/d3-extent.js', import.meta.url).href;
const d3Extent = (await import(D3_EXTENT)) as { default: { fn: (values: number[]) => [number | undefined, number | undefined] } };

type Fn = (...args: never[]) => unknown;

function agree(fn: Fn, jitted: Fn, args: unknown[]): string | undefined {
  let want: unknown, got: unknown, wantErr: unknown, gotErr: unknown;
  const pa = structuredClone(args), ja = structuredClone(args);
  try { want = (fn as (...a: unknown[]) => unknown)(...pa); } catch (e) { wantErr = e; }
  try { got = (jitted as (...a: unknown[]) => unknown)(...ja); } catch (e) { gotErr = e; }
  if (wantErr !== undefined || gotErr !== undefined) {
    if (!(wantErr instanceof Error) || !(gotErr instanceof Error)) return `plain threw ${String(wantErr)}, compiled ${String(gotErr)}`;
    return wantErr.constructor === gotErr.constructor && wantErr.message === gotErr.message ? undefined : `${wantErr.message} vs ${gotErr.message}`;
  }
  return differs(want, got, 'result') ?? differs(pa, ja, 'arguments');
}

function minOf(xs: number[]) {
  let m;
  for (const x of xs) if (m === undefined || x < m) m = x;
  return m;
}

function arithmetic(xs: Float64Array, k: number) {
  let s: number | undefined, t: number | undefined;
  if (k > 0) s = k;
  const a = s! + 1, b = s! * 2, c = -s!, d = s! > 0 ? 1 : 2, e = s === undefined ? 3 : 4, f = s != null ? 5 : 6;
  if (xs.length > 2) t = xs[0];
  xs[1] = s!; // a store of undefined into a typed array is NaN, as in JS
  return [a, b, c, d, e, f, t, s];
}

function perPass(n: number) {
  let seen = 0;
  for (let i = 0; i < n; i++) {
    let v;
    if (v === undefined) seen++; // a `let` in a loop body starts undefined on every pass
    if (i % 2 === 0) v = i;
    seen += v === undefined ? 0 : v;
  }
  return seen;
}

function hoistedVar(k: number) {
  // @ts-expect-error: reading the var before its assignment is the point (JS reads undefined)
  if (k > 1) return w;
  var w = k * 2;
  return w + 1;
}

function countdown(n: number) {
  let last;
  while (n > 0) { last = n; n -= 1.5; }
  return last;
}

// At least one element: the dispatcher types an empty plain array as number[][] (its element kind is unknown).
const numberArrays = fc.array(fc.oneof(double, fc.constantFrom(NaN, -0, 0)), { minLength: 1, maxLength: 8 });

test("d3's extent as written: identical to plain, [undefined, undefined] for an empty or all-NaN input", () => {
  const extent = d3Extent.default.fn;
  const j = memoJit(extent);
  for (const xs of [[NaN], [NaN, NaN], [3], [-0, 0], [0, -0], [2, NaN, -1]]) assert.equal(agree(extent as Fn, j as Fn, [xs]), undefined, JSON.stringify(xs));
  for (const xs of [new Float64Array(0), Float64Array.of(NaN), Float64Array.of(1, -0, 0, -2)]) assert.equal(agree(extent as Fn, j as Fn, [xs]), undefined, String(xs));
  assert.deepEqual(j(new Float64Array(0) as unknown as number[]), [undefined, undefined]);
  fc.assert(fc.property(numberArrays, (xs) => agree(extent as Fn, j as Fn, [xs]) === undefined), { numRuns: 200, seed: 20261202 });
});

test('a read before any write is undefined through arithmetic, comparisons, stores and returns', () => {
  const pairs: Array<[Fn, fc.Arbitrary<unknown[]>]> = [
    [minOf as Fn, numberArrays.map((xs) => [xs])],
    [arithmetic as Fn, fc.tuple(fc.array(double, { maxLength: 4 }).map((a) => Float64Array.from(a)), double)],
    [perPass as Fn, fc.integer({ min: -1, max: 9 }).map((n) => [n])],
    [hoistedVar as Fn, double.map((k) => [k])],
    [countdown as Fn, fc.oneof(fc.integer({ min: -2, max: 6 }), fc.double({ min: -10, max: 10 })).map((n) => [n])], // finite: n -= 1.5 never ends from ∞
  ];
  for (const [fn, args] of pairs) {
    const j = memoJit(fn);
    fc.assert(fc.property(args, (a) => agree(fn, j, a) === undefined), { numRuns: 60, seed: 424242 });
  }
  assert.ok(Object.is(memoJit(countdown)(-1), undefined), 'never written: undefined');
  assert.ok(Number.isNaN(memoJit(arithmetic)(new Float64Array(1), -1)[0]));
});

test('what JS does not read as undefined stays a located error (temporal dead zone, other kinds)', () => {
  const cases: Array<[Fn, RegExp]> = [
    [function tdz(k: number) {
      // @ts-expect-error: a read in the temporal dead zone is the point (JS throws a ReferenceError)
      const y = k > 0 ? x : 1;
      let x = 2;
      return y + x;
    }, /temporal dead zone/],
    [function caseLet(k: number) { switch (k) { case 0: let z; z = 1; return z; case 1: z = 2; return z; } return 0; }, /may be read before it is assigned|switch|declar/],
  ];
  for (const [fn, message] of cases) {
    const e = catchJit(() => (memoJit(fn) as unknown as (k: number) => unknown)(1));
    assert.ok(e instanceof JitError, fn.name);
    assert.match(e.message, message, fn.name);
    assert.match(e.message, /unset\.test\.ts:\d+:\d+/, `${fn.name}: located`);
  }
});

test('generated programs with variables written on some paths only agree with plain (Object.is, writes, exceptions)', () => {
  const program = generatedSources(unsetProgram);
  const args = fc.tuple(double, double, fc.array(double, { maxLength: 5 }).map((a) => Float64Array.from(a)));
  fc.assert(
    fc.property(program, fc.array(args, { minLength: 3, maxLength: 3 }), (source, cases) => {
      // a located refusal is allowed, never a different result
      runGenerated(source, cases, (plain, compiled, a) => {
        const d = agree(plain, compiled, a);
        if (d !== undefined) throw new Error(`${d}\n${source}\nargs ${a.map(String).join(' | ')}`);
      });
    }),
    { numRuns: 40, seed: 8675309 },
  );
});

function anyNegative(xs: Float64Array) {
  let found;
  for (let i = 0; i < xs.length; i++) if (!found && xs[i]! < 0) found = true; // read before the write: a retry types it bool
  return found;
}

function flags(xs: Float64Array, k: number) {
  let f: boolean | undefined, g: boolean | undefined;
  if (k > 0) f = xs.length > 1;
  if (k > 1) g = !f;
  if (xs.length) xs[0] = f ? 1 : -0;
  return [f, g, f === undefined ? 1 : 0, f == null ? 1 : 0, f === false ? 1 : 0, f ? 2 : 3, (f as unknown as number) & 1, (g as unknown as number) | 2, f && k > 0, g || k < 0];
}

test('a boolean read before any write is undefined as in JS: tests, !, &&, ||, bit operators, stores, returns', () => {
  const pairs: Array<[Fn, fc.Arbitrary<unknown[]>]> = [
    [anyNegative as Fn, fc.array(double, { maxLength: 5 }).map((a) => [Float64Array.from(a)])],
    [flags as Fn, fc.tuple(fc.array(double, { maxLength: 3 }).map((a) => Float64Array.from(a)), fc.integer({ min: -1, max: 3 }))],
  ];
  for (const [fn, args] of pairs) {
    const j = memoJit(fn);
    fc.assert(fc.property(args, (a) => agree(fn, j, a) === undefined), { numRuns: 60, seed: 1202 });
    assert.ok(Object.values((j as unknown as { inspect(): Record<string, string> }).inspect()).every((s) => !s.startsWith('(plain')), fn.name);
  }
  assert.equal(memoJit(anyNegative)(Float64Array.of(1, 2)), undefined);
  assert.equal(memoJit(anyNegative)(Float64Array.of(1, -2)), true);
  // read before any write and later a boolean or a number: a number-or-boolean that starts undefined
  // (infer/unset.ts), as with an initial value
  function mixed(k: number) { let b; if (!b) b = true; if (k > 0) b = k; return b; }
  for (const k of [1, 0, -0, -2, NaN, 2.5]) assert.ok(Object.is(memoJit(mixed)(k), mixed(k)), `mixed(${k})`);
  function mixedInitial(k: number) { let b: boolean | number = false; if (!b) b = true; if (k > 0) b = k; return b; }
  for (const k of [1, 0, -0, -2, NaN, 2.5]) assert.ok(Object.is(memoJit(mixedInitial)(k), mixedInitial(k)), `mixedInitial(${k})`);
});

test('generated programs with booleans written on some paths only agree with plain (Object.is, writes, exceptions)', () => {
  const program = generatedSources(unsetBooleanProgram);
  const args = fc.tuple(double, double, fc.array(double, { maxLength: 5 }).map((a) => Float64Array.from(a)));
  let compiled = 0;
  fc.assert(
    fc.property(program, fc.array(args, { minLength: 3, maxLength: 3 }), (source, cases) => {
      // a located refusal is allowed, never a different result
      const run = runGenerated(source, cases, (plain, jitted, a) => {
        const d = agree(plain, jitted, a);
        if (d !== undefined) throw new Error(`${d}\n${source}\nargs ${a.map(String).join(' | ')}`);
      });
      if (run !== 'compiled') return;
      compiled++;
    }),
    { numRuns: 40, seed: 20261202 },
  );
  assert.ok(compiled >= 30, `most generated programs compile (${compiled} of 40)`);
});
