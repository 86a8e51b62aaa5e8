// src/plot/chartjs.ts: a user's Chart.js configuration under the figure style. Checked: withAlpha on #rgb and
// #rrggbb (and other colours left alone); Chart.js registered once with numbat's own kinds; styledConfig never
// mutates the user's configuration, gives datasets the palette's colours in order unless the user set one,
// keeps what the user set (deep), draws bars over categories grouped and over numbers as full-width bins, uses
// the style's fonts and the device pixel ratio, and adds the frame and legend plugins (the legend only when the
// style or the call asks for one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chart } from 'chart.js';
import { ensureChartJs, styledConfig, withAlpha } from '../../src/plot/chartjs.js';
import { NO_PLAN } from '../../src/plot/layout.js';
import { OKABE_ITO, paper, type AnyChartConfiguration } from '../../src/plot/index.js';

// Chart.js configurations are deep JSON; the test reads paths in them without declaring every level.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('withAlpha: hex colours become rgba, others are left alone', () => {
  assert.equal(withAlpha('#0072B2', 0.25), 'rgba(0, 114, 178, 0.25)');
  assert.equal(withAlpha('#fff', 0.5), 'rgba(255, 255, 255, 0.5)');
  assert.equal(withAlpha('#ABCDEF', 1), 'rgba(171, 205, 239, 1)');
  for (const c of ['steelblue', 'rgb(1, 2, 3)', '#12345', '#1234567', '']) assert.equal(withAlpha(c, 0.3), c);
});

test('Chart.js is registered once, with numbat\'s chart kinds', () => {
  ensureChartJs();
  ensureChartJs();
  assert.ok(Chart.registry.getController('imshow'));
  assert.ok(Chart.registry.getController('line'));
});

test('styledConfig: palette colours in order, the user\'s settings kept, the user\'s object untouched', () => {
  const config = {
    type: 'line',
    data: { datasets: [{ label: 'a', data: [{ x: 0, y: 1 }] }, { label: 'b', data: [{ x: 0, y: 2 }], borderColor: '#123456' }, { label: 'c', data: [] }] },
    options: { scales: { y: { title: { display: true, text: 'y [m]' } } } },
  } as unknown as AnyChartConfiguration;
  const before = JSON.stringify(config);
  const styled = styledConfig(paper, config, {}, 3, NO_PLAN) as unknown as Json;
  assert.equal(JSON.stringify(config), before, 'the user\'s configuration is not mutated');
  const ds = styled.data.datasets as Json[];
  assert.equal(ds[0]!.borderColor, OKABE_ITO[0]);
  assert.equal(ds[1]!.borderColor, '#123456', 'a colour the user set is kept');
  assert.equal(ds[2]!.borderColor, OKABE_ITO[2], 'the palette goes on in order');
  assert.equal(styled.options.devicePixelRatio, 3);
  assert.equal(styled.options.scales.y.title.text, 'y [m]', 'user options merged in deeply');
  const ids = (styled.plugins as Array<{ id: string }>).map((p) => p.id);
  assert.ok(ids.length >= 3, ids.join(', '));
});

test('bars: grouped over categories, full-width overlapping bins over a numeric axis', () => {
  const cats = styledConfig(paper, { type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'n', data: [1, 2] }] } } as unknown as AnyChartConfiguration, {}, 1, NO_PLAN) as unknown as Json;
  assert.deepEqual(cats.options.datasets.bar, { barPercentage: 0.85, categoryPercentage: 0.8 });
  const bins = styledConfig(paper, {
    type: 'bar', data: { datasets: [{ label: 'h', data: [{ x: 0.5, y: 3 }] }] }, options: { scales: { x: { type: 'linear' } } },
  } as unknown as AnyChartConfiguration, {}, 1, NO_PLAN) as unknown as Json;
  assert.deepEqual(bins.options.datasets.bar, { barPercentage: 1, categoryPercentage: 1, grouped: false });
});

test('the legend plugin is added unless the call or the style says none', () => {
  const config = { type: 'line', data: { datasets: [{ label: 'a', data: [] }] } } as unknown as AnyChartConfiguration;
  const ids = (extras: Json): string[] => (styledConfig(paper, config, extras, 1, NO_PLAN).plugins as Array<{ id: string }>).map((p) => p.id);
  const withLegend = ids({});
  const without = ids({ legend: 'none' });
  assert.equal(withLegend.length, without.length + 1, `${withLegend} vs ${without}`);
  assert.ok(withLegend.some((id) => /legend/i.test(id)));
  assert.ok(!without.some((id) => /legend/i.test(id)));
});
