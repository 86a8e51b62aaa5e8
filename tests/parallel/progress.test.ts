// formatProgress (src/parallel/progress.ts) against tqdm's layout, worked out by hand: the eighth-block partial
// cell, the percentage floored (99.9% is not 100%), the hour clock, unknown remaining time, and the rate's
// units (s/it below one per second, k and M above 1e4 and 1e6); and ProgressReporter's final update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress, ProgressReporter } from '../../src/parallel/progress.js';
import type { ProgressState } from '../../src/parallel/options.js';

const state = (over: Partial<ProgressState>): ProgressState => ({ done: 0, total: 10, elapsed: 0, rate: 0, eta: undefined, label: '', ...over });

test('the bar fills in eighths of a cell and the percentage is floored', () => {
  // 13/40 of 10 cells = 3.25 cells: three full blocks and a quarter block (▎, two eighths).
  assert.equal(formatProgress(state({ done: 13, total: 40, elapsed: 5, rate: 2.6, eta: 10.4 })), ' 32%|███▎      | 13/40 [00:05<00:10, 2.60it/s]');
  assert.equal(formatProgress(state({ done: 999, total: 1000, elapsed: 1, rate: 999, eta: 0 })), ' 99%|█████████▉| 999/1000 [00:01<00:00, 999.00it/s]');
  assert.equal(formatProgress(state({ done: 10, total: 10, elapsed: 2, rate: 5, eta: 0 })), '100%|██████████| 10/10 [00:02<00:00, 5.00it/s]');
  assert.equal(formatProgress(state({ done: 0, total: 0, elapsed: 0, rate: 0 })), '100%|██████████| 0/0 [00:00, ?it/s]', 'an empty run is complete');
});

test('clock past an hour, unknown totals and remaining times, and the rate units', () => {
  assert.equal(formatProgress(state({ done: 5, total: undefined, elapsed: 3725, rate: 0.5, label: 'fit' })), 'fit: 5it [1:02:05, 2.00s/it]');
  assert.equal(formatProgress(state({ done: 5, total: undefined, elapsed: 1, rate: 25_000 })), '5it [00:01, 25.00kit/s]');
  assert.equal(formatProgress(state({ done: 5, total: undefined, elapsed: 1, rate: 3_500_000 })), '5it [00:01, 3.50Mit/s]');
  assert.equal(formatProgress(state({ done: 1, total: 4, elapsed: 1, rate: 1, eta: Infinity }), 4), ' 25%|█   | 1/4 [00:01<?, 1.00it/s]');
});

test('ProgressReporter reports its final update even when updates come faster than it draws', () => {
  const seen: ProgressState[] = [];
  const bar = new ProgressReporter((s) => seen.push(s), 'job', 1000);
  for (let k = 1; k <= 1000; k++) bar.update(k, k === 1000);
  assert.ok(seen.length >= 1 && seen.length < 1000, `throttled: ${seen.length} reports`);
  const last = seen.at(-1)!;
  assert.equal(last.done, 1000);
  assert.equal(last.total, 1000);
  assert.equal(last.label, 'job');
});
