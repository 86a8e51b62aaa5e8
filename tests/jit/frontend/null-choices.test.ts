// src/jit/frontend/null-choices.ts: `target = test ? value : null;` as a statement is the if statement it stands for.
// Which statements are split (a variable, a field of this, a field of a variable when nothing in the choice
// assigns or calls) and which are not; then compiled class methods storing such a choice into a field of `this`,
// against the plain method on another instance (the result and the field afterwards); and the located error for a
// ?: between a value and null used elsewhere, whose advice compiles when followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { splitNullChoice } from '../../../src/jit/frontend/null-choices.js';
import { memoJit, JitError } from '../../../src/index.js';

/** The statement `source`'s arrow body is, as written (parseFunction splits statements of a function body only). */
function statement(source: string): Node {
  const expression = parseFunction(source).body;
  return { type: 'ExpressionStatement', expression, start: expression.start, end: expression.end } as Node;
}

test('which statements are split into if/else', () => {
  for (const s of ['(c, xs) => this.best = c ? xs : null', '(c, xs) => best = c ? null : xs', '(c, xs, o) => o.best = c > 1 ? xs : null']) {
    const split = splitNullChoice(statement(s));
    assert.equal(split?.type, 'IfStatement', s);
    assert.equal(split!.consequent.expression.type, 'AssignmentExpression', s);
    assert.notEqual(split!.consequent.expression.left, split!.alternate.expression.left, `${s}: each store its own target node`);
  }
  for (const s of [
    '(c, xs) => this.best = c ? xs : xs', // no null
    '(c) => this.best = c ? null : null', // both null
    '(c, xs) => this.best += c ? xs : null', // not a plain store
    '(c, xs, o) => o.best = c(o) ? xs : null', // a call could move o
    '(c, xs, o, p) => o.best = (o = p) ? xs : null', // an assignment moves o
    '(c, xs, i) => this.rows[i] = c ? xs : null', // computed target
  ]) assert.equal(splitNullChoice(statement(s)), undefined, s);
});

class Keeper {
  best: Float64Array | null = null;
  list: number[] | null = null;
  keep(take: boolean, xs: Float64Array): number {
    this.best = take ? xs : null;
    return this.best === null ? -1 : this.best[0]!;
  }
  drop(take: boolean, xs: number[]): number {
    this.list = take ? null : xs;
    return this.list === null ? -1 : this.list.length;
  }
}

test('compiled: a field of this given c ? value : null holds what the plain method stores', () => {
  const keep = memoJit(Keeper.prototype.keep);
  const drop = memoJit(Keeper.prototype.drop);
  for (const take of [true, false]) {
    const plain = new Keeper();
    const compiled = new Keeper();
    const xs = Float64Array.of(-0, 2);
    // take: best is xs, whose first element is -0; else best is null and the result -1
    assert.ok(Object.is(keep.call(compiled, take, xs), plain.keep(take, xs)));
    assert.ok(Object.is(keep.call(compiled, take, xs), take ? -0 : -1));
    assert.equal(compiled.best, take ? xs : null);
    const ys = [4, 5, 6];
    assert.equal(drop.call(compiled, take, ys), plain.drop(take, ys));
    assert.equal(drop.call(compiled, take, ys), take ? -1 : 3);
    assert.equal(compiled.list, take ? null : ys);
  }
});

class Declared {
  best: Float64Array | null = null;
  first(take: boolean, xs: Float64Array): number {
    const b = take ? xs : null;
    this.best = b;
    return b === null ? -1 : b[0]!;
  }
  followed(take: boolean, xs: Float64Array): number {
    if (take) this.best = xs;
    else this.best = null;
    return this.best === null ? -1 : this.best[0]!;
  }
}

test('compiled: a ?: between a value and null held in a local is a located error whose advice compiles', () => {
  try {
    memoJit(Declared.prototype.first).call(new Declared(), true, Float64Array.of(1));
    assert.fail('compiled without an error');
  } catch (e) {
    assert.ok(e instanceof JitError);
    assert.equal(e.construct, 'conditional expression');
    assert.match(e.message, /between Float64Array and null.*if \(c\) this\.best = xs; else this\.best = null;/);
  }
  const followed = memoJit(Declared.prototype.followed);
  const d = new Declared();
  assert.equal(followed.call(d, true, Float64Array.of(7)), 7);
  assert.equal(followed.call(d, false, Float64Array.of(7)), -1);
  assert.equal(d.best, null);
});
