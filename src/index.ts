/**
 * numbat: numba, pathos, `%timeit` and a paper-figure decorator for TypeScript on Node.js.
 *
 * The package root exports what a researcher uses: the five decorators and their options, their result and
 * error types, `Array2D`, `timeit`, and the figure helpers. Compiler and runtime internals (the JIT's
 * pipeline and IR, the WGSL generator, the PRNG, renderers, statistics) are in `numbat/internals`.
 * Names are listed one by one, not re-exported with `export *`, so that a new internal never reaches the
 * root by accident.
 *
 * @example
 * ```ts
 * import { memoJit, timeit } from 'numbat';
 *
 * const std = memoJit(function std(xs: Float64Array) {
 *   let s = 0;
 *   let s2 = 0;
 *   for (let i = 0; i < xs.length; i++) {
 *     s += xs[i]!;
 *     s2 += xs[i]! * xs[i]!;
 *   }
 *   const m = s / xs.length;
 *   return Math.sqrt(s2 / xs.length - m * m);
 * });
 * std(new Float64Array([1, 2, 3, 4])); // → 1.118033988749895
 * const xs = new Float64Array(1e5).map(Math.random);
 * timeit(std, xs); // prints: 88.6 µs ± 2.1 µs per loop (mean ± std. dev. of 7 runs, 10,000 loops each)
 * ```
 *
 * @module numbat
 */
export { describe, unwrap, original, isDecorated } from './decorate.js';
export type { AppliedDecorator, AnyFunction, Unwrapped } from './decorate.js';
export { isMain } from './guard.js';

// @timed and timeit
export { timed, timingStats, timings, timingReport, timingsJSON, setTimingSink, timeit, timeitWith, timeitResult, formatSeconds } from './timed/index.js';
export type { Timed, TimedExtras, TimedOptions, TimingStats, TimingSink, CallRecord, TimeitOptions, TimeitResult, TimeitReturn, DurationSummary } from './timed/index.js';

// @memoJit
export { memoJit, Array2D, JitError, seedRandom, prange, PrangeRange } from './jit/index.js';
export type { MemoJitOptions, Jitted, JitExtras, ArgSpec, JitType, JitElementKind, JitScalarType, JitSourceLocation, JitParallelOptions } from './jit/index.js';

// numbat memory: typed arrays in the shared memory Wasm, workers and prange use in place
export { f64, f32, i32, u32, i16, u16, i8, u8, zeros, free, isNumbatArray, memoryStats } from './memory/index.js';
export type { NumbatArray, HeapStats } from './memory/index.js';
export { scope, type MemoryScope, type DisposableMemoryScope } from './memory/scope.js';

// @parallel
export {
  parallel, asParallel, shutdownPools, scaling, scalingTable, SINGLE_THREAD_ENV, slurm, hasSbatch, SlurmError,
  ParallelTaskError, ParallelMapError, ParallelTimeoutError, WorkerCrashError, ParallelLocateError, ParallelGuardError, PoolClosedError,
} from './parallel/index.js';
export type {
  Parallel, ParallelDecorator, ParallelMethods, Zipped, SlurmOptions, ParallelOptions, RunOptions, ProgressOption, ProgressState, SerializedError,
  ScalingOptions, ScalingPoint, ScalingResult, ScalingReference, ScalingSeries,
} from './parallel/index.js';

// @gpu
export {
  gpu, DeviceArray, toDevice, deviceZeros, gpuInfo, gpuAvailable, releaseDevice,
  GpuUnavailableError, GpuDeviceLostError, GpuCompileError, GpuLaunchError, GpuUnsupportedError, GPU_ENV,
} from './gpu/index.js';
export type {
  GpuOptions, GpuKernel, GpuKernelExtras, GpuBackend, LaunchArgs, LaunchExtent, DeviceArgs, HostOrDevice, DropLeading,
  GpuTypedArray, GpuTypedArrayConstructor, DeviceHostArray, DeviceHostArrayConstructor, DeviceElement, GpuInfo, LaunchStats, Reduction, SourcePosition,
} from './gpu/index.js';

// @myplot and figures
export {
  myplot, plotted, Figure, Panel, panelLabel, paper, presentation, defineStyle, OKABE_ITO, widthInches,
  cmuSerif, cmuSansSerif, registerFontFamily, saveFigure, PdfPages, PlotSaveError, withAlpha, errorBars, histogram, fixedTicks,
  styleNamed, measureFigure, imshow, contour, contourf, pcolormesh, COLORMAPS, fillBetween,
} from './plot/index.js';
export type {
  MyplotOptions, SavedFigure, Plotted, PlotFunction, PlotResult, PlotDecorator, MethodArgs, MethodResult,
  Box, DrawBox, DataToPoints, PanelContent, PanelChart, ChartExtras, DrawFunction, DrawingContext, FigureLayout, AnyChartConfiguration,
  Style, StyleOverrides, DeepPartial, FigureWidth, LegendLocation, FontFamily, Format, PdfMetadata, SaveOptions, OutputTarget,
  ErrorBarSpec, ErrorValue, HistogramBin, FixedTickOptions,
  FigureShare, Inset, FigureMeasure, AxisBox, TextBox, GridOptions, ContourOptions, GridDataset, ColormapName, NormSpec,
} from './plot/index.js';
