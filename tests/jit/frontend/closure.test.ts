// Names from outside a function (src/jit/frontend/closure.ts), read through V8's inspector. outerName gives the
// value a function would read (the innermost scope first, a shadowing binding over an outer one, the global
// object last), `undefined` for a name it cannot see, objects by reference; declarationOf says how the name is
// declared (const, let, param, function, class) and whether anything may assign it again, and is `undefined`
// for a name with no declaration in the script (a global). No temporary is left on globalThis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declarationOf, outerName } from '../../../src/jit/frontend/closure.js';

const K = 3.5;
const TABLE = { scale: 2 };
let counter = 0;
function usesTop(x: number): number {
  counter++;
  return x * K * TABLE.scale;
}
class Shape {}
function helper(): number {
  return 1;
}

test('a top-level const: its value, from the module (or its closure, as the loader wraps it), declared const, never reassigned', () => {
  const found = outerName(usesTop, 'K');
  assert.equal(found?.name, 'K');
  assert.equal(found?.value, 3.5);
  assert.ok(found?.scope === 'module' || found?.scope === 'closure', String(found?.scope));
  const d = declarationOf(usesTop, 'K');
  assert.equal(d?.kind, 'const');
  assert.equal(d?.reassigned, false);
  assert.equal(d?.module, true, 'this test file is an ES module');
});

test('objects come by reference; a let that is incremented is declared let and reassigned', () => {
  assert.equal(outerName(usesTop, 'TABLE')?.value, TABLE, 'the very object');
  const d = declarationOf(usesTop, 'counter');
  assert.equal(d?.kind, 'let');
  assert.equal(d?.reassigned, true);
});

test('closure variables of an enclosing function: params and lets, the innermost binding first', () => {
  function make(p: number, shadow: number): (x: number) => number {
    let q = p * 2;
    const g = (x: number): number => x + p + q + shadow;
    q += 1;
    return g;
  }
  const g = make(5, 9);
  assert.deepEqual(outerName(g, 'p'), { name: 'p', value: 5, scope: 'closure' });
  assert.deepEqual(outerName(g, 'q'), { name: 'q', value: 11, scope: 'closure' }, 'q after q += 1, by hand: 5 * 2 + 1');
  assert.equal(declarationOf(g, 'p')?.kind, 'param');
  assert.equal(declarationOf(g, 'p')?.reassigned, false);
  assert.equal(declarationOf(g, 'q')?.kind, 'let');
  assert.equal(declarationOf(g, 'q')?.reassigned, true);
  // Each closure has its own values.
  assert.equal(outerName(make(1, 0), 'shadow')?.value, 0);
  assert.equal(outerName(make(1, 0), 'p')?.value, 1);
});

test('the innermost binding of a name wins over an outer one', () => {
  function outer(): () => number {
    const level = 1;
    function inner(): () => number {
      const level = 2;
      return () => level * 10;
    }
    return level > 0 ? inner() : inner();
  }
  const g = outer();
  // The loader (esbuild) may rename a shadowing binding; the function's own text says which name it reads.
  const read = /level\d*/.exec(g.toString())![0];
  assert.deepEqual(outerName(g, read), { name: read, value: 2, scope: 'closure' });
  assert.equal(g(), 20);
});

test('functions and classes from outside are found with their declaration kind', () => {
  function user(): number {
    return helper() + (new Shape() instanceof Shape ? 1 : 0);
  }
  assert.equal(outerName(user, 'helper')?.value, helper);
  assert.equal(outerName(user, 'Shape')?.value, Shape);
  assert.equal(declarationOf(user, 'helper')?.kind, 'function');
  assert.equal(declarationOf(user, 'Shape')?.kind, 'class');
});

test('globals come last, from globalThis; a name seen nowhere is undefined', () => {
  const f = (x: number): number => Math.sqrt(x);
  assert.deepEqual(outerName(f, 'Math'), { name: 'Math', value: Math, scope: 'global' });
  assert.equal(outerName(f, 'notDefinedAnywhere_x9'), undefined);
  assert.equal(declarationOf(f, 'Math'), undefined, 'no declaration of Math in this script');
  assert.equal(declarationOf(f, 'notDefinedAnywhere_x9'), undefined);
});

test('no temporary is left on globalThis, and asking twice gives the same answer', () => {
  const before = Object.getOwnPropertyNames(globalThis).filter((k) => k.startsWith('__numbat_scopes_'));
  const f = (x: number): number => x + K;
  const a = outerName(f, 'K');
  const b = outerName(f, 'K');
  assert.deepEqual(a, b);
  declarationOf(f, 'K');
  const after = Object.getOwnPropertyNames(globalThis).filter((k) => k.startsWith('__numbat_scopes_'));
  assert.deepEqual(after, before);
  assert.deepEqual(after, []);
});
