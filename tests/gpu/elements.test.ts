// The GPU's element table (src/gpu/elements.ts): every CPU kind has a row; each storage row's host-side columns
// agree with JavaScript's own typed arrays; and, on the device, every storage row round-trips, reduces and
// reads past the end as the same function does in plain JavaScript. A new storage row is tested here by being
// added, with no test to write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { ELEMENTS } from '../../src/jit/ops/elements.js';
import {
  GPU_ELEMENTS, STORAGE_KINDS, convertedKindOf, isStorageKind, storageArrayNames, storageKindOf, storageRow, type GpuStorageKind,
} from '../../src/gpu/elements.js';
import { identityBits, identityValue } from '../../src/gpu/abi.js';
import { elementTypeOf, type GpuTypedArray } from '../../src/gpu/runtime/array.js';
import { gpu } from '../../src/gpu/gpu.js';

test('every CPU element kind has a GPU row, and every converted row converts into a storage kind', () => {
  assert.deepEqual(Object.keys(GPU_ELEMENTS), Object.keys(ELEMENTS));
  assert.deepEqual(STORAGE_KINDS, ['f32', 'i32', 'u32']);
  for (const [kind, row] of Object.entries(GPU_ELEMENTS)) {
    if ('convertedTo' in row) assert.ok(isStorageKind(row.convertedTo), `${kind} converts to ${row.convertedTo}`);
    if (!('wgsl' in row)) assert.ok(row.why.length > 0, `${kind} says why the GPU does not hold it`);
  }
  assert.equal(convertedKindOf(new Float64Array(1))?.to, 'f32');
  assert.equal(convertedKindOf(new Int16Array(1)), undefined);
});

// Values at the edges of each kind, stored through the kind's own typed array (so they are what it holds).
function edges(kind: GpuStorageKind): number[] {
  const row = storageRow(kind);
  const raw = [0, -0, 1, -1, 0.5, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 24 + 1, 1e-45, 3.4e38, Infinity, -Infinity, NaN, ...row.extremes];
  return Array.from(row.array.from(raw));
}

test('storage rows: the host constructor, the u32 word of a value and back, as the typed arrays themselves store them', () => {
  for (const kind of STORAGE_KINDS) {
    const row = storageRow(kind);
    assert.equal(row.array, ELEMENTS[kind].array);
    assert.equal(storageKindOf(new row.array(2)), kind);
    assert.equal(elementTypeOf(new row.array(2), 'xs'), kind);
    assert.equal(row.array.BYTES_PER_ELEMENT, row.bytes);
    const view = new row.array(1);
    const word = new Uint32Array(view.buffer);
    for (const v of edges(kind)) {
      view[0] = v;
      assert.equal(row.toWord(v), word[0], `${kind}: the word of ${v}`);
      assert.ok(Object.is(row.fromWord(word[0]!), view[0]), `${kind}: the value of word ${word[0]}`);
    }
    // The extremes are what the kind holds at its ends, and the min/max identities.
    const [low, high] = row.extremes;
    assert.ok(Object.is(row.array.from([low])[0], low) && Object.is(row.array.from([high])[0], high));
    assert.equal(identityValue('min', kind), high);
    assert.equal(identityValue('max', kind), low);
    assert.equal(identityBits('min', kind), row.toWord(high));
    assert.equal(identityBits('sum', kind), 0);
  }
});

test('refusals list the storage kinds from the table, with the converted kind\'s reason', () => {
  assert.equal(storageArrayNames(' or '), 'Float32Array, Int32Array or Uint32Array');
  assert.throws(() => elementTypeOf(new Int16Array(2), 'xs'), { message: 'xs is a Int16Array; GPU kernels take Float32Array, Int32Array, Uint32Array or gpu.array(...)' });
  assert.throws(() => elementTypeOf(new Float64Array(2), 'xs'), {
    message:
      'xs is a Float64Array, but WGSL has no 64-bit floats: pass a Float32Array (Float32Array.from(xs)), launch with { convertFloat64: true } to convert (and round) it on each launch, ' +
      "or compile with { precision: 'f64-emulated' } to compute in double-f32",
  });
});

// The same kernels for every storage row, on the device, against the plain functions.
function copyPlusOne(i: number, xs: GpuTypedArray, out: GpuTypedArray): void {
  out[i] = xs[i]! + 1;
}
// An integer array's `undefined` stored into an integer array is 0, into a Float32Array NaN.
function readPastEnd(i: number, xs: GpuTypedArray, out: GpuTypedArray): void {
  out[i] = xs[i + 2]!;
}
function element(i: number, xs: GpuTypedArray): number {
  return xs[i]!;
}

test('every storage row on the device: load, convert, store, read back, read past the end, and sum/min/max reductions', { skip: noAdapter }, async () => {
  const copy = gpu(copyPlusOne);
  const past = gpu(readPastEnd);
  const reductions = { sum: gpu({ reduce: 'sum' })(element), min: gpu({ reduce: 'min' })(element), max: gpu({ reduce: 'max' })(element) };
  for (const kind of STORAGE_KINDS) {
    const Ctor = storageRow(kind).array;
    // Arithmetic runs in f32 on the GPU (a u32 past 2^31 is a float there): values whose results are exact in f32.
    const xs = Ctor.from(kind === 'f32' ? [1.5, -2.25, 3e30, 7, 0.125] : kind === 'i32' ? [1, -2, 2 ** 23, 7, -(2 ** 23)] : [1, 2, 2 ** 23, 7, 3 * 2 ** 20]);
    const got = new Ctor(xs.length);
    const want = new Ctor(xs.length);
    await copy.launch(xs.length, xs, got);
    for (let i = 0; i < xs.length; i++) copyPlusOne(i, xs, want);
    assert.deepEqual(Array.from(got), Array.from(want), `${kind}: xs[i] + 1`);
    const gotPast = new Ctor(xs.length);
    const wantPast = new Ctor(xs.length);
    await past.launch(xs.length, xs, gotPast);
    for (let i = 0; i < xs.length; i++) readPastEnd(i, xs, wantPast);
    assert.deepEqual(Array.from(gotPast), Array.from(wantPast), `${kind}: a read past the end`);
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += element(i, xs);
    if (kind !== 'f32') assert.equal(await reductions.sum.launch(xs.length, xs), sum, `${kind}: sum`);
    else assert.equal(await reductions.sum.launch(xs.length, xs), Math.fround(sum), `${kind}: sum`);
    assert.equal(await reductions.min.launch(xs.length, xs), Math.min(...xs), `${kind}: min`);
    assert.equal(await reductions.max.launch(xs.length, xs), Math.max(...xs), `${kind}: max`);
  }
});
