// src/plot/render.ts: a figure drawn into each format. Checked: a PDF page per figure at the figure's size in
// whole points (Skia's pages), with the metadata given and none for an empty list; a PNG of width × dpi/72 pixels (rounded), with the
// PNG signature, and a RangeError for a bad dpi; an SVG sized in points with clip-path ids numbered per file (the
// same figure gives the same bytes however many were drawn before); renderFigure dispatching on the format and
// refusing others; measureFigure's text boxes and axes inside the figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Figure, measureFigure, paper } from '../../src/plot/index.js';
import { renderFigure, renderPdf, renderPng, renderSvg } from '../../src/plot/render.js';

function figure(title = 'T'): Figure {
  const fig = new Figure(paper);
  fig.panel(0).chart({ type: 'line', data: { datasets: [{ label: title, data: [{ x: 0, y: 1 }, { x: 1, y: 3 }] }] } });
  return fig;
}

/** The PDF's page boxes, from the uncompressed page objects (Skia writes /MediaBox in the page dictionary). */
function mediaBoxes(pdf: Buffer): number[][] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));
}

test('PDF: one page per figure at its size in points; metadata; none for no figure', () => {
  const a = figure(), b = figure('U');
  const pdf = renderPdf([a, b], { title: 'Sweep 42' });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const boxes = mediaBoxes(pdf);
  assert.equal(boxes.length, 2);
  for (const box of boxes) {
    // Skia's PDF pages are whole points: the figure's 244.8 × 176.256 pt page is 245 × 176.
    assert.deepEqual(box, [0, 0, Math.round(a.width), Math.round(a.height)], `${box} vs ${a.width} × ${a.height}`);
  }
  assert.ok(Math.abs(a.width - 3.4 * 72) < 1e-9, 'the paper style\'s single column, 3.4 in');
  const info = pdf.toString('latin1');
  assert.ok(info.includes('(Sweep 42)') || info.includes('Sweep 42'), 'the title in the document information');
  assert.throws(() => renderPdf([]), /a PDF needs at least one figure/);
});

test('PNG: width and height from the dpi, rounded; a bad dpi is a RangeError', () => {
  const fig = figure();
  const png = renderPng(fig, 150);
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  assert.equal(png.readUInt32BE(16), Math.round(fig.width * 150 / 72));
  assert.equal(png.readUInt32BE(20), Math.round(fig.height * 150 / 72));
  for (const dpi of [0, -72, NaN, Infinity]) assert.throws(() => renderPng(fig, dpi), RangeError);
});

test('SVG: sized in points; the same figure gives the same bytes whatever was drawn before', () => {
  const first = renderSvg(figure()).toString('utf8');
  renderSvg(figure('other'));
  renderSvg(figure('and another'));
  const again = renderSvg(figure()).toString('utf8');
  assert.equal(again, first, 'clip-path ids numbered per file');
  const w = Math.ceil(figure().width), h = Math.ceil(figure().height);
  assert.match(first, new RegExp(`<svg[^>]* width="${w}pt" height="${h}pt" viewBox="0 0 ${w} ${h}"`));
});

test('renderFigure dispatches on the format; measureFigure reports texts and axes inside the figure', () => {
  const fig = figure();
  assert.equal(renderFigure(fig, 'pdf').subarray(0, 5).toString('latin1'), '%PDF-');
  assert.deepEqual([...renderFigure(fig, 'png', { dpi: 72 }).subarray(1, 4)], [80, 78, 71]);
  assert.match(renderFigure(fig, 'svg').toString('utf8'), /^<\?xml|^<svg/);
  assert.throws(() => renderFigure(fig, 'jpeg' as never), /unknown format 'jpeg'; numbat writes pdf, png, svg/);
  const { texts, axes } = measureFigure(fig);
  assert.ok(texts.length > 0 && axes.length >= 2, `${texts.length} texts, ${axes.length} axes`);
  for (const t of texts) assert.ok(t.x >= -1 && t.y >= -1 && t.x + t.width <= fig.width + 1 && t.y + t.height <= fig.height + 1, `${t.text} inside the page`);
});
