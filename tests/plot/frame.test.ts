// framePlugin (src/plot/frame.ts) on fake scales and a recording context: the frame rectangle, major (labelled)
// and minor (unlabelled) tick lengths, inward vs outward, mirrored onto the free opposite edge only, ticks
// outside the plot area dropped, and the linear-axis minor ticks of matplotlib's AutoMinorLocator (5 per
// interval for steps 1, 2.5, 5, 4 for steps of 2, none for uneven or off-grid ticks), worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Chart } from 'chart.js';
import { framePlugin } from '../../src/plot/frame.js';
import { defineStyle, paper, presentation, type Style } from '../../src/plot/style.js';

type Seg = [number, number, number, number];
const AREA = { left: 10, right: 110, top: 0, bottom: 50 };

interface FakeScale {
  axis: string;
  position: string;
  type?: string;
  display?: boolean;
  min: number;
  max: number;
  ticks: Array<{ value: number; label?: string | string[] }>;
}

/** Pixels: x maps [min, max] onto [10, 110], y onto [50, 0]. */
function scaleOf(s: FakeScale): object {
  const horizontal = s.position === 'top' || s.position === 'bottom';
  const px = (v: number): number => (horizontal ? 10 + ((v - s.min) / (s.max - s.min)) * 100 : 50 - ((v - s.min) / (s.max - s.min)) * 50);
  return {
    axis: s.axis,
    position: s.position,
    type: s.type ?? 'linear',
    options: { display: s.display ?? true },
    min: s.min,
    max: s.max,
    ticks: s.ticks.map((t) => ({ label: String(t.value), ...t })),
    isHorizontal: () => horizontal,
    getPixelForTick: (i: number) => px(s.ticks[i]!.value),
    getPixelForValue: px,
  };
}

function draw(style: Style, scales: FakeScale[]): { segs: Seg[]; calls: Array<[string, ...unknown[]]> } {
  const calls: Array<[string, ...unknown[]]> = [];
  const ctx = new Proxy({}, {
    get: (_t, key) => (...a: unknown[]) => calls.push([String(key), ...a]),
    set: (_t, key, v) => (calls.push([`set ${String(key)}`, v]), true),
  });
  const chart = { ctx, chartArea: AREA, scales: Object.fromEntries(scales.map((s, i) => [`s${i}`, scaleOf(s)])) } as unknown as Chart;
  (framePlugin(style).afterDatasetsDraw as (c: Chart, a: object, o: object) => void)(chart, {}, {});
  const segs: Seg[] = [];
  calls.forEach((c, i) => {
    if (c[0] === 'moveTo') {
      const next = calls[i + 1]!;
      assert.equal(next[0], 'lineTo', 'every tick is one moveTo/lineTo pair');
      segs.push([c[1], c[2], next[1], next[2]] as Seg);
    }
  });
  return { segs, calls };
}

const key = (s: Seg): string => s.map((v) => v.toFixed(6)).join(',');
function sameSegs(got: Seg[], want: Seg[], what: string): void {
  assert.deepEqual(got.map(key).sort(), want.map(key).sort(), what);
}
/** A tick on the bottom (top) edge at x: from the edge inwards by len (negative: outwards). */
const bottom = (x: number, len: number): Seg => [x, 50, x, 50 - len];
const top = (x: number, len: number): Seg => [x, 0, x, len];
const left = (y: number, len: number): Seg => [10, y, 10 + len, y];
const right = (y: number, len: number): Seg => [110, y, 110 - len, y];

const X: FakeScale = { axis: 'x', position: 'bottom', min: 0, max: 4, ticks: [{ value: 0 }, { value: 2 }, { value: 4 }] };
const Y: FakeScale = { axis: 'y', position: 'left', min: 0, max: 1, ticks: [{ value: 0 }, { value: 1 }] };

test('paper: inward 3.5 pt majors and 2 pt minors, mirrored on the top and right, the frame, in the foreground colour', () => {
  const { segs, calls } = draw(paper, [X, Y]);
  const want: Seg[] = [];
  // x: majors at 0, 2, 4 → 10, 60, 110; step 2 → 4 minors per interval: every 0.5 → 22.5, 35, 47.5, 72.5, 85, 97.5.
  for (const x of [10, 60, 110]) want.push(bottom(x, 3.5), top(x, 3.5));
  for (const x of [22.5, 35, 47.5, 72.5, 85, 97.5]) want.push(bottom(x, 2), top(x, 2));
  // y: majors at 0, 1 → 50, 0; step 1 → 5 minors per interval: 0.2 … 0.8 → 40, 30, 20, 10.
  for (const y of [50, 0]) want.push(left(y, 3.5), right(y, 3.5));
  for (const y of [40, 30, 20, 10]) want.push(left(y, 2), right(y, 2));
  sameSegs(segs, want, 'tick marks');
  assert.deepEqual(calls.find((c) => c[0] === 'strokeRect'), ['strokeRect', 10, 0, 100, 50]);
  assert.deepEqual(calls.find((c) => c[0] === 'set strokeStyle'), ['set strokeStyle', '#000000']);
  assert.deepEqual(calls.find((c) => c[0] === 'set lineWidth'), ['set lineWidth', 0.6]);
  assert.equal(calls[0]![0], 'save');
  assert.equal(calls.at(-1)![0], 'restore');
  const strokeAt = calls.findIndex((c) => c[0] === 'stroke');
  assert.ok(strokeAt > calls.findLastIndex((c) => c[0] === 'lineTo'), 'the ticks are stroked after they are all traced');
});

test('presentation: ticks out (6 pt), only on the axes\' own edges, no minor ticks', () => {
  const { segs } = draw(presentation, [X, Y]);
  sameSegs(segs, [bottom(10, -6), bottom(60, -6), bottom(110, -6), left(50, -6), left(0, -6)], 'outward marks');
});

test('top and right axes tick their own edges inward; an edge with its own axis gets no mirrored ticks', () => {
  const style = defineStyle(paper, { ticks: { minor: false } });
  const xTop: FakeScale = { ...X, position: 'top' };
  const yRight: FakeScale = { ...Y, axis: 'y', position: 'right', min: 0, max: 10, ticks: [{ value: 5 }] };
  const { segs } = draw(style, [xTop, Y, yRight]);
  sameSegs(
    segs,
    [
      ...[10, 60, 110].flatMap((x) => [top(x, 3.5), bottom(x, 3.5)]), // no bottom axis: mirrored there
      left(50, 3.5),
      left(0, 3.5), // the right edge is taken: not mirrored
      right(25, 3.5), // 5 of [0, 10] → 25, not mirrored onto the left edge (taken)
    ],
    'edges',
  );
});

test('hidden scales and non-cartesian axes draw nothing and leave their edge free for mirroring', () => {
  const style = defineStyle(paper, { ticks: { minor: false } });
  const hiddenTop: FakeScale = { ...X, position: 'top', display: false };
  const radial: FakeScale = { axis: 'r', position: 'chartArea', min: 0, max: 1, ticks: [{ value: 0.5 }] };
  const { segs, calls } = draw(style, [{ ...X, ticks: [{ value: 2 }] }, hiddenTop, radial]);
  sameSegs(segs, [bottom(60, 3.5), top(60, 3.5)], 'only the bottom axis, mirrored to the top');
  assert.ok(calls.some((c) => c[0] === 'strokeRect'), 'the frame is drawn regardless');
});

test('unlabelled ticks are minor length; ticks outside the plot area (beyond 0.01) are dropped', () => {
  const style = defineStyle(paper, { ticks: { minor: false, mirror: false } });
  const x: FakeScale = {
    ...X,
    min: 0,
    max: 100,
    ticks: [
      { value: 10, label: '' },
      { value: 20, label: ['', ''] },
      { value: 30, label: ['1', ''] },
      { value: 40, label: [] },
      { value: 100.005 }, // 0.005 px past the right edge: kept
      { value: 100.02 }, // 0.02 px past: dropped
      { value: -1 },
    ],
  };
  const { segs } = draw(style, [x]);
  sameSegs(segs, [bottom(20, 2), bottom(30, 2), bottom(40, 3.5), bottom(50, 2), bottom(110.005, 3.5)], 'lengths by label');
});

function minorXs(ticks: number[], min: number, max: number, type = 'linear'): number[] {
  const style = defineStyle(paper, { ticks: { mirror: false } });
  const { segs } = draw(style, [{ axis: 'x', position: 'bottom', type, min, max, ticks: ticks.map((value) => ({ value })) }]);
  // Back to data values from the minor (2 pt) marks.
  return segs.filter((s) => Math.abs(s[1] - s[3] - 2) < 1e-9).map((s) => Number((min + ((s[0] - 10) / 100) * (max - min)).toFixed(9)));
}

test('minor ticks: 5 per interval for steps 1, 2.5 and 5 (×10ⁿ), 4 for steps of 2, out to the axis limits', () => {
  assert.deepEqual(minorXs([0, 1, 2], 0, 2), [0.2, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6, 1.8]);
  assert.deepEqual(minorXs([0, 5, 10], 0, 10), [1, 2, 3, 4, 6, 7, 8, 9]);
  assert.deepEqual(minorXs([0, 0.25, 0.5], 0, 0.5), [0.05, 0.1, 0.15, 0.2, 0.3, 0.35, 0.4, 0.45]);
  assert.deepEqual(minorXs([0, 20, 40], 0, 40), [5, 10, 15, 25, 30, 35]);
  // Limits past the outer majors: minor ticks continue to them, not beyond.
  assert.deepEqual(minorXs([0, 2], -0.6, 2.9), [-0.5, 0.5, 1, 1.5, 2.5]);
  assert.deepEqual(minorXs([-4, -2, 0], -4, 0), [-3.5, -3, -2.5, -1.5, -1, -0.5], 'negative values');
});

test('no minor ticks for uneven or off-grid ticks, a single tick, non-linear axes, or minor: false', () => {
  assert.deepEqual(minorXs([0, 1, 3], 0, 3), [], 'uneven');
  assert.deepEqual(minorXs([1, 3, 5], 0, 6), [], 'step 2 but not on multiples of 2');
  assert.deepEqual(minorXs([1], 0, 2), [], 'one tick');
  assert.deepEqual(minorXs([3, 1], 0, 4), [], 'decreasing');
  assert.deepEqual(minorXs([1, 10, 100], 1, 100, 'logarithmic'), [], 'log axes');
  const off = draw(defineStyle(paper, { ticks: { minor: false, mirror: false } }), [X]);
  assert.equal(off.segs.length, 3, 'majors only');
});
