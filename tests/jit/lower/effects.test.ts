// Assignments (src/jit/lower/effects.ts), checked on the IR they build: a compound element store evaluates its
// array and index once, as JS does; a destructuring assignment reads its source once; m.set(…) is a matrix store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import type { Array2D } from '../../../src/index.js';

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
