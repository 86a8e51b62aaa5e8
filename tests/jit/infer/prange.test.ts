// src/jit/infer/prange.ts: the forms of a prange loop. Checked on parsed code: prange(stop) and
// prange(start, stop, step) with a nonzero integer literal step (negative too), called as a global, a member
// (`numbat.prange`) or through esbuild's `(0, numbat.prange)`, and not when a local shadows the name; the
// counted form `for (let i = a; i < prange(n); i += k)` with its rules, each broken rule a message naming what
// to write; the range of the index. Then compiled, each form runs the iterations of the serial loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { countedPrange, prangeCall, prangeIndex } from '../../../src/jit/infer/prange.js';
import { numAV } from '../../../src/jit/infer/lattice.js';
import { memoJit, prange } from '../../../src/index.js';

const unbound = (): boolean => false;
const fail = (message: string): never => { throw new Error(message); };
const callOf = (src: string): Node => parseFunction(`(n, numbat) => ${src}`).body;
const forOf = (src: string): Node => parseFunction(`function f(n, a) { ${src} }`).body.body[0];

test('prangeCall: the forms and their steps', () => {
  assert.deepEqual(prangeCall(callOf('prange(n)'), unbound, fail)?.step, 1);
  assert.equal(prangeCall(callOf('prange(n)'), unbound, fail)?.start, undefined);
  const three = prangeCall(callOf('prange(10, 0, -2)'), unbound, fail)!;
  assert.equal(three.step, -2);
  assert.equal((three.start as Node).value, 10);
  assert.ok(prangeCall(callOf('numbat.prange(n)'), unbound, fail));
  assert.ok(prangeCall(callOf('(0, numbat.prange)(n)'), unbound, fail), 'esbuild\'s call of an import');
  assert.equal(prangeCall(callOf('prange(n)'), () => true, fail), undefined, 'a local named prange is not numbat\'s');
  assert.equal(prangeCall(callOf('range(n)'), unbound, fail), undefined);
  assert.throws(() => prangeCall(callOf('prange()'), unbound, fail), /prange takes 1 to 3 arguments/);
  assert.throws(() => prangeCall(callOf('prange(0, n, 0)'), unbound, fail), /nonzero integer literal/);
  assert.throws(() => prangeCall(callOf('prange(0, n, a)'), unbound, fail), /nonzero integer literal/);
  assert.throws(() => prangeCall(callOf('prange(0, n, 1.5)'), unbound, fail), /nonzero integer literal/);
});

test('countedPrange: the counted loop\'s rules, each broken one named', () => {
  const ok = countedPrange(forOf('for (let i = 3; i < prange(n); i += 2) a += i;'), unbound, fail)!;
  assert.equal(ok.range.step, 2);
  assert.equal(ok.kind, 'let');
  assert.equal(countedPrange(forOf('for (let i = n; i > prange(0); i--) a += i;'), unbound, fail)!.range.step, -1);
  assert.equal(countedPrange(forOf('for (let i = 0; i < n; i++) a += i;'), unbound, fail), undefined, 'not a prange loop');
  assert.throws(() => countedPrange(forOf('for (let i = 0; i < prange(n); i *= 2) a += i;'), unbound, fail), /steps by an integer literal/);
  assert.throws(() => countedPrange(forOf('for (let i = 0; i > prange(n); i++) a += i;'), unbound, fail), /with a step of 1 the test is i < prange\(stop\)/);
  assert.throws(() => countedPrange(forOf('for (let i = 0; i < prange(0, n); i++) a += i;'), unbound, fail), /takes the stop only/);
  assert.throws(() => countedPrange(forOf('for (let i = 0; i < prange(n); i++) { i = 2; }'), unbound, fail), /'i' counts the iterations of this prange loop/);
  assert.throws(() => countedPrange(forOf('for (let i = 0, j = 0; i < prange(n); i++) a += j;'), unbound, fail), /the counted prange loop is for \(let i = start; i < prange\(stop\); i\+\+\)/);
});

test('prangeIndex: the index\'s range from integer start and stop, any double otherwise', () => {
  const idx = prangeIndex(numAV(0, 0, true), numAV(0, 100, true), 1);
  assert.deepEqual([idx.k, (idx as { lo: number }).lo, (idx as { hi: number }).hi], ['num', 0, 99]);
  const down = prangeIndex(numAV(50, 50, true), numAV(10, 10, true), -3);
  assert.deepEqual([(down as { lo: number }).lo, (down as { hi: number }).hi], [11, 50]);
  assert.equal(prangeIndex(numAV(0.5, 0.5, false), numAV(0, 10, true), 1).k, 'num');
  assert.equal((prangeIndex(numAV(0.5, 0.5, false), numAV(0, 10, true), 1) as { int?: boolean }).int, false, 'a fractional start: not an integer index');
});

test('compiled, every form runs the serial loop\'s iterations (sums of distinct powers identify them)', () => {
  function forms(n: number): number[] {
    let a = 0, b = 0, c = 0, d = 0;
    for (const i of prange(n)) a += 2 ** i;
    for (const i of prange(2, n)) b += 2 ** i;
    for (const i of prange(n, 0, -3)) c += 2 ** i;
    for (let i = 1; i < prange(n); i += 2) d += 2 ** i;
    return [a, b, c, d];
  }
  const serial = memoJit(forms), par = memoJit({ parallel: true })(forms);
  for (const n of [0, 1, 7, 20, 40]) {
    assert.deepEqual(serial(n), forms(n), `serial n = ${n}`);
    assert.deepEqual(par(n), forms(n), `parallel n = ${n}`);
  }
});
