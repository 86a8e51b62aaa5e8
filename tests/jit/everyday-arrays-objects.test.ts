// Everyday numeric functions as public JS writes them (statistics, geometry, particles as arrays of objects, small
// sorts and filters), using what issue 12's refusals were: returned ?: of arrays, booleans pushed into [], objects
// pushed into [] and arrays of objects passed in, and map/forEach/reduce/some/every/filter/findIndex on them. Each
// is compared with the plain function by agreeCompiled (Object.is per number, writes into the caller's arrays and
// objects, exception class and message) on several inputs, empty ones included; a few expected values are worked
// out by hand beside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreeCompiled } from './statements/agree.js';

type Pt = { x: number; y: number };
type Particle = { x: number; y: number; vx: number; vy: number; m: number };
type Item = { value: number; weight: number };

class Vec {
  constructor(public x: number, public y: number) {}
}

const particles = (): Particle[] => [
  { x: 0, y: 0, vx: 1, vy: 0.5, m: 2 },
  { x: 3, y: -1, vx: -0.5, vy: 0, m: 1 },
  { x: -2, y: 4, vx: 0, vy: -1, m: 0.5 },
  { x: 1.5, y: -0, vx: 2, vy: 2, m: 3 },
];
const points = (): Pt[] => [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 3 }, { x: 0, y: 3 }];
const samples: Float64Array[] = [Float64Array.of(3, -1, 4, 1, -5, 9, 2, -6), Float64Array.of(NaN, 0, -0, 1), new Float64Array(0), Float64Array.of(2.5)];

// ------------------------------------------------------------------------------- statistics on arrays

function outlierFlags(xs: Float64Array, k: number): boolean[] {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  const sd = Math.sqrt(v / xs.length);
  const flags = [];
  for (let i = 0; i < xs.length; i++) flags.push(Math.abs(xs[i]! - mean) > k * sd);
  return flags;
}

function countTrue(xs: Float64Array): number {
  const above = [];
  for (const x of xs) above.push(x > 0);
  let c = 0;
  for (let i = 0; i < above.length; i++) if (above[i]) c++;
  return c * 100 + above.length;
}

function signChanges(xs: Float64Array): number {
  const pos = [];
  for (const x of xs) pos.push(x >= 0);
  let changes = 0;
  for (let i = 1; i < pos.length; i++) if (pos[i] !== pos[i - 1]) changes++;
  return changes;
}

function quantileOrEmpty(xs: Float64Array, q: number): number[] {
  if (xs.length === 0) return [];
  const sorted = Array.from(xs).sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return pos === lo ? [sorted[lo]!] : [sorted[lo]!, sorted[lo + 1]!];
}

function rangeOrNone(xs: Float64Array): number[] {
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return xs.length > 0 ? [lo, hi] : [];
}

function noneOrEmpty(c: boolean): number[] {
  return c ? [] : Array(0);
}

function runsAbove(xs: Float64Array, t: number): number[] {
  const runs = [];
  let run = 0;
  for (const x of xs) {
    if (x > t) run++;
    else if (run > 0) {
      runs.push(run);
      run = 0;
    }
  }
  if (run > 0) runs.push(run);
  return runs;
}

function sieve(n: number): number[] {
  const composite = Array(n + 1).fill(false);
  const primes = [];
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    primes.push(i);
    for (let j = i * i; j <= n; j += i) composite[j] = true;
  }
  return primes;
}

function visitedWalk(steps: Float64Array, n: number): number {
  const seen = [];
  for (let i = 0; i < n; i++) seen.push(false);
  let at = 0, visits = 0;
  for (const s of steps) {
    at = (at + Math.abs(Math.trunc(s))) % n;
    if (!seen[at]) visits++;
    seen[at] = true;
  }
  return visits;
}

// ------------------------------------------------------------------------------- geometry on objects

function centroid(ps: Pt[]): number[] {
  const n = ps.length;
  return n === 0 ? [] : [ps.reduce((a, p) => a + p.x, 0) / n, ps.reduce((a, p) => a + p.y, 0) / n];
}

function polygonArea(ps: Pt[]): number {
  let a = 0;
  ps.forEach((p, i) => {
    const q = ps[(i + 1) % ps.length]!;
    a += p.x * q.y - q.x * p.y;
  });
  return Math.abs(a) / 2;
}

function perimeter(ps: Pt[]): number {
  return ps.map((p, i) => Math.hypot(ps[(i + 1) % ps.length]!.x - p.x, ps[(i + 1) % ps.length]!.y - p.y)).reduce((a, d) => a + d, 0);
}

function boundingBox(ps: Pt[]): number[] {
  if (ps.length === 0) return [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of ps) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  return [x0, y0, x1, y1];
}

function insideCircle(ps: Pt[], r: number): boolean[] {
  return ps.map((p) => p.x * p.x + p.y * p.y <= r * r);
}

function allInBox(ps: Pt[], w: number, h: number): boolean {
  return ps.every((p) => p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h);
}

function anyOnAxis(ps: Pt[]): boolean {
  return ps.some((p) => p.x === 0 || p.y === 0);
}

function farthestIndex(ps: Pt[]): number {
  let best = -1, bestD = -1;
  ps.forEach((p, i) => {
    const d = p.x * p.x + p.y * p.y;
    if (d > bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

function grid(n: number): number {
  const pts = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pts.push({ x: i / n, y: j / n });
  return pts.filter((p) => p.x * p.x + p.y * p.y < 1).length / pts.length;
}

function translated(ps: Pt[], dx: number, dy: number): Pt[] {
  return ps.map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

function vecSum(vs: Vec[]): number {
  const sx = vs.reduce((a, v) => a + v.x, 0);
  const sy = vs.reduce((a, v) => a + v.y, 0);
  return Math.hypot(sx, sy);
}

function normalizeAll(vs: Vec[]): number {
  vs.forEach((v) => {
    const len = Math.hypot(v.x, v.y);
    v.x /= len;
    v.y /= len;
  });
  return vs.length;
}

// ------------------------------------------------------------------------------- particles

function kineticEnergy(ps: Particle[]): number {
  return ps.reduce((e, p) => e + 0.5 * p.m * (p.vx * p.vx + p.vy * p.vy), 0);
}

function stepAll(ps: Particle[], dt: number): number {
  ps.forEach((p) => {
    p.x += p.vx * dt;
    p.y += p.vy * dt;
  });
  return ps.reduce((a, p) => a + p.x, 0);
}

function bounce(ps: Particle[], w: number): number {
  let hits = 0;
  ps.forEach((p) => {
    if (p.x < 0 || p.x > w) {
      p.vx = -p.vx;
      hits++;
    }
  });
  return hits;
}

function centreOfMass(ps: Particle[]): number[] {
  const m = ps.reduce((a, p) => a + p.m, 0);
  return m === 0 ? [] : [ps.reduce((a, p) => a + p.m * p.x, 0) / m, ps.reduce((a, p) => a + p.m * p.y, 0) / m];
}

function heavyOnes(ps: Particle[], t: number): number {
  const heavy = ps.filter((p) => p.m >= t);
  return heavy.reduce((a, p) => a + p.m, 0) * 10 + heavy.length;
}

function firstMovingLeft(ps: Particle[]): number {
  return ps.findIndex((p) => p.vx < 0);
}

function spawn(n: number, seed: number): number {
  const ps = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    ps.push({ x: s / 2147483647, y: i, vx: 0, vy: 0, m: 1 + (i % 3) });
  }
  return ps.map((p) => p.x * p.m).reduce((a, v) => a + v, 0);
}

function momenta(ps: Particle[]): number[] {
  return ps.map((p) => p.m * Math.hypot(p.vx, p.vy));
}

function allStill(ps: Particle[]): boolean {
  return ps.every((p) => p.vx === 0 && p.vy === 0);
}

// ------------------------------------------------------------------------------- small sorts and selections

function bestItems(items: Item[], cap: number): number {
  // greedy knapsack by value density: indices by density, by selection sort
  const order: number[] = [];
  for (let i = 0; i < items.length; i++) order.push(i);
  for (let i = 0; i < order.length; i++) {
    let best = i;
    for (let j = i + 1; j < order.length; j++) {
      const a = items[order[j]!]!, b = items[order[best]!]!;
      if (a.value / a.weight > b.value / b.weight) best = j;
    }
    const t = order[i]!; order[i] = order[best]!; order[best] = t;
  }
  let load = 0, value = 0;
  for (const k of order) {
    if (load + items[k]!.weight <= cap) {
      load += items[k]!.weight;
      value += items[k]!.value;
    }
  }
  return value;
}

function taken(items: Item[], cap: number): boolean[] {
  const take = [];
  let load = 0;
  for (const it of items) {
    const fits = load + it.weight <= cap;
    take.push(fits);
    if (fits) load += it.weight;
  }
  return take;
}

function insertionSortedXs(ps: Pt[]): number[] {
  const xs = ps.map((p) => p.x);
  for (let i = 1; i < xs.length; i++) {
    const v = xs[i]!;
    let j = i - 1;
    while (j >= 0 && xs[j]! > v) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = v;
  }
  return xs;
}

function positiveValues(items: Item[]): number {
  return items.filter((it) => it.value > 0).map((it) => it.value).reduce((a, v) => a + v, 0);
}

function copyHeavy(items: Item[], t: number): Item[] {
  const out = [];
  for (const it of items) if (it.weight > t) out.push({ value: it.value, weight: it.weight });
  return out;
}

const items = (): Item[] => [{ value: 60, weight: 10 }, { value: 100, weight: 20 }, { value: 120, weight: 30 }, { value: -5, weight: 1 }];

test('statistics with booleans pushed into [] and returned ?: of arrays agree with the plain functions', () => {
  for (const xs of samples) {
    agreeCompiled(outlierFlags, xs, 1);
    agreeCompiled(countTrue, xs);
    agreeCompiled(signChanges, xs);
    agreeCompiled(rangeOrNone, xs);
    agreeCompiled(runsAbove, xs, 0);
    agreeCompiled(visitedWalk, xs, 5);
    for (const q of [0, 0.5, 0.25]) agreeCompiled(quantileOrEmpty, xs, q);
  }
  assert.deepEqual(agreeCompiled(outlierFlags, Float64Array.of(0, 0, 0, 10), 1), [false, false, false, true]);
  assert.equal(agreeCompiled(signChanges, Float64Array.of(1, -1, 1, 1)), 2);
  assert.deepEqual(agreeCompiled(noneOrEmpty, true), []);
  assert.deepEqual(agreeCompiled(noneOrEmpty, false), []);
  assert.deepEqual(agreeCompiled(sieve, 20), [2, 3, 5, 7, 11, 13, 17, 19]);
  assert.deepEqual(agreeCompiled(sieve, 1), []);
});

test('geometry on arrays of points (plain objects and class instances) agrees with the plain functions', () => {
  for (const ps of [points(), [{ x: -1.5, y: 2 }], []]) {
    agreeCompiled(centroid, ps);
    agreeCompiled(polygonArea, ps);
    agreeCompiled(perimeter, ps);
    agreeCompiled(boundingBox, ps);
    agreeCompiled(insideCircle, ps, 3);
    agreeCompiled(allInBox, ps, 4, 3);
    agreeCompiled(anyOnAxis, ps);
    agreeCompiled(farthestIndex, ps);
    agreeCompiled(translated, ps, 0.5, -0);
    agreeCompiled(insertionSortedXs, ps);
  }
  assert.deepEqual(agreeCompiled(centroid, points()), [2, 1.5]);
  assert.equal(agreeCompiled(polygonArea, points()), 12);
  assert.equal(agreeCompiled(perimeter, points()), 14);
  for (const n of [1, 4, 10]) agreeCompiled(grid, n);
  assert.equal(agreeCompiled(grid, 2), 1); // (0, 0), (0, .5), (.5, 0), (.5, .5): all inside the unit circle
  const vs = (): Vec[] => [new Vec(3, 4), new Vec(-1, 0), new Vec(0, 0)];
  assert.equal(agreeCompiled(vecSum, vs()), Math.hypot(2, 4));
  assert.equal(agreeCompiled(normalizeAll, vs()), 3); // (0, 0) becomes NaN, NaN in both
});

test('particles as arrays of objects: energies, steps written into the caller\'s objects, spawning by push', () => {
  for (const ps of [particles(), particles().slice(0, 1), []]) {
    agreeCompiled(kineticEnergy, ps);
    agreeCompiled(stepAll, ps, 0.1);
    agreeCompiled(bounce, ps, 2);
    agreeCompiled(centreOfMass, ps);
    agreeCompiled(heavyOnes, ps, 1);
    agreeCompiled(firstMovingLeft, ps);
    agreeCompiled(momenta, ps);
    agreeCompiled(allStill, ps);
  }
  assert.equal(agreeCompiled(kineticEnergy, particles()), 0.5 * 2 * 1.25 + 0.5 * 1 * 0.25 + 0.5 * 0.5 * 1 + 0.5 * 3 * 8);
  assert.equal(agreeCompiled(firstMovingLeft, particles()), 1);
  const one = particles()[0]!;
  agreeCompiled(stepAll, [one, one], 1); // one object twice: moved twice, as in JS
  for (const n of [0, 1, 7]) agreeCompiled(spawn, n, 42);
});

test('small sorts and selections over arrays of objects agree with the plain functions', () => {
  for (const cap of [0, 10, 50, 61]) {
    agreeCompiled(bestItems, items(), cap);
    agreeCompiled(taken, items(), cap);
    agreeCompiled(copyHeavy, items(), cap / 3);
  }
  assert.equal(agreeCompiled(bestItems, items(), 50), 60 + 100 - 5); // by density 6, 5, 4, -5: weights 10 and 20 fit, 30 not, 1 fits
  assert.deepEqual(agreeCompiled(taken, items(), 30), [true, true, false, false]);
  assert.equal(agreeCompiled(positiveValues, items()), 280);
  assert.equal(agreeCompiled(positiveValues, []), 0);
});
