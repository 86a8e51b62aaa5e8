/**
 * Every text a figure draws goes through one 2-D context wrapper: Chart.js's tick labels and titles, the
 * legend, panel labels and the user's annotations. The wrapper typesets `$…$` math ({@link typeset}) and
 * measures such text so that Chart.js lays it out at its real width, and it can record the box of every text
 * drawn (in page points) so that layout can be checked and corrected.
 *
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { INHERIT, overlayContext } from './overlay.js';
import { drawTypeset, hasMath, splitMath, typeset, type MathTarget, type Typeset } from './math.js';

/**
 * A text drawn in a figure and its ink box on the page, points, y down.
 *
 * @example
 * ```ts
 * import { Figure, measureFigure, paper, type TextBox } from 'numbat/plot';
 *
 * const fig = new Figure(paper, { subplots: [1, 2] });
 * for (const i of [0, 1]) fig.panel(i).chart({ type: 'bar', data: { labels: ['a'], datasets: [{ label: 'n', data: [i + 1] }] } });
 * const { texts } = measureFigure(fig);
 * const labels: TextBox[] = texts.filter((t) => t.text.startsWith('(')); // the panel labels
 * labels.map((t) => t.text); // → [ '(a)', '(b)' ]
 * ```
 */
export interface TextBox {
  /** The text as given (with its `$…$`). */
  readonly text: string;
  /** Left edge. */
  readonly x: number;
  /** Top edge. */
  readonly y: number;
  /** Width. */
  readonly width: number;
  /** Height. */
  readonly height: number;
}

/** Collects the boxes of drawn texts (a measuring render installs one). */
export type TextSink = (box: TextBox) => void;

interface Piece {
  readonly text: string;
  readonly math: Typeset | undefined;
  readonly width: number;
}

interface RichLayout {
  readonly pieces: readonly Piece[];
  readonly width: number;
  /** Ink above / below the baseline. */
  readonly ascent: number;
  readonly descent: number;
  /** The font's own ascent and descent (for baselines). */
  readonly fontAscent: number;
  readonly fontDescent: number;
  readonly size: number;
}

function fontSize(font: string): number {
  const m = /([\d.]+)px/.exec(font);
  return m ? Number(m[1]) : 10;
}

const fontBoxes = new Map<string, { ascent: number; descent: number }>();

function layoutRich(ctx: SKRSContext2D, text: string): RichLayout {
  const size = fontSize(ctx.font);
  const saved = ctx.textBaseline;
  ctx.textBaseline = 'alphabetic';
  let box = fontBoxes.get(ctx.font);
  if (!box) {
    const m = ctx.measureText('Hg');
    box = { ascent: m.fontBoundingBoxAscent, descent: m.fontBoundingBoxDescent };
    fontBoxes.set(ctx.font, box);
  }
  let width = 0;
  let ascent = 0;
  let descent = 0;
  const pieces: Piece[] = [];
  for (const run of splitMath(text)) {
    if (run.math) {
      const t = typeset(run.text);
      const k = size / 1000;
      pieces.push({ text: run.text, math: t, width: t.width * k });
      width += t.width * k;
      ascent = Math.max(ascent, t.ascent * k);
      descent = Math.max(descent, t.depth * k);
    } else {
      const m = ctx.measureText(run.text);
      pieces.push({ text: run.text, math: undefined, width: m.width });
      width += m.width;
      ascent = Math.max(ascent, m.actualBoundingBoxAscent);
      descent = Math.max(descent, m.actualBoundingBoxDescent);
    }
  }
  ctx.textBaseline = saved;
  return { pieces, width, ascent, descent, fontAscent: box.ascent, fontDescent: box.descent, size };
}

/** The baseline's y and the run's left x for a text anchored at (x, y) under the context's align/baseline. */
function anchor(ctx: SKRSContext2D, l: RichLayout, x: number, y: number): [number, number] {
  const up = Math.max(l.fontAscent, l.ascent);
  const down = Math.max(l.fontDescent, l.descent);
  const b = ctx.textBaseline;
  // 'hanging' is where Skia puts it for plain text (0.8 of the font's ascent), as measureRich reports it.
  const baseline = b === 'top' ? y + up : b === 'hanging' ? y + l.fontAscent * 0.8 : b === 'middle' ? y + (up - down) / 2 : b === 'bottom' || b === 'ideographic' ? y - down : y;
  const a = ctx.textAlign;
  const rtl = ctx.direction === 'rtl';
  const right = a === 'right' || (a === 'end' && !rtl) || (a === 'start' && rtl);
  const left = right ? x - l.width : a === 'center' ? x - l.width / 2 : x;
  return [left, baseline];
}

function record(ctx: SKRSContext2D, sink: TextSink, text: string, x0: number, y0: number, x1: number, y1: number): void {
  if (!(x1 > x0) || !(y1 > y0)) return;
  const m = ctx.getTransform();
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[x0, y0], [x1, y0], [x0, y1], [x1, y1]] as const) {
    xs.push(m.a * x + m.c * y + m.e);
    ys.push(m.b * x + m.d * y + m.f);
  }
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  sink({ text, x: left, y: top, width: Math.max(...xs) - left, height: Math.max(...ys) - top });
}

function fillRich(ctx: SKRSContext2D, text: string, x: number, y: number, sink: TextSink | undefined): void {
  const l = layoutRich(ctx, text);
  const [left, baseline] = anchor(ctx, l, x, y);
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  let at = left;
  for (const p of l.pieces) {
    if (p.math) drawTypeset(ctx as unknown as MathTarget, p.math, at, baseline, l.size, ctx.font);
    else ctx.fillText(p.text, at, baseline);
    at += p.width;
  }
  ctx.restore();
  if (sink) record(ctx, sink, text, left, baseline - l.ascent, left + l.width, baseline + l.descent);
}

function measureRich(ctx: SKRSContext2D, text: string): TextMetrics {
  const l = layoutRich(ctx, text);
  const [left, baseline] = anchor(ctx, l, 0, 0);
  return {
    width: l.width,
    actualBoundingBoxLeft: -left,
    actualBoundingBoxRight: left + l.width,
    actualBoundingBoxAscent: l.ascent - baseline,
    actualBoundingBoxDescent: l.descent + baseline,
    fontBoundingBoxAscent: l.fontAscent - baseline,
    fontBoundingBoxDescent: l.fontDescent + baseline,
    emHeightAscent: l.fontAscent - baseline,
    emHeightDescent: l.fontDescent + baseline,
    alphabeticBaseline: -baseline,
    hangingBaseline: l.fontAscent * 0.8 - baseline,
    // Positive when the ideographic baseline is above the textBaseline line; it is fontDescent below the alphabetic one.
    ideographicBaseline: -l.fontDescent - baseline,
  } as TextMetrics;
}

/**
 * The context every figure text is drawn through: `fillText` and `measureText` understand `$…$` math (and
 * `\$`; `strokeText` outlines plain text only), and with a sink every `fillText` reports its ink box in page
 * points. Everything else is the context itself.
 *
 * @example
 * ```ts
 * import type { TextBox } from 'numbat/plot';
 * import { skia } from './skia.js';
 * import { withMath } from './text.js';
 *
 * const page = skia().createCanvas(200, 40).getContext('2d');
 * const boxes: TextBox[] = [];
 * const ctx = withMath(page, (box) => boxes.push(box));
 * ctx.font = '9px "CMU Serif"';
 * ctx.fillText('$\\langle r^2 \\rangle$ [$\\mu$m$^2$]', 10, 20);
 * boxes.length; // → 1
 * ```
 */
export function withMath(ctx: SKRSContext2D, sink?: TextSink): SKRSContext2D {
  return overlayContext(ctx, (target, key) => {
    if (key === 'fillText') {
      return (text: string, x: number, y: number, maxWidth?: number): void => {
        const s = String(text);
        if (hasMath(s)) {
          fillRich(target, s, x, y, sink);
          return;
        }
        if (maxWidth === undefined) target.fillText(s, x, y);
        else target.fillText(s, x, y, maxWidth);
        if (sink && s.trim() !== '') {
          const m = target.measureText(s);
          record(target, sink, s, x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent, x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent);
        }
      };
    }
    if (key === 'strokeText') {
      // Outlined text (Chart.js's `textStrokeWidth`): plain text is stroked; math is filled by fillText only,
      // its outline would need the glyph paths stroked, which no figure style asks for.
      return (text: string, x: number, y: number, maxWidth?: number): void => {
        const s = String(text);
        if (hasMath(s)) return;
        if (maxWidth === undefined) target.strokeText(s, x, y);
        else target.strokeText(s, x, y, maxWidth);
      };
    }
    if (key === 'measureText') {
      return (text: string): TextMetrics => (hasMath(String(text)) ? measureRich(target, String(text)) : target.measureText(String(text)));
    }
    return INHERIT;
  });
}
