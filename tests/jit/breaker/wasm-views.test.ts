// Typed arrays the Wasm backend copies in and out: a view of a resizable ArrayBuffer that the buffer shrank out
// from under has length 0 in JavaScript (reads give undefined), and `.set` from or into it throws, so a call
// must not copy it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

// Node 20 has resizable buffers; the project's TypeScript lib (ES2022) does not declare them.
const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };

function outOfBoundsView(): Float64Array {
  const buffer = new Resizable(48, { maxByteLength: 64 });
  const view = new Float64Array(buffer, 16, 2);
  buffer.resize(8);
  return view;
}

test('a view left out of bounds by a shrunk resizable buffer runs on Wasm as the plain function does', () => {
  function sumPlusLength(a: Float64Array): number {
    let t = 0;
    for (let i = 0; i < a.length; i++) t += a[i]!;
    return t + a.length;
  }
  function scale(a: Float64Array, k: number): number {
    for (let i = 0; i < a.length; i++) a[i] = a[i]! * k;
    return a.length;
  }
  const sum = memoJit({ backend: 'wasm' })(sumPlusLength);
  const sc = memoJit({ backend: 'wasm' })(scale);
  assert.ok(Object.is(sum(outOfBoundsView()), sumPlusLength(outOfBoundsView())));
  assert.equal(sc(outOfBoundsView(), 2), 0);
  // the same specializations still run Wasm for ordinary arrays
  assert.equal(sum(Float64Array.from([1, 2])), 5);
  assert.match(Object.values(sum.inspect()).join('\n'), /\(module/);
});
