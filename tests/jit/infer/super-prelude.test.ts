// src/jit/infer/super-prelude.ts: splitAtSuper splits a subclass constructor's statements at its `super(…)`
// statement (the statements before it, and the call), and refuses, with the module's sentences, `super(…)` not
// a statement of the body itself, no `super(…)`, a second one, and `this`, `super.x` or `return` before it.
// Checked on constructors parsed from class sources, then through memoJit: code before `super(…)` runs first
// and the instance equals the plain one; a branch around `super(…)` is a located error at the `new`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'acorn';
import { readFileSync } from 'node:fs';
import type { Node } from '../../../src/jit/frontend/parse.js';
import { splitAtSuper } from '../../../src/jit/infer/super-prelude.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';

const here = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
const lineOf = (marker: string): number => here.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;

/** The statements of the constructor of `class C extends B { constructor(…) { <body> } }`, and the source. */
function ctor(params: string, body: string): { stmts: Node[]; src: string } {
  const src = `class C extends B { constructor(${params}) { ${body} } }`;
  const program = parse(src, { ecmaVersion: 'latest' }) as unknown as Node;
  return { stmts: program.body[0].body.body[0].value.body.body as Node[], src };
}
const fail = (message: string): never => {
  throw new Error(message);
};
const refusal = (params: string, body: string): string => {
  try {
    splitAtSuper(ctor(params, body).stmts, 'C', fail);
  } catch (e) {
    return (e as Error).message;
  }
  return assert.fail(`accepted: ${body}`);
};

test('the statements before super(…) and the call itself', () => {
  const { stmts, src } = ctor('m, v', 'const p = m * v; let q = p + 1; super(p, q); this.v = v;');
  const { before, call } = splitAtSuper(stmts, 'C', fail);
  assert.deepEqual(before.map((s) => src.slice(s.start, s.end)), ['const p = m * v;', 'let q = p + 1;']);
  assert.equal(call.type, 'CallExpression');
  assert.equal(call, stmts[2]!.expression, 'the call node of the statement itself');
  assert.deepEqual((call.arguments as Node[]).map((a) => src.slice(a.start, a.end)), ['p', 'q']);
  assert.equal(stmts.length, 4, 'the body is not changed');
});

test('super(…) first: nothing before it; an arrow before it that does not use this is fine', () => {
  const first = splitAtSuper(ctor('m', 'super(m); this.k = 2;').stmts, 'C', fail);
  assert.deepEqual(first.before, []);
  assert.equal((first.call.arguments as Node[]).length, 1);
  const arrow = splitAtSuper(ctor('m', 'const sq = (x) => x * x; super(sq(m));').stmts, 'C', fail);
  assert.equal(arrow.before.length, 1);
});

test('super(…) inside a branch, a loop or an expression is refused', () => {
  const branch = "the constructor of C calls super(…) inside a branch, loop or expression; compiled code needs super(…) as a statement of the constructor's own body (compute its arguments before it)";
  assert.equal(refusal('m', 'if (m) super(m); else super(0);'), branch);
  assert.equal(refusal('m', 'for (;;) { super(m); break; }'), branch);
  assert.equal(refusal('m', 'const k = (super(m), 1);'), branch);
  assert.equal(refusal('m', '{ super(m); }'), branch, 'a nested block is not the body itself');
});

test('a constructor that never calls super(…) is refused', () => {
  assert.equal(refusal('m', 'const k = m + 1;'), 'the constructor of C never calls super(…); a subclass constructor calls super(…) before using this');
  assert.equal(refusal('', ''), 'the constructor of C never calls super(…); a subclass constructor calls super(…) before using this');
});

test('this, super.x or return before super(…) are refused, each named', () => {
  const tail = ' before super(…); compiled code runs statements before super(…) that compute its arguments only';
  assert.equal(refusal('m', 'this.k = m; super(m);'), 'the constructor of C uses `this` (JS throws a ReferenceError there)' + tail);
  assert.equal(refusal('m', 'const f = () => this.k; super(m);'), 'the constructor of C uses `this` (JS throws a ReferenceError there)' + tail, 'an arrow shares the constructor\'s this');
  assert.equal(refusal('m', 'const k = super.size; super(k);'), 'the constructor of C uses super' + tail);
  assert.equal(refusal('m', 'if (m < 0) return; super(m);'), 'the constructor of C uses return' + tail);
});

test('a second super(…) is refused (JS throws at the second call)', () => {
  assert.equal(refusal('m', 'super(m); this.k = 1; super(m);'), 'the constructor of C calls super(…) twice; JS throws a ReferenceError at the second call');
});

class Base {
  declare m: number;
  constructor(m: number) {
    this.m = m;
  }
}
class Scaled extends Base {
  declare v: number;
  constructor(m: number, v: number) {
    const p = m * v;
    let q = p;
    if (q < 0) q = -q;
    super(q + 1);
    this.v = v;
  }
}
class Branchy extends Base {
  constructor(m: number) {
    if (m > 0) {
      super(m);
    } else {
      super(0);
    }
  }
}

test('compiled: the statements before super(…) run first, in the subclass\'s scope; the instance equals the plain one', () => {
  function make(m: number, v: number): number {
    const s = new Scaled(m, v);
    return s.m * 100 + s.v;
  }
  const c = memoJit(make);
  // by hand: (-2, 3) → q = 6, m = 7 → 703; (0.5, 4) → q = 2, m = 3 → 304
  assert.equal(make(-2, 3), 703);
  assert.equal(make(0.5, 4), 304);
  for (const [m, v] of [[-2, 3], [0.5, 4], [-0, -1], [NaN, 1]] as const) assert.ok(Object.is(c(m, v), make(m, v)), `(${m}, ${v})`);
});

test('compiled: super(…) in a branch is a located error at the construction', () => {
  function build(m: number): number {
    const b = new Branchy(m); // MARK-new-branchy
    return b.m;
  }
  assert.equal(build(2), 2);
  const e = compileError(build, [2]);
  assert.match(e.detail, /^the constructor of Branchy calls super\(…\) inside a branch, loop or expression/);
  assert.equal(e.construct, 'new Branchy');
  assert.equal(e.line, lineOf('MARK-new-branchy'));
});
