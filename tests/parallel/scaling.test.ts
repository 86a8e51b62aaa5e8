import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spin } from './fixtures/math.js';
import { scaling, scalingTable, shutdownPools } from '../../src/parallel/index.js';

after(() => shutdownPools());

test('scaling times the same map per worker count and derives speed-ups against the smallest count', async () => {
  const seen: number[] = [];
  const r = await scaling(spin, [Array.from({ length: 8 }, () => 15)], { workers: [2, 1], serial: true, onPoint: (p) => seen.push(p.workers) });
  assert.deepEqual(seen, [1, 2]);
  assert.equal(r.items, 8);
  assert.equal(r.label, 'spin');
  assert.deepEqual(r.series.workers, [1, 2]);
  assert.deepEqual(r.series.idealSpeedup, [1, 2]);
  assert.equal(r.reference.workers, 1);
  const [one, two] = r.points;
  assert.equal(one!.speedup, 1);
  assert.equal(one!.efficiency, 1);
  assert.ok(one!.seconds > 0 && two!.seconds > 0);
  assert.equal(two!.speedup, one!.seconds / two!.seconds);
  assert.equal(two!.efficiency, two!.speedup / 2);
  assert.equal(two!.idealSeconds, one!.seconds / 2);
  assert.ok(r.serialSeconds !== undefined && r.serialSeconds > 0);
  const table = scalingTable(r);
  assert.match(table, /workers\s+time\s+ideal\s+speed-up\s+efficiency/);
  assert.equal(table.split('\n').length, 1 + 2 + 2);
});

test('scaling rejects bad worker lists and undecorated functions', async () => {
  await assert.rejects(scaling(spin, [[1]], { workers: [0] }), /positive integers/);
  await assert.rejects(scaling(((x: number) => x) as never, [[1]]), /decorated with @parallel/);
});
