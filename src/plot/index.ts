/**
 * `@myplot`: paper figures from Chart.js, in one style, saved as vector PDF (or PNG, SVG).
 *
 * @example
 * ```ts
 * import { myplot, paper, type Figure } from 'numbat/plot';
 *
 * const fig1 = myplot({ style: paper, dir: 'figures' })(function fig1(fig: Figure, pts: { x: number; y: number }[]) {
 *   fig.chart({ type: 'line', data: { datasets: [{ label: 'data', data: pts }] } });
 * });
 * const pts = [0, 1, 2, 3].map((x) => ({ x, y: x * x }));
 * fig1(pts).paths; // → [ '/…/figures/fig1.pdf' ]
 * ```
 *
 * @module numbat/plot
 */
export { myplot, plotted } from './myplot.js';
export type { MyplotOptions, SavedFigure, Plotted, PlotFunction, PlotResult, PlotDecorator, MethodArgs, MethodResult } from './myplot.js';
export { Figure, Panel, panelLabel } from './figure.js';
export type { Box, DrawBox, DataToPoints, PanelContent, PanelChart, ChartExtras, DrawFunction, DrawingContext, FigureLayout, AnyChartConfiguration, Inset } from './figure.js';
export type { FigureShare } from './layout.js';
export { paper, presentation, defineStyle, styleNamed, OKABE_ITO, widthInches } from './style.js';
export type { Style, StyleOverrides, DeepPartial, FigureWidth, LegendLocation } from './style.js';
export { cmuSerif, cmuSansSerif, registerFontFamily } from './fonts.js';
export type { FontFamily } from './fonts.js';
export { measureFigure } from './render.js';
export type { Format, PdfMetadata, FigureMeasure, AxisBox } from './render.js';
export type { TextBox } from './text.js';
export { CHART_KINDS } from './kinds.js';
export type { ChartKind, ChartKindName } from './kinds.js';
export { imshow, contour, contourf } from './grid.js';
export { pcolormesh } from './mesh.js';
export type { GridOptions, ContourOptions, GridDataset } from './grid.js';
export { COLORMAPS } from './colormaps.js';
export type { ColormapName, NormSpec } from './colormaps.js';
export { saveFigure, PdfPages, PlotSaveError } from './save.js';
export type { SaveOptions, OutputTarget } from './save.js';
// Rendering to a Buffer (renderPdf, renderPng, renderSvg) and atomic file writes are in numbat/internals.
export { withAlpha } from './chartjs.js';
export { errorBars } from './errorbars.js';
export type { ErrorBarSpec, ErrorValue } from './errorbars.js';
export { histogram, fixedTicks, fillBetween } from './helpers.js';
export type { HistogramBin, FixedTickOptions } from './helpers.js';
