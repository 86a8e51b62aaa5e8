// Calls (src/jit/lower/calls.ts), checked on the IR they build: Math calls through the rows of ops/math.ts (an
// integer rounds to itself unless the value may be undefined, int32 results, mixed i32/f64 arguments, random),
// calls of compiled functions and methods (arguments, the receiver as first argument, a receiver that may be a
// hole, random use carried to the caller), Array(…), array methods and sort's comparator, Array2D's value
// methods; and the located JitError for m.set(…) used as a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { JitError, memoJit, type Array2D } from '../../../src/index.js';
import { objectToken, objectsToken, objectTokenType } from '../../../src/jit/dispatch/objects.js';
import type { Type } from '../../../src/jit/types.js';
import { walkIR } from '../../../src/jit/ir/walk.js';

const I32: Type = { kind: 'i32' };
const F64: Type = { kind: 'f64' };
const BOOL: Type = { kind: 'bool' };
const I32S: Type = { kind: 'array', element: 'i32' };
const F64S: Type = { kind: 'array', element: 'f64' };
const MATRIX: Type = { kind: 'matrix', layout: 'array2d' };

const entryOf = (module: IR.IRModule): IR.IRFunction => module.functions.find((f) => f.name === module.entry)!;
/** The value of the entry's last statement, which must be a `return`. */
function returned(module: IR.IRModule): IR.Expr {
  const last = entryOf(module).body.at(-1)!;
  assert.ok(last.kind === 'return' && last.value, 'the entry ends with return <value>');
  return last.value;
}
const param = (module: IR.IRModule, i: number): string => entryOf(module).params[i]!.name;

test('Math.floor of an i32 parameter is the parameter itself (an integer rounds to itself)', () => {
  const module = lowerToIR(function floorOfInt(k: number) { return Math.floor(k); }, [I32]);
  assert.deepEqual(returned(module), { op: 'local', type: I32, name: param(module, 0) });
});

test('Math.floor of an integer-array read keeps the call, typed i32: a read past the end is undefined, and floor(undefined) is NaN', () => {
  const module = lowerToIR(function floorOfLoad(xs: Int32Array) { return Math.floor(xs[3]!); }, [I32S]);
  const value = returned(module);
  assert.ok(value.op === 'math', `a math node, got ${value.op}`);
  assert.deepEqual([value.type, value.fn, value.args.length, value.args[0]!.op], [I32, 'floor', 1, 'load']);
});

test('Math.floor of a select over a local keeps the call; Math.trunc of a length folds to the length', () => {
  const kept = lowerToIR(function floorOfSelect(xs: Int32Array, c: boolean) {
    const t = xs[0]!;
    return Math.floor(c ? t : 1);
  }, [I32S, BOOL]);
  const value = returned(kept);
  assert.ok(value.op === 'math' && value.fn === 'floor' && value.args[0]!.op === 'select', 'a local that is not a parameter may hold undefined');
  const folded = lowerToIR(function truncOfLength(xs: Int32Array) { return Math.trunc(xs.length); }, [I32S]);
  assert.equal(returned(folded).op, 'length', 'a length is never undefined');
});

test('Math.clz32 of an f64 is an i32 math node (its row has an int32 result); the argument is not converted', () => {
  const module = lowerToIR(function leadingZeros(x: number) { return Math.clz32(x); }, [F64]);
  assert.deepEqual(returned(module), { op: 'math', type: I32, fn: 'clz32', args: [{ op: 'local', type: F64, name: param(module, 0) }] });
});

test('Math.max of two i32 stays i32; of an i32 and an f64 is f64 with the i32 converted', () => {
  const ints = lowerToIR(function maxInts(a: number, b: number) { return Math.max(a, b); }, [I32, I32]);
  const intValue = returned(ints);
  assert.ok(intValue.op === 'math' && intValue.type.kind === 'i32' && intValue.args.every((x) => x.op === 'local'));
  const mixed = lowerToIR(function maxMixed(a: number, b: number) { return Math.max(a, b); }, [I32, F64]);
  assert.deepEqual(returned(mixed), {
    op: 'math', type: F64, fn: 'max',
    args: [{ op: 'convert', type: F64, arg: { op: 'local', type: I32, name: param(mixed, 0) } }, { op: 'local', type: F64, name: param(mixed, 1) }],
  });
});

test('Math.random is a random node and marks the function as using the generator', () => {
  const module = lowerToIR(function draw() { return Math.random(); }, []);
  assert.deepEqual(returned(module), { op: 'random', type: F64 });
  assert.equal(entryOf(module).usesRandom, true);
  assert.equal(entryOf(lowerToIR(function noDraw(x: number) { return x + 1; }, [F64])).usesRandom, false);
});

test('a call of a compiled function names its specialization; a callee that draws random numbers marks the caller too', () => {
  function halveIt(x: number) { return x / 2; }
  const module = lowerToIR(function usesHalve(x: number) { return halveIt(x) + 1; }, [I32], { halveIt });
  assert.deepEqual(module.functions.map((f) => f.name), ['halveIt', 'usesHalve']);
  const sum = returned(module);
  assert.ok(sum.op === 'binary' && sum.left.op === 'call');
  assert.deepEqual(sum.left, { op: 'call', type: F64, callee: 'halveIt', args: [{ op: 'local', type: I32, name: param(module, 0) }] });
  assert.equal(entryOf(module).usesRandom, false);

  function coin() { return Math.random(); }
  const drawing = lowerToIR(function usesCoin(x: number) { return coin() * x; }, [F64], { coin });
  assert.equal(entryOf(drawing).usesRandom, true, 'the caller seeds the generator its callee reads');
});

class Particle {
  constructor(public x: number, public v: number) {}
  step(dt: number): number { this.x += this.v * dt; return this.x; }
}

test('o.step(dt) on a parameter: a call with the receiver as first argument, no hole check', () => {
  const one = objectTokenType(objectToken(new Particle(1, 2)))!;
  const module = lowerToIR(function stepOne(o: Particle, dt: number) { return o.step(dt); }, [one, F64]);
  const call = returned(module);
  assert.ok(call.op === 'call', `a call, got ${call.op}`);
  assert.equal(call.callee, module.functions[0]!.name);
  assert.deepEqual(call.args.map((a) => a.op === 'local' ? a.name : a.op), [param(module, 0), param(module, 1)]);
  assert.equal(call.receiverOf, undefined);
  assert.equal(module.functions[0]!.params[0]!.name, 'this', 'the method takes this first');
});

test('os[i].step(dt): the receiver is an element that may be a hole, so the call carries receiverOf', () => {
  const many = objectTokenType(objectsToken([new Particle(1, 2), new Particle(3, 4)]) as string)!;
  const module = lowerToIR(function stepAll(os: Particle[], dt: number) {
    let s = 0;
    for (let i = 0; i < os.length; i++) s += os[i]!.step(dt);
    return s;
  }, [many, F64]);
  const calls: IR.Expr[] = [];
  walkIR(entryOf(module).body, { expr: (e) => { if (e.op === 'call') calls.push(e); } });
  assert.equal(calls.length, 1);
  const call = calls[0]!;
  assert.ok(call.op === 'call' && call.receiverOf === 'step' && call.args[0]!.op === 'objectAt');
});

test('p.step(dt) in a callee, p its parameter: a caller may pass a hole (os[i] past the end), so it is checked', () => {
  const many = objectTokenType(objectsToken([new Particle(1, 2)]) as string)!;
  function stepIt(p: Particle, dt: number): number {
    return p.step(dt);
  }
  const module = lowerToIR(function stepAt(os: Particle[], i: number, dt: number) { return stepIt(os[i]!, dt); }, [many, I32, F64], { stepIt });
  const callee = module.functions.find((f) => f.name.startsWith('stepIt'))!;
  const calls: IR.Expr[] = [];
  walkIR(callee.body, { expr: (e) => { if (e.op === 'call') calls.push(e); } });
  assert.equal(calls.length, 1);
  assert.ok(calls[0]!.op === 'call' && calls[0]!.receiverOf === 'step');
  // and so the TypeError names step, as the plain function's does (it named the method's own read of v)
  function stepAt(os: Particle[], i: number, dt: number): number {
    return stepIt(os[i]!, dt);
  }
  const message = "Cannot read properties of undefined (reading 'step')";
  assert.throws(() => stepAt([new Particle(1, 2)], 3, 0.5), { name: 'TypeError', message });
  assert.throws(() => memoJit(stepAt)([new Particle(1, 2)], 3, 0.5), { name: 'TypeError', message });
});

class Walker {
  constructor(public x: number, public n: number) {}
  walk(k: number): number { this.n += 1; if (k > 0) { this.walk(k - 1); this.hop(); } return this.n; }
  hop(): void { this.x += 1; }
}

test('this.m() inside a method: the receiver is the method\'s own this, never a hole, so no receiverOf', () => {
  // The check (JS backend's $recv) cost awfy-permute 13% for a receiver that cannot be null or undefined.
  const one = objectTokenType(objectToken(new Walker(0, 0)))!;
  const module = lowerToIR(function run(w: Walker) { return w.walk(3); }, [one]);
  const calls: IR.Expr[] = [];
  for (const f of module.functions) walkIR(f.body, { expr: (e) => { if (e.op === 'call') calls.push(e); } });
  assert.ok(calls.length >= 3, `calls: ${calls.length}`);
  for (const c of calls) assert.ok(c.op === 'call' && c.receiverOf === undefined, `${c.op === 'call' ? c.callee : c.op} carries receiverOf`);
});

test('Array(n) is a new holey array of that length; Array(a, b, c) is a tuple of its items', () => {
  const holes = lowerToIR(function makeHoles(n: number) { return Array(n); }, [I32]);
  const made = returned(holes);
  assert.ok(made.op === 'newArray' && made.element === 'num');
  assert.deepEqual(made.length, { op: 'local', type: I32, name: param(holes, 0) });
  const items = returned(lowerToIR(function makeItems() { return Array(1, 2, 3); }, []));
  assert.ok(items.op === 'tuple');
  assert.deepEqual(items.items.map((x) => x.op === 'const' ? x.value : x.op), [1, 2, 3]);
});

test('Array(n).fill(true): the new array takes the boolean element type of the result', () => {
  const value = returned(lowerToIR(function flags(n: number) { return Array(n).fill(true); }, [I32]));
  assert.ok(value.op === 'method' && value.method === 'fill' && value.target.op === 'newArray');
  assert.equal(value.target.element, 'bool');
  assert.deepEqual(value.type, { kind: 'array', element: 'bool' });
});

test('array methods are method nodes with their arguments; sort keeps its comparator as source text', () => {
  const index = returned(lowerToIR(function findTwo(xs: Float64Array) { return xs.indexOf(2); }, [F64S]));
  assert.ok(index.op === 'method' && index.method === 'indexOf' && index.type.kind === 'i32');
  assert.deepEqual(index.args, [{ op: 'const', type: I32, value: 2 }]);
  const sorted = returned(lowerToIR(function ascending(xs: Float64Array) { return xs.sort((a, b) => a - b); }, [F64S]));
  assert.ok(sorted.op === 'method' && sorted.method === 'sort');
  assert.deepEqual(sorted.args, [], 'the comparator is not lowered as an argument');
  assert.match(sorted.comparator ?? '', /^\(\w+, ?\w+\) ?=> ?\w+ ?- ?\w+$/);
});

test('m.get(i, j) is a matrix load; m.row(i)[j] reads a proved row', () => {
  const module = lowerToIR(function corner(m: Array2D) { return m.get(0, 1) + m.row(0)[0]!; }, [MATRIX]);
  const sum = returned(module);
  assert.ok(sum.op === 'binary' && sum.left.op === 'matrixLoad' && sum.right.op === 'rowGet');
  assert.equal(sum.left.matrix, param(module, 0));
  assert.equal(sum.right.row.op, 'rowOf');
});

test('m.set(i, j, v) used as a value is a JitError located at the call', () => {
  let error: unknown;
  try {
    lowerToIR(function setAsValue(m: Array2D) { return m.set(0, 0, 1); }, [MATRIX]);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof JitError, `expected a JitError, got ${String(error)}`);
  assert.equal(error.construct, '.set()');
  assert.match(error.detail, /m\.set\(i, j, v\) is a statement in compiled code/);
  assert.ok(error.span && error.source);
  assert.match(error.source.slice(error.span.start, error.span.end), /^m\.set\(0, ?0, ?1\)$/, 'the span is the call (tsx may drop its spaces)');
  assert.ok(error.line !== undefined && error.column !== undefined, 'located in this file');
  assert.equal(error.functionName, 'setAsValue');
});
