// An outer plain array that starts empty is an array of numbers (issue 19, infer mutant in outer.ts): compiled
// code reads and grows it as plain JavaScript does, instead of rejecting it as a value it cannot read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

const log: number[] = [];
const plainLog: number[] = [];

test('an empty outer number[] is read and pushed to by compiled code', () => {
  function record(x: number): number {
    log.push(x * 2);
    return log.length * 100 + log[log.length - 1]!;
  }
  function recordPlain(x: number): number {
    plainLog.push(x * 2);
    return plainLog.length * 100 + plainLog[plainLog.length - 1]!;
  }
  const compiled = memoJit(record);
  for (const x of [1.5, 3, -2]) assert.equal(compiled(x), recordPlain(x));
  assert.deepEqual(log, plainLog);
});
