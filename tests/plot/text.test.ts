// src/plot/text.ts: the one 2-D context every figure text goes through. Checked on a real Skia canvas: plain
// text measures and draws as the context itself does; `$…$` math is typeset (α is one glyph, narrower than the
// six characters of `\alpha`) and measured at its typeset width; with a sink, every non-blank fillText reports
// an ink box that holds every inked pixel of what was drawn (read back from the canvas); blank text reports
// nothing; other properties pass through to the context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextBox } from '../../src/plot/text.js';
import { withMath } from '../../src/plot/text.js';
import { skia } from '../../src/plot/skia.js';

const W = 400, H = 80;

function page() {
  const canvas = skia().createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = 'black';
  return ctx;
}

/** The bounding box of the non-white pixels, or undefined for a blank page. */
function inkBounds(ctx: ReturnType<typeof page>) {
  const { data } = ctx.getImageData(0, 0, W, H);
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
  test(`the reported box of ${JSON.stringify(text)} holds all its ink`, () => {
    const target = page();
    const boxes: TextBox[] = [];
    const ctx = withMath(target, (b) => boxes.push(b));
    ctx.font = '20px "CMU Serif"';
    ctx.fillText(text, 20, 50);
    assert.equal(boxes.length, 1);
    const box = boxes[0]!;
    assert.equal(box.text, text);
    const ink = inkBounds(target);
    assert.ok(ink, 'something was drawn');
    // Antialiasing may ink the pixel a box edge falls in: one pixel of slack.
    assert.ok(ink.x0 >= Math.floor(box.x) - 1 && ink.x1 <= Math.ceil(box.x + box.width) + 1, `x: ink ${ink.x0}–${ink.x1}, box ${box.x}–${box.x + box.width}`);
    assert.ok(ink.y0 >= Math.floor(box.y) - 1 && ink.y1 <= Math.ceil(box.y + box.height) + 1, `y: ink ${ink.y0}–${ink.y1}, box ${box.y}–${box.y + box.height}`);
    assert.ok(box.width > 0 && box.height > 0);
  });
}

test('plain text measures as the context does; math at its typeset width', () => {
  const target = page();
  const ctx = withMath(target);
  ctx.font = '20px "CMU Serif"';
  assert.equal(ctx.measureText('Temperature').width, target.measureText('Temperature').width);
  const typeset = ctx.measureText('$\\alpha$').width;
  assert.ok(typeset > 0 && typeset < target.measureText('\\alpha').width, `α typeset ${typeset} vs the source's ${target.measureText('\\alpha').width}`);
  assert.equal(ctx.measureText('costs \\$5').width, target.measureText('costs $5').width, 'an escaped dollar is a dollar sign, not math');
});

test('blank text reports no box; properties pass through to the context', () => {
  const target = page();
  const boxes: TextBox[] = [];
  const ctx = withMath(target, (b) => boxes.push(b));
  ctx.fillText('   ', 10, 10);
  assert.equal(boxes.length, 0);
  ctx.font = '13px "CMU Serif"';
  assert.match(target.font, /13px/);
  ctx.textAlign = 'right';
  assert.equal(target.textAlign, 'right');
  const noSink = withMath(page());
  noSink.fillText('drawn without a sink', 10, 40); // no error, nothing to report to
});
