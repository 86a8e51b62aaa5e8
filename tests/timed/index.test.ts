// src/timed/index.ts (numbat/timed): timed and its reports, timeit, formatSeconds, each the defining module's
// own object and nothing more (RunningStats stays in numbat/internals); the root re-exports the same objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBarrel } from '../_support/barrel.js';
import * as entry from '../../src/timed/index.js';
import * as root from '../../src/index.js';
import * as timed from '../../src/timed/timed.js';
import * as timeit from '../../src/timed/timeit.js';
import * as format from '../../src/timed/format.js';

test('numbat/timed exports exactly its documented names, each the defining module\'s own object', () => {
  assertBarrel(entry, [
    [timed, ['timed', 'timingStats', 'timings', 'timingReport', 'timingsJSON', 'setTimingSink']],
    [timeit, ['timeit', 'timeitWith', 'timeitResult']],
    [format, ['formatSeconds']],
  ]);
});

test('the root re-exports all of it as the same objects; RunningStats is in neither', () => {
  for (const name of Object.keys(entry)) assert.equal((root as Record<string, unknown>)[name], (entry as Record<string, unknown>)[name], name);
  assert.ok(!('RunningStats' in entry) && !('RunningStats' in root));
});
