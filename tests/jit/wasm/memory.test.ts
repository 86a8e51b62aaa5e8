// The Wasm runtime's per-call scratch (src/jit/wasm/memory.ts): wasmMemory is numbat memory, shared (growing it
// never detaches a view); scratch(bytes) gives a 16-byte aligned offset at or above numbat's heap end and above
// the current top, rounds sizes up to 16 (0 bytes take no room), grows the memory when needed, nests like a stack
// with release, and refuses more than 4 GiB with a RangeError. Through memoJit({ backend: 'wasm' }): a call whose
// copied arguments need more memory than there is grows it, and views made before stay valid with their values;
// numbat arrays allocated between calls are never overwritten by a later call's scratch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, f64 } from '../../../src/index.js';
import { heapEnd, numbatMemory } from '../../../src/memory/heap.js';
import { release, scratch, wasmMemory } from '../../../src/jit/wasm/memory.js';

test('wasmMemory is numbat memory, and its buffer is shared', () => {
  assert.equal(wasmMemory(), numbatMemory());
  assert.ok(wasmMemory().buffer instanceof SharedArrayBuffer);
});

test('scratch: 16-byte aligned, at or above the heap end, sizes rounded up to 16, stacked and released', () => {
  const a = scratch(1);
  try {
    assert.equal(a % 16, 0);
    assert.ok(a >= heapEnd());
    const b = scratch(17);
    assert.equal(b, a + 16, '1 byte took one 16-byte grain');
    const c = scratch(0);
    assert.equal(c, b + 32, '17 bytes took two grains');
    const d = scratch(8);
    assert.equal(d, c, 'zero bytes take no room');
    release(b);
    assert.equal(scratch(48), b, 'after release(b) the next scratch starts at b again');
  } finally {
    release(a);
  }
  const again = scratch(16);
  release(again);
  assert.equal(again, a, 'all released: the same top as before');
});

test('scratch grows the memory when needed; views made before keep their values (shared, never detached)', () => {
  const before = new Float64Array(wasmMemory().buffer, 0, 4);
  const saved = [...before];
  const have = wasmMemory().buffer.byteLength;
  const big = have + 3 * 65536 + 5;
  const at = scratch(big);
  try {
    const now = wasmMemory().buffer.byteLength;
    assert.ok(now >= at + Math.ceil(big / 16) * 16, 'the whole reservation is addressable');
    assert.equal(now % 65536, 0, 'grown in whole Wasm pages');
    assert.equal(before.byteLength, 32, 'the old view is not detached');
    assert.deepEqual([...before], saved);
    // The reserved bytes are writable through the (new) buffer.
    const tail = new Uint8Array(wasmMemory().buffer, at + big - 1, 1);
    tail[0] = 200;
    assert.equal(tail[0], 200);
  } finally {
    release(at);
  }
});

test('scratch refuses more than the 4 GiB of wasm32 memory, and the top is unchanged after the refusal', () => {
  const probe = scratch(0);
  assert.throws(() => scratch(2 ** 32), (e: unknown) => e instanceof RangeError && /memoJit \(wasm\): the arguments: \d+ bytes do not fit the 4 GiB/.test(e.message));
  assert.equal(scratch(0), probe);
  release(probe);
});

test('compiled: a call whose copied arguments outgrow the memory grows it; earlier numbat arrays keep their values', () => {
  function scaleInto(xs: Float64Array, out: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      out[i] = xs[i]! * k;
      s += out[i]!;
    }
    return s;
  }
  const compiled = memoJit({ backend: 'wasm' })(scaleInto);
  const kept = f64([1.5, -0, NaN]);
  const n = (wasmMemory().buffer.byteLength / 8) | 0; // two arrays of n f64 are twice the current memory
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = (i % 7) - 3;
  const out = new Float64Array(n);
  const plainOut = new Float64Array(n);
  const before = wasmMemory().buffer.byteLength;
  assert.ok(Object.is(compiled(xs, out, 0.5), scaleInto(xs, plainOut, 0.5)));
  assert.ok(wasmMemory().buffer.byteLength > before, 'the memory grew');
  assert.ok(out.every((v, i) => Object.is(v, plainOut[i])), 'the caller sees every write, as plain JS made them');
  assert.ok(Object.is(kept[0], 1.5) && Object.is(kept[1], -0) && Object.is(kept[2], NaN), 'a numbat array from before is intact');
  assert.match(Object.values(compiled.inspect()).join('\n'), /backend: wasm/);
});

test('compiled: numbat arrays allocated between calls are never overwritten by a later call\'s scratch', () => {
  function fill(out: Float64Array, v: number): number {
    for (let i = 0; i < out.length; i++) out[i] = v + i;
    return out.length;
  }
  const compiled = memoJit({ backend: 'wasm' })(fill);
  const first = new Float64Array(64);
  assert.equal(compiled(first, 1), 64);
  const made = f64(Array.from({ length: 64 }, (_, i) => -i));
  const second = new Float64Array(64);
  assert.equal(compiled(second, 10), 64);
  assert.ok(made.every((v, i) => Object.is(v, -i)), 'the numbat array allocated after the first call is intact');
  assert.equal(second[63], 73);
  assert.equal(first[0], 1);
});
