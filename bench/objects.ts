/**
 * Objects under `@memoJit` against the plain function, in one process: n-body written with plain objects in an
 * array and as a class whose method reads `this.bodies`, one step per call (dispatch-bound: the shape check of
 * 5 bodies × 7 fields is paid per call) and 1,000 steps per call (the compiled loop), plus a tiny function of one
 * object (`p.x += p.vx * dt`), the dispatcher's overhead per call. Both variants are this project's own code,
 * written after the Benchmarks Game's n-body algorithm (the corpus's `bg-nbody` is the public original).
 *
 * Usage: node --import tsx bench/objects.ts [--quick]. Prints median seconds per call over alternating repeats,
 * and the speed-up (plain / memoJit). The machines are shared: compare the ratios, rerun before quoting.
 */
import { memoJit } from '../src/index.js';

interface Body { x: number; y: number; z: number; vx: number; vy: number; vz: number; mass: number }

const PI = Math.PI;
const SOLAR_MASS = 4 * PI * PI;
const DAYS = 365.24;

/** The Sun and four planets, momentum offset, as the benchmark starts. */
function system(): Body[] {
  const b = (x: number, y: number, z: number, vx: number, vy: number, vz: number, m: number): Body =>
    ({ x, y, z, vx: vx * DAYS, vy: vy * DAYS, vz: vz * DAYS, mass: m * SOLAR_MASS });
  const bodies = [
    b(0, 0, 0, 0, 0, 0, 1),
    b(4.84143144246472090, -1.16032004402742839, -0.103622044471123109, 1.66007664274403694e-3, 7.69901118419740425e-3, -6.90460016972063023e-5, 9.54791938424326609e-4),
    b(8.34336671824457987, 4.12479856412430479, -0.403523417114321381, -2.76742510726862411e-3, 4.99852801234917238e-3, 2.30417297573763929e-5, 2.85885980666130812e-4),
    b(12.894369562139131, -15.111151401698631, -0.223307578892655734, 2.96460137564761618e-3, 2.37847173959480950e-3, -2.96589568540237556e-5, 4.36624404335156298e-5),
    b(15.379697114850917, -25.919314609987964, 0.179258772950371181, 2.68067772490389322e-3, 1.62824170038242295e-3, -9.51592254519715870e-5, 5.15138902046611451e-5),
  ];
  let px = 0, py = 0, pz = 0;
  for (const x of bodies) {
    px += x.vx * x.mass;
    py += x.vy * x.mass;
    pz += x.vz * x.mass;
  }
  bodies[0]!.vx = -px / SOLAR_MASS;
  bodies[0]!.vy = -py / SOLAR_MASS;
  bodies[0]!.vz = -pz / SOLAR_MASS;
  return bodies;
}

function advance(bodies: Body[], dt: number, steps: number): void {
  const n = bodies.length;
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < n; i++) {
      const bi = bodies[i]!;
      for (let j = i + 1; j < n; j++) {
        const bj = bodies[j]!;
        const dx = bi.x - bj.x, dy = bi.y - bj.y, dz = bi.z - bj.z;
        const d2 = dx * dx + dy * dy + dz * dz;
        const mag = dt / (d2 * Math.sqrt(d2));
        bi.vx -= dx * bj.mass * mag;
        bi.vy -= dy * bj.mass * mag;
        bi.vz -= dz * bj.mass * mag;
        bj.vx += dx * bi.mass * mag;
        bj.vy += dy * bi.mass * mag;
        bj.vz += dz * bi.mass * mag;
      }
    }
    for (let i = 0; i < n; i++) {
      const b = bodies[i]!;
      b.x += dt * b.vx;
      b.y += dt * b.vy;
      b.z += dt * b.vz;
    }
  }
}

/** The same algorithm as a class: the method reads the bodies through `this`. */
class PlainSystem {
  constructor(readonly bodies: Body[]) {}
  advance(dt: number, steps: number): void {
    const n = this.bodies.length;
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < n; i++) {
        const bi = this.bodies[i]!;
        for (let j = i + 1; j < n; j++) {
          const bj = this.bodies[j]!;
          const dx = bi.x - bj.x, dy = bi.y - bj.y, dz = bi.z - bj.z;
          const d2 = dx * dx + dy * dy + dz * dz;
          const mag = dt / (d2 * Math.sqrt(d2));
          bi.vx -= dx * bj.mass * mag;
          bi.vy -= dy * bj.mass * mag;
          bi.vz -= dz * bj.mass * mag;
          bj.vx += dx * bi.mass * mag;
          bj.vy += dy * bi.mass * mag;
          bj.vz += dz * bi.mass * mag;
        }
      }
      for (let i = 0; i < n; i++) {
        const b = this.bodies[i]!;
        b.x += dt * b.vx;
        b.y += dt * b.vy;
        b.z += dt * b.vz;
      }
    }
  }
}
class JitSystem extends PlainSystem {}
// The decorator applied to the same method text (a subclass keeps the plain class untouched).
JitSystem.prototype.advance = memoJit(PlainSystem.prototype.advance);

interface P { x: number; y: number; vx: number; vy: number }
function move(p: P, dt: number): number {
  p.x += p.vx * dt;
  p.y += p.vy * dt;
  return p.x;
}

const quick = process.argv.includes('--quick');
const repeats = quick ? 5 : 9;

/** Median seconds per call of `run`, autoranged to at least `minTime` per batch. */
function batches(run: (n: number) => void, n: number): number {
  const t0 = process.hrtime.bigint();
  run(n);
  return Number(process.hrtime.bigint() - t0) / 1e9 / n;
}

function compare(name: string, plain: (n: number) => void, jit: (n: number) => void): string {
  jit(3);
  plain(3);
  let n = 1;
  while (batches(plain, n) * n < (quick ? 0.02 : 0.1) && n < 1 << 24) n *= 2;
  const p: number[] = [], j: number[] = [];
  for (let r = 0; r < repeats; r++) {
    p.push(batches(plain, n));
    j.push(batches(jit, n));
  }
  const med = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const mp = med(p), mj = med(j);
  const fmt = (s: number): string => (s < 1e-6 ? `${(s * 1e9).toFixed(1)} ns` : s < 1e-3 ? `${(s * 1e6).toFixed(2)} µs` : `${(s * 1e3).toFixed(2)} ms`);
  return `| ${name} | ${fmt(mp)} | ${fmt(mj)} | ${(mp / mj).toFixed(2)}× |`;
}

// Same results first: the bench times only what is identical.
{
  const a = system(), b = system();
  advance(a, 0.01, 100);
  memoJit(advance)(b, 0.01, 100);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('objects bench: compiled n-body differs from plain');
}

const jitAdvance = memoJit(advance);
const jitMove = memoJit(move);
const bodiesP = system(), bodiesJ = system();
const sysP = new PlainSystem(system()), sysJ = new JitSystem(system());
const pP: P = { x: 0, y: 0, vx: 1, vy: 0.5 }, pJ: P = { x: 0, y: 0, vx: 1, vy: 0.5 };
const big = quick ? 100 : 1000;

// Each case keeps its own `for` loop on purpose: one shared loop calling `run()` would make that call site
// megamorphic across cases, and the few-ns calls (move, 1 step) would then time the dispatch, not the function.
const rows = [
  compare('n-body, plain objects, 1 step per call', (n) => { for (let i = 0; i < n; i++) advance(bodiesP, 0.01, 1); }, (n) => { for (let i = 0; i < n; i++) jitAdvance(bodiesJ, 0.01, 1); }),
  compare(`n-body, plain objects, ${big} steps per call`, (n) => { for (let i = 0; i < n; i++) advance(bodiesP, 0.01, big); }, (n) => { for (let i = 0; i < n; i++) jitAdvance(bodiesJ, 0.01, big); }),
  compare('n-body, class (this.bodies), 1 step per call', (n) => { for (let i = 0; i < n; i++) sysP.advance(0.01, 1); }, (n) => { for (let i = 0; i < n; i++) sysJ.advance(0.01, 1); }),
  compare(`n-body, class (this.bodies), ${big} steps per call`, (n) => { for (let i = 0; i < n; i++) sysP.advance(0.01, big); }, (n) => { for (let i = 0; i < n; i++) sysJ.advance(0.01, big); }),
  compare('move(p, dt): one object, two fields', (n) => { for (let i = 0; i < n; i++) move(pP, 1e-9); }, (n) => { for (let i = 0; i < n; i++) jitMove(pJ, 1e-9); }),
];

console.log(`Objects under memoJit vs plain JS, Node ${process.version}, medians of ${repeats} alternating repeats (shared machine: compare ratios).\n`);
console.log('| case | plain / call | memoJit / call | speed-up |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(r);
