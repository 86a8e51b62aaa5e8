// src/parallel/feeders.ts: the inputs of a parallel map read as columns, a chunk at a time. Checked: zip over
// arrays stops at the shortest and knows its total; large all-number columns travel as Float64Arrays (small or
// mixed ones as they are); zip over iterators (generators, Sets, Maps) reads lazily, one chunk per call,
// closes every iterator once one ends, and knows its total only when every size is known; starmap takes
// argument tuples of any arity; non-iterables and non-tuple items are TypeErrors naming the place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { starFeeder, zipFeeder, type Feeder } from '../../src/parallel/feeders.js';

/** Every chunk of `f` read `count` at a time, as rows. */
function drain(f: Feeder, count: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let chunk = f.next(count); chunk; chunk = f.next(count)) {
    assert.ok(chunk.count > 0 && chunk.count <= count, `chunk of ${chunk.count} for ${count}`);
    for (let i = 0; i < chunk.count; i++) rows.push(chunk.cols.map((c) => c[i]));
  }
  return rows;
}

test('zip over arrays: the shortest sets the total, chunks cover it in order', () => {
  const f = zipFeeder([[1, 2, 3, 4, 5], ['a', 'b', 'c'], new Int32Array([7, 8, 9, 10])], 'map');
  assert.equal(f.total, 3);
  assert.deepEqual(drain(f, 2), [[1, 'a', 7], [2, 'b', 8], [3, 'c', 9]]);
  assert.equal(f.next(2), undefined, 'exhausted stays exhausted');
  const empty = zipFeeder([[], [1]], 'map');
  assert.equal(empty.total, 0);
  assert.equal(empty.next(4), undefined);
});

test('a large all-number array column travels as a Float64Array; small or mixed ones as they are', () => {
  const big = Array.from({ length: 1000 }, (_, i) => i / 2);
  const mixed: unknown[] = [...big];
  mixed[100] = 'x';
  const chunk = zipFeeder([big, mixed, big.slice(0, 1000)], 'map').next(300)!;
  assert.ok(chunk.cols[0] instanceof Float64Array, 'numbers, 300 ≥ 256 of them');
  assert.deepEqual([...(chunk.cols[0] as Float64Array)], big.slice(0, 300));
  assert.ok(Array.isArray(chunk.cols[1]), 'a string in the chunk: kept as values');
  assert.equal(chunk.cols[1]![100], 'x');
  const small = zipFeeder([big], 'map').next(100)!;
  assert.ok(!(small.cols[0] instanceof Float64Array), 'below 256 items: not worth packing');
  // A typed array stays a typed array of its own kind.
  const ints = zipFeeder([new Int32Array(600).fill(3)], 'map').next(600)!;
  assert.ok(ints.cols[0] instanceof Int32Array);
});

test('zip over iterators reads lazily, closes every iterator at the end, knows sizes only when all are known', () => {
  let pulled = 0;
  let closed = 0;
  function* counting(n: number) {
    try {
      for (let i = 0; i < n; i++) {
        pulled++;
        yield i;
      }
    } finally {
      closed++;
    }
  }
  const f = zipFeeder([counting(5), new Set(['a', 'b', 'c', 'd'])], 'imap');
  assert.equal(f.total, undefined, 'a generator has no size');
  assert.deepEqual(f.next(2)!.cols, [[0, 1], ['a', 'b']]);
  assert.equal(pulled, 2, 'only the first chunk was read');
  assert.deepEqual(drain(f, 3), [[2, 'c'], [3, 'd']]);
  assert.equal(pulled, 5, 'the generator\'s fifth value was read before the Set ran out (zip consumes it, as Python does)');
  assert.equal(closed, 1, 'the generator was closed');
  const sized = zipFeeder([new Set([1, 2, 3]), new Map([[1, 'x'], [2, 'y']])], 'map');
  assert.equal(sized.total, 2);
  assert.deepEqual(drain(sized, 10), [[1, [1, 'x']], [2, [2, 'y']]]);
});

test('starmap: tuples of any arity become columns; a non-array item is a TypeError with its index', () => {
  const f = starFeeder([[1, 2], [3, 4, 5], [6]], 'starmap');
  assert.equal(f.total, 3);
  assert.deepEqual(f.next(10), { cols: [[1, 3, 6], [2, 4, undefined], [undefined, 5, undefined]], count: 3 });
  function* tuples() {
    yield [1];
    yield 2;
  }
  const g = starFeeder(tuples(), 'starmap');
  assert.equal(g.total, undefined);
  assert.throws(() => g.next(10), /starmap: item 1 is not an array of arguments/);
});

test('non-iterables are TypeErrors naming the argument and the call', () => {
  assert.throws(() => zipFeeder([[1], 5], 'pool.map'), (e: unknown) => e instanceof TypeError && /pool\.map: argument 2 is not iterable/.test(e.message));
  assert.throws(() => zipFeeder([null], 'pool.map'), /argument 1 is not iterable/);
  assert.throws(() => zipFeeder([], 'pool.map'), /needs at least one iterable/);
  assert.throws(() => starFeeder(42, 'pool.starmap'), /pool\.starmap: expected an iterable of argument tuples/);
});
