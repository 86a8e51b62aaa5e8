// src/jit/infer/specialize.ts: inferFunction specializes a function for its argument types, re-running the
// analysis until no variable changes type (so every i32 left is proved), caches one typing per signature in the
// compilation's env (callees first in env.order, IR names made unique), settles recursion on a fixed point, and
// leaves nothing half-inferred behind when it fails; paramName names parameters for messages. Checked on parsed
// sources with a fresh env each, and recursion through memoJit against the plain function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type ParsedFunction } from '../../../src/jit/frontend/parse.js';
import { describeAV, numAV, typeOf } from '../../../src/jit/infer/lattice.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction, paramName } from '../../../src/jit/infer/specialize.js';
import { JitError, memoJit } from '../../../src/index.js';

const F64 = { kind: 'f64' } as const;
const I32 = { kind: 'i32' } as const;
/** An env whose free names resolve to `fns` (by their names). */
const envOf = (...fns: ParsedFunction[]): ReturnType<typeof newEnv> => newEnv((name) => fns.find((f) => f.name === name));
const kinds = (t: ReturnType<typeof inferFunction>): string[] => t.bindings.map((b) => `${b.unique}: ${typeOf(b.value!).kind}`);

test('a specialization: parameters, return type, its IR name, and itself in env.order', () => {
  function std(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]!;
    return s / xs.length;
  }
  const env = envOf();
  const typing = inferFunction(parseFunction(std), [{ kind: 'array', element: 'f64' }], env);
  assert.deepEqual(typeOf(typing.returns), F64);
  assert.deepEqual(typing.params.map((p) => p.name), ['xs']);
  assert.equal(typing.irName, 'std');
  assert.deepEqual(env.order, [typing]);
  assert.equal(env.active.size, 0, 'nothing left under way');
  assert.equal(typing.usesRandom, false);
});

test('the fixed point: a variable that ever holds a non-integer is f64, integers proved stay i32', () => {
  const f = parseFunction('function f(n, x) { let c = 0; if (x > 0) c = 1; let h = 0; h = h + 0.5; let s = 0; for (let i = 0; i < n; i++) s += i; return c; }');
  const typing = inferFunction(f, [I32, F64], envOf());
  // by hand: c ∈ {0, 1}; h gets 0.5; s sums up to n·(n−1)/2, beyond int32; i < n ≤ 2^31 − 1
  assert.deepEqual(kinds(typing), ['n: i32', 'x: f64', 'c: i32', 'h: f64', 's: f64', 'i: i32']);
  assert.deepEqual(typing.returns, numAV(0, 1, true));
  // a counter below an int32 bound stays below 2^31 − 1; below a double bound (1e300) it may pass it
  const g = parseFunction('function g(b) { let k = 0; while (k < b) k = k + 1; return k; }');
  assert.deepEqual(kinds(inferFunction(g, [I32], envOf())), ['b: i32', 'k: i32']);
  assert.deepEqual(kinds(inferFunction(g, [F64], envOf())), ['b: f64', 'k: f64']);
});

test('one typing per signature: asked again, the same object; other argument types, another specialization', () => {
  const env = envOf();
  const f = parseFunction('function f(x) { return x + 1; }');
  const a = inferFunction(f, [F64], env);
  assert.equal(inferFunction(f, [F64], env), a);
  const b = inferFunction(f, [I32], env);
  assert.notEqual(b, a);
  assert.deepEqual(env.order, [a, b]);
  // the values of the arguments may be given instead of their types
  const c = inferFunction(f, [I32], env, { args: [numAV(0, 10, true)] });
  assert.deepEqual(c.returns, numAV(1, 11, true), 'by hand: [0, 10] + 1');
  // another parse of the same source, with the same key, shares the cache
  const again = parseFunction('function f(x) { return x + 1; }');
  assert.equal(inferFunction(again, [F64], env, { key: f.node }), a);
});

test('IR names are unique within a compilation; callees come before their callers', () => {
  const env = envOf();
  const names = [
    inferFunction(parseFunction('function f(x) { return x + 1; }'), [F64], env).irName,
    inferFunction(parseFunction('function f(x) { return x * 2; }'), [F64], env).irName,
    inferFunction(parseFunction('function f(x) { return x - 3; }'), [F64], env).irName,
    inferFunction(parseFunction('(x) => x'), [F64], env).irName,
  ];
  assert.deepEqual(names, ['f', 'f$1', 'f$2', 'anonymous']);
  const sq = parseFunction('function sq(x) { return x * x; }');
  const norm = parseFunction('function norm(a, b) { return Math.sqrt(sq(a) + sq(b)); }');
  const env2 = envOf(sq, norm);
  const typing = inferFunction(norm, [F64, F64], env2);
  assert.deepEqual(env2.order.map((t) => t.irName), ['sq', 'norm']);
  assert.equal(env2.order.at(-1), typing);
});

test('recursion settles on a fixed point: numbers widen, booleans are tried when numbers fail', () => {
  const fib = parseFunction('function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }');
  const env = envOf(fib);
  const typing = inferFunction(fib, [I32], env);
  assert.equal(describeAV(typing.returns), 'a number', 'the sum keeps growing: any double');
  assert.ok(env.order.includes(typing));
  const even = parseFunction('function even(n) { return n === 0 ? true : !even(n - 1); }');
  assert.equal(describeAV(inferFunction(even, [I32], envOf(even)).returns), 'a boolean');
});

test('a recursion that never returns is a JitError naming the function', () => {
  const loop = parseFunction('function loop(n) { return loop(n + 1); }');
  assert.throws(
    () => inferFunction(loop, [I32], envOf(loop)),
    (e: unknown) => e instanceof JitError && e.construct === 'recursive function loop'
      && /loop never returns except through its own recursive calls, so its return type cannot be found; give it a base case that returns a value/.test(e.message),
  );
});

test('a failed specialization leaves nothing behind: asked again, it fails again', () => {
  // Regression: after a round's rollback the failing specialization's pending typing stayed in the cache, and
  // the next request for the same signature returned it (half-inferred, pending, no IR name) instead of failing.
  const loop = parseFunction('function loop(n) { return loop(n + 1); }');
  const env = envOf(loop);
  assert.throws(() => inferFunction(loop, [I32], env), JitError);
  const left = [...env.specializations.values()].flatMap((m) => [...m.values()]);
  assert.deepEqual(left.filter((t) => (t as { pending?: boolean }).pending), [], 'no pending typing cached');
  assert.equal(env.active.size, 0);
  assert.equal(env.order.length, 0);
  assert.throws(() => inferFunction(loop, [I32], env), JitError);
  // a plain failure (no recursion) is not cached either
  const bad = parseFunction('function bad(x) { return x.y.z; }');
  const env2 = envOf();
  assert.throws(() => inferFunction(bad, [F64], env2), JitError);
  assert.throws(() => inferFunction(bad, [F64], env2), JitError);
});

test('paramName: the parameter\'s name, through a default; arg<i> for a pattern, a rest or a missing one', () => {
  const f = parseFunction('function f(a, { b }, c = 1, ...r) {}');
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => paramName(f, i)), ['a', 'arg1', 'c', 'arg3', 'arg4']);
  assert.equal(paramName(parseFunction('(xs) => xs.length'), 0), 'xs');
});

test('compiled recursion equals the plain function, with one entry and one recursive specialization', () => {
  function fib(n: number): number {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }
  const c = memoJit(fib);
  for (const n of [0, 1, 2, 10, 20, -3, 2.5]) assert.ok(Object.is(c(n), fib(n)), `n = ${n}`);
  assert.equal(c(20), 6765);
  function ackLike(m: number, n: number): boolean {
    if (m === 0) return n > 0;
    return !ackLike(m - 1, n + 1);
  }
  const a = memoJit(ackLike);
  for (const [m, n] of [[0, 1], [3, 0], [4, -2], [5, -5]] as const) assert.equal(a(m, n), ackLike(m, n), `(${m}, ${n})`);
});
