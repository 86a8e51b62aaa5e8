/**
 * The lecture's closest pair: an O(N²) double loop over 2-D points stored as `[x, y]` rows, which numpy cannot
 * vectorize and numba compiles. Run it alone: `npx tsx examples/closest.ts`.
 */
import { memoJit, timeitWith, isMain, formatSeconds } from '../src/index.js';
import { numba } from '../bench/numba.js';
import { printTimeit, type DemoReport } from './_demo.js';
import type { JitDemoOptions } from './std.js';

/** A point in the plane, a row `[x, y]` (numpy's `(n, 2)` array is `Point[]`). */
export type Point = [number, number];

/**
 * Find the two closest points in an array of points in 2D.
 * Returns the two points, and the distance between them.
 *
 * @example
 * ```ts
 * const c_closest = memoJit(closest);
 * c_closest(uniformPoints(2000)); // [[-0.99, 0.25], [-0.99, 0.25], 0.0007]
 * ```
 */
export function closest(points: Point[]): [Point | null, Point | null, number] {
  // we will search for the two points with a minimal square distance;
  // the square distance avoids a square root for each pair of points
  let mindist2 = 999999.;
  let mdp1: Point | null = null, mdp2: Point | null = null;
  for (let i = 0; i < points.length; i++) {
    const p1 = points[i]!;
    const [x1, y1] = p1;
    for (let j = i + 1; j < points.length; j++) {
      const p2 = points[j]!;
      const [x2, y2] = p2;
      const dist2 = (x1 - x2) ** 2 + (y1 - y2) ** 2;
      if (dist2 < mindist2) {
        // squared distance is improved, keep it, as well as the two corresponding points
        mindist2 = dist2;
        mdp1 = p1;
        mdp2 = p2;
      }
    }
  }
  return [mdp1, mdp2, Math.sqrt(mindist2)];
}

/** `np.random.uniform((-1,-1), (1,1), (n,2))`: n rows `[x, y]`. */
export function uniformPoints(n: number): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < n; i++) points.push([2 * Math.random() - 1, 2 * Math.random() - 1]);
  return points;
}

/** The smallest pairwise distance by brute force, written differently on purpose (checks the ports). */
export function bruteForceMinDistance(points: readonly (readonly number[])[]): number {
  let best = Infinity;
  points.forEach((p, i) => {
    points.slice(i + 1).forEach((q) => {
      best = Math.min(best, Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!));
    });
  });
  return best;
}

/** What the closest-pair demo computed, besides the timing rows. */
export interface ClosestDemo extends DemoReport {
  readonly size: number;
  readonly points: Point[];
  readonly plain: [Point | null, Point | null, number];
  readonly compiled: [Point | null, Point | null, number];
}

const show = ([p1, p2, d]: [Point | null, Point | null, number]): string =>
  `(${p1 ? `[${p1.join(', ')}]` : 'null'}, ${p2 ? `[${p2.join(', ')}]` : 'null'}, ${d})`;

/** Runs the notebook cells: 10 points, then `n` points, `%timeit` of `closest` and `c_closest`. */
export async function demo(options: JitDemoOptions = {}): Promise<ClosestDemo> {
  const n = options.size ?? 2000;
  const timing = options.timeit ?? {};
  const c_closest = memoJit(closest); // This is equivalent to decorating with @

  const few = uniformPoints(10);
  console.log('10 random points:', few);
  console.log(`closest of the 10, plain JS: ${show(closest(few))}`);

  const points = uniformPoints(n);
  const plain = closest(points);
  console.log(`closest of ${n}, plain JS:  ${show(plain)}`);
  const compiled = c_closest(points);
  console.log(`closest of ${n}, memoJit:   ${show(compiled)}`);

  const tPlain = timeitWith({ ...timing, print: false }, closest, points);
  printTimeit('%timeit closest(points), plain JS', tPlain, timing);
  const tJit = timeitWith({ ...timing, print: false }, c_closest, points);
  printTimeit('%timeit c_closest(points), memoJit', tJit, timing);

  const py = options.numba === false ? undefined : numba('closest.py', n, 3);
  if (py) console.log(`numba (Python original, /usr/bin/python3): ${formatSeconds(py.mean_s)} per call (mean of ${py.runs}), compile ${formatSeconds(py.compile_s)}`);
  return {
    size: n,
    points,
    plain,
    compiled,
    rows: [{
      example: `closest pair of ${n} points`,
      baseline: 'plain JS ([x, y] rows)',
      baselineSeconds: tPlain.mean,
      numbat: 'memoJit',
      numbatSeconds: tJit.mean,
      numbaSeconds: py?.mean_s,
      note: `timeit means, numba's too; distance ${compiled[2].toPrecision(6)}`,
    }],
  };
}

if (isMain(import.meta.url)) await demo();
