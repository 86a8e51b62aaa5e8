// src/jit/infer/filled-rows.ts: `const m = Array(n).fill(0); for (let i = 0; i < n; i++) m[i] = row;` holds rows in
// compiled code only where the loop provably replaces every number before any other use of `m`. The proof's
// reasons on parsed functions; then memoJit against the plain function (results by Object.is and element by
// element, exceptions by class and message) on the forms it accepts, with NaN and -0 in the rows and lengths JS
// refuses; and every form it cannot prove is a located error whose advice (Array.from, or .map) compiles and agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { filledRowsRefusal, isNotedFill, noteFilledRows } from '../../../src/jit/infer/filled-rows.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { agreeCompiled } from '../statements/agree.js';

const here = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
/** The 1-based line of this file holding `marker` (a comment beside the construct an error must point at). */
const lineOf = (marker: string): number => here.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;

/** The proof's answer for the first declaration of `source`'s function body. */
function refusal(source: string): string | undefined {
  const f = parseFunction(source);
  const stmts = f.body.body as Node[];
  noteFilledRows(stmts, f.body);
  const init = (stmts[0]!.declarations as Node[])[0]!.init as Node;
  assert.ok(isNotedFill(init), source);
  return filledRowsRefusal(init);
}

test('the proof: a for loop from 0 to the length, storing first, never breaking, m named nowhere else', () => {
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) m[i] = [i]; }'), undefined);
  assert.equal(refusal('function f(n) { const m = new Array(n + 1).fill(0); let s = 0; for (let i = 0; i < m.length; ++i) { m[i] = [i]; if (i > 2) return; } }'), undefined);
  assert.equal(refusal('function f(n) { let m = Array(2 * n).fill(0); for (let i = 0; i < 2 * n; i += 1) { m[i] = [i]; continue; } }'), undefined);
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); m[0] = [1]; }'), 'no for loop follows');
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 1; i < n; i++) m[i] = [i]; }'), 'the loop does not start with let i = 0');
  assert.match(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n - 1; i++) m[i] = [i]; }')!, /^the loop does not run i < m\.length/);
  assert.match(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) m[i] = [i]; n = 1; }')!, /^the loop does not run i < m\.length/);
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i += 2) m[i] = [i]; }'), 'the loop does not step i++');
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) { if (i) m[i] = [i]; } }'), "the loop's body does not begin with m[i] = row");
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) { m[i] = [i]; i++; } }'), "the loop's body assigns i");
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) { m[i] = [m.length]; } }'), "the loop's body uses m beyond storing its rows");
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) { m[i] = [i]; if (i) break; } }'), 'the loop may break before every row is stored');
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) { m[i] = [i]; for (;;) break; } }'), undefined, 'an inner loop\'s break');
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) m[i] = [g()]; function g() { return m.length; } }'), 'a function names m and may run before every row is stored');
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0), k = 1; for (let i = 0; i < n; i++) m[i] = [i]; }'), 'm is declared beside other variables');
  assert.equal(refusal('function f(n) { const m = Array(n).fill(0); const z = m[0]; for (let i = 0; i < n; i++) m[i] = [i]; }'), 'no for loop follows');
});

test('compiled: Array(n).fill(0) given a row at every index agrees with the plain function', () => {
  // plain and compiled: the same value, writes and exception (an exception comes back as "Name: message")
  const agree = agreeCompiled;
  function grid(n: number): number[][] {
    const m = Array(n).fill(0);
    for (let i = 0; i < n; i++) m[i] = new Array(n).fill(0);
    for (let i = 0; i < n; i++) m[i][i] = i;
    return m;
  }
  assert.deepEqual(agree(grid, 3), [[0, 0, 0], [0, 1, 0], [0, 0, 2]]);
  assert.deepEqual(agree(grid, 0), []);
  assert.equal(agree(grid, -1), 'RangeError: Invalid array length');
  assert.equal(agree(grid, 2.5), 'RangeError: Invalid array length');
  function signs(n: number): number {
    const m = new Array(n + 1).fill(-0);
    let s = 0;
    for (let i = 0; i < m.length; ++i) {
      m[i] = [-0, NaN, i];
    }
    for (let i = 0; i < m.length; i++) s += m[i][2];
    return 1 / m[n][0] + s + (m[0][1] === m[0][1] ? 1 : 0);
  }
  // by hand for n = 2: 1/-0 is -Infinity (and 0+1+2 = 3; NaN !== NaN adds 0)
  assert.equal(agree(signs, 2), -Infinity);
  function typedRows(): number {
    let m = Array(2).fill(0);
    for (let i = 0; i < 2; i += 1) m[i] = new Float64Array(2);
    m[1][1] = 5;
    return m[1][1] + m[0][0];
  }
  assert.equal(agree(typedRows), 5);
  function leaves(n: number): number {
    const m = Array(n).fill(0);
    for (let i = 0; i < n; i++) {
      m[i] = [i];
      if (i === 1) throw new RangeError('row ' + i);
    }
    return m.length;
  }
  assert.equal(agree(leaves, 3), 'RangeError: row 1');
  assert.equal(agree(leaves, 1), 1);
});

test('compiled: what the proof cannot show is a located error, and its advice compiles and agrees', () => {
  function half(n: number): number {
    const m = Array(n).fill(0);
    for (let i = 0; i < n - 1; i++) m[i] = [i]; // MARK-half
    return m[n - 1][0]; // JS: 0[0] is undefined
  }
  assert.equal(half(3), undefined);
  const e = compileError(half, [3]);
  assert.equal(e.construct, 'array of arrays');
  assert.equal(e.line, lineOf('MARK-half'));
  assert.match(e.message, /'m' is given numbers \(Array\(n\)\.fill\(…\)\) and then rows; JS reads a number where no row was stored yet.*write Array\.from\(\{ length: n \}, \(\) => row\) or Array\(n\)\.fill\(0\)\.map\(\(\) => row\)/);
  function early(n: number): number {
    const m = Array(n).fill(0);
    for (let i = 0; i < n; i++) {
      m[i] = [i]; // MARK-early
      if (i > 0) break;
    }
    return m.length;
  }
  assert.match(compileError(early, [3]).message, /the loop may break before every row is stored/);
  // the advice, followed: rows from the start, then the same loop
  function fromAdvice(n: number): number {
    const m = Array.from({ length: n }, () => [0]);
    for (let i = 0; i < n - 1; i++) m[i] = [i];
    return m[n - 1]![0]! + m[1]![0]!;
  }
  function mapAdvice(n: number): number {
    const m = Array(n).fill(0).map(() => [0]);
    for (let i = 0; i < n - 1; i++) m[i] = [i];
    return m[n - 1]![0]! + m[1]![0]!;
  }
  for (const f of [fromAdvice, mapAdvice]) {
    for (const n of [2, 3]) assert.ok(Object.is(memoJit(f)(n), f(n)), `${f.name}(${n})`);
    assert.equal(memoJit(f)(3), 1, 'by hand: row 2 stays [0], row 1 is [1]');
  }
});
