/**
 * The axes frame: a rectangle around the plot area with major and minor tick marks on all four edges (inward
 * or outward, mirrored as the style says), drawn over the data as matplotlib draws its spines.
 *
 * @module
 */
import type { Plugin, Scale, Tick } from 'chart.js';
import type { Style } from './style.js';

function isLabelled(tick: Tick): boolean {
  const label = tick.label;
  return Array.isArray(label) ? label.some((l) => l !== '') : label !== undefined && label !== '';
}

/** Minor tick values of a linear axis: 5 per interval for steps 1, 2.5, 5 (×10ⁿ), 4 for steps of 2, as matplotlib's AutoMinorLocator. */
function minorValues(scale: Scale): number[] {
  const ticks = scale.ticks;
  if (ticks.length < 2) return [];
  const step = ticks[1]!.value - ticks[0]!.value;
  if (!(step > 0)) return [];
  // Only for evenly spaced ticks on multiples of the step (the default); user-placed ticks get no minor ones.
  const even = ticks.every((t, i) => Math.abs(t.value - ticks[0]!.value - i * step) < step * 1e-6);
  if (!even || Math.abs(ticks[0]!.value / step - Math.round(ticks[0]!.value / step)) > 1e-6) return [];
  const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
  const n = mantissa === 2 ? 4 : 5;
  const minor = step / n;
  const out: number[] = [];
  const start = Math.ceil(scale.min / minor - 1e-9);
  for (let k = start; k * minor <= scale.max + minor * 1e-9; k++) {
    if (k % n !== 0) out.push(k * minor);
  }
  return out;
}

/**
 * The axes frame and the tick marks, on top of the data as matplotlib draws its spines.
 *
 * @example
 * ```ts
 * import { paper } from 'numbat/plot';
 * import { framePlugin } from './frame.js';
 *
 * // styledConfig adds it to every cartesian chart, after the error bars and before the colorbar.
 * framePlugin(paper).id; // → 'numbatFrame'
 * ```
 */
export function framePlugin(style: Style): Plugin {
  return {
    id: 'numbatFrame',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: a } = chart;
      ctx.save();
      ctx.strokeStyle = style.foreground;
      ctx.lineWidth = style.axisWidth;
      ctx.setLineDash([]);
      ctx.lineCap = 'butt';
      const sign = style.ticks.direction === 'in' ? 1 : -1;
      const scales = Object.values(chart.scales).filter((s) => s.options.display !== false && (s.axis === 'x' || s.axis === 'y'));
      const taken = new Set(scales.map((s) => s.position));
      ctx.beginPath();
      for (const scale of scales) {
        const horizontal = scale.isHorizontal();
        const pos = scale.position;
        const opposite = { bottom: 'top', top: 'bottom', left: 'right', right: 'left' }[String(pos)];
        const mirror = style.ticks.mirror && opposite !== undefined && !taken.has(opposite as typeof pos);
        const marks: Array<[number, boolean]> = scale.ticks.map((tick, i) => [scale.getPixelForTick(i), isLabelled(tick)]);
        if (style.ticks.minor && scale.type === 'linear') {
          for (const v of minorValues(scale)) marks.push([scale.getPixelForValue(v), false]);
        }
        marks.forEach(([p, major]) => {
          const lo = horizontal ? a.left : a.top;
          const hi = horizontal ? a.right : a.bottom;
          if (!(p >= lo - 0.01 && p <= hi + 0.01)) return;
          const len = (major ? style.ticks.length : style.ticks.minorLength) * sign;
          const edges: Array<[number, number]> = [];
          if (horizontal) {
            const base = pos === 'top' ? a.top : a.bottom;
            const inward = pos === 'top' ? len : -len;
            edges.push([base, inward]);
            if (mirror) edges.push([pos === 'top' ? a.bottom : a.top, -inward]);
            for (const [y, d] of edges) {
              ctx.moveTo(p, y);
              ctx.lineTo(p, y + d);
            }
          } else {
            const base = pos === 'right' ? a.right : a.left;
            const inward = pos === 'right' ? -len : len;
            edges.push([base, inward]);
            if (mirror) edges.push([pos === 'right' ? a.left : a.right, -inward]);
            for (const [x, d] of edges) {
              ctx.moveTo(x, p);
              ctx.lineTo(x + d, p);
            }
          }
        });
      }
      ctx.stroke();
      ctx.strokeRect(a.left, a.top, a.right - a.left, a.bottom - a.top);
      ctx.restore();
    },
  };
}
