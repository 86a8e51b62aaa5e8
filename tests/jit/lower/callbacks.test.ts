// Inline callbacks (src/jit/lower/callbacks.ts), checked on the IR they build: the callback's parameters become
// locals of the enclosing function (renamed apart when two callbacks reuse a name), its body is lowered in place
// with `return` converted to the callback's result type (not the function's), reduce's start value is converted
// to the accumulator's type, and Array.from's three forms are `fromLength` / `from` method nodes; callbacks that
// cannot be compiled in place are JitErrors located at the callback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { JitError } from '../../../src/index.js';
import type { Type } from '../../../src/jit/types.js';
import { walkIR } from '../../../src/jit/ir/walk.js';

const I32: Type = { kind: 'i32' };
const F64: Type = { kind: 'f64' };
const I32S: Type = { kind: 'array', element: 'i32' };
const F64S: Type = { kind: 'array', element: 'f64' };

type Method = Extract<IR.Expr, { op: 'method' }>;
const entryOf = (module: IR.IRModule): IR.IRFunction => module.functions.find((f) => f.name === module.entry)!;
const param = (module: IR.IRModule, i: number): string => entryOf(module).params[i]!.name;
/** The method node the entry returns. */
function returnedMethod(module: IR.IRModule): Method {
  const last = entryOf(module).body.at(-1)!;
  assert.ok(last.kind === 'return' && last.value?.op === 'method', 'the entry returns a method call');
  return last.value;
}
const local = (name: string, type: Type): IR.Expr => ({ op: 'local', type, name });

test('xs.map((v) => v * k): the callback is inline, reading v and the enclosing k; v is a local of the function', () => {
  const module = lowerToIR(function scaled(xs: Float64Array, k: number) { return xs.map((v) => v * k); }, [F64S, F64]);
  const m = returnedMethod(module);
  assert.deepEqual([m.method, m.type, m.args], ['map', F64S, []]);
  assert.deepEqual(m.target, local(param(module, 0), F64S));
  assert.deepEqual(m.callback, {
    params: ['v'],
    body: [{ kind: 'return', value: { op: 'binary', type: F64, operator: 'mul', left: local('v', F64), right: local(param(module, 1), F64) } }],
  });
  assert.deepEqual(entryOf(module).locals.find((l) => l.name === 'v'), { name: 'v', type: F64 });
});

test('reduce: the start value is converted to the accumulator type and passed as the argument', () => {
  const module = lowerToIR(function total(xs: Float64Array, k: number) { return xs.reduce((acc, v) => acc + v, k); }, [F64S, I32]);
  const m = returnedMethod(module);
  assert.equal(m.method, 'reduce');
  assert.deepEqual(m.args, [{ op: 'convert', type: F64, arg: local(param(module, 1), I32) }]);
  assert.deepEqual(m.callback?.params, ['acc', 'v']);
  const noStart = returnedMethod(lowerToIR(function totalNoStart(xs: Float64Array) { return xs.reduce((acc, v) => acc + v); }, [F64S]));
  assert.deepEqual(noStart.args, [], 'without a start value there is no argument');
});

test('a block-bodied callback\'s returns convert to the callback\'s result type, not the enclosing function\'s', () => {
  // the function returns an i32 (a length); the callback's returns are f64, the accumulator's type
  const module = lowerToIR(function positives(xs: Int32Array) {
    const s = xs.reduce((a, v) => { if (v > 0) return a + v; return a; }, 0.5);
    return s > 0 ? 1 : 0;
  }, [I32S]);
  assert.equal(entryOf(module).returnType.kind, 'i32');
  const declared = entryOf(module).body[0]!;
  assert.ok(declared.kind === 'declare' && declared.init.op === 'method' && declared.init.callback);
  const body = declared.init.callback.body;
  assert.equal(body.length, 2);
  const [branch, last] = body;
  assert.ok(branch!.kind === 'if' && branch!.then[0]!.kind === 'return');
  const early = branch!.then[0]!.kind === 'return' ? branch!.then[0]!.value : undefined;
  assert.deepEqual(early, { op: 'binary', type: F64, operator: 'add', left: local('a', F64), right: { op: 'convert', type: F64, arg: local('v', I32) } });
  assert.ok(last!.kind === 'return' && last!.span !== undefined, 'a return carries its span, for located backend errors');
  assert.deepEqual(last!.value, local('a', F64));
});

test('two callbacks with the same parameter name get distinct locals', () => {
  const module = lowerToIR(function counts(xs: Float64Array) {
    return xs.filter((v) => v > 0).length + xs.findIndex((v) => v > 2);
  }, [F64S]);
  const callbacks: string[][] = [];
  walkIR(entryOf(module).body, { expr: (e) => { if (e.op === 'method' && e.callback) callbacks.push([...e.callback.params]); } });
  assert.equal(callbacks.length, 2);
  assert.notEqual(callbacks[0]![0], callbacks[1]![0]);
  const names = entryOf(module).locals.map((l) => l.name);
  for (const [p] of callbacks) assert.ok(names.includes(p!), `${p} is a local of the function`);
});

test('forEach: the callback\'s body writes the enclosing function\'s local', () => {
  const module = lowerToIR(function sumAll(xs: Float64Array) {
    let s = 0;
    xs.forEach((v) => { s += v; });
    return s;
  }, [F64S]);
  const stmt = entryOf(module).body[1]!;
  assert.ok(stmt.kind === 'expr' && stmt.expr.op === 'method' && stmt.expr.method === 'forEach');
  assert.equal(stmt.expr.type.kind, 'void');
  const body = stmt.expr.callback?.body ?? [];
  assert.equal(body.length, 1);
  const write = body[0]!;
  assert.ok(write.kind === 'assign', `an assignment, got ${write.kind}`);
  assert.deepEqual([write.name, write.value], ['s', { op: 'binary', type: F64, operator: 'add', left: local('s', F64), right: local('v', F64) }]);
});

test('Array.from({ length: n }, (_, i) => i * i) is fromLength on n, the index an i32', () => {
  const module = lowerToIR(function squares(n: number) { return Array.from({ length: n }, (_, i) => i * i); }, [I32]);
  const m = returnedMethod(module);
  assert.deepEqual([m.method, m.args], ['fromLength', []]);
  assert.deepEqual(m.target, local(param(module, 0), I32));
  assert.deepEqual(m.callback?.params, ['_', 'i']);
  assert.deepEqual(entryOf(module).locals.find((l) => l.name === 'i'), { name: 'i', type: I32 });
});

test('Array.from(xs) is from with no callback; Array.from(xs, f) carries the callback', () => {
  const plain = lowerToIR(function copied(xs: Float64Array) { return Array.from(xs); }, [F64S]);
  const copy = returnedMethod(plain);
  assert.deepEqual([copy.method, copy.callback, copy.target], ['from', undefined, local(param(plain, 0), F64S)]);
  const mapped = returnedMethod(lowerToIR(function bumped(xs: Float64Array) { return Array.from(xs, (v) => v + 1); }, [F64S]));
  assert.equal(mapped.method, 'from');
  assert.deepEqual(mapped.callback, { params: ['v'], body: [{ kind: 'return', value: { op: 'binary', type: F64, operator: 'add', left: local('v', F64), right: { op: 'const', type: F64, value: 1 } } }] });
});

test('a bool-returning Array.from callback makes a boolean array', () => {
  const m = returnedMethod(lowerToIR(function flagsFrom(n: number) { return Array.from({ length: n }, (_, i) => i > 2); }, [I32]));
  assert.deepEqual(m.type, { kind: 'array', element: 'bool' });
  const ret = m.callback?.body[0];
  assert.ok(ret?.kind === 'return' && ret.value?.op === 'compare');
});

/** The JitError `run` throws; fails the test on anything else. */
function jitErrorOf(run: () => unknown): JitError {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof JitError, `expected a JitError, got ${String(e)}`);
    assert.ok(e.line !== undefined && e.column !== undefined, 'located');
    return e;
  }
  return assert.fail('lowered without an error');
}
const spanText = (e: JitError): string => e.source!.slice(e.span!.start, e.span!.end);

test('callbacks that cannot be compiled in place are JitErrors located at the callback', () => {
  const byName = jitErrorOf(() => lowerToIR(function mapByName(xs: Float64Array, f: (v: number) => number) { return xs.map(f); }, [F64S, F64]));
  assert.equal(byName.construct, 'map callback');
  assert.match(byName.detail, /written at the call/);
  assert.equal(spanText(byName), 'f');

  // the parameter lists below are wrong on purpose, so TypeScript's check is turned off for them
  const tooMany = jitErrorOf(() => lowerToIR(function mapFour(xs: Float64Array) {
    // @ts-expect-error map's callback takes three parameters
    return xs.map((v: number, i: number, a: Float64Array, extra: number) => v + extra);
  }, [F64S]));
  assert.match(tooMany.detail, /at most 3 parameters/);
  assert.match(spanText(tooMany), /^\(v, ?i, ?a, ?extra\) ?=>/, 'the span is the callback');

  const defaults = jitErrorOf(() => lowerToIR(function mapDefault(xs: Float64Array) { return xs.map((v = 1) => v); }, [F64S]));
  assert.match(defaults.detail, /plain names/);
  assert.match(spanText(defaults), /^v ?= ?1$/);

  const isAsync = jitErrorOf(() => lowerToIR(function mapAsync(xs: Float64Array) {
    // @ts-expect-error an async callback gives promises, which a Float64Array cannot hold
    return xs.map(async (v) => v);
  }, [F64S]));
  assert.match(isAsync.detail, /async and generator callbacks/);

  const holes = jitErrorOf(() => lowerToIR(function fromHoles(n: number) { return Array.from({ length: n }); }, [I32]));
  assert.equal(holes.construct, 'Array.from');
  assert.match(holes.detail, /without a callback is n undefineds/);
});
