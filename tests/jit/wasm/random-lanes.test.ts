// src/jit/wasm/random-lanes.ts: loops that draw Math.random() and compute Math.exp of the draws run several
// iterations at a time in f64x2 lanes, and give exactly what the plain function gives. The reference is the plain
// function with Math.random replaced by random.ts's own draw (nextRandom) after seedRandom(s): the Wasm and JS
// backends must return the same double (Object.is) or throw the same error, and leave RANDOM_STATE as the
// reference does, for n = 0, 1, odd and even counts (the odd tail runs scalar), one and two draws per iteration,
// s -= e and s = e + s, a start other than 0, a start index next to 2^31 - 1, and calls that trap after the loop
// (rerun on JS: the stream advanced once). Loops that return, break, throw, draw in one branch of ?: or assign a
// local that outlives them are not taken (the planner says why) and still agree. A callee whose loop runs in lanes
// shares the stream with a caller that draws around its calls. inspect() says which loops run in lanes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { agreeOnStream, inspectText } from '../../_support/random-stream.js';
import { walkStmts } from '../../../src/gpu/wgsl/walk.js';
import type { Loop } from '../../../src/jit/ir.js';
import type { Type } from '../../../src/jit/types.js';
import { planRandomLanes } from '../../../src/jit/wasm/random-lanes.js';

type Fn = (...a: never[]) => unknown;
/** Each call on Wasm and on JS agrees with the plain function on memoJit's stream; returns Wasm's inspect() text. */
const agree = (f: Fn, calls: unknown[][]): string => inspectText(agreeOnStream(f, calls));

const IN_LANES = /the loop over i draws Math\.random\(\) in stream order/;
const COUNTS = [[0], [1], [2], [3], [4], [5], [6], [7], [1000], [1001]];

/** The planner's answer for the first loop of `f`. */
function plan(f: Fn, args: Type[]): ReturnType<typeof planRandomLanes> {
  const loops: Loop[] = [];
  walkStmts(lowerToIR(f, args).functions.at(-1)!.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
  return planRandomLanes(loops[0]!);
}

test('one draw per iteration (mc-integrate): the same double and state for every count, odd ones included', () => {
  function mc(n: number): number {
    let s = 0.0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      s += Math.exp(-x * x);
    }
    return s / n;
  }
  assert.match(agree(mc, COUNTS), IN_LANES);
});

test('two draws per iteration: iteration i draws x then y, then iteration i + 1 does', () => {
  function mc2(n: number): number {
    let s = 0.0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      const y = Math.random();
      s += Math.exp(-(x * x + y * y));
    }
    return s / n;
  }
  assert.match(agree(mc2, COUNTS), IN_LANES);
  // x - y (not y - x) and two sums: any draw taken out of order would change them
  function skew(n: number): number {
    let s = 0.0, t = 1.0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      const y = Math.random() * 3;
      s += Math.exp(x - y);
      t -= Math.log(y + x) / 7;
    }
    return s * 1000 + t;
  }
  assert.match(agree(skew, COUNTS), IN_LANES);
});

test('s = e + s, unchanged locals, a start other than 0', () => {
  function scaled(n: number, a: number, k: number): number {
    let s = -0;
    for (let i = 1; i < n; i++) {
      const u = Math.random();
      s = Math.exp(a * u + k) + s;
    }
    return s;
  }
  assert.match(agree(scaled, [[0, 0.5, 2], [1, 0.5, 2], [2, 0.5, 2], [8, -3.25, 1], [501, 700, 3]]), IN_LANES);
});

test('a local that outlives the loop is not a lane value: such a loop stays scalar, and agrees', () => {
  function last(n: number): number {
    let s = 0, x = -1;
    for (let i = 0; i < n; i++) {
      x = Math.random();
      s += Math.exp(x);
    }
    return s + x * 1e6;
  }
  assert.doesNotMatch(agree(last, [[0], [1], [2], [5]]), IN_LANES);
  assert.equal(plan(last, [{ kind: 'i32' }]), 'an assignment to x that is not a sum used nowhere else in the body');
});

test('a start index next to 2^31 - 1: no pass runs past the bound', () => {
  function high(n: number): number {
    let s = 0;
    for (let i = 2147483640; i < n; i++) s += Math.exp(Math.random());
    return s;
  }
  assert.match(agree(high, [[2147483647], [2147483645], [2147483644], [2147483641], [0]]), /draws Math\.random\(\) in stream order/);
});

test('a call that traps after the loop is rerun on JS and draws the stream once', () => {
  function thenRead(a: Float64Array, k: number, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      s += Math.exp(-x);
    }
    return s + a[k]!; // past the end: undefined in JS (NaN), a trap in Wasm
  }
  const a = Float64Array.from([1, 2, 3]);
  assert.match(agree(thenRead, [[a, 1, 9], [a, 7, 9], [a, 2, 10], [a, 5, 0]]), IN_LANES);
});

test('loops that return, break, throw or draw in one branch of ?: are not taken, and still agree', () => {
  function firstBig(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      s += Math.exp(x);
      if (x > 0.9) return s + i;
    }
    return s;
  }
  function until(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      if (x > 0.95) break;
      s += Math.exp(x);
    }
    return s;
  }
  function thrower(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      s += Math.exp(x);
      if (i === 6) throw new RangeError(`stop at ${s}`);
    }
    return s;
  }
  function branchDraw(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      s += Math.exp(x < 0.5 ? Math.random() : x);
    }
    return s;
  }
  for (const f of [firstBig, until, thrower, branchDraw]) {
    const text = agree(f, [[0], [1], [3], [8], [100]]);
    assert.doesNotMatch(text, /draws Math\.random\(\) in stream order/, f.name);
  }
  const i32: Type[] = [{ kind: 'i32' }];
  assert.equal(plan(firstBig, i32), 'a if in the body');
  assert.equal(plan(thrower, i32), 'a if in the body');
  assert.equal(plan(branchDraw, i32), 'a term of the sum s the lanes cannot compute');
});

test('the planner wants a draw and a Math.exp', () => {
  function sum(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.random();
    return s;
  }
  function expOnly(n: number, a: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(a);
    return s;
  }
  const i32: Type[] = [{ kind: 'i32' }];
  assert.equal(plan(sum, i32), 'no Math.exp in the body');
  assert.equal(plan(expOnly, [{ kind: 'i32' }, { kind: 'f64' }]), 'no Math.random() in the body');
  assert.equal(agree(sum, [[0], [5]]).match(IN_LANES), null);
});

test('a callee whose loop runs in lanes shares the stream with a caller that draws around its calls', () => {
  const integral = memoJit(function integral(k: number): number {
    let s = 0;
    for (let i = 0; i < k; i++) {
      const x = Math.random();
      s += Math.exp(-x * x);
    }
    return s;
  });
  function outer(n: number): number {
    let t = 0;
    for (let j = 0; j < n; j++) t += Math.random() * integral(j % 6);
    return t + Math.random();
  }
  assert.match(agree(outer, [[0], [1], [7], [20]]), /integral: the loop over i draws Math\.random\(\) in stream order/);
});
