// bench/corpus/resident.ts: the timing harness maps its inputs' pages before the clock starts, without changing a
// single byte of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { touchPages } from '../../bench/corpus/resident.js';

test('touchPages leaves every byte as it was, NaN payloads and -0 included, through rows and object fields', () => {
  const xs = new Float64Array(3000);
  const bits = new BigUint64Array(xs.buffer);
  for (let i = 0; i < xs.length; i++) bits[i] = 0x7ff8_0000_0000_0001n + BigInt(i); // NaNs with distinct payloads
  xs[5] = -0;
  const rows = [new Float64Array([1, NaN]), [2, 3]];
  const object = { field: new Int32Array(2048), get lazy(): never { throw new Error('a getter must not run'); } };
  const before = Uint8Array.from(new Uint8Array(xs.buffer));
  const pages = touchPages([xs, rows, object, xs, 7]);
  assert.deepEqual(new Uint8Array(xs.buffer), before);
  assert.ok(Object.is(xs[5], -0));
  assert.equal(bits[0], 0x7ff8_0000_0000_0001n);
  // 24000 bytes: 6 pages (xs counted once), one for the row, two for the 8 KB field.
  assert.equal(pages, 6 + 1 + 2);
});

test('after touchPages, writing a fresh large array takes no page faults inside the timed region', (t) => {
  const n = 4 << 20; // 32 MB: allocated by mmap, its pages mapped on first write
  const faults = (body: () => void): number => {
    const f0 = process.resourceUsage().minorPageFault;
    body();
    return process.resourceUsage().minorPageFault - f0;
  };
  const writeAll = (a: Float64Array) => { for (let i = 0; i < a.length; i += 512) a[i] = 1; };
  const control = new Float64Array(n);
  const untouched = faults(() => writeAll(control));
  if (untouched < 1000) {
    t.skip(`a fresh 32 MB array took only ${untouched} page faults to write here (memory recycled already mapped), so there is nothing to compare`);
    return;
  }
  const ys = new Float64Array(n);
  touchPages([ys]);
  const touched = faults(() => writeAll(ys));
  assert.ok(touched < untouched / 10, `${touched} faults after touchPages against ${untouched} without`);
});
