// Options of @parallel and of one run (src/parallel/options.ts): resolveOptions fills the documented defaults,
// merges a run's options over the decorator's, refuses pool options where only run options are allowed (and
// unknown keys, listing the known ones for that place), checks each option's type and range with the caller
// named, and lets signal and timeout be cleared with an explicit undefined; defaultWorkers is the usable cores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { defaultWorkers, resolveOptions } from '../../src/parallel/options.js';
import type { Backend } from '../../src/parallel/slurm.js';

function refused(options: unknown, message: RegExp, allowPool = true): void {
  assert.throws(() => resolveOptions('g.with', options, undefined, allowPool), (e: unknown) => e instanceof TypeError && message.test(e.message), String(JSON.stringify(options)));
}

test('defaultWorkers is the number of cores Node may use, at least one', () => {
  assert.equal(defaultWorkers(), Math.max(1, availableParallelism()));
  assert.ok(defaultWorkers() >= 1);
});

test('no options (undefined or {}) resolve to the documented defaults', () => {
  for (const given of [undefined, {}]) {
    assert.deepEqual(resolveOptions('parallel', given), {
      workers: defaultWorkers(), source: false, env: undefined, maxMemoryMb: undefined, transferResults: true,
      chunksize: 'auto', progress: false, signal: undefined, timeout: undefined, onError: 'raise', backend: undefined,
    });
  }
});

test('every option given is kept', () => {
  const signal = new AbortController().signal;
  const progress = (): void => undefined;
  const backend: Backend = { name: 'fake', open: () => { throw new Error('not opened here'); } };
  const r = resolveOptions('parallel', {
    workers: 3, source: true, env: { A: '1' }, maxMemoryMb: 64.5, transferResults: false, chunksize: 7,
    progress, signal, timeout: 250, onError: 'collect', backend,
  });
  assert.deepEqual(r, {
    workers: 3, source: true, env: { A: '1' }, maxMemoryMb: 64.5, transferResults: false, chunksize: 7,
    progress, signal, timeout: 250, onError: 'collect', backend,
  });
  assert.equal(resolveOptions('p', { progress: 'force' }).progress, 'force');
  assert.equal(resolveOptions('p', { progress: true }).progress, true);
});

test('a run\'s options merge over the decorator\'s: what it does not give is the decorator\'s', () => {
  const base = resolveOptions('parallel', { workers: 2, chunksize: 8, env: { X: 'y' }, onError: 'collect', timeout: 500 });
  const merged = resolveOptions('f.with', { chunksize: 1, progress: true }, base, false);
  assert.deepEqual(merged, { ...base, chunksize: 1, progress: true });
  assert.deepEqual(base.chunksize, 8, 'the base is not changed');
  // A plain undefined leaves the base's value for ordinary options.
  assert.equal(resolveOptions('f.with', { onError: undefined, chunksize: undefined }, base, false).onError, 'collect');
});

test('an explicit undefined clears the decorator\'s signal and timeout', () => {
  const signal = new AbortController().signal;
  const base = resolveOptions('parallel', { signal, timeout: 500 });
  const cleared = resolveOptions('f.with', { signal: undefined, timeout: undefined }, base, false);
  assert.equal(cleared.signal, undefined);
  assert.equal(cleared.timeout, undefined);
  const kept = resolveOptions('f.with', {}, base, false);
  assert.equal(kept.signal, signal);
  assert.equal(kept.timeout, 500);
});

test('pool options are refused where only run options are allowed, listing the run options', () => {
  for (const key of ['workers', 'source', 'env', 'maxMemoryMb', 'transferResults', 'backend']) {
    refused({ [key]: undefined }, new RegExp(`^g\\.with: unknown option '${key}' \\(known: chunksize, progress, signal, timeout, onError\\)$`), false);
  }
});

test('an unknown option is refused, naming the caller and every known option', () => {
  refused({ worker: 2 }, /^g\.with: unknown option 'worker' \(known: chunksize, progress, signal, timeout, onError, workers, source, env, maxMemoryMb, transferResults, backend\)$/);
});

test('options that are not an object are refused', () => {
  refused(null, /^g\.with: expected an options object, got null$/);
  refused([1], /^g\.with: expected an options object, got an array$/);
  refused(4, /^g\.with: expected an options object, got the number 4$/);
});

test('workers and chunksize must be positive integers (chunksize may be \'auto\')', () => {
  for (const bad of [0, -1, 1.5, NaN, '2']) {
    refused({ workers: bad }, /^g\.with: workers must be a positive integer, got /);
    refused({ chunksize: bad }, /^g\.with: chunksize must be 'auto' or a positive integer, got /);
  }
  refused({ chunksize: 'AUTO' }, /got the string "AUTO"$/);
  assert.equal(resolveOptions('p', { chunksize: 'auto', workers: 1 }).chunksize, 'auto');
});

test('timeout and maxMemoryMb must be positive numbers; NaN and 0 are refused', () => {
  for (const bad of [0, -5, NaN, '100']) {
    refused({ timeout: bad }, /^g\.with: timeout must be a positive number of milliseconds, got /);
    refused({ maxMemoryMb: bad }, /^g\.with: maxMemoryMb must be a positive number, got /);
  }
  assert.equal(resolveOptions('p', { timeout: 0.5 }).timeout, 0.5);
});

test('booleans, progress, onError, env, signal and backend are checked for their kind', () => {
  refused({ source: 'yes' }, /^g\.with: source must be true or false, got the string "yes"$/);
  refused({ transferResults: 1 }, /^g\.with: transferResults must be true or false, got the number 1$/);
  refused({ progress: 'bar' }, /^g\.with: progress must be true, false, 'force' or a function, got the string "bar"$/);
  refused({ onError: 'ignore' }, /^g\.with: onError must be 'raise' or 'collect', got the string "ignore"$/);
  refused({ env: { A: 1 } }, /^g\.with: env must be an object of strings$/);
  refused({ env: 'A=1' }, /^g\.with: env must be an object of strings$/);
  refused({ env: null }, /^g\.with: env must be an object of strings$/);
  refused({ signal: { aborted: false } }, /^g\.with: signal must be an AbortSignal, got an Object$/);
  refused({ backend: 'slurm' }, /^g\.with: backend must be a backend such as slurm\(\{\.\.\.\}\), got the string "slurm"$/);
  refused({ backend: { name: 'x' } }, /^g\.with: backend must be a backend/);
  refused({ backend: null }, /^g\.with: backend must be a backend/);
});
