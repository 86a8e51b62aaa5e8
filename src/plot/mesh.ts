/**
 * `pcolormesh`: values on a grid whose cells need not be equal (a logarithmic energy axis, a refined mesh),
 * each cell a vector rectangle in its value's colour, as matplotlib's `pcolormesh` draws in a PDF. Where the
 * cells are equal and many, `imshow` (one embedded bitmap) makes the smaller file.
 *
 * @module
 */
import { check, flatten, GridController, gridOf, normOf, type GridDataset, type GridOptions } from './grid.js';
import { colormap, rgbCss } from './colormaps.js';

/**
 * Cell edges from `count` edges or `count - 1` centres (matplotlib's `shading='nearest'`: edges halfway between
 * centres, the outer ones mirrored), checked finite and strictly monotonic.
 */
function edgesOf(v: ArrayLike<number>, cells: number, axis: 'x' | 'y'): Float64Array {
  const n = v.length;
  let edges: Float64Array;
  if (n === cells + 1) {
    edges = Float64Array.from(v, Number);
  } else if (n === cells) {
    edges = new Float64Array(cells + 1);
    for (let i = 1; i < cells; i++) edges[i] = (Number(v[i - 1]) + Number(v[i])) / 2;
    edges[0] = cells > 1 ? 2 * Number(v[0]) - edges[1]! : Number(v[0]) - 0.5;
    edges[cells] = cells > 1 ? 2 * Number(v[cells - 1]) - edges[cells - 1]! : Number(v[0]) + 0.5;
  } else {
    throw new RangeError(`myplot: pcolormesh: ${axis} has ${n} values; the grid has ${cells} cells along ${axis}, so give ${cells + 1} edges or ${cells} centres`);
  }
  const rising = edges[1]! > edges[0]!;
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]!)) throw new RangeError(`myplot: pcolormesh: ${axis} edge ${i} is ${edges[i]}; edges must be finite`);
    if (i > 0 && (rising ? !(edges[i]! > edges[i - 1]!) : !(edges[i]! < edges[i - 1]!))) {
      throw new RangeError(`myplot: pcolormesh: ${axis} edges must be strictly increasing or decreasing (edge ${i - 1} = ${edges[i - 1]}, edge ${i} = ${edges[i]})`);
    }
  }
  return edges;
}

/**
 * Values `c[row][column]` on cells bounded by `x` (columns + 1 edges, or one centre per column) and `y` (rows + 1
 * edges, or centres), as vector rectangles with a colorbar: matplotlib's `pcolormesh(x, y, c)`.
 *
 * @example
 * ```ts
 * import { Figure, paper, pcolormesh } from 'numbat';
 *
 * const fig = new Figure(paper);
 * const energy = [0.1, 0.3, 1, 3, 10];         // 4 cells of unequal width
 * const angle = [0, 30, 60];                    // 2 cells
 * fig.chart({ type: 'pcolormesh', data: { datasets: [pcolormesh(energy, angle, [[1, 2, 3, 4], [2, 3, 4, 5]], { colorbar: { label: '$\\sigma$' } })] } });
 * ```
 */
export function pcolormesh(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  c: ArrayLike<ArrayLike<number>>,
  options: Omit<GridOptions, 'extent'> = {},
): GridDataset {
  check(options, 'pcolormesh');
  const grid = flatten(c, 'pcolormesh', 1);
  return { ...options, type: 'pcolormesh', data: [], ...grid, xEdges: edgesOf(x, grid.nx, 'x'), yEdges: edgesOf(y, grid.ny, 'y') };
}

/**
 * Draws each cell of a {@link pcolormesh} dataset as a filled rectangle; a NaN cell stays empty, as matplotlib
 * masks it. Registered through the chart-kinds table.
 *
 * @example
 * ```ts
 * import { CHART_KINDS } from 'numbat/plot';
 * import { MeshController } from './mesh.js';
 *
 * CHART_KINDS.pcolormesh.controller === MeshController; // → true
 * ```
 */
export class MeshController extends GridController {
  static id = 'pcolormesh';

  override draw(): void {
    const d = gridOf(this);
    const { xEdges, yEdges } = d;
    if (!xEdges || !yEdges) throw new TypeError('myplot: a pcolormesh dataset needs cell edges; make it with pcolormesh(x, y, c)');
    const meta = this.getMeta();
    const px = Array.from(xEdges, (v) => meta.xScale!.getPixelForValue(v));
    const py = Array.from(yEdges, (v) => meta.yScale!.getPixelForValue(v));
    const norm = normOf(d);
    const cmap = d.cmap ?? 'viridis';
    const ctx = this.chart.ctx;
    ctx.save();
    this.clipToGrid(ctx, d);
    // A PDF viewer antialiases each rectangle's edge on its own, which shows the background through the
    // seam between two cells; each cell therefore reaches a quarter point into its neighbour (the clip keeps
    // the outer edges exact), and the next cell, drawn later, covers that overlap.
    const overlap = 0.25;
    for (let j = 0; j < d.ny; j++) {
      const top = Math.min(py[j]!, py[j + 1]!);
      const height = Math.abs(py[j + 1]! - py[j]!);
      for (let i = 0; i < d.nx; i++) {
        // NaN, or a value a log norm cannot place, maps to no colour: the cell stays blank (matplotlib masks it).
        const rgb = colormap(cmap, norm.map(d.z[j * d.nx + i]!));
        if (rgb === undefined) continue;
        ctx.fillStyle = rgbCss(rgb);
        ctx.fillRect(Math.min(px[i]!, px[i + 1]!) - overlap, top - overlap, Math.abs(px[i + 1]! - px[i]!) + 2 * overlap, height + 2 * overlap);
      }
    }
    ctx.restore();
  }
}
