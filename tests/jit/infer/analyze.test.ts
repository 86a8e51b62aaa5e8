// src/jit/infer/analyze.ts: the walker of type inference. syntheticOne's shared `1`; one Analysis round on a
// parsed function (its Typing: bindings, values, reached statements, refs); then through inferFunction the rules
// the module promises: each variable one type (the join of what is assigned), loops to a fixed point with
// widening, a counter bounded by a length stays an int32 while a Collatz-style value becomes f64, code after a
// return never analyzed; the located refusals of the statements it does not compile (class, message, line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { Analysis, syntheticOne } from '../../../src/jit/infer/analyze.js';
import { FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import type { Type } from '../../../src/jit/types.js';
import { memoJit, JitError } from '../../../src/index.js';
import { catchJit, compileError } from '../../_support/jit-error.js';

const F64: Type = { kind: 'f64' };
const I32: Type = { kind: 'i32' };
const F64_ARRAY: Type = { kind: 'array', element: 'f64' };
const INT32_RANGE = numAV(-(2 ** 31), 2 ** 31 - 1, true);

/** inferFunction on `source`: the return and the value of each binding by unique name. */
function infer(source: string, args: readonly Type[] = [F64]) {
  const t = inferFunction(parseFunction(source), args, newEnv(() => undefined));
  return { t, returns: t.returns, value: (unique: string) => t.bindings.find((b) => b.unique === unique)?.value };
}

/** The JitError inferFunction throws on `source`. */
function refusal(source: string, args: readonly Type[] = [F64]): JitError {
  return catchJit(() => inferFunction(parseFunction(source), args, newEnv(() => undefined)));
}

test('syntheticOne: one literal 1 per update expression, spanning it', () => {
  const update = parseFunction('(i) => i++').body as Node;
  const one = syntheticOne(update);
  assert.equal(one.type, 'Literal');
  assert.equal(one.value, 1);
  assert.equal(syntheticOne(update), one, 'shared by inference and lowering');
  assert.deepEqual([one.start, one.end], [update.start, update.end]);
  assert.notEqual(syntheticOne(parseFunction('(i) => i--').body as Node), one);
});

test('one Analysis round: the Typing of a small function', () => {
  const parsed = parseFunction('function half(x) { const h = x / 2; return h; h = 3; }');
  const typing = new Analysis(parsed, [FLOAT], newEnv(() => undefined), undefined, new Set()).run();
  assert.deepEqual(typing.returns, FLOAT);
  assert.deepEqual(typing.params.map((b) => b.name), ['x']);
  assert.deepEqual(typing.bindings.map((b) => [b.name, b.kind, b.value]), [['x', 'param', FLOAT], ['h', 'const', FLOAT]]);
  const [decl, ret, dead] = parsed.body.body as Node[];
  assert.ok(typing.reached.has(decl!) && typing.reached.has(ret!));
  assert.equal(typing.reached.has(dead!), false, 'code after a return is never run, nor analyzed');
  const hRef = (ret!.argument as Node);
  assert.equal(typing.refs.get(hRef), typing.bindings[1], 'the identifier resolves to its binding');
  assert.deepEqual(typing.values.get(decl!.declarations[0].init as Node), FLOAT);
  assert.equal(typing.argCount, 1);
  assert.equal(typing.usesRandom, false);
  // An expression body is its return.
  const arrow = new Analysis(parseFunction('(x) => x > 1'), [FLOAT], newEnv(() => undefined), undefined, new Set()).run();
  assert.deepEqual(arrow.returns, { k: 'bool' });
});

test('a declaration in the forced set is a float from the start (the retry for int32 overflow)', () => {
  const source = 'function f(x) { let i = 0; if (x > 0) i = 2; return i; }';
  const parsed = parseFunction(source);
  const id = (parsed.body.body as Node[])[0]!.declarations[0].id as Node;
  const plain = new Analysis(parsed, [FLOAT], newEnv(() => undefined), undefined, new Set()).run();
  assert.deepEqual(plain.bindings[1]!.value, numAV(0, 2, true));
  assert.deepEqual(plain.returns, numAV(0, 2, true));
  const other = new Analysis(parseFunction(source), [FLOAT], newEnv(() => undefined), undefined, new Set([id])).run();
  assert.deepEqual(other.returns, numAV(0, 2, true), 'another parse: its declaration is not in the set');
  const forced = new Analysis(parsed, [FLOAT], newEnv(() => undefined), undefined, new Set([id])).run();
  assert.deepEqual(forced.bindings[1]!.value, FLOAT, 'the variable holds a float');
  assert.deepEqual(forced.returns, FLOAT, 'and is read as one');
});

test('each variable holds the join of what is assigned to it; shadowing gives separate bindings', () => {
  const { value, returns } = infer('function f(x) { let y = 1; if (x > 0) y = 5; let z = 2; { let z = 3; } return y; }');
  assert.deepEqual(value('y'), numAV(1, 5, true));
  assert.deepEqual(returns, numAV(1, 5, true));
  assert.deepEqual(value('z'), numAV(2, 2, true));
  assert.deepEqual(value('z$1'), numAV(3, 3, true), 'the inner z is a binding of its own');
  const e = refusal('function f(x) { let y = 1; y = "one"; return y; }');
  assert.equal(e.construct, 'assignment to y');
  assert.match(e.message, /'y' holds an integer elsewhere but a string here; compiled variables keep one type/);
  // a number and a boolean share a variable as the JS value itself (lattice.ts); `false` alone is never true
  assert.deepEqual(infer('function f(x) { let y = 1; y = x > 0; return y; }').value('y'), { k: 'numbool', maybeTrue: true });
  assert.deepEqual(infer('function f(x) { let y = false; if (x > 0) y = x; return y; }').value('y'), { k: 'numbool', maybeTrue: false });
});

test('loops run to a fixed point: a counter bounded by a length stays int32, a value growing without bound is f64', () => {
  const sum = infer('function s(xs) { let t = 0; for (let i = 0; i < xs.length; i++) t += xs[i]; return t; }', [F64_ARRAY]);
  const i = sum.value('i');
  assert.ok(i?.k === 'num' && i.int && i.lo === 0 && i.hi <= 2 ** 31 - 1, 'i is a non-negative int32');
  assert.deepEqual(sum.returns, FLOAT);
  const collatz = infer('function c(n) { let k = n; while (k > 1) k = k % 2 === 0 ? k >> 1 : 3 * k + 1; return k; }', [I32]);
  assert.deepEqual(collatz.value('n'), INT32_RANGE);
  const k = collatz.value('k');
  assert.ok(k?.k === 'num' && !k.int, '3k + 1 has no bound: k is f64');
  // An increment in a loop the analysis cannot bound, widened rather than iterated forever:
  const count = infer('function f(x) { let c = 0; while (x > c) c = c + 1; return c; }');
  assert.deepEqual(count.value('c'), FLOAT, 'widened past int32: a float');
});

test('returns of two types, undefined values and inner functions reading outer locals are refused', () => {
  assert.match(refusal('function f(x) { if (x) return 1; return "one"; }').message, /this returns a string but another return gives an integer/);
  assert.match(refusal('function f(x) { let u = 0; u = undefined; return u; }').message, /'u' would be undefined: compiled variables hold numbers, booleans, arrays, rows or tuples/);
  const inner = refusal('function f(x) { let y = 0; function g() { return y; } return g(); }');
  assert.match(inner.message, /inner functions may only use their own parameters and locals; 'y' belongs to the enclosing function \(pass it as an argument\)/);
  assert.equal(inner.construct, 'use of the outer variable y');
  assert.match(refusal('function f(x) { const g = () => x; return g; }').message, /returning a function is not supported/);
  assert.match(refusal('function f(x) { let g = () => 1; return g(); }').message, /inner functions must be declared with const or function/);
  assert.match(refusal('function f(x) { function g() { return 1; } g = 2; return x; }').message, /'g' is a function/);
});

// bezier-easing calls `X2T(x, e, o, w, d)` where X2T may be a one-parameter function: JS evaluates the extra
// arguments and drops them. A name or a literal does nothing when evaluated, so compiled calls read it (an unknown
// name is an error, as JS's ReferenceError) and drop it; any other extra argument could act or throw, and is a
// located refusal (before this rule, the lowering crashed with a TypeError without a location).
test('extra arguments that are names or literals are dropped as JS drops them; others are refused where written', () => {
  function id(x: number): number {
    return x;
  }
  const loose = id as (...a: number[]) => number;
  function twice(x: number): number {
    return loose(x, 2) * 2;
  }
  function names(x: number, y: number): number {
    const k = x - y;
    return loose(x, y, k) + loose(y, x, 1, -0);
  }
  for (const [x, y] of [[0.5, 2], [-0, 0], [NaN, 1], [1e308, -1e308]] as const) {
    assert.ok(Object.is(memoJit(twice)(x), twice(x)), `twice(${x})`);
    assert.ok(Object.is(memoJit(names)(x, y), names(x, y)), `names(${x}, ${y})`);
  }
  const called = refusal('function f(x) { function g(a) { return a; } function h() { return 1; } return g(x, h()); }');
  assert.equal(called.construct, 'call to g');
  assert.match(called.message, /'g' takes 1 parameter but is called with 2 arguments; compiled calls drop extra arguments that are names or literals only/);
  const counted = refusal('function f(x) { function g(a, b) { return a + b; } let i = 0; return g(x, 1, i++) + i; }');
  assert.match(counted.message, /'g' takes 2 parameters but is called with 3 arguments/);
  assert.match(refusal('function f(x) { function g(a) { return a; } return g(x, nowhere); }').message, /nowhere/);
});

test('statements compiled code does not run are refused by construct', () => {
  const cases: [string, string, RegExp][] = [
    ['for (const k in o) x++;', 'for…in loop', /for…in iterates property names; use an indexed for loop or for…of/],
    ['try { x++; } catch (e) {}', 'try statement', /try\/catch is not supported in compiled code/],
    ['class C {}', 'class declaration', /classes cannot be declared in compiled code/],
    ['const { a } = o;', 'destructuring pattern', /object destructuring is not supported/],
    ['const [[a]] = o;', 'destructuring pattern', /only flat array destructuring is supported/],
  ];
  for (const [stmt, construct, message] of cases) {
    const e = refusal(`function f(x, o) { ${stmt} return x; }`, [F64, F64]);
    assert.equal(e.construct, construct, stmt);
    assert.match(e.message, message, stmt);
  }
});

test('compiled: the refusal is located on the statement\'s line; accepted functions equal the plain one', () => {
  // `new Function` source: line 1 `function anonymous(x`, line 2 `) {`, then the body from line 3.
  const forIn = new Function('x', 'let s = 0;\nfor (const k in x) s++;\nreturn s;') as (x: number) => number;
  const e = catchJit(() => memoJit(forIn)(1));
  assert.equal(e.line, 4);
  assert.equal(e.column, 1);
  assert.equal(e.construct, 'for…in loop');
  function collatz(n: number): number {
    let steps = 0;
    while (n > 1) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      steps++;
    }
    return steps;
  }
  const jit = memoJit(collatz);
  for (const n of [1, 2, 3, 7, 27, 97, 0, -5, 2 ** 31 - 1]) assert.ok(Object.is(jit(n), collatz(n)), `n = ${n}`);
  assert.equal(jit(27), 111, 'the known length of 27\'s trajectory');
  const y = (x: number): number => {
    let v = 1;
    if (x > 0) v = 5;
    let z = 2;
    {
      const z = 3;
      v += z;
    }
    return v * z;
  };
  const jy = memoJit(y);
  assert.deepEqual([jy(1), jy(-1), jy(NaN)], [16, 8, 8]);
});
