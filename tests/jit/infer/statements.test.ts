// src/jit/infer/statements.ts: the rules for `throw new Error(message)`, parameters and their defaults, joined
// returns, assignments inside expressions, logical assignments, `??`, `&`/`|`/`^` on booleans and `switch`.
// The pure rules are called directly with a fake host (which records what it is asked to infer); the rules the
// walker calls are driven through inferFunction or memoJit, compared with the plain function (Object.is), and
// their refusals checked for class, message and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { BOOLV, FLOAT, INT32, describeAV, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import {
  booleanBitwise, hasAssignment, inferThrow, isStringy, joinReturn, logicalAssignment, type StatementHost,
} from '../../../src/jit/infer/statements.js';
import { JitError, memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';

const here = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
/** The 1-based line of this file holding `marker` (a comment beside the construct an error must point at). */
const lineOf = (marker: string): number => here.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;

/** A host typing every operand as `value`, recording the source of each expression it is asked to infer. */
function recordingHost(source: string, value: AV = FLOAT, bound: readonly string[] = []): { host: StatementHost; asked: string[] } {
  const asked: string[] = [];
  const host: StatementHost = {
    expr: (n) => {
      asked.push(source.slice(n.start, n.end));
      return value;
    },
    fail: (m) => {
      throw new Error(m);
    },
    isBound: (name) => bound.includes(name),
  };
  return { host, asked };
}
const firstStatement = (source: string): Node => parseFunction(source).body.body[0];
const arrowBody = (source: string): Node => parseFunction(source).body;

test('throw: a built-in error with a message ends the path; only the message\'s non-string parts are inferred', () => {
  const src = "function f(n, a, b) { throw new RangeError('n must be positive, not ' + n + ` (${a} of ${b})`); }";
  const { host, asked } = recordingHost(src);
  assert.equal(inferThrow(host, firstStatement(src), []), null);
  assert.deepEqual(asked, ['n', 'a', 'b']);
  // `a + b + 'x'` adds a + b as numbers first: that sum is one operand
  const sum = "function f(a, b) { throw new Error(a + b + ' items'); }";
  const r = recordingHost(sum);
  inferThrow(r.host, firstStatement(sum), []);
  assert.deepEqual(r.asked, ['a + b']);
  // `Error(…)` without new constructs the same error; no message at all is fine too
  for (const ok of ["function f() { throw TypeError('bad'); }", 'function f() { throw new Error(); }']) {
    assert.equal(inferThrow(recordingHost(ok).host, firstStatement(ok), []), null);
  }
});

test('throw: what compiled code cannot throw is refused with the sentence saying what it can', () => {
  const refuse = (src: string, bound: string[] = [], value: AV = FLOAT): string => {
    try {
      inferThrow(recordingHost(src, value, bound).host, firstStatement(src), []);
    } catch (e) {
      return (e as Error).message;
    }
    return assert.fail(`${src} was accepted`);
  };
  assert.match(refuse("function f() { throw 'oops'; }"), /^only a new built-in error can be thrown in compiled code: throw new Error/);
  assert.match(refuse("function f() { throw new MyError('x'); }"), /only a new built-in error/);
  // a local named Error is not the built-in class
  assert.match(refuse("function f() { throw new Error('x'); }", ['Error']), /only a new built-in error/);
  assert.equal(refuse("function f(n) { throw new Error('x', n); }"), 'Error takes one argument (the message) in compiled code');
  // a message part that is neither a number, a boolean nor undefined
  assert.equal(refuse("function f(xs) { throw new Error('got ' + xs); }", [], { k: 'array', element: 'f64' }), 'a message is built from strings, numbers and booleans, not Float64Array');
  // booleans and undefined are fine parts
  for (const v of [BOOLV, { k: 'void' } as AV]) {
    const src = "function f(b) { throw new Error('b = ' + b); }";
    assert.equal(inferThrow(recordingHost(src, v).host, firstStatement(src), []), null);
  }
});

test('throw, compiled: the same class and message as the plain function, numbers formatted as JS formats them', () => {
  function check(n: number, x: number): number {
    if (n < 0) throw new RangeError(`n must be >= 0, not ${n}`);
    if (x !== x) throw new TypeError('x is ' + x + ' at ' + n);
    return n + x;
  }
  const c = memoJit(check);
  for (const [n, x] of [[1, 2], [-1.5, 0], [3, NaN], [-0, 1]] as const) {
    let want: unknown, got: unknown;
    try { want = check(n, x); } catch (e) { want = e; }
    try { got = c(n, x); } catch (e) { got = e; }
    if (want instanceof Error) {
      assert.ok(got instanceof Error, `(${n}, ${x}) threw in plain JS`);
      assert.equal(got.constructor, want.constructor);
      assert.equal(got.message, want.message);
    } else assert.ok(Object.is(got, want));
  }
  function shout(n: number): number {
    throw 'n is ' + n; // MARK-throw-string
  }
  const e = compileError(shout, [1]);
  assert.match(e.message, /only a new built-in error can be thrown/);
  assert.equal(e.construct, 'throw statement');
  assert.equal(e.line, lineOf('MARK-throw-string'));
});

test('isStringy: string literals, templates and + with a string on either side', () => {
  assert.equal(isStringy(arrowBody("() => 'x'")), true);
  assert.equal(isStringy(arrowBody('(a) => `a${a}`')), true);
  assert.equal(isStringy(arrowBody("(k) => 'n must be > ' + k")), true);
  assert.equal(isStringy(arrowBody("(a, b) => a + b + 'x'")), true);
  assert.equal(isStringy(arrowBody("(a, b) => a + (b + 'x')")), true);
  assert.equal(isStringy(arrowBody('(a, b) => a + b')), false);
  assert.equal(isStringy(arrowBody('() => 7')), false);
  assert.equal(isStringy(arrowBody("(a) => 'x' - a")), false, 'only + builds strings');
  assert.equal(isStringy(arrowBody("(a) => a ? 'x' : 'y'")), false, 'a conditional is not one of the forms');
});

test('joinReturn: undefined and null beside values are kept apart, two types that do not join give undefined', () => {
  const VOID: AV = { k: 'void' }, NULL: AV = { k: 'null' };
  let absent = new Set<'undefined' | 'null'>();
  assert.equal(joinReturn(VOID, VOID, absent), VOID);
  assert.equal(absent.size, 0, 'only undefined returned: nothing beside it');
  assert.equal(joinReturn(VOID, FLOAT, absent), FLOAT);
  assert.deepEqual([...absent], ['undefined']);
  absent = new Set();
  assert.equal(joinReturn(FLOAT, VOID, absent), FLOAT);
  assert.deepEqual([...absent], ['undefined']);
  absent = new Set();
  assert.equal(joinReturn(NULL, BOOLV, absent), BOOLV);
  assert.equal(joinReturn(BOOLV, NULL, absent), BOOLV);
  assert.deepEqual([...absent], ['null']);
  absent = new Set();
  assert.deepEqual(joinReturn(numAV(0, 3, true), numAV(5, 9, true), absent), numAV(0, 9, true));
  assert.equal(joinReturn(NULL, NULL, absent), NULL);
  assert.equal(absent.size, 0);
  assert.equal(joinReturn(FLOAT, { k: 'str' }, absent), undefined, 'a number and a string share no type');
  assert.deepEqual(joinReturn(FLOAT, BOOLV, absent), { k: 'numbool', maybeTrue: true }, 'a number or a boolean: the JS value itself');
});

test('returns, compiled: a function returning a number or nothing returns undefined where the plain one does', () => {
  function firstAbove(xs: Float64Array, t: number): number | undefined {
    for (let i = 0; i < xs.length; i++) if (xs[i]! > t) return xs[i];
    return;
  }
  const c = memoJit(firstAbove);
  const xs = Float64Array.from([1, -0, 4.5, 2]);
  for (const t of [0, 3, 10, -1]) assert.ok(Object.is(c(xs, t), firstAbove(xs, t)), `t = ${t}`);
  assert.equal(c(xs, 10), undefined);
});

test('hasAssignment: assignments and updates anywhere in the expression, except inside nested functions', () => {
  assert.equal(hasAssignment(arrowBody('(x) => (x = 2 * x) > 0')), true);
  assert.equal(hasAssignment(arrowBody('(x, y) => y + x++')), true);
  assert.equal(hasAssignment(arrowBody('(x, y) => f(y, (x += 1))')), true);
  assert.equal(hasAssignment(arrowBody('(x) => x > 0')), false);
  assert.equal(hasAssignment(arrowBody('(xs, s) => xs.map((v) => (s += v))')), false, 'the assignment belongs to the callback');
  assert.equal(hasAssignment(arrowBody('(xs) => xs.map(function (v) { let t = v; t++; return t; })')), false);
  const node = arrowBody('(x) => x === 1');
  assert.equal(hasAssignment(node), hasAssignment(node), 'asked twice, the same answer');
});

test('logicalAssignment: x op= v is x op (x = v), one node per assignment; targets read twice must be plain', () => {
  const host = { fail: (m: string): never => { throw new Error(m); } };
  for (const op of ['&&', '||', '??']) {
    const e = arrowBody(`(x, v) => x ${op}= v`);
    const d = logicalAssignment(e, host);
    assert.equal(d.type, 'LogicalExpression');
    assert.equal(d.operator, op);
    assert.equal(d.left, e.left, 'the target is the same node');
    assert.equal(d.right.type, 'AssignmentExpression');
    assert.equal(d.right.operator, '=');
    assert.equal(d.right.left, e.left);
    assert.equal(d.right.right, e.right);
    assert.equal(logicalAssignment(e, host), d, 'inference and lowering share the node');
  }
  assert.equal(logicalAssignment(arrowBody('(a, i, v) => a[i] ||= v'), host).operator, '||');
  assert.equal(logicalAssignment(arrowBody('(a, v) => a[0] ??= v'), host).operator, '??');
  for (const bad of ['(o, v) => o.x ??= v', '(a, v) => a[f()] ??= v', '(a, i, v) => a[i + 1] ||= v', '(m, i, v) => m[i][0] &&= v']) {
    assert.throws(() => logicalAssignment(arrowBody(bad), host), /reads its target twice here: assign to a variable or to a\[i\] with a variable i/, bad);
  }
});

test('logical assignments, compiled: the right side runs only when JS runs it', () => {
  function fill(xs: Float64Array, d: number): number {
    let zeros = 0;
    for (let i = 0; i < xs.length; i++) {
      let v = xs[i]!;
      v ||= ((zeros += 1), d);
      xs[i] = v;
      let w = i;
      w &&= w * 10;
      xs[i] = v + w;
    }
    return zeros;
  }
  const a = Float64Array.from([0, 2, NaN, -0, 5]);
  const b = Float64Array.from(a);
  assert.equal(memoJit(fill)(b, 7), fill(a, 7));
  assert.equal(fill(Float64Array.from([0, 2, NaN, -0, 5]), 7), 3, 'by hand: 0, NaN and -0 are falsy');
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(b[i], a[i]), `xs[${i}]`);
});

test('booleanBitwise: a boolean in &, | or ^ counts as 0 or 1, and the result is a number of known range', () => {
  const BIT = numAV(0, 1, true);
  assert.deepEqual(booleanBitwise('&', BOOLV, BOOLV), BIT);
  assert.deepEqual(booleanBitwise('^', BOOLV, BIT), BIT);
  assert.deepEqual(booleanBitwise('&', BOOLV, INT32), BIT, 'and with 0 or 1 stays 0 or 1');
  assert.deepEqual(booleanBitwise('|', BOOLV, INT32), INT32);
  assert.deepEqual(booleanBitwise('^', INT32, BOOLV), INT32);
  assert.deepEqual(booleanBitwise('|', numAV(0, 7, true), BOOLV), INT32);
  assert.equal(booleanBitwise('+', BOOLV, BOOLV), undefined, 'not bitwise');
  assert.equal(booleanBitwise('<<', BOOLV, BOOLV), undefined, 'shifts are not among the three');
  assert.equal(booleanBitwise('&', INT32, INT32), undefined, 'no boolean: the numeric rules');
  assert.equal(booleanBitwise('|', BOOLV, { k: 'str' }), undefined);
  // compiled against plain JS
  // built from source: TypeScript refuses booleans in bitwise operators, JS converts them
  const bits = new Function('a', 'b', 'return ((a > 0) & (b > 0)) + 2 * ((a > b) | (b < 0)) + 4 * ((a === b) ^ true) + ((a > 0) | (b | 0));') as (a: number, b: number) => number;
  const c = memoJit(bits);
  for (const [a, b] of [[1, 2], [-1, -3], [0, 0], [2.5, 7.9], [3, -(2 ** 31)]]) assert.ok(Object.is(c(a!, b!), bits(a!, b!)), `${a}, ${b}`);
});

test('parameters: a missing one is undefined, or its default, which may read earlier parameters', () => {
  const sum = parseFunction('function sum(xs, lo = 0, hi = xs.length) { let s = 0; for (let i = lo; i < hi; i++) s += xs[i]; return s; }');
  const typing = inferFunction(sum, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
  assert.deepEqual(typing.params.map((b) => `${b.name}: ${describeAV(b.value!)}`), ['xs: Float64Array', 'lo: an integer', 'hi: an integer']);
  const bare = inferFunction(parseFunction('function f(a, b) { return a; }'), [{ kind: 'f64' }], newEnv(() => undefined));
  assert.equal(bare.params[1]!.value!.k, 'void');
  function total(xs: Float64Array, lo = 1, hi = xs.length - lo): number {
    let s = 0;
    for (let i = lo; i < hi; i++) s += xs[i]!;
    return s;
  }
  const c = memoJit(total) as unknown as (...a: unknown[]) => number;
  const xs = Float64Array.from([1, 2, 4, 8, 16]);
  // by hand: lo = 1, hi = 4 → 2 + 4 + 8; lo = 0, hi = 5 → 31; lo = 2, hi = 3 → 4
  assert.equal(c(xs), 14);
  assert.equal(c(xs, 0), 31);
  assert.equal(c(xs, 2, 3), 4);
  assert.equal(c(xs), total(xs));
  const e = compileError(new Function('return function f({ x }) { return x; }')() as (o: unknown) => number, [{ x: 1 }]);
  assert.match(e.message, /only plain parameter names and defaults \(`lo = 0`\) are supported \(no destructuring or rest\)/);
  assert.equal(e.construct, 'parameter');
});

test('??: a read past the end takes the right side, as in JS; sides of two types are a located error', () => {
  function at(xs: Float64Array, i: number): number {
    return xs[i] ?? -1;
  }
  const c = memoJit(at);
  const xs = Float64Array.from([NaN, 0, -0]);
  for (const i of [0, 1, 2, 3, -1, 1.5]) assert.ok(Object.is(c(xs, i), at(xs, i)), `i = ${i}`);
  assert.equal(c(xs, 3), -1);
  function mixed(xs: Float64Array, i: number): unknown {
    return xs[i] ?? 'none'; // MARK-nullish-mixed
  }
  const e = compileError(mixed, [xs, 0]);
  assert.match(e.message, /both sides of \?\? must have the same type \(here a number and a string\)/);
  // a number or a boolean is the JS value itself (infer/num-or-bool.ts): `true` past the end, the element before
  function orTrue(xs: Float64Array, i: number): unknown {
    return xs[i] ?? true;
  }
  const t = memoJit(orTrue);
  for (const i of [0, 1, 2, 3, -1]) assert.ok(Object.is(t(xs, i), orTrue(xs, i)), `i = ${i}`);
  assert.equal(t(xs, 3), true);
  assert.equal(e.line, lineOf('MARK-nullish-mixed'));
});

test('switch, compiled: cases compared with === in order, fall-through, default anywhere, continue to the loop', () => {
  // built from source: the project's TypeScript settings refuse fall-through, the point of this test
  const classify = new Function('xs', `
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      switch (xs[i]) {
        case 1:
          s += 1;
        case 2:
          s += 10;
          break;
        default:
          s += 1000;
        case 3:
          continue;
        case -0:
          s += 100;
      }
      s += 0.5;
    }
    return s;`) as (xs: Float64Array) => number;
  const xs = Float64Array.from([1, 2, 3, 0, 7, NaN, -0]);
  // by hand: 1 → 11.5; 2 → 10.5; 3 → 0; 0 and -0 (=== -0) → 100.5 each; 7 and NaN → 1000 each
  assert.equal(classify(xs), 2223);
  assert.ok(Object.is(memoJit(classify)(xs), classify(xs)));
});

test('switch: declarations in cases, cases of another type and non-comparable discriminants are located errors', () => {
  function scoped(k: number): number {
    switch (k) {
      case 0:
        let y = 2; // MARK-switch-let
        return y;
      default:
        return 1;
    }
  }
  const e1 = compileError(scoped, [0]);
  assert.match(e1.message, /declare 'y' before the switch \(or wrap the case in \{ … \}\): cases share one scope/);
  assert.equal(e1.line, lineOf('MARK-switch-let'));
  function wrongCase(k: number): number {
    switch (k) {
      case 1:
        return 1;
      case 'two' as unknown as number: // MARK-switch-case
        return 2;
    }
    return 0;
  }
  const e2 = compileError(wrongCase, [0]);
  assert.match(e2.message, /this case is a string but the switch compares an integer/);
  assert.equal(e2.line, lineOf('MARK-switch-case'));
  function caseUndefined(xs: number[], i: number): number {
    switch (xs[i]) {
      case undefined: // MARK-switch-undefined
        return -1;
      default:
        return 1;
    }
  }
  const e3 = compileError(caseUndefined, [[1], 3]);
  assert.match(e3.message, /a case cannot test for undefined in compiled code; test it before the switch \(if \(x === undefined\) \{ … \} else switch \(x\) \{ … \}\)/);
  assert.equal(e3.line, lineOf('MARK-switch-undefined'));
  // the advice, followed, compiles and agrees (a hole and a read past the end are undefined)
  function beforeSwitch(xs: number[], i: number): number {
    const x = xs[i];
    if (x === undefined) return -1;
    else switch (x) { default: return 1; }
  }
  const holey = [1, , 3] as number[];
  for (const i of [0, 1, 2, 5]) assert.ok(Object.is(memoJit(beforeSwitch)(holey, i), beforeSwitch(holey, i)), `i = ${i}`);
  assert.equal(memoJit(beforeSwitch)(holey, 1), -1);
  function onArray(xs: Float64Array): number {
    switch (xs) {
      default:
        return 1;
    }
  }
  assert.match(compileError(onArray, [new Float64Array(1)]).message, /switch compares numbers, booleans or strings, not Float64Array/);
  assert.ok(compileError(onArray, [new Float64Array(1)]) instanceof JitError);
});

test('switch on a number or a boolean: === compares type, then value; a number case never matches a boolean', () => {
  // `x` holds true or a number (infer/num-or-bool.ts); by hand for xs = [1, 2, 3, NaN, -0, -10, 0, 5], n = 9
  // (xs[8] is undefined past the end: not > 1, not < -5, so true):
  // 1 → true (+1); 2 → 2 (+2); 3 → 3 (+100); NaN → true (+1); -0 → true (+1); -10 → false (+20, falls into 3:
  // +100); 0 → true (+1); 5 → 5 (+5); undefined → true (+1)
  function kinds(xs: number[], n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i]! > 1 ? xs[i]! : xs[i]! < -5 ? false : true;
      switch (x) {
        case true: s += 1; break;
        // @ts-expect-error: falls through on purpose (TS7029)
        case false: s += 20;
        case 3: s += 100; break;
        case NaN: s += 1e6; break;
        default: s += x as number;
      }
    }
    return s;
  }
  const xs = [1, 2, 3, NaN, -0, -10, 0, 5];
  assert.equal(kinds(xs, 9), 1 + 2 + 100 + 1 + 1 + 120 + 1 + 5 + 1);
  assert.equal(memoJit(kinds)(xs, 9), kinds(xs, 9));
  // -0 === 0 under switch as under ===; a boolean case on a number and a number case on a boolean never match,
  // and the case's test still runs (k counts the runs)
  function zeroes(xs: number[]): number {
    let s = 0;
    let k = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] === 0 ? xs[i]! : xs[i]! > 0;
      switch (x) {
        case 0: s += 1; break;
        case true: s += 10; break;
        default: s += 100;
      }
      switch (xs[i]) {
        case true as unknown as number: s += 1e3; break;
        case (k++, false) as unknown as number: s += 1e4; break;
      }
    }
    return s * 100 + k;
  }
  const zs = [-0, 0, 1, -1, NaN];
  // by hand: -0, 0 → +1 each; 1 → +10; -1, NaN → false → +100 each; k is 5
  assert.equal(zeroes(zs), 212 * 100 + 5);
  assert.equal(memoJit(zeroes)(zs), zeroes(zs));
  // a case that throws: the same class and message
  function thrower(n: number): number {
    const x = n > 2 ? true : n;
    switch (x) {
      case true: throw new RangeError('big ' + n);
      default: return x;
    }
  }
  assert.throws(() => memoJit(thrower)(5), { name: 'RangeError', message: 'big 5' });
  assert.ok(Object.is(memoJit(thrower)(-0), -0));
});
