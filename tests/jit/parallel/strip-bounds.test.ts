// Strip reads in range by proof (src/jit/parallel/outline.ts, draws.ts): a prange loop of step 1 with an int32
// counter reads its precomputed draws at `i - lo`, which passes/typed-bounds.ts proves in range once per strip
// (`hi - lo + BATCH <= draws.length`), so Wasm regions read the strip unchecked; other steps keep a strip counter
// of their own (checked). Results: Wasm regions = JS regions = the stream's definition on 1, 2 and 3 threads.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { outlineRegions } from '../../../src/jit/parallel/outline.js';
import { branchlessCounts } from '../../../src/jit/parallel/branchless.js';
import { regionIndex } from '../../../src/jit/parallel/outline.js';
import { elementBounds } from '../../../src/jit/passes/typed-bounds.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';
import { wasmRegionStats } from '../../../src/jit/parallel/wasm-regions.js';
import type { Expr, Loop, Stmt } from '../../../src/jit/ir.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

function ppi(npoints: number): number {
  let inside = 0;
  for (const i of prange(npoints)) {
    const x = Math.random();
    const y = Math.random();
    if (x ** 2 + y ** 2 < 1) inside += 1;
  }
  return (4 * inside) / npoints;
}

function everyThird(out: Float64Array): void {
  for (let i = 0; i < prange(out.length); i += 3) {
    const a = Math.random();
    const b = Math.random();
    out[i] = a - 2 * b;
  }
}

/** The region's loop as the Wasm backend compiles it (counters branch-free), with the statement before it. */
function regionLoop(fn: (...a: never[]) => unknown, params: Parameters<typeof lowerToIR>[1]): { loop: Loop; before: Stmt | undefined } {
  const { module } = outlineRegions(lowerToIR(fn, params));
  const region = branchlessCounts(module.functions.find((f) => regionIndex(f) === 0)!);
  const at = region.body.findIndex((s) => s.kind === 'loop');
  return { loop: region.body[at] as Loop, before: region.body[at - 1] };
}

/** The loads of the strip (the region's array parameter named `$pdr…`) directly in `loop`'s body. */
function stripLoads(loop: Loop): Expr[] {
  const out: Expr[] = [];
  const visit = (e: Expr): void => {
    if (e.op === 'load' && e.array.op === 'local' && e.array.name.startsWith('$pdr')) out.push(e);
    for (const v of Object.values(e)) if (v && typeof v === 'object' && 'op' in v) visit(v as Expr);
  };
  const walk = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      for (const v of Object.values(s)) {
        if (v && typeof v === 'object' && 'op' in v) visit(v as Expr);
        if (Array.isArray(v)) walk(v.filter((x): x is Stmt => x && typeof x === 'object' && 'kind' in x));
      }
    }
  };
  walk(loop.body);
  return out;
}

test('π of step 1 reads its two strip draws at i - lo, proved in range under conditions asked once per strip', () => {
  const { loop, before } = regionLoop(ppi, [{ kind: 'i32' }]);
  const loads = stripLoads(loop);
  assert.equal(loads.length, 2);
  const facts = elementBounds(loop, before);
  for (const load of loads) assert.ok(facts.proved.has(load), 'a strip read is proved in range');
  // i - lo (+ BATCH) >= 0 and hi - lo (+ BATCH) <= draws.length, asked once before each strip's loop
  assert.ok(facts.conditions.length > 0 && facts.conditions.length <= 4, `${facts.conditions.length} conditions`);
});

test('a step of 3 keeps a strip counter of its own: its reads stay checked', () => {
  const { loop, before } = regionLoop(everyThird, [{ kind: 'array', element: 'f64' }]);
  const loads = stripLoads(loop);
  assert.equal(loads.length, 2);
  const facts = elementBounds(loop, before);
  for (const load of loads) assert.ok(!facts.proved.has(load));
});

test('seeded π and a step-3 loop: Wasm regions = JS regions = the stream, bit for bit, on 1, 2 and 3 threads', async () => {
  const n = 5 * 1024 + 77;
  let expected = 0;
  for (let i = 0; i < n; i++) if (prangeRandom(i, 0, 11, 0) ** 2 + prangeRandom(i, 1, 11, 0) ** 2 < 1) expected += 1;
  const m = 4 * 1024 + 5;
  const third = new Float64Array(m);
  for (let i = 0; i < m; i += 3) third[i] = prangeRandom(i, 0, 11, 0) - 2 * prangeRandom(i, 1, 11, 0);
  const parallel = { minIterations: 100 };
  const variants = [memoJit({ parallel, backend: 'wasm' })(ppi), memoJit({ parallel, backend: 'js' })(ppi)];
  const thirds = [memoJit({ parallel, backend: 'wasm' })(everyThird), memoJit({ parallel, backend: 'js' })(everyThird)];
  for (const threads of [1, 2, 3]) {
    await withThreads(threads, () => {
      const before = wasmRegionStats().chunks;
      for (const f of variants) {
        memoJit.seed(11);
        assert.equal(f(n), (4 * expected) / n, `${threads} threads`);
      }
      assert.ok(wasmRegionStats().chunks > before, 'π ran in Wasm regions');
      for (const f of thirds) {
        const out = new Float64Array(m);
        memoJit.seed(11);
        f(out);
        assert.deepEqual(out, third, `${threads} threads, step 3`);
      }
    });
  }
});
