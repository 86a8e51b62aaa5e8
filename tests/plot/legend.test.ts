// legendPlugin (src/plot/legend.ts) on a fake chart and a recording context (text 5 units per character):
// the box's size and its six placements worked out by hand from the paper style (8 pt legend font, ticks in
// 3.5 pt), which datasets get entries (no '', '_…', hidden, or 'none'-kind ones), each sample (line with dash,
// marker, error bar, filled box, band), and 'best': the corner covering the fewest data, never an inset, and
// upper right for non-cartesian charts or when nothing is covered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Chart } from 'chart.js';
import { legendPlugin } from '../../src/plot/legend.js';
import { errorBars } from '../../src/plot/errorbars.js';
import { defineStyle, paper, type LegendLocation, type Style } from '../../src/plot/style.js';

type Call = [string, ...unknown[]];
type Json = Record<string, unknown>;

function recorder(): { ctx: CanvasRenderingContext2D; calls: Call[] } {
  const calls: Call[] = [];
  const state: Json = {};
  const ctx = new Proxy(state, {
    get: (_t, key) => {
      if (key === 'measureText') return (s: string) => ({ width: 5 * s.length });
      if (typeof key === 'string' && key in state) return state[key];
      return (...args: unknown[]) => calls.push([String(key), ...args]);
    },
    set: (_t, key, value) => {
      state[String(key)] = value;
      calls.push(['set ' + String(key), value]);
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

interface Ds {
  label?: unknown;
  type?: string;
  point?: Json;
  line?: Json;
  hidden?: boolean;
  els?: Array<{ x: number; y: number; base?: number }>;
  showLine?: boolean;
}

const AREA = { left: 10, top: 20, right: 210, bottom: 120 };

function run(dss: Ds[], where: LegendLocation = 'upper right', opts: { style?: Style; cartesian?: boolean; insets?: Array<[number, number, number, number]>; raw?: object[] } = {}): Call[] {
  const { ctx, calls } = recorder();
  const datasets = opts.raw ?? dss.map((d) => ({ label: d.label, ...(d.showLine === undefined ? {} : { showLine: d.showLine }) }));
  const chart = {
    ctx,
    chartArea: AREA,
    data: { datasets },
    isDatasetVisible: (i: number) => !dss[i]!.hidden,
    getDatasetMeta: (i: number) => {
      const d = dss[i]!;
      return { type: d.type ?? 'line', controller: { getStyle: () => d.point ?? {} }, dataset: d.line === undefined ? undefined : { options: d.line }, data: d.els ?? [] };
    },
  } as unknown as Chart;
  const plugin = legendPlugin(opts.style ?? paper, where, opts.cartesian ?? true, opts.insets ?? []);
  (plugin.afterDatasetsDraw as (c: Chart, a: object, o: object) => void)(chart, {}, {});
  return calls;
}

function near(got: unknown[], want: number[], what: string): void {
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) => assert.ok(typeof g === 'number' && Math.abs(g - want[i]!) < 1e-9, `${what}: [${got.join(', ')}] vs [${want.join(', ')}]`));
}
const args = (calls: Call[], name: string): unknown[][] => calls.filter((c) => c[0] === name).map((c) => c.slice(1));

// Paper: f = 8 → sample 1.9f = 15.2 with a line (0.9f = 7.2 without), gap 4, row 10, pad 2.8; inset 3.5 + 2.4 = 5.9.
// One entry 'ab' (10 wide): w = 5.6 + 15.2 + 4 + 10 = 34.8, h = 5.6 + 10 = 15.6.
const LINE: Ds = { label: 'ab', line: { borderWidth: 1, borderColor: '#123456' }, point: { radius: 0 } };
const W = 34.8;
const H = 15.6;
const X = { left: 10 + 5.9, right: 210 - 5.9 - W, center: (10 + 210 - W) / 2 };
const Y = { upper: 20 + 5.9, lower: 120 - 5.9 - H };

test('the frame: size from the text width and the entries, in each of the six requested places', () => {
  const places: Array<[LegendLocation, number, number]> = [
    ['upper right', X.right, Y.upper],
    ['upper left', X.left, Y.upper],
    ['lower left', X.left, Y.lower],
    ['lower right', X.right, Y.lower],
    ['upper center', X.center, Y.upper],
    ['lower center', X.center, Y.lower],
  ];
  for (const [where, x, y] of places) {
    const calls = run([LINE], where);
    near(args(calls, 'fillRect')[0]!, [x, y, W, H], `${where} fill`);
    near(args(calls, 'strokeRect')[0]!, [x, y, W, H], `${where} stroke`);
    // The sample line and the text sit on the row's middle: cy = y + pad + row/2.
    near(args(calls, 'moveTo')[0]!, [x + 2.8, y + 7.8], `${where} sample start`);
    near(args(calls, 'lineTo')[0]!, [x + 2.8 + 15.2, y + 7.8], `${where} sample end`);
    const [text, tx, ty] = args(calls, 'fillText')[0]!;
    assert.equal(text, 'ab');
    near([tx, ty], [x + 2.8 + 15.2 + 4, y + 7.8], `${where} text`);
  }
});

test('font, colours and widths: legend font size and family, light frame, the dataset\'s stroke, foreground text', () => {
  const calls = run([LINE, { label: 'longer', line: { borderWidth: 2, borderDash: [4, 2] } }]);
  assert.deepEqual(calls.find((c) => c[0] === 'set font'), ['set font', '8px CMU Serif']);
  // Two rows, the longer text (30 wide) sets the width: w = 5.6 + 15.2 + 4 + 30, h = 5.6 + 20.
  near(args(calls, 'fillRect')[0]!, [210 - 5.9 - 54.8, 25.9, 54.8, 25.6], 'two-row frame');
  const sets = calls.filter((c) => c[0].startsWith('set '));
  assert.deepEqual(sets.find((c) => c[0] === 'set strokeStyle'), ['set strokeStyle', '#cccccc']);
  assert.ok(sets.some((c) => c[0] === 'set lineWidth' && Math.abs((c[1] as number) - 0.48) < 1e-12), 'frame 0.8 × axisWidth');
  assert.ok(sets.some((c) => c[0] === 'set strokeStyle' && c[1] === '#123456'), 'line colour');
  assert.deepEqual(args(calls, 'setLineDash'), [[[]], [[]], [[4, 2]], [[]]], 'the second entry dashed, reset after');
  const rows = args(calls, 'fillText').map((a) => a[2] as number);
  near(rows, [25.9 + 7.8, 25.9 + 17.8], 'rows 10 apart');
  const before = calls.findIndex((c) => c[0] === 'fillText');
  assert.deepEqual(calls.slice(0, before).filter((c) => c[0] === 'set fillStyle').at(-1), ['set fillStyle', '#000000']);
  assert.equal(calls[0]![0], 'save');
  assert.equal(calls.at(-1)![0], 'restore');
});

test('entries: unlabelled, _-prefixed, hidden and no-legend kinds are left out; no entries draws nothing', () => {
  const skipped: Ds[] = [
    { label: '', line: { borderWidth: 1 } },
    { label: '_helper', line: { borderWidth: 1 } },
    { label: undefined, line: { borderWidth: 1 } },
    { label: 'hidden', hidden: true, line: { borderWidth: 1 } },
    { label: 'image', type: 'imshow' },
  ];
  assert.deepEqual(run(skipped), [], 'not even save/restore');
  const calls = run([...skipped, LINE]);
  assert.deepEqual(args(calls, 'fillText').map((a) => a[0]), ['ab']);
});

test('samples: a bar is a square of 0.7f, a scatter a marker without a line, a borderless fill a box', () => {
  // Only boxes and markers: sample 7.2, so w = 5.6 + 7.2 + 4 + 15 ('bar' and 'dot' are 15 wide).
  const calls = run([
    { label: 'bar', type: 'bar', point: { backgroundColor: 'rgba(1, 2, 3, 0.5)', borderColor: '#010203' } },
    { label: 'dot', type: 'scatter', point: { radius: 2, backgroundColor: '#00ff00' }, line: { borderWidth: 3 } },
  ]);
  const [x, y] = [210 - 5.9 - 31.8, 25.9];
  near(args(calls, 'fillRect')[0]!, [x, y, 31.8, 25.6], 'frame');
  near(args(calls, 'fillRect')[1]!, [x + 2.8 + (7.2 - 5.6) / 2, y + 7.8 - 2.8, 5.6, 5.6], 'bar square');
  const fills = calls.filter((c) => c[0] === 'set fillStyle').map((c) => c[1]);
  assert.ok(fills.includes('rgba(1, 2, 3, 0.5)') && fills.includes('#00ff00'));
  assert.equal(args(calls, 'stroke').length, 0, 'no sample line is stroked: a scatter has no line by default');
  near(args(calls, 'arc')[0]!, [x + 2.8 + 3.6, y + 17.8, 2, 0, 2 * Math.PI], 'marker at the sample centre');
  // A band (fill, no border) is a box in its fill colour; a scatter with showLine gets its line back.
  const band = run([{ label: 'band', line: { fill: '+1', borderWidth: 0, backgroundColor: '#abcdef' } }]);
  near(args(band, 'fillRect')[1]!, [210 - 5.9 - 36.8 + 2.8 + 0.8, 25.9 + 2.8 + 5 - 2.8, 5.6, 5.6], 'band square');
  assert.ok(band.some((c) => c[0] === 'set fillStyle' && c[1] === '#abcdef'));
  const shown = run([{ label: 'dot', type: 'scatter', showLine: true, line: { borderWidth: 3 }, point: { radius: 2 } }]);
  assert.ok(shown.some((c) => c[0] === 'set lineWidth' && c[1] === 3), 'showLine: true draws the sample line');
});

test('a dataset with vertical errors gets an error bar through its sample: ±0.4f with caps of the marker radius', () => {
  const raw = [errorBars({ label: 'ab' }, { y: [1] })];
  const calls = run([{ ...LINE, point: { radius: 2 } }], 'upper right', { raw });
  const [cx, cy] = [X.right + 2.8 + 7.6, Y.upper + 7.8];
  const moves = args(calls, 'moveTo');
  const lines = args(calls, 'lineTo');
  // The first segment is the sample line; then the bar and its two caps.
  near(moves[1]!, [cx, cy - 3.2], 'bar top');
  near(lines[1]!, [cx, cy + 3.2], 'bar bottom');
  near(moves[2]!, [cx - 1.8, cy - 3.2], 'upper cap');
  near(lines[3]!, [cx + 1.8, cy + 3.2], 'lower cap');
  assert.ok(calls.some((c) => c[0] === 'set lineWidth' && c[1] === 0.75), 'max(axisWidth 0.6, 0.75 × lineWidth 1)');
  assert.equal(run([LINE]).filter((c) => c[0] === 'moveTo').length, 1, 'no errors, no bar');
});

test("'best': the first corner (in matplotlib's order) covering the fewest data; ties keep the earlier one", () => {
  assert.deepEqual(args(run([LINE], 'best'), 'fillRect')[0]!.slice(0, 2), [X.right, Y.upper], 'nothing covered: upper right');
  // Two points inside the upper-right box (x ∈ [169.3, 204.1], y ∈ [25.9, 41.5], ±2 margin).
  const ur = { ...LINE, els: [{ x: 180, y: 30 }, { x: 200, y: 40 }] };
  near(args(run([ur], 'best'), 'fillRect')[0]!.slice(0, 2) as number[], [X.left, Y.upper], 'upper left next');
  // Also one in the upper left: the lower left is empty.
  const both = { ...LINE, els: [{ x: 180, y: 30 }, { x: 200, y: 40 }, { x: 30, y: 30 }] };
  near(args(run([both], 'best'), 'fillRect')[0]!.slice(0, 2) as number[], [X.left, Y.lower], 'lower left');
  // A line between two points outside every corner still covers what it crosses: samples along the segment.
  const across = { ...LINE, els: [{ x: 100, y: 33 }, { x: 250, y: 33 }] };
  near(args(run([across], 'best'), 'fillRect')[0]!.slice(0, 2) as number[], [X.left, Y.upper], 'the segment crosses the upper right');
  // Bars count the whole bar, from the top down to its base.
  const bar = { label: 'ab', type: 'bar', point: {}, els: [{ x: 190, y: 10, base: 110 }] };
  const barCalls = run([bar], 'best');
  near(args(barCalls, 'fillRect')[0]!.slice(0, 2) as number[], [10 + 5.9, 25.9], 'a tall bar on the right');
  // Non-finite elements are skipped.
  const gaps = { ...LINE, els: [{ x: Number.NaN, y: 30 }, { x: 190, y: Number.NaN }] };
  near(args(run([gaps], 'best'), 'fillRect')[0]!.slice(0, 2) as number[], [X.right, Y.upper], 'NaN points cover nothing');
});

test("'best' never covers an inset (with room for its tick labels); non-cartesian charts use the upper right", () => {
  // Inset [0.55, 0.55, 0.4, 0.4] of the 200 × 100 area, with 2.5 × 8 = 20 of room: x ∈ [100, 200], y ∈ [25, 85].
  const insets: Array<[number, number, number, number]> = [[0.55, 0.55, 0.4, 0.4]];
  near(args(run([LINE], 'best', { insets }), 'fillRect')[0]!.slice(0, 2) as number[], [X.left, Y.upper], 'avoids the inset');
  const crowded = { ...LINE, els: Array.from({ length: 5 }, (_, k) => ({ x: 20 + 5 * k, y: 30 })) };
  near(args(run([crowded], 'best', { insets }), 'fillRect')[0]!.slice(0, 2) as number[], [X.left, Y.lower], 'data in the upper left: lower left');
  const ur = { ...LINE, els: [{ x: 180, y: 30 }] };
  near(args(run([ur], 'best', { cartesian: false }), 'fillRect')[0]!.slice(0, 2) as number[], [X.right, Y.upper], 'no scoring off cartesian axes');
});

test('style: legendFrame false draws no frame; outward ticks need no inset beyond 0.3f', () => {
  const plain = defineStyle(paper, { legendFrame: false, ticks: { direction: 'out' } });
  const calls = run([LINE], 'lower left', { style: plain });
  assert.equal(args(calls, 'fillRect').length, 0);
  assert.equal(args(calls, 'strokeRect').length, 0);
  // inset = 0.3 × 8 = 2.4: text at x = 12.4 + 2.8 + 15.2 + 4, row middle y = 120 − 2.4 − 15.6 + 7.8.
  near(args(calls, 'fillText')[0]!.slice(1), [12.4 + 22, 120 - 2.4 - 15.6 + 7.8], 'text');
});
