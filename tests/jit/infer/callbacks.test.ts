// src/jit/infer/callbacks.ts: array methods with an inline callback, and Array.from. checkCallback and
// arrayFromForm on parsed calls; callbackCallOn with a fake host whose "callback" is a function of the state,
// so the fixed point of the outer state and of a reduce accumulator can be derived by hand (join with "not
// run", widening from the third round); the located refusals; then the real analysis (types of outer locals
// a callback writes) and compiled calls against the plain function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { arrayFromForm, callbackCallOn, checkCallback, isCallbackMethod, type CallbackHost, type CallbackReceiver, type CallbackRun } from '../../../src/jit/infer/callbacks.js';
import { BOOLV, FLOAT, MAX_LENGTH, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import type { State } from '../../../src/jit/infer/flow.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { agreeCompiled } from '../statements/agree.js';

const expr = (source: string): Node => parseFunction(source).body as Node;
const thrower = { fail: (message: string): never => { throw new Error(message); } };

test('isCallbackMethod: the methods that take a callback, and no others (nor Object.prototype\'s names)', () => {
  for (const name of ['map', 'forEach', 'some', 'every', 'filter', 'findIndex', 'findLastIndex', 'reduce', 'reduceRight']) assert.ok(isCallbackMethod(name), name);
  for (const name of ['push', 'fill', 'slice', 'toString', 'constructor', 'hasOwnProperty']) assert.equal(isCallbackMethod(name), false, name);
});

test('checkCallback accepts an inline arrow or function expression with plain parameters', () => {
  const arrow = expr('(xs) => xs.map((v, i, a) => v * i)');
  assert.equal(checkCallback((arrow.arguments as Node[])[0], 'map', 3, thrower, arrow).type, 'ArrowFunctionExpression');
  const fn = expr('(xs) => xs.reduce(function (s, v, i, a) { const g = function () { return this; }; return s + v; }, 0)');
  assert.equal(checkCallback((fn.arguments as Node[])[0], 'reduce', 4, thrower, fn).type, 'FunctionExpression', 'a nested function\'s this is its own');
  const arrowThis = expr('(xs) => xs.map((v) => this.k + arguments.length)');
  assert.equal(checkCallback((arrowThis.arguments as Node[])[0], 'map', 3, thrower, arrowThis).type, 'ArrowFunctionExpression', 'an arrow\'s this is the enclosing one');
});

test('checkCallback refuses every other form with a message saying what to write', () => {
  const refuse = (source: string, name = 'map', max = 3): string => {
    const call = expr(source);
    try {
      checkCallback((call.arguments as Node[])[0], name, max, thrower, call);
    } catch (e) {
      return (e as Error).message;
    }
    return assert.fail(`accepted ${source}`);
  };
  assert.equal(refuse('(xs) => xs.map()'), 'map takes a callback; write it inline: xs.map((v, i) => …)');
  assert.equal(refuse('(xs) => xs.reduce()', 'reduce', 4), 'reduce takes a callback; write it inline: xs.reduce((acc, v, i) => …)');
  assert.match(refuse('(xs) => xs.map(square)'), /^the callback of map is compiled in place, so it must be written at the call \('square' is passed by name\)/);
  assert.match(refuse('(xs) => xs.map(fs[0])'), /\(the callback is not a function written here\)/);
  assert.equal(refuse('(xs, fs) => xs.map(...fs)'), 'spread arguments are not supported');
  assert.equal(refuse('(xs) => xs.map(async (v) => v)'), 'async and generator callbacks cannot be compiled');
  assert.equal(refuse('(xs) => xs.map(function* (v) { yield v; })'), 'async and generator callbacks cannot be compiled');
  assert.equal(refuse('(xs) => xs.map((v, i, a, extra) => v)'), 'the callback of map takes at most 3 parameters (value, index, array)');
  assert.equal(refuse('(xs) => xs.reduce((s, v, i, a, extra) => s, 0)', 'reduce', 4), 'the callback of reduce takes at most 4 parameters (accumulator, value, index, array)');
  for (const params of ['v = 1', '[v]', '{ v }', '...vs']) {
    assert.equal(refuse(`(xs) => xs.map((${params}) => 1)`), 'callback parameters are plain names (no defaults, destructuring or rest)', params);
  }
  assert.match(refuse('(xs) => xs.map(function (v) { return this; })'), /^'this' inside a function callback is the callback's own; use an arrow function/);
  assert.match(refuse('(xs) => xs.map(function (v) { return () => arguments[0]; })'), /^'arguments' inside a function callback/);
});

test('arrayFromForm: the { length } form, the copying form, and calls that are not the global Array.from', () => {
  const yes = () => true;
  assert.equal(arrayFromForm(expr('(n) => Array.from({ length: n }, (_, i) => i)'), yes), 'length');
  assert.equal(arrayFromForm(expr('(n) => Array.from({ "length": n }, (_, i) => i)'), yes), 'length', 'a string key');
  assert.equal(arrayFromForm(expr('(xs) => Array.from(xs, (v) => v)'), yes), 'array');
  assert.equal(arrayFromForm(expr('(n) => Array.from({ length: n, x: 1 })'), yes), 'array', 'another property: not the length form');
  assert.equal(arrayFromForm(expr('(n, k) => Array.from({ [k]: n })'), yes), 'array', 'a computed key');
  assert.equal(arrayFromForm(expr('(xs) => Array.from(xs)'), () => false), undefined, 'Array is a local');
  assert.equal(arrayFromForm(expr('(xs) => Array.of(xs)'), yes), undefined);
  assert.equal(arrayFromForm(expr('(xs) => Array["from"](xs)'), yes), undefined);
  assert.equal(arrayFromForm(expr('(xs) => List.from(xs)'), yes), undefined);
});

/** A CallbackHost over one-slot states whose callback body is `body`; it records each run's parameters and notes. */
function fakeHost(body: (params: readonly (AV | undefined)[], state: State) => CallbackRun) {
  const runs: (readonly (AV | undefined)[])[] = [];
  const notes: [Node, AV][] = [];
  const host: CallbackHost = {
    expr: (node) => (node.type === 'Literal' ? numAV(node.value as number, node.value as number, true) : { k: 'array', element: 'f64' }),
    fail: (message) => {
      throw new Error(message);
    },
    flow: {
      read: (state, b) => state[b.slot],
      bindingAt: (slot) => ({ name: 'c', unique: 'c', kind: 'let', decl: { type: 'Identifier', name: 'c', start: 0, end: 0 }, slot, value: undefined }),
      bindingOf: () => undefined,
      valueOf: () => undefined,
      fail: (message) => {
        throw new Error(message);
      },
    },
    run: (_fn, params, state) => (runs.push(params), body(params, state)),
    note: (fn, value) => notes.push([fn, value]),
  };
  return { host, runs, notes };
}

const F64_ARRAY: AV = { k: 'array', element: 'f64' };
const receiver = (result: CallbackReceiver['result'] = (r) => ({ k: 'array', element: r.k === 'bool' ? 'bool' : 'num' })): CallbackReceiver => ({ value: FLOAT, self: F64_ARRAY, result });
const VOID: AV = { k: 'void' };

test('callbackCallOn: the state after is "not run" joined with "run again", to a fixed point', () => {
  // The callback sets the outer local to 1: after the call it is 0 or 1.
  const call = expr('(xs) => xs.forEach((v) => { c = 1; })');
  const { host, runs, notes } = fakeHost(() => ({ state: [numAV(1, 1, true)], returned: VOID, absent: false }));
  const state: State = [numAV(0, 0, true)];
  assert.deepEqual(callbackCallOn(call, 'forEach', receiver(() => VOID), state, host), VOID);
  assert.deepEqual(state, [numAV(0, 1, true)], 'updated in place');
  assert.equal(runs.length, 2, 'the second run changes nothing');
  assert.deepEqual(runs[0], [FLOAT, numAV(0, MAX_LENGTH - 1, true), F64_ARRAY], 'value, index, array');
  assert.equal(notes.length, 1);
  assert.equal(notes[0]![0], (call.arguments as Node[])[0]);
  // The callback increments it: 0..1, 0..2, then widened to 0..∞ from the third round, which is stable.
  const inc = fakeHost((_p, s) => {
    const c = s[0] as Extract<AV, { k: 'num' }>;
    return { state: [numAV(c.lo + 1, c.hi + 1, true)], returned: VOID, absent: false };
  });
  const counted: State = [numAV(0, 0, true)];
  callbackCallOn(call, 'forEach', receiver(() => VOID), counted, inc.host);
  assert.deepEqual(counted, [numAV(0, Infinity, true)]);
  assert.equal(inc.runs.length, 4);
});

test('callbackCallOn: a reduce accumulator joins its start with every return; without a start it is the element', () => {
  const call = expr('(xs) => xs.reduce((s, v) => s + 1, 0)');
  const { host, runs, notes } = fakeHost((params, s) => {
    const acc = params[0] as Extract<AV, { k: 'num' }>;
    return { state: s, returned: numAV(acc.lo + 1, acc.hi + 1, true), absent: false };
  });
  const acc = callbackCallOn(call, 'reduce', receiver(), [], host);
  assert.deepEqual(acc, numAV(0, Infinity, true), '0, 0..1, 0..2, then widened');
  // Rounds 0 and 1 join (0..1, 0..2); round 2 widens 0..3 to 0..∞; round 3 changes nothing.
  assert.deepEqual(runs.map((p) => p[0]), [numAV(0, 0, true), numAV(0, 1, true), numAV(0, 2, true), numAV(0, Infinity, true)]);
  assert.equal(runs[0]!.length, 4, 'accumulator, value, index, array');
  assert.deepEqual(notes.map(([, v]) => v), [acc], 'the callback\'s returns are converted to the accumulator');
  const noStart = fakeHost((params, s) => ({ state: s, returned: params[0]!, absent: false }));
  assert.deepEqual(callbackCallOn(expr('(xs) => xs.reduce((s, v) => s)'), 'reduce', receiver(), [], noStart.host), FLOAT);
});

test('callbackCallOn: the located refusals of the call and of what the callback returns', () => {
  const fails = (src: string, name: string, run: CallbackRun | ((i: number) => CallbackRun), recv = receiver(), state: State = []): string => {
    let i = 0;
    const { host } = fakeHost(() => (typeof run === 'function' ? run(i++) : run));
    try {
      callbackCallOn(expr(src), name, recv, state, host);
    } catch (e) {
      return (e as Error).message;
    }
    return assert.fail(`accepted ${src}`);
  };
  const num: CallbackRun = { state: [], returned: numAV(1, 1, true), absent: false };
  assert.equal(fails('(xs) => xs.map((v) => v, self)', 'map', num), 'map takes one callback (no thisArg) in compiled code');
  assert.equal(fails('(xs) => xs.reduce((s, v) => v, 0, 1)', 'reduce', num), 'reduce takes a callback and a start value in compiled code');
  assert.equal(fails('(xs) => xs.reduce((s, v) => v, xs)', 'reduce', num), 'the start value of reduce is a number or a boolean in compiled code, not Float64Array');
  assert.equal(fails('(xs) => xs.map((v) => v)', 'map', { ...num, absent: true }), 'the callback of map must return a value on every path');
  // Only a second run can disagree with the first: the first run's write to the outer local asks for one.
  const flip = (i: number): CallbackRun => ({ state: [numAV(1, 1, true)], returned: i === 0 ? numAV(1, 1, true) : { k: 'str' }, absent: false });
  assert.equal(fails('(xs) => xs.map((v) => v)', 'map', flip, receiver(), [numAV(0, 0, true)]), 'the callback of map returns an integer on one path and a string on another');
  assert.equal(fails('(xs) => xs.reduce((s, v) => "x", 0)', 'reduce', { ...num, returned: { k: 'str' } }), 'the accumulator of reduce starts as an integer but the callback returns a string; compiled values keep one type');
  assert.equal(fails('(xs) => xs.map((v) => v)', 'map', num, receiver(() => ({ error: 'no rows here' }))), 'no rows here');
  // forEach may return nothing on some paths.
  const { host } = fakeHost(() => ({ state: [], returned: VOID, absent: true }));
  assert.deepEqual(callbackCallOn(expr('(xs) => xs.forEach((v) => { if (v) return; })'), 'forEach', receiver(() => VOID), [], host), VOID);
});

/** The analysis of `source` for one Float64Array (or the given types): the return and each named binding's value. */
function analyze(source: string, args: Parameters<typeof inferFunction>[1] = [{ kind: 'array', element: 'f64' }]) {
  const t = inferFunction(parseFunction(source), args, newEnv(() => undefined));
  return { returns: t.returns, binding: (name: string) => t.bindings.find((b) => b.name === name)!.value };
}

test('the real analysis: outer locals a callback writes, reduce accumulators, the results of each method', () => {
  assert.deepEqual(analyze('function f(xs) { let c = 0; xs.forEach((v) => { c = 1; }); return c; }').returns, numAV(0, 1, true));
  assert.deepEqual(analyze('function f(xs) { let c = 0; xs.forEach((v) => { c = c + 0.5; }); return c; }').returns, FLOAT);
  assert.deepEqual(analyze('function f(xs) { return xs.reduce((s, v) => 3, 0); }').returns, numAV(0, 3, true));
  assert.deepEqual(analyze('function f(xs) { return xs.map((v) => v > 0 ? 1 : 2); }').returns, F64_ARRAY, 'map on a Float64Array makes one');
  assert.deepEqual(analyze('function f(xs) { return xs.some((v) => v > 2); }').returns, BOOLV);
  assert.deepEqual(analyze('function f(xs) { return xs.filter((v) => v > 2); }', [{ kind: 'array', element: 'i32' }]).returns, { k: 'array', element: 'i32' });
  assert.deepEqual(analyze('function f(n) { return Array.from({ length: n }, (_, i) => i > 2); }', [{ kind: 'i32' }]).returns, { k: 'array', element: 'bool' });
  assert.deepEqual(analyze('function f(xs) { return Array.from(xs); }', [{ kind: 'array', element: 'i32' }]).returns, { k: 'array', element: 'num' }, 'a plain number[] copy');
  const rows = analyze('function f(n) { return Array.from({ length: n }, () => new Float64Array(3)); }', [{ kind: 'i32' }]).returns;
  assert.ok(rows.k === 'matrix' && rows.layout === 'nested', 'a callback returning arrays makes a number[][]');
  // The callback's value parameter takes the element's range: an Int8Array's values are -128..127.
  assert.deepEqual(analyze('function f(xs) { xs.forEach((v) => {}); return 0; }', [{ kind: 'array', element: 'i8' }]).binding('v'), numAV(-128, 127, true));
});

test('compiled: located errors for Array.from misuse; results and outer writes equal the plain function', () => {
  const e = compileError(((n: number) => Array.from({ length: n })) as (n: number) => unknown, [3]);
  assert.match(e.message, /Array\.from\(\{ length: n \}\) without a callback is n undefineds/);
  assert.match(compileError(((n: number) => Array.from({ length: n }, (u: unknown) => u)) as (n: number) => unknown, [3]).message, /'u' may be read before it is assigned/);
  assert.match(compileError(((x: number) => Array.from(x as unknown as number[])) as (x: number) => unknown, [2.5]).message, /Array\.from copies an array or typed array in compiled code, not a number/);
  function stats(xs: Float64Array): number[] {
    let count = 0, big = 0;
    xs.forEach((v, i) => {
      count++;
      if (v > 2) big = i;
    });
    const total = xs.reduce((s, v) => s + v, 0);
    const idx = Array.from({ length: 3 }, (_, i) => i * i);
    return [count, big, total, xs.map((v) => v * 2).reduce((a, b) => (a > b ? a : b), -Infinity), idx[2]!];
  }
  const jit = memoJit(stats);
  for (const xs of [[1, 5, 2, 7], [], [-0, 3], [NaN, 1]]) {
    const got = jit(Float64Array.from(xs)), want = stats(Float64Array.from(xs));
    assert.equal(got.length, want.length);
    got.forEach((g, i) => assert.ok(Object.is(g, want[i]), `${JSON.stringify(xs)}[${i}]: ${g} vs ${want[i]}`));
  }
  assert.deepEqual(jit(Float64Array.from([1, 5, 2, 7])), [4, 3, 15, 14, 4], 'hand-derived');
});

test('compiled: map of a plain array to arrays is a number[][] of what the callback returned (rows, pairs, holes kept)', () => {
  // plain and compiled: the same value, writes and exception (an exception comes back as "Name: message")
  const agree = agreeCompiled;
  // the JS matrix idiom: n rows of n zeros, then a diagonal
  function identityish(n: number): number {
    const m = Array(n).fill(0).map(() => Array(n).fill(0));
    for (let i = 0; i < n; i++) m[i]![i] = i - 0.5;
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += m[i]![j]! * (j + 1);
    return s + m.length * 100 + m[0]!.length * 1000;
  }
  // by hand for n = 3: diagonal -0.5·1 + 0.5·2 + 1.5·3 = 5, plus 300 and 3000
  assert.equal(agree(identityish, 3), 3305);
  // pairs from a literal (a JS array, not a tuple), with NaN and -0 kept
  function pairs(xs: number[]): number[] {
    const p = xs.map((v, i) => [v, -v, i]);
    return [p.length, p[0]![1]!, p[1]![0]!, 1 / p[2]![1]!];
  }
  assert.deepEqual(agree(pairs, [1, NaN, 0]), [3, -1, NaN, -Infinity]);
  // either branch of ?:, and `return [...]` statements of a function expression
  function shapes(xs: number[]): number {
    const p = xs.map((v) => (v > 0 ? [v, 1] : [1, v]));
    const q = xs.map(function (v) { if (v > 0) return [v]; return [0, v]; });
    return p[1]![1]! + p[0]![0]! + q[1]!.length * 10 + q[0]!.length;
  }
  assert.equal(agree(shapes, [2, -3]), -3 + 2 + 20 + 1);
  // Array(n) without fill: map skips holes, so the rows are holes, and reading one throws as in JS
  function holes(n: number): number {
    const m = new Array(n).map(() => [1, 2]);
    return m.length + m[0]![1]!;
  }
  assert.equal(agree(holes, 3), "TypeError: Cannot read properties of undefined (reading '1')");
  // the same row object returned each time: one array, as in JS
  function shared(xs: number[]): number {
    const r = [0, 0];
    const m = xs.map(() => r);
    m[0]![0] = 5;
    return m[1]![0]!;
  }
  assert.equal(agree(shared, [1, 2]), 5);
  // typed rows, a callback writing an outer local, the rows of a number[][] mapped to pairs, Array.from to pairs
  function typedRows(xs: number[]): number {
    const m = xs.map((v) => new Float64Array(2).fill(v));
    return m[1]![1]! + m.length;
  }
  assert.equal(agree(typedRows, [1, 2]), 4);
  function counted(xs: number[]): number {
    let k = 0;
    const m = xs.map((v) => { k++; return [v, k]; });
    return m[1]![1]! + k;
  }
  assert.equal(agree(counted, [1, 2, 3]), 5);
  function rowPairs(m: number[][]): number {
    const p = m.map((r) => [r[0]!, r.length]);
    return p[1]![1]! + p[0]![0]!;
  }
  assert.equal(agree(rowPairs, [[1, 2], [3, 4, 5]]), 4);
  function fromPairs(n: number): number {
    const m = Array.from({ length: n }, (_, i) => [i, i * i]);
    return m[n - 1]![1]!;
  }
  assert.equal(agree(fromPairs, 4), 9);
  // returned whole, and read past the end (undefined row: TypeError; past a row's end: undefined)
  const made = (n: number): number[][] => Array(n).fill(0).map((_, i) => [i, -i]);
  assert.deepEqual(agree(made, 2), [[0, -0], [1, -1]]);
  assert.ok(Object.is((memoJit(made)(1) as number[][])[0]![1], -0));
  const past = (n: number): number => {
    const m = Array(n).fill(0).map(() => [1]);
    return m[n]![0]!;
  };
  assert.equal(agree(past, 2), "TypeError: Cannot read properties of undefined (reading '0')");
  const pastRow = (n: number): number | undefined => {
    const m = Array(n).fill(0).map(() => [1]);
    return m[0]![5];
  };
  assert.equal(agree(pastRow, 2), undefined);
  // a typed array's map gives the same typed array: arrays there stay a located error
  const typed = compileError(function typedMap(xs: Float64Array) { return xs.map((v) => [v] as unknown as number); }, [new Float64Array(2)]);
  assert.match(typed.message, /map on a typed array gives the same typed array, so the callback returns a number, not a value of kind tuple/);
});
