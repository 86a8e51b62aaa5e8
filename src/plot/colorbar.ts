/**
 * The colorbar of a chart's colour scale: a Chart.js layout box on the right of the plot area (so the plot
 * shrinks to make room, as matplotlib's `colorbar` steals space from its axes), drawn as vector shapes — a
 * gradient for images, one band per level for filled contours — with ticks and math-capable labels.
 *
 * @module
 */
import type { Chart, ChartArea, Plugin } from 'chart.js';
import type { Norm } from './colormaps.js';
import { colormapCss } from './colormaps.js';
import { bandColor, levelsOf, niceTicks, normOf, type GridDataset } from './grid.js';
import { kindOf } from './kinds.js';
import type { Style } from './style.js';

/** A value as a tick label: round, with a typographic minus. */
function formatValue(v: number): string {
  return String(Number(v.toPrecision(10))).replace(/-/g, '\u2212');
}

/** `$10^{k}$` with an optional sign and mantissa: log-scale labels in one form everywhere. */
export function powerLabel(v: number): string {
  if (v === 0) return '$0$';
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  let k = Math.floor(Math.log10(a) + 1e-9);
  let m = Number((a / 10 ** k).toPrecision(6));
  // Just below a power of ten the rounded mantissa is 10: that is the next power.
  if (m >= 10) {
    m /= 10;
    k += 1;
  }
  return m === 1 ? `$${sign}10^{${k}}$` : `$${sign}${m}\\times10^{${k}}$`;
}

/** Tick values and labels of a colorbar. */
function colorbarTicks(norm: Norm, levels: readonly number[] | undefined): Array<[number, string]> {
  if (levels) {
    const step = Math.ceil(levels.length / 8);
    return levels.filter((_, i) => i % step === 0).map((v) => [v, norm.kind === 'linear' ? formatValue(v) : powerLabel(v)]);
  }
  if (norm.kind === 'linear') return niceTicks(norm.vmin, norm.vmax, 6).filter((v) => v >= norm.vmin - 1e-12 && v <= norm.vmax + 1e-12).map((v) => [v, formatValue(v)]);
  const out: Array<[number, string]> = [];
  const decades = (lo: number, hi: number): number[] => {
    const ks: number[] = [];
    for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) ks.push(10 ** k);
    return ks;
  };
  if (norm.kind === 'log') return decades(norm.vmin, norm.vmax).map((v) => [v, powerLabel(v)]);
  const lt = norm.linthresh!;
  if (norm.vmin < 0) for (const v of decades(lt, -norm.vmin).reverse()) out.push([-v, powerLabel(-v)]);
  if (norm.vmin <= 0 && norm.vmax >= 0) out.push([0, '$0$']);
  if (norm.vmax > 0) for (const v of decades(lt, norm.vmax)) out.push([v, powerLabel(v)]);
  // Too many decades for the bar's height: keep every other one (and zero).
  return out.length > 9 ? out.filter((t, i) => t[0] === 0 || i % 2 === 0) : out;
}

/** The first dataset of a chart that asks for a colorbar. */
function colorbarDataset(chart: Chart): GridDataset | undefined {
  for (const ds of chart.data.datasets as unknown as GridDataset[]) {
    if (kindOf(ds.type)?.colorScale !== undefined && ds.colorbar !== false) return ds;
  }
  return undefined;
}

interface ColorbarBox {
  position: 'right';
  weight: number;
  fullSize: boolean;
  width: number;
  height: number;
  top: number;
  left: number;
  right: number;
  bottom: number;
  isHorizontal(): boolean;
  options: object;
  update(maxWidth: number, maxHeight: number): void;
  draw(area: ChartArea): void;
}

/**
 * A plugin that adds a colorbar to charts holding a kind coloured by value (`imshow`, `pcolormesh`, `contourf`,
 * or `contour` with a `colorbar`).
 *
 * @example
 * ```ts
 * import { paper } from 'numbat/plot';
 * import { colorbarPlugin } from './colorbar.js';
 *
 * // styledConfig adds it to every cartesian chart; it does nothing for charts without a colour scale.
 * colorbarPlugin(paper).id; // → 'numbatColorbar'
 * ```
 */
export function colorbarPlugin(style: Style): Plugin {
  return {
    id: 'numbatColorbar',
    beforeInit(chart) {
      const ds = colorbarDataset(chart);
      if (!ds) return;
      const norm = normOf(ds);
      const levels = kindOf(ds.type)?.colorScale === 'levels' ? levelsOf(ds) : undefined;
      const ticks = colorbarTicks(norm, levels);
      const f = style.fontSize.tick;
      const font = `${f}px ${style.font.family}`;
      const labelFont = `${style.fontSize.label}px ${style.font.family}`;
      const gap = 0.8 * f;
      const bar = 0.8 * f;
      const pad = 0.35 * f;
      const title = ds.colorbar ? ds.colorbar.label : undefined;
      const box: ColorbarBox = {
        position: 'right',
        weight: 100,
        fullSize: false,
        width: 0,
        height: 0,
        top: 0,
        left: 0,
        right: 0,
        bottom: 0,
        isHorizontal: () => false,
        // Chart.js's layout reads stacking options from every box.
        options: {},
        update(_maxWidth, maxHeight) {
          const ctx = chart.ctx;
          ctx.save();
          ctx.font = font;
          const labels = Math.max(0, ...ticks.map(([, l]) => ctx.measureText(l).width));
          ctx.restore();
          this.width = gap + bar + pad + labels + (title ? pad + style.fontSize.label * 1.3 : 0);
          this.height = maxHeight;
        },
        draw(area) {
          const ctx = chart.ctx;
          const x = this.left + gap;
          const top = area.top;
          const bottom = area.bottom;
          const h = bottom - top;
          const yOf = (t: number): number => bottom - t * h;
          const cmap = ds.cmap ?? 'viridis';
          ctx.save();
          if (levels) {
            for (let i = 0; i + 1 < levels.length; i++) {
              ctx.fillStyle = colormapCss(cmap, bandColor(norm, levels, i));
              const y0 = yOf(norm.map(levels[i]!));
              const y1 = yOf(norm.map(levels[i + 1]!));
              ctx.fillRect(x, y1, bar, y0 - y1);
            }
          } else {
            // A vector gradient (a PDF shading), not a bitmap: a colorbar is not image data.
            const g = ctx.createLinearGradient(0, bottom, 0, top);
            for (let k = 0; k <= 32; k++) g.addColorStop(k / 32, colormapCss(cmap, k / 32));
            ctx.fillStyle = g;
            ctx.fillRect(x, top, bar, h);
          }
          ctx.strokeStyle = style.foreground;
          ctx.lineWidth = style.axisWidth;
          ctx.strokeRect(x, top, bar, h);
          ctx.fillStyle = style.foreground;
          ctx.font = font;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.beginPath();
          let widest = 0;
          for (const [v, label] of ticks) {
            const t = norm.map(v);
            if (!(t >= -1e-9 && t <= 1 + 1e-9)) continue;
            const y = yOf(t);
            ctx.moveTo(x + bar, y);
            ctx.lineTo(x + bar - style.ticks.length * 0.8, y);
            ctx.fillText(label, x + bar + pad, y);
            widest = Math.max(widest, ctx.measureText(label).width);
          }
          ctx.stroke();
          if (title) {
            ctx.save();
            ctx.font = labelFont;
            ctx.translate(x + bar + pad + widest + pad, (top + bottom) / 2);
            // Reading upwards, as a y-axis title on the right.
            ctx.rotate(-Math.PI / 2);
            ctx.textAlign = 'center';
            ctx.textBaseline = 'top';
            ctx.fillText(title, 0, 0);
            ctx.restore();
          }
          ctx.restore();
        },
      };
      chart.boxes.push(Object.assign(box, {
        _layers: () => [{ z: 0, draw: (area: ChartArea) => box.draw(area) }],
      }) as unknown as (typeof chart.boxes)[number]);
    },
  };
}
