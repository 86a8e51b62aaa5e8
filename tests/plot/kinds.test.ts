/**
 * Chart kinds as one table, and the kinds numbat adds: images with colorbars (colormaps, log and symlog
 * norms), contour lines and filled contours as vector paths, fill-between bands and inset axes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_KINDS, COLORMAPS, contour, contourf, Figure, fillBetween, imshow, measureFigure, paper, pcolormesh } from '../../src/plot/index.js';
import { renderPdf } from '../../src/internals.js';
import { colormap, makeNorm } from '../../src/plot/colormaps.js';
import { levelsOf, niceTicks, normOf } from '../../src/plot/grid.js';
import { parsePdf } from './pdf-reader.js';

const grid = (n: number, f: (x: number, y: number) => number): number[][] =>
  Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => f(-1 + (2 * i) / (n - 1), -1 + (2 * j) / (n - 1))));
const bump = grid(21, (x, y) => Math.exp(-(x * x + y * y) * 2));

function images(bytes: Buffer): number {
  return [...parsePdf(bytes).objects.values()].filter((o) => /\/Subtype \/Image/.test(o.dict)).length;
}

test('every chart kind is one row of the table, each row complete; numbat kinds bring their controller', () => {
  for (const [name, row] of Object.entries(CHART_KINDS)) {
    assert.equal(typeof row.cartesian, 'boolean', name);
    assert.ok(['line', 'bar', 'slices', 'colormap'].includes(row.colors), name);
    assert.ok(['line', 'box', 'none'].includes(row.legend), name);
    assert.ok(row.doc.length > 0, name);
    if (row.colors === 'colormap') assert.ok('controller' in row && row.controller, `${name} needs a controller`);
  }
  assert.deepEqual(Object.keys(CHART_KINDS).filter((k) => 'controller' in CHART_KINDS[k as keyof typeof CHART_KINDS]), ['imshow', 'contour', 'contourf', 'pcolormesh']);
});

test('colormaps match matplotlib at their ends and middle; norms map linear, log and symlog ranges', () => {
  assert.deepEqual(colormap('viridis', 0), [0x44, 0x01, 0x54]);
  assert.deepEqual(colormap('viridis', 1), [0xfd, 0xe7, 0x25]);
  assert.deepEqual(colormap('cividis', 0), [0x00, 0x22, 0x4e]);
  assert.deepEqual(colormap('viridis', 0.5), [0x21, 0x91, 0x8c]);
  assert.equal(colormap('viridis', NaN), undefined);
  assert.deepEqual(colormap('coolwarm', 2), colormap('coolwarm', 1), 'clamped');
  assert.ok(COLORMAPS.includes('coolwarm') && COLORMAPS.includes('RdBu_r'), 'diverging maps');
  const lin = makeNorm('linear', -2, 2);
  assert.equal(lin.map(0), 0.5);
  const log = makeNorm('log', 1e-3, 1e1);
  assert.ok(Math.abs(log.map(1e-1) - 0.5) < 1e-12);
  assert.ok(Number.isNaN(log.map(0)) && Number.isNaN(log.map(-1)), 'non-positive values are not coloured on a log norm');
  assert.throws(() => makeNorm('log', 0, 1), /log norm needs positive values/);
  const sym = makeNorm({ symlog: 0.1 }, -100, 100);
  assert.equal(sym.map(0), 0.5);
  assert.ok(Math.abs(sym.map(10) + sym.map(-10) - 1) < 1e-12, 'symmetric');
  assert.ok(sym.map(10) - sym.map(1) > 0.1 && Math.abs(sym.map(100) - sym.map(10) - (sym.map(10) - sym.map(1))) < 1e-12, 'logarithmic beyond the threshold');
  for (const v of [-50, -0.05, 0, 0.07, 3]) assert.ok(Math.abs(sym.invert(sym.map(v)) - v) < 1e-9 * Math.max(1, Math.abs(v)));
  assert.throws(() => makeNorm({ symlog: 0 }, -1, 1), /norm must be/);
});

test('contour levels are round values; filled contours span the data, lines lie inside it', () => {
  assert.deepEqual(niceTicks(0.03, 0.97, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  const f = contourf(bump, { levels: 5 });
  const l = contour(bump, { levels: 5 });
  const lv = levelsOf(f);
  assert.ok(lv[0]! <= Math.min(...bump.flat()) && lv[lv.length - 1]! >= 1 - 1e-12, JSON.stringify(lv));
  assert.ok(levelsOf(l).every((v) => v > Math.min(...bump.flat()) && v < 1), JSON.stringify(levelsOf(l)));
  assert.deepEqual(levelsOf(contour(bump, { levels: [0.5, 0.1] })), [0.1, 0.5]);
  assert.equal(normOf(f).vmin, lv[0]);
  assert.throws(() => imshow([[1, 2], [3]]), /row 1 has 1 values, row 0 has 2; the grid must be rectangular/);
  assert.throws(() => imshow([[1]]), /at least 2×2/);
  assert.throws(() => imshow(bump, { cmap: 'jet' as 'viridis' }), /unknown colormap 'jet'; numbat has viridis, cividis/);
  assert.throws(() => contourf(bump, { extent: [0, 0, 0, 1] }), /extent must be/);
});

test('imshow is one embedded image at the data resolution, with a vector colorbar; contours are vector paths', () => {
  const fig = new Figure(paper);
  fig.chart({
    type: 'imshow',
    data: { datasets: [imshow(bump, { extent: [-1, 1, -1, 1], colorbar: { label: 'intensity $I/I_0$' } }), contour(bump, { extent: [-1, 1, -1, 1], levels: 4, colors: '#ffffff' })] },
    options: { scales: { x: { title: { text: '$x$' } }, y: { title: { text: '$y$' } } } },
  });
  const bytes = renderPdf([fig]);
  assert.equal(images(bytes), 1, 'exactly the image data are a bitmap');
  const image = [...parsePdf(bytes).objects.values()].find((o) => /\/Subtype \/Image/.test(o.dict))!;
  assert.match(image.dict, /\/Width 21\b/);
  assert.match(image.dict, /\/Height 21\b/);
  const { texts, axes } = measureFigure(fig);
  assert.ok(texts.some((t) => t.text === 'intensity $I/I_0$'), 'colorbar label drawn');
  const x = axes.find((a) => a.axis === 'x')!;
  // Images fill their axes exactly (no margin): ticks at −1 and 1 sit on the frame.
  assert.ok(Math.abs(x.ticks[0]!.at - x.area.x) < 0.5 && Math.abs(x.ticks[x.ticks.length - 1]!.at - (x.area.x + x.area.width)) < 0.5, JSON.stringify(x));
  const filled = new Figure(paper);
  filled.chart({ type: 'contourf', data: { datasets: [contourf(bump, { levels: 6, cmap: 'coolwarm', norm: 'linear' })] } });
  const fbytes = renderPdf([filled]);
  assert.equal(images(fbytes), 0, 'filled contours and their colorbar are vector');
  assert.ok((parsePdf(fbytes).contents[0]!.match(/\nf\*?\n/g) ?? []).length >= 6, 'one filled path per band');
});

test('pcolormesh: unequal cells as vector rectangles at their edges, NaN cells blank, a colorbar; bad edges are clear errors', () => {
  // 4 columns on a log-spaced energy axis, 2 rows; one NaN cell.
  const energy = [0.1, 0.3, 1, 3, 10];
  const fig = new Figure(paper);
  fig.chart({
    type: 'pcolormesh',
    data: { datasets: [pcolormesh(energy, [0, 30, 60], [[1, 2, 3, 4], [2, NaN, 4, 5]], { colorbar: { label: '$\\sigma$ [mb]' } })] },
    options: { scales: { x: { type: 'logarithmic', title: { text: '$E$ [MeV]' } }, y: { title: { text: '$\\theta$' } } } },
  });
  const bytes = renderPdf([fig]);
  assert.equal(images(bytes), 0, 'cells are vector, not a bitmap');
  const content = parsePdf(bytes).contents[0]!;
  // Seven cells filled (one is NaN), plus the colorbar's own fills.
  const rects = content.match(/ re\n/g) ?? [];
  assert.ok(rects.length >= 7, `at least 7 rectangles, got ${rects.length}`);
  const { texts, axes } = measureFigure(fig);
  assert.ok(texts.some((t) => t.text === '$\\sigma$ [mb]'), 'colorbar label drawn');
  const x = axes.find((a) => a.axis === 'x')!;
  // The axis fits the outer edges exactly: 10^-1 and 10^1 are the first and last tick, on the frame.
  const first = x.ticks[0]!, last = x.ticks[x.ticks.length - 1]!;
  assert.deepEqual([first.label, last.label], ['$10^{-1}$', '$10^{1}$'], JSON.stringify(x.ticks));
  assert.ok(Math.abs(first.at - x.area.x) < 0.5 && Math.abs(last.at - (x.area.x + x.area.width)) < 0.5, JSON.stringify(x));
  // Centres give edges halfway between them, the outer ones mirrored.
  assert.deepEqual(Array.from(pcolormesh([0, 1, 3], [0, 2], [[1, 2, 3], [4, 5, 6]]).xEdges!), [-0.5, 0.5, 2, 4]);
  assert.throws(() => pcolormesh([0, 1], [0, 1], [[1, 2, 3]]), /x has 2 values; the grid has 3 cells along x, so give 4 edges or 3 centres/);
  assert.throws(() => pcolormesh([0, 2, 1, 3], [0, 1], [[1, 2, 3]]), /strictly increasing or decreasing/);
});

test('log and symlog colour scales label their colorbar in decades', () => {
  const fig = new Figure(paper, { subplots: [1, 2], width: 'double' });
  fig.chart({ type: 'imshow', data: { datasets: [imshow(grid(11, (x, y) => 10 ** (3 * x + y)), { norm: 'log' })] } });
  fig.chart({ type: 'imshow', data: { datasets: [imshow(grid(11, (x) => 100 * x ** 3), { norm: { symlog: 1 }, cmap: 'coolwarm' })] } });
  const labels = measureFigure(fig).texts.map((t) => t.text);
  for (const l of ['$10^{-4}$', '$10^{0}$', '$10^{4}$', '$0$', '$-10^{2}$', '$10^{2}$']) assert.ok(labels.includes(l), `${l} in ${labels.join(' ')}`);
});

test('fillBetween: a labelled vector band with a box in the legend; lengths are checked', () => {
  const x = [0, 1, 2, 3];
  const [upper, lower] = fillBetween(x, [0, 1, 2, 3], 5, { label: 'band $\\pm\\sigma$' });
  assert.deepEqual(upper.data.map((p) => p.y), [5, 5, 5, 5]);
  assert.deepEqual(lower.data.map((p) => p.y), [0, 1, 2, 3]);
  assert.equal(upper.fill, '+1');
  assert.throws(() => fillBetween(x, [1, 2], 0), /y1 has 2 values, x has 4/);
  const fig = new Figure(paper);
  fig.chart({ type: 'line', data: { datasets: [upper, lower, { label: 'mean', data: x.map((v) => ({ x: v, y: v + 1 })) }] } });
  assert.ok(measureFigure(fig).texts.some((t) => t.text === 'band $\\pm\\sigma$'), 'the band has a legend entry');
});

test('inset axes: the plot area fills the requested fraction of the parent; bad bounds are clear errors', () => {
  const fig = new Figure(paper);
  const pts = [1, 2, 3, 4].map((x) => ({ x, y: x * x }));
  fig.chart({ type: 'line', data: { datasets: [{ label: 'main', data: pts }] } }, { legend: 'none' });
  fig.panel(0).inset([0.5, 0.5, 0.4, 0.3], { type: 'line', data: { datasets: [{ label: 'zoom', data: pts }] } }, { legend: 'none' });
  const xs = measureFigure(fig).axes.filter((a) => a.axis === 'x');
  const parent = xs.find((a) => a.panel === '0')!.area;
  const inset = xs.find((a) => a.panel === '0/inset1')!.area;
  const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1, `${what}: ${a} vs ${b}`);
  close(inset.x, parent.x + 0.5 * parent.width, 'left');
  close(inset.width, 0.4 * parent.width, 'width');
  close(inset.y + inset.height, parent.y + (1 - 0.5) * parent.height, 'bottom');
  close(inset.height, 0.3 * parent.height, 'height');
  assert.throws(() => fig.panel(0).inset([0.8, 0, 0.4, 0.2], { type: 'line', data: { datasets: [] } }), /inset bounds must be/);
  assert.throws(() => fig.panel(0).inset([0, 0, 0.2, 0.2], { type: 'nope' as 'line', data: { datasets: [] } }), /unknown chart type 'nope'/);
});
