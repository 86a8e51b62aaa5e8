/**
 * Compile errors that name the user's file, line, column and construct, even though the compiler only sees
 * `fn.toString()` (which tsx/esbuild re-emit on one line).
 *
 * On the error path only, the node inspector gives the function's position in its loaded script
 * (`[[FunctionLocation]]`), the script's source and its source map; `node:module`'s `SourceMap` maps the
 * construct's generated position back to the original `.ts` line and column. Without a source map the
 * position is the loaded script's; for functions without a script (`new Function`), the position is relative
 * to the function's own source.
 *
 * @module
 */
import { Session } from 'node:inspector';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, relative } from 'node:path';
import type { Span } from './ir.js';

/**
 * Where an error is, in the user's source. Lines and columns are 1-based.
 *
 * @example
 * ```ts
 * import type { JitSourceLocation } from 'numbat';
 *
 * const where: JitSourceLocation = { file: 'src/stats.ts', line: 12, column: 5 };
 * console.log(`${where.file}:${where.line}:${where.column}`); // the form editors and terminals link
 * ```
 */
export interface SourceLocation {
  /** The file path (or URL when not a file); `undefined` when only the function's source is known. */
  readonly file: string | undefined;
  /** In `file`, or within the function's `toString()` when `file` is unknown. */
  readonly line: number;
  /** Column on that line. */
  readonly column: number;
}

/**
 * A function (or one construct in it) that memoJit cannot compile for the given argument types.
 * `file`, `line` and `column` point into the user's original source (through source maps when the code was
 * transpiled); `construct` names what was rejected, e.g. `'for…in loop'` or `'call to console.log'`.
 *
 * @example
 * ```ts
 * import { JitError, memoJit } from 'numbat';
 *
 * const countKeys = memoJit(function countKeysOf(xs: Float64Array) {
 *   let n = 0;
 *   for (const k in xs) n++;
 *   return n;
 * });
 * try {
 *   countKeys(new Float64Array(3)); // compiled on the first call, so the error comes from the call
 * } catch (e) {
 *   // The file, the line and column of the `for`, and 'for…in loop':
 *   if (e instanceof JitError) console.log(e.file, e.line, e.column, e.construct);
 * }
 * countKeys(new Float64Array(3)); // → throws JitError: …: cannot compile for…in loop in countKeysOf: for…in iterates property names; use an indexed for loop or for…of…
 * ```
 */
export class JitError extends Error {
  /** Always `'JitError'`, so stack traces and `String(error)` name the class. */
  override name = 'JitError';
  /** The user's file (a path, or a URL when not a file), when known. */
  file: string | undefined;
  /** 1-based line in {@link JitError.file}, or within the function's source when the file is unknown. */
  line: number | undefined;
  /** 1-based column. */
  column: number | undefined;
  /** What could not be compiled, in words. */
  readonly construct: string;
  /** The explanation without location. */
  readonly detail: string;
  /** Offsets into the function's `toString()`. */
  readonly span: Span | undefined;
  /** The function's `toString()`, when known. */
  source: string | undefined;
  /** The function's name, when known. */
  functionName: string | undefined;
  /** The function the error is in (a callee's, for errors in called memoJit functions), when known. */
  origin: Function | undefined;

  constructor(detail: string, options: { construct: string; span?: Span; source?: string; functionName?: string; origin?: Function }) {
    super(detail);
    this.detail = detail;
    this.construct = options.construct;
    this.span = options.span;
    this.source = options.source;
    this.functionName = options.functionName;
    this.origin = options.origin;
    this.file = undefined;
    this.line = undefined;
    this.column = undefined;
    this.message = this.format();
  }

  /** Rebuilds `message` from the fields (the compiler calls it again once it has located the error in the user's file). */
  format(snippet?: string): string {
    const where =
      this.line === undefined
        ? ''
        : this.file !== undefined
          ? `${this.file}:${this.line}:${this.column}: `
          : `line ${this.line}, column ${this.column} of ${this.functionName ? `function ${this.functionName}` : 'the function'}: `;
    const inFn = this.functionName ? ` in ${this.functionName}` : '';
    return `${where}cannot compile ${this.construct}${inFn}: ${this.detail}${snippet ? `\n${snippet}` : ''}`;
  }
}

/** Line and column (0-based) of an offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + column;
}

interface ScriptInfo {
  readonly url: string;
  readonly sourceMapURL: string;
  readonly source: string;
}

let session: Session | undefined;

/** Synchronous inspector round trip (on the main thread `post` calls back before returning). */
function post<T>(method: string, params?: object): T | undefined {
  let result: T | undefined;
  let failure: unknown;
  session!.post(method, params ?? {}, (error, value) => {
    if (error) failure = error;
    else result = value as T;
  });
  if (failure) throw failure;
  return result;
}

/** Finds the loaded script a function was defined in, and the function's 0-based position in it. */
function functionScript(fn: Function): { script: ScriptInfo; line: number; column: number } | undefined {
  session ??= (() => {
    const s = new Session();
    s.connect();
    return s;
  })();
  const key = `__numbat_locate_${process.pid}`;
  const g = globalThis as Record<string, unknown>;
  g[key] = fn;
  const scripts = new Map<string, { url: string; sourceMapURL: string }>();
  const onParsed = (message: { params: { scriptId: string; url: string; sourceMapURL?: string } }): void => {
    scripts.set(message.params.scriptId, { url: message.params.url, sourceMapURL: message.params.sourceMapURL ?? '' });
  };
  try {
    const evaluated = post<{ result: { objectId?: string } }>('Runtime.evaluate', {
      expression: `globalThis[${JSON.stringify(key)}]`,
      objectGroup: 'numbat',
    });
    const objectId = evaluated?.result.objectId;
    if (!objectId) return undefined;
    const props = post<{ internalProperties?: Array<{ name: string; value?: { value?: { scriptId: string; lineNumber: number; columnNumber: number } } }> }>(
      'Runtime.getProperties',
      { objectId, ownProperties: true },
    );
    const location = props?.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value;
    if (!location) return undefined;
    session!.on('Debugger.scriptParsed', onParsed);
    post('Debugger.enable');
    const source = post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId: location.scriptId })?.scriptSource;
    post('Debugger.disable');
    const info = scripts.get(location.scriptId);
    if (source === undefined || !info || !info.url) return undefined;
    return { script: { ...info, source }, line: location.lineNumber, column: location.columnNumber };
  } catch {
    return undefined;
  } finally {
    session!.removeListener('Debugger.scriptParsed', onParsed);
    try {
      post('Runtime.releaseObjectGroup', { objectGroup: 'numbat' });
    } catch {
      // the session may be unusable; the location is best effort
    }
    delete g[key];
  }
}

function loadSourceMap(script: ScriptInfo): SourceMap | undefined {
  const url = script.sourceMapURL;
  if (!url) return undefined;
  try {
    let json: string;
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const body = url.slice(comma + 1);
      json = meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
    } else if (script.url.startsWith('file:')) {
      json = readFileSync(resolve(dirname(fileURLToPath(script.url)), url.startsWith('file:') ? fileURLToPath(url) : url), 'utf8');
    } else return undefined;
    return new SourceMap(JSON.parse(json) as SourceMapPayload);
  } catch {
    return undefined;
  }
}

function displayPath(urlOrPath: string, base?: string): string {
  let path = urlOrPath;
  if (path.startsWith('file:')) path = fileURLToPath(path);
  else if (base && !path.startsWith('/') && !/^[a-z]+:/i.test(path)) path = resolve(dirname(base), path);
  if (!path.startsWith('/')) return path;
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/**
 * Fills in `file`, `line` and `column` of a {@link JitError} raised while compiling `fn`, and rewrites its
 * message with the location and the offending source line. Best effort: never throws.
 *
 * @example
 * ```ts
 * import { JitError, locateError } from './errors.js';
 *
 * function mean(xs: Float64Array) {
 *   return xs.reduce((a, b) => a + b) / xs.length;
 * }
 * // A compiler stage knows only the offsets into mean.toString(); locateError turns them into file:line:column.
 * const start = mean.toString().indexOf('xs.reduce');
 * const error = new JitError('a made-up reason', { construct: 'call to xs.reduce', span: { start, end: start + 9 } });
 * const located = locateError(error, mean);
 * located.message; // → '…: cannot compile call to xs.reduce in mean: a made-up reason\n…return xs.reduce((a, b) => a + b) / xs.length;…'
 * located.file?.endsWith('.ts'); // → true
 * ```
 */
export function locateError(error: JitError, fn: Function): JitError {
  try {
    const source = error.source ?? Function.prototype.toString.call(fn);
    error.source = source;
    error.functionName ??= fn.name || undefined;
    const offset = error.span?.start ?? 0;
    const found = functionScript(fn);
    let snippet: string | undefined;
    if (found) {
      const approx = offsetOf(found.script.source, found.line, found.column);
      let start = found.script.source.lastIndexOf(source, approx);
      if (start === -1) start = found.script.source.indexOf(source, Math.max(0, approx - source.length));
      if (start !== -1) {
        const generated = lineColumn(found.script.source, start + offset);
        const map = loadSourceMap(found.script);
        const entry = map?.findEntry(generated.line, generated.column) as
          | { generatedLine?: number; generatedColumn?: number; originalSource?: string; originalLine?: number; originalColumn?: number }
          | undefined;
        if (entry && entry.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
          // Within one mapped token the generated and original texts match character for character.
          const delta = entry.generatedLine === generated.line ? generated.column - (entry.generatedColumn ?? generated.column) : 0;
          const scriptPath = found.script.url.startsWith('file:') ? fileURLToPath(found.script.url) : undefined;
          error.file = displayPath(entry.originalSource, scriptPath);
          error.line = entry.originalLine + 1;
          error.column = entry.originalColumn + (delta >= 0 && delta < 40 ? delta : 0) + 1;
          snippet = sourceLine(entry.originalSource, scriptPath, error.line, error.column);
        } else {
          error.file = displayPath(found.script.url);
          error.line = generated.line + 1;
          error.column = generated.column + 1;
          snippet = caret(found.script.source.split('\n')[generated.line] ?? '', error.column);
        }
      }
    }
    if (error.line === undefined) {
      const relativeTo = lineColumn(source, offset);
      error.line = relativeTo.line + 1;
      error.column = relativeTo.column + 1;
      snippet = caret(source.split('\n')[relativeTo.line] ?? '', error.column);
    }
    error.message = error.format(snippet);
  } catch {
    // Locating is best effort: the unlocated message is still accurate.
  }
  return error;
}

function sourceLine(originalSource: string, scriptPath: string | undefined, line: number, column: number): string | undefined {
  try {
    const path = originalSource.startsWith('file:')
      ? fileURLToPath(originalSource)
      : resolve(scriptPath ? dirname(scriptPath) : process.cwd(), originalSource);
    const text = readFileSync(path, 'utf8').split('\n')[line - 1];
    return text === undefined ? undefined : caret(text, column, line);
  } catch {
    return undefined;
  }
}

/** The line with a caret under `column`; long lines are cut around it. */
function caret(text: string, column: number, line?: number): string {
  let start = 0;
  if (text.length > 100) start = Math.max(0, column - 50);
  const shown = text.slice(start, start + 100);
  const gutter = line === undefined ? '  ' : `  ${line} | `;
  return `${gutter}${shown}\n${' '.repeat(gutter.length + column - 1 - start)}^`;
}
