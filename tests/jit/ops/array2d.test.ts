// src/jit/ops/array2d.ts: the Array2D methods compiled code understands (`get`, `set`, `row`), one row each.
// Checked: the table's names and arities are those of the Array2D class itself (the same methods, the same
// parameter counts), lookups read own rows only, and through memoJit each method gives what the plain method
// gives, including out-of-range and fractional indices (class and message of what plain JS throws, or its value).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARRAY2D_METHOD_NAMES, ARRAY2D_METHODS, array2dMethod } from '../../../src/jit/ops/array2d.js';
import { Array2D, memoJit } from '../../../src/index.js';

test('the rows are Array2D\'s own methods, with their parameter counts', () => {
  for (const [name, row] of Object.entries(ARRAY2D_METHODS)) {
    const method = (Array2D.prototype as unknown as Record<string, unknown>)[name];
    assert.equal(typeof method, 'function', `Array2D.prototype.${name}`);
    assert.equal((method as (...a: unknown[]) => unknown).length, row.arity, `${name} takes ${row.arity}`);
  }
  assert.equal(ARRAY2D_METHOD_NAMES, 'get, set, row');
  assert.equal(array2dMethod('get'), ARRAY2D_METHODS.get);
  assert.equal(array2dMethod('toString'), undefined, 'not an own row');
  assert.equal(array2dMethod('constructor'), undefined);
});

/** What `fn` returns or throws (class and message), for comparing plain and compiled. */
function outcome(fn: () => unknown): unknown {
  try {
    const v = fn();
    return v instanceof Float64Array ? ['array', [...v]] : ['value', v];
  } catch (e) {
    return ['throws', (e as Error).constructor.name, (e as Error).message];
  }
}

test('get, set and row compiled give what the plain methods give, at every index tried', () => {
  function use(m: Array2D, i: number, j: number, v: number): number {
    const before = m.get(i, j);
    m.set(i, j, v);
    const r = m.row(i);
    return before + m.get(i, j) * 10 + r[j]! * 100;
  }
  const jit = memoJit(use);
  const fresh = (): Array2D => {
    const m = new Array2D(3, 4);
    for (let k = 0; k < 12; k++) m.data[k] = k + 0.5;
    return m;
  };
  for (const [i, j] of [[0, 0], [2, 3], [1, 2], [3, 0], [0, 4], [-1, 0], [0.5, 1], [1, 1.5]]) {
    const a = fresh(), b = fresh();
    const plain = outcome(() => use(a, i!, j!, 7));
    const compiled = outcome(() => jit(b, i!, j!, 7));
    assert.deepEqual(compiled, plain, `(${i}, ${j})`);
    assert.deepEqual([...b.data], [...a.data], `(${i}, ${j}): the same writes`);
  }
});
