// Locals read only as an index (src/jit/wasm/element-index.ts): which locals qualify, the element number each rule
// gives for edge doubles (checked against JS's own rule: an integer in [0, 2^32 - 1) names that element, -0 names
// element 0, anything else names none), and whole functions on the Wasm backend compared with the plain function:
// writes through such an index (out of range: nothing written, and no trap), reads (out of range: the JS answer
// after a trap), `a[k] += 1`, and a neighbour array left untouched by an index that names no element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { memoJit } from '../../../src/index.js';
import { elementNumber, elementRule, indexOnlyLocals, NO_ELEMENT } from '../../../src/jit/wasm/element-index.js';
import { encodeModule, type Instr } from '../../../src/jit/wasm/encode.js';
import type { Expr } from '../../../src/jit/ir.js';
import { assertSameValues as same } from '../../_support/outcome.js';
import { GUARD_CONSTANTS } from '../../../src/jit/dispatch/guards.js';

const F64A = { kind: 'array', element: 'f64' } as const;
const I32A = { kind: 'array', element: 'i32' } as const;
const inspectOf = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
/** `so far: N calls in Wasm, T answered by JS after a trap` of inspect(). */
const traps = (f: unknown): number => Number(/(\d+) answered by JS after a trap/.exec(inspectOf(f))![1]);

const EDGES = [NaN, 0, -0, 0.5, -0.5, -0.999, -1, -1.5, 1, 1.5, 2.5, 3, 5e-324, -5e-324, 2 ** 31 - 2, 2 ** 31 - 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 0.5,
  2 ** 32 - 2, 2 ** 32 - 1.5, 2 ** 32 - 1, 2 ** 32 - 0.5, 2 ** 32, 2 ** 53, 1e300, Infinity, -Infinity, -(2 ** 31), -(2 ** 32)];

/** Compiled code takes typed arrays of at most this many elements (the dispatcher's MAX_LENGTH). */
const MAX_LENGTH = 2 ** 31 - 1;

/**
 * JS's rule, written from the spec (CanonicalNumericIndexString, IsValidIntegerIndex): the element a double names
 * in an array of MAX_LENGTH elements, or undefined for none.
 */
function jsElement(t: number): number | undefined {
  return Number.isInteger(t) && t >= 0 && t < MAX_LENGTH ? Math.abs(t) : undefined;
}

/** An element number agrees with JS when it is the same element, or names none of any array compiled code takes. */
function agrees(got: number, want: number | undefined): boolean {
  return want === undefined ? got >= MAX_LENGTH : got === want;
}

/** The instructions of `elementNumber` as a function (param f64) (result i32), read back unsigned. */
function run(code: Instr[]): (x: number) => number {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const module = encodeModule({
    imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 1, shared: true }, globals: [],
    functions: [{ name: 'el', type: { params: ['f64'], results: ['i32'] }, locals: [], localNames: ['x'], body: code }],
    exports: [{ name: 'el', func: 0 }],
  });
  const el = new WebAssembly.Instance(new WebAssembly.Module(module), { env: { memory } }).exports['el'] as (x: number) => number;
  return (x) => el(x) >>> 0;
}

test('indexOnlyLocals: f64 locals read only as an index, not parameters, not locals also read as values', () => {
  function f(xs: Float64Array, out: Float64Array, p: number) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const k = Math.floor(xs[i]! * 10);
      const j = Math.trunc(xs[i]!);
      const m = xs[i]! / 2;
      out[k] = out[j]! + 1;
      s += j + out[m]!;
      out[p] = 1;
    }
    return s;
  }
  const ir = lowerToIR(f, [F64A, F64A, { kind: 'f64' }]).functions[0]!;
  assert.deepEqual([...indexOnlyLocals(ir)].sort(), ['k', 'm']);
});

test('elementNumber: each rule gives JS\'s element for edge doubles, for none a number past MAX_LENGTH', () => {
  const local = { op: 'local', type: { kind: 'f64' }, name: 'q' } as const;
  const call = (fn: 'trunc' | 'floor' | 'ceil' | 'round'): Expr => ({ op: 'math', type: { kind: 'f64' }, fn, args: [local] });
  assert.equal(NO_ELEMENT >>> 0, 2 ** 32 - 1);
  assert.equal(GUARD_CONSTANTS['MAX_LENGTH'], MAX_LENGTH, 'the longest typed array a compiled call is given');
  // [what, the local's value, what the rule's operand evaluates to, the value JS indexes with]
  const cases: Array<[string, Expr, (q: number) => number, (q: number) => number]> = [
    ['Math.trunc(q)', call('trunc'), (q) => q, Math.trunc],
    ['Math.floor(q)', call('floor'), (q) => q, Math.floor],
    // the rule's operand is the rounded value itself
    ['Math.ceil(q)', call('ceil'), Math.ceil, Math.ceil],
    ['Math.round(q)', call('round'), Math.round, Math.round],
    ['any double', local, (q) => q, (q) => q],
  ];
  for (const [what, value, operand, index] of cases) {
    const rule = elementRule(value);
    if (what === 'Math.trunc(q)' || what === 'Math.floor(q)') assert.equal(rule.operand, local, `${what}: the operand is q`);
    else assert.equal(rule.operand, value, `${what}: the operand is the value`);
    const el = run(elementNumber(0, rule));
    for (const q of EDGES) {
      const got = el(operand(q)), want = jsElement(index(q));
      assert.ok(agrees(got, want), `${what}, q = ${q}: element ${got}, JS ${want}`);
    }
    assert.equal(el(NaN), NO_ELEMENT >>> 0, `${what}: NaN gives NO_ELEMENT`);
  }
});

function scatter(xs: Float64Array, out: Int32Array) {
  for (let i = 0; i < xs.length; i++) {
    const a = Math.trunc(xs[i]!), b = Math.floor(xs[i]!), c = Math.ceil(xs[i]!), d = Math.round(xs[i]!), e = xs[i]! * 0.5;
    out[a] = i;
    out[b + 1] = -i;
    out[c] = out[c]! | 0;
    out[d] = 7;
    out[e] = 100 + i;
  }
  return out.length;
}

test('writes through index-only locals: same writes as plain for every edge, none out of range, and no trap', () => {
  const f = memoJit({ backend: 'wasm' })(scatter);
  const xs = Float64Array.from([...EDGES, 0, 1, 2, 3, 4, 5, 5.5, 6, 7, 8, 9, -0.2, 4.49, 4.5]);
  // values every read keeps in range (out[c]); not -0: `b` is also read in `b + 1`, so it is an i64 local
  // (integral.ts), which traps on Math.floor(-0)
  const safe = Float64Array.from(xs.filter((x) => x >= 0 && x < 9 && !Object.is(x, -0)));
  for (const input of [safe]) {
    const o1 = new Int32Array(12).fill(-9), o2 = new Int32Array(12).fill(-9);
    assert.equal(f(input, o2), scatter(input, o1));
    same(o2, o1, 'out');
  }
  assert.match(inspectOf(f), /backend: wasm/);
  assert.match(inspectOf(f), /\$?a:element/);
  assert.equal(traps(f), 0);
  // with the edges, out[c]'s read names no element for some: the JS backend answers that call, exactly
  const o1 = new Int32Array(12).fill(-9), o2 = new Int32Array(12).fill(-9);
  assert.equal(f(xs, o2), scatter(xs, o1));
  same(o2, o1, 'out, edges');
});

function writeOnly(xs: Float64Array, out: Float64Array) {
  for (let i = 0; i < xs.length; i++) {
    const k = Math.floor(xs[i]! * 4);
    out[k] = i;
  }
}

test('a write through an index naming no element writes nothing and does not trap', () => {
  const f = memoJit({ backend: 'wasm' })(writeOnly);
  const xs = Float64Array.from([...EDGES, 0.25, 0.5, 1.75, -0.25]);
  const o1 = new Float64Array(8).fill(-1), o2 = new Float64Array(8).fill(-1);
  writeOnly(xs, o1);
  f(xs, o2);
  same(o2, o1, 'out');
  assert.equal(traps(f), 0);
});

function mixed(xs: Int32Array, out: Float64Array) {
  for (let i = 0; i < xs.length; i++) {
    let k = -0.5;
    if (xs[i]! > -100) k = xs[i]!;
    out[k] = i + 1;
  }
}

test('an index-only local given an int32 (and a fraction elsewhere): negative int32s and the fraction write nothing', () => {
  const f = memoJit({ backend: 'wasm' })(mixed);
  const xs = Int32Array.from([0, 3, -1, -(2 ** 31), 2 ** 31 - 1, 5, 7, -200, 1]);
  const o1 = new Float64Array(6), o2 = new Float64Array(6);
  mixed(xs, o1);
  f(xs, o2);
  same(o2, o1, 'out');
  assert.match(inspectOf(f), /backend: wasm/);
  assert.match(inspectOf(f), /k:element/);
  assert.equal(traps(f), 0);
});

function bins(xs: Float64Array, lo: number, width: number, n: number) {
  const counts = new Int32Array(n);
  for (const v of xs) counts[Math.trunc((v - lo) / width)]! += 1;
  return counts;
}

test('a[k] += 1: in range counted as plain; an index naming no element gives the plain answer (JS after the trap)', () => {
  const f = memoJit({ backend: 'wasm' })(bins);
  const inRange = Float64Array.from({ length: 200 }, (_, i) => -1 + (i * 7 % 200) / 100);
  same(f(inRange, -1, 0.25, 8), bins(inRange, -1, 0.25, 8), 'in range');
  assert.equal(traps(f), 0);
  for (const bad of [NaN, -1.0001, 1, Infinity, -Infinity, 2 ** 32]) {
    const xs = Float64Array.from([...inRange, bad]);
    same(f(xs, -1, 0.25, 8), bins(xs, -1, 0.25, 8), `with ${bad}`);
  }
  // -0 and (-1, 0) truncate to element 0, which exists: no trap for them
  const before = traps(f);
  const xs = Float64Array.from([-1, -1.2 + 0.25, -1 - 1e-17]);
  same(f(xs, -1, 0.25, 8), bins(xs, -1, 0.25, 8), 'element 0 from -0');
  assert.equal(traps(f), before);
});

function maybeRead(a: Int32Array, b: Int32Array, x: number, c: number) {
  const k = Math.trunc(x);
  b[k] = c < 0 ? b[k]! : 5;
  return a[3]!;
}

test('a store whose value reads the element only on one branch keeps its own check: a neighbour array is untouched', () => {
  const f = memoJit({ backend: 'wasm' })(maybeRead);
  for (const x of [-1, NaN, 2 ** 32, 4, 1.5, -0]) {
    const a1 = Int32Array.from([1, 2, 3, 4]), b1 = Int32Array.from([9, 9, 9, 9]);
    const a2 = Int32Array.from([1, 2, 3, 4]), b2 = Int32Array.from([9, 9, 9, 9]);
    assert.equal(f(a2, b2, x, 1), maybeRead(a1, b1, x, 1), `x = ${x}`);
    same(a2, a1, `a, x = ${x}`);
    same(b2, b1, `b, x = ${x}`);
  }
});
