// src/parallel/index.ts (numbat/parallel): the decorator, its errors, pools, SLURM, scaling and isMain, each
// the defining module's own object and nothing more (formatProgress stays in numbat/internals); the root
// re-exports the same objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBarrel } from '../_support/barrel.js';
import * as entry from '../../src/parallel/index.js';
import * as root from '../../src/index.js';
import * as parallel from '../../src/parallel/parallel.js';
import * as errors from '../../src/parallel/errors.js';
import * as pool from '../../src/parallel/pool.js';
import * as slurm from '../../src/parallel/slurm.js';
import * as transport from '../../src/parallel/slurm-transport.js';
import * as scaling from '../../src/parallel/scaling.js';
import * as guard from '../../src/guard.js';

test('numbat/parallel exports exactly its documented names, each the defining module\'s own object', () => {
  assertBarrel(entry, [
    [parallel, ['parallel', 'asParallel']],
    [errors, ['ParallelTaskError', 'ParallelMapError', 'ParallelTimeoutError', 'WorkerCrashError', 'ParallelLocateError', 'ParallelGuardError', 'PoolClosedError']],
    [pool, ['shutdownPools']],
    [slurm, ['slurm', 'hasSbatch', 'SlurmError']],
    [scaling, ['scaling', 'scalingTable', 'SINGLE_THREAD_ENV']],
    [guard, ['isMain']],
  ]);
  assert.equal(entry.SlurmError, transport.SlurmError, 'SlurmError is the transport\'s class, re-exported by slurm.ts');
});

test('the root re-exports all of it as the same objects; formatProgress is in neither', () => {
  for (const name of Object.keys(entry)) assert.equal((root as Record<string, unknown>)[name], (entry as Record<string, unknown>)[name], name);
  assert.ok(!('formatProgress' in entry) && !('formatProgress' in root));
});
