// Typed arrays that are not what their `constructor` or `length` says (issue 12, item 5): an own `length` property
// with the Wasm backend, and object fields holding a subclass or an array whose own `constructor` names a typed
// array class. Fields are classified by `dispatch/typed.ts`'s test (internal slots), as arguments are; the Wasm
// entry hands a call whose array reads another `.length` than its elements to the JS code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';

function total(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function withLength(values: number[], length: number): Float64Array {
  const xs = new Float64Array(values);
  Object.defineProperty(xs, 'length', { value: length });
  return xs;
}

test('Wasm backend: a typed array with an own length gives what plain JS gives (shorter: fewer elements; longer: NaN)', () => {
  const f = memoJit({ backend: 'wasm' })(total);
  assert.equal(f(new Float64Array([1, 2, 3])), 6);
  assert.match(Object.values(f.inspect())[0]!, /^;; backend: wasm/);
  for (const length of [2, 10, 0]) {
    assertSameOutcome(outcomeOf(() => f(withLength([1, 2, 3, 4], length))), outcomeOf(() => total(withLength([1, 2, 3, 4], length))));
  }
  // ordinary arrays after those still run in Wasm
  assert.equal(f(new Float64Array([5, 6])), 11);
  assert.match(Object.values(f.inspect())[0]!, /^;; backend: wasm/);
});

function sumField(o: { v: Float64Array }): number {
  let s = 0;
  for (const x of o.v) s += x;
  return s;
}

class Odd extends Float64Array {
  override *[Symbol.iterator](): ArrayIterator<number> {
    yield 100;
  }
}

function disguised(): Float64Array<ArrayBuffer> {
  const a = new Odd([1, 2, 3]) as Float64Array<ArrayBuffer>;
  Object.defineProperty(a, 'constructor', { value: Float64Array });
  return a;
}

test('a field holding a subclass whose own constructor says Float64Array is not compiled as a Float64Array (its iterator would be bypassed)', () => {
  assert.equal(sumField({ v: disguised() }), 100);
  const f = memoJit(sumField);
  assert.throws(() => f({ v: disguised() }), (e: unknown) => e instanceof JitError && /the field 'v' holds a Float64Array whose prototype is not/.test(e.message));
});

test('an object seen before is classified again when its field is replaced by such a subclass (the checker tests internal slots)', () => {
  const f = memoJit(sumField);
  const o = { v: new Float64Array([1, 2, 3]) };
  assert.equal(f(o), 6);
  o.v = disguised();
  const got = outcomeOf(() => f(o));
  assert.ok('error' in got && got.error instanceof JitError, `compiled code must not sum the elements (plain gives ${sumField(o)})`);
});

test('a plain array whose own constructor says Float64Array is a number[] field, and runs as plain JS does', () => {
  const make = (): { v: Float64Array } => {
    const a = [0.1, 0.2, 0.3];
    Object.defineProperty(a, 'constructor', { value: Float64Array });
    return { v: a as unknown as Float64Array };
  };
  function grow(o: { v: Float64Array }): number {
    o.v[0] = 1.5;
    return sumField(o) + o.v.length;
  }
  const f = memoJit(grow);
  f({ v: new Float64Array(2) });
  const [a, b] = [make(), make()];
  assertSameOutcome(outcomeOf(() => f(a)), outcomeOf(() => grow(b)));
  assert.deepEqual(a, b);
  assert.ok(f.signatures.some((s) => s.includes('v:number[]')), f.signatures.join(' | '));
});

test('a typed array field of another class than its constructor property says is classified by its real class', () => {
  function first(o: { v: Float64Array }): number {
    o.v[0] = 0.1;
    return o.v[0]!;
  }
  const make = (): { v: Float64Array } => {
    const a = new Float32Array(2);
    Object.defineProperty(a, 'constructor', { value: Float64Array });
    return { v: a as unknown as Float64Array };
  };
  const f = memoJit(first);
  assertSameOutcome(outcomeOf(() => f(make())), outcomeOf(() => first(make())));
  assert.ok(f.signatures.some((s) => s.includes('v:Float32Array')), f.signatures.join(' | '));
});
