/**
 * Plain against compiled for the constructs of issue 12's second refusals pass: callback methods on an array of
 * 20,000 objects (`ps.reduce`, `ps.forEach` writing fields), booleans pushed into `[]` (`signs`), objects pushed
 * into `[]` then mapped and reduced (`cloud`), and the same energy as a `for…of` loop. Plain and compiled alternate,
 * 40 batches of 10 calls after 30 warm-up calls each; median and min per call.
 *
 * Usage: node --import tsx bench/_object-callbacks.ts
 */
import { memoJit } from '../src/index.js';
type Particle = { x: number; y: number; vx: number; vy: number; m: number };
function kineticEnergy(ps: Particle[]): number { return ps.reduce((e, p) => e + 0.5 * p.m * (p.vx * p.vx + p.vy * p.vy), 0); }
function stepAll(ps: Particle[], dt: number): number { ps.forEach((p) => { p.x += p.vx * dt; p.y += p.vy * dt; }); return ps.length; }
function signs(xs: Float64Array): number { const f = []; for (const x of xs) f.push(x > 0); let c = 0; for (let i = 0; i < f.length; i++) if (f[i]) c++; return c; }
function cloud(n: number): number { const ps = []; for (let i = 0; i < n; i++) ps.push({ x: i, y: i * 0.5 }); return ps.map((p) => p.x * p.y).reduce((a, v) => a + v, 0); }
const ps: Particle[] = Array.from({ length: 20000 }, (_, i) => ({ x: i, y: -i, vx: Math.sin(i), vy: Math.cos(i), m: 1 + (i % 3) }));
const xs = Float64Array.from({ length: 20000 }, (_, i) => Math.sin(i * 7));
type Call = (...a: unknown[]) => unknown;
const cases: [string, Call, unknown[]][] = ([['kineticEnergy', kineticEnergy, [ps]], ['stepAll', stepAll, [ps, 1e-9]], ['signs', signs, [xs]], ['cloud', cloud, [20000]]] as [string, unknown, unknown[]][]).map(([n, f, a]) => [n, f as Call, a]);
for (const [name, f, args] of cases) {
  const j = memoJit(f) as Call;
  for (let w = 0; w < 30; w++) { f(...args); j(...args); }
  const tp: number[] = [], tj: number[] = [];
  for (let b = 0; b < 40; b++) {
    let t = performance.now(); for (let r = 0; r < 10; r++) f(...args); tp.push(performance.now() - t);
    t = performance.now(); for (let r = 0; r < 10; r++) j(...args); tj.push(performance.now() - t);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
  console.log(`${name}: plain ${(med(tp) / 10).toFixed(3)} ms, compiled ${(med(tj) / 10).toFixed(3)} ms (median of 40 batches of 10), min ${(Math.min(...tp) / 10).toFixed(3)} / ${(Math.min(...tj) / 10).toFixed(3)}; speed-up ${(med(tp) / med(tj)).toFixed(2)}x`);
}
function keLoop(ps: Particle[]): number { let e = 0; for (const p of ps) e += 0.5 * p.m * (p.vx * p.vx + p.vy * p.vy); return e; }
{
  const j = memoJit(keLoop), k = memoJit(kineticEnergy);
  for (let w = 0; w < 30; w++) { j(ps); k(ps); keLoop(ps); }
  const a: number[] = [], b: number[] = [], c: number[] = [];
  for (let r = 0; r < 40; r++) {
    let t = performance.now(); for (let q = 0; q < 10; q++) keLoop(ps); a.push(performance.now() - t);
    t = performance.now(); for (let q = 0; q < 10; q++) j(ps); b.push(performance.now() - t);
    t = performance.now(); for (let q = 0; q < 10; q++) k(ps); c.push(performance.now() - t);
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1]! / 10;
  console.log(`loop form: plain ${med(a).toFixed(3)}, compiled loop ${med(b).toFixed(3)}, compiled reduce ${med(c).toFixed(3)} ms`);
}
