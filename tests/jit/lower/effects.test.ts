// Assignments (src/jit/lower/effects.ts), checked on the IR they build: a compound element store evaluates its
// array and index once, as JS does; a destructuring assignment reads its source once; m.set(…) is a matrix store;
// a loop update that is never reached (the body always returns) is not lowered, and the loop compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { memoJit, type Array2D } from '../../../src/index.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import { reachedEffect } from '../../../src/jit/lower/effects.js';

const entryBody = (module: IR.IRModule): readonly IR.Stmt[] => module.functions.find((f) => f.name === module.entry)!.body;

test('xs[k()] += v: the index is computed once into a temporary, then read and stored there', () => {
  const module = lowerToIR(function bump(xs: Float64Array, i: number) {
    xs[i * 2]! += 1;
    return xs[0]!;
  }, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]);
  const body = entryBody(module);
  const temp = body.find((s): s is Extract<IR.Stmt, { kind: 'declare' }> => s.kind === 'declare' && s.name.startsWith('$k'));
  assert.ok(temp, 'the index expression is held in a temporary');
  const store = body.find((s): s is Extract<IR.Stmt, { kind: 'store' }> => s.kind === 'store');
  assert.ok(store && store.index.op === 'local' && store.index.name === temp.name);
});

test('[a, b] = [b, a] reads the tuple once and assigns both names from it', () => {
  const module = lowerToIR(function swap(x: number, y: number) {
    let a = x, b = y;
    [a, b] = [b, a];
    return a - b;
  }, [{ kind: 'f64' }, { kind: 'f64' }]);
  const body = entryBody(module);
  const held = body.filter((s) => s.kind === 'declare' && s.name.startsWith('$d'));
  assert.equal(held.length, 1, 'one temporary holds the right side');
  assert.equal(body.filter((s) => s.kind === 'assign').length, 2);
});

test('m.set(i, j, v) is a matrix store, its value converted to f64', () => {
  const module = lowerToIR(function put(m: Array2D, v: number) {
    m.set(0, 1, v);
    return m.get(0, 1);
  }, [{ kind: 'matrix', layout: 'array2d' }, { kind: 'i32' }]);
  const stores = entryBody(module).filter((s) => s.kind === 'matrixStore');
  assert.equal(stores.length, 1);
  const value = stores[0]!.kind === 'matrixStore' ? stores[0]!.value : undefined;
  assert.equal(value?.type.kind, 'f64');
});

test('reachedEffect: a loop update after a body that always returns is not reached; such loops compile and agree', () => {
  const live = parseFunction('function f(n) { let s = 0; for (let i = 0; i < n; i++, s++) s += i; return s; }');
  const liveTyping = inferFunction(live, [{ kind: 'f64' }], newEnv(() => undefined));
  assert.equal(reachedEffect(liveTyping, live.body.body[1].update), true, 'a sequence is reached through its first expression');
  const dead = parseFunction('function f(n) { for (let i = 0; i < n; i++) return i; return -1; }');
  assert.equal(reachedEffect(inferFunction(dead, [{ kind: 'f64' }], newEnv(() => undefined)), dead.body.body[0].update), false);
  function first(n: number): number { for (let i = 1; i < n; i++) { return i * 5; } return -1; }
  function firstFlag(n: number): number { const seen = false; for (let j = 1; j < n; j++) { if (!seen) return j; } return -1; }
  for (const f of [first, firstFlag]) {
    const c = memoJit(f);
    for (const n of [0, 1, 2, 3, NaN]) assert.ok(Object.is(c(n), f(n)), `${f.name}(${n})`);
  }
});
