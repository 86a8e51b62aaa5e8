// src/jit/dispatch/typed.ts: what counts as a typed array of an exact class at a compiled function's door, and
// the guard expression the generated entry uses for it. Checked: tokens for each element class, and a reason
// (never a token) for a subclass, an array from another realm, a changed prototype, a detached buffer and an
// element class compiled code does not take; a plain value gives no token; a `length` own property shadowing the
// real one is noticed; and the generated guard, evaluated with its constants, accepts exactly what the token
// function accepts for its class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { MAX_LENGTH } from '../../../src/jit/infer/lattice.js';
import { isDetached, lengthShadowed, TYPED_GUARD_CONSTANTS, typedArrayGuard, typedArrayToken } from '../../../src/jit/dispatch/typed.js';

const KINDS = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

class Sub extends Float64Array {}

function detachedArray(): Float64Array {
  const a = new Float64Array(4);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

function candidates(): Array<[string, unknown]> {
  const changed = new Float64Array(2);
  Object.setPrototypeOf(changed, Float32Array.prototype);
  return [
    ...KINDS.map((K): [string, unknown] => [K.name, new K(3)]),
    ['empty Float64Array', new Float64Array(0)],
    ['subarray view', new Float64Array(8).subarray(2, 5)],
    ['subclass', new Sub(2)],
    ['other realm', runInNewContext('new Float64Array(2)')],
    ['changed prototype', changed],
    ['detached', detachedArray()],
    ['BigInt64Array', new BigInt64Array(2)],
    ['plain array', [1, 2]],
    ['DataView', new DataView(new ArrayBuffer(8))],
    ['number', 3],
    ['null', null],
  ];
}

test('tokens for exact classes; reasons for everything typed that compiled code must not take', () => {
  for (const K of KINDS) assert.equal(typedArrayToken(new K(3)), K.name);
  assert.equal(typedArrayToken(new Float64Array(8).subarray(2, 5)), 'Float64Array', 'a view is its class');
  assert.equal(typedArrayToken(new Float64Array(0)), 'Float64Array', 'empty, not detached');
  const reason = (v: unknown): string => {
    const t = typedArrayToken(v);
    assert.ok(typeof t === 'object' && t !== null, `a reason, got ${String(t)}`);
    return t.reason;
  };
  assert.match(reason(new Sub(2)), /prototype is not this realm's Float64Array\.prototype .*Float64Array\.from\(xs\)/);
  assert.match(reason(runInNewContext('new Float64Array(2)')), /another realm/);
  assert.match(reason(detachedArray()), /buffer is detached/);
  assert.match(reason(new BigInt64Array(2)), /a BigInt64Array \(compiled functions take Float64Array, /);
  for (const plain of [[1, 2], new DataView(new ArrayBuffer(8)), 3, null, undefined, {}]) assert.equal(typedArrayToken(plain), undefined);
  assert.equal(isDetached(detachedArray()), true);
  assert.equal(isDetached(new Float64Array(0)), false);
});

test('a length own property shadowing the real one is noticed', () => {
  const a = new Float64Array(4);
  assert.equal(lengthShadowed(a), false);
  Object.defineProperty(a, 'length', { value: 2 });
  assert.equal(lengthShadowed(a), true);
});

test('the generated guard accepts exactly what typedArrayToken gives that class for', () => {
  const names = Object.keys(TYPED_GUARD_CONSTANTS);
  const values = Object.values(TYPED_GUARD_CONSTANTS);
  for (const K of KINDS) {
    // The entry's scope holds these constants and MAX_LENGTH (the lattice's), as in the generated code.
    const guard = new Function(...names, 'MAX_LENGTH', 'a', `return ${typedArrayGuard(K.name, 'a')};`) as (...args: unknown[]) => boolean;
    for (const [what, v] of candidates()) {
      assert.equal(guard(...values, MAX_LENGTH, v), typedArrayToken(v) === K.name, `${K.name} guard on ${what}`);
    }
  }
});
