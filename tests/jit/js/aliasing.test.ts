// Issue 11, item 2: a number[][] argument is packed into a copy per call, so a write through another argument
// that is (or shares memory with) one of its rows must not be hidden from later reads of the matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

function aliasRow(m: Float64Array[], xs: Float64Array): number {
  xs[0] = 42;
  return m[0]![0]!;
}

test('a write through an argument that is a row of a number[][] argument is seen, as in the plain function', () => {
  const cf = memoJit(aliasRow);
  const xs = new Float64Array([1, 2]);
  const m = [xs, new Float64Array([3, 4])];
  assert.equal(cf(m, xs), 42);
  xs[0] = 1;
  assert.equal(aliasRow(m, xs), 42);
  // Not aliased: the compiled path, same answer as plain.
  const ys = new Float64Array([5, 6]);
  assert.equal(cf([new Float64Array([7, 8]), ys], new Float64Array(1)), 7);
});

test('a write through a view sharing a row\'s buffer is seen too', () => {
  const cf = memoJit(aliasRow);
  const buffer = new Float64Array([1, 2, 3, 4]);
  const m = [buffer.subarray(0, 2), buffer.subarray(2, 4)];
  assert.equal(cf(m, buffer), 42);
  buffer[0] = 1;
  assert.equal(cf(m, buffer.subarray(0, 1)), 42);
});

test('a write in a loop through an aliased row is seen by every later read', () => {
  function sumAfterWrites(m: Float64Array[], xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      xs[i] = i * 10;
      s += m[1]![i]!;
    }
    return s;
  }
  const cf = memoJit(sumAfterWrites);
  const make = (): Float64Array[] => [new Float64Array([1, 1, 1]), new Float64Array([2, 2, 2])];
  const m1 = make();
  const m2 = make();
  assert.equal(cf(m1, m1[1]!), sumAfterWrites(m2, m2[1]!));
  assert.equal(cf(m1, m1[1]!), 30);
});
