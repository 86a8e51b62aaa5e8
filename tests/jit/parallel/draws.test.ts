// src/jit/parallel/draws.ts: draws numbered at compile time. Checked on lowered loop bodies: countDraws counts
// every `Math.random()` as written; staticDraws turns the first two draws that every iteration makes exactly once,
// in order, into strip reads (draw j at `draws[position + j·BATCH]`), stops at the first draw under a branch,
// a lazy operator, a loop or a statement holding two, and leaves later draws dynamic; with no static draw the
// body is returned unchanged. Then through memoJit: a seeded prange loop whose draws are partly static, partly
// dynamic gives the serial reference stream's values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { walkIR, type Expr, type Loop, type Stmt } from '../../../src/jit/ir.js';
import { countDraws, staticDraws, STRIP_DRAWS } from '../../../src/jit/parallel/draws.js';
import { BATCH } from '../../../src/jit/parallel/philox-wasm.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';
import { memoJit, prange } from '../../../src/index.js';

function loopBody(fn: (n: number) => number): readonly Stmt[] {
  const loops: Loop[] = [];
  walkIR(lowerToIR(fn, [{ kind: 'i32' }]).functions[0]!.body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
  return loops[0]!.body;
}

/** The strip indices `staticDraws` reads, in order: j for `draws[k + j·BATCH]`. */
function stripReads(body: readonly Stmt[]): number[] {
  const out: number[] = [];
  walkIR(body, {
    expr: (e) => {
      if (e.op === 'load' && e.array.op === 'local' && e.array.name === 'strip') {
        const i = e.index;
        out.push(i.op === 'binary' && i.right.op === 'const' ? (i.right.value as number) / BATCH : 0);
      }
    },
  });
  return out;
}

const K: Expr = { op: 'local', name: 'k', type: { kind: 'i32' } } as Expr;

test('two straight-line draws are static, in order; the body keeps no Math.random', () => {
  const body = loopBody((n) => { let c = 0; for (let i = 0; i < n; i++) { const x = Math.random(); const y = Math.random(); if (x * x + y * y < 1) c++; } return c; });
  assert.equal(countDraws(body), 2);
  const { body: out, count } = staticDraws(body, 'strip', K);
  assert.equal(count, STRIP_DRAWS);
  assert.deepEqual(stripReads(out), [0, 1]);
  assert.equal(countDraws(out), 0);
});

test('a draw under a branch, a lazy operator, or two in a statement ends the static ones', () => {
  const branch = loopBody((n) => { let s = 0; for (let i = 0; i < n; i++) { const a = Math.random(); if (a < 0.5) s += Math.random(); s += Math.random(); } return s; });
  assert.equal(countDraws(branch), 3);
  const b = staticDraws(branch, 'strip', K);
  assert.equal(b.count, 1, 'the draw under if ends them: the one after it is numbered at run time');
  assert.equal(countDraws(b.body), 2);
  const lazy = loopBody((n) => { let s = 0; for (let i = 0; i < n; i++) { const a = i > 3 && Math.random() < 0.5 ? 1 : 0; s += a + Math.random(); } return s; });
  assert.equal(staticDraws(lazy, 'strip', K).count, 0, 'a draw behind && is lazy');
  const two = loopBody((n) => { let s = 0; for (let i = 0; i < n; i++) s += Math.random() - Math.random(); return s; });
  assert.equal(staticDraws(two, 'strip', K).count, 0, 'two draws in one statement');
  const none = loopBody((n) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s; });
  const r = staticDraws(none, 'strip', K);
  assert.equal(r.count, 0);
  assert.deepEqual(r.body, [...none]);
  const third = loopBody((n) => { let s = 0; for (let i = 0; i < n; i++) { s += Math.random(); s += Math.random(); s += Math.random(); } return s; });
  const t = staticDraws(third, 'strip', K);
  assert.equal(t.count, 2, 'at most STRIP_DRAWS: the strip holds draws 0 and 1');
  assert.equal(countDraws(t.body), 1);
});

test('compiled, a seeded loop with static and dynamic draws gives the reference stream', () => {
  function mixed(n: number): number {
    let s = 0;
    for (const i of prange(n)) {
      const a = Math.random();
      if (a < 0.5) s += Math.random() * (i + 1);
      s += Math.random();
    }
    return s;
  }
  // The reference: iteration i draws 0 (a), then 1 (under the if) or not, then the next number.
  const reference = (n: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const a = prangeRandom(i, 0, 42, 0);
      let j = 1;
      if (a < 0.5) s += prangeRandom(i, j++, 42, 0) * (i + 1);
      s += prangeRandom(i, j, 42, 0);
    }
    return s;
  };
  const jit = memoJit({ parallel: true })(mixed);
  for (const n of [1, 17, 3000]) {
    memoJit.seed(42);
    const got = jit(n);
    const want = reference(n);
    // Chunks reassociate the sum: every term is positive, so the error is at most (n − 1)·u·Σ terms, u = 2^-53.
    assert.ok(Math.abs(got - want) <= n * 2 ** -53 * want, `n = ${n}: ${got} vs ${want}`);
  }
});
