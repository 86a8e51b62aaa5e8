/**
 * Layout as matplotlib does it, checked on the two-panel figure a referee sent back (issue 17): data limits
 * padded by 5 %, legends framed and placed off the data, no text overlapping another, tick labels only inside
 * their axis, log labels in one form; shared axes; the paper style against journal column widths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorBars, Figure, histogram, measureFigure, paper, presentation, styleNamed, type Box, type DataToPoints } from '../../src/plot/index.js';
import { renderPdf } from '../../src/internals.js';
import { parsePdf } from './pdf-reader.js';

/** Seeded exponential decay times and a power-law MSD: the figure of the issue. */
function refereeFigure(): { fig: Figure; boxes: Map<string, { plotArea: Box; data: DataToPoints }> } {
  let s = 7;
  const uniform = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const times = Array.from({ length: 4000 }, () => -1.5 * Math.log(1 - uniform())).filter((t) => t <= 7.5);
  const bins = histogram(times, { bins: 15, range: [0, 7.5] });
  const fig = new Figure(paper, { subplots: [1, 2], width: 'double' });
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        errorBars({ label: 'data', data: bins.map((b) => ({ x: b.x, y: b.y })), showLine: false, pointRadius: 1.8 }, { y: bins.map((b) => Math.sqrt(b.y)) }),
        { label: 'model $N e^{-t/\\tau}$', data: bins.map((b) => ({ x: b.x, y: (times.length * 0.5 / 1.5) * Math.exp(-b.x / 1.5) })) },
      ],
    },
    options: { scales: { x: { title: { text: 'decay time $t$ [$\\mu$s]' } }, y: { title: { text: 'counts per bin' } } } },
  });
  const lag = Array.from({ length: 20 }, (_, i) => 10 ** (-2 + (3.5 * i) / 19));
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        { label: 'data', data: lag.map((t) => ({ x: t, y: 0.4 * Math.sqrt(t) })), showLine: false, pointRadius: 1.8 },
        { label: 'fit $\\propto t^{\\alpha}$, $\\alpha = 0.50 \\pm 0.02$', data: lag.map((t) => ({ x: t, y: 0.4 * Math.sqrt(t) })) },
      ],
    },
    options: { scales: { x: { type: 'logarithmic', title: { text: 'lag $t$ [s]' } }, y: { type: 'logarithmic', title: { text: '$\\langle r^2(t) \\rangle$ [$\\mu$m$^2$]' } } } },
  });
  const boxes = new Map<string, { plotArea: Box; data: DataToPoints }>();
  for (const p of fig.panels) p.draw((_ctx, b) => void boxes.set(p.label!, { plotArea: { x: p.x + b.plotArea!.x, y: p.y + b.plotArea!.y, width: b.plotArea!.width, height: b.plotArea!.height }, data: { x: (v) => p.x + b.data!.x(v), y: (v) => p.y + b.data!.y(v) } }));
  return { fig, boxes };
}

test("the referee's figure: 5 % margins, no overlapping text, ticks inside, log labels as 10^k, framed legends off the data", () => {
  const { fig, boxes } = refereeFigure();
  const { texts, axes } = measureFigure(fig);
  const a = boxes.get('(a)')!;
  // Data on [0.25, 7.25] (bin centres) and error bars: the x axis spans the data plus 5 % each side, not a third more.
  const left = (a.data.x(0.25) - a.plotArea.x) / a.plotArea.width;
  const right = (a.plotArea.x + a.plotArea.width - a.data.x(7.25)) / a.plotArea.width;
  assert.ok(Math.abs(left - 0.05 / 1.1) < 0.01 && Math.abs(right - 0.05 / 1.1) < 0.01, `margins ${left}, ${right}`);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const [p, q] = [texts[i]!, texts[j]!];
      const hit = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
      assert.ok(!hit, `'${p.text}' overlaps '${q.text}'`);
    }
  }
  for (const ax of axes) {
    const [lo, hi] = ax.axis === 'x' ? [ax.area.x, ax.area.x + ax.area.width] : [ax.area.y, ax.area.y + ax.area.height];
    for (const t of ax.ticks) assert.ok(t.at >= lo - 0.5 && t.at <= hi + 0.5, `${ax.panel}${ax.axis} tick ${t.label} outside its axis`);
  }
  const logLabels = axes.filter((ax) => ax.panel === '(b)').flatMap((ax) => ax.ticks.map((t) => t.label));
  assert.ok(logLabels.length >= 4);
  for (const l of logLabels) assert.match(l, /^\$(\d(\.\d+)?\\times)?10\^\{-?\d+\}\$$/, 'one form for log labels');
  // The legend of (b) covers no data point, and is framed.
  const b = boxes.get('(b)')!;
  const entry = texts.find((t) => t.text.startsWith('fit $\\propto'))!;
  const lag = Array.from({ length: 200 }, (_, i) => 10 ** (-2 + (3.5 * i) / 199));
  for (const t of lag) {
    const [px, py] = [b.data.x(t), b.data.y(0.4 * Math.sqrt(t))];
    assert.ok(!(px >= entry.x - 2 && px <= entry.x + entry.width && py >= entry.y && py <= entry.y + entry.height), `legend over the data at t = ${t}`);
  }
  const content = parsePdf(renderPdf([fig])).contents[0]!;
  assert.match(content, /\.8 \.8 \.8 RG/, 'legend frame stroked in light grey, as matplotlib');
});

test('sharex/sharey: one range per group, tick labels and titles only on the outer panels, equal plot areas', () => {
  const fig = new Figure(paper, { subplots: [2, 2], width: 'double', sharex: true, sharey: 'row' });
  const ranges = [
    [0, 1],
    [0, 10],
    [-5, 3],
    [2, 4],
  ];
  for (const [lo, hi] of ranges) {
    fig.chart({
      type: 'line',
      data: { datasets: [{ label: 'y', data: [lo!, hi!].map((x, i) => ({ x, y: (i + 1) * hi! })) }] },
      options: { scales: { x: { title: { text: '$x$' } }, y: { title: { text: '$y$' } } } },
    }, { legend: 'none' });
  }
  const { axes, texts } = measureFigure(fig);
  const ticks = (panel: string, axis: string): string[] => axes.find((a) => a.panel === panel && a.axis === axis)!.ticks.map((t) => t.label);
  assert.deepEqual(ticks('(a)', 'x'), [], 'top row: no x tick labels');
  assert.deepEqual(ticks('(b)', 'x'), []);
  assert.deepEqual(ticks('(b)', 'y'), [], 'right column: no y tick labels');
  assert.deepEqual(ticks('(c)', 'x'), ticks('(d)', 'x'), 'every panel has the same x range');
  assert.ok(ticks('(c)', 'x').includes('−4') && ticks('(c)', 'x').includes('10'), `the union of [−5, 10] with margins: ${ticks('(c)', 'x').join(' ')}`);
  assert.equal(texts.filter((t) => t.text === '$x$').length, 2, 'x titles on the bottom row only');
  assert.equal(texts.filter((t) => t.text === '$y$').length, 2, 'y titles on the left column only');
  const areas = axes.filter((a) => a.axis === 'x').map((a) => a.area);
  for (const a of areas) assert.ok(Math.abs(a.width - areas[0]!.width) < 0.5 && Math.abs(a.height - areas[0]!.height) < 0.5, JSON.stringify(areas));
  assert.throws(() => new Figure(paper, { sharex: 'column' as 'col' }), /sharex must be true, false, 'all', 'col' or 'row'/);
});

test('the paper style fits APS and AAS columns (3.4 in and 7 in) at print size; styles are found by name', () => {
  // APS (Phys. Rev.): 8.6 cm one column, 17.8 cm two; AAS (ApJ): 8.9 cm and 18.3 cm. Figures are printed 1:1.
  const aps = { single: 8.6 / 2.54, double: 17.8 / 2.54 };
  const aas = { single: 8.9 / 2.54, double: 18.3 / 2.54 };
  for (const [width, limit] of [['single', Math.min(aps.single, aas.single)], ['double', Math.min(aps.double, aas.double)]] as const) {
    const fig = new Figure(paper, { width });
    assert.ok(fig.width / 72 <= limit + 0.02 && fig.width / 72 >= limit - 0.1, `${width}: ${fig.width / 72} in for a ${limit.toFixed(2)} in column`);
    const box = /\/MediaBox \[0 0 ([\d.]+)/.exec(parsePdf(renderPdf([(fig.chart({ type: 'line', data: { datasets: [] } }), fig)])).pages[0]!.dict)!;
    assert.ok(Math.abs(Number(box[1]) - fig.width) < 0.5, 'the PDF page is the column width: placed at 100 %, no scaling');
  }
  // Lettering at least 7 pt after printing (journals ask for 6–8 pt minimum); the panel label at least as large.
  for (const size of Object.values(paper.fontSize)) assert.ok(size >= 7, `font size ${size}`);
  assert.equal(styleNamed('paper'), paper);
  assert.equal(styleNamed('presentation'), presentation);
  assert.throws(() => styleNamed('nature'), /no style named 'nature'/);
});
