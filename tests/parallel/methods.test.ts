// @parallel on methods: `this` in every run method, @timed counting maps, @parallel over @memoJit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Sim, Kernels, timedCube } from './fixtures/sim.js';
import { shutdownPools, asParallel } from '../../src/parallel/index.js';
import { timingStats } from '../../src/timed/index.js';
import { describe } from '../../src/decorate.js';

after(() => shutdownPools());

const fallOf = (sim: Sim, h: number): number => Math.sqrt((2 * h) / sim.g) + sim.drag;

test('instance method: map, imap, uimap, starmap and with() keep the instance as `this`', async () => {
  const sim = new Sim(9.81, 0.5);
  const other = new Sim(1.62);
  assert.equal(await sim.fall(10), fallOf(sim, 10));
  assert.deepEqual(await asParallel(sim.fall).map([10, 20]), [fallOf(sim, 10), fallOf(sim, 20)]);
  assert.deepEqual(await asParallel(other.fall).map([10, 20]), [fallOf(other, 10), fallOf(other, 20)]);
  assert.deepEqual(await asParallel(sim.drop).starmap([[1, 2], [3, 4]]), [9.81 + 2, 3 * 9.81 + 4]);
  assert.deepEqual(await asParallel(sim.fall).with({ chunksize: 1 }).map([5]), [fallOf(sim, 5)]);
  const ordered: number[] = [];
  for await (const t of asParallel(sim.fall).imap([1, 2, 3])) ordered.push(t);
  assert.deepEqual(ordered, [1, 2, 3].map((h) => fallOf(sim, h)));
  const any: number[] = [];
  for await (const t of asParallel(sim.fall).uimap([1, 2, 3])) any.push(t);
  assert.deepEqual(any.sort(), [1, 2, 3].map((h) => fallOf(sim, h)).sort());
  // A method read off its instance stays bound to it, as the map needs; the view is not instance data.
  const fall = sim.fall;
  assert.equal(await fall(10), fallOf(sim, 10));
  assert.deepEqual(Object.keys(sim), ['g', 'drag']);
});

test('instance method reached through the class: a clear error, not NaN', async () => {
  await assert.rejects(asParallel(Sim.prototype.fall).map([10]), /Sim\.prototype\.fall\.map: an instance method needs its instance.*asParallel\(obj\.fall\)\.map/);
  await assert.rejects(asParallel(Sim.prototype.drop).starmap([[1, 2]]), /needs its instance/);
  assert.throws(() => asParallel(Sim.prototype.fall).imap([10]), /needs its instance/);
});

test('static method: map and starmap run with the class as `this`', async () => {
  assert.deepEqual(await asParallel(Sim.scale).map([1, 2]), [3, 6]);
  assert.deepEqual(await asParallel(Sim.scale).starmap([[4]]), [12]);
});

test('@timed @parallel: a map counts as one call, timed until it settles (per map, as documented)', async () => {
  const sim = new Sim(2);
  const before = timingStats(sim.timedFall).count;
  assert.deepEqual(await asParallel(sim.timedFall).map([1, 2, 3]), [2, 4, 6]);
  assert.equal(timingStats(sim.timedFall).count, before + 1);
  assert.equal(await sim.timedFall(5), 10);
  assert.equal(timingStats(sim.timedFall).count, before + 2);
  assert.deepEqual(await asParallel(sim.timedFall).starmap([[1]]), [2]);
  assert.equal(timingStats(sim.timedFall).count, before + 3);

  const s0 = timingStats(Sim.timedScale).count;
  assert.deepEqual(await asParallel(Sim.timedScale).map([1, 2]), [2, 4]);
  assert.deepEqual(await asParallel(Sim.timedScale).with({ chunksize: 1 }).map([3]), [6]);
  const seen: number[] = [];
  for await (const x of asParallel(Sim.timedScale).imap([1, 2])) seen.push(x);
  assert.deepEqual(seen, [2, 4]);
  // The iterator's run settles with its last item; timed records it on that settlement.
  await new Promise((r) => setImmediate(r));
  assert.equal(timingStats(Sim.timedScale).count, s0 + 3);

  timedCube.resetStats();
  assert.deepEqual(await timedCube.map([1, 2]), [1, 8]);
  assert.equal(timedCube.stats.count, 1);
  assert.ok(timedCube.stats.last > 0);
  // Leaving an iterator early ends its run: that counts too.
  for await (const x of timedCube.imap([1, 2, 3])) if (x === 1) break;
  await new Promise((r) => setImmediate(r));
  assert.equal(timedCube.stats.count, 2);
  // Bad input through the outer layer: the same errors as without it.
  await assert.rejects(timedCube.map(42 as unknown as number[]), /argument 1 is not iterable/);
  assert.throws(() => timedCube.imap(42 as unknown as number[]), /argument 1 is not iterable/);
});

test('@parallel @memoJit on a synchronous method: typed, direct calls stay synchronous, maps use the pool', async () => {
  const plain = (n: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += i * 0.5;
    return s;
  };
  const direct = Kernels.sumTo(1000);
  assert.equal(typeof direct, 'number', 'a synchronous method keeps its declared type');
  assert.equal(direct, plain(1000));
  assert.deepEqual(describe(Kernels.sumTo).map((l) => l.decorator), ['parallel', 'memoJit']);
  assert.deepEqual(await asParallel(Kernels.sumTo).map([10, 100, 1000]), [10, 100, 1000].map(plain));
  const k = new Kernels();
  assert.equal(k.norm2(3, 4), 5);
  assert.deepEqual(await asParallel(k.norm2).map([3, 5], [4, 12]), [5, 13]);
});
