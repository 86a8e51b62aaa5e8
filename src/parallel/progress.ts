/**
 * A tqdm-like progress bar on stderr (`40%|████      | 4/10 [00:01<00:01, 3.98it/s]`), or a callback.
 *
 * @module
 */
import type { ProgressOption, ProgressState } from './options.js';

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

function rateText(rate: number): string {
  if (!(rate > 0)) return '?it/s';
  if (rate < 1) return `${(1 / rate).toFixed(2)}s/it`;
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)}Mit/s`;
  if (rate >= 1e4) return `${(rate / 1e3).toFixed(2)}kit/s`;
  return `${rate.toFixed(2)}it/s`;
}

/**
 * One line of the bar, tqdm's layout: percentage, bar, count, elapsed<remaining, rate. Without a total,
 * only count, elapsed and rate.
 *
 * @example
 * ```ts
 * import { formatProgress } from 'numbat/internals';
 *
 * formatProgress({ done: 4, total: 10, elapsed: 1, rate: 4, eta: 1.5, label: 'fun' }, 10); // → 'fun:  40%|████      | 4/10 [00:01<00:02, 4.00it/s]'
 * formatProgress({ done: 7, total: undefined, elapsed: 2, rate: 3.5, eta: undefined, label: '' }); // → '7it [00:02, 3.50it/s]'
 * ```
 */
export function formatProgress(state: ProgressState, width = 10): string {
  const prefix = state.label ? `${state.label}: ` : '';
  const tail = `[${clock(state.elapsed)}${state.eta !== undefined ? `<${clock(state.eta)}` : ''}, ${rateText(state.rate)}]`;
  if (state.total === undefined) return `${prefix}${state.done}it ${tail}`;
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
  const cells = fraction * width;
  const full = Math.floor(cells);
  const parts = ' ▏▎▍▌▋▊▉';
  const partial = full < width ? (parts[Math.floor((cells - full) * 8)] ?? ' ') : '';
  const bar = ('█'.repeat(full) + partial).padEnd(width, ' ');
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4, ' ');
  return `${prefix}${pct}|${bar}| ${state.done}/${state.total} ${tail}`;
}

/**
 * Draws or reports the progress of one run; `update` may be called often, drawing is throttled.
 *
 * @example
 * ```ts
 * import type { ProgressState } from 'numbat';
 * import { ProgressReporter } from './progress.js';
 *
 * const seen: ProgressState[] = [];
 * const bar = new ProgressReporter((s) => seen.push(s), 'fun', 10);
 * bar.update(4);
 * bar.update(10, true); // the final update is always reported
 * seen.at(-1)?.done; // → 10
 * ```
 */
export class ProgressReporter {
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastDone = -1;
  private readonly draw: ((state: ProgressState, final: boolean) => void) | undefined;

  constructor(option: ProgressOption, private readonly label: string, private readonly total: number | undefined) {
    if (typeof option === 'function') {
      this.draw = (state) => option(state);
    } else if (option === 'force' || (option === true && process.stderr.isTTY === true && !process.env.CI)) {
      const tty = process.stderr.isTTY === true;
      this.draw = (state, final) => {
        // On a terminal the line is redrawn in place; elsewhere (forced, e.g. into a log) one line per draw.
        process.stderr.write(tty ? `\r${formatProgress(state)}\x1b[K${final ? '\n' : ''}` : `${formatProgress(state)}\n`);
      };
    }
  }

  /** Whether anything is drawn or reported. */
  get active(): boolean {
    return this.draw !== undefined;
  }

  /** The state for `done` items now. */
  state(done: number): ProgressState {
    const elapsed = (performance.now() - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = this.total !== undefined && rate > 0 ? (this.total - done) / rate : undefined;
    return { done, total: this.total, elapsed, rate, eta, label: this.label };
  }

  /** Reports `done` items; draws at most every 100 ms unless `final`. */
  update(done: number, final = false): void {
    if (!this.draw) return;
    const now = performance.now();
    if (!final && (done === this.lastDone || now - this.lastDraw < 100)) return;
    this.lastDraw = now;
    this.lastDone = done;
    this.draw(this.state(done), final);
  }
}
