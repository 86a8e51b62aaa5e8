// pcolormesh (src/plot/mesh.ts): cell edges given as edges or as centres (matplotlib's shading='nearest':
// halfway between centres, outer edges mirrored, ±0.5 for a single centre), rising or falling, and the errors
// for a wrong count, a non-finite or a non-monotonic edge, a bad grid or option. MeshController.draw on a fake
// chart with a recording context: the clip to the grid's rectangle, one rectangle per cell grown by a quarter
// point on each side, in its value's colour, and NaN cells (or values a log norm cannot place) left empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeshController, pcolormesh } from '../../src/plot/mesh.js';
import { CHART_KINDS } from '../../src/plot/kinds.js';
import type { GridDataset } from '../../src/plot/grid.js';

const edges = (d: GridDataset): [number[], number[]] => [Array.from(d.xEdges!), Array.from(d.yEdges!)];

test('edges given as edges are kept; the grid is stored row-major with its sizes and the options', () => {
  const d = pcolormesh([0.1, 0.3, 1, 3, 10], [0, 30, 60], [[1, 2, 3, 4], [5, 6, 7, 8]], { cmap: 'cividis', label: 'σ', vmin: 0 });
  assert.equal(d.type, 'pcolormesh');
  assert.deepEqual(d.data, []);
  assert.equal(d.nx, 4);
  assert.equal(d.ny, 2);
  assert.deepEqual(Array.from(d.z), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(edges(d), [[0.1, 0.3, 1, 3, 10], [0, 30, 60]]);
  assert.ok(d.xEdges instanceof Float64Array);
  assert.equal(d.cmap, 'cividis');
  assert.equal(d.label, 'σ');
  assert.equal(d.vmin, 0);
});

test('edges from centres: halfway between neighbours, the outer ones mirrored; a single centre gets ±0.5', () => {
  // x centres 0, 1, 3 → inner edges 0.5, 2; outer 2·0 − 0.5 = −0.5 and 2·3 − 2 = 4.
  // y centre 5 (one row) → 4.5, 5.5.
  const d = pcolormesh([0, 1, 3], [5], [[1, 2, 3]]);
  assert.deepEqual(edges(d), [[-0.5, 0.5, 2, 4], [4.5, 5.5]]);
  // Falling centres work too: 10, 8, 4 → 11, 9, 6, 2.
  assert.deepEqual(edges(pcolormesh([10, 8, 4], [0, 1], [[1, 2, 3]]))[0], [11, 9, 6, 2]);
  // A 1×1 grid is allowed, with edges or a centre.
  assert.deepEqual(edges(pcolormesh([2, 3], [7], [[1]])), [[2, 3], [6.5, 7.5]]);
});

test('errors: a wrong number of values, non-finite or non-monotonic edges', () => {
  assert.throws(
    () => pcolormesh([0, 1, 2, 3, 4], [0, 1], [[1, 2, 3]]),
    (e: unknown) => e instanceof RangeError && e.message === 'myplot: pcolormesh: x has 5 values; the grid has 3 cells along x, so give 4 edges or 3 centres',
  );
  assert.throws(() => pcolormesh([0, 1], [0, 1, 2, 3], [[1]]), /y has 4 values; the grid has 1 cells along y, so give 2 edges or 1 centres/);
  assert.throws(() => pcolormesh([0, Number.NaN, 2], [0, 1], [[1, 2]]), /pcolormesh: x edge 1 is NaN; edges must be finite/);
  assert.throws(() => pcolormesh([0, 1], [0, Infinity], [[1]]), /y edge 1 is Infinity/);
  assert.throws(() => pcolormesh([0, 2, 1], [0, 1], [[1, 2]]), /x edges must be strictly increasing or decreasing \(edge 1 = 2, edge 2 = 1\)/);
  assert.throws(() => pcolormesh([0, 1, 1], [0, 1], [[1, 2]]), /strictly increasing or decreasing \(edge 1 = 1, edge 2 = 1\)/, 'equal edges');
  assert.throws(() => pcolormesh([1, 1], [0, 1], [[1]]), /strictly/, 'the first two equal');
});

test('errors: an empty or ragged grid, an unknown colormap, a bad norm', () => {
  assert.throws(() => pcolormesh([0], [0], []), /pcolormesh needs a grid of at least 1×1 values/);
  assert.throws(() => pcolormesh([0, 1, 2], [0, 1, 2], [[1, 2], [3]]), /pcolormesh: row 1 has 1 values, row 0 has 2; the grid must be rectangular/);
  assert.throws(() => pcolormesh([0, 1], [0, 1], [[1]], { cmap: 'jet' as 'viridis' }), /pcolormesh: unknown colormap 'jet'/);
  assert.throws(() => pcolormesh([0, 1], [0, 1], [[1]], { norm: { symlog: -1 } }), /norm must be 'linear', 'log' or \{ symlog/);
});

type Call = [string, ...unknown[]];

/** Draws a dataset through MeshController with x ↦ 100 + 10x and y ↦ 200 − 10y. */
function draw(d: GridDataset): Call[] {
  const calls: Call[] = [];
  const ctx = new Proxy({}, {
    get: (_t, key) => (...a: unknown[]) => calls.push([String(key), ...a]),
    set: (_t, key, v) => (calls.push([`set ${String(key)}`, v]), true),
  });
  const controller = Object.create(MeshController.prototype) as MeshController;
  Object.assign(controller, {
    chart: { ctx },
    getDataset: () => d,
    getMeta: () => ({ xScale: { getPixelForValue: (v: number) => 100 + 10 * v }, yScale: { getPixelForValue: (v: number) => 200 - 10 * v } }),
  });
  controller.draw();
  return calls;
}

const cells = (calls: Call[]): Array<[unknown, number[]]> => {
  const out: Array<[unknown, number[]]> = [];
  let fill: unknown;
  for (const c of calls) {
    if (c[0] === 'set fillStyle') fill = c[1];
    if (c[0] === 'fillRect') out.push([fill, c.slice(1) as number[]]);
  }
  return out;
};

test('draw: clipped to the grid, each cell a rectangle a quarter point larger on every side, in its colour', () => {
  // x edges 0, 1, 3 → pixels 100, 110, 130; y edges 0, 2 → 200, 180. Values 0 and 1 span the colour range:
  // viridis's ends, #440154 and #fde725.
  const calls = draw(pcolormesh([0, 1, 3], [0, 2], [[0, 1]]));
  assert.deepEqual(calls.find((c) => c[0] === 'rect'), ['rect', 100, 180, 30, 20]);
  const clip = calls.findIndex((c) => c[0] === 'clip');
  assert.ok(clip >= 0 && clip < calls.findIndex((c) => c[0] === 'fillRect'), 'the clip comes first');
  assert.deepEqual(cells(calls), [
    ['rgb(68, 1, 84)', [99.75, 179.75, 10.5, 20.5]],
    ['rgb(253, 231, 37)', [109.75, 179.75, 20.5, 20.5]],
  ]);
  assert.equal(calls[0]![0], 'save');
  assert.equal(calls.at(-1)![0], 'restore');
});

test('draw: rows go upwards from the first y edge; falling edges give the same rectangles', () => {
  // Two rows: y edges 0, 1, 3 → 200, 190, 170. Row 0 (value 0) is the bottom one.
  const up = cells(draw(pcolormesh([0, 1], [0, 1, 3], [[0], [1]])));
  assert.deepEqual(up.map((c) => c[1]), [[99.75, 189.75, 10.5, 10.5], [99.75, 169.75, 10.5, 20.5]]);
  const down = cells(draw(pcolormesh([1, 0], [3, 1, 0], [[1], [0]])));
  assert.deepEqual(down.map((c) => c[1]).sort(), up.map((c) => c[1]).sort(), 'same cells, drawn from the other end');
});

test('draw: NaN cells and values a log norm cannot place stay empty', () => {
  const nan = cells(draw(pcolormesh([0, 1, 2, 3], [0, 1], [[0, Number.NaN, 1]])));
  assert.deepEqual(nan.map((c) => c[1][0]), [99.75, 119.75], 'the middle cell is skipped');
  const log = cells(draw(pcolormesh([0, 1, 2, 3], [0, 1], [[0, 1, 10]], { norm: 'log' })));
  assert.deepEqual(log.map((c) => c[1][0]), [109.75, 119.75], 'zero on a log norm is blank');
  assert.deepEqual(log.map((c) => c[0]), ['rgb(68, 1, 84)', 'rgb(253, 231, 37)'], 'log range 1 … 10');
});

test('draw without cell edges is a clear error; the controller is the pcolormesh kind\'s', () => {
  const { xEdges: _x, yEdges: _y, ...bare } = pcolormesh([0, 1], [0, 1], [[1]]);
  assert.throws(() => draw(bare as GridDataset), /a pcolormesh dataset needs cell edges; make it with pcolormesh\(x, y, c\)/);
  assert.equal(MeshController.id, 'pcolormesh');
  assert.equal(CHART_KINDS.pcolormesh.controller, MeshController);
});
