// Colorbars (src/plot/colorbar.ts): powerLabel's one form for log labels (sign, mantissa, a mantissa that
// rounds up to 10); colorbarPlugin on a fake chart with a recording context (text 5 units per character):
// which dataset gets a bar, the box width from the paper style's sizes, the gradient or level bands and their
// pixels, tick values and labels for linear (typographic minus), log and symlog norms and for levels (thinned
// to at most ~8), ticks outside the colour range skipped, and the rotated title — all worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Chart, ChartArea } from 'chart.js';
import { colorbarPlugin, powerLabel } from '../../src/plot/colorbar.js';
import { colormapCss } from '../../src/plot/colormaps.js';
import { contour, contourf, imshow, type GridDataset } from '../../src/plot/grid.js';
import { paper } from '../../src/plot/style.js';

type Call = [string, ...unknown[]];
interface Box {
  width: number;
  height: number;
  left: number;
  position: string;
  update(w: number, h: number): void;
  draw(a: ChartArea): void;
}

function setup(datasets: object[]): { boxes: Box[]; calls: Call[] } {
  const calls: Call[] = [];
  const ctx = new Proxy({}, {
    get: (_t, key) => {
      if (key === 'measureText') return (s: string) => ({ width: 5 * s.length });
      if (key === 'createLinearGradient') {
        return (...a: unknown[]) => {
          calls.push(['createLinearGradient', ...a]);
          return { addColorStop: (...s: unknown[]) => calls.push(['addColorStop', ...s]) };
        };
      }
      return (...a: unknown[]) => calls.push([String(key), ...a]);
    },
    set: (_t, key, v) => (calls.push([`set ${String(key)}`, v]), true),
  });
  const boxes: Box[] = [];
  const chart = { ctx, boxes, data: { datasets } } as unknown as Chart;
  (colorbarPlugin(paper).beforeInit as (c: Chart, a: object, o: object) => void)(chart, {}, {});
  return { boxes, calls };
}

const AREA = { left: 0, right: 180, top: 10, bottom: 110, width: 180, height: 100 } as ChartArea;
// Paper: tick font 8 → gap = bar = 6.4, pad 2.8; ticks.length 3.5 → tick marks 2.8 long. With left = 200 the
// bar spans x ∈ [206.4, 212.8], labels start at 215.6; value fraction t sits at y = 110 − 100t.
function drawn(ds: GridDataset): { labels: Array<[string, number]>; marks: number[]; calls: Call[]; box: Box } {
  const { boxes, calls } = setup([ds]);
  const box = boxes[0]!;
  box.left = 200;
  calls.length = 0;
  box.draw(AREA);
  const labels = calls.filter((c) => c[0] === 'fillText' && Math.abs((c[2] as number) - 215.6) < 1e-9).map((c) => [c[1] as string, c[3] as number] as [string, number]);
  const marks = calls.filter((c) => c[0] === 'moveTo').map((c, i) => {
    const to = calls.filter((d) => d[0] === 'lineTo')[i]!;
    assert.deepEqual([c[1], to[1]], [212.8, 210], 'a 2.8 mark inwards from the bar\'s right edge');
    assert.equal(to[2], c[2]);
    return c[2] as number;
  });
  return { labels, marks, calls, box };
}
const near = (a: number[], b: number[], what: string): void => {
  assert.equal(a.length, b.length, `${what}: [${a.join(', ')}] vs [${b.join(', ')}]`);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-9, `${what}: [${a.join(', ')}] vs [${b.join(', ')}]`));
};

test('powerLabel: $10^{k}$, with a sign and a mantissa when needed, and $0$', () => {
  assert.equal(powerLabel(0), '$0$');
  assert.equal(powerLabel(1), '$10^{0}$');
  assert.equal(powerLabel(1000), '$10^{3}$');
  assert.equal(powerLabel(0.001), '$10^{-3}$');
  assert.equal(powerLabel(2e-5), '$2\\times10^{-5}$');
  assert.equal(powerLabel(-5000), '$-5\\times10^{3}$');
  assert.equal(powerLabel(-0.01), '$-10^{-2}$');
  assert.equal(powerLabel(2.5e6), '$2.5\\times10^{6}$');
  // A mantissa that rounds (to 6 digits) up to 10 is the next power, not "10×10^k".
  assert.equal(powerLabel(999.9999), '$10^{3}$');
  assert.equal(powerLabel(0.09999999), '$10^{-1}$');
});

test('only charts with a colour-scaled dataset get a bar: the first such dataset without colorbar: false', () => {
  assert.equal(setup([{ type: 'line', data: [1, 2] }]).boxes.length, 0);
  assert.equal(setup([imshow([[0, 1], [0, 1]], { colorbar: false })]).boxes.length, 0);
  assert.equal(setup([contour([[0, 1], [1, 2]])]).boxes.length, 0, 'contour lines have none unless asked');
  assert.equal(setup([contour([[0, 1], [1, 2]], { colorbar: {} })]).boxes.length, 1, 'asked');
  const { boxes } = setup([imshow([[0, 1], [0, 1]], { colorbar: false }), imshow([[0, 10], [0, 10]], { colorbar: { label: 'second' } })]);
  assert.equal(boxes.length, 1);
  assert.equal(boxes[0]!.position, 'right');
});

test('the box: gap + bar + pad + widest label (+ pad + 1.3 × label size for a title), full height', () => {
  // imshow over [0, 10]: ticks 0, 2, …, 10; the widest label '10' is 10 wide → 6.4 + 6.4 + 2.8 + 10.
  const plain = setup([imshow([[0, 10], [0, 10]])]).boxes[0]!;
  plain.update(500, 123);
  assert.ok(Math.abs(plain.width - 25.6) < 1e-12, String(plain.width));
  assert.equal(plain.height, 123);
  const titled = setup([imshow([[0, 10], [0, 10]], { colorbar: { label: 'T' } })]).boxes[0]!;
  titled.update(500, 123);
  assert.ok(Math.abs(titled.width - (25.6 + 2.8 + 9 * 1.3)) < 1e-12, String(titled.width));
});

test('an image: a 33-stop vector gradient bottom to top, the frame, and nice linear ticks with labels', () => {
  const { labels, marks, calls } = drawn(imshow([[0, 10], [0, 10]]));
  assert.deepEqual(calls.find((c) => c[0] === 'createLinearGradient'), ['createLinearGradient', 0, 110, 0, 10]);
  const stops = calls.filter((c) => c[0] === 'addColorStop');
  assert.equal(stops.length, 33);
  assert.deepEqual(stops[0], ['addColorStop', 0, 'rgb(68, 1, 84)'], 'viridis starts at #440154');
  assert.deepEqual(stops[32], ['addColorStop', 1, 'rgb(253, 231, 37)'], 'and ends at #fde725');
  assert.deepEqual(calls.find((c) => c[0] === 'fillRect'), ['fillRect', 206.4, 10, 6.4, 100]);
  assert.deepEqual(calls.find((c) => c[0] === 'strokeRect'), ['strokeRect', 206.4, 10, 6.4, 100]);
  assert.deepEqual(labels.map((l) => l[0]), ['0', '2', '4', '6', '8', '10']);
  near(marks, [110, 90, 70, 50, 30, 10], 'tick rows');
  near(labels.map((l) => l[1]), [110, 90, 70, 50, 30, 10], 'label rows');
});

test('linear labels use a typographic minus, in the exponent too', () => {
  // niceTicks over [−0.5, 0.5]: step 0.2, kept inside the range: −0.4 … 0.4.
  assert.deepEqual(drawn(imshow([[-0.5, 0.5], [-0.5, 0.5]])).labels.map((l) => l[0]), ['\u22120.4', '\u22120.2', '0', '0.2', '0.4']);
  // Over [0, 1e−7]: step 2e−8.
  assert.deepEqual(drawn(imshow([[0, 1e-7], [0, 1e-7]])).labels.map((l) => l[0]), ['0', '2e\u22128', '4e\u22128', '6e\u22128', '8e\u22128', '1e\u22127']);
  // Over [−1e−7, 1e−7]: step 5e−8; both minus signs of −1e−7 are typographic.
  assert.deepEqual(drawn(imshow([[-1e-7, 1e-7], [-1e-7, 1e-7]])).labels.map((l) => l[0]), ['\u22121e\u22127', '\u22125e\u22128', '0', '5e\u22128', '1e\u22127']);
});

test('log and symlog norms: a tick per decade labelled 10^k, symlog with −decades, 0 and +decades', () => {
  const log = drawn(imshow([[1e-3, 100], [1e-3, 100]], { norm: 'log' }));
  assert.deepEqual(log.labels.map((l) => l[0]), ['$10^{-3}$', '$10^{-2}$', '$10^{-1}$', '$10^{0}$', '$10^{1}$', '$10^{2}$']);
  near(log.marks, [110, 90, 70, 50, 30, 10], 'five decades over 100 px');
  const sym = drawn(imshow([[-100, 100], [-100, 100]], { norm: { symlog: 1 } }));
  assert.deepEqual(sym.labels.map((l) => l[0]), ['$-10^{2}$', '$-10^{1}$', '$-10^{0}$', '$0$', '$10^{0}$', '$10^{1}$', '$10^{2}$']);
  // Symmetric range: 0 in the middle; linear part ±1 is 1/0.9 decades wide, each decade 1: ±1 at 60 ∓ 50·(1/0.9)/(1/0.9 + 2).
  const half = (1 / 0.9) / (1 / 0.9 + 2);
  near([sym.marks[3]!, sym.marks[4]!], [60, 60 - 50 * half], 'zero and 1');
  // Fifteen decades ticks (±10^0 … ±10^6 and 0) are too many: every other one, and zero, stay.
  const wide = drawn(imshow([[-1e6, 1e6], [-1e6, 1e6]], { norm: { symlog: 1 } }));
  assert.deepEqual(wide.labels.map((l) => l[0]), ['$-10^{6}$', '$-10^{4}$', '$-10^{2}$', '$-10^{0}$', '$0$', '$10^{0}$', '$10^{2}$', '$10^{4}$', '$10^{6}$']);
});

test('filled contours: one band per level interval in its mid-value colour, and a tick per level', () => {
  const { labels, calls } = drawn(contourf([[0, 4], [1, 2]], { levels: [0, 1, 2, 4] }));
  // Levels 0 … 4 over 100 px: 1 ↦ 85, 2 ↦ 60, 4 ↦ 10. Band colours at the mid-values 0.5, 1.5, 3 → t 0.125, 0.375, 0.75.
  const rects = calls.filter((c) => c[0] === 'fillRect');
  assert.deepEqual(rects, [
    ['fillRect', 206.4, 85, 6.4, 25],
    ['fillRect', 206.4, 60, 6.4, 25],
    ['fillRect', 206.4, 10, 6.4, 50],
  ]);
  const fills = calls.filter((c) => c[0] === 'set fillStyle').slice(0, 3).map((c) => c[1]);
  assert.deepEqual(fills, [colormapCss('viridis', 0.125), colormapCss('viridis', 0.375), colormapCss('viridis', 0.75)]);
  assert.deepEqual(labels, [['0', 110], ['1', 85], ['2', 60], ['4', 10]]);
});

test('many levels are thinned to every ceil(n/8)-th; levels outside vmin…vmax get no tick', () => {
  const levels = Array.from({ length: 17 }, (_, i) => i);
  const many = drawn(contourf([[0, 16], [1, 2]], { levels }));
  assert.deepEqual(many.labels.map((l) => l[0]), ['0', '3', '6', '9', '12', '15'], 'every third of 17');
  const clipped = drawn(contourf([[0, 4], [1, 2]], { levels: [0, 1, 2, 4], vmin: 1, vmax: 2 }));
  assert.deepEqual(clipped.labels, [['1', 110], ['2', 10]]);
});

test('a title is drawn rotated to read upwards, beside the widest label, centred on the bar', () => {
  const { calls } = drawn(imshow([[0, 10], [0, 10]], { colorbar: { label: '$I/I_0$' } }));
  const title = calls.findIndex((c) => c[0] === 'fillText' && c[1] === '$I/I_0$');
  assert.ok(title > 0);
  const before = calls.slice(0, title);
  // Labels are at most '10' (10 wide): 215.6 + 10 + 2.8; the bar's middle is y = 60.
  const tr = before.findLast((c) => c[0] === 'translate')!;
  near(tr.slice(1) as number[], [228.4, 60], 'translate');
  assert.deepEqual(before.findLast((c) => c[0] === 'rotate'), ['rotate', -Math.PI / 2]);
  assert.deepEqual(calls[title], ['fillText', '$I/I_0$', 0, 0]);
  assert.deepEqual(before.findLast((c) => c[0] === 'set font'), ['set font', '9px CMU Serif']);
  assert.deepEqual(before.findLast((c) => c[0] === 'set textAlign'), ['set textAlign', 'center']);
  assert.deepEqual(before.findLast((c) => c[0] === 'set textBaseline'), ['set textBaseline', 'top']);
});
