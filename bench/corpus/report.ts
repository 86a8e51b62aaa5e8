/**
 * The corpus table, its summary and the blocking-construct counts, as Markdown, from the child processes' results.
 */
import { formatSeconds } from '../../src/index.js';
import type { CheckResult } from './check.js';
import { blockerKind } from './blockers.js';

/** Counts over the corpus. */
export interface Summary {
  readonly programs: number;
  readonly compiled: number;
  readonly identical: number;
  readonly different: number;
  readonly errors: number;
  /** Geometric mean of plain / memoJit time over the timed programs, or undefined when none was timed. */
  readonly geomeanSpeedup: number | undefined;
  readonly timed: number;
  /** Timed programs slower than 0.95× of plain. */
  readonly below095: readonly string[];
}

/**
 * The geometric mean of positive numbers.
 *
 * @example
 * ```ts
 * geomean([1, 4]); // 2
 * ```
 */
export function geomean(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

const speedup = (r: CheckResult): number | undefined =>
  r.plainSeconds !== undefined && r.jitSeconds !== undefined && r.jitSeconds > 0 ? r.plainSeconds / r.jitSeconds : undefined;

/**
 * Counts compiled, identical and different programs and the geometric-mean speed-up.
 *
 * @example
 * ```ts
 * summarize([...results.values()]).compiled;
 * ```
 */
export function summarize(results: readonly CheckResult[]): Summary {
  const ups = results.map((r) => [r.name, speedup(r)] as const).filter((e): e is readonly [string, number] => e[1] !== undefined);
  return {
    programs: results.length,
    compiled: results.filter((r) => r.status === 'identical' || r.status === 'different').length,
    identical: results.filter((r) => r.status === 'identical').length,
    different: results.filter((r) => r.status === 'different').length,
    errors: results.filter((r) => r.status === 'error').length,
    geomeanSpeedup: geomean(ups.map((e) => e[1])),
    timed: ups.length,
    below095: ups.filter((e) => e[1] < 0.95).map((e) => e[0]),
  };
}

const shorten = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function compiles(r: CheckResult): string {
  switch (r.status) {
    case 'identical':
    case 'different':
      return 'yes';
    case 'blocked':
      return `no: ${shorten(`${r.construct}: ${r.detail ?? ''}`, 70)}${r.located ? '' : ' (NO LOCATION)'}`;
    default:
      return `not checked: ${shorten(r.difference ?? '', 70)}`;
  }
}

/**
 * The per-program table.
 *
 * @example
 * ```ts
 * console.log(programTable([...results.values()]));
 * ```
 */
export function programTable(results: readonly CheckResult[]): string {
  const rows = results.map((r) => {
    const up = speedup(r);
    return [
      r.name,
      r.origin,
      compiles(r),
      r.status === 'identical' ? 'yes' : r.status === 'different' ? `**NO**: ${shorten(r.difference ?? '', 60)}` : '–',
      r.plainSeconds !== undefined ? formatSeconds(r.plainSeconds) : '',
      r.jitSeconds !== undefined ? formatSeconds(r.jitSeconds) : '',
      up !== undefined ? `${up.toFixed(2)}×` : '',
      r.firstCallMs !== undefined ? `${r.firstCallMs.toFixed(1)} ms` : '',
    ].map(cell);
  });
  const head = ['program', 'origin', 'compiles as written', 'identical', 'plain / call', 'memoJit / call', 'speed-up', 'first call (memoJit)'];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * The summary lines.
 *
 * @example
 * ```ts
 * console.log(summaryText(summarize(results)));
 * ```
 */
export function summaryText(s: Summary): string {
  const pct = s.programs ? ((100 * s.compiled) / s.programs).toFixed(0) : '0';
  return [
    `${s.compiled} of ${s.programs} programs compile as written (${pct}%); ${s.identical} identical to the plain function, ${s.different} different${s.errors ? `, ${s.errors} not checked (hang, crash or broken input)` : ''}.`,
    s.geomeanSpeedup !== undefined
      ? `Geometric-mean speed-up over plain: ${s.geomeanSpeedup.toFixed(2)}× over ${s.timed} timed programs; below 0.95×: ${s.below095.length ? s.below095.join(', ') : 'none'}.`
      : 'No program was timed.',
  ].join('\n');
}

/**
 * Blocked programs counted by the kind of their first JitError (see `blockers.ts`), most frequent first.
 *
 * @example
 * ```ts
 * console.log(blockerTable(results));
 * ```
 */
export function blockerTable(results: readonly CheckResult[]): string {
  const kinds = new Map<string, string[]>();
  for (const r of results) {
    if (r.status !== 'blocked') continue;
    const kind = blockerKind({ construct: r.construct ?? '?', detail: r.detail ?? '' });
    kinds.set(kind, [...(kinds.get(kind) ?? []), r.name]);
  }
  const rows = [...kinds].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  return [
    '| first blocking construct | programs | which |',
    '| --- | --- | --- |',
    ...rows.map(([kind, names]) => `| ${cell(kind)} | ${names.length} | ${names.join(', ')} |`),
  ].join('\n');
}
