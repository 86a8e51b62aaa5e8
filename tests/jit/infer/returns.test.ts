// src/jit/infer/returns.ts: which returned array literals are JS arrays (`number[]`) and which stay tuples.
// The rule: literals of more than one length among a function's own returns, or a literal beside a returned
// variable, are arrays; literals of one length, alone or beside returned calls, stay tuples; returns of nested
// functions do not count. Checked on the parsed literals (`arrayLiteral` types a marked one as an array), then
// through memoJit against the plain functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import type { Node } from '../../../src/jit/frontend/parse.js';
import { arrayLiteral } from '../../../src/jit/infer/arrays.js';
import { FLOAT } from '../../../src/jit/infer/lattice.js';
import { markArrayReturns } from '../../../src/jit/infer/returns.js';
import { memoJit } from '../../../src/index.js';
import { agreeCompiled } from '../statements/agree.js';

/** Every array literal of `source`'s function, in source order, and whether each is marked an array. */
function marked(source: string): boolean[] {
  const parsed = parseFunction(source);
  markArrayReturns(parsed.body);
  const literals: Node[] = [];
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as Node;
    if (node.type === 'ArrayExpression') literals.push(node);
    for (const [k, v] of Object.entries(node)) if (k !== 'type') visit(v);
  };
  visit(parsed.body);
  literals.sort((a, b) => (a.start as number) - (b.start as number));
  return literals.map((l) => arrayLiteral(l, (l.elements as unknown[]).map(() => FLOAT)) !== undefined);
}

test('literals of two lengths are arrays; of one length they stay tuples', () => {
  assert.deepEqual(marked('function f(n) { if (n > 0) return [1, 2]; return [3]; }'), [true, true]);
  assert.deepEqual(marked('function f(a, b) { if (a < b) return [a, b]; return [b, a]; }'), [false, false]);
  assert.deepEqual(marked('function f(a) { return [a, a + 1]; }'), [false]);
});

test('a literal beside a returned variable is an array; beside a returned call it stays a tuple', () => {
  assert.deepEqual(marked('function f(a, b) { if (a === b) return [a]; const out = []; out.push(a); return out; }'), [true, false]);
  assert.deepEqual(marked('function f(a) { if (a > 1) return [a, 0]; return g(a - 1); }'), [false]);
  // `return undefined` is not a variable holding an array.
  assert.deepEqual(marked('function f(a) { if (a > 1) return [a, 0]; return undefined; }'), [false]);
});

test('returns inside nested functions are not the function\'s own', () => {
  // The inner function returns a variable and a literal of another length: neither changes the outer tuple.
  assert.deepEqual(marked('function f(a) { const h = (x) => { const ys = [x]; return ys; }; const k = function () { return [1, 2, 3]; }; return [a, a]; }'), [false, false, false]);
});

test('compiled, d3-style ticks returns the same arrays as the plain function', () => {
  function ticks(start: number, stop: number, count: number): number[] {
    if (start === stop) return [start];
    if (count <= 0) return [];
    const out = [];
    const step = (stop - start) / count;
    for (let k = 0; k <= count; k++) out.push(start + k * step);
    return out;
  }
  const jit = memoJit(ticks);
  for (const [a, b, c] of [[0, 1, 4], [2, 2, 5], [0, 10, 0], [-1, 1, 2]] as const) {
    const got = jit(a, b, c), want = ticks(a, b, c);
    assert.ok(Array.isArray(got));
    assert.deepEqual(got, want);
  }
});

test('compiled, a function returning a pair keeps returning the pair', () => {
  function minMax(xs: Float64Array): number[] {
    if (xs.length === 0) return [NaN, NaN];
    let lo = xs[0]!, hi = xs[0]!;
    for (let i = 1; i < xs.length; i++) {
      if (xs[i]! < lo) lo = xs[i]!;
      if (xs[i]! > hi) hi = xs[i]!;
    }
    return [lo, hi];
  }
  const jit = memoJit(minMax);
  const xs = Float64Array.from([3, -1, 4, 1, -5, 9]);
  assert.deepEqual(jit(xs), minMax(xs));
  assert.deepEqual(jit(new Float64Array(0)), [NaN, NaN]);
});

test('the branches of a returned ?: are returns: literals of two lengths, or beside Array(n), are arrays', () => {
  assert.deepEqual(marked('function f(c) { return c ? [1, 2] : []; }'), [true, true]);
  assert.deepEqual(marked('function f(c) { return c ? [] : Array(0); }'), [true]);
  assert.deepEqual(marked('function f(c, d) { return c ? [1] : d ? [2, 3] : new Array(2); }'), [true, true]);
  // One length on both sides stays a pair.
  assert.deepEqual(marked('function f(c, a) { return c ? [a, 0] : [0, a]; }'), [false, false]);
});

test('compiled, a returned ?: of arrays of different lengths gives the plain function\'s arrays', () => {
  function emptyEither(c: boolean): number[] {
    return c ? [] : Array(0);
  }
  function pairOrNone(c: boolean, a: number): number[] {
    return c ? [a, 2 * a] : [];
  }
  function holes(n: number): number[] {
    return n > 2 ? new Array(n) : [n];
  }
  for (const c of [true, false]) {
    assert.deepEqual(agreeCompiled(emptyEither, c), []);
    assert.deepEqual(agreeCompiled(pairOrNone, c, -0.5), c ? [-0.5, -1] : []);
  }
  assert.deepEqual(agreeCompiled(holes, 1), [1]);
  const got = memoJit(holes)(3);
  assert.equal(got.length, 3);
  assert.ok(!(0 in got), 'a hole of new Array(3) stays a hole');
});
