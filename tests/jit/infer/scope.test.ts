// src/jit/infer/scope.ts: scopes and bindings, the Typing of one specialization, and the env one compilation
// shares. Scope.lookup directly (innermost first, and whether the search left a function), newEnv's empty env,
// then the Typing inferFunction fills: bindings in slot order with unique names for shadowed ones and their
// declaration kinds, refs and decls maps, statements reached (not those after a return), calls, argCount and
// absentReturns; and the refusal lookup's crossesFunction drives (an inner helper reading its parent's local).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { FLOAT } from '../../../src/jit/infer/lattice.js';
import { Scope, newEnv, type Binding } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import { JitError } from '../../../src/index.js';

let slots = 0;
function bind(scope: Scope, name: string): Binding {
  const decl: Node = { type: 'Identifier', name, start: 0, end: 0 };
  const b: Binding = { name, unique: name, kind: 'let', decl, slot: slots++, value: undefined };
  scope.names.set(name, b);
  return b;
}

test('lookup: innermost binding first, undefined when no scope declares the name', () => {
  const fn = new Scope(undefined, true);
  assert.equal(fn.lookup('x'), undefined);
  const x = bind(fn, 'x');
  const block = new Scope(fn, false);
  const inner = new Scope(block, false);
  assert.deepEqual(inner.lookup('x'), { binding: x, crossesFunction: false });
  const shadow = bind(block, 'x');
  assert.equal(inner.lookup('x')!.binding, shadow, 'the nearer declaration');
  assert.equal(fn.lookup('x')!.binding, x, 'an outer scope does not see inner declarations');
  assert.equal(inner.lookup('y'), undefined);
  assert.equal(block.parent, fn);
  assert.equal(block.functionScope, false);
});

test('lookup: crossesFunction is true once the search leaves a function\'s own scope', () => {
  const outer = new Scope(undefined, true);
  const a = bind(outer, 'a');
  const helper = new Scope(outer, true);
  const y = bind(helper, 'y');
  const body = new Scope(helper, false);
  assert.deepEqual(body.lookup('y'), { binding: y, crossesFunction: false }, 'the helper\'s own parameter');
  assert.deepEqual(body.lookup('a'), { binding: a, crossesFunction: true }, 'the parent function\'s local');
  assert.deepEqual(helper.lookup('a'), { binding: a, crossesFunction: true });
  assert.deepEqual(outer.lookup('a'), { binding: a, crossesFunction: false }, 'the function scope that declares it');
});

test('newEnv: an empty compilation that resolves free names through the given function', () => {
  const sq = parseFunction('function sq(x) { return x * x; }');
  const env = newEnv((name) => (name === 'sq' ? sq : undefined));
  assert.equal(env.resolveGlobal('sq'), sq);
  assert.equal(env.resolveGlobal('cube'), undefined);
  assert.equal(env.specializations.size, 0);
  assert.equal(env.active.size, 0);
  assert.deepEqual(env.order, []);
  assert.equal(env.names.size, 0);
  assert.equal(env.outer, undefined, 'outside names are not discovered unless set');
  assert.notEqual(newEnv(() => undefined).order, newEnv(() => undefined).order, 'each env its own');
});

const SRC = 'function f(x, n) { var v = 1; const k = 2; let s = 0; { let s = 3; v += s; } function h(y) { return y + 1; } for (let i = 0; i < n; i++) s += h(i); return s + v + k; x = 9; }';

test('Typing: bindings in slot order, shadowed names made unique, each with its declaration kind', () => {
  const typing = inferFunction(parseFunction(SRC), [{ kind: 'f64' }, { kind: 'i32' }], newEnv(() => undefined));
  const rows = typing.bindings.map((b) => `${b.name}/${b.unique}/${b.kind}`);
  // every declaration, once; the block's `s` is a second binding with its own unique name
  assert.deepEqual([...rows].sort(), ['h/h/function', 'i/i/let', 'k/k/const', 'n/n/param', 's/s$1/let', 's/s/let', 'v/v/var', 'x/x/param']);
  typing.bindings.forEach((b, i) => assert.equal(b.slot, i, `${b.unique}'s slot is its position`));
  assert.deepEqual(typing.params.map((b) => b.unique), ['x', 'n']);
  assert.equal(new Set(typing.bindings.map((b) => b.unique)).size, typing.bindings.length, 'unique names are unique');
  // decls: each declaring identifier to its binding
  assert.equal(typing.decls.size, typing.bindings.length);
  for (const b of typing.bindings) assert.equal(typing.decls.get(b.decl), b);
});

test('Typing: references resolve to the binding in scope; statements after a return are not reached', () => {
  const parsed = parseFunction(SRC);
  const typing = inferFunction(parsed, [{ kind: 'f64' }, { kind: 'i32' }], newEnv(() => undefined));
  const refOf = (text: string, nth = 0): string | undefined => {
    const hits = [...typing.refs.keys()].filter((n) => SRC.slice(n.start, n.end) === text).sort((a, b) => a.start - b.start);
    return hits[nth] ? typing.refs.get(hits[nth])!.unique : undefined;
  };
  assert.equal(refOf('s', 0), 's$1', '`v += s` inside the block reads the block\'s s');
  assert.equal(refOf('s', 1), 's', '`s += h(i)` reads the function\'s s');
  assert.equal(refOf('h'), 'h');
  const reached = [...typing.reached].map((n) => SRC.slice(n.start, n.end));
  assert.ok(reached.includes('return s + v + k;'));
  assert.ok(!reached.includes('x = 9;'), 'dead code after the return');
  assert.equal(refOf('x'), undefined, 'nor are its references resolved');
  // the call of the helper maps to its specialization
  assert.deepEqual([...typing.calls.values()].map((t) => t.irName), ['h']);
  const call = [...typing.calls.keys()][0]!;
  assert.equal(SRC.slice(call.start, call.end), 'h(i)');
  assert.equal(typing.argCount, 2);
  assert.equal(typing.absentReturns?.size ?? 0, 0);
});

test('Typing: fewer arguments than parameters, and undefined returned beside numbers', () => {
  const typing = inferFunction(parseFunction('function g(a, b) { if (a > 0) return a; }'), [{ kind: 'f64' }], newEnv(() => undefined));
  assert.equal(typing.argCount, 1);
  assert.deepEqual(typing.params.map((b) => b.value), [FLOAT, { k: 'void' }]);
  assert.deepEqual([...(typing.absentReturns ?? [])], ['undefined'], 'falling off the end returns undefined');
  assert.deepEqual(typing.returns, FLOAT);
});

test('a helper reading its parent\'s local (a lookup that crosses a function) is refused', () => {
  const src = 'function f(n) { const k = 2; function h(y) { return y + k; } return h(n); }';
  assert.throws(
    () => inferFunction(parseFunction(src), [{ kind: 'f64' }], newEnv(() => undefined)),
    (e: unknown) => e instanceof JitError && e.construct === 'use of the outer variable k'
      && /inner functions may only use their own parameters and locals; 'k' belongs to the enclosing function/.test(e.message),
  );
});
