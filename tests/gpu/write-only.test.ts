// Arrays the kernel only writes are not uploaded, also when they are 2-D (`Array2D`, `number[][]`) or written
// through a helper function: their stores mark a bit mask, and only marked elements are copied back, so the
// elements the kernel never wrote keep their host values. Observed through `lastLaunch.bytesUploaded`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';
import { Array2D } from '../../src/jit/types.js';

test('an Array2D the kernel only writes (its diagonal) is not uploaded; the rest keeps its values', { skip: noAdapter }, async () => {
  const n = 300;
  const diag = gpu(function diag(i: number, scale: number, m: Array2D) {
    m.set(i, i, scale * i);
  });
  const m = Array2D.from(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i * n + j + 0.25)));
  const expected = Array2D.from(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 * i : i * n + j + 0.25))));
  await diag.launch(n, 2, m);
  assert.equal(diag.lastBackend, 'gpu');
  assert.deepEqual([...m.data], [...expected.data]);
  // The uniform block only: not the 4·n² bytes of the packed matrix.
  assert.ok(diag.lastLaunch!.bytesUploaded < 1024, `uploaded ${diag.lastLaunch!.bytesUploaded} bytes`);
});

test('a number[][] written through m[i][j] only is not uploaded; a matrix also read is', { skip: noAdapter }, async () => {
  const rows = 64, cols = 48;
  const fill = gpu({ grid: 2 })(function fill(x: number, y: number, m: number[][]) {
    if ((x + y) % 3 === 0) m[y]![x] = x - y;
  });
  const m = Array.from({ length: rows }, () => new Array<number>(cols).fill(0.5));
  const before = m.map((r) => r);
  await fill.launch([cols, rows], m);
  for (let y = 0; y < rows; y++) {
    assert.equal(m[y], before[y], 'rows keep their identity');
    for (let x = 0; x < cols; x++) assert.equal(m[y]![x], (x + y) % 3 === 0 ? x - y : 0.5, `m[${y}][${x}]`);
  }
  assert.ok(fill.lastLaunch!.bytesUploaded < 1024, `uploaded ${fill.lastLaunch!.bytesUploaded} bytes`);

  const bump = gpu({ grid: 2 })(function bump(x: number, y: number, m: number[][]) {
    m[y]![x] = m[y]![x]! + 1;
  });
  await bump.launch([cols, rows], m);
  assert.equal(m[1]![1], 1.5);
  assert.ok(bump.lastLaunch!.bytesUploaded >= 4 * rows * cols, 'a matrix that is read is uploaded');
});

test('an array a helper function only writes is not uploaded; one a helper reads is', { skip: noAdapter }, async () => {
  // Helpers are inner functions of the kernel (GPU kernels see no module names).
  const viaPut = gpu(function viaPut(i: number, xs: Float32Array, out: Float32Array) {
    function put(dst: Float32Array, k: number, v: number): void {
      if (v > 0) dst[k] = v;
    }
    put(out, i, xs[i]! * 2);
  });
  const viaAdd = gpu(function viaAdd(i: number, xs: Float32Array, out: Float32Array) {
    function addTo(dst: Float32Array, k: number, v: number): void {
      dst[k] = dst[k]! + v;
    }
    addTo(out, i, xs[i]!);
  });
  const n = 8192;
  const xs = Float32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? -1 : i));
  const out = new Float32Array(n).fill(-5);
  await viaPut.launch(n, xs, out);
  for (let i = 0; i < n; i++) assert.equal(out[i], i % 4 === 0 ? -5 : 2 * i, `out[${i}]`);
  assert.ok(viaPut.lastLaunch!.bytesUploaded < 4 * n + 1024, `uploaded ${viaPut.lastLaunch!.bytesUploaded} bytes: xs only`);

  await viaAdd.launch(n, xs, out);
  assert.equal(out[1], 3);
  assert.ok(viaAdd.lastLaunch!.bytesUploaded >= 8 * n, 'an array a helper reads is uploaded');
});
