/**
 * Launch timeouts without a timer per launch: one timer, armed for the earliest deadline, serves every
 * launch in flight. Setting and clearing a Node timer per launch costs a few microseconds, a visible share
 * of a launch that only encodes and submits; here a launch that ends before its deadline touches no timer.
 *
 * @module
 */
import { setTimeout as nodeSetTimeout } from 'node:timers';

interface Watched {
  readonly deadline: number;
  readonly expire: () => void;
}

const watched = new Set<Watched>();
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;

function arm(at: number): void {
  if (timer) clearTimeout(timer);
  timerAt = at;
  timer = nodeSetTimeout(fire, Math.max(1, Math.min(at - performance.now(), 2 ** 31 - 1)));
  // Never what keeps the process alive: a launch still waiting is kept alive by Dawn's own event polling.
  timer.unref();
}

function fire(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const w of [...watched]) {
    if (w.deadline <= now) {
      watched.delete(w);
      w.expire();
    } else next = Math.min(next, w.deadline);
  }
  if (next < Infinity) arm(next);
}

/**
 * Calls `expire` after `ms` milliseconds unless the returned function is called first.
 *
 * @example
 * ```ts
 * import { watch } from './watchdog.js';
 *
 * const unwatch = watch(120_000, () => console.log('timed out'));
 * unwatch(); // finished in time: no timer was touched
 * ```
 */
export function watch(ms: number, expire: () => void): () => void {
  const w: Watched = { deadline: performance.now() + ms, expire };
  watched.add(w);
  // The armed timer fires early for a later deadline and re-arms: only an earlier deadline re-arms now.
  if (w.deadline < timerAt) arm(w.deadline);
  return () => {
    watched.delete(w);
  };
}
