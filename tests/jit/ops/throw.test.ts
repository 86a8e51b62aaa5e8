// src/jit/ops/throw.ts: the error classes compiled code may construct in `throw new X(message)`. Checked: the
// table is exactly JavaScript's built-in Error constructors that take a message (every one a real global
// subclass of Error; AggregateError, whose first argument is not the message, left out), `isErrorClass` reads
// only own rows (not Object.prototype's names), and each row, thrown from a compiled function, reaches the
// caller with the same class and message as from the plain function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CLASSES, isErrorClass } from '../../../src/jit/ops/throw.js';
import { memoJit } from '../../../src/index.js';

test('the rows are the global Error constructors that take a message', () => {
  const names = Object.keys(ERROR_CLASSES).sort();
  assert.deepEqual(names, ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError']);
  for (const name of names) {
    const ctor = (globalThis as Record<string, unknown>)[name] as ErrorConstructor;
    assert.equal(typeof ctor, 'function', name);
    const e = new ctor('m');
    assert.ok(e instanceof Error && e.name === name && e.message === 'm', name);
  }
  assert.equal(isErrorClass('AggregateError'), false, 'new AggregateError(errors, message): not a message first');
  for (const inherited of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) assert.equal(isErrorClass(inherited), false, inherited);
  assert.equal(isErrorClass('DOMException'), false);
  assert.equal(isErrorClass('RangeError'), true);
});

test('each class thrown from compiled code reaches the caller as from the plain function', () => {
  function check(kind: number, x: number): number {
    if (x < 0) {
      if (kind === 0) throw new Error(`negative: ${x}`);
      if (kind === 1) throw new TypeError('not a number');
      if (kind === 2) throw new RangeError('x < 0');
      if (kind === 3) throw new SyntaxError('bad');
      if (kind === 4) throw new ReferenceError('gone');
      if (kind === 5) throw new EvalError('eval');
      throw new URIError('uri');
    }
    return Math.sqrt(x);
  }
  const jit = memoJit(check);
  for (let kind = 0; kind <= 6; kind++) {
    let plain: unknown, compiled: unknown;
    try { check(kind, -2); } catch (e) { plain = e; }
    try { jit(kind, -2); } catch (e) { compiled = e; }
    assert.ok(plain instanceof Error && compiled instanceof Error, `kind ${kind}`);
    assert.equal(Object.getPrototypeOf(compiled), Object.getPrototypeOf(plain), `kind ${kind}: the same class`);
    assert.equal((compiled as Error).message, (plain as Error).message);
  }
  assert.equal(jit(0, 9), 3);
});
