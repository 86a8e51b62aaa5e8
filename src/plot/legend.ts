/**
 * The legend numbat draws inside a cartesian plot: one entry per labelled dataset with a sample of its line,
 * marker, error bar or fill, placed in a corner — for `'best'`, the one covering the fewest data and no inset.
 *
 * @module
 */
import type { Chart, Plugin } from 'chart.js';
import { errorsOf } from './errorbars.js';
import { kindOf } from './kinds.js';
import type { LegendLocation, Style } from './style.js';

type Json = Record<string, unknown>;

interface LegendEntry {
  readonly text: string;
  readonly kind: 'line' | 'box';
  readonly stroke: string;
  readonly fill: string;
  readonly width: number;
  readonly dash: readonly number[];
  readonly marker: number;
  /** Draw an error bar through the marker (the dataset has vertical errors). */
  readonly errorBar: boolean;
}

function legendEntries(chart: Chart): LegendEntry[] {
  const out: LegendEntry[] = [];
  chart.data.datasets.forEach((ds, i) => {
    const label = ds.label;
    if (typeof label !== 'string' || label === '' || label.startsWith('_') || !chart.isDatasetVisible(i)) return;
    const meta = chart.getDatasetMeta(i);
    const point = meta.controller.getStyle(0, false) as Json;
    const line = (meta.dataset?.options ?? {}) as Json;
    const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
    const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
    const sample = kindOf(meta.type)?.legend;
    if (sample === 'none') return;
    if (sample === 'box') {
      out.push({ text: label, kind: 'box', stroke: str(point.borderColor, '#000'), fill: str(point.backgroundColor, '#888'), width: 0, dash: [], marker: 0, errorBar: false });
      return;
    }
    const showLine = (ds as { showLine?: boolean }).showLine ?? meta.type !== 'scatter';
    const lineWidth = showLine ? num(line.borderWidth, 1) : 0;
    const filled = line.fill !== undefined && line.fill !== false;
    if (filled && lineWidth === 0) {
      out.push({ text: label, kind: 'box', stroke: 'transparent', fill: str(line.backgroundColor, '#888'), width: 0, dash: [], marker: 0, errorBar: false });
      return;
    }
    out.push({
      text: label,
      kind: 'line',
      stroke: str(line.borderColor ?? point.borderColor, '#000'),
      fill: str(point.backgroundColor, str(line.borderColor, '#000')),
      width: lineWidth,
      dash: Array.isArray(line.borderDash) ? (line.borderDash as number[]) : [],
      marker: num(point.radius, 0),
      errorBar: errorsOf(ds)?.y !== undefined,
    });
  });
  return out;
}

/** Points along everything drawn, to score legend positions. */
function dataSamples(chart: Chart): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  chart.data.datasets.forEach((_ds, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const meta = chart.getDatasetMeta(i);
    const els = meta.data as unknown as Array<{ x: number; y: number; base?: number }>;
    let prev: { x: number; y: number } | undefined;
    for (const el of els) {
      if (!Number.isFinite(el.x) || !Number.isFinite(el.y)) {
        prev = undefined;
        continue;
      }
      pts.push([el.x, el.y]);
      if (kindOf(meta.type)?.legend === 'box' && typeof el.base === 'number') {
        for (let t = 1; t <= 8; t++) pts.push([el.x, el.y + ((el.base - el.y) * t) / 8]);
      } else if (prev && meta.dataset) {
        for (let t = 1; t < 12; t++) pts.push([prev.x + ((el.x - prev.x) * t) / 12, prev.y + ((el.y - prev.y) * t) / 12]);
      }
      prev = el;
    }
  });
  return pts;
}

const ORDER: ReadonlyArray<Exclude<LegendLocation, 'best' | 'none'>> = [
  'upper right',
  'upper left',
  'lower left',
  'lower right',
  'upper center',
  'lower center',
];

/**
 * A legend inside the plot area, in the requested corner or in the one covering the fewest data (and no
 * inset), framed as matplotlib's.
 *
 * @example
 * ```ts
 * import { paper } from 'numbat/plot';
 * import { legendPlugin } from './legend.js';
 *
 * // A cartesian chart with one inset in its upper right: 'best' avoids that corner.
 * const plugin = legendPlugin(paper, 'best', true, [[0.55, 0.55, 0.4, 0.4]]);
 * plugin.id; // → 'numbatLegend'
 * ```
 */
export function legendPlugin(style: Style, where: LegendLocation, cartesian: boolean, insets: ReadonlyArray<readonly [number, number, number, number]>): Plugin {
  return {
    id: 'numbatLegend',
    afterDatasetsDraw(chart) {
      const entries = legendEntries(chart);
      if (entries.length === 0) return;
      const { ctx, chartArea: a } = chart;
      const f = style.fontSize.legend;
      const font = `${f}px ${style.font.family}`;
      ctx.save();
      ctx.font = font;
      const sample = entries.some((e) => e.kind === 'line' && e.width > 0) ? 1.9 * f : 0.9 * f;
      const gap = 0.5 * f;
      const row = 1.25 * f;
      const pad = 0.35 * f;
      const textWidth = Math.max(...entries.map((e) => ctx.measureText(e.text).width));
      const w = pad * 2 + sample + gap + textWidth;
      const h = pad * 2 + row * entries.length;
      const inset = (style.ticks.direction === 'in' ? style.ticks.length : 0) + 0.3 * f;
      const place = (loc: (typeof ORDER)[number]): [number, number] => {
        const x = loc.endsWith('left') ? a.left + inset : loc.endsWith('right') ? a.right - inset - w : (a.left + a.right - w) / 2;
        const y = loc.startsWith('upper') ? a.top + inset : a.bottom - inset - h;
        return [x, y];
      };
      let chosen: [number, number];
      if (where === 'best' && cartesian) {
        const pts = dataSamples(chart);
        let best = Infinity;
        chosen = place(ORDER[0]!);
        for (const loc of ORDER) {
          const [x, y] = place(loc);
          const m = 0.25 * f;
          let covered = pts.filter(([px, py]) => px >= x - m && px <= x + w + m && py >= y - m && py <= y + h + m).length;
          // An inset (with room for its tick labels, left of and below it) must never be covered.
          const W = a.right - a.left;
          const H = a.bottom - a.top;
          const room = 2.5 * style.fontSize.tick;
          for (const [fx, fy, fw, fh] of insets) {
            const [ix, iy] = [a.left + fx * W - room, a.top + (1 - fy - fh) * H];
            const [iw, ih] = [fw * W + room, fh * H + room];
            if (x < ix + iw && ix < x + w && y < iy + ih && iy < y + h) covered += 1e6;
          }
          if (covered < best) {
            best = covered;
            chosen = [x, y];
          }
        }
      } else {
        chosen = place(where === 'best' ? 'upper right' : (where as (typeof ORDER)[number]));
      }
      const [x0, y0] = chosen;
      if (style.legendFrame) {
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.strokeStyle = '#cccccc';
        ctx.lineWidth = style.axisWidth * 0.8;
        ctx.fillRect(x0, y0, w, h);
        ctx.strokeRect(x0, y0, w, h);
      }
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      entries.forEach((e, i) => {
        const cy = y0 + pad + row * (i + 0.5);
        const sx = x0 + pad;
        if (e.kind === 'box') {
          const s = 0.7 * f;
          ctx.fillStyle = e.fill;
          ctx.fillRect(sx + (sample - s) / 2, cy - s / 2, s, s);
        } else {
          if (e.width > 0) {
            ctx.strokeStyle = e.stroke;
            ctx.lineWidth = e.width;
            ctx.setLineDash([...e.dash]);
            ctx.lineCap = 'butt';
            ctx.beginPath();
            ctx.moveTo(sx, cy);
            ctx.lineTo(sx + sample, cy);
            ctx.stroke();
            ctx.setLineDash([]);
          }
          if (e.errorBar) {
            const half = 0.4 * f;
            const cap = style.markerRadius;
            const cx = sx + sample / 2;
            ctx.strokeStyle = e.stroke;
            ctx.lineWidth = Math.max(style.axisWidth, style.lineWidth * 0.75);
            ctx.setLineDash([]);
            ctx.beginPath();
            ctx.moveTo(cx, cy - half);
            ctx.lineTo(cx, cy + half);
            ctx.moveTo(cx - cap, cy - half);
            ctx.lineTo(cx + cap, cy - half);
            ctx.moveTo(cx - cap, cy + half);
            ctx.lineTo(cx + cap, cy + half);
            ctx.stroke();
          }
          if (e.marker > 0) {
            ctx.fillStyle = e.fill;
            ctx.beginPath();
            ctx.arc(sx + sample / 2, cy, e.marker, 0, Math.PI * 2);
            ctx.fill();
          }
        }
        ctx.fillStyle = style.foreground;
        ctx.fillText(e.text, sx + sample + gap, cy);
      });
      ctx.restore();
    },
  };
}
