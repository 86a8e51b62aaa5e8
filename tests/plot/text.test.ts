// withMath (src/plot/text.ts): the math-aware 2-D context. Plain text is the raw Skia context's own (same
// metrics, same ink box reported to the sink); math text is laid out from its pieces: width = plain widths +
// MathJax widths × size/1000, ink box from the tallest piece, anchored by textAlign/textBaseline (rtl too);
// sink boxes go through the current transform; an escaped dollar measures like the raw text (incl. the
// ideographic and hanging baselines, which TextMetrics defines relative to the textBaseline line); strokeText
// skips math. Expected values come from the raw context and from typeset(), never from withMath itself.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { skia } from '../../src/plot/skia.js';
import { cmuSerif, registerFontFamily } from '../../src/plot/fonts.js';
import { typeset } from '../../src/plot/math.js';
import { withMath, type TextBox } from '../../src/plot/text.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-text-'));
process.env.NUMBAT_CACHE_DIR = join(dir, 'cache');
after(() => rmSync(dir, { recursive: true, force: true }));
registerFontFamily(cmuSerif());

const FONT = '10px "CMU Serif"';
const SIZE = 10;

function setup(): { page: SKRSContext2D; ctx: SKRSContext2D; boxes: TextBox[] } {
  const page = skia().createCanvas(300, 100).getContext('2d');
  const boxes: TextBox[] = [];
  const ctx = withMath(page, (b) => boxes.push(b));
  ctx.font = FONT;
  return { page, ctx, boxes };
}

const near = (a: number, b: number, what: string, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function nearBox(got: TextBox | undefined, want: Omit<TextBox, 'text'> & { text: string }): void {
  assert.ok(got, 'a box was recorded');
  assert.equal(got.text, want.text);
  for (const k of ['x', 'y', 'width', 'height'] as const) near(got[k], want[k], k);
}

test('plain text: measureText is the raw context\'s, fillText reports the raw ink box; blank text reports none', () => {
  const { page, ctx, boxes } = setup();
  assert.equal(page.font, FONT, 'writes go to the real context');
  const raw = page.measureText('Energy (J)');
  const got = ctx.measureText('Energy (J)');
  for (const k of ['width', 'actualBoundingBoxLeft', 'actualBoundingBoxRight', 'actualBoundingBoxAscent', 'actualBoundingBoxDescent'] as const) {
    assert.equal(got[k], raw[k], k);
  }
  ctx.fillText('Energy (J)', 40, 50);
  nearBox(boxes[0], {
    text: 'Energy (J)',
    x: 40 - raw.actualBoundingBoxLeft,
    y: 50 - raw.actualBoundingBoxAscent,
    width: raw.actualBoundingBoxLeft + raw.actualBoundingBoxRight,
    height: raw.actualBoundingBoxAscent + raw.actualBoundingBoxDescent,
  });
  ctx.fillText('   ', 10, 10);
  ctx.fillText('', 10, 10);
  assert.equal(boxes.length, 1, 'whitespace and empty strings have no ink box');
  // Without a sink, drawing still works and nothing is reported anywhere.
  const bare = withMath(page);
  bare.fillText('$x$ and y', 5, 5);
});

test('math text: width is the plain runs\' widths plus MathJax\'s width × size/1000; the box spans the tallest piece', () => {
  const { page, ctx, boxes } = setup();
  const k = SIZE / 1000;
  const x = typeset('x');
  const tail = page.measureText(' m');
  const m = ctx.measureText('$x$ m');
  near(m.width, x.width * k + tail.width, 'width');
  // textAlign left, alphabetic: the run starts at x and the baseline is y.
  near(m.actualBoundingBoxLeft, 0, 'left');
  near(m.actualBoundingBoxRight, m.width, 'right');
  const ascent = Math.max(x.ascent * k, tail.actualBoundingBoxAscent);
  const descent = Math.max(x.depth * k, tail.actualBoundingBoxDescent);
  near(m.actualBoundingBoxAscent, ascent, 'ascent');
  near(m.actualBoundingBoxDescent, descent, 'descent');
  ctx.fillText('$x$ m', 20, 60);
  nearBox(boxes[0], { text: '$x$ m', x: 20, y: 60 - ascent, width: m.width, height: ascent + descent });
  // A taller formula: its MathJax ascent is what the box uses.
  const f = typeset('\\frac{1}{2}');
  assert.ok(f.ascent * k > tail.actualBoundingBoxAscent, 'the fraction is taller than " m" (the test means something)');
  near(ctx.measureText('$\\frac{1}{2}$ m').actualBoundingBoxAscent, f.ascent * k, 'fraction ascent');
});

test('textAlign: center and right shift the run by half and all of its width; end/start follow the direction', () => {
  const { ctx, boxes } = setup();
  const w = ctx.measureText('$x^2$').width;
  ctx.textAlign = 'center';
  near(ctx.measureText('$x^2$').actualBoundingBoxLeft, w / 2, 'center left');
  near(ctx.measureText('$x^2$').actualBoundingBoxRight, w / 2, 'center right');
  ctx.fillText('$x^2$', 100, 50);
  near(boxes[0]!.x, 100 - w / 2, 'center box');
  ctx.textAlign = 'right';
  ctx.fillText('$x^2$', 100, 50);
  near(boxes[1]!.x, 100 - w, 'right box');
  ctx.textAlign = 'end';
  ctx.fillText('$x^2$', 100, 50);
  near(boxes[2]!.x, 100 - w, 'end in ltr is right');
  ctx.textAlign = 'start';
  ctx.fillText('$x^2$', 100, 50);
  near(boxes[3]!.x, 100, 'start in ltr is left');
  ctx.direction = 'rtl';
  ctx.fillText('$x^2$', 100, 50);
  near(boxes[4]!.x, 100 - w, 'start in rtl is right');
  ctx.textAlign = 'end';
  ctx.fillText('$x^2$', 100, 50);
  near(boxes[5]!.x, 100, 'end in rtl is left');
});

test('textBaseline: top/middle/bottom place the baseline from the font box (or taller ink)', () => {
  const { page, ctx, boxes } = setup();
  const font = page.measureText('Hg');
  const up = font.fontBoundingBoxAscent;
  const down = font.fontBoundingBoxDescent;
  const t = typeset('x');
  const a = (t.ascent * SIZE) / 1000;
  assert.ok(a < up && (t.depth * SIZE) / 1000 < down, 'x fits in the font box, so the font box decides');
  const cases: Array<[CanvasTextBaseline, number]> = [
    ['alphabetic', 50],
    ['top', 50 + up],
    ['middle', 50 + (up - down) / 2],
    ['bottom', 50 - down],
  ];
  for (const [b, baseline] of cases) {
    ctx.textBaseline = b;
    ctx.fillText('$x$', 10, 50);
    near(boxes.at(-1)!.y, baseline - a, `${b} box top`);
    near(ctx.measureText('$x$').alphabeticBaseline, -(baseline - 50), `${b} alphabeticBaseline`);
  }
  // A formula taller than the font's ascent pushes a top-anchored baseline down by its own ascent.
  const f = typeset('\\frac{\\frac{1}{2}}{3}');
  const fa = (f.ascent * SIZE) / 1000;
  assert.ok(fa > up, 'the nested fraction is taller than the font box');
  ctx.textBaseline = 'top';
  ctx.fillText('$\\frac{\\frac{1}{2}}{3}$', 10, 50);
  near(boxes.at(-1)!.y, 50, 'its ink starts at the anchor');
});

test('an escaped dollar is plain text drawn through the math path: it measures as the raw context does', () => {
  const { page, ctx } = setup();
  for (const b of ['alphabetic', 'middle', 'ideographic', 'hanging'] as const) {
    for (const a of ['left', 'center', 'right'] as const) {
      page.textBaseline = b;
      page.textAlign = a;
      const raw = page.measureText('$5');
      const got = ctx.measureText('\\$5');
      for (const key of [
        'width',
        'actualBoundingBoxLeft',
        'actualBoundingBoxRight',
        'actualBoundingBoxAscent',
        'actualBoundingBoxDescent',
        'fontBoundingBoxAscent',
        'fontBoundingBoxDescent',
        'alphabeticBaseline',
        'hangingBaseline',
        'ideographicBaseline',
      ] as const) {
        near(got[key], raw[key], `${b}/${a} ${key}`, 1e-5);
      }
    }
  }
});

test('a baseline metric is zero when it is the textBaseline itself', () => {
  const { ctx } = setup();
  ctx.textBaseline = 'alphabetic';
  near(ctx.measureText('$x$').alphabeticBaseline, 0, 'alphabetic');
  ctx.textBaseline = 'ideographic';
  near(ctx.measureText('$x$').ideographicBaseline, 0, 'ideographic');
  ctx.textBaseline = 'hanging';
  near(ctx.measureText('$x$').hangingBaseline, 0, 'hanging', 1e-12);
});

test('sink boxes are in page coordinates: the current transform is applied, rotation swaps width and height', () => {
  const { ctx, boxes } = setup();
  const m = ctx.measureText('$x$');
  const asc = m.actualBoundingBoxAscent;
  const h = asc + m.actualBoundingBoxDescent;
  ctx.save();
  ctx.translate(5, 7);
  ctx.scale(2, 3);
  ctx.fillText('$x$', 10, 20);
  ctx.restore();
  nearBox(boxes[0], { text: '$x$', x: 5 + 2 * 10, y: 7 + 3 * (20 - asc), width: 2 * m.width, height: 3 * h });
  ctx.save();
  ctx.translate(100, 50);
  ctx.rotate(-Math.PI / 2); // a y-axis title: text runs upwards
  ctx.fillText('$x$', 0, 0);
  ctx.restore();
  // (u, v) ↦ (100 + v, 50 − u): the run's u ∈ [0, w] goes to y ∈ [50 − w, 50]; v ∈ [−asc, desc] to x.
  nearBox(boxes[1], { text: '$x$', x: 100 - asc, y: 50 - m.width, width: h, height: m.width });
});

test('strokeText outlines plain text (maxWidth passed on) and skips math; fillText passes maxWidth for plain text', () => {
  const calls: unknown[][] = [];
  const fake = {
    strokeText: (...a: unknown[]) => calls.push(['stroke', ...a]),
    fillText: (...a: unknown[]) => calls.push(['fill', ...a]),
  } as unknown as SKRSContext2D;
  const ctx = withMath(fake);
  ctx.strokeText('abc', 1, 2);
  ctx.strokeText('abc', 1, 2, 30);
  ctx.strokeText('$x$', 1, 2);
  ctx.fillText('abc', 3, 4, 40);
  ctx.fillText('abc', 3, 4);
  assert.deepEqual(calls, [
    ['stroke', 'abc', 1, 2],
    ['stroke', 'abc', 1, 2, 30],
    ['fill', 'abc', 3, 4, 40],
    ['fill', 'abc', 3, 4],
  ]);
});

test('an unbalanced $ is an error naming the text, from fillText and measureText alike', () => {
  const { ctx } = setup();
  assert.throws(() => ctx.fillText('costs $5', 0, 0), /unbalanced \$ in the text "costs \$5"/);
  assert.throws(() => ctx.measureText('costs $5'), /unbalanced \$/);
});

/** The bounding box of the non-white pixels of a W × H page, or undefined for a blank one. */
function inkBounds(page: SKRSContext2D, W: number, H: number): { x0: number; y0: number; x1: number; y1: number } | undefined {
  const { data } = page.getImageData(0, 0, W, H);
  let x0 = W, y0 = H, x1 = -1, y1 = -1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const k = 4 * (y * W + x);
      if (data[k]! < 200 || data[k + 1]! < 200 || data[k + 2]! < 200) {
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1);
      }
    }
  }
  return x1 < 0 ? undefined : { x0, y0, x1, y1 };
}

for (const text of ['Temperature (K)', '$\\langle r^2 \\rangle$ [$\\mu$m$^2$]', '$e^{-x^2/2}$']) {
  test(`the reported box of ${JSON.stringify(text)} holds every pixel it inked (read back from Skia)`, () => {
    const W = 400, H = 80;
    const page = skia().createCanvas(W, H).getContext('2d');
    page.fillStyle = 'white';
    page.fillRect(0, 0, W, H);
    page.fillStyle = 'black';
    const boxes: TextBox[] = [];
    const ctx = withMath(page, (b) => boxes.push(b));
    ctx.font = '20px "CMU Serif"';
    ctx.fillText(text, 20, 50);
    assert.equal(boxes.length, 1);
    const box = boxes[0]!;
    const ink = inkBounds(page, W, H);
    assert.ok(ink, 'something was drawn');
    // Antialiasing may ink the pixel a box edge falls in: one pixel of slack.
    assert.ok(ink.x0 >= Math.floor(box.x) - 1 && ink.x1 <= Math.ceil(box.x + box.width) + 1, `x: ink ${ink.x0}–${ink.x1}, box ${box.x}–${box.x + box.width}`);
    assert.ok(ink.y0 >= Math.floor(box.y) - 1 && ink.y1 <= Math.ceil(box.y + box.height) + 1, `y: ink ${ink.y0}–${ink.y1}, box ${box.y}–${box.y + box.height}`);
  });
}
