// Error bars (src/plot/errorbars.ts): errorBars attaches errors to the very dataset it returns (errors given
// or a TypeError), errorsOf / copyErrors; and the plugin on a fake chart with a recording context: symmetric
// and [below, above] bars with caps of the given or default width, horizontal bars, clipping to the plot area,
// the dataset's colour, skipped points (non-finite values or errors), a log axis's lower end at or below zero
// running to the plot edge, and nothing drawn for hidden datasets, datasets without errors, or missing scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Chart } from 'chart.js';
import { copyErrors, errorBars, errorBarsPlugin, errorsOf } from '../../src/plot/errorbars.js';
import { defineStyle, paper, type Style } from '../../src/plot/style.js';

type Seg = [number, number, number, number];
const AREA = { left: 10, top: 0, right: 110, bottom: 100 };

// Linear axes: x ↦ 10 + 10x, y ↦ 100 − 10y. Log axes: x ↦ 10 + 50·log10 x, y ↦ 100 − 50·log10 y.
function axis(kind: 'x' | 'y', type: 'linear' | 'logarithmic'): object {
  const f = type === 'linear' ? (v: number) => 10 * v : (v: number) => 50 * Math.log10(v);
  return { type, getPixelForValue: (v: number) => (kind === 'x' ? 10 + f(v) : 100 - f(v)) };
}

interface Opts {
  hidden?: boolean;
  xType?: 'linear' | 'logarithmic';
  yType?: 'linear' | 'logarithmic';
  noScales?: boolean;
  style?: Style;
}

function draw(dataset: { data: Array<{ x: number; y: number }>; borderColor?: unknown }, opts: Opts = {}): { segs: Seg[]; calls: Array<[string, ...unknown[]]> } {
  const calls: Array<[string, ...unknown[]]> = [];
  const ctx = new Proxy({}, {
    get: (_t, key) => (...a: unknown[]) => calls.push([String(key), ...a]),
    set: (_t, key, v) => (calls.push([`set ${String(key)}`, v]), true),
  });
  const chart = {
    ctx,
    chartArea: AREA,
    data: { datasets: [dataset] },
    scales: opts.noScales ? {} : { x: axis('x', opts.xType ?? 'linear'), y: axis('y', opts.yType ?? 'linear') },
    isDatasetVisible: () => !opts.hidden,
    getDatasetMeta: () => ({ xAxisID: 'x', yAxisID: 'y', data: dataset.data, controller: { getParsed: (i: number) => dataset.data[i]! } }),
  } as unknown as Chart;
  (errorBarsPlugin(opts.style ?? paper).beforeDatasetDraw as (c: Chart, a: { index: number }, o: object) => void)(chart, { index: 0 }, {});
  const segs: Seg[] = [];
  calls.forEach((c, i) => {
    if (c[0] === 'moveTo') segs.push([c[1], c[2], calls[i + 1]![1], calls[i + 1]![2]] as Seg);
  });
  return { segs, calls };
}

const key = (s: Seg): string => s.map((v) => v.toFixed(6)).join(',');
const same = (got: Seg[], want: Seg[], what: string): void => assert.deepEqual(got.map(key), want.map(key), what);

test('errorBars returns the dataset itself with its errors; errorsOf and copyErrors', () => {
  const ds = { label: 'n', data: [3] };
  const spec = { y: [1] };
  assert.equal(errorBars(ds, spec), ds);
  assert.equal(errorsOf(ds), spec);
  assert.equal(errorsOf({ label: 'n', data: [3] }), undefined, 'an equal object is not the same dataset');
  const copy = { ...ds, borderWidth: 1 };
  assert.equal(errorsOf(copy), undefined, 'a spread copy loses them (they live beside the object)');
  copyErrors(ds, copy);
  assert.equal(errorsOf(copy), spec);
  const other = errorBars({ data: [1] }, { x: [0.5] });
  copyErrors({ data: [] }, other);
  assert.deepEqual(errorsOf(other), { x: [0.5] }, 'copying from a dataset without errors changes nothing');
  errorBars(ds, { x: [2] });
  assert.deepEqual(errorsOf(ds), { x: [2] }, 'attaching again replaces');
});

test('errorBars rejects a non-object and a spec with neither x nor y errors', () => {
  assert.throws(() => errorBars(null as unknown as object, { y: [1] }), /errorBars: the first argument must be a dataset object/);
  assert.throws(() => errorBars(3 as unknown as object, { y: [1] }), TypeError);
  assert.throws(() => errorBars({ data: [] }, {}), (e: unknown) => e instanceof TypeError && e.message === 'errorBars: give x and/or y errors');
  assert.throws(() => errorBars({ data: [] }, { cap: 3 }), /give x and\/or y errors/);
});

test('vertical bars: symmetric and [below, above], with caps as wide as twice the marker radius by default', () => {
  // Paper markerRadius 1.8 → cap 3.6 wide, ±1.8. Point (2, 5) → pixel (30, 50); ±1 → 40 … 60.
  // Point (4, 2) with [0.5, 3] → from y 1.5 (85) up to y 5 (50).
  const ds = errorBars({ data: [{ x: 2, y: 5 }, { x: 4, y: 2 }] }, { y: [1, [0.5, 3]] });
  const { segs } = draw(ds);
  same(segs, [
    [30, 60, 30, 40], [28.2, 40, 31.8, 40], [28.2, 60, 31.8, 60],
    [50, 85, 50, 50], [48.2, 50, 51.8, 50], [48.2, 85, 51.8, 85],
  ], 'bars and caps');
});

test('horizontal bars, both directions at once, a custom cap and cap 0', () => {
  // Point (5, 5) → (60, 50); x ± [1, 2] → from x 4 (50) to x 7 (80); y ± 0.5 → 55 … 45. cap 4 → ±2.
  const ds = errorBars({ data: [{ x: 5, y: 5 }] }, { x: [[1, 2]], y: [0.5], cap: 4 });
  same(draw(ds).segs, [
    [60, 55, 60, 45], [58, 45, 62, 45], [58, 55, 62, 55],
    [50, 50, 80, 50], [50, 48, 50, 52], [80, 48, 80, 52],
  ], 'both');
  const bare = errorBars({ data: [{ x: 5, y: 5 }] }, { x: [1], y: [1], cap: 0 });
  same(draw(bare).segs, [[60, 60, 60, 40], [50, 50, 70, 50]], 'no caps');
});

test('points with a non-finite value or error, or beyond the error list, get no bar', () => {
  const ds = errorBars(
    { data: [{ x: 1, y: Number.NaN }, { x: 2, y: 2 }, { x: 3, y: 3 }, { x: 4, y: 4 }, { x: 5, y: 5 }, { x: 6, y: 6 }] },
    { y: [1, Number.NaN, [1, Infinity], [Number.NaN, 1], 1], cap: 0 },
  );
  // Index 0: NaN y. 1: NaN error. 2, 3: a non-finite side. 4: drawn (y 5 ± 1 → 60 … 40 at x 60). 5: no error given.
  same(draw(ds).segs, [[60, 60, 60, 40]], 'only the fifth point');
});

test('style: the dataset\'s border colour (a string) or the foreground; width max(axisWidth, 0.75 lineWidth); clipped', () => {
  const ds = errorBars({ data: [{ x: 1, y: 1 }], borderColor: '#D55E00' }, { y: [1] });
  const { calls } = draw(ds);
  assert.deepEqual(calls.find((c) => c[0] === 'set strokeStyle'), ['set strokeStyle', '#D55E00']);
  assert.deepEqual(calls.find((c) => c[0] === 'set lineWidth'), ['set lineWidth', 0.75], 'paper: max(0.6, 0.75)');
  assert.deepEqual(calls.find((c) => c[0] === 'rect'), ['rect', 10, 0, 100, 100]);
  const clipAt = calls.findIndex((c) => c[0] === 'clip');
  assert.ok(clipAt >= 0 && clipAt < calls.findIndex((c) => c[0] === 'moveTo'), 'clipped before drawing');
  assert.deepEqual(calls.find((c) => c[0] === 'setLineDash'), ['setLineDash', []]);
  assert.equal(calls[0]![0], 'save');
  assert.equal(calls.at(-1)![0], 'restore');
  const gradient = errorBars({ data: [{ x: 1, y: 1 }], borderColor: { not: 'a string' } }, { y: [1] });
  const thick = defineStyle(paper, { lineWidth: 2, foreground: '#333333' });
  const c2 = draw(gradient, { style: thick }).calls;
  assert.deepEqual(c2.find((c) => c[0] === 'set strokeStyle'), ['set strokeStyle', '#333333']);
  assert.deepEqual(c2.find((c) => c[0] === 'set lineWidth'), ['set lineWidth', 1.5]);
});

test('log axes: a lower end at or below zero runs to the plot edge; above zero it is the value\'s pixel', () => {
  // y log: 10 ↦ 50, 100 ↦ 0, 1 ↦ 100. Point (1, 10): ± 20 → lower −10 → the bottom edge (100); upper 30.
  const ds = errorBars({ data: [{ x: 1, y: 10 }] }, { y: [20], cap: 0 });
  const top = 100 - 50 * Math.log10(30);
  same(draw(ds, { yType: 'logarithmic' }).segs, [[20, 100, 20, top]], 'to the bottom edge');
  const ok = errorBars({ data: [{ x: 1, y: 10 }] }, { y: [[9, 90]], cap: 0 });
  same(draw(ok, { yType: 'logarithmic' }).segs, [[20, 100, 20, 0]], '1 … 100');
  // x log: 1 ↦ 10, 10 ↦ 60. Point (10, 5) ± 10 → left end 0 → the left edge (10); right 20.
  const dx = errorBars({ data: [{ x: 10, y: 5 }] }, { x: [10], cap: 0 });
  same(draw(dx, { xType: 'logarithmic' }).segs, [[10, 50, 10 + 50 * Math.log10(20), 50]], 'to the left edge');
  // On a linear axis a negative lower end is just a value.
  same(draw(errorBars({ data: [{ x: 1, y: 1 }] }, { y: [3], cap: 0 })).segs, [[20, 120, 20, 60]], 'linear: y −2 ↦ 120');
});

test('nothing is drawn for a hidden dataset, a dataset without errors, or a chart without its scales', () => {
  const ds = errorBars({ data: [{ x: 1, y: 1 }] }, { y: [1] });
  assert.deepEqual(draw(ds, { hidden: true }).calls, []);
  assert.deepEqual(draw({ data: [{ x: 1, y: 1 }] }).calls, []);
  assert.deepEqual(draw(ds, { noScales: true }).calls, []);
});
