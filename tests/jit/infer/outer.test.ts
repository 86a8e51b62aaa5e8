// Names from outside the compiled function (src/jit/infer/outer.ts, frontend/closure.ts, frontend/declarations.ts):
// module- and closure-level constants, arrays by reference, plain callees, and bindings that may change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { memoJit, JitError } from '../../../src/index.js';
import { twice } from '../fixtures/other-file.js';
import { catchJit } from '../../_support/jit-error.js';

/** Compiled equals plain: Object.is on the result, the same writes to every argument, the same exception. */
function same<A extends unknown[]>(fn: (...args: A) => unknown, make: () => A, label = fn.name): void {
  const jitted = memoJit(fn);
  const pa = make();
  const ja = make();
  let want: unknown; let wantErr: unknown; let got: unknown; let gotErr: unknown;
  try { want = fn(...pa); } catch (e) { wantErr = e; }
  try { got = jitted(...ja); } catch (e) { gotErr = e; }
  if (wantErr !== undefined || gotErr !== undefined) {
    assert.ok(gotErr instanceof Error && wantErr instanceof Error, `${label}: plain threw ${String(wantErr)}, compiled ${String(gotErr)}`);
    assert.equal(gotErr.constructor, wantErr.constructor, label);
    assert.equal(gotErr.message, wantErr.message, label);
  } else {
    assert.ok(Object.is(got, want), `${label}: compiled ${String(got)}, plain ${String(want)}`);
  }
  assert.deepEqual(ja, pa, `${label}: writes to the arguments`);
}

const RSQRT2PI = 0.3989422804014327;
const NEG_ZERO = -0;
const TABLE = new Float64Array([0.5, -1.25, 3, NaN]);
const COEFFICIENTS = [0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174];
const FLAGS = [true, false, true];
// bezier-easing's line, and the other ways code takes Math functions out of Math
const { cbrt, sqrt: root2, PI: π } = Math;
const pow = Math.pow;
var atan2 = Math.atan2; // eslint-disable-line no-var
const MathAgain = Math;
const { max: largest } = Math;
const ENABLED = true;
let effectivelyConst = 4; // a `let` nothing assigns again
let changes = 1;
function setChanges(v: number) { changes = v; }
function square(x: number) { return x * x * RSQRT2PI; }
function viaSquare(x: number) { return square(x) + effectivelyConst; }

test('numbers and booleans from the module are frozen constants, as numba freezes globals', () => {
  same(function density(x: number) { return RSQRT2PI * Math.exp(-0.5 * x * x); }, () => [0.75] as [number]);
  same(function negZero(x: number) { return x * NEG_ZERO; }, () => [3] as [number]);
  same(function flagged(x: number) { return ENABLED ? x + 1 : x - 1; }, () => [2] as [number]);
  same(function usesLet(x: number) { return x + effectivelyConst; }, () => [1] as [number]);
  const f = memoJit(function density2(x: number) { return RSQRT2PI * x; });
  f(1);
  const source = Object.values(f.inspect())[0]!;
  assert.match(source, /frozen from outside: RSQRT2PI = 0\.3989422804014327 \(module const\)/);
  assert.match(source, /0\.3989422804014327 \* x|x \* 0\.3989422804014327|\(0\.3989422804014327 \* x\)/);
});

test('typed arrays and arrays of numbers are used by reference: later writes are seen', () => {
  function lookup(i: number) { return TABLE[i]! + COEFFICIENTS[i]! + (FLAGS[i] ? 1 : 0); }
  const f = memoJit(lookup);
  for (const i of [0, 1, 2, 3, 7]) assert.ok(Object.is(f(i), lookup(i)), `index ${i}`);
  TABLE[0] = 10; COEFFICIENTS[1] = -2;
  assert.ok(Object.is(f(0), lookup(0)));
  assert.ok(Object.is(f(1), lookup(1)));
  // a plain array that now holds another kind of element runs the plain function, with the same result
  (COEFFICIENTS as unknown[])[2] = 'x';
  assert.equal(f(2), lookup(2));
  COEFFICIENTS[2] = -59.597960355475491248;
  TABLE[0] = 0.5; COEFFICIENTS[1] = 57.156235665862923517;
  const source = Object.values(f.inspect())[0]!;
  assert.match(source, /TABLE = Float64Array\(4\) by reference as \$g\d+/);
  assert.match(source, /COEFFICIENTS = number\[\]\(4\) by reference/);
});

test('writes into an array from outside land in that array', () => {
  const out = new Float64Array(3);
  function fill(k: number) { for (let i = 0; i < out.length; i++) out[i] = k * i; return out.length; }
  assert.equal(memoJit(fill)(2), 3);
  assert.deepEqual([...out], [0, 2, 4]);
});

test('plain functions called by name are compiled with the caller, their own outside names too', () => {
  same(viaSquare, () => [1.5] as [number]);
  const f = memoJit(viaSquare);
  f(2);
  assert.match(Object.values(f.inspect())[0]!, /function \$fn_square/);
  // a memoJit function called directly, from another file, bound by a static import: imports are live
  // bindings, so it is rejected with a suggestion, and following the suggestion compiles
  function usesImported(x: number) { return twice(x) + 1; }
  const e = catchJit(() => memoJit(usesImported)(3));
  assert.match(e.message, /'twice' is imported.*memoJit\(\{ scope: \{ twice \} \}\)/);
  assert.equal(memoJit({ scope: { twice } })(usesImported)(3), 7);
});

test('closure variables of a factory are frozen per closure', () => {
  const make = (k: number) => memoJit(function scaled(x: number) { return x * k; });
  const a = make(2);
  const b = make(-0.5);
  assert.equal(a(3), 6);
  assert.equal(b(3), -1.5);
  assert.ok(Object.is(b(0), -0));
});

test('a binding that may be assigned again is a located error that says what to do', () => {
  function usesChanging(x: number) { return x + changes; } // MARK-changes
  const e = catchJit(() => memoJit(usesChanging)(1));
  assert.match(e.message, /'changes' is declared with let and may be assigned again after compiling.*pass it as an argument, or make it const/);
  assert.equal(e.construct, 'use of changes');
  assert.match(e.message, /MARK-changes/);
  setChanges(2);
  let local = 1;
  const bump = () => { local += 1; };
  bump();
  const e2 = catchJit(() => memoJit(function usesLocal(x: number) { return x + local; })(1));
  assert.match(e2.message, /'local' is declared with let and may be assigned again/);
});

test('values compiled code cannot hold are named', () => {
  // (a plain record's number fields are constants now: tests/jit/language/outer-objects.test.ts)
  const config = new Map([['k', 2]]);
  const e = catchJit(() => memoJit(function usesObject(x: number) { return x * config.size; })(1));
  assert.match(e.message, /'config' is .*Map from outside the function; compiled code can read outside numbers/);
});

test('the scope option wins over the discovered binding', () => {
  function helper(x: number) { return x + 1; }
  function other(x: number) { return x + 100; }
  function callsHelper(x: number) { return helper(x); }
  assert.equal(memoJit(callsHelper)(1), 2);
  assert.equal(memoJit({ scope: { helper: other } })(callsHelper)(1), 101);
});

test('discovery works in a worker thread and leaves no temporaries on globalThis', async () => {
  const before = Object.keys(globalThis).filter((k) => k.startsWith('__numbat'));
  same(function density3(x: number) { return RSQRT2PI * x; }, () => [2] as [number]);
  assert.deepEqual(Object.keys(globalThis).filter((k) => k.startsWith('__numbat')), before);
  const worker = new Worker(new URL('../fixtures/outer-worker-boot.mjs', import.meta.url));
  const result = await new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.deepEqual(result, [5, 7.5, 0]);
});

test('outsideContent lists callee sources and frozen values for a persistent cache, without compiling', async () => {
  const { outsideContent } = await import('../../../src/jit/infer/content.js');
  const f = memoJit(viaSquare);
  const c = outsideContent(f);
  assert.deepEqual(c.sources.map((s) => s.name), ['square']);
  assert.equal(c.sources[0]!.source, square.toString());
  assert.deepEqual(c.constants.filter((k) => k.name !== 'square'), [{ name: 'RSQRT2PI', value: RSQRT2PI }, { name: 'effectivelyConst', value: 4 }]);
  const arrays = outsideContent(function lookup2(i: number) { return TABLE[i]! + COEFFICIENTS[i]! + (ENABLED ? NEG_ZERO : 1); });
  assert.deepEqual(arrays.constants, [{ name: 'TABLE', value: 'Float64Array' }, { name: 'COEFFICIENTS', value: 'number[]' }, { name: 'ENABLED', value: true }, { name: 'NEG_ZERO', value: -0 }]);
  assert.ok(Object.is(arrays.constants[3]!.value, -0));
});

test('Math functions taken out of Math (const { sqrt } = Math, const pow = Math.pow) compile as the Math calls they are', () => {
  const edges = [0, -0, 1, -1, 0.5, -8, 27, 1e-300, 1e300, Infinity, -Infinity, NaN, 2 ** 53 + 2];
  function cardano(q: number, s: number) { const r = root2(s); return cbrt(q + r) + cbrt(q - r) - π / 2; }
  function powers(x: number, y: number) { return pow(x, y) + atan2(y, x); }
  for (const x of edges) for (const y of [0, -0, 2, -0.5, 3, NaN, Infinity]) {
    same(cardano, () => [x, y] as [number, number], `cardano(${x}, ${y})`);
    same(powers, () => [x, y] as [number, number], `powers(${x}, ${y})`);
  }
  // on the Wasm backend too, where the function is in its subset
  const onWasm = memoJit({ backend: 'wasm' })(powers);
  for (const x of edges) assert.ok(Object.is(onWasm(x, 3), powers(x, 3)), `wasm powers(${x}, 3)`);
  const shown = memoJit(cardano);
  shown(1, 2);
  assert.match(Object.values(shown.inspect()).join('\n'), /root2 = Math\.sqrt \(module const\); cbrt = Math\.cbrt \(module const\)/);
});

test('a function of the same name is not taken for Math, and a Math function replaced before compiling is not Math', () => {
  const sqrt = function sqrt(x: number) { return x * 2; }; // a user's sqrt, not Math.sqrt
  function usesOwnSqrt(x: number) { return sqrt(x) + 1; }
  same(usesOwnSqrt, () => [9] as [number]);
  assert.equal(memoJit(usesOwnSqrt)(9), 19);
});

test('Math under another name, and min/max/hypot out of Math, are located errors whose advice works', () => {
  const e1 = catchJit(() => memoJit(function viaAlias(x: number) { return MathAgain.sqrt(x); })(4));
  assert.match(e1.message, /'MathAgain' is Math under another name.*write Math\.sqrt\(x\), or take the functions out \(const \{ sqrt \} = Math\)/);
  assert.ok(e1.line !== undefined);
  const e2 = catchJit(() => memoJit(function viaMax(x: number) { return largest(x, 2, 3); })(4));
  assert.match(e2.message, /call to largest .*this is Math\.max under another name.*write Math\.max\(…\)/);
  // the advice, followed
  same(function viaAliasFixed(x: number) { return Math.sqrt(x) + root2(x); }, () => [4] as [number]);
  same(function viaMaxFixed(x: number) { return Math.max(x, 2, 3); }, () => [4] as [number]);
});

test('the persistent cache key names a Math function by its member, not by its native text', async () => {
  const { outsideContent } = await import('../../../src/jit/infer/content.js');
  const c = outsideContent(function usesPow(x: number) { return pow(x, 2) + root2(x); });
  assert.deepEqual(c.sources, [{ name: 'pow', source: 'Math.pow' }, { name: 'root2', source: 'Math.sqrt' }]);
});
