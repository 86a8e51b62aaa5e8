/**
 * TeX in figure text, as matplotlib's mathtext: any text drawn in a figure may hold math between `$…$`
 * (`\$` is a literal dollar). The math is typeset by MathJax (`mathjax-full`, TeX input, SVG output, no DOM)
 * and drawn as filled vector paths in the current fill colour and font size — never as an image, and never as
 * text a PDF reader could extract as TeX source. Plain runs between the math stay text in the figure's font.
 *
 * MathJax is loaded on the first `$` a figure draws that is not cached yet (about 0.1 s), and each TeX string
 * is typeset once: its paths are kept in memory in em units (scaled to every font size) and on disk, as
 * matplotlib keeps `usetex` output in `~/.cache/matplotlib/tex.cache`, so a new process draws formulas it
 * has seen before without loading MathJax. The disk cache is `$NUMBAT_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/numbat`, else `~/.cache/numbat`; it is only an accelerator: a directory that cannot be
 * read or written is skipped.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Path2D as SkiaPath2D } from '@napi-rs/canvas';
import { skia } from './skia.js';
import { multiply, type Matrix } from './matrix.js';


/** One drawing operation of typeset math, in units of 1/1000 em, y down, origin on the baseline at the left. */
type MathOp =
  | { readonly kind: 'path'; readonly d: string; readonly m: Matrix }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly m: Matrix }
  | { readonly kind: 'text'; readonly text: string; readonly size: number; readonly m: Matrix };

/**
 * A typeset TeX formula: its drawing and its box, in 1/1000 em.
 *
 * @example
 * ```ts
 * import { typeset, type Typeset } from './math.js';
 *
 * const f: Typeset = typeset('\\alpha^2');
 * f.width; // → 1076.6
 * ```
 */
export interface Typeset {
  /** Advance width. */
  readonly width: number;
  /** Height above the baseline. */
  readonly ascent: number;
  /** Depth below the baseline. */
  readonly depth: number;
  /** @internal */
  readonly ops: readonly MathOp[];
}

/** A piece of a figure text: plain text, or TeX (without the dollars). */
export interface TextRun {
  readonly math: boolean;
  readonly text: string;
}

/**
 * Splits a figure text into plain and math runs at unescaped `$`; `\$` becomes a literal dollar. An odd number
 * of `$` is an error naming the text, as it would be in LaTeX.
 *
 * @example
 * ```ts
 * import { splitMath } from './math.js';
 *
 * splitMath('fit $\\propto t^{\\alpha}$ (\\$5)'); // → [ { math: false, text: 'fit ' }, { math: true, text: '\\propto t^{\\alpha}' }, { math: false, text: ' ($5)' } ]
 * splitMath('costs $5'); // → throws Error: myplot: unbalanced $ in the text "costs $5"; write \$ for a literal dollar
 * ```
 */
export function splitMath(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let buf = '';
  let math = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '$') {
      // Inside math `\$` is TeX's own dollar; outside it is a literal one.
      buf += math ? '\\$' : '$';
      i++;
    } else if (c === '$') {
      if (buf !== '' || math) runs.push({ math, text: buf });
      buf = '';
      math = !math;
    } else {
      buf += c;
    }
  }
  if (math) throw new Error(`myplot: unbalanced $ in the text ${JSON.stringify(text)}; write \\$ for a literal dollar`);
  if (buf !== '') runs.push({ math: false, text: buf });
  return runs;
}

/**
 * Whether a text needs {@link splitMath}: it has a `$` (math, or an escaped dollar).
 *
 * @example
 * ```ts
 * import { hasMath } from './math.js';
 *
 * hasMath('energy $E$'); // → true
 * hasMath('energy (J)'); // → false
 * ```
 */
export function hasMath(text: string): boolean {
  return text.includes('$');
}

interface LiteNode {
  readonly kind: string;
}
interface Adaptor {
  kind(node: LiteNode): string;
  childNodes(node: LiteNode): LiteNode[];
  getAttribute(node: LiteNode, name: string): string | null;
  textContent(node: LiteNode): string;
  firstChild(node: LiteNode): LiteNode;
}
interface MathDocument {
  convert(tex: string, options: Record<string, unknown>): LiteNode;
}

let engine: { adaptor: Adaptor; doc: MathDocument } | undefined;

/** Loads MathJax synchronously (its `js/` tree is CommonJS), with only the TeX packages figures need. */
function mathjax(): { adaptor: Adaptor; doc: MathDocument } {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const { mathjax: mj } = require('mathjax-full/js/mathjax.js') as { mathjax: { document(d: string, o: object): MathDocument } };
  const { TeX } = require('mathjax-full/js/input/tex.js') as { TeX: new (o: object) => object };
  const { SVG } = require('mathjax-full/js/output/svg.js') as { SVG: new (o: object) => object };
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js') as { liteAdaptor: () => Adaptor };
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js') as { RegisterHTMLHandler: (a: Adaptor) => void };
  require('mathjax-full/js/input/tex/base/BaseConfiguration.js');
  require('mathjax-full/js/input/tex/ams/AmsConfiguration.js');
  require('mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js');
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const tex = new TeX({
    packages: ['base', 'ams', 'boldsymbol'],
    // An unknown macro must be an error the user sees, not red text in a paper figure.
    formatError: (_jax: unknown, error: Error) => {
      throw error;
    },
  });
  const svg = new SVG({ fontCache: 'none' });
  engine = { adaptor, doc: mj.document('', { InputJax: tex, OutputJax: svg }) };
  return engine;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** MathJax writes only `translate(x[,y])`, `scale(s[,t])` and `matrix(…)`, possibly several in a row. */
function parseTransform(value: string | null): Matrix {
  let m = IDENTITY;
  if (!value) return m;
  for (const [, fn, args] of value.matchAll(/(\w+)\(([^)]*)\)/g)) {
    const n = args!.split(/[\s,]+/).filter((s) => s !== '').map(Number);
    if (fn === 'translate') m = multiply(m, [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0]);
    else if (fn === 'scale') m = multiply(m, [n[0]!, 0, 0, n[1] ?? n[0]!, 0, 0]);
    else if (fn === 'matrix' && n.length === 6) m = multiply(m, n as unknown as Matrix);
    else throw new Error(`myplot: unexpected SVG transform '${fn}' from MathJax`);
  }
  return m;
}

const cache = new Map<string, Typeset>();

/**
 * Typesets TeX (inline math, without the dollars) into vector drawing operations, cached per string.
 * Throws a clear error for TeX MathJax cannot read (an unknown macro, unbalanced braces).
 *
 * @example
 * ```ts
 * import { typeset } from './math.js';
 *
 * const t = typeset('\\langle r^2(t) \\rangle'); // t.width, t.ascent, t.depth in 1/1000 em
 * t.ops.length > 0; // → true
 * typeset('\\frac{1'); // → throws Error: myplot: cannot typeset $\frac{1$: Missing close brace
 * ```
 */
export function typeset(tex: string): Typeset {
  const hit = cache.get(tex) ?? readCached(tex);
  if (hit) {
    cache.set(tex, hit);
    return hit;
  }
  const result = typesetFresh(tex);
  cache.set(tex, result);
  writeCached(tex, result);
  return result;
}

/** Bump when the stored form or the TeX setup changes, so old entries are not read. */
const CACHE_FORMAT = 'mathjax-full@3.2.2;base,ams,boldsymbol;v1';

function cacheFile(tex: string): string | undefined {
  const root = process.env.NUMBAT_CACHE_DIR ?? (process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'numbat') : join(homedir(), '.cache', 'numbat'));
  if (!root) return undefined;
  const key = createHash('sha256').update(CACHE_FORMAT).update('\0').update(tex).digest('hex');
  return join(root, 'tex', key.slice(0, 2), `${key}.json`);
}

function readCached(tex: string): Typeset | undefined {
  const file = cacheFile(tex);
  if (!file) return undefined;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Typeset & { tex: string };
    // A hash collision or a foreign file is not this formula.
    return stored.tex === tex && Array.isArray(stored.ops) ? { width: stored.width, ascent: stored.ascent, depth: stored.depth, ops: stored.ops } : undefined;
  } catch {
    return undefined;
  }
}

let writeCounter = 0;

function writeCached(tex: string, t: Typeset): void {
  const file = cacheFile(tex);
  if (!file) return;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.${writeCounter++}.tmp`;
    writeFileSync(tmp, JSON.stringify({ tex, ...t }));
    renameSync(tmp, file);
  } catch {
    // The cache only saves time: an unwritable cache directory must not fail a figure.
  }
}

/** Runs MathJax on a formula. */
function typesetFresh(tex: string): Typeset {
  const { adaptor, doc } = mathjax();
  let container: LiteNode;
  try {
    container = doc.convert(tex, { display: false, em: 16, ex: 8, containerWidth: 80 * 16 });
  } catch (error) {
    throw new Error(`myplot: cannot typeset $${tex}$: ${(error as Error).message}`, { cause: error });
  }
  const svg = adaptor.firstChild(container);
  const viewBox = (adaptor.getAttribute(svg, 'viewBox') ?? '0 0 0 0').split(/\s+/).map(Number);
  const [minX, minY, width, height] = viewBox as [number, number, number, number];
  const ops: MathOp[] = [];
  const walk = (node: LiteNode, m: Matrix): void => {
    const kind = adaptor.kind(node);
    if (kind === '#text' || kind === '#comment') return;
    const here = multiply(m, parseTransform(adaptor.getAttribute(node, 'transform')));
    if (kind === 'path') {
      const d = adaptor.getAttribute(node, 'd');
      if (d) ops.push({ kind: 'path', d, m: here });
      return;
    }
    if (kind === 'rect') {
      const num = (a: string): number => Number(adaptor.getAttribute(node, a) ?? 0);
      ops.push({ kind: 'rect', x: num('x'), y: num('y'), w: num('width'), h: num('height'), m: here });
      return;
    }
    if (kind === 'text') {
      // A character MathJax's fonts lack: drawn as text in the figure's font, as MathJax would in a browser.
      const size = Number.parseFloat(adaptor.getAttribute(node, 'font-size') ?? '1000');
      ops.push({ kind: 'text', text: adaptor.textContent(node), size, m: here });
      return;
    }
    if (kind === 'svg' && node !== svg) {
      // Nested <svg> (stretchy or padded boxes) places its content at x, y.
      const x = Number(adaptor.getAttribute(node, 'x') ?? 0);
      const y = Number(adaptor.getAttribute(node, 'y') ?? 0);
      for (const child of adaptor.childNodes(node)) walk(child, multiply(here, [1, 0, 0, 1, x, y]));
      return;
    }
    for (const child of adaptor.childNodes(node)) walk(child, here);
  };
  walk(svg, [1, 0, 0, 1, -minX, 0]);
  return { width, ascent: -minY, depth: height + minY, ops };
}

const paths = new Map<string, SkiaPath2D>();

/** One Path2D per distinct glyph outline (glyphs repeat across formulas). */
function path2d(d: string): SkiaPath2D {
  let p = paths.get(d);
  if (!p) paths.set(d, (p = new (skia().Path2D)(d)));
  return p;
}

/**
 * Draws typeset math with its baseline's left end at (x, y), at `size` (the font size in the context's
 * units), filled with the context's current fill style.
 *
 * @example
 * ```ts
 * import { drawTypeset, typeset } from './math.js';
 * import { skia } from './skia.js';
 *
 * const ctx = skia().createCanvas(100, 40).getContext('2d');
 * ctx.fillStyle = 'black';
 * drawTypeset(ctx, typeset('\\alpha^2'), 10, 20, 9, '9px "CMU Serif"');
 * ```
 */
export function drawTypeset(ctx: MathTarget, t: Typeset, x: number, y: number, size: number, font: string): void {
  const k = size / 1000;
  for (const op of t.ops) {
    ctx.save();
    ctx.translate(x, y);
    ctx.scale(k, k);
    ctx.transform(...op.m);
    if (op.kind === 'path') ctx.fill(path2d(op.d));
    else if (op.kind === 'rect') ctx.fillRect(op.x, op.y, op.w, op.h);
    else {
      ctx.font = font.replace(/[\d.]+px/, `${op.size}px`);
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      ctx.fillText(op.text, 0, 0);
    }
    ctx.restore();
  }
}

/** What the math drawer needs of a 2-D context. */
export interface MathTarget {
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  scale(x: number, y: number): void;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  fill(path: SkiaPath2D): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  font: string;
  textBaseline: CanvasTextBaseline;
  textAlign: CanvasTextAlign;
}
