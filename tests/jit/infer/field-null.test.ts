// src/jit/infer/field-null.ts: a field of `this` that holds an array on some paths and null on others, narrowed by
// a test (`=== null`, `!== null`, `== null`, truthiness, `!`). The pure rules (the "or null" mark, the join of two
// paths, the narrowing, which operands a test marks) are called directly; then methods compiled with memoJit are
// compared with the plain ones on fresh receivers (results with Object.is, the receiver's field and the array
// arguments after the call, exceptions by class and message), with NaN, -0 and holes in the arrays; and what is
// not narrowed (a read with no test, any call or a write between the test and the read, `this.f && …` as a value)
// is a located error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { joinFieldNull, markNullTest, mayBeNull, narrowFieldNull, nullOr, nullTestOperand } from '../../../src/jit/infer/field-null.js';
import { FLOAT, type AV } from '../../../src/jit/infer/lattice.js';
import { memoJit, JitError } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

const XS: AV = { k: 'array', element: 'f64' };
const NULL: AV = { k: 'null' };
const returned = (source: string): Node => parseFunction(`function f() { return ${source}; }`).body.body[0].argument as Node;

test('nullOr and joinFieldNull: an array joined with null is the array marked, two nulls stay null', () => {
  assert.equal(mayBeNull(nullOr(XS)), true);
  assert.equal(mayBeNull(XS), false);
  assert.deepEqual(nullOr(XS), XS, 'the same value, marked');
  const joined = joinFieldNull(NULL, XS)!;
  assert.equal(mayBeNull(joined), true);
  assert.deepEqual(joined, XS);
  assert.equal(mayBeNull(joinFieldNull(nullOr(XS), XS)), true, 'or null on one path stays or null');
  assert.deepEqual(joinFieldNull(NULL, NULL), NULL);
  assert.equal(joinFieldNull(XS, XS), undefined, 'no null on either side: not this rule');
  assert.equal(joinFieldNull(NULL, FLOAT), undefined, 'a number is not narrowed (null is 0 to arithmetic)');
  assert.equal(joinFieldNull(NULL, { k: 'array', element: 'bool' }) !== undefined, true);
  assert.equal(joinFieldNull(nullOr(XS), { k: 'array', element: 'bool' }), undefined, 'two arrays that do not join');
});

test('narrowFieldNull: found null it is null, found not null it is the array; only null found not null is dead', () => {
  assert.deepEqual(narrowFieldNull(nullOr(XS), true), NULL);
  const narrowed = narrowFieldNull(nullOr(XS), false) as AV;
  assert.deepEqual(narrowed, XS);
  assert.equal(mayBeNull(narrowed), false);
  assert.equal(narrowFieldNull(NULL, false), 'dead');
  assert.deepEqual(narrowFieldNull(NULL, true), NULL);
  assert.deepEqual(narrowFieldNull(XS, false), XS);
});

test('markNullTest: this.f compared with null on either side, or this.f itself; nothing else', () => {
  for (const source of ['this.out === null', 'null !== this.out', 'this.out == null', 'this.out != null']) {
    const e = returned(source);
    markNullTest(e);
    const operand = (e.left as Node).type === 'MemberExpression' ? e.left : e.right;
    assert.equal(nullTestOperand(operand as Node), true, source);
  }
  const bare = returned('this.out');
  markNullTest(bare);
  assert.equal(nullTestOperand(bare), true);
  for (const source of ['this.out === undefined', 'o.out === null', 'this[k] === null', 'this.out === this.other', 'this.out < null']) {
    const e = returned(source);
    markNullTest(e);
    assert.equal(nullTestOperand(e.left as Node), false, source);
  }
});

/** A function the methods below call between a test and a read. */
function half(x: number): number {
  return x / 2;
}

class Sink {
  declare out: number[] | null;
  constructor() {
    this.out = null;
  }
  clear(): void {
    this.out = null;
  }
  one(): number {
    return 1;
  }
}

type Method = (this: Sink, ...args: never[]) => unknown;

/** The compiled method called on a fresh receiver. */
const compiledOn = (m: Method, ...args: unknown[]): unknown => (memoJit(m) as unknown as (this: Sink, ...a: unknown[]) => unknown).apply(new Sink(), args);

/** Plain and compiled on fresh receivers and copies of the arguments: the same outcome, field and arrays. */
function agree(method: Method, args: readonly unknown[]): void {
  const compiled = memoJit(method) as unknown as Method;
  const run = (f: Method): { value?: unknown; error?: string; self: Sink; args: unknown[] } => {
    const self = new Sink();
    const copies = args.map((a) => (Array.isArray(a) ? a.slice() : a));
    try {
      return { value: f.apply(self, copies as never[]), self, args: copies };
    } catch (e) {
      if (e instanceof JitError) throw e;
      return { error: `${(e as Error).name}: ${(e as Error).message}`, self, args: copies };
    }
  };
  const want = run(method);
  const got = run(compiled);
  const where = `${method.name}(${args.map((a) => (Array.isArray(a) ? `[${a.map(String)}]` : String(a))).join(', ')})`;
  assert.equal(got.error, want.error, where);
  assert.ok(Object.is(got.value, want.value), `${where}: ${String(got.value)} vs ${String(want.value)}`);
  assert.equal(got.self.out === null, want.self.out === null, `${where}: field`);
  assert.deepEqual(got.args, want.args, `${where}: arguments`);
}

const holey = [NaN, , -0] as number[];

test('compiled: === null and !== null narrow the field, in if/else, early returns, ?: and loops', () => {
  function early(this: Sink, xs: number[], k: number): number {
    if (k > 0) this.out = xs;
    else this.out = null;
    if (this.out === null) return -1;
    return this.out[0]! + this.out.length;
  }
  function block(this: Sink, xs: number[], k: number): number {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      if (i % 2 === k) this.out = xs;
      else this.out = null;
      if (this.out !== null) s += this.out[i % 3]!;
    }
    return s;
  }
  function loop(this: Sink, xs: number[], n: number): number {
    this.out = xs;
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (null !== this.out) s += this.out[i]!; // past the end: undefined, NaN in the sum, as in JS
      if (i === 1) this.out = null;
    }
    return s;
  }
  function choose(this: Sink, xs: number[], k: number): number {
    if (k) this.out = xs;
    else this.out = null;
    return this.out !== null ? this.out.length : -5;
  }
  function drain(this: Sink, xs: number[]): number {
    this.out = xs;
    let s = 0;
    let i = 0;
    while (this.out !== null) {
      s += this.out[i]!;
      i++;
      if (i >= xs.length) this.out = null;
    }
    return s;
  }
  function write(this: Sink, xs: number[], k: number): number {
    this.out = null;
    if (k) this.out = xs;
    if (this.out == null) return -1;
    this.out[0] = -0;
    return 1 / xs[0]!;
  }
  for (const xs of [[1, 2, 3], holey, [NaN]]) {
    for (const k of [0, 1]) {
      agree(early as Method, [xs, k]);
      agree(block as Method, [xs, k]);
      agree(choose as Method, [xs, k]);
      agree(write as Method, [xs, k]);
    }
    for (const n of [0, 1, 4]) agree(loop as Method, [xs, n]);
    agree(drain as Method, [xs]);
  }
  // by hand: write stores -0 into xs[0], so 1 / xs[0] is -Infinity
  assert.equal(compiledOn(write as Method, [-0], 1), -Infinity);
  assert.equal(compiledOn(early as Method, [5, 6], 1), 7);
  assert.equal(compiledOn(early as Method, [5, 6], 0), -1);
});

test('compiled: truthiness narrows (if (this.f), !this.f, && and || in a test), and a throw on null agrees', () => {
  function skip(this: Sink, xs: number[], k: number): number {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      if (i % 2 === k) this.out = xs;
      else this.out = null;
      if (!this.out) continue;
      s += this.out[0]!;
    }
    return s;
  }
  function either(this: Sink, xs: number[], k: number): number {
    if (k) this.out = xs;
    else this.out = null;
    if (this.out && this.out.length > 0) return this.out[0]!;
    if (!this.out || this.out.length === 0) return -2;
    return -3;
  }
  function pick(this: Sink, xs: number[], k: number): number {
    if (k) this.out = xs;
    else this.out = null;
    return this.out ? this.out.length : -1;
  }
  function must(this: Sink, xs: number[], k: number): number {
    if (k) this.out = xs;
    else this.out = null;
    if (this.out === null) throw new TypeError('no output buffer');
    return this.out[1]!;
  }
  for (const xs of [[1, 2], holey, [], [-0]]) {
    for (const k of [0, 1]) {
      agree(skip as Method, [xs, k]);
      agree(either as Method, [xs, k]);
      agree(pick as Method, [xs, k]);
      agree(must as Method, [xs, k]);
    }
  }
  assert.throws(() => compiledOn(must as Method, [1], 0), { name: 'TypeError', message: 'no output buffer' });
  assert.ok(Object.is(compiledOn(skip as Method, [-0], 0), 0), 'by hand: s starts at 0, 0 + -0 is 0');
});

test('not narrowed: a read with no test, a call or a write between, && as a value: located errors', () => {
  const plainRead = memoJit(function plainRead(this: Sink, xs: number[], k: number) {
    if (k) this.out = xs;
    else this.out = null;
    return this.out![0];
  });
  const e1 = catchJit(() => plainRead.call(new Sink(), [1], 1));
  assert.equal(e1.construct, '.out');
  assert.match(e1.message, /the field 'out' may be null here/);
  // a method called after the test sees the field typed: its `this.out = null` is refused where it is written
  const between = memoJit(function between(this: Sink, xs: number[], k: number) {
    if (k) this.out = xs;
    else this.out = null;
    if (this.out !== null) {
      this.clear();
      return this.out[0];
    }
    return -1;
  });
  assert.match(catchJit(() => between.call(new Sink(), [1], 1)).message, /the field 'out' holds number\[\]; compiled code keeps each field's type, and this writes null/);
  // a method called while the field may be null may write it: unknown after the call
  const before = memoJit(function before(this: Sink, xs: number[], k: number) {
    if (k) this.out = xs;
    else this.out = null;
    this.clear();
    if (this.out !== null) return this.out[0];
    return -1;
  });
  assert.equal(catchJit(() => before.call(new Sink(), [1], 1)).construct, '.out');
  // a method that does not write it, called between the test and the read, changes nothing
  function pure(this: Sink, xs: number[], k: number): number {
    if (k) this.out = xs;
    else this.out = null;
    if (this.out !== null) return this.out[0]! + this.one();
    return -1;
  }
  for (const k of [0, 1]) agree(pure as Method, [[2.5], k]);
  // any call between the test and the read: the field may be null again (the callee may reach it another way)
  const afterCall = memoJit(function afterCall(this: Sink, xs: number[], k: number) {
    if (k) this.out = xs;
    else this.out = null;
    if (this.out !== null) {
      const one = half(2);
      return this.out[0]! + one;
    }
    return -1;
  });
  assert.match(catchJit(() => afterCall.call(new Sink(), [1], 1)).message, /the field 'out' may be null here/);
  // the advice, followed: test after the call
  function testedAfter(this: Sink, xs: number[], k: number): number {
    if (k) this.out = xs;
    else this.out = null;
    const one = half(2);
    if (this.out === null) return -1;
    return this.out[0]! + one;
  }
  for (const k of [0, 1]) agree(testedAfter as Method, [[-0], k]);
  // a write of null between the test and the read replaces the narrowed value
  const rewritten = memoJit(function rewritten(this: Sink, xs: number[]) {
    this.out = xs;
    if (this.out === null) return -1;
    this.out = null;
    return (this.out as unknown as number[])[0];
  });
  assert.match(catchJit(() => rewritten.call(new Sink(), [1])).message, /cannot index null/);
  const asValue = memoJit(function asValue(this: Sink, xs: number[], k: number) {
    if (k) this.out = xs;
    else this.out = null;
    return this.out && this.out.length;
  });
  const e2 = catchJit(() => asValue.call(new Sink(), [1], 0));
  assert.match(e2.message, /this && gives null where the field is null.*test the field in a condition \(if \(this\.out !== null\) …\)/);
  assert.ok(e2 instanceof JitError);
});
