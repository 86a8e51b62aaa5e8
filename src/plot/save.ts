/**
 * Writing figures: format from the file name or an option, missing directories created, each file written
 * to a temporary name beside it and renamed into place, so a reader (LaTeX, a file watcher) never sees half a
 * figure; the formats of one save land together or not at all, and a failure leaves nothing behind.
 *
 * @module
 */
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Figure } from './figure.js';
import { FORMATS, renderFigure, renderPdf, type Format, type PdfMetadata } from './render.js';

/**
 * A figure could not be written: the path, and why (the system error is the `cause`).
 *
 * @example
 * ```ts
 * import { myplot, PlotSaveError, type Figure } from 'numbat';
 *
 * const fig1 = myplot({ dir: '/proc/no-such-dir' })(function fig1(fig: Figure) {
 *   fig.chart({ type: 'bar', data: { labels: ['a'], datasets: [{ label: 'n', data: [1] }] } });
 * });
 * try {
 *   fig1();
 * } catch (e) {
 *   if (e instanceof PlotSaveError) console.error(`cannot write ${e.path}`);
 * }
 * ```
 */
export class PlotSaveError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name = 'PlotSaveError';
  constructor(
    message: string,
    /** The file that was not written. */
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Where to save and in which formats.
 *
 * @example
 * ```ts
 * import { Figure, paper, saveFigure, type SaveOptions } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'n', data: [1, 2] }] } });
 * const options: SaveOptions = { format: ['pdf', 'svg'], metadata: { title: 'Fig. 1' } };
 * saveFigure(fig, 'out/fig1', options).length; // → 2
 * ```
 */
export interface SaveOptions {
  /** Format(s). Default: the file's extension, else the style's format. */
  readonly format?: Format | readonly Format[];
  /** PNG resolution. Default: the style's. */
  readonly dpi?: number;
  /** PDF title, author, …. */
  readonly metadata?: PdfMetadata;
  /** The file operations (default: Node's); see {@link AtomicIO}. */
  readonly io?: AtomicIO;
}

function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

/**
 * One file a save writes, and the format rendered into it.
 *
 * @example
 * ```ts
 * import { outputPaths } from 'numbat/internals';
 * import type { OutputTarget } from 'numbat/plot';
 *
 * const targets: OutputTarget[] = outputPaths('out/fig1', ['pdf', 'png'], 'pdf');
 * for (const { path, format } of targets) console.log(format, path);
 * targets.map((t) => t.format); // → [ 'pdf', 'png' ]
 * ```
 */
export interface OutputTarget {
  /** Absolute path, resolved against the working directory at call time. */
  readonly path: string;
  /** The format for this file: from its extension, else from the requested formats, else the fallback. */
  readonly format: Format;
}

/**
 * The files a save writes: `file` with its extension, or `file.<format>` for each format. Throws for unknown
 * formats and for an extension that contradicts `format`.
 *
 * @example
 * ```ts
 * import { outputPaths } from 'numbat/internals';
 *
 * outputPaths('out/fig1', ['pdf', 'png'], 'pdf'); // → [ { path: '/…/out/fig1.pdf', format: 'pdf' }, { path: '/…/out/fig1.png', format: 'png' } ]
 * outputPaths('fig.svg', undefined, 'pdf')[0]!.format; // → 'svg'
 * ```
 */
export function outputPaths(file: string, format: Format | readonly Format[] | undefined, fallback: Format): OutputTarget[] {
  if (typeof file !== 'string' || file === '') throw new TypeError(`myplot: the output file must be a non-empty string, got ${String(file)}`);
  const formats = format === undefined ? undefined : typeof format === 'string' ? [format] : [...format];
  for (const f of formats ?? []) {
    if (!isFormat(f)) throw new TypeError(`myplot: unknown format '${String(f)}'; numbat writes ${FORMATS.join(', ')}`);
  }
  const ext = extname(file).slice(1).toLowerCase();
  if (ext !== '' && !/^\d+$/.test(ext)) {
    if (!isFormat(ext)) {
      throw new TypeError(`myplot: unknown format '.${ext}' in '${file}'; numbat writes ${FORMATS.map((f) => `.${f}`).join(', ')}`);
    }
    if (formats && (formats.length !== 1 || formats[0] !== ext)) {
      throw new TypeError(`myplot: '${file}' says ${ext} but format is ${formats.join(', ')}; drop the extension to write several formats`);
    }
    return [{ path: resolve(file), format: ext }];
  }
  if (formats && formats.length === 0) throw new TypeError('myplot: format must name at least one format');
  return [...new Set(formats ?? [fallback])].map((f) => ({ path: resolve(`${file}.${f}`), format: f }));
}

let counter = 0;

/**
 * The two file operations an atomic save performs, injectable so a test (or a caller with its own storage
 * layer) can observe the save between writing and renaming, or make a step fail.
 *
 * @example
 * ```ts
 * import { renameSync, writeFileSync } from 'node:fs';
 * import { writeAtomic, type AtomicIO } from 'numbat/internals';
 *
 * const io: AtomicIO = { writeFile: (p, b) => writeFileSync(p, b, { flag: 'wx' }), rename: renameSync };
 * writeAtomic('atomic.bin', new Uint8Array([1, 2, 3]), io);
 * ```
 */
export interface AtomicIO {
  /** Writes a new temporary file (it must not exist yet). */
  writeFile(path: string, bytes: Uint8Array): void;
  /** Moves a file over another, atomically on one file system. */
  rename(from: string, to: string): void;
}

// Both through node:fs's live bindings at call time (not captured at load), so instrumented fs is seen.
const NODE_IO: AtomicIO = {
  writeFile: (path, bytes) => writeFileSync(path, bytes, { flag: 'wx' }),
  rename: (from, to) => renameSync(from, to),
};

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(…, { recursive: true })` loops
 * forever on paths such as `/proc/x/y` (each `mkdir` answers ENOENT, and it retries the parent); walking up to
 * the first existing ancestor and creating each level once always ends.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(at).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (isDir === true) break;
    if (isDir === false) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
    const parent = dirname(at);
    if (parent === at) break;
    missing.push(at);
    at = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      // Another process may have made it meanwhile; anything else is final.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function saveError(target: string, what: string, error: unknown): PlotSaveError {
  const e = error as NodeJS.ErrnoException;
  return new PlotSaveError(`myplot: cannot write ${target}: ${what} (${e.code ?? e.message})`, target, { cause: error });
}

/**
 * Writes several files so that all of them land or none does: every temporary (`.<name>.<pid>.<n>.tmp`
 * beside its target) is written first; only then is each renamed into place, an existing target being kept
 * as a hard-linked backup until all renames succeeded. Any failure removes the temporaries, puts the old
 * files back, and throws a {@link PlotSaveError} naming the file that failed.
 *
 * @example
 * ```ts
 * import { writeFilesAtomic } from 'numbat/internals';
 *
 * const pdf = new TextEncoder().encode('%PDF-1.4 …');
 * const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
 * writeFilesAtomic([{ path: 'out/fig1.pdf', bytes: pdf }, { path: 'out/fig1.png', bytes: png }]); // both files, or neither
 * ```
 */
export function writeFilesAtomic(files: ReadonlyArray<{ readonly path: string; readonly bytes: Uint8Array }>, io: AtomicIO = NODE_IO): void {
  const jobs = files.map((f) => {
    const target = resolve(f.path);
    const tag = `${process.pid}.${counter++}`;
    return { target, bytes: f.bytes, tmp: resolve(dirname(target), `.${basename(target)}.${tag}.tmp`), backup: resolve(dirname(target), `.${basename(target)}.${tag}.bak`) };
  });
  const written: string[] = [];
  const cleanup = (): void => {
    for (const tmp of written) rmSync(tmp, { force: true });
  };
  for (const job of jobs) {
    try {
      makeDirectory(dirname(job.target));
    } catch (error) {
      cleanup();
      throw saveError(job.target, `cannot create the directory ${dirname(job.target)}`, error);
    }
    try {
      written.push(job.tmp);
      io.writeFile(job.tmp, job.bytes);
    } catch (error) {
      cleanup();
      throw saveError(job.target, 'writing failed', error);
    }
  }
  const done: Array<{ target: string; backup: string | undefined }> = [];
  for (const job of jobs) {
    let backup: string | undefined;
    try {
      if (jobs.length > 1 && existsSync(job.target)) {
        linkSync(job.target, job.backup);
        backup = job.backup;
      }
      io.rename(job.tmp, job.target);
      done.push({ target: job.target, backup });
    } catch (error) {
      if (backup) rmSync(backup, { force: true });
      // Undo the renames that happened: old files back, new files (that had no old one) removed.
      for (const d of done.reverse()) {
        if (d.backup) renameSync(d.backup, d.target);
        else rmSync(d.target, { force: true });
      }
      cleanup();
      throw saveError(job.target, 'writing failed', error);
    }
  }
  for (const d of done) if (d.backup) rmSync(d.backup, { force: true });
}

/**
 * Writes bytes atomically: creates missing directories, writes `.<name>.<pid>.<n>.tmp` beside the target,
 * renames it into place; on failure removes the temporary file and throws a {@link PlotSaveError}.
 *
 * @example
 * ```ts
 * import { writeAtomic } from 'numbat/internals';
 *
 * const bytes = new TextEncoder().encode('%PDF-1.4 …');
 * writeAtomic('out/figs/fig1.pdf', bytes); // creates out/figs/ if needed
 * ```
 */
export function writeAtomic(path: string, bytes: Uint8Array, io: AtomicIO = NODE_IO): void {
  writeFilesAtomic([{ path, bytes }], io);
}

/**
 * Renders a figure in each requested format and writes the files atomically, all formats together or none;
 * returns their absolute paths. Every format is rendered before anything is written, so a drawing error
 * writes no file at all.
 *
 * @example
 * ```ts
 * import { Figure, paper, saveFigure } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { labels: ['0', '1', '2'], datasets: [{ label: 'y', data: [0, 1, 4] }] } });
 * saveFigure(fig, 'out/fig1', { format: ['pdf', 'png'], dpi: 600 }); // → [ '/…/out/fig1.pdf', '/…/out/fig1.png' ]
 * ```
 */
export function saveFigure(figure: Figure, file: string, options: SaveOptions = {}): string[] {
  const targets = outputPaths(file, options.format, figure.style.format);
  const rendered = targets.map((t) => ({
    ...t,
    bytes: renderFigure(figure, t.format, { dpi: options.dpi ?? figure.style.dpi, metadata: options.metadata ?? {} }),
  }));
  writeFilesAtomic(rendered, options.io);
  return rendered.map((r) => r.path);
}

/**
 * Several figures as the pages of one PDF, as matplotlib's `PdfPages`: add figures (or let `@myplot` add
 * them with its `pages` option), then `save` once.
 *
 * @example
 * ```ts
 * import { myplot, paper, PdfPages, type Figure } from 'numbat';
 *
 * const book = new PdfPages({ title: 'All figures', author: 'A. Researcher' });
 * const drawBars = (fig: Figure, ys: number[]) => void fig.chart({ type: 'bar', data: { labels: ys.map(String), datasets: [{ label: 'y', data: ys }] } });
 * const fig1 = myplot({ style: paper, pages: book, dir: 'out', file: 'fig1' })(drawBars);
 * const fig2 = myplot({ style: paper, pages: book, dir: 'out', file: 'fig2' })(drawBars);
 * fig1([1, 2]);
 * fig2([3, 1]);
 * book.save('out/all-figures.pdf'); // → '/…/out/all-figures.pdf'
 * ```
 */
export class PdfPages {
  readonly #figures: Figure[] = [];

  constructor(
    /** Title, author, … of the document. */
    readonly metadata: PdfMetadata = {},
  ) {}

  /** Appends a figure as the next page. */
  add(figure: Figure): this {
    this.#figures.push(figure);
    return this;
  }

  /** Pages so far. */
  get pageCount(): number {
    return this.#figures.length;
  }

  /** The document's bytes. */
  render(): Buffer {
    return renderPdf(this.#figures, this.metadata);
  }

  /** Writes the document atomically (a `.pdf` path) and returns its absolute path. */
  save(file: string): string {
    const [target] = outputPaths(file, 'pdf', 'pdf');
    writeAtomic(target!.path, this.render());
    return target!.path;
  }
}
