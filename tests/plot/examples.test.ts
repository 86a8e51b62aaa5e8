/**
 * Every example figure as a referee would check it: no TeX source left in the text layer, only embedded
 * fonts, bitmaps only where the data are an image, and a layout where no two texts overlap and every tick
 * label sits inside its axis.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fig1, fig2, fig3, fig4, fig5 } from '../../examples/plot-decorator.js';
import { scalingFigure } from '../../examples/scaling.js';
import type { ScalingResult } from '../../src/parallel/index.js';
import { measureFigure, type Figure, type TextBox } from '../../src/plot/index.js';
import { renderPdf } from '../../src/internals.js';
import { poppler } from './pdf-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-examples-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A scaling study's result as `scalingStudy()` returns it, with made-up timings (no workers are run). */
function scalingResult(): ScalingResult {
  const workers = [1, 2, 3, 4];
  const seconds = [4, 2.1, 1.9, 1.8];
  return {
    cores: 2,
    items: 32,
    reference: { workers: 1, seconds: 4, speedup: 1, efficiency: 1 },
    points: workers.map((w, i) => ({ workers: w, seconds: seconds[i]!, speedup: 4 / seconds[i]!, efficiency: 4 / seconds[i]! / w })),
    series: { workers, seconds, idealSeconds: workers.map((w) => 4 / w), speedup: seconds.map((s) => 4 / s), idealSpeedup: workers },
  } as unknown as ScalingResult;
}

/** The example figures, drawn but not saved, each with whether it holds image data. */
const figures: ReadonlyArray<{ name: string; figure: () => Figure; images: number }> = [
  { name: 'fig1 oscillation', figure: () => fig1.with({ save: false })(40).figure, images: 0 },
  { name: 'fig2 periods', figure: () => fig2.with({ save: false })(2000).figure, images: 0 },
  { name: 'fig3 scaling', figure: () => fig3.with({ save: false })([1, 2, 4, 8, 16, 32, 64]).figure, images: 0 },
  { name: 'fig4 overview', figure: () => fig4.with({ save: false })().figure, images: 0 },
  { name: 'fig5 physics', figure: () => fig5.with({ save: false })().figure, images: 1 },
  { name: 'scaling study', figure: () => scalingFigure.with({ save: false })(scalingResult()).figure, images: 0 },
];

const overlaps = (a: TextBox, b: TextBox, slack = 0.25): boolean =>
  a.x + slack < b.x + b.width && b.x + slack < a.x + a.width && a.y + slack < b.y + b.height && b.y + slack < a.y + a.height;

for (const { name, figure, images } of figures) {
  test(`${name}: no TeX in the text layer, only embedded fonts, images only for image data`, (t) => {
    const file = join(dir, `${name.replace(/\s+/g, '-')}.pdf`);
    writeFileSync(file, renderPdf([figure()]));
    const text = poppler('pdftotext', [file, '-']);
    if (text === undefined) {
      t.skip('pdftotext (poppler-utils) is not installed: cannot read the text layer');
      return;
    }
    assert.doesNotMatch(text, /\$/, `a $ was left in the text:\n${text}`);
    assert.doesNotMatch(text, /\\[A-Za-z]+|[_^]\{/, `TeX source was left in the text:\n${text}`);
    const fonts = poppler('pdffonts', [file])!;
    const rows = fonts.trim().split('\n').slice(2);
    assert.ok(rows.length > 0, fonts);
    for (const row of rows) {
      // Columns: name, type (may be two words), encoding, emb, sub, uni, object ID.
      const cols = row.trim().split(/\s+/);
      assert.equal(cols[cols.length - 5], 'yes', `font not embedded: ${row}`);
    }
    const list = poppler('pdfimages', ['-list', file])!;
    const found = list.trim().split('\n').slice(2).filter((l) => l.trim() !== '');
    assert.equal(found.length, images, `images in ${name}:\n${list}`);
  });

  test(`${name}: no two texts overlap, every text on the page, every tick label inside its axis`, () => {
    const fig = figure();
    const { texts, axes } = measureFigure(fig);
    assert.ok(texts.length > 5, `${texts.length} texts measured`);
    for (const b of texts) {
      assert.ok(b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= fig.width + 0.5 && b.y + b.height <= fig.height + 0.5, `'${b.text}' leaves the page: ${JSON.stringify(b)}`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, b] = [texts[i]!, texts[j]!];
        assert.ok(!overlaps(a, b), `'${a.text}' ${JSON.stringify(a)} overlaps '${b.text}' ${JSON.stringify(b)}`);
      }
    }
    assert.ok(axes.length >= 2);
    for (const a of axes) {
      const [lo, hi] = a.axis === 'x' ? [a.area.x, a.area.x + a.area.width] : [a.area.y, a.area.y + a.area.height];
      for (const tick of a.ticks) assert.ok(tick.at >= lo - 0.5 && tick.at <= hi + 0.5, `${a.panel} ${a.axis}: tick '${tick.label}' at ${tick.at} outside [${lo}, ${hi}]`);
    }
  });
}

test('the overlap check itself sees an overlap (it is not vacuous)', () => {
  const a: TextBox = { text: 'a', x: 0, y: 0, width: 10, height: 5 };
  assert.ok(overlaps(a, { text: 'b', x: 9, y: 4, width: 5, height: 5 }));
  assert.ok(!overlaps(a, { text: 'c', x: 10.5, y: 0, width: 5, height: 5 }));
});
