/**
 * `@myplot`: every figure of a paper in one style. Before the call a {@link Figure} is made from the style;
 * the function draws on it (or returns a Chart.js configuration); after the call the figure is saved — a
 * vector PDF by default — and the call returns the saved paths and the figure.
 *
 * @module
 */
import type { ChartConfiguration, ChartType } from 'chart.js';
import { decorate, defineDecorator, describe, describeValue, type AnyFunction, type DecorationSite } from '../decorate.js';
import { Figure, type FigureLayout } from './figure.js';
import type { Format, PdfMetadata } from './render.js';
import { outputPaths, saveFigure, type PdfPages } from './save.js';
import { defineStyle, paper, styleNamed, validateStyle, type Style, type StyleOverrides } from './style.js';
import { join } from 'node:path';

/**
 * Options of {@link myplot}. Everything is optional: `myplot(fn)` draws in the {@link paper} style to `./<name>.pdf`.
 *
 * @example
 * ```ts
 * import { myplot, paper, type MyplotOptions } from 'numbat';
 *
 * const options: MyplotOptions = { style: paper, dir: 'figures', format: ['pdf', 'png'], dpi: 600, title: 'Fig. 3', author: 'A. Researcher' };
 * const paperFigure = myplot(options);
 * ```
 */
export interface MyplotOptions extends FigureLayout {
  /** The style, or its name (`'paper'`, `'presentation'`, or one defined with a `name`). Default {@link paper}. */
  readonly style?: Style | string;
  /** Changes to the style for this figure only (merged like {@link defineStyle}). */
  readonly override?: StyleOverrides;
  /** Output file, with an extension (`fig1.pdf`) or without (one file per `format`). Default `<dir>/<function name>`. */
  readonly file?: string;
  /** Directory for the default file name. Default: the working directory. */
  readonly dir?: string;
  /** Output format(s). Default: the file's extension, else the style's format (PDF for the presets). */
  readonly format?: Format | readonly Format[];
  /** PNG resolution, dots per inch. Default: the style's (300 for {@link paper}). */
  readonly dpi?: number;
  /** PDF title (document information). */
  readonly title?: string;
  /** PDF author. */
  readonly author?: string;
  /** Also append the figure as a page of this multi-page PDF. */
  readonly pages?: PdfPages;
  /** Write the figure's own file(s). Default `true`; `false` with `pages` only collects pages. */
  readonly save?: boolean;
}

/**
 * What a `@myplot` call returns.
 *
 * @example
 * ```ts
 * import { myplot, PdfPages, type Figure } from 'numbat';
 *
 * const fig1 = myplot({ dir: 'out' })(function fig1(fig: Figure, ys: number[]) {
 *   fig.chart({ type: 'line', data: { labels: ys.map(String), datasets: [{ label: 'y', data: ys }] } });
 *   return Math.max(...ys);
 * });
 * const book = new PdfPages();
 * const { paths, figure, value } = fig1([1, 3, 2]);
 * book.add(figure); // also a page of the all-figures PDF
 * console.log(paths, value); // [ '/…/out/fig1.pdf' ] 3
 * ```
 */
export interface SavedFigure<V = unknown> {
  /** Absolute paths of the files written, one per format (empty with `save: false`). */
  readonly paths: readonly string[];
  /** The figure, to render again or add to a {@link PdfPages}. */
  readonly figure: Figure;
  /** What the plotting function returned (a returned Chart.js configuration was drawn). */
  readonly value: V;
}

/**
 * The result of a plot call: a {@link SavedFigure}, or its promise when the function is async.
 *
 * @example
 * ```ts
 * import type { PlotResult, SavedFigure } from 'numbat';
 *
 * type R1 = PlotResult<void>; // SavedFigure<void>
 * type R2 = PlotResult<Promise<number>>; // Promise<SavedFigure<number>>
 * const check: [R1, R2] extends [SavedFigure<void>, Promise<SavedFigure<number>>] ? true : false = true;
 * ```
 */
export type PlotResult<R> = R extends PromiseLike<infer V> ? Promise<SavedFigure<V>> : SavedFigure<R>;

/**
 * A function decorated with {@link myplot}: the caller's arguments in, a saved figure out.
 *
 * @example
 * ```ts
 * import { myplot, presentation, type Figure, type Plotted } from 'numbat';
 *
 * const fig1: Plotted<[number[]], void> = myplot({ dir: 'out' })(function fig1(fig: Figure, ys: number[]) {
 *   fig.chart({ type: 'bar', data: { labels: ys.map(String), datasets: [{ label: 'y', data: ys }] } });
 * });
 * fig1.with({ style: presentation, format: 'png' })([1, 2, 3]); // the slide version: out/fig1.png
 * ```
 */
export interface Plotted<A extends unknown[], R, This = unknown> {
  (this: This, ...args: A): PlotResult<R>;
  /**
   * The same plotting function with some options changed (another style, file or format), e.g. a slide
   * version of a paper figure.
   */
  with(options: MyplotOptions): Plotted<A, R, This>;
}

/**
 * A plotting function: the figure first, then the caller's arguments.
 *
 * @example
 * ```ts
 * import { myplot, type PlotFunction } from 'numbat';
 *
 * const draw: PlotFunction<[number[]], void> = (fig, ys) => void fig.chart({ type: 'line', data: { labels: ys.map(String), datasets: [{ label: 'y', data: ys }] } });
 * const fig1 = myplot({ dir: 'out', file: 'line' })(draw);
 * ```
 */
export type PlotFunction<A extends unknown[], R, This = unknown> = (this: This, fig: Figure, ...args: A) => R;

/** Options with the style resolved (overrides applied), as recorded for `describe()`. */
type Resolved = Omit<MyplotOptions, 'style'> & { readonly style: Style };

function resolve(options: MyplotOptions): Resolved {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`myplot: cannot decorate ${describeValue(options)}; it accepts a function, a class method, or an options object.`);
  }
  const base = typeof options.style === 'string' ? styleNamed(options.style) : (options.style ?? paper);
  if (typeof base !== 'object' || base === null || typeof (base as Style).fontSize !== 'object') {
    throw new TypeError(`myplot: style must be a Style (paper, presentation, or defineStyle(...)), got ${describeValue(base)}`);
  }
  const style = options.override ? defineStyle(base, { name: base.name, ...options.override }) : validateStyle(base);
  if (options.dpi !== undefined && !(options.dpi > 0 && Number.isFinite(options.dpi))) {
    throw new RangeError(`myplot: dpi must be a positive number, got ${String(options.dpi)}`);
  }
  return { ...options, style };
}

function isChartConfiguration(value: unknown): value is ChartConfiguration<ChartType> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { data?: unknown }).data === 'object'
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function wrapPlot(fn: AnyFunction, resolved: Resolved, site: DecorationSite): AnyFunction {
  const options = resolved;
  const style = resolved.style;
  const name = site.name || fn.name;
  const save = options.save ?? true;
  const file = options.file ?? (name ? join(options.dir ?? '.', name) : undefined);
  if (save) {
    if (file === undefined) {
      throw new TypeError('myplot: an anonymous function has no name to save under; pass { file } (or { save: false } with pages).');
    }
    // Unknown formats and contradicting extensions fail here, when the decorator is applied, not after drawing.
    outputPaths(file, options.format, style.format);
  }
  const layout: FigureLayout = {
    ...(options.subplots !== undefined ? { subplots: options.subplots } : {}),
    ...(options.width !== undefined ? { width: options.width } : {}),
    ...(options.height !== undefined ? { height: options.height } : {}),
    ...(options.panelLabels !== undefined ? { panelLabels: options.panelLabels } : {}),
    ...(options.sharex !== undefined ? { sharex: options.sharex } : {}),
    ...(options.sharey !== undefined ? { sharey: options.sharey } : {}),
  };
  // Validate the layout now too: a bad subplots option should not wait for the first call.
  new Figure(style, layout);
  const metadata: PdfMetadata = {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.author !== undefined ? { author: options.author } : {}),
  };

  const finish = (figure: Figure, value: unknown): SavedFigure => {
    if (isChartConfiguration(value)) figure.chart(value);
    if (!figure.panels.some((p) => p.hasChart || p.content().drawings.length > 0) && figure.drawings().length === 0) {
      throw new Error(
        `myplot: ${name || 'the function'} drew nothing; call fig.chart(config), return a Chart.js configuration, or use fig.draw(...)`,
      );
    }
    const paths = save
      ? saveFigure(figure, file!, {
          ...(options.format !== undefined ? { format: options.format } : {}),
          dpi: options.dpi ?? style.dpi,
          metadata,
        })
      : [];
    options.pages?.add(figure);
    return { paths, figure, value };
  };

  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const figure = new Figure(style, layout);
    const value: unknown = fn.call(this, figure, ...args);
    if (isPromiseLike(value)) return Promise.resolve(value).then((v) => finish(figure, v));
    return finish(figure, value);
  };
  Object.defineProperty(wrapper, 'with', {
    value: (more: MyplotOptions) => decorate(spec, fn, undefined, resolve({ ...options, ...more })),
  });
  return wrapper;
}

const spec = {
  name: 'myplot',
  wrap: (fn: AnyFunction, resolved: Resolved, site: DecorationSite) => wrapPlot(fn, resolved, site),
};

/**
 * Decorates a plotting function so every call makes a figure in one style, lets the function draw, and saves
 * the figure. The function receives the {@link Figure} first, then the caller's arguments; it draws with
 * `fig.chart(config)` (Chart.js), returns a configuration, or draws with `fig.draw(ctx => …)`. The call
 * returns `{ paths, figure, value }` ({@link SavedFigure}), or a promise of it for async functions.
 *
 * As a TC39 method decorator (`@myplot(...)` on a static or instance method) the method also receives the
 * figure first at run time; TypeScript cannot change a method's declared signature, so call it through
 * {@link plotted} to get the right types.
 *
 * @example
 * ```ts
 * import { myplot, paper, plotted, type Figure } from 'numbat';
 *
 * const fig1 = myplot({ style: paper, dir: 'figures' })(function fig1(fig: Figure, t: number[], y: number[]) {
 *   fig.chart({ type: 'line', data: { datasets: [{ label: 'signal', data: t.map((x, i) => ({ x, y: y[i]! })) }] },
 *     options: { scales: { x: { type: 'linear', title: { text: 'time [s]' } }, y: { title: { text: 'amplitude' } } } } });
 * });
 * const t = Array.from({ length: 50 }, (_, i) => i / 10);
 * const { paths } = fig1(t, t.map(Math.sin));
 * paths; // → [ '/…/figures/fig1.pdf' ]
 *
 * class Paper {
 *   @myplot({ width: 'double', format: ['pdf', 'png'], dir: 'figures' })
 *   static scaling(fig: Figure, workers: number[], seconds: number[]): void {
 *     fig.chart({ type: 'line', data: { datasets: [{ label: 'time', data: workers.map((w, i) => ({ x: w, y: seconds[i]! })) }] } });
 *   }
 * }
 * plotted(Paper, 'scaling')([1, 2, 4], [4, 2.1, 1.2]).paths.length; // → 2
 * ```
 */
export function myplot<This, A extends unknown[], R>(
  fn: PlotFunction<A, R, This>,
  context: ClassMethodDecoratorContext<This, PlotFunction<A, R, This>>,
): void;
export function myplot<A extends unknown[], R>(fn: PlotFunction<A, R>): Plotted<A, R>;
export function myplot(options?: MyplotOptions): PlotDecorator;
export function myplot(...args: unknown[]): unknown {
  return entry(args);
}

const entry = defineDecorator(spec, (given) => resolve((given ?? {}) as MyplotOptions));

/**
 * What `myplot(options)` returns: a decorator for plain functions and for static or instance methods.
 *
 * @example
 * ```ts
 * import { myplot, paper, type Figure, type PlotDecorator } from 'numbat';
 *
 * const paperFigure: PlotDecorator = myplot({ style: paper, dir: 'figures' });
 * const fig1 = paperFigure(function fig1(fig: Figure) {
 *   fig.chart({ type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'n', data: [3, 5] }] } });
 * });
 * ```
 */
export interface PlotDecorator {
  // The method form comes first: TypeScript checks a decorator against the first signature that fits.
  <This, A extends unknown[], R>(fn: PlotFunction<A, R, This>, context: ClassMethodDecoratorContext<This, PlotFunction<A, R, This>>): void;
  <A extends unknown[], R>(fn: PlotFunction<A, R>): Plotted<A, R>;
}

/**
 * The caller's arguments of a plotting method (its parameters after the figure).
 *
 * @example
 * ```ts
 * import type { Figure, MethodArgs } from 'numbat';
 *
 * type A = MethodArgs<(fig: Figure, xs: number[], label: string) => void>; // [xs: number[], label: string]
 * const a: A = [[1, 2], 'label'];
 * ```
 */
export type MethodArgs<F> = F extends (fig: Figure, ...args: infer A) => unknown ? A : never;

/**
 * What a plotting method returns.
 *
 * @example
 * ```ts
 * import type { Figure, MethodResult } from 'numbat';
 *
 * type R = MethodResult<(fig: Figure) => number>; // number
 * const r: R = 3;
 * ```
 */
export type MethodResult<F> = F extends (...args: never[]) => infer R ? R : never;

function assertPlotted(fn: unknown, what: string): asserts fn is AnyFunction {
  if (typeof fn !== 'function' || describe(fn as AnyFunction)[0]?.decorator !== 'myplot') {
    throw new TypeError(`plotted: ${what} is not decorated with @myplot (outermost)`);
  }
}

/**
 * The typed call of a `@myplot` method: TypeScript keeps a decorated method's declared signature
 * (`(fig, ...args) => R`), while at run time the figure is supplied by the decorator. `plotted(obj, 'name')`
 * checks that the method is decorated and returns it bound, typed `(...args) => SavedFigure<R>`;
 * `plotted(fn)` re-types a decorated function value.
 *
 * @example
 * ```ts
 * import { histogram, myplot, plotted, type Figure } from 'numbat';
 *
 * class Paper {
 *   @myplot({ dir: 'out' }) static histogram(fig: Figure, xs: number[]): void {
 *     fig.chart({ type: 'bar', data: { datasets: [{ label: 'samples', data: histogram(xs, { bins: 5 }) }] }, options: { scales: { x: { type: 'linear' } } } });
 *   }
 * }
 * const samples = Array.from({ length: 100 }, (_, i) => Math.sin(i));
 * const { paths } = plotted(Paper, 'histogram')(samples);
 * paths; // → [ '/…/out/histogram.pdf' ]
 * ```
 */
export function plotted<T extends object, K extends keyof T>(
  owner: T,
  key: K,
): Plotted<MethodArgs<T[K]>, MethodResult<T[K]>>;
export function plotted<A extends unknown[], R>(fn: PlotFunction<A, R>): Plotted<A, R>;
export function plotted(a: unknown, key?: PropertyKey): unknown {
  if (key === undefined) {
    assertPlotted(a, describeValue(a));
    return a;
  }
  const method = (a as Record<PropertyKey, unknown>)[key];
  assertPlotted(method, `${String(key)}`);
  const bound = (...args: unknown[]): unknown => method.apply(a, args);
  Object.defineProperty(bound, 'with', {
    value: (more: MyplotOptions) => {
      const re = (method as unknown as Plotted<unknown[], unknown>).with(more);
      return Object.assign((...args: unknown[]) => (re as AnyFunction).apply(a, args), { with: re.with });
    },
  });
  return bound;
}
