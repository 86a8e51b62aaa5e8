// Argument signatures (src/jit/dispatch/signature.ts): the token of each call argument and of each declared
// eager signature, and the IR type each token stands for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_TYPES, tokenOf, tokenOfSpec } from '../../../src/jit/dispatch/signature.js';
import { Array2D } from '../../../src/index.js';

test('numbers are i32 only when they are int32 and not -0', () => {
  assert.equal(tokenOf(3), 'i32');
  assert.equal(tokenOf(-(2 ** 31)), 'i32');
  assert.equal(tokenOf(2 ** 31), 'f64');
  assert.equal(tokenOf(-0), 'f64');
  assert.equal(tokenOf(0.5), 'f64');
  assert.equal(tokenOf(NaN), 'f64');
  assert.equal(tokenOf(true), 'bool');
});

test('arrays: typed arrays by constructor, number[][], Array2D, and plain number[] / boolean[] by their first element', () => {
  assert.equal(tokenOf(new Float32Array(2)), 'Float32Array');
  assert.equal(tokenOf([[1, 2], [3, 4]]), 'number[][]');
  assert.equal(tokenOf(new Array2D(2, 2)), 'Array2D');
  assert.equal(tokenOf([1, 2]), 'number[]');
  assert.equal(tokenOf([true, 2]), 'boolean[]'); // the entry checks every element and runs plain on a mix
  assert.match((tokenOf(['a']) as { reason: string }).reason, /first element is/);
  assert.deepEqual(TOKEN_TYPES.get('number[]'), { kind: 'array', element: 'num' });
  assert.equal(tokenOfSpec('boolean[]'), 'boolean[]');
  assert.deepEqual(tokenOf(null), { reason: 'null' });
  assert.equal(tokenOf('x'), 'string'); // strings are compared, passed and returned (infer/strings.ts)
  assert.match((tokenOf(Symbol('s')) as { reason: string }).reason, /symbol/);
});

test('declared signatures accept constructors and names, and every token has an IR type', () => {
  assert.deepEqual([Number, Boolean, Array, Array2D, Float64Array, 'i32', 'f32[]', 'u8c[]', 'number[][]'].map(tokenOfSpec),
    ['f64', 'bool', 'number[][]', 'Array2D', 'Float64Array', 'i32', 'Float32Array', 'Uint8ClampedArray', 'number[][]']);
  assert.throws(() => tokenOfSpec('int'), /unknown argument type 'int'/);
  for (const token of ['i32', 'f64', 'bool', 'number[][]', 'Array2D', 'Float64Array', 'Int8Array']) assert.ok(TOKEN_TYPES.get(token), token);
  assert.deepEqual(TOKEN_TYPES.get('Uint16Array'), { kind: 'array', element: 'u16' });
});

test('every element kind of the ops/elements table is a signature token, a short spelling and an allocation', async () => {
  const { ELEMENTS } = await import('../../../src/jit/ops/elements.js');
  const { ARRAY_CONSTRUCTORS, ELEMENT_BY_NAME, ELEMENT_RANGE } = await import('../../../src/jit/types.js');
  for (const [kind, row] of Object.entries(ELEMENTS)) {
    if ('plain' in row) continue; // plain arrays: tested above (their token is named for the element, not Array)
    assert.equal(tokenOf(new row.array(1)), row.array.name);
    assert.equal(tokenOfSpec(`${kind}[]`), row.array.name);
    assert.equal(ELEMENT_BY_NAME[row.array.name], kind);
    assert.equal(ARRAY_CONSTRUCTORS[kind as keyof typeof ELEMENTS], row.array);
    assert.deepEqual(ELEMENT_RANGE[kind as keyof typeof ELEMENTS], row.range);
  }
});
