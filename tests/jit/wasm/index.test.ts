// src/jit/wasm/index.ts: chooseBackend called directly on lowered IR. 'js' returns the JS entry itself; 'wasm'
// compiles anything in the subset (results equal the plain function, Object.is), else stays on JS naming the
// construct; 'auto' takes Wasm by its rules (fastmath f64x2 reductions, i64 integer loop
// work, draws whose Math.exp runs in lanes) and leaves scalar f64 loops and scalar draws on JS; every choice is counted in WASM_ROUTES; a stored choice survives
// JSON and restoreWasm (bytes valid, from the bytes or a compiled module); defaultBackend reads
// NUMBAT_JIT_BACKEND; describeArgs' lines for in-place, copied, written, outside and nested calls.
// (Rule 2, lanes on numbat memory, is tests/jit/wasm/routing.test.ts's.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBackend, defaultBackend, describeArgs, restoreWasm, storedBytes, WASM_ROUTES, type StoredWasm } from '../../../src/jit/wasm/index.js';
import type { WasmRunStats } from '../../../src/jit/wasm/runtime.js';
import { compileSpecialization, lowerToIR } from '../../../src/internals.js';
import { seedRandom } from '../../../src/index.js';
import type { Type } from '../../../src/jit/types.js';

function choose(fn: (...a: never[]) => unknown, args: readonly Type[], options: Parameters<typeof chooseBackend>[2]) {
  const { fn: js } = compileSpecialization(fn, args);
  return { js, choice: chooseBackend(lowerToIR(fn, args), js, options) };
}
const F64_ARRAY = [{ kind: 'array', element: 'f64' }] as const satisfies readonly Type[];

function sum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}
function collatz(n: number): number {
  let steps = 0;
  for (let k = 1; k <= n; k++) for (let x = k; x !== 1; steps++) x = x % 2 === 0 ? x / 2 : 3 * x + 1;
  return steps;
}
function hypotLoop(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(i * 0.5);
  return s;
}

test('\'js\' gives the JS entry itself; \'wasm\' compiles a function in the subset, which computes what the plain one does', () => {
  const { js, choice } = choose(sum, F64_ARRAY, { backend: 'js' });
  assert.deepEqual([choice.backend, choice.reason, choice.fn === js], ['js', "backend: 'js' was requested", true]);
  assert.equal(choice.stored, undefined);
  const wasm = choose(sum, F64_ARRAY, { backend: 'wasm' }).choice;
  assert.equal(wasm.backend, 'wasm');
  assert.equal(wasm.reason, "backend: 'wasm' was requested and the function is in the Wasm subset");
  for (const xs of [Float64Array.of(1, 2, 3), Float64Array.of(0.1, 0.2, -0), new Float64Array(0), Float64Array.of(NaN, 1)]) {
    assert.ok(Object.is(wasm.fn(xs), sum(xs)), `[${[...xs]}]`);
  }
  assert.match(wasm.wat!, /^;; backend: wasm — backend: 'wasm' was requested/);
  assert.match(wasm.wat!, /\(module/);
  assert.deepEqual([wasm.stored!.numbatOnly, wasm.stored!.trapLimit], [false, null], 'a requested Wasm never falls back for traps');
});

test('outside the subset, even \'wasm\' stays on JS and names the construct', () => {
  function firstPair(n: number): number {
    let found = -1;
    outer: for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        if ((i * j) % 7 === 6) { found = i * 100 + j; break outer; }
      }
    }
    return found;
  }
  const { js, choice } = choose(firstPair, [{ kind: 'i32' }], { backend: 'wasm' });
  assert.equal(choice.backend, 'js');
  assert.equal(choice.fn, js);
  assert.equal(choice.reason, 'not in the Wasm subset: a labelled break (break outer); the JS backend runs it');
  assert.equal(choice.fn(10), firstPair(10));
  assert.equal(choice.stored, undefined);
});

test('\'auto\': i64 integer loop work and fastmath f64x2 reductions go to Wasm (trap limit 4); a scalar f64 loop stays on JS', () => {
  const c = choose(collatz, [{ kind: 'i32' }], { backend: 'auto' }).choice;
  assert.equal(c.backend, 'wasm');
  assert.match(c.reason, /^integer work in a loop kept in i64 \(.+\), where V8 would use doubles$/);
  assert.equal(c.stored!.trapLimit, 4, 'auto falls back to JS after repeated traps');
  for (const n of [1, 27, 1000]) assert.equal(c.fn(n), collatz(n));
  const fast = choose(sum, F64_ARRAY, { backend: 'auto', fastmath: true }).choice;
  assert.equal(fast.backend, 'wasm');
  assert.equal(fast.reason, 'reductions over Float64Arrays run in f64x2 lanes (fastmath), and no array is copied back');
  const ints = Float64Array.from({ length: 101 }, (_, i) => i - 50); // exact in any order
  assert.equal(fast.fn(ints), 0);
  // Without fastmath no rule of the code's shape takes the sum or a scalar f64 loop: the first calls decide (rule 5).
  assert.equal(choose(sum, F64_ARRAY, { backend: 'auto' }).choice.backend, 'measured', 'without fastmath the order must be JS\'s: no lanes');
  const scalar = choose(hypotLoop, [{ kind: 'i32' }], { backend: 'auto' }).choice;
  assert.equal(scalar.backend, 'measured');
  assert.match(scalar.reason, /^auto: the first calls decide/);
  for (const n of [0, 1, 17]) assert.equal(scalar.fn(n), hypotLoop(n));
  function noLoop(x: number) { return Math.hypot(x, 2 * x); }
  const straight = choose(noLoop, [{ kind: 'f64' }], { backend: 'auto' }).choice;
  assert.equal(straight.backend, 'js', 'without a loop there is nothing to measure');
  assert.match(straight.reason, /^auto: V8 runs this as fast as Wasm would/);
});

test('every choice is counted in WASM_ROUTES under "backend: reason"', () => {
  const key = "js: backend: 'js' was requested";
  const before = WASM_ROUTES.get(key) ?? 0;
  choose(sum, F64_ARRAY, { backend: 'js' });
  choose(collatz, [{ kind: 'i32' }], { backend: 'js' });
  assert.equal(WASM_ROUTES.get(key), before + 2);
});

test('a stored choice survives JSON: restoreWasm from its bytes or a compiled module runs the same', () => {
  const { js, choice } = choose(collatz, [{ kind: 'i32' }], { backend: 'auto' });
  const stored = JSON.parse(JSON.stringify(choice.stored)) as StoredWasm;
  const bytes = storedBytes(stored);
  assert.ok(bytes instanceof Uint8Array && WebAssembly.validate(bytes));
  const again = restoreWasm(stored, js);
  assert.deepEqual([again.backend, again.reason, again.wat === choice.wat, again.stored === stored], ['wasm', choice.reason, true, true]);
  assert.equal(again.fn(1000), collatz(1000));
  const compiled = restoreWasm(stored, js, new WebAssembly.Module(bytes));
  assert.equal(compiled.fn(27), collatz(27));
});

test('defaultBackend reads NUMBAT_JIT_BACKEND (js, wasm, auto), anything else is auto; chooseBackend uses it when not told', () => {
  const saved = process.env['NUMBAT_JIT_BACKEND'];
  try {
    for (const v of ['js', 'wasm', 'auto'] as const) {
      process.env['NUMBAT_JIT_BACKEND'] = v;
      assert.equal(defaultBackend(), v);
    }
    process.env['NUMBAT_JIT_BACKEND'] = 'WASM';
    assert.equal(defaultBackend(), 'auto');
    delete process.env['NUMBAT_JIT_BACKEND'];
    assert.equal(defaultBackend(), 'auto');
    process.env['NUMBAT_JIT_BACKEND'] = 'wasm';
    assert.equal(choose(sum, F64_ARRAY, {}).choice.backend, 'wasm');
    process.env['NUMBAT_JIT_BACKEND'] = 'js';
    assert.equal(choose(collatz, [{ kind: 'i32' }], {}).choice.backend, 'js');
  } finally {
    if (saved === undefined) delete process.env['NUMBAT_JIT_BACKEND'];
    else process.env['NUMBAT_JIT_BACKEND'] = saved;
  }
});

test('describeArgs: one line per array (in place, copied, and out when written), plus outside and nested counts', () => {
  const base: WasmRunStats = { calls: 4, traps: 0, aliased: 0, bytesIn: 24, bytesOut: 0, onJs: false, args: [{ name: 'xs', written: false, inPlace: 3, copied: 1 }] };
  assert.equal(describeArgs(base), '\n;; xs: 3 calls in place (numbat memory, zero-copy), 1 copied in');
  const written = { ...base, args: [{ name: 'out', written: true, inPlace: 0, copied: 2 }] };
  assert.equal(describeArgs(written), '\n;; out: 0 calls in place (numbat memory, zero-copy), 2 copied in and out (the code writes it: always copied, as a trap reruns the call on JS from the untouched arguments)');
  assert.match(describeArgs({ ...written, trapFree: true }), /and out \(the code writes it: in place when in numbat memory, as no trap can interrupt a call\)$/);
  // a written number[][] beside it: a row refusing its value back reruns on JS, so the typed array is copied too
  assert.match(describeArgs({ ...written, trapFree: true, nestedWrites: true }), /and out \(the code writes it: always copied, as a written number\[\]\[\] row refusing its value reruns the call on JS\)$/);
  const more = describeArgs({ ...base, outside: 2, nestedOnJs: 1 });
  assert.ok(more.startsWith("\n;; 1 calls with a number[][] Wasm does not take (ragged, non-numbers, shared rows, a read-only element) ran the JS backend\n;; 2 calls with an array outside numbat memory ran the JS backend ('auto', rule 2)\n;; xs:"));
  assert.equal(describeArgs({ ...base, args: [] }), '');
});

test('\'auto\' rule 0: Math.random() stays on JS unless a loop draws and computes Math.exp in lanes, which goes to Wasm', () => {
  function mc(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      s += Math.exp(-x * x);
    }
    return s / n;
  }
  function draws(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.random();
    return s;
  }
  const I32 = [{ kind: 'i32' }] as const satisfies readonly Type[];
  const lanes = choose(mc, I32, { backend: 'auto' });
  assert.equal(lanes.choice.backend, 'wasm');
  assert.match(lanes.choice.reason, /^a loop draws Math\.random\(\) and computes Math\.exp of the draws in f64x2 lanes/);
  assert.match(lanes.choice.wat!, /^;; backend: wasm — a loop draws Math\.random\(\)/);
  assert.match(lanes.choice.wat!, /;; mc: the loop over i draws Math\.random\(\) in stream order/);
  // the same stream and the same double as the JS backend, for an odd count
  seedRandom(11); const want = lanes.js(1001);
  seedRandom(11); const got = lanes.choice.fn(1001);
  assert.ok(Object.is(got, want), `${String(got)} vs ${String(want)}`);
  const scalar = choose(draws, I32, { backend: 'auto' });
  assert.equal(scalar.choice.backend, 'js');
  assert.match(scalar.choice.reason, /^auto: it calls Math\.random\(\), and no loop of it computes Math\.exp of the draws in lanes/);
});

test("'auto': a number[][] read fewer than three loops deep stays on JS without measuring; three deep is rule 4's Wasm", () => {
  function rowNorms(X: number[][]) {
    const out = new Float64Array(X.length);
    for (let i = 0; i < X.length; i++) {
      let s = 0;
      for (let j = 0; j < X[i]!.length; j++) s += X[i]![j]! * X[i]![j]!;
      out[i] = Math.sqrt(s);
    }
    return out;
  }
  function gram(X: number[][], out: Float64Array) {
    const n = X.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < X[i]!.length; k++) s += X[i]![k]! * X[j]![k]!;
      out[i * n + j] = s;
    }
    return out[0]!;
  }
  const nested: Type[] = [{ kind: 'matrix', layout: 'nested' }];
  const one = choose(rowNorms, nested, { backend: 'auto' }).choice;
  assert.equal(one.backend, 'js');
  assert.match(one.reason, /fewer than three loops deep.*not measured/);
  const three = choose(gram, [...nested, { kind: 'array', element: 'f64' }], { backend: 'auto' }).choice;
  assert.equal(three.backend, 'wasm');
  assert.match(three.reason, /three loops deep/);
});
