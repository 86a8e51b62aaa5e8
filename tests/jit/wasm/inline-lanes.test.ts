// Inlining pure f64 calls in loops (src/jit/wasm/inline-lanes.ts): which callees qualify, that an `if` becomes a
// select of its branches' values, and, through memoJit's Wasm backend, that black-scholes (numba's kernel, with
// its separate cnd) then runs in f64x2 lanes and gives plain JS's prices bit for bit, edge inputs included
// (d exactly 0 at cnd's branch, NaN, infinities, odd lengths). Expected values come from the plain functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/jit/pipeline.js';
import { inlineLaneCalls, laneInlinable } from '../../../src/jit/wasm/inline-lanes.js';
import type { Type } from '../../../src/jit/types.js';

const text = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
const F64: Type = { kind: 'f64' };
const ARRAY: Type = { kind: 'array', element: 'f64' };

function cnd(d: number) {
  const A1 = 0.31938153;
  const A2 = -0.356563782;
  const A3 = 1.781477937;
  const A4 = -1.821255978;
  const A5 = 1.330274429;
  const RSQRT2PI = 0.39894228040143267794;
  const K = 1.0 / (1.0 + 0.2316419 * Math.abs(d));
  let ret_val = RSQRT2PI * Math.exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))));
  if (d > 0) {
    ret_val = 1.0 - ret_val;
  }
  return ret_val;
}

function blackScholes(callResult: Float64Array, putResult: Float64Array, stockPrice: Float64Array, optionStrike: Float64Array, optionYears: Float64Array, riskFree: number, volatility: number) {
  const S = stockPrice, X = optionStrike, T = optionYears, R = riskFree, V = volatility;
  for (let i = 0; i < S.length; i++) {
    const sqrtT = Math.sqrt(T[i]!);
    const d1 = (Math.log(S[i]! / X[i]!) + (R + 0.5 * V * V) * T[i]!) / (V * sqrtT);
    const d2 = d1 - V * sqrtT;
    const cndd1 = cnd(d1);
    const cndd2 = cnd(d2);
    const expRT = Math.exp((-1.0 * R) * T[i]!);
    callResult[i] = S[i]! * cndd1 - X[i]! * expRT * cndd2;
    putResult[i] = X[i]! * expRT * (1.0 - cndd2) - S[i]! * (1.0 - cndd1);
  }
  return callResult;
}

/** A callee whose parameter is reassigned, with an if/else, a nested if and a ternary. */
function bend(x: number, k: number) {
  let y = x * k;
  x = x - 1;
  if (y < 0) {
    y = -y;
    if (x > 2) y = y / x;
  } else {
    y = y + x;
  }
  return x >= 0 ? y : y * 0.5;
}
function bendAll(out: Float64Array, xs: Float64Array, k: number) {
  for (let i = 0; i < xs.length; i++) out[i] = bend(xs[i]!, k) - bend(k, xs[i]!);
}

/** Callees that must stay calls: a store, a loop, an integer parameter. */
function stores(a: Float64Array, x: number) { a[0] = x; return x; }
function loops(x: number) { let s = 0; for (let i = 0; i < 3; i++) s += x; return s; }
function int(n: number) { return n | 0; }

test('which callees are inlined: pure f64 code only', () => {
  const only = (fn: (...a: never[]) => unknown, types: Type[]) => lowerToIR(fn as never, types).functions.at(-1)!;
  assert.equal(laneInlinable(only(cnd, [F64])), true);
  assert.equal(laneInlinable(only(bend, [F64, F64])), true);
  assert.equal(laneInlinable(only(stores, [ARRAY, F64])), false);
  assert.equal(laneInlinable(only(loops, [F64])), false);
  assert.equal(laneInlinable(only(int, [{ kind: 'i32' }])), false);
});

test('inlined: no call is left in the loop, and the if is a select of its branches', () => {
  const ir = inlineLaneCalls(lowerToIR(blackScholes, [ARRAY, ARRAY, ARRAY, ARRAY, ARRAY, F64, F64], { cnd }));
  const body = JSON.stringify(ir.functions.find((f) => f.name === ir.entry)!.body);
  assert.ok(!body.includes('"op":"call"'));
  assert.equal(body.split('"op":"select"').length - 1, 2, 'one select per inlined cnd');
});

test('black-scholes runs in f64x2 lanes on the Wasm backend and equals plain bit for bit', () => {
  const w = memoJit({ backend: 'wasm' })(blackScholes);
  for (const n of [0, 1, 2, 3, 7, 64, 1001]) {
    const uniform = (lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, () => lo + (hi - lo) * Math.random());
    const S = uniform(5, 30), X = uniform(1, 100), T = uniform(0.25, 10);
    // edges: S = X with R + V²/2 = 0 makes d1 exactly 0 (cnd's branch), NaN, infinities, zero and huge T
    const edges: Array<[number, number, number]> = [[10, 10, 1], [NaN, 1, 1], [Infinity, 1, 1], [1, Infinity, 1], [0, 1, 1], [5, 5, 0], [5, 7, 1e300], [5, 7, -1], [1e-300, 1e300, 2]];
    edges.slice(0, n).forEach(([s, x, t], k) => { S[k] = s; X[k] = x; T[k] = t; });
    for (const [R, V] of [[0.02, 0.3], [-0.045, 0.3], [0, 0]]) {
      const want = [new Float64Array(n), new Float64Array(n)] as const, got = [new Float64Array(n), new Float64Array(n)] as const;
      blackScholes(want[0], want[1], S, X, T, R!, V!);
      w(got[0], got[1], S, X, T, R!, V!);
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(got[0][i], want[0][i]), `n=${n} R=${R} call[${i}] S=${S[i]} X=${X[i]} T=${T[i]}: ${got[0][i]} vs ${want[0][i]}`);
        assert.ok(Object.is(got[1][i], want[1][i]), `n=${n} R=${R} put[${i}]: ${got[1][i]} vs ${want[1][i]}`);
      }
    }
  }
  assert.match(text(w), /blackScholes: the loop over i runs 2 f64 lanes at a time/);
});

test('a callee with a reassigned parameter, if/else, a nested if and a ternary: lanes, equal to plain', () => {
  const w = memoJit({ backend: 'wasm' })(bendAll);
  const xs = Float64Array.from([-3, -0, 0, 0.5, 1, 2, 3, 3.5, NaN, Infinity, -Infinity, 1e308, -5e-324, 7, 11]);
  for (const k of [2, -2, 0, -0, NaN, 0.1]) {
    const want = new Float64Array(xs.length), got = new Float64Array(xs.length);
    bendAll(want, xs, k);
    w(got, xs, k);
    for (let i = 0; i < xs.length; i++) assert.ok(Object.is(got[i], want[i]), `k=${k} x=${xs[i]}: ${got[i]} vs ${want[i]}`);
  }
  assert.match(text(w), /the loop over i runs 2 f64 lanes at a time/);
});
