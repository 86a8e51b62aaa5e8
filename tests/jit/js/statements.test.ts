// The JS emitted for throw, typeof tests, returned null/undefined and expressions with effects
// (src/jit/js/statements.ts). The pure helpers are checked on hand-built IR: a throw's message starts with ""
// so every `+` concatenates (evaluated here to show "" + 1 + 2 is "12", not "3"), texts are JSON-quoted,
// no message gives `new C()`; typeTestSource/absentSource/effectSource print the JS construct. Through
// memoJit({ backend: 'js' }) the compiled function throws the plain function's class and message (numbers converted as JS converts them: -0, NaN, 1e21, 0.1 + 0.2) and
// gives the plain results for typeof tests and comma/assignment expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import type { Expr, Stmt } from '../../../src/jit/ir.js';
import { absentSource, effectSource, throwSource, typeTestSource } from '../../../src/jit/js/statements.js';

const code = (e: Expr): string => (e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : '…');
const local = (name: string, kind: 'f64' | 'i32' = 'f64'): Expr => ({ op: 'local', type: { kind }, name });

test('throwSource: a leading "" makes the message a concatenation, texts are JSON-quoted, no message is new C()', () => {
  const a = local('a');
  const b = local('b');
  const src = throwSource({ kind: 'throw', error: 'RangeError', message: [{ value: a }, { value: b }, { text: ' "q"\n' }] }, code);
  assert.equal(src, 'throw new RangeError("" + (a) + (b) + " \\"q\\"\\n")');
  // Run it: two leading numbers are not added (1 and 2 give "12"), the quoted text survives verbatim.
  const run = new Function('a', 'b', src) as (a: number, b: number) => never;
  assert.throws(() => run(1, 2), (e: unknown) => e instanceof RangeError && e.message === '12 "q"\n');
  assert.equal(throwSource({ kind: 'throw', error: 'TypeError', message: null }, code), 'throw new TypeError()');
  // An empty message list is still a string message: "" alone.
  assert.equal(throwSource({ kind: 'throw', error: 'Error', message: [] }, code), 'throw new Error("")');
});

test('typeTestSource, absentSource and effectSource print the JS construct', () => {
  const v = local('v');
  assert.equal(typeTestSource({ op: 'typeTest', type: { kind: 'bool' }, arg: v, is: 'number' }, code), '(typeof v === "number")');
  assert.equal(typeTestSource({ op: 'typeTest', type: { kind: 'bool' }, arg: v, is: 'undefined' }, code), '(typeof v === "undefined")');
  // an object's null tests (a list's next): typeof names neither null nor null-or-undefined
  assert.equal(typeTestSource({ op: 'typeTest', type: { kind: 'bool' }, arg: v, is: 'null' }, code), '(v === null)');
  assert.equal(typeTestSource({ op: 'typeTest', type: { kind: 'bool' }, arg: v, is: 'nullish' }, code), '(v == null)');
  assert.equal(absentSource({ op: 'absent', type: { kind: 'f64' }, value: 'null' }), 'null');
  assert.equal(absentSource({ op: 'absent', type: { kind: 'f64' }, value: 'undefined' }), 'undefined');
  const i = local('i', 'i32');
  const one: Expr = { op: 'const', type: { kind: 'i32' }, value: 1 };
  const two: Expr = { op: 'const', type: { kind: 'i32' }, value: 2 };
  const stmts: Stmt[] = [{ kind: 'assign', name: 'i', value: one }, { kind: 'assign', name: 'i', value: two }];
  const eff = (s: Stmt): string => (s.kind === 'assign' ? `${s.name} = ${code(s.value)}` : '…');
  // Statements in order, then the value; evaluated, the last assignment wins.
  const src = effectSource({ op: 'effect', type: { kind: 'i32' }, stmts, value: i }, eff, code);
  assert.equal(src, '(i = 1, i = 2, i)');
  assert.equal((new Function(`let i = 0; return ${src};`) as () => number)(), 2);
  assert.equal(effectSource({ op: 'effect', type: { kind: 'i32' }, stmts: [], value: i }, eff, code), '(i)');
});

/** The class and message a call threw, or 'none'. */
function outcome(f: () => unknown): string {
  try {
    return `value ${String(f())}`;
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

const js = memoJit({ backend: 'js' });

test('a compiled throw gives the plain class and message, numbers converted as plain JS converts them', () => {
  function check(x: number): number {
    if (x !== x) throw new TypeError('got ' + x);
    if (x > 1e20) throw new RangeError(x + 1 + ' is above ' + 1e20);
    if (x < 0) throw new Error('' + x + 1);
    if (x === 0 && 1 / x < 0) throw new Error(`minus zero prints as ${x}`);
    return x * 2;
  }
  const compiled = js(check);
  for (const x of [NaN, 1e21, 5e20, -3, -0.5, -0, 0, 0.1 + 0.2, 7]) {
    assert.equal(outcome(() => compiled(x)), outcome(() => check(x)), `x = ${x}`);
  }
  // Derived by hand: x + 1 is added before the text is appended; '' + x + 1 concatenates.
  assert.equal(outcome(() => compiled(1e21)), 'RangeError: 1e+21 is above 100000000000000000000');
  assert.equal(outcome(() => compiled(-3)), 'Error: -31');
  assert.equal(outcome(() => compiled(-0)), 'Error: minus zero prints as 0');
  assert.ok(Object.values(compiled.inspect()).join('\n').includes('throw new'), 'the JS backend ran and kept the throw');
});

test('a throw without a message and a rethrow after work: same class, empty message, as plain JS', () => {
  function noMessage(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i]! < 0) throw new RangeError();
      s += xs[i]!;
    }
    return s;
  }
  const compiled = js(noMessage);
  const good = new Float64Array([1, 2, 3.5]);
  const bad = new Float64Array([1, -2]);
  assert.equal(compiled(good), 6.5);
  assert.equal(outcome(() => compiled(bad)), 'RangeError: ');
  assert.equal(outcome(() => compiled(bad)), outcome(() => noMessage(bad)));
});

test('typeof tests and assignment/comma expressions used as values give the plain results', () => {
  function kinds(x: number, xs: Float64Array): number {
    let r = 0;
    if (typeof x === 'number') r += 1;
    if (typeof xs[5] === 'undefined') r += 10;
    if (typeof x === 'string') r += 100;
    return r;
  }
  function effects(n: number): number {
    let i = 0;
    let j = 0;
    let s = 0;
    while ((i = i + 1) <= n) s += (j = i * 2);
    return s * 1000 + j + (i += 3);
  }
  const k = js(kinds);
  const e = js(effects);
  const xs = new Float64Array(3);
  for (const x of [0, -0, 1.5, NaN]) assert.ok(Object.is(k(x, xs), kinds(x, xs)), `kinds(${x})`);
  assert.equal(k(1, xs), 11, 'by hand: a number, and xs[5] past the end is undefined');
  for (const n of [0, 1, 4, 10]) assert.ok(Object.is(e(n), effects(n)), `effects(${n})`);
  // By hand for n = 4: s = 2+4+6+8 = 20, j = 8, i ends at 5, then i += 3 gives 8: 20008 + 8 = 20016.
  assert.equal(e(4), 20016);
});
