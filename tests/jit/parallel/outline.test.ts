// Outlining prange loops into regions (src/jit/parallel/outline.ts), called directly on lowered IR: each loop
// becomes a function `$regionK(lo, hi, seedLo, seedHi, launch, ...reductions, ...captures)` placed before the
// entry, numbered in source order (regionIndex); its RegionMeta gives the step, the reductions in parameter
// order with their identities, the written arrays' positions, whether it draws random numbers (then a strip
// parameter), and the loop's place; regionHeld/regionRandomNames/describeRegion read the side table; a module
// without prange comes back unchanged. The races and jumps it refuses are JitErrors with the construct and the
// exact message (located with a line through memoJit); prange.test.ts checks that several races are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitError, memoJit, prange } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { describeRegion, outlineRegions, regionHeld, regionIndex, regionRandomNames } from '../../../src/jit/parallel/outline.js';

const F64S = { kind: 'array', element: 'f64' } as const;

function many(xs: Float64Array, out: Float64Array, k: number): number {
  let s = 0, p = 1, lo = Infinity, n = 0, any = false;
  for (const i of prange(xs.length)) {
    out[i] = k * xs[i]!;
    s += xs[i]!;
    p *= 2;
    lo = Math.min(lo, xs[i]!);
    n += 1;
    any = any || xs[i]! > 0;
  }
  return s + p + lo + n + (any ? 1 : 0);
}

test('a loop becomes $region0 before the entry: bounds, seed and launch, then reductions, then captures', () => {
  const { module } = outlineRegions(lowerToIR(many, [F64S, F64S, { kind: 'f64' }]));
  assert.deepEqual(module.functions.map((f) => f.name), ['$region0', 'many']);
  const [region, entry] = module.functions;
  assert.deepEqual(region!.params.map((p) => p.name), ['$lo', '$hi', '$sl', '$sh', '$sn', 's', 'p', 'lo', 'n', 'any', 'out', 'k', 'xs']);
  assert.deepEqual(region!.params.slice(0, 2).map((p) => p.type.kind), ['i32', 'i32']);
  assert.deepEqual(entry!.params.map((p) => p.name), ['xs', 'out', 'k'], 'the entry keeps its parameters');
  assert.equal(regionIndex(region!), 0);
  assert.equal(regionIndex(entry!), undefined);
});

test('the region\'s meta: step, each reduction\'s kind, type and identity in parameter order, written arrays', () => {
  const { regions } = outlineRegions(lowerToIR(many, [F64S, F64S, { kind: 'f64' }]));
  assert.equal(regions.length, 1);
  const meta = regions[0]!;
  assert.equal(meta.step, 1);
  // A float sum starts from -0, its true identity (-0 + -0 is -0; 0 + -0 would be 0).
  assert.deepEqual(meta.reductions, [
    { kind: 'sum', type: 'f64', identity: -0 }, { kind: 'product', type: 'f64', identity: 1 },
    { kind: 'min', type: 'f64', identity: Infinity }, { kind: 'sum', type: 'f64', identity: -0 },
    { kind: 'or', type: 'bool', identity: false },
  ]);
  // Captures after the reductions are out, k, xs: out (position 0) is the array the loop writes.
  assert.deepEqual(meta.written, [0]);
  assert.equal(meta.random, false);
  assert.equal(meta.strip, 0);
  assert.equal(meta.where.functionName, 'many');
  assert.equal(meta.where.origin, many);
  assert.match(meta.where.source.slice(meta.where.span.start, meta.where.span.end), /^for\s*\(const i of/);
  assert.equal(describeRegion(meta), 'sum (f64), product (f64), min (f64), sum (f64), or (bool)');
});

function twoLoops(xs: Float64Array): void {
  for (const i of prange(xs.length)) xs[i] = i;
  xs[0] = xs[1]! + 1;
  for (let i = 0; i < prange(xs.length); i += 2) xs[i] = xs[i]! * 2;
}

test('two loops are regions 0 and 1 in source order, with their own steps; arrays serial code uses are held', () => {
  const { module, regions } = outlineRegions(lowerToIR(twoLoops, [F64S]));
  assert.deepEqual(module.functions.map((f) => [f.name, regionIndex(f)]), [['$region0', 0], ['$region1', 1], ['twoLoops', undefined]]);
  assert.deepEqual(regions.map((r) => r.step), [1, 2]);
  assert.ok(regions[0]!.where.span.end <= regions[1]!.where.span.start);
  assert.deepEqual(module.functions.map((f) => regionHeld(f)), [[['xs', 0]], [['xs', 0]], []]);
  // xs is parameter 0 of the entry, capture position 0, and serial code writes it.
  assert.deepEqual(regions.map((r) => r.callLong), [[[0, 0, true]], [[0, 0, true]]]);
  assert.equal(describeRegion(regions[0]!), '', 'no reductions');
});

function draws(xs: Float64Array): void {
  for (const i of prange(xs.length)) xs[i] = Math.random();
}

function drawsUnderIf(xs: Float64Array): void {
  for (const i of prange(xs.length)) if (xs[i]! > 0) xs[i] = Math.random();
}

test('a loop that draws is random: static draws read a strip (a parameter after launch), others name their locals', () => {
  const fixed = outlineRegions(lowerToIR(draws, [F64S]));
  assert.equal(fixed.regions[0]!.random, true);
  assert.equal(fixed.regions[0]!.strip, 1);
  assert.equal(fixed.module.functions[0]!.params.length, 5 + 1 + 1, 'bounds, seeds, launch, the strip, xs');
  assert.equal(regionRandomNames(fixed.module.functions[0]!), undefined, 'no run-time numbered draw');
  const varying = outlineRegions(lowerToIR(drawsUnderIf, [F64S]));
  assert.equal(varying.regions[0]!.random, true);
  assert.equal(varying.regions[0]!.strip, 0);
  const names = regionRandomNames(varying.module.functions[0]!)!;
  assert.equal(names.step, 1);
  assert.equal(names.stop, '$hi', 'batches stop at the region\'s end');
  assert.deepEqual([names.seedLo, names.seedHi, names.launch], ['$sl', '$sh', '$sn']);
  assert.equal(regionRandomNames(varying.module.functions[1]!), undefined);
});

test('a module without prange loops comes back as it was, with no regions', () => {
  const module = lowerToIR((x: number) => x + 1, [{ kind: 'f64' }]);
  const out = outlineRegions(module);
  assert.equal(out.module, module);
  assert.deepEqual(out.regions, []);
});

/** The JitError outlining `fn` throws. */
function refusal(fn: (...a: never[]) => unknown, params: Parameters<typeof lowerToIR>[1]): JitError {
  try {
    outlineRegions(lowerToIR(fn, params));
  } catch (e) {
    assert.ok(e instanceof JitError, String(e));
    return e;
  }
  return assert.fail('outlined without an error');
}

test('a scalar reduced two ways, or assigned without a reduction, is a race on that name', () => {
  function twoWays(xs: Float64Array): number { let s = 0; for (const i of prange(xs.length)) { s += xs[i]!; s *= 2; } return s; }
  const e = refusal(twoWays, [F64S]);
  assert.equal(e.construct, 'race on s');
  assert.match(e.message, /'s' is reduced two ways in this prange loop \(sum and product\); use one/);
  function last(xs: Float64Array): number { let v = 0; for (const i of prange(xs.length)) v = xs[i]!; return v; }
  const f = refusal(last, [F64S]);
  assert.equal(f.construct, 'race on v');
  assert.match(f.message, /'v' is assigned by every iteration of this prange loop, which is a race unless it is a reduction \(/);
});

test('break and return inside a prange loop are refused; a break of an inner plain loop is not', () => {
  function brk(xs: Float64Array): void { for (const i of prange(xs.length)) { if (xs[i]! > 0) break; xs[i] = 1; } }
  const e = refusal(brk, [F64S]);
  assert.equal(e.construct, 'break in prange');
  assert.match(e.message, /break out of a prange loop: iterations run apart, so none can end the loop/);
  function ret(xs: Float64Array): number { for (const i of prange(xs.length)) if (xs[i]! > 0) return i; return -1; }
  assert.equal(refusal(ret, [F64S]).construct, 'return in prange');
  function inner(xs: Float64Array): void {
    for (const i of prange(xs.length)) { let k = 0; for (let j = 0; j < 10; j++) { if (j > i) break; k += j; } xs[i] = k; }
  }
  assert.equal(outlineRegions(lowerToIR(inner, [F64S])).regions.length, 1);
});

test('an array written at the loop variable and read at another index, and a nested prange, are refused', () => {
  function rd(xs: Float64Array): void { for (const i of prange(xs.length - 1)) xs[i] = xs[i + 1]!; }
  const e = refusal(rd, [F64S]);
  assert.equal(e.construct, 'race on xs');
  assert.match(e.message, /'xs' is written by this prange loop at 'i' and read at another index, which another iteration may be writing \(a race\)/);
  function nested(n: number): number { let s = 0; for (const i of prange(n)) for (const j of prange(n)) s += i * j; return s; }
  const n = refusal(nested, [{ kind: 'i32' }]);
  assert.equal(n.construct, 'nested prange');
  assert.match(n.message, /a prange loop inside another prange loop: make the inner one a plain loop/);
});

test('through memoJit the refusal is located at the offending line of this file', () => {
  function shift(xs: Float64Array): void {
    for (const i of prange(xs.length - 1)) {
      xs[i + 1] = 1;
    }
  }
  const firstLine = new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1];
  assert.throws(() => memoJit({ parallel: true })(shift)(new Float64Array(4)), (e: unknown) => {
    assert.ok(e instanceof JitError, String(e));
    assert.equal(e.construct, 'race on xs');
    assert.match(e.message, /'xs' is written at an index other than the loop variable 'i'/);
    // `xs[i + 1] = 1` is three lines above the line that computed firstLine.
    assert.equal(e.line, Number(firstLine) - 3);
    return true;
  });
});
