// Compile-time numbered draws (src/jit/parallel/draws.ts), on loop bodies lowered with lowerToIR as the module's
// examples do: countDraws counts Math.random() as written (under if, in loops, two in one expression);
// staticDraws replaces, in statement order, at most STRIP_DRAWS single draws reached only through eager operators
// (in a declaration, an assignment, a store, Math.*, a { } block) by loads of the strip at position + j·BATCH, and
// stops at the first draw held any other way (under if or ?:, in && or a nested loop, two in one statement),
// leaving it and every later draw in place; an earlier `continue` does not stop it. Then through memoJit and
// prange: every draw, static or numbered at run time, is draw j of its iteration's stream (prangeRandom).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { walkIR, type Expr, type Loop, type Stmt } from '../../../src/jit/ir.js';
import { STRIP_DRAWS, countDraws, staticDraws } from '../../../src/jit/parallel/draws.js';
import { BATCH } from '../../../src/jit/parallel/philox-wasm.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

const I32 = { kind: 'i32' } as const;
const at: Expr = { op: 'local', type: I32, name: '$pj' };

/** The body of the first loop of `fn` lowered for `(n: i32, out: Float64Array)`. */
function loopBody(fn: (n: number, out: Float64Array) => unknown): Stmt[] {
  const loops: Loop[] = [];
  walkIR(lowerToIR(fn, [I32, { kind: 'array', element: 'f64' }]).functions[0]!.body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
  return [...loops[0]!.body];
}
/** The strip loads in `stmts`: the index of each, as `j` (0 for `position`, j for `position + j·BATCH`). */
function stripReads(stmts: readonly Stmt[]): number[] {
  const js: number[] = [];
  walkIR(stmts, {
    expr: (e) => {
      if (e.op !== 'load' || e.array.op !== 'local' || e.array.name !== '$pdr') return;
      if (e.index === at) js.push(0);
      else if (e.index.op === 'binary' && e.index.left === at && e.index.right.op === 'const') js.push((e.index.right.value as number) / BATCH);
      else js.push(NaN);
    },
  });
  return js;
}

function pi(n: number, out: Float64Array): void {
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.random(), y = Math.random();
    if (x * x + y * y <= 1) inside++;
  }
  out[0] = (4 * inside) / n;
}

test('STRIP_DRAWS is the first Philox block\'s two draws', () => assert.equal(STRIP_DRAWS, 2));

test('countDraws counts every Math.random() as written', () => {
  assert.equal(countDraws(loopBody(pi)), 2);
  assert.equal(countDraws([]), 0);
  assert.equal(countDraws(loopBody((n, out) => { for (let i = 0; i < n; i++) out[i] = i * 2; })), 0);
  assert.equal(countDraws(loopBody((n, out) => {
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) out[i] = Math.random();
      for (let k = 0; k < 3; k++) out[i] = out[i]! + Math.random() * Math.random(); // two as written, six as run
      out[i] = out[i]! + i > 5 && Math.random() < 0.5 ? 1 : 0;
    }
  })), 4);
});

test('the π loop: x and y become strip reads j = 0 and 1, with no draw left', () => {
  const { body, count } = staticDraws(loopBody(pi), '$pdr', at);
  assert.equal(count, 2);
  assert.equal(countDraws(body), 0);
  assert.deepEqual(stripReads(body), [0, 1]);
});

const cases: ReadonlyArray<readonly [string, (n: number, out: Float64Array) => void, number, number]> = [
  // [what, loop, static count, draws left as written]
  ['a store and a Math.* argument', (n, out) => { for (let i = 0; i < n; i++) { out[i] = Math.random(); out[i] = out[i]! + Math.sqrt(-Math.random() + 2); } }, 2, 0],
  ['three straight-line draws: the third stays', (n, out) => { for (let i = 0; i < n; i++) { const a = Math.random(); const b = Math.random(); out[i] = a + b + Math.random(); } }, 2, 1],
  ['a draw in a { } block', (n, out) => { for (let i = 0; i < n; i++) { { const a = Math.random() * 2; out[i] = a; } } }, 1, 0],
  ['an earlier continue does not stop it', (n, out) => { for (let i = 0; i < n; i++) { if (i % 3 === 0) continue; out[i] = Math.random(); } }, 1, 0],
  ['a draw under if', (n, out) => { for (let i = 0; i < n; i++) if (i % 2 === 0) out[i] = Math.random(); }, 0, 1],
  ['a draw under &&', (n, out) => { let h = 0; for (let i = 0; i < n; i++) if (i % 2 === 0 && Math.random() < 0.5) h++; out[0] = h; }, 0, 1],
  ['a draw under ?:', (n, out) => { for (let i = 0; i < n; i++) out[i] = i > 3 ? Math.random() : 0; }, 0, 1],
  ['two draws in one statement', (n, out) => { for (let i = 0; i < n; i++) out[i] = Math.random() * Math.random(); }, 0, 2],
  ['a draw in a nested loop', (n, out) => { for (let i = 0; i < n; i++) for (let k = 0; k < 2; k++) out[i] = out[i]! + Math.random(); }, 0, 1],
  ['static, then under if, then straight-line: only the first', (n, out) => {
    for (let i = 0; i < n; i++) { const a = Math.random(); if (a < 0.5) out[i] = Math.random(); out[i] = out[i]! + Math.random(); }
  }, 1, 2],
];

for (const [what, fn, count, left] of cases) {
  test(`staticDraws: ${what}`, () => {
    const original = loopBody(fn);
    const before = JSON.stringify(original);
    const r = staticDraws(original, '$pdr', at);
    assert.equal(r.count, count, 'static draws');
    assert.equal(countDraws(r.body), left, 'draws left in place');
    assert.deepEqual(stripReads(r.body), [0, 1].slice(0, count), 'strip reads, in order');
    assert.equal(JSON.stringify(original), before, 'the given body is not changed');
    if (count === 0) assert.deepEqual(r.body, original, 'nothing static: the body as given');
    assert.notEqual(r.body, original, 'a new array');
  });
}

test('through memoJit and prange: static and run-time numbered draws are each draw j of their iteration', async () => {
  // a: draw 0 (static). b: draw 1 on even iterations only (under if: numbered at run time). c: straight-line but
  // after the if, so numbered at run time too: draw 2 on even iterations, draw 1 on odd ones.
  function mixed(a: Float64Array, b: Float64Array, c: Float64Array): void {
    for (const i of prange(a.length)) {
      a[i] = Math.random();
      if (i % 2 === 0) b[i] = Math.random();
      c[i] = Math.random();
    }
  }
  function three(a: Float64Array, b: Float64Array, c: Float64Array): void {
    for (const i of prange(a.length)) {
      a[i] = Math.random();
      b[i] = Math.random();
      c[i] = Math.sqrt(Math.random()) ** 2;
    }
  }
  const n = 3000;
  for (const threads of [1, 3]) {
    await withThreads(threads, () => {
      const [a, b, c] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
      memoJit.seed(42);
      memoJit({ parallel: { minIterations: 100 } })(mixed)(a, b, c);
      for (const i of [0, 1, 2, 1023, 1024, 1025, 2999]) {
        assert.equal(a[i], prangeRandom(i, 0, 42, 0), `${threads} threads: a[${i}]`);
        assert.equal(b[i], i % 2 === 0 ? prangeRandom(i, 1, 42, 0) : 0, `b[${i}]`);
        assert.equal(c[i], prangeRandom(i, i % 2 === 0 ? 2 : 1, 42, 0), `c[${i}]`);
      }
      memoJit.seed(42);
      memoJit({ parallel: { minIterations: 100 } })(three)(a, b, c);
      for (const i of [0, 5, 1024, 2999]) {
        assert.deepEqual([a[i], b[i]], [prangeRandom(i, 0, 42, 0), prangeRandom(i, 1, 42, 0)], `${threads} threads: iteration ${i}`);
        assert.equal(c[i], Math.sqrt(prangeRandom(i, 2, 42, 0)) ** 2, 'the third draw, numbered at run time');
      }
    });
  }
});
