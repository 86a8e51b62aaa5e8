// src/jit/infer/arrays.ts: local JS arrays in inference. Which literals are arrays (markArrayLiteral,
// arrayLiteral, noteMadeArray/madeArraysOf: `[]` and `Array(n)` found from their variable), Array(…) constructions, isFreshArray, and arrayCall with a fake host: each
// method's arity and result, sort's comparator rule (an expression of a, b, numbers and Math, nothing from
// outside) with the reason each refused comparator gives; then compiled calls against the plain function. Also a ?: choosing between `[]` and `Array(0)` (markArrayLiteral, noteMadeArray follow both branches), and booleans pushed or stored into `[]`/`Array(n)` (becomeBooleans).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { arrayCall, arrayConstruction, arrayLiteral, isFreshArray, madeArraysOf, markArrayLiteral, markReturnedLiterals, noteMadeArray, type ArrayHost } from '../../../src/jit/infer/arrays.js';
import { BOOLV, FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { thrownMessage as refusal } from '../../_support/outcome.js';
import { agreeCompiled } from '../statements/agree.js';

const expr = (source: string): Node => parseFunction(source).body as Node;
const NUM: Extract<AV, { k: 'array' }> = { k: 'array', element: 'num' };
const F64: Extract<AV, { k: 'array' }> = { k: 'array', element: 'f64' };
const BOOLS: Extract<AV, { k: 'array' }> = { k: 'array', element: 'bool' };

/** Literals are what they say (booleans, integers, floats); anything else is a number. `local` names shadow globals. */
function host(local: readonly string[] = []): ArrayHost {
  return {
    expr: (n) => (n.type === 'Literal' && typeof n.value === 'boolean' ? BOOLV : n.type === 'Literal' ? numAV(n.value as number, n.value as number, Number.isInteger(n.value)) : FLOAT),
    fail: (message) => {
      throw new Error(message);
    },
    isGlobal: (name) => !local.includes(name),
  };
}


test('a literal is an array only once marked as held in a variable; its items decide the element', () => {
  const [a, b, c, d] = (parseFunction('function f() { const out = []; const pair = [1, 2]; const flags = [true]; const mixed = [1, true]; }').body.body as Node[])
    .map((s) => s.declarations[0] as Node);
  assert.equal(arrayLiteral(b!.init as Node, [FLOAT, FLOAT]), undefined, 'unmarked: a tuple\'s literal');
  for (const d0 of [a, b, c, d]) markArrayLiteral(d0!.init as Node);
  assert.deepEqual(arrayLiteral(b!.init as Node, [FLOAT, FLOAT]), NUM);
  assert.deepEqual(arrayLiteral(c!.init as Node, [BOOLV]), BOOLS);
  assert.equal(arrayLiteral(d!.init as Node, [FLOAT, BOOLV]), undefined, 'numbers and booleans mixed');
  assert.deepEqual(arrayLiteral(a!.init as Node, []), NUM, 'an empty literal nothing stored rows or objects into');
  // Marked without a variable (`xs.push([…])`'s argument): an array, but no variable to find it from.
  const arg = expr('(xs) => xs.push([])');
  const literal = (arg.arguments as Node[])[0]!;
  markArrayLiteral(literal);
  assert.deepEqual(arrayLiteral(literal, []), NUM);
  markArrayLiteral(null);
  markArrayLiteral(expr('(x) => x'));
});

test('noteMadeArray: `[]`, Array(n) and new Array(n) given to a variable are found from it, each once, in order; nothing else is', () => {
  const fn = parseFunction('function f(n) { var xs = [], ys = Array(n), zs = new Array(n), pair = [1, 2], two = Array(n, n), filled = Array(n).fill(0), other = A(n); xs = Array(n); }').body;
  const decls = (fn.body[0].declarations as Node[]);
  const [xs, ys, zs] = decls;
  for (const d0 of decls) noteMadeArray(d0.id as Node, d0.init as Node, host());
  const later = fn.body[1].expression.right as Node; // `xs = Array(n)`
  noteMadeArray(xs!.id as Node, later, host());
  noteMadeArray(xs!.id as Node, later, host()); // analyzed again: still once
  assert.deepEqual(madeArraysOf(xs!.id as Node), [xs!.init, later]);
  assert.deepEqual(madeArraysOf(ys!.id as Node), [ys!.init]);
  assert.deepEqual(madeArraysOf(zs!.id as Node), [zs!.init]);
  for (const d0 of decls.slice(3)) assert.deepEqual(madeArraysOf(d0.id as Node), [], d0.id.name as string);
  // Array shadowed by a local, a pattern, no initializer: nothing noted
  const shadowed = parseFunction('function f(n) { let a = Array(n), [b] = [], c; }').body.body[0].declarations as Node[];
  noteMadeArray(shadowed[0]!.id as Node, shadowed[0]!.init as Node, host(['Array']));
  noteMadeArray(shadowed[1]!.id as Node, shadowed[1]!.init as Node, host());
  noteMadeArray(shadowed[2]!.id as Node, shadowed[2]!.init as Node, host());
  noteMadeArray(undefined, shadowed[0]!.init as Node, host());
  for (const d0 of shadowed) assert.deepEqual(madeArraysOf(d0.id as Node), []);
});

test('arrayConstruction: Array(n) and new Array(n) are number[]; Array(a, b, …) holds its items; others are not its rule', () => {
  for (const src of ['(n) => new Array(n)', '(n) => Array(n)', '() => Array(1, 2.5)', '() => Array()']) assert.deepEqual(arrayConstruction(expr(src), [], host()), NUM, src);
  assert.deepEqual(arrayConstruction(expr('() => new Array(true, false)'), [], host()), BOOLS);
  assert.equal(refusal(() => arrayConstruction(expr('() => Array(true)'), [], host())), 'Array(n) takes a length, not a boolean');
  assert.equal(refusal(() => arrayConstruction(expr('() => Array(1, true)'), [], host())), 'Array(a, b, …) holds numbers or booleans');
  assert.equal(refusal(() => arrayConstruction(expr('(ns) => Array(...ns)'), [], host())), 'spread arguments are not supported');
  assert.equal(arrayConstruction(expr('(n) => new Array(n)'), [], host(['Array'])), undefined, 'a local Array');
  assert.equal(arrayConstruction(expr('(n) => new Float64Array(n)'), [], host()), undefined);
  assert.equal(arrayConstruction(expr('(n) => A.Array(n)'), [], host()), undefined);
});

test('isFreshArray: one-argument Array(n) / new Array(n) of the global Array only', () => {
  assert.equal(isFreshArray(expr('(n) => new Array(n)'), host()), true);
  assert.equal(isFreshArray(expr('(n) => Array(n)'), host()), true);
  assert.equal(isFreshArray(expr('(n) => Array(n, n)'), host()), false);
  assert.equal(isFreshArray(expr('() => new Array()'), host()), false);
  assert.equal(isFreshArray(expr('(n) => new Array(n)'), host(['Array'])), false);
  assert.equal(isFreshArray(expr('(n) => [n]'), host()), false);
});

test('arrayCall: results by row, arity and unknown methods refused with what exists', () => {
  assert.deepEqual(arrayCall(expr('(xs, v) => xs.push(v)'), 'push', NUM, [], host()), numAV(0, 2 ** 31 - 1, true), 'the new length');
  assert.deepEqual(arrayCall(expr('(xs) => xs.indexOf(2)'), 'indexOf', F64, [], host()), numAV(-1, 2 ** 31 - 2, true), '-1 or an index');
  assert.deepEqual(arrayCall(expr('(xs) => xs.slice(1)'), 'slice', F64, [], host()), F64, 'a typed array slices to its own type');
  assert.equal(refusal(() => arrayCall(expr('(xs, v) => xs.splice(v)'), 'splice', F64, [], host())), 'arrays have no method \'splice\' in compiled code (fill, push, pop, indexOf, lastIndexOf, includes, slice, subarray, set, reverse, sort)');
  assert.equal(refusal(() => arrayCall(expr('(xs) => xs.fill()'), 'fill', NUM, [], host())), 'fill takes 1 to 3 arguments in compiled code');
  assert.equal(refusal(() => arrayCall(expr('(xs) => xs.fill(1, 2, 3, 4)'), 'fill', NUM, [], host())), 'fill takes 1 to 3 arguments in compiled code');
  assert.equal(refusal(() => arrayCall(expr('(xs, vs) => xs.push(...vs)'), 'push', NUM, [], host())), 'spread arguments are not supported');
});

test('arrayCall: .fill(true) on a fresh Array(n) makes a boolean[]; on an existing number[] it is refused', () => {
  assert.deepEqual(arrayCall(expr('(n) => new Array(n).fill(true)'), 'fill', NUM, [], host()), BOOLS);
  assert.deepEqual(arrayCall(expr('(n) => new Array(n).fill(0)'), 'fill', NUM, [], host()), NUM);
  assert.equal(refusal(() => arrayCall(expr('(xs) => xs.fill(true)'), 'fill', NUM, [], host())), 'an element of number[] is a number');
  assert.equal(refusal(() => arrayCall(expr('(n) => new Array(n).fill(true)'), 'fill', NUM, [], host(['Array']))), 'an element of number[] is a number', 'a local Array makes nothing fresh');
});

test('sort: no comparator, or one that reads only a, b, numbers and Math; booleans and two arguments refused', () => {
  const sort = (cmp: string, array = F64, local: readonly string[] = []) => arrayCall(expr(`(xs) => xs.sort(${cmp})`), 'sort', array, [], host(local));
  assert.deepEqual(sort(''), F64, 'returns the array itself');
  for (const cmp of ['(a, b) => a - b', 'function (a, b) { return b - a; }', '(a, b) => Math.abs(a) - Math.abs(b) || (a < b ? -1 : 1)', '(a, b) => (a - b) * Infinity', '(a, b) => Math.PI * a - b', '(x, y) => -(x - y)']) {
    assert.deepEqual(sort(cmp), F64, cmp);
  }
  assert.equal(refusal(() => sort('', BOOLS)), 'sort boolean arrays in plain code');
  assert.equal(refusal(() => sort('(a, b) => a - b, 1')), 'sort takes one comparator');
  const why: [string, string][] = [
    ['(a, b) => a - k', "'k' is not a parameter"],
    ['(a, b) => a - b + "x"', 'only number literals'],
    ['(a) => a', 'two parameters'],
    ['([a], b) => a', 'destructured parameter'],
    ['(a, b) => { return a - b; }', 'not such a function'],
    ['function (a, b) { const d = a - b; return d; }', 'not such a function'],
    ['async (a, b) => a - b', 'not such a function'],
    ['cmp', 'not such a function'],
    ['(a, b) => f(a) - b', 'only Math.* calls'],
    ['(a, b) => o.x', 'only Math.* calls'],
    ['(a, b) => Math["abs"](a)', 'only Math.* calls'],
    ['(a, b) => typeof a', 'typeof'],
    ['(a, b) => (a = b)', 'AssignmentExpression'],
  ];
  for (const [cmp, reason] of why) {
    assert.equal(refusal(() => sort(cmp)), `a sort comparator in compiled code is an arrow (a, b) => expression, or function (a, b) { return expression; }, of a, b, numbers and Math (${reason})`, cmp);
  }
  // Math, NaN or Infinity shadowed by a local are outside values too.
  assert.match(refusal(() => sort('(a, b) => Math.abs(a - b)', F64, ['Math'])), /\(only Math\.\* calls\)$/);
  assert.match(refusal(() => sort('(a, b) => a - NaN', F64, ['NaN'])), /\('NaN' is not a parameter\)$/);
  assert.match(refusal(() => sort('(Math, b) => Math.abs(b)')), /\(only Math\.\* calls\)$/, 'a parameter named Math');
});

test('compiled: arrays made, filled, pushed and sorted equal the plain function; a refused comparator is located', () => {
  function build(n: number): number[] {
    const xs = [3, 1, 2];
    for (let i = 0; i < n; i++) xs.push((i * 7) % 5);
    const flags = new Array(n).fill(true);
    let t = 0;
    for (let i = 0; i < flags.length; i++) if (flags[i]) t++;
    xs.sort((a, b) => b - a);
    xs.push(t, xs.indexOf(2));
    return xs;
  }
  const jit = memoJit(build);
  for (const n of [0, 1, 4, 9]) assert.deepEqual(jit(n), build(n), `n = ${n}`);
  // By hand for n = 4: pushes 0, 2, 4, 1; sorted descending [4, 3, 2, 2, 1, 1, 0]; t = 4; indexOf(2) = 2.
  assert.deepEqual(jit(4), [4, 3, 2, 2, 1, 1, 0, 4, 2]);
  const k = 2;
  const e = compileError((xs: Float64Array) => xs.sort((a, b) => a - b * k), [new Float64Array(2)]);
  assert.match(e.message, /a sort comparator in compiled code .*\('k' is not a parameter\)/);
  assert.equal(e.construct, 'sort comparator');
});

test('markReturnedLiterals: the literals a callback returns (expression body, ?: branches, return statements), not a nested function\'s', () => {
  const call = expr('(xs) => xs.map(function (v) { const g = () => [v]; const t = [v, v]; if (v > 0) return v > 1 ? [v] : [1]; return [0, v]; })');
  const fn = (call.arguments as Node[])[0]!;
  markReturnedLiterals(fn);
  const literals: Node[] = [];
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    if ((n as Node).type === 'ArrayExpression') literals.push(n as Node);
    for (const [k, v] of Object.entries(n)) if (k !== 'type') visit(v);
  };
  visit(fn.body);
  // in source order: g's [v], t's [v, v], [v], [1], [0, v]
  const marked = literals.map((l) => arrayLiteral(l, (l.elements as Node[]).map(() => FLOAT)) !== undefined);
  assert.deepEqual(marked, [false, false, true, true, true]);
  const arrow = (expr('(xs) => xs.map((v) => [v, 2])').arguments as Node[])[0]!;
  markReturnedLiterals(arrow);
  assert.deepEqual(arrayLiteral(arrow.body as Node, [FLOAT, FLOAT]), NUM);
});

/** An empty list chosen by ?: between `[]` and `Array(0)`, then pushed to. */
function chosenEmpty(x: number): number[] {
  const xs: number[] = x > 0 ? [] : Array(0);
  xs.push(x, x * 2);
  return xs;
}
/** The same choice of rows (`number[][]`), each branch a made array the pushes turn into rows. */
function chosenRows(x: number): number[][] {
  const rows: number[][] = x > 0 ? Array(0) : [];
  rows.push([x], [x, -x]);
  return rows;
}

test('compiled: a ?: choosing between [] and Array(0) is an empty array, of numbers or of rows as what is pushed decides', () => {
  for (const x of [3, -2, 0, -0]) {
    assert.deepEqual(agreeCompiled(chosenEmpty, x), [x, x * 2]);
    assert.deepEqual(agreeCompiled(chosenRows, x), [[x], [x, -x]]);
  }
});

/** `Array()` and `new Array()` with no argument: empty lists, pushed to (numbers, and rows). */
function fromNothing(n: number): number {
  const xs: number[] = Array();
  const ys: number[] = new Array();
  const rows: number[][] = new Array();
  for (let i = 0; i < n; i++) {
    xs.push(i / 2);
    ys.push(-i);
    rows.push([i]);
  }
  return xs.length * 100 + ys.length * 10 + rows.length + (n > 0 ? xs[n - 1]! + ys[n - 1]! + rows[n - 1]![0]! : 0);
}

test('compiled: Array() and new Array() with no argument are empty lists, pushed to', () => {
  // by hand: n = 3 → lengths 3, 3, 3 (333) + 1 - 2 + 2
  assert.equal(agreeCompiled(fromNothing, 3), 334);
  assert.equal(agreeCompiled(fromNothing, 0), 0);
});

test('compiled: booleans pushed or stored into [], Array() or Array(n) make a boolean[], read back as JS reads it', () => {
  function signs(xs: Float64Array): boolean[] {
    const flags = [];
    for (let i = 0; i < xs.length; i++) flags.push(xs[i]! > 0, xs[i]! < -1);
    return flags;
  }
  function sieve(n: number): number {
    const isPrime = Array(n + 1);
    for (let i = 0; i <= n; i++) isPrime[i] = i >= 2;
    for (let i = 2; i * i <= n; i++) if (isPrime[i]) for (let j = i * i; j <= n; j += i) isPrime[j] = false;
    let count = 0;
    for (let i = 0; i <= n; i++) if (isPrime[i]) count++;
    return count;
  }
  // a hole and a read past the end are undefined: falsy, and === undefined
  function holes(n: number): number {
    const seen = new Array(n);
    seen[1] = true;
    let s = 0;
    for (let i = 0; i <= n; i++) s += (seen[i] ? 1 : 0) + (seen[i] === undefined ? 10 : 0);
    return s;
  }
  function firstNaN(xs: Float64Array): number {
    const bad = Array();
    for (let i = 0; i < xs.length; i++) bad[i] = xs[i] !== xs[i];
    return bad.indexOf(true);
  }
  function countPopped(xs: Float64Array): number {
    const stack = [];
    for (const x of xs) stack.push(x > 1);
    let c = 0;
    while (stack.length > 0) if (stack.pop()) c++;
    return c;
  }
  assert.deepEqual(agreeCompiled(signs, Float64Array.of(1, -2, NaN)), [true, false, false, true, false, false]);
  assert.deepEqual(agreeCompiled(signs, new Float64Array(0)), []);
  assert.equal(agreeCompiled(sieve, 30), 10); // 2 3 5 7 11 13 17 19 23 29
  assert.equal(agreeCompiled(sieve, 1), 0);
  assert.equal(agreeCompiled(holes, 3), 1 + 10 * 3); // index 1 set; 0, 2 holes and 3 past the end
  assert.equal(agreeCompiled(firstNaN, Float64Array.of(1, NaN, NaN)), 1);
  assert.equal(agreeCompiled(firstNaN, Float64Array.of(1)), -1);
  assert.equal(agreeCompiled(countPopped, Float64Array.of(2, 0, 3)), 2);
  for (const backend of ['js', 'wasm'] as const) assert.equal(memoJit({ backend })(sieve)(50), 15, backend);
});

test('compiled: a number pushed beside booleans is a located error naming the boolean[]', () => {
  function mixed(xs: Float64Array): unknown[] {
    const flags = [];
    for (let i = 0; i < xs.length; i++) flags.push(xs[i]! > 0);
    flags.push(1);
    return flags;
  }
  const e = compileError(mixed, [Float64Array.of(1)]);
  assert.match(e.message, /an element of boolean\[\] is a boolean/);
  assert.equal(e.construct, '.push()');
});

test('compiled: an empty [] beside a boolean[] in a ?: is a boolean[] (adoptBooleans), returned or held', () => {
  function flagsOrNone(c: boolean, x: number): boolean[] {
    return c ? [x > 0, x < 0] : [];
  }
  function held(c: boolean): number {
    const f = c ? [] : [true, true, false];
    let n = 0;
    for (const b of f) if (b) n++;
    return n * 10 + f.length;
  }
  assert.deepEqual(agreeCompiled(flagsOrNone, true, -2), [false, true]);
  assert.deepEqual(agreeCompiled(flagsOrNone, false, -2), []);
  assert.equal(agreeCompiled(held, false), 23);
  assert.equal(agreeCompiled(held, true), 0);
});
