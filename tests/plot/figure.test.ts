// src/plot/figure.ts: a figure's size, panel grid, labels and contents. Checked by hand from the paper style
// (3.4 in single column, 7 in double, aspect 0.72): width in points, height from the column width and the
// aspect (or as given), panels row-major with their boxes, labels (a), (b), … only on a multi-panel figure,
// continuing (z), (aa), (ab) as spreadsheet columns do; panel lookup by index or (row, col) and its errors;
// every layout and content error with its message; chart() filling the next free panel; drawings collected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Figure, paper } from '../../src/plot/index.js';
import { panelLabel } from '../../src/plot/figure.js';
import type { ChartConfiguration } from 'chart.js';

const line: ChartConfiguration<'line', Array<{ x: number; y: number }>> = { type: 'line', data: { datasets: [{ label: 'a', data: [{ x: 0, y: 1 }] }] } };

test('size in points from the style, or as given', () => {
  const one = new Figure(paper);
  assert.equal(one.width, 3.4 * 72);
  assert.ok(Math.abs(one.height - 3.4 * 72 * 0.72) < 1e-9);
  const grid = new Figure(paper, { subplots: [2, 3], width: 'double' });
  assert.equal(grid.width, 7 * 72);
  assert.ok(Math.abs(grid.height - (7 * 72 / 3) * 0.72 * 2) < 1e-9, 'rows × the panel width × aspect');
  assert.equal(new Figure(paper, { width: 5, height: 2 }).height, 144);
});

test('panels row-major with their boxes; labels only when there are several', () => {
  const fig = new Figure(paper, { subplots: [2, 2] });
  const w = fig.width / 2, h = fig.height / 2;
  assert.deepEqual(fig.panels.map((p) => [p.index, p.row, p.col, p.x, p.y, p.label]), [
    [0, 0, 0, 0, 0, '(a)'], [1, 0, 1, w, 0, '(b)'], [2, 1, 0, 0, h, '(c)'], [3, 1, 1, w, h, '(d)'],
  ]);
  assert.equal(fig.panel(1, 0), fig.panels[2]);
  assert.equal(fig.panel(3), fig.panels[3]);
  assert.equal(new Figure(paper).panels[0]!.label, undefined, 'one panel: no label');
  assert.equal(new Figure(paper, { subplots: [1, 2], panelLabels: false }).panels[1]!.label, undefined);
  assert.deepEqual([0, 25, 26, 27, 51, 52, 701].map(panelLabel), ['(a)', '(z)', '(aa)', '(ab)', '(az)', '(ba)', '(zz)']);
});

test('panel lookup errors name the place and the grid', () => {
  const fig = new Figure(paper, { subplots: [2, 3] });
  for (const [args, where] of [[[6], 'index 6'], [[-1], 'index -1'], [[1.5], 'index 1.5'], [[2, 0], '(2, 0)'], [[0, 3], '(0, 3)'], [[0, -1], '(0, -1)']] as const) {
    assert.throws(() => (fig.panel as (...a: number[]) => unknown)(...args), new RegExp(`no panel at ${where.replace(/[()]/g, '\\$&')}; this figure has 2×3 panels`));
  }
});

test('layout errors: subplots, width, height, sharing', () => {
  for (const subplots of [[0, 1], [1, 1.5], [27, 27]] as const) {
    assert.throws(() => new Figure(paper, { subplots: subplots as unknown as [number, number] }), /subplots must be \[rows, cols\] of positive integers/);
  }
  assert.throws(() => new Figure(paper, { width: -2 }), /figure width must be positive inches/);
  assert.throws(() => new Figure(paper, { height: 0 }), /figure height must be positive inches/);
  assert.throws(() => new Figure(paper, { height: Infinity }), /figure height must be positive inches/);
  assert.throws(() => new Figure(paper, { sharex: 'yes' as never }), /sharex must be true, false, 'all', 'col' or 'row', got "yes"/);
  assert.deepEqual(new Figure(paper, { sharey: 'row' }).share, { sharex: false, sharey: 'row' });
});

test('contents: chart() fills the next free panel; one chart a panel; insets and drawings checked', () => {
  const fig = new Figure(paper, { subplots: [1, 2] });
  assert.equal(fig.chart(line), fig.panels[0]);
  assert.equal(fig.chart(line), fig.panels[1]);
  assert.throws(() => fig.chart(line), /every panel of this 1×2 figure already has a chart/);
  assert.throws(() => fig.panels[0]!.chart(line), /panel \(a\) already has a chart/);
  const p = new Figure(paper).panel(0);
  assert.throws(() => p.chart({} as never), /chart\(\) needs a Chart.js configuration/);
  assert.throws(() => p.inset([0.5, 0.5, 0.6, 0.2], line), /inset bounds must be \[x, y, width, height\] inside \[0, 1\]/);
  assert.throws(() => p.inset([0.1, 0.1, 0.3, 0.3], {} as never), /inset\(\) needs a Chart.js configuration/);
  p.inset([0.1, 0.1, 0.3, 0.3], line);
  assert.equal(p.insets().length, 1);
  const draw = (): void => undefined;
  assert.throws(() => fig.draw('x' as never), /draw\(\) needs a function/);
  assert.equal(fig.draw(draw).draw(draw), fig, 'chains');
  assert.equal(fig.drawings().length, 2);
});
