/**
 * Layout across panels, as matplotlib's constrained layout does it: panels of a grid line up their plot
 * areas, shared axes (`sharex`/`sharey`) get one set of limits and show tick labels only on the outer
 * panels, panel labels get room above the plot, and insets are placed so their plot area (not their tick
 * labels) fills the requested box. Everything is measured by laying the charts out on a scratch canvas with
 * the same code and fonts as the real render.
 *
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Box, Figure, Inset, Panel, PanelChart } from './figure.js';
import { multiply, runChart, type Matrix, type Probe } from './render.js';
import { skia } from './skia.js';
import type { Style } from './style.js';
import { withMath } from './text.js';

/**
 * Extra empty space around a chart, points (panel labels, alignment with neighbouring panels).
 *
 * @example
 * ```ts
 * import type { Insets } from './layout.js';
 *
 * const extra: Insets = { top: 10, right: 0, bottom: 0, left: 0 }; // room for a panel label
 * ```
 */
export interface Insets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * What layout decided for one chart before it is drawn.
 *
 * @example
 * ```ts
 * import type { PanelPlan } from './layout.js';
 *
 * // The upper left panel of a 2 × 2 grid with sharex: room for its label, the shared x range, no x tick labels.
 * const plan: PanelPlan = { extra: { top: 12, right: 0, bottom: 0, left: 4 }, limits: { x: [0, 10] }, hide: { x: true } };
 * ```
 */
export interface PanelPlan {
  /** Space added around the chart. */
  readonly extra: Insets;
  /** Axis limits imposed by sharing, by scale id. */
  readonly limits?: Readonly<Record<string, readonly [number, number]>>;
  /** Axes whose tick labels and title are hidden (inner panels of a shared grid). */
  readonly hide?: { readonly x?: boolean; readonly y?: boolean };
  /** Inset bounds (fractions of the plot area) the legend must not cover. */
  readonly insets?: ReadonlyArray<readonly [number, number, number, number]>;
}

/** A rectangle a chart is drawn into: a panel, or an inset. */
export interface ChartHost {
  readonly chart: PanelChart | undefined;
  readonly width: number;
  readonly height: number;
  /** For messages and measurements: the panel label, its index, or `(a)/inset1`. */
  readonly name: string;
}

const ZERO: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/** The plan of a chart that has no neighbours to consider. */
export const NO_PLAN: PanelPlan = { extra: ZERO };

/**
 * A panel as a chart host.
 *
 * @example
 * ```ts
 * import { Figure, paper } from 'numbat/plot';
 * import { panelHost } from './layout.js';
 *
 * const fig = new Figure(paper, { subplots: [1, 2] });
 * fig.panel(1).chart({ type: 'bar', data: { labels: ['a'], datasets: [{ label: 'n', data: [1] }] } });
 * const host = panelHost(fig.panel(1));
 * host.name; // → '(b)'
 * host.chart?.config.type; // → 'bar'
 * ```
 */
export function panelHost(panel: Panel): ChartHost {
  return { chart: panel.content().chart, width: panel.width, height: panel.height, name: panel.label ?? String(panel.index) };
}

function scratch(): SKRSContext2D {
  const ctx = skia().createCanvas(1, 1).getContext('2d');
  (ctx as unknown as { lang: string }).lang = 'en';
  return withMath(ctx);
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Which panels share an axis with `panel`, for a `sharex`/`sharey` setting. */
function sharing(mode: FigureShare, panel: Panel, all: readonly Panel[]): Panel[] {
  if (mode === false) return [panel];
  if (mode === 'col') return all.filter((p) => p.col === panel.col);
  if (mode === 'row') return all.filter((p) => p.row === panel.row);
  return [...all];
}

/**
 * How panels share an axis: `true`/`'all'` every panel, `'col'` panels in a column, `'row'` panels in a row.
 *
 * @example
 * ```ts
 * import { myplot, type Figure, type FigureShare } from 'numbat/plot';
 *
 * const sharex: FigureShare = 'col';
 * const grid = myplot({ subplots: [2, 2], sharex, sharey: 'row' })(function grid(fig: Figure) {
 *   for (let i = 0; i < 4; i++) fig.panel(i).chart({ type: 'line', data: { datasets: [{ label: `run ${i}`, data: [{ x: 0, y: i }, { x: 1, y: 2 * i }] }] } });
 * });
 * ```
 */
export type FigureShare = boolean | 'all' | 'col' | 'row';

/**
 * The plan of every panel with a chart: room for its label, shared limits, hidden inner labels, and extra
 * padding so plot areas line up in rows and columns.
 *
 * @example
 * ```ts
 * import { Figure, paper } from 'numbat/plot';
 * import { ensureChartJs } from './chartjs.js';
 * import { planPanels } from './layout.js';
 *
 * ensureChartJs(); // planning lays the charts out with Chart.js, as the renderer does after this call
 * const fig = new Figure(paper, { subplots: [1, 2], sharey: true });
 * fig.panel(0).chart({ type: 'line', data: { datasets: [{ label: 'a', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }] } });
 * fig.panel(1).chart({ type: 'line', data: { datasets: [{ label: 'b', data: [{ x: 0, y: 0 }, { x: 1, y: 5 }] }] } });
 * const plans = planPanels(fig); // Map<Panel, PanelPlan>
 * plans.get(fig.panel(1))?.hide; // → { x: false, y: true }
 * ```
 */
export function planPanels(figure: Figure): Map<Panel, PanelPlan> {
  const style = figure.style;
  const charted = figure.panels.filter((p) => p.hasChart);
  const plans = new Map<Panel, PanelPlan>();
  // Room for the label line, plus half a tick label that pokes above the plot area when a tick sits on its top edge.
  const labelSpace = (p: Panel): number => (p.label ? style.fontSize.panelLabel * 1.15 + style.fontSize.tick * 0.6 : 0);
  for (const p of charted) plans.set(p, { extra: { ...ZERO, top: labelSpace(p) }, insets: p.insets().map((i) => i.bounds) });
  if (charted.length < 2) return plans;
  const ctx = scratch();
  const { sharex, sharey } = figure.share;
  if (sharex !== false || sharey !== false) {
    const limits = new Map<Panel, ChartLimits>();
    for (const p of charted) limits.set(p, runChart(ctx, IDENTITY, 1, style, panelHost(p), plans.get(p)!, 'layout-only')!.limits);
    const lastRow = (p: Panel): boolean => !charted.some((q) => q.col === p.col && q.row > p.row);
    const firstCol = (p: Panel): boolean => !charted.some((q) => q.row === p.row && q.col < p.col);
    for (const p of charted) {
      const shared: Record<string, readonly [number, number]> = {};
      for (const [axis, mode] of [['x', sharex], ['y', sharey]] as const) {
        if (mode === false) continue;
        const group = sharing(mode, p, charted).map((q) => limits.get(q)![axis]).filter((l) => l !== undefined);
        if (group.length > 0) shared[axis] = [Math.min(...group.map((l) => l[0])), Math.max(...group.map((l) => l[1]))];
      }
      const hide = {
        x: (sharex === true || sharex === 'all' || sharex === 'col') && !lastRow(p),
        y: (sharey === true || sharey === 'all' || sharey === 'row') && !firstCol(p),
      };
      plans.set(p, { ...plans.get(p)!, limits: shared, hide });
    }
  }
  // Aligning changes a plot area's size, which can change its ticks and so its label widths: measure again
  // (at most three times) until every edge is within a quarter point of its target.
  for (let round = 0; round < 3; round++) {
    const margins = new Map<Panel, Insets>();
    for (const p of charted) {
      const { area } = runChart(ctx, IDENTITY, 1, style, panelHost(p), plans.get(p)!, 'layout-only')!;
      margins.set(p, { left: area.left, top: area.top, right: p.width - area.right, bottom: p.height - area.bottom });
    }
    const max = (panels: Panel[], key: keyof Insets): number => Math.max(...panels.map((p) => margins.get(p)![key]));
    const column = (p: Panel): Panel[] => charted.filter((q) => q.col === p.col);
    const row = (p: Panel): Panel[] => charted.filter((q) => q.row === p.row);
    // Every plot area of the grid gets the same size, as in matplotlib: a row whose labels were hidden by
    // sharing keeps the height of the others, and the spare room goes below (or to the right of) its plot.
    const tallest = Math.max(...charted.map((p) => max(row(p), 'top') + max(row(p), 'bottom')));
    const widest = Math.max(...charted.map((p) => max(column(p), 'left') + max(column(p), 'right')));
    let worst = 0;
    for (const p of charted) {
      const m = margins.get(p)!;
      const plan = plans.get(p)!;
      const [top, bottom] = [max(row(p), 'top'), max(row(p), 'bottom')];
      const [left, right] = [max(column(p), 'left'), max(column(p), 'right')];
      const delta = { left: left - m.left, right: right - m.right + (widest - left - right), top: top - m.top, bottom: bottom - m.bottom + (tallest - top - bottom) };
      worst = Math.max(worst, ...Object.values(delta).map(Math.abs));
      plans.set(p, {
        ...plan,
        extra: { left: plan.extra.left + delta.left, right: plan.extra.right + delta.right, top: plan.extra.top + delta.top, bottom: plan.extra.bottom + delta.bottom },
      });
    }
    if (worst < 0.25) break;
  }
  return plans;
}

type ChartLimits = Readonly<Record<string, readonly [number, number]>>;

/**
 * Draws an inset chart so that its plot area fills `inset.bounds` (fractions of the parent's plot area,
 * `[x, y, width, height]` from the lower left, as matplotlib's `inset_axes`), on an opaque plot area.
 *
 * @example
 * ```ts
 * import { Figure, paper } from 'numbat/plot';
 * import { drawInset } from './layout.js';
 * import { skia } from './skia.js';
 *
 * const fig = new Figure(paper);
 * const line = (label: string) => ({ type: 'line' as const, data: { datasets: [{ label, data: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }] } });
 * const panel = fig.panel(0).chart(line('all')).inset([0.55, 0.55, 0.4, 0.4], line('zoom'));
 * const ctx = skia().createCanvas(fig.width, fig.height).getContext('2d');
 * // The renderer passes the parent's plot area, as its chart just laid it out.
 * drawInset(ctx, [1, 0, 0, 1, 0, 0], 1, paper, panel, panel.insets()[0]!, { x: 40, y: 10, width: 190, height: 140 });
 * ```
 */
export function drawInset(ctx: SKRSContext2D, at: Matrix, ratio: number, style: Style, panel: Panel, inset: Inset, plotArea: Box, probe?: Probe): void {
  const [fx, fy, fw, fh] = inset.bounds;
  const target = { x: plotArea.x + fx * plotArea.width, y: plotArea.y + (1 - fy - fh) * plotArea.height, width: fw * plotArea.width, height: fh * plotArea.height };
  const name = `${panel.label ?? panel.index}/inset${inset.index + 1}`;
  // Measure its margins (tick labels, titles) once at about its final size, then grow the host by them.
  const trial = { chart: inset.chart, width: target.width * 1.5, height: target.height * 1.5, name };
  const { area } = runChart(scratch(), IDENTITY, 1, style, trial, NO_PLAN, 'layout-only')!;
  const m = { left: area.left, top: area.top, right: trial.width - area.right, bottom: trial.height - area.bottom };
  const host = { chart: inset.chart, width: target.width + m.left + m.right, height: target.height + m.top + m.bottom, name };
  const hostAt = multiply(at, [1, 0, 0, 1, target.x - m.left, target.y - m.top]);
  if (style.background !== 'transparent') {
    // Only the inset's plot area is opaque (matplotlib's axes patch): its tick labels must not hide the
    // parent's data or frame around it.
    ctx.save();
    ctx.setTransform(...at);
    ctx.fillStyle = style.background;
    ctx.fillRect(target.x, target.y, target.width, target.height);
    ctx.restore();
  }
  runChart(ctx, hostAt, ratio, style, host, NO_PLAN, probe);
}
