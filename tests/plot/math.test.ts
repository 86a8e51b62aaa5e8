/**
 * TeX in figure text: `$…$` split from plain text (with `\$` escapes), typeset by MathJax into vector paths
 * in the figure's font size, measured for layout, cached per string and on disk, and never left as source.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Figure, measureFigure, paper } from '../../src/plot/index.js';
import { renderPdf } from '../../src/internals.js';
import { splitMath, typeset } from '../../src/plot/math.js';
import { parsePdf, poppler } from './pdf-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-math-'));
process.env.NUMBAT_CACHE_DIR = join(dir, 'cache');
after(() => rmSync(dir, { recursive: true, force: true }));

test('splitMath: plain and math runs, \\$ is a literal dollar outside math and TeX\'s own inside', () => {
  assert.deepEqual(splitMath('fit $\\propto t^{\\alpha}$, $\\alpha = 0.5$'), [
    { math: false, text: 'fit ' },
    { math: true, text: '\\propto t^{\\alpha}' },
    { math: false, text: ', ' },
    { math: true, text: '\\alpha = 0.5' },
  ]);
  assert.deepEqual(splitMath('cost \\$5'), [{ math: false, text: 'cost $5' }]);
  assert.deepEqual(splitMath('$a\\$b$'), [{ math: true, text: 'a\\$b' }]);
  assert.deepEqual(splitMath('no math'), [{ math: false, text: 'no math' }]);
  assert.throws(() => splitMath('half $x'), /unbalanced \$ in the text "half \$x"; write \\\$ for a literal dollar/);
});

test('typeset: the mathtext subset renders; boxes grow with content; unknown macros are clear errors', () => {
  const subset = [
    '\\alpha\\beta\\Gamma\\omega',
    'x^2_i',
    '\\frac{1}{2}',
    '\\sqrt{x}',
    '\\langle r^2 \\rangle',
    '\\pm \\propto \\times',
    '\\hat{x} \\vec{v} \\dot{x} \\tilde{\\omega} \\bar{n}',
    '\\mathrm{d}x',
    '\\mathbf{B}',
    '\\hbar\\omega',
  ];
  for (const tex of subset) {
    const t = typeset(tex);
    assert.ok(t.width > 0 && t.ascent > 0 && t.ops.length > 0, `${tex}: ${JSON.stringify({ w: t.width, a: t.ascent, n: t.ops.length })}`);
  }
  assert.ok(typeset('\\frac{1}{2}').ascent > typeset('x').ascent, 'a fraction is taller than a letter');
  assert.ok(typeset('x^{2}').ascent > typeset('x').ascent, 'a superscript rises');
  assert.ok(typeset('abcdef').width > typeset('ab').width);
  assert.ok(typeset('x_i').depth > 0, 'a subscript descends');
  assert.throws(() => typeset('\\nosuchmacro'), /cannot typeset \$\\nosuchmacro\$: Undefined control sequence \\nosuchmacro/);
  assert.equal(typeset('\\alpha^2'), typeset('\\alpha^2'), 'cached per string');
});

test('typeset results are stored on disk, keyed by the formula, as MathJax produced them', () => {
  const tex = '\\int_0^\\infty e^{-x^2}\\,\\mathrm{d}x';
  const fresh = typeset(tex);
  const files = readdirSync(join(dir, 'cache', 'tex'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  const entries = files.map((f) => JSON.parse(readFileSync(join(dir, 'cache', 'tex', f), 'utf8')) as { tex: string });
  const entry = entries.find((e) => e.tex === tex);
  assert.ok(entry, `an entry for ${tex} under $NUMBAT_CACHE_DIR/tex (${files.length} files)`);
  // What a new process reads back is what MathJax produced: the same box and the same paths.
  assert.deepEqual({ ...entry, tex: undefined }, { ...JSON.parse(JSON.stringify(fresh)), tex: undefined });
});

test('math in every text of a figure is vector paths: no $ or TeX in the PDF text layer, no image, widths measured', (t) => {
  const fig = new Figure(paper, { subplots: [1, 2], width: 'double' });
  const ts = Array.from({ length: 20 }, (_, i) => 0.1 + i / 2);
  fig.chart({
    type: 'line',
    data: { datasets: [{ label: 'model $N e^{-t/\\tau}$', data: ts.map((x) => ({ x, y: Math.exp(-x / 3) })) }] },
    options: { plugins: { title: { display: true, text: 'decay $\\tau = 3$ s' } }, scales: { x: { title: { text: 'time $t$ [$\\mu$s]' } }, y: { title: { text: '$\\langle r^2(t) \\rangle$ [$\\mu$m$^2$]' } } } },
  });
  fig.chart({
    type: 'line',
    data: { datasets: [{ label: 'fit $\\propto t^{\\alpha}$, $\\alpha = 0.50 \\pm 0.02$ (cost \\$5)', data: ts.map((x) => ({ x, y: Math.sqrt(x) })) }] },
    options: { scales: { x: { type: 'logarithmic' }, y: { type: 'logarithmic' } } },
  });
  fig.panel(0).draw((ctx, { data }) => {
    ctx.font = `8px ${paper.font.family}`;
    if (data) ctx.fillText('$\\Gamma = \\frac{1}{\\tau}$', data.x(5), data.y(0.6));
  });
  const { texts } = measureFigure(fig);
  const byText = new Map(texts.map((b) => [b.text, b]));
  for (const s of ['time $t$ [$\\mu$s]', 'model $N e^{-t/\\tau}$', '$\\Gamma = \\frac{1}{\\tau}$', 'decay $\\tau = 3$ s']) {
    assert.ok(byText.has(s), `${s} drawn through the math path: ${[...byText.keys()].join(' | ')}`);
  }
  // The y title is rotated: its box is tall and narrow, as long as the typeset text.
  const ytitle = byText.get('$\\langle r^2(t) \\rangle$ [$\\mu$m$^2$]')!;
  assert.ok(ytitle.height > 3 * ytitle.width, JSON.stringify(ytitle));
  const frac = byText.get('$\\Gamma = \\frac{1}{\\tau}$')!;
  assert.ok(frac.height > 9, `a fraction at 8 pt is taller than a line of text: ${frac.height}`);
  const file = join(dir, 'math.pdf');
  const bytes = renderPdf([fig]);
  writeFileSync(file, bytes);
  const pdf = parsePdf(bytes);
  assert.ok(![...pdf.objects.values()].some((o) => /\/Subtype \/Image/.test(o.dict)), 'math is never an image');
  const text = poppler('pdftotext', [file, '-']);
  if (text === undefined) {
    t.skip('pdftotext (poppler-utils) is not installed: cannot check the text layer');
    return;
  }
  assert.match(text, /cost \$5/, 'an escaped dollar is a literal dollar');
  assert.doesNotMatch(text.replace('$5', ''), /\$|\\[a-z]+/, text);
  assert.match(text, /model/);
  assert.match(text, /time/);
});
