/**
 * `@myplot`: paper figures from Chart.js, in one style, saved as vector PDF (or PNG, SVG).
 *
 * @example
 * ```ts
 * import { myplot, paper } from 'numbat/plot';
 * const fig1 = myplot({ style: paper, dir: 'figures' })(function fig1(fig, pts: { x: number; y: number }[]) {
 *   fig.chart({ type: 'line', data: { datasets: [{ label: 'data', data: pts }] } });
 * });
 * fig1(points).paths; // ['/…/figures/fig1.pdf']
 * ```
 *
 * @module
 */
export { myplot, plotted } from './myplot.js';
export type { MyplotOptions, SavedFigure, Plotted, PlotFunction, PlotResult, PlotDecorator, MethodArgs, MethodResult } from './myplot.js';
export { Figure, Panel, panelLabel } from './figure.js';
export type { Box, DrawBox, DataToPoints, PanelContent, PanelChart, ChartExtras, DrawFunction, DrawingContext, FigureLayout, AnyChartConfiguration } from './figure.js';
export { paper, presentation, defineStyle, OKABE_ITO, widthInches } from './style.js';
export type { Style, StyleOverrides, DeepPartial, FigureWidth, LegendLocation } from './style.js';
export { cmuSerif, cmuSansSerif, registerFontFamily } from './fonts.js';
export type { FontFamily } from './fonts.js';
export { renderFigure, renderPdf, renderPng, renderSvg, FORMATS } from './render.js';
export type { Format, PdfMetadata } from './render.js';
export { saveFigure, writeAtomic, outputPaths, PdfPages, PlotSaveError } from './save.js';
export type { SaveOptions, OutputTarget } from './save.js';
export { withAlpha } from './chartjs.js';
export { errorBars } from './errorbars.js';
export type { ErrorBarSpec, ErrorValue } from './errorbars.js';
export { histogram, fixedTicks } from './helpers.js';
export type { HistogramBin, FixedTickOptions } from './helpers.js';
