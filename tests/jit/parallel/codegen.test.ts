// What the JavaScript backend emits for prange regions (src/jit/parallel/codegen.ts): the `$par.run(k, …)` call
// of a region (with `$par.keep(…, v = $par.held(p, v))` for call-long copies), nothing for ordinary calls; the
// `$par.regions([...])` table in region order, no line without regions; and the inline Math.random() of a
// region, which is evaluated here with a real DrawBatch and lateDraw and must give each iteration's draws as
// the stream's definition (prangeRandom) gives them, refilling the batch only when an iteration leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prange } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { outlineRegions } from '../../../src/jit/parallel/outline.js';
import { regionCall, regionRandom, regionTable } from '../../../src/jit/parallel/codegen.js';
import { DrawBatch } from '../../../src/jit/parallel/philox-wasm.js';
import { lateDraw, prangeRandom, seedWords } from '../../../src/jit/parallel/philox.js';

const F64S = { kind: 'array', element: 'f64' } as const;

function count(n: number): number {
  let s = 0;
  for (const i of prange(n)) s += i;
  return s;
}

function twice(xs: Float64Array): void {
  for (const i of prange(xs.length)) xs[i] = i;
  xs[0] = xs[1]! + 1;
  for (const i of prange(xs.length)) xs[i] = xs[i]! * 2;
}

function noisy(xs: Float64Array): number {
  let s = 0;
  for (const i of prange(xs.length)) if (xs[i]! > 0) s += Math.random();
  return s;
}

function everyThird(xs: Float64Array): void {
  for (let i = 0; i < prange(xs.length); i += 3) if (xs[i]! > 0) xs[i] = Math.random();
}

function fixedDraws(xs: Float64Array): void {
  for (const i of prange(xs.length)) xs[i] = Math.random();
}

test('a region without held arrays is called as $par.run(k, name, ...args); the entry is an ordinary call', () => {
  const { module } = outlineRegions(lowerToIR(count, [{ kind: 'i32' }]));
  const [region, entry] = module.functions;
  assert.equal(regionCall(region!, 'R0', ['0', 'n', '0', '0', '0', 's']), '$par.run(0, R0, 0, n, 0, 0, 0, s)');
  assert.equal(regionCall(entry!, 'count', ['n']), undefined);
});

test('regions whose arrays are held for the call reassign each held variable in the same expression', () => {
  const { module } = outlineRegions(lowerToIR(twice, [F64S]));
  const calls = module.functions.map((f) => regionCall(f, `$fn_${f.name}`, ['a', 'b']));
  assert.deepEqual(calls, [
    '$par.keep($par.run(0, $fn_$region0, a, b), xs = $par.held(0, xs))',
    '$par.keep($par.run(1, $fn_$region1, a, b), xs = $par.held(0, xs))',
    undefined,
  ]);
});

test('evaluated, the keep expression runs the region first, then sets the variable to the held array, and gives the run\'s result', () => {
  const { module } = outlineRegions(lowerToIR(twice, [F64S]));
  const code = regionCall(module.functions[0]!, 'region', ['7'])!;
  const copy = new Float64Array(2);
  const calls: unknown[][] = [];
  const $par = {
    run: (k: number, f: unknown, ...args: unknown[]) => { calls.push([k, f, ...args]); return 'partials'; },
    keep: (result: unknown) => result,
    held: (p: number, v: unknown) => { calls.push(['held', p, v]); return copy; },
  };
  const original = new Float64Array(2);
  const evaluate = new Function('$par', 'region', 'xs', `const r = ${code}; return [r, xs];`);
  const [result, xs] = evaluate($par, 'REGION', original) as [unknown, unknown];
  assert.equal(result, 'partials');
  assert.equal(xs, copy);
  assert.deepEqual(calls, [[0, 'REGION', 7], ['held', 0, original]]);
});

test('regionTable lists the regions in region order, whatever the order of the module\'s functions', () => {
  const { module } = outlineRegions(lowerToIR(twice, [F64S]));
  assert.deepEqual(regionTable(module, (n) => `$fn_${n}`), ['$par.regions([$fn_$region0, $fn_$region1]);']);
  const reversed = { ...module, functions: [...module.functions].reverse() };
  assert.deepEqual(regionTable(reversed, (n) => n), ['$par.regions([$region0, $region1]);']);
});

test('regionTable gives no line for a module without regions (before outlining, or with no prange)', () => {
  assert.deepEqual(regionTable(lowerToIR(twice, [F64S]), (n) => n), []);
  assert.deepEqual(regionTable(outlineRegions(lowerToIR((x: number) => x + 1, [{ kind: 'f64' }])).module, (n) => n), []);
});

test('regionRandom is undefined outside regions, and for regions whose draws are read from strips', () => {
  const noisyModule = outlineRegions(lowerToIR(noisy, [F64S])).module;
  assert.equal(regionRandom(noisyModule.functions[1]!), undefined);
  assert.equal(regionRandom(outlineRegions(lowerToIR(count, [{ kind: 'i32' }])).module.functions[0]!), undefined);
  // Unconditional draws are numbered at compile time and read from the strip (draws.ts), not inline.
  assert.equal(regionRandom(outlineRegions(lowerToIR(fixedDraws, [F64S])).module.functions[0]!), undefined);
});

test('the batch position of an iteration is (i - base) / step; step 1 is written without the division', () => {
  const one = regionRandom(outlineRegions(lowerToIR(noisy, [F64S])).module.functions[0]!)!;
  const three = regionRandom(outlineRegions(lowerToIR(everyThird, [F64S])).module.functions[0]!)!;
  assert.match(one, /= \$pk - \$pb\)/);
  assert.doesNotMatch(one, /\/ 1\b/);
  assert.match(three, /= \(\$pk - \$pb\) \/ 3\)/);
  assert.match(three, /\$par\.batch\.fill\(\$pk, 3, \$hi,/);
});

/**
 * Evaluates a region's draw expression as generated code would: locals of the region (named as the code
 * names them), a real DrawBatch behind `$par.batch` and the real lateDraw behind `$par.late`. `draws(i, n)`
 * makes n draws in iteration i (the region resets `$pu` per iteration) and returns them.
 */
function drawMachine(code: string, seed: number, launch: number, stop: number) {
  const batch = new DrawBatch();
  let fills = 0;
  const $par = {
    batch: { fill: (...a: Parameters<DrawBatch['fill']>) => { fills++; const d = batch.fill(...a); $par.batch.count = batch.count; return d; }, count: 0 },
    late: lateDraw,
  };
  const [lo, hi] = seedWords(seed);
  const make = new Function('$par', '$hi', '$sl', '$sh', '$sn', `
    let $pk = 0, $pu = 0, $pd = new Float64Array(0), $pb = 0, $pn = 0, $pk1 = 0;
    const $pw = new Uint32Array(4);
    return (i, n) => { $pk = i; $pu = 0; const out = []; for (let j = 0; j < n; j++) out.push(${code}); return out; };`);
  const draws = make($par, stop, lo, hi, launch) as (i: number, n: number) => number[];
  return { draws, fills: () => fills };
}

test('evaluated, draws 0 and 1 come from the batch and draw 2 from lateDraw: each is prangeRandom(i, j)', () => {
  const code = regionRandom(outlineRegions(lowerToIR(noisy, [F64S])).module.functions[0]!)!;
  const seed = 2 ** 32 + 11, launch = 3;
  const m = drawMachine(code, seed, launch, 100);
  for (const i of [0, 1, 2, 5, 40, 99]) {
    const got = m.draws(i, 3);
    assert.deepEqual(got, [0, 1, 2].map((j) => prangeRandom(i, j, seed, launch)), `iteration ${i}`);
  }
});

test('evaluated, the batch is refilled only when an iteration is past its end or before its base', () => {
  const code = regionRandom(outlineRegions(lowerToIR(noisy, [F64S])).module.functions[0]!)!;
  const m = drawMachine(code, 42, 0, 100_000);
  m.draws(0, 1);
  assert.equal(m.fills(), 1);
  // A first fill holds 16 iterations (philox-wasm.ts): iterations 1..15 read it without a refill.
  for (let i = 1; i < 16; i++) assert.deepEqual(m.draws(i, 2), [prangeRandom(i, 0, 42, 0), prangeRandom(i, 1, 42, 0)]);
  assert.equal(m.fills(), 1);
  assert.deepEqual(m.draws(16, 1), [prangeRandom(16, 0, 42, 0)]);
  assert.equal(m.fills(), 2);
  // Going back before the batch's base refills from there.
  assert.deepEqual(m.draws(3, 1), [prangeRandom(3, 0, 42, 0)]);
  assert.equal(m.fills(), 3);
});

test('evaluated with step 3, iterations 0, 3, 6, … read their own draws from one batch', () => {
  const code = regionRandom(outlineRegions(lowerToIR(everyThird, [F64S])).module.functions[0]!)!;
  const m = drawMachine(code, 7, 1, 300);
  for (let i = 0; i < 300; i += 3) {
    assert.deepEqual(m.draws(i, 2), [prangeRandom(i, 0, 7, 1), prangeRandom(i, 1, 7, 1)], `iteration ${i}`);
  }
  // 100 iterations: batches of 16, 32 and 64 (growing while consecutive) cover 112 ≥ 100.
  assert.equal(m.fills(), 3);
});
