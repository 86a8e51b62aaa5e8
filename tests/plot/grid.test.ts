// src/plot/grid.ts: the gridded datasets (imshow, contour, contourf) and their controllers. Checked: the
// datasets hold z row-major with nx and ny, keep their options, contour has no colorbar by default; the
// errors for a small or ragged grid, an unknown colormap, a bad extent or norm; niceTicks' round steps
// (1, 2, 2.5, 5 × 10ⁿ) covering [lo, hi] without float noise; levelsOf (given, sorted; spanning the data for
// contourf, strictly inside for contour; decades on a log norm) and normOf (vmin/vmax, levels, data range,
// non-finite values ignored); bandColor's middle (geometric on a log norm); and the controllers on a fake
// chart (x ↦ 100 + 10x, y ↦ 200 − 10y) with a recording context: getMinMax of the default and reversed
// extents, the image bitmap (row 0 at the bottom, NaN transparent, mirrored for a reversed extent), contour
// lines where the data cross the level, and filled bands in their colours, the top band cut out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bandColor, ContourController, contour, contourf, FilledContourController, ImageController, imshow, levelsOf, niceTicks, normOf,
  type GridDataset,
} from '../../src/plot/grid.js';
import { colormap, colormapCss, makeNorm } from '../../src/plot/colormaps.js';

type Call = unknown[];
const fakeMeta = () => ({ xScale: { getPixelForValue: (v: number) => 100 + 10 * v }, yScale: { getPixelForValue: (v: number) => 200 - 10 * v } });

function controllerFor<C extends object>(C: { prototype: C }, d: GridDataset, calls: Call[] = []): C {
  const ctx = new Proxy({}, {
    get: (_t, key) => (...a: unknown[]) => calls.push([String(key), ...a]),
    set: (_t, key, v) => (calls.push([`set ${String(key)}`, v]), true),
  });
  const c = Object.create(C.prototype) as C;
  Object.assign(c, { chart: { ctx }, getDataset: () => d, getMeta: fakeMeta });
  return c;
}
function draw(C: { prototype: { draw(): void } }, d: GridDataset): Call[] {
  const calls: Call[] = [];
  controllerFor(C, d, calls).draw();
  return calls;
}
const points = (calls: Call[]): string[] => calls.filter((c) => c[0] === 'moveTo' || c[0] === 'lineTo').map((c) => `${c[1]},${c[2]}`);

test('datasets: z row-major with nx and ny, options kept; contour has no colorbar unless asked', () => {
  const d = imshow([[1, 2, 3], [4, 5, 6]], { cmap: 'cividis', vmin: 0, label: 'I' });
  assert.equal(d.type, 'imshow');
  assert.deepEqual(d.data, []);
  assert.ok(d.z instanceof Float64Array);
  assert.deepEqual([...d.z], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([d.nx, d.ny], [3, 2]);
  assert.deepEqual([d.cmap, d.vmin, d.label, d.colorbar], ['cividis', 0, 'I', undefined]);
  const rows = [Float32Array.of(0.5, 1), Float32Array.of(2, 4)];
  assert.deepEqual([...contourf(rows).z], [0.5, 1, 2, 4], 'typed-array rows are read too');
  assert.equal(contour(rows).colorbar, false);
  assert.deepEqual(contour(rows, { colorbar: { label: 'z' } }).colorbar, { label: 'z' });
  assert.equal(contourf(rows).type, 'contourf');
});

test('errors: a grid under 2×2 or ragged, an unknown colormap, a bad extent, a bad norm', () => {
  assert.throws(() => imshow([[1, 2]]), (e: unknown) => e instanceof RangeError && e.message === 'myplot: imshow needs a grid of at least 2×2 values (z[row][column]), got 1×2');
  assert.throws(() => contour([]), /contour needs a grid of at least 2×2 values \(z\[row\]\[column\]\), got 0×0/);
  assert.throws(() => contourf([[1, 2], [3, 4], [5]]), /myplot: contourf: row 2 has 1 values, row 0 has 2; the grid must be rectangular/);
  assert.throws(() => imshow([[1, 2], [3, 4]], { cmap: 'jet' as 'viridis' }), (e: unknown) => e instanceof TypeError && /imshow: unknown colormap 'jet'/.test(e.message));
  for (const extent of [[0, 1, 2, 2], [1, 1, 0, 1], [0, NaN, 0, 1], [0, 1, 0]] as const) {
    assert.throws(() => imshow([[1, 2], [3, 4]], { extent: extent as unknown as [number, number, number, number] }), /extent must be \[x0, x1, y0, y1\] with x0 ≠ x1 and y0 ≠ y1/, JSON.stringify(extent));
  }
  assert.throws(() => contour([[1, 2], [3, 4]], { norm: { symlog: -1 } }), /norm must be 'linear', 'log' or \{ symlog: linthresh > 0 \}/);
  assert.doesNotThrow(() => imshow([[1, 2], [3, 4]], { extent: [1, 0, 5, -5], norm: 'log' }), 'reversed extents are allowed');
});

test('niceTicks: the first of 1, 2, 2.5, 5 × 10ⁿ at least (hi − lo)/count, from below lo to past hi, without float noise', () => {
  assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(niceTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3], '0.3, not 0.30000000000000004');
  assert.deepEqual(niceTicks(0.1, 0.35, 3), [0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.25, 0.5, 0.75, 1], 'a 2.5 step');
  assert.deepEqual(niceTicks(130, 470, 4), [100, 200, 300, 400, 500]);
  assert.deepEqual(niceTicks(0, 1, 0), [0, 1], 'a count below 1 counts as 1');
  assert.deepEqual(niceTicks(3, 3, 5), [3], 'an empty range is its one value');
  assert.deepEqual(niceTicks(5, 1, 5), [5]);
});

test('levelsOf: given levels sorted (not in place); about n round levels spanning the data (contourf) or inside it (contour)', () => {
  const z = [[0, 0.3], [0.7, 1]];
  const given = [0.5, 0.1, 0.9];
  assert.deepEqual(levelsOf(contour(z, { levels: given })), [0.1, 0.5, 0.9]);
  assert.deepEqual(given, [0.5, 0.1, 0.9]);
  // Eight by default: (1 − 0) / 8 = 0.125 → a step of 0.2.
  assert.deepEqual(levelsOf(contourf(z)), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(levelsOf(contour(z)), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(levelsOf(contourf(z, { levels: 2 })), [0, 0.5, 1]);
  assert.deepEqual(levelsOf(contourf(z, { vmin: 0.2, vmax: 0.6, levels: 2 })), [0.2, 0.4, 0.6], 'vmin and vmax set the span');
  assert.deepEqual(levelsOf(contourf([[NaN, Infinity], [0, 1]])), [0, 0.2, 0.4, 0.6, 0.8, 1], 'non-finite values are ignored');
  // Log norm: decades from 10^⌊log10 min⌋ to 10^⌈log10 max⌉ over the positive values.
  const wide = [[0.003, 0.5], [-1, 20]];
  assert.deepEqual(levelsOf(contourf(wide, { norm: 'log' })), [0.001, 0.01, 0.1, 1, 10, 100]);
  assert.deepEqual(levelsOf(contour(wide, { norm: 'log' })), [0.01, 0.1, 1, 10]);
  assert.throws(() => levelsOf(contourf([[NaN, NaN], [NaN, Infinity]])), /myplot: contourf has no finite values to colour/);
  assert.throws(() => levelsOf(contourf([[0, -1], [-2, 0]], { norm: 'log' })), /has no finite positive values to colour/);
});

test('normOf: contours colour over their levels, images over vmin/vmax or the data; bandColor is the band\'s middle', () => {
  // Data 0.15 … 0.85, eight levels: a step of 0.1 from 0.1 to 0.9.
  const z = [[0.15, 0.3], [0.7, 0.85]];
  const f = normOf(contourf(z));
  assert.deepEqual([f.kind, f.vmin, f.vmax], ['linear', 0.1, 0.9], 'the levels 0.1 … 0.9, not the data 0.15 … 0.85');
  const image = normOf(imshow(z));
  assert.deepEqual([image.vmin, image.vmax], [0.15, 0.85]);
  assert.deepEqual([normOf(imshow(z, { vmin: -1 })).vmin, normOf(imshow(z, { vmin: -1 })).vmax], [-1, 0.85]);
  assert.deepEqual([normOf(contour(z, { vmin: 0, vmax: 2 })).vmin, normOf(contour(z, { vmin: 0, vmax: 2 })).vmax], [0, 2]);
  assert.equal(normOf(imshow([[1e-3, 1e-2], [1e-2, 1e-1]], { norm: 'log' })).map(1e-2), 0.5);
  assert.equal(bandColor(makeNorm('linear', 0, 4), [0, 1, 2, 3, 4], 0), 0.125);
  assert.equal(bandColor(makeNorm('linear', 0, 4), [0, 1, 2, 3, 4], 3), 0.875);
  // Log: band 1 … 100 between levels 1 and 10 is coloured at √10, a quarter of the way in log10.
  assert.ok(Math.abs(bandColor(makeNorm('log', 1, 100), [1, 10, 100], 0) - 0.25) < 1e-15);
});

test('getMinMax: the image\'s outer edges (±½ a sample) or the contours\' sample positions; a reversed extent sorted', () => {
  const z = [[1, 2, 3], [4, 5, 6]];
  const x = { axis: 'x' } as never, y = { axis: 'y' } as never;
  const img = controllerFor(ImageController, imshow(z));
  assert.deepEqual(img.getMinMax(x), { min: -0.5, max: 2.5 });
  assert.deepEqual(img.getMinMax(y), { min: -0.5, max: 1.5 });
  const lines = controllerFor(ContourController, contour(z));
  assert.deepEqual(lines.getMinMax(x), { min: 0, max: 2 });
  assert.deepEqual(lines.getMinMax(y), { min: 0, max: 1 });
  const reversed = controllerFor(ImageController, imshow(z, { extent: [5, -5, 3, 1] }));
  assert.deepEqual(reversed.getMinMax(x), { min: -5, max: 5 });
  assert.deepEqual(reversed.getMinMax(y), { min: 1, max: 3 });
  assert.deepEqual([ImageController.id, ContourController.id, FilledContourController.id], ['imshow', 'contour', 'contourf']);
});

test('imshow draws one nx×ny bitmap, row 0 at the bottom, NaN transparent, unsmoothed, over the extent (mirrored when reversed)', () => {
  const d = imshow([[0, 1, NaN], [0.5, 0.5, 1]], { extent: [0, 3, 0, 2] });
  const calls = draw(ImageController, d);
  const image = calls.find((c) => c[0] === 'drawImage')!;
  // The extent 0…3 × 0…2 is pixels 100…130 × 200…180: drawn from (100, 180), 30 × 20.
  assert.deepEqual(image.slice(2), [0, 0, 30, 20]);
  assert.deepEqual(calls.find((c) => c[0] === 'translate'), ['translate', 100, 180]);
  assert.deepEqual(calls.find((c) => c[0] === 'scale'), ['scale', 1, 1]);
  assert.ok(calls.some((c) => c[0] === 'set imageSmoothingEnabled' && c[1] === false));
  const canvas = image[1] as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  assert.deepEqual([canvas.width, canvas.height], [3, 2]);
  const px = canvas.getContext('2d').getImageData(0, 0, 3, 2).data;
  const at = (col: number, bitmapRow: number): number[] => [...px.slice(4 * (bitmapRow * 3 + col), 4 * (bitmapRow * 3 + col) + 4)];
  // z spans 0 … 1: z[0][0] = 0 is viridis's first colour, at the bitmap's last row.
  assert.deepEqual(at(0, 1), [...colormap('viridis', 0)!, 255]);
  assert.deepEqual(at(1, 1), [...colormap('viridis', 1)!, 255]);
  assert.equal(at(2, 1)[3], 0, 'NaN is transparent');
  assert.deepEqual(at(0, 0), [...colormap('viridis', 0.5)!, 255], 'z[1] is the top row');
  const mirrored = draw(ImageController, imshow([[0, 1], [1, 0]], { extent: [2, 0, 0, 1] }));
  assert.deepEqual(mirrored.find((c) => c[0] === 'translate'), ['translate', 120, 190]);
  assert.deepEqual(mirrored.find((c) => c[0] === 'scale'), ['scale', -1, 1], 'a reversed x extent mirrors the image');
  assert.deepEqual(mirrored.find((c) => c[0] === 'drawImage')!.slice(2), [0, 0, 20, 10]);
});

test('contour: clipped to the samples\' rectangle, one stroke per level where the data cross it, in the colormap or the colour given', () => {
  // z rises from 0 at x = 0 to 1 at x = 1 on both rows: the 0.5 line is x = 0.5 (pixel 105) from y = 0 to 1.
  const z = [[0, 1], [0, 1]];
  const calls = draw(ContourController, contour(z, { levels: [0.5] }));
  assert.deepEqual(calls.slice(0, 4), [['save'], ['beginPath'], ['rect', 100, 190, 10, 10], ['clip']]);
  assert.equal(calls.filter((c) => c[0] === 'stroke').length, 1);
  assert.deepEqual(calls.find((c) => c[0] === 'set lineWidth'), ['set lineWidth', 0.8]);
  assert.deepEqual(calls.find((c) => c[0] === 'set strokeStyle'), ['set strokeStyle', colormapCss('viridis', 0.5)]);
  const path = points(calls);
  assert.ok(path.includes('105,200') && path.includes('105,190'), path.join(' '));
  assert.ok(!path.some((p) => p.startsWith('100,')), 'nothing on the low side of the crossing (x = 0)');
  assert.deepEqual(calls.at(-1), ['restore']);
  const white = draw(ContourController, contour(z, { levels: [0.25, 0.75], colors: '#ffffff', lineWidth: 2 }));
  assert.deepEqual(white.filter((c) => c[0] === 'set strokeStyle').map((c) => c[1]), ['#ffffff', '#ffffff']);
  assert.equal(white.filter((c) => c[0] === 'stroke').length, 2);
  assert.deepEqual(white.find((c) => c[0] === 'set lineWidth'), ['set lineWidth', 2]);
});

test('contourf: one even-odd fill per band, coloured at the band\'s middle; the top band is cut at the top level', () => {
  const calls = draw(FilledContourController, contourf([[0, 1], [0, 1]], { levels: [0, 0.5, 1] }));
  const fills = calls.filter((c) => c[0] === 'fill');
  assert.deepEqual(fills, [['fill', 'evenodd'], ['fill', 'evenodd']]);
  // The norm spans the levels 0 … 1: bands at 0.25 and 0.75.
  assert.deepEqual(calls.filter((c) => c[0] === 'set fillStyle').map((c) => c[1]), [colormapCss('viridis', 0.25), colormapCss('viridis', 0.75)]);
  const secondBand = calls.slice(calls.findIndex((c, k) => c[0] === 'beginPath' && k > calls.findIndex((f) => f[0] === 'fill')));
  const rings = secondBand.slice(0, secondBand.findIndex((c) => c[0] === 'fill')).filter((c) => c[0] === 'closePath').length;
  assert.equal(rings, 2, 'the 0.5 region and the 1 region: even-odd leaves values above the top level unfilled');
  assert.equal(draw(FilledContourController, contourf([[0, 1], [0, 1]], { levels: [0.5] })).filter((c) => c[0] === 'fill').length, 0, 'one level is no band');
});
