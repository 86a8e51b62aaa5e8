/**
 * What `@myplot` writes: a vector PDF (embedded subset fonts, paths, no raster), PNG at the requested DPI,
 * SVG with text as paths, multi-page PDFs and subplot grids, all byte-reproducible.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorBars, myplot, paper, presentation, PdfPages, Figure, fixedTicks, measureFigure, type SavedFigure } from '../../src/index.js';
import { renderPdf } from '../../src/internals.js';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { parsePdf, poppler } from './pdf-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const t = Array.from({ length: 60 }, (_, i) => i / 6);
const points = (f: (x: number) => number): Array<{ x: number; y: number }> => t.map((x) => ({ x, y: f(x) }));

/** A typical single-panel line figure: two series, axis titles, a legend. */
function lineFigure(fig: Figure, scale = 1): void {
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        { label: 'cos', data: points((x) => scale * Math.cos(x)) },
        { label: 'envelope', data: points((x) => scale * Math.exp(-x / 5)), borderDash: [3, 2] },
      ],
    },
    options: { scales: { x: { title: { text: 'time [s]' } }, y: { title: { text: 'signal' } } } },
  });
}

test('PDF: parses, one page of the figure size, fonts embedded as TrueType subsets, text and paths, no images', () => {
  const plot = myplot({ style: paper, file: join(dir, 'line.pdf'), title: 'Line', author: 'Ada' })(function line(fig: Figure) {
    lineFigure(fig);
  });
  const saved = plot();
  assert.deepEqual(saved.paths, [join(dir, 'line.pdf')]);
  const pdf = parsePdf(readFileSync(saved.paths[0]!));
  assert.equal(pdf.pages.length, 1);
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.pages[0]!.dict);
  assert.ok(box, 'page has a MediaBox');
  assert.ok(Math.abs(Number(box[1]) - 3.4 * 72) < 1, `width ${box[1]} pt is 3.4 in`);
  assert.ok(Math.abs(Number(box[2]) - 3.4 * 72 * paper.aspect) < 1, `height ${box[2]} pt follows the aspect`);
  const dicts = [...pdf.objects.values()].map((o) => o.dict);
  assert.ok(dicts.some((d) => /\/FontFile2 \d+ 0 R/.test(d)), 'a TrueType font program is embedded');
  assert.ok(dicts.some((d) => /\/BaseFont \/[A-Z]{6}\+CMUSerif-Roman/.test(d)), 'CMU Serif is embedded as a subset (XXXXXX+ prefix)');
  assert.ok(!dicts.some((d) => /\/Subtype \/Type3/.test(d)), 'no synthetic Type 3 fonts');
  assert.ok(!dicts.some((d) => /\/Subtype \/Image/.test(d)), 'no image XObject: nothing rasterized');
  const content = pdf.contents[0]!;
  assert.match(content, /BT[\s\S]*Tj[\s\S]*ET/, 'text is text');
  assert.ok((content.match(/ l\n/g) ?? []).length > 100, 'the data are vector line segments');
  assert.match(pdf.info, /\/Title \(Line\)/);
  assert.match(pdf.info, /\/Author \(Ada\)/);
  assert.doesNotMatch(pdf.info, /CreationDate/, 'no timestamp');
});

test('PDF: pdffonts lists only embedded CMU Serif faces (regular, bold panel labels, italic titles)', (t) => {
  const plot = myplot({ style: paper, file: join(dir, 'fonts.pdf'), subplots: [1, 2], width: 'double' })(function fonts(fig: Figure) {
    lineFigure(fig);
    fig.chart({
      type: 'line',
      data: { datasets: [{ label: 'x', data: points((x) => x) }] },
      options: { scales: { x: { title: { text: 'time t', font: { style: 'italic' } } } } },
    });
  });
  const { paths } = plot();
  const dicts = [...parsePdf(readFileSync(paths[0]!)).objects.values()].map((o) => o.dict).join('\n');
  for (const face of ['Roman', 'Bold', 'Italic']) assert.match(dicts, new RegExp(`/BaseFont /[A-Z]{6}\\+CMUSerif-${face}\\b`));
  assert.doesNotMatch(dicts, /\/Subtype \/Type3/, 'no synthesized faces');
  const out = poppler('pdffonts', [paths[0]!]);
  if (out === undefined) {
    t.skip('pdffonts (poppler-utils) is not installed: skipping the font listing check');
    return;
  }
  const rows = out.trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
  assert.ok(rows.length >= 2, out);
  for (const row of rows) {
    assert.match(row[0]!, /^[A-Z]{6}\+CMUSerif-(Roman|Bold|Italic)$/, `font ${row[0]} is a CMU Serif subset`);
    assert.equal(row[1], 'CID', out);
    assert.equal(row[2], 'TrueType', out);
    const [emb, sub] = row.slice(-5, -3);
    assert.equal(emb, 'yes', `embedded: ${out}`);
    assert.equal(sub, 'yes', `subset: ${out}`);
  }
  assert.ok(rows.some((r) => r[0]!.endsWith('CMUSerif-Bold')), 'the bold face of the panel labels is a real font');
});

test('the same inputs give byte-identical PDF, PNG and SVG files', () => {
  const render = (name: string): Buffer[] => {
    const plot = myplot({ style: paper, file: join(dir, name), format: ['pdf', 'png', 'svg'], dpi: 150 })(function same(fig: Figure) {
      lineFigure(fig);
    });
    return plot().paths.map((p) => readFileSync(p));
  };
  const a = render('same-a');
  const b = render('same-b');
  assert.equal(a.length, 3);
  for (let i = 0; i < 3; i++) assert.ok(a[i]!.equals(b[i]!), `format ${i} differs between two renders`);
});

function pngInfo(bytes: Buffer): { width: number; height: number; dpi: number } {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const phys = bytes.indexOf('pHYs');
  assert.ok(phys > 0, 'the PNG records its resolution');
  return { width, height, dpi: Math.round(bytes.readUInt32BE(phys + 4) / 39.3701) };
}

test('PNG: pixel size is the figure size at the requested DPI, and the DPI is recorded', () => {
  for (const dpi of [72, 300]) {
    const plot = myplot({ style: paper, file: join(dir, `dpi${dpi}.png`), dpi })(function png(fig: Figure) {
      lineFigure(fig);
    });
    const saved = plot();
    const info = pngInfo(readFileSync(saved.paths[0]!));
    assert.equal(info.width, Math.round(saved.figure.width * (dpi / 72)));
    assert.equal(info.height, Math.round(saved.figure.height * (dpi / 72)));
    assert.equal(info.dpi, dpi);
  }
});

test('SVG: sized in points, text converted to paths', () => {
  const plot = myplot({ style: paper, file: join(dir, 'fig.svg') })(function svg(fig: Figure) {
    lineFigure(fig);
  });
  const saved = plot();
  const svg = readFileSync(saved.paths[0]!, 'utf8');
  const root = /<svg[^>]*>/.exec(svg)![0];
  assert.match(root, new RegExp(`width="${Math.ceil(saved.figure.width)}pt"`));
  assert.match(root, new RegExp(`height="${Math.ceil(saved.figure.height)}pt"`));
  assert.match(root, /viewBox="0 0 \d+ \d+"/);
  assert.doesNotMatch(svg, /<text/, 'no <text> elements');
  assert.ok((svg.match(/<path/g) ?? []).length >= 10, 'glyphs and data are paths');
});

test('one call can write several formats; the file name without extension gets one per format', () => {
  const plot = myplot({ style: paper, file: join(dir, 'multi', 'fig'), format: ['pdf', 'png'] })(function multi(fig: Figure) {
    lineFigure(fig);
  });
  const { paths } = plot();
  assert.deepEqual(paths, [join(dir, 'multi', 'fig.pdf'), join(dir, 'multi', 'fig.png')]);
  assert.deepEqual(readdirSync(join(dir, 'multi')).sort(), ['fig.pdf', 'fig.png']);
});

test('multi-page PDF: each decorated call adds a page, metadata on the document', () => {
  const book = new PdfPages({ title: 'All figures', author: 'Ada' });
  const single = myplot({ style: paper, pages: book, save: false })(function page(fig: Figure, k: number) {
    lineFigure(fig, k);
  });
  const wide = myplot({ style: paper, pages: book, save: false, width: 'double' })(function widePage(fig: Figure) {
    lineFigure(fig);
  });
  assert.deepEqual(single(1).paths, []);
  single(2);
  wide();
  assert.equal(book.pageCount, 3);
  const path = book.save(join(dir, 'book'));
  assert.equal(path, join(dir, 'book.pdf'));
  const pdf = parsePdf(readFileSync(path));
  assert.equal(pdf.pages.length, 3);
  const widths = pdf.pages.map((p) => Number(/\/MediaBox \[0 0 ([\d.]+)/.exec(p.dict)![1]));
  assert.ok(Math.abs(widths[2]! - 7 * 72) < 1 && Math.abs(widths[0]! - 3.4 * 72) < 1, `page widths ${widths}`);
  assert.match(pdf.info, /\/Title \(All figures\)/);
  const info = poppler('pdfinfo', [path]);
  if (info !== undefined) assert.match(info, /Pages:\s+3/);
});

test('subplots: a 2×2 grid, four charts on one page, panels labelled (a)–(d)', () => {
  const plot = myplot({ style: paper, file: join(dir, 'grid.pdf'), subplots: [2, 2], width: 'double' })(function grid(fig: Figure) {
    for (let k = 1; k <= 4; k++) lineFigure(fig, k);
  });
  const saved = plot();
  assert.deepEqual(saved.figure.panels.map((p) => p.label), ['(a)', '(b)', '(c)', '(d)']);
  assert.ok(saved.figure.panels.every((p) => p.hasChart));
  assert.equal(saved.figure.panel(1, 0), saved.figure.panels[2]);
  const pdf = parsePdf(readFileSync(saved.paths[0]!));
  assert.equal(pdf.pages.length, 1);
  // Each panel's chart draws its own frame: four rectangles of the axes size.
  const frames = (pdf.contents[0]!.match(/[\d.]+ [\d.]+ ([\d.]+) [\d.]+ re\nS/g) ?? []).filter((r) => Number(r.split(' ')[2]) > 150);
  assert.equal(frames.length, 4, `four axes frames (legend frames are smaller), found ${frames.length}`);
  const text = poppler('pdftotext', ['-layout', saved.paths[0]!, '-']);
  if (text !== undefined) for (const label of ['(a)', '(b)', '(c)', '(d)']) assert.ok(text.includes(label), `${label} in ${text}`);
});

test('subplots: plot areas line up across rows and columns whatever the tick labels', () => {
  const areas = new Map<string, { x: number; y: number; width: number; height: number }>();
  const plot = myplot({ style: paper, save: false, subplots: [2, 2], width: 'double' })(function aligned(fig: Figure) {
    // Very different tick label widths: 0…1 against −100000…100000, and a log axis.
    lineFigure(fig, 1);
    lineFigure(fig, 1e5);
    lineFigure(fig, -1e5);
    fig.chart({ type: 'line', data: { datasets: [{ label: 'p', data: [1, 10, 100].map((x) => ({ x, y: x * x })) }] }, options: { scales: { y: { type: 'logarithmic' } } } });
    for (const panel of fig.panels) panel.draw((_ctx, box) => void areas.set(panel.label!, box.plotArea!));
  });
  renderPdf([plot().figure]);
  const [a, b, c, d] = ['(a)', '(b)', '(c)', '(d)'].map((k) => areas.get(k)!);
  const close = (x: number, y: number, what: string): void => assert.ok(Math.abs(x - y) < 1.5, `${what}: ${x} vs ${y}`);
  close(a!.x, c!.x, 'left edges of column 1');
  close(b!.x, d!.x, 'left edges of column 2');
  close(a!.x + a!.width, c!.x + c!.width, 'right edges of column 1');
  close(a!.y, b!.y, 'tops of row 1');
  close(c!.y + c!.height, d!.y + d!.height, 'bottoms of row 2');
});

test('log–log axes with an ideal line render; decades are labelled', () => {
  const workers = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
  const plot = myplot({ style: paper, file: join(dir, 'scaling.pdf') })(function scaling(fig: Figure) {
    fig.chart({
      type: 'line',
      data: {
        datasets: [
          { label: 'measured', data: workers.map((p) => ({ x: p, y: 100 * (0.05 + 0.95 / p) })), pointRadius: 2 },
          { label: 'ideal', data: workers.map((p) => ({ x: p, y: 100 / p })), borderDash: [3, 2] },
        ],
      },
      options: { scales: { x: { type: 'logarithmic', title: { text: 'workers' } }, y: { type: 'logarithmic', title: { text: 'time [s]' } } } },
    });
  });
  const { paths } = plot();
  const pdf = parsePdf(readFileSync(paths[0]!));
  assert.match(pdf.contents[0]!, / l\n/);
  // Decades are labelled in one form, 10^k, typeset as math (vector paths, so measured rather than extracted).
  const x = measureFigure(plot.with({ save: false })().figure).axes.find((a) => a.axis === 'x')!;
  assert.deepEqual(x.ticks.map((t) => t.label), ['$10^{0}$', '$10^{1}$', '$10^{2}$', '$10^{3}$']);
});

test('presentation style embeds CMU Sans Serif; a transparent background leaves PNG pixels clear', async () => {
  const slides = myplot({ style: presentation, file: join(dir, 'slide.pdf') })(function slide(fig: Figure) {
    lineFigure(fig);
  });
  const dicts = [...parsePdf(readFileSync(slides().paths[0]!)).objects.values()].map((o) => o.dict).join('\n');
  assert.match(dicts, /\/BaseFont \/[A-Z]{6}\+CMUSansSerif/);
  const clear = myplot({ style: paper, override: { background: 'transparent' }, file: join(dir, 'clear.png'), dpi: 72 })(function clear(fig: Figure) {
    lineFigure(fig);
  });
  const corner = async (path: string): Promise<number> => {
    const img = await loadImage(readFileSync(path));
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(0, 0, 1, 1).data[3]!;
  };
  assert.equal(await corner(clear().paths[0]!), 0, 'transparent corner');
  const white = myplot({ style: paper, file: join(dir, 'white.png'), dpi: 72 })(function white(fig: Figure) {
    lineFigure(fig);
  });
  assert.equal(await corner(white().paths[0]!), 255, 'the paper style paints a white page');
});

test("legend 'best' avoids the data; category bars and a doughnut render with their labels", (t) => {
  // Data only in the upper right: the legend must go to another corner.
  const plot = myplot({ style: paper, file: join(dir, 'best.pdf'), subplots: [1, 2], width: 'double' })(function best(fig: Figure) {
    const xs = Array.from({ length: 30 }, (_, i) => 6 + (i / 29) * 4);
    fig.chart({
      type: 'line',
      data: {
        datasets: [
          { label: 'curvature', data: [{ x: 0, y: 0 }, ...xs.map((x) => ({ x, y: x * x }))], showLine: false, pointRadius: 2 },
        ],
      },
    });
    fig.chart({ type: 'doughnut', data: { labels: ['numba', 'memoJit', 'plain'], datasets: [{ label: 'share', data: [3, 2, 1] }] } });
  });
  const { paths, figure } = plot();
  const text = poppler('pdftotext', ['-bbox', paths[0]!, '-']);
  if (text === undefined) {
    t.skip('pdftotext (poppler-utils) is not installed: skipping the legend position check');
    return;
  }
  const word = (w: string): { x: number; y: number } => {
    const m = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)"[^>]*>${w}</word>`).exec(text);
    assert.ok(m, `${w} in ${text}`);
    return { x: Number(m[1]), y: Number(m[2]) };
  };
  const legend = word('curvature');
  const panelA = figure.panels[0]!;
  assert.ok(legend.x < panelA.width / 2, `legend at x = ${legend.x}, left half of panel (a) (width ${panelA.width})`);
  assert.ok(legend.y < panelA.height / 2, `legend at y = ${legend.y}, upper half`);
  for (const slice of ['numba', 'memoJit', 'plain']) word(slice);
});

test('fixed ticks and presentation style render; a returned configuration is drawn', () => {
  const plot = myplot({ style: presentation, file: join(dir, 'returned.png'), dpi: 72 })(function returned(_fig: Figure) {
    return {
      type: 'line' as const,
      data: { datasets: [{ label: 'a', data: [1, 2, 4, 8].map((x) => ({ x, y: x })) }] },
      options: { scales: { x: { type: 'logarithmic' as const, ...fixedTicks([1, 2, 4, 8]) } } },
    };
  });
  const saved: SavedFigure = plot();
  assert.ok(saved.figure.panels[0]!.hasChart);
  assert.equal(pngInfo(readFileSync(saved.paths[0]!)).width, Math.round(8 * 72));
});

test('a translucent error band (helper datasets filled between) stays vector, out of the legend', () => {
  const fig = new Figure(paper);
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        { label: '_upper', data: points((x) => Math.cos(x) + 0.2), fill: '+1' },
        { label: '_lower', data: points((x) => Math.cos(x) - 0.2) },
        { label: 'mean', data: points(Math.cos) },
      ],
    },
  });
  const bytes = renderPdf([fig]);
  const pdf = parsePdf(bytes);
  const dicts = [...pdf.objects.values()].map((o) => o.dict).join('\n');
  assert.doesNotMatch(dicts, /\/Subtype \/Image/, 'transparency is an ExtGState alpha, not a raster');
  assert.match(dicts, /\/ca \.2\d*/, 'the band is filled at alpha ≈ 0.22');
  const file = join(dir, 'band.pdf');
  writeFileSync(file, bytes);
  const text = poppler('pdftotext', [file, '-']);
  if (text !== undefined) {
    assert.match(text, /mean/);
    assert.doesNotMatch(text, /upper|lower/, 'helper datasets stay out of the legend');
  }
});

test('error bars: drawn as vector strokes, and the axis grows to show their ends (linear and log)', () => {
  const xs = [1, 2, 3, 4, 5];
  const segments = (withErrors: boolean, log: boolean): { lines: number; top: number; bottom: number; plotTop: number; plotBottom: number } => {
    let top = NaN;
    let bottom = NaN;
    let plotTop = NaN;
    let plotBottom = NaN;
    const fig = new Figure(paper);
    const ds = { label: 'm', data: xs.map((x) => ({ x, y: 10 + x / 2 })), showLine: false, pointRadius: 2 };
    fig.chart({
      type: 'line',
      data: { datasets: [withErrors ? errorBars(ds, { y: xs.map((x) => (x === 3 ? ([9, 90] as const) : 1)) }) : ds] },
      options: { scales: { y: { type: log ? 'logarithmic' : 'linear' } } },
    });
    fig.panel(0).draw((_ctx, box) => {
      top = box.data!.y(101);
      bottom = box.data!.y(2.6);
      plotTop = box.plotArea!.y;
      plotBottom = box.plotArea!.y + box.plotArea!.height;
    });
    const content = parsePdf(renderPdf([fig])).contents[0]!;
    return { lines: (content.match(/ l\n/g) ?? []).length, top, bottom, plotTop, plotBottom };
  };
  for (const log of [false, true]) {
    const without = segments(false, log);
    const withBars = segments(true, log);
    // Five points, each a bar plus two caps.
    assert.ok(withBars.lines >= without.lines + 15, `${withBars.lines} vs ${without.lines} line segments (log: ${log})`);
    assert.ok(withBars.top >= withBars.plotTop - 0.01, `11.5 + 90 is inside the plot (log: ${log})`);
    assert.ok(withBars.bottom <= withBars.plotBottom + 0.01, `11.5 − 9 is inside the plot (log: ${log})`);
    assert.ok(without.top < without.plotTop, `without error bars the axis stops near the data (log: ${log})`);
  }
});

test('custom drawing on the raw 2-D context ends up in the PDF as vector paths', () => {
  const fig = new Figure(paper);
  fig.draw((ctx, box) => {
    ctx.strokeStyle = '#D55E00';
    ctx.beginPath();
    ctx.arc(box.width / 2, box.height / 2, 20, 0, Math.PI * 2);
    ctx.stroke();
  });
  const pdf = parsePdf(renderPdf([fig]));
  assert.match(pdf.contents[0]!, / c\n/, 'the circle is Bézier curves');
  assert.ok(!/\/Subtype \/Image/.test([...pdf.objects.values()].map((o) => o.dict).join('')));
});
