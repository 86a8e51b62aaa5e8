// The JS backend's inline callbacks (src/jit/js/callbacks.ts). On hand-built IR, callbackSource prints the method
// call with the callback as an arrow: an expression arrow for a lone `return v` (parenthesized, so an object
// literal is no block), a block arrow otherwise, Array.from with and without a mapper, Array.from({ length })
// for fromLength, parameters under their generated names, and undefined for a method without callback; the
// printed code, evaluated, computes what the plain call computes. Through memoJit({ backend: 'js' }) the method is
// V8's own: a typed array's map keeps its class (Float32 rounding), an empty reduce without a start value throws
// the plain TypeError, the callback reads and writes outer locals, and the index argument is the plain one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import type { ArrayMethod, Expr, Stmt } from '../../../src/jit/ir.js';
import { callbackSource, type CallbackCodeHost } from '../../../src/jit/js/callbacks.js';

const F64 = { kind: 'f64' } as const;
const ARR = { kind: 'array', element: 'f64' } as const;
const local = (name: string): Expr => ({ op: 'local', type: F64, name });
const add = (left: Expr, right: Expr): Expr => ({ op: 'binary', type: F64, operator: 'add', left, right } as Expr);
const host: CallbackCodeHost = {
  expr: (e) => (e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : e.op === 'binary' ? `${host.expr(e.left)} + ${host.expr(e.right)}` : '?'),
  block: (stmts: readonly Stmt[]) => stmts.map((s) => (s.kind === 'return' && s.value ? `return ${host.expr(s.value)};` : s.kind === 'assign' ? `${s.name} = ${host.expr(s.value)};` : '')).join(' '),
};
const xs: Expr = { op: 'local', type: ARR, name: 'xs' };
const call = (method: string, callback: ArrayMethod['callback'], args: Expr[] = [], target: Expr = xs): ArrayMethod =>
  ({ op: 'method', type: F64, target, method, args, callback } as ArrayMethod);

test('a lone return is an expression arrow, the extra arguments follow it', () => {
  const reduce = call('reduce', { params: ['s', 'v'], body: [{ kind: 'return', value: add(local('s'), local('v')) }] }, [{ op: 'const', type: F64, value: 0.5 }]);
  const src = callbackSource(reduce, host);
  assert.equal(src, 'xs.reduce((s, v) => (s + v), 0.5)');
  assert.equal((new Function('xs', `return ${src};`) as (xs: number[]) => number)([1, 2, 4]), 7.5);
});

test('a body of several statements is a block arrow, evaluated like the plain callback', () => {
  const body: Stmt[] = [{ kind: 'assign', name: 't', value: add(local('v'), local('k')) } as Stmt, { kind: 'return', value: add(local('t'), local('t')) }];
  const src = callbackSource(call('map', { params: ['v'], body }), host)!;
  assert.equal(src, 'xs.map((v) => {\nt = v + k; return t + t;\n})');
  const run = new Function('xs', 'k', `let t = 0; const r = ${src}; return [r, t];`) as (xs: number[], k: number) => [number[], number];
  // By hand: (v + 1) * 2 for 1, 2, 3, and t keeps the last value: the arrow closes over the outer local.
  assert.deepEqual(run([1, 2, 3], 1), [[4, 6, 8], 4]);
});

test('Array.from with and without a mapper, Array.from({ length }) for fromLength', () => {
  const n: Expr = { op: 'local', type: { kind: 'i32' }, name: 'n' };
  const i = local('i');
  assert.equal(callbackSource(call('from', undefined), host), 'Array.from(xs)');
  const mapped = callbackSource(call('from', { params: ['v', 'i'], body: [{ kind: 'return', value: add(local('v'), i) }] }), host);
  assert.equal(mapped, 'Array.from(xs, (v, i) => (v + i))');
  const counted = callbackSource(call('fromLength', { params: ['_', 'i'], body: [{ kind: 'return', value: add(i, i) }] }, [], n), host);
  assert.equal(counted, 'Array.from({ length: n }, (_, i) => (i + i))');
  assert.deepEqual((new Function('n', `return ${counted};`) as (n: number) => number[])(4), [0, 2, 4, 6]);
  assert.deepEqual((new Function('xs', `return ${mapped};`) as (xs: Float64Array) => number[])(new Float64Array([5, 5])), [5, 6]);
});

test('no callback (other than Array.from) is not this rule: undefined; parameters take their generated names', () => {
  assert.equal(callbackSource(call('map', undefined), host), undefined);
  assert.equal(callbackSource(call('indexOf', undefined, [local('v')]), host), undefined);
  // A user parameter shaped like a compiler name is renamed, as every user name in generated code.
  const src = callbackSource(call('map', { params: ['$fn_v'], body: [{ kind: 'return', value: local('k') }] }), host);
  assert.equal(src, 'xs.map(($u_$fn_v) => (k))');
});

const js = memoJit({ backend: 'js' });

/** The value, or the thrown class and message. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

test('compiled: a typed array\'s map keeps its class, so Float32 results round as in plain JS', () => {
  function third(v: Float32Array): Float32Array {
    return v.map((x) => x / 3);
  }
  const compiled = js(third);
  const input = new Float32Array([1, 2, 1e-40, -0, 7]);
  const a = compiled(input);
  const b = third(input);
  assert.ok(a instanceof Float32Array, 'the result is a Float32Array');
  assert.equal(a.length, b.length);
  for (let k = 0; k < b.length; k++) assert.ok(Object.is(a[k], b[k]), `element ${k}`);
  assert.equal(a[0], Math.fround(1 / 3), 'by hand: 1/3 rounded to float32');
  assert.ok(Object.values(compiled.inspect()).join('\n').includes('.map('));
});

test('compiled: an empty reduce without a start value throws the plain TypeError; with one it gives the start', () => {
  function total(v: Float64Array): number {
    return v.reduce((s, x) => s + x);
  }
  function started(v: Float64Array): number {
    return v.reduce((s, x) => s + x * x, -0);
  }
  const t = js(total);
  const s = js(started);
  const empty = new Float64Array(0);
  assert.equal(outcome(() => t(empty)), outcome(() => total(empty)));
  assert.match(String(outcome(() => t(empty))), /^TypeError: Reduce of empty array with no initial value/);
  assert.ok(Object.is(s(empty), -0), 'the start value, -0, comes back as is');
  assert.equal(t(new Float64Array([0.1, 0.2, 0.3])), 0.1 + 0.2 + 0.3, 'left to right, as plain JS adds');
  assert.equal(s(new Float64Array([1, 2])), 5);
});

test('compiled: callbacks read and write outer locals and see the plain index', () => {
  function stats(v: number[], limit: number): number {
    let count = 0;
    let last = -1;
    v.forEach((x, i) => {
      if (x > limit) {
        count += 1;
        last = i;
      }
    });
    const big = v.filter((x) => x > limit).length;
    const firstBig = v.findIndex((x) => x > limit);
    const all = v.every((x, i) => x >= i) ? 1 : 0;
    return count * 1000 + last * 100 + big * 10 + firstBig + all * 0.5;
  }
  const compiled = js(stats);
  const cases: [number[], number][] = [[[1, 5, 2, 9], 3], [[], 0], [[0, 1, 2], 5], [[NaN, 4, -0], -1]];
  for (const [v, limit] of cases) assert.ok(Object.is(compiled([...v], limit), stats([...v], limit)), `${JSON.stringify(v)} > ${limit}`);
  // By hand for [1, 5, 2, 9] > 3: two above (5, 9), last at index 3, first at index 1, every x >= i: 1,5,2,9 vs 0..3.
  assert.equal(compiled([1, 5, 2, 9], 3), 2000 + 300 + 20 + 1 + 0.5);
  assert.match(Object.values(compiled.inspect()).join('\n'), /\.forEach\(/, 'compiled, with V8\'s own forEach');
});
