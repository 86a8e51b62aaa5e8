// src/jit/infer/statics.ts: static fields of outside classes (`Body.G`) read by compiled code. isClassValue and
// classValueMessage directly; staticField through memoJit on the classes below: number and boolean fields are
// frozen constants (found up the class chain, named in inspect()'s header, -0 and NaN kept), and every other
// static (method, object, null, string, getter, a missing name, `prototype`) is a located JitError saying what
// it is; a class used as a value is refused with classValueMessage's sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classValueMessage, isClassValue } from '../../../src/jit/infer/statics.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';

const here = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
const lineOf = (marker: string): number => here.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;
const header = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect())[0]!.split('\n')[0]!;

class Body {
  static G = 6.674e-11;
  static on = true;
  static nan = NaN;
  static neg = -0;
  static cfg = { a: 1 };
  static nul = null;
  static label = 'b';
  static half(x: number): number {
    return x / 2;
  }
  static get twice(): number {
    return 2;
  }
}
class Planet extends Body {
  static R = 3;
}
class Moon extends Planet {}
class Gauge {
  static K = 2;
}

test('isClassValue: a class, not a plain function, arrow, method or other value', () => {
  assert.equal(isClassValue(Body), true);
  assert.equal(isClassValue(Moon), true);
  assert.equal(isClassValue(class {}), true);
  assert.equal(isClassValue(function body() {}), false);
  assert.equal(isClassValue(() => 1), false);
  assert.equal(isClassValue(Body.half), false, 'a static method is a function');
  assert.equal(isClassValue(Math.max), false);
  assert.equal(isClassValue({ class: 1 }), false);
  assert.equal(isClassValue('class Body {}'), false, 'a string starting with class is not a class');
});

test('classValueMessage names the class and what compiled code does with classes', () => {
  assert.equal(
    classValueMessage('Body'),
    "'Body' is a class; compiled code constructs it (new Body(…)) and reads its number and boolean static fields as constants (Body.field), but does not use the class itself or write its static fields: pass what you need as arguments",
  );
  assert.ok(classValueMessage('Q').includes('new Q(…)') && classValueMessage('Q').includes('(Q.field)'));
});

test('number and boolean static fields are constants, found up the class chain, named in the header', () => {
  function force(m1: number, m2: number, r: number): number {
    return (Moon.G * m1 * m2) / (r * r) + Moon.R;
  }
  const c = memoJit(force);
  for (const [a, b, r] of [[1, 1, 1], [5.97e24, 7.35e22, 3.84e8], [2, 3, 0]] as const) assert.ok(Object.is(c(a, b, r), force(a, b, r)));
  assert.equal(header(c), '// frozen from outside: Moon.G = 6.674e-11 (module class); Moon.R = 3 (module class)');
  function sign(m: number): number {
    return Body.on ? m : -m;
  }
  const s = memoJit(sign);
  assert.equal(s(2), 2);
  assert.equal(header(s), '// frozen from outside: Body.on = true (module class)');
  function computed(m: number): number {
    return Planet['G'] * m;
  }
  assert.ok(Object.is(memoJit(computed)(3), computed(3)), 'a literal key reads the same field');
});

test('-0 and NaN static fields keep their value', () => {
  function inv(m: number): number {
    return 1 / Body.neg + m;
  }
  assert.equal(memoJit(inv)(2), -Infinity, 'by hand: 1 / -0 is -Infinity');
  function poisoned(m: number): number {
    return Body.nan + m;
  }
  assert.ok(Number.isNaN(memoJit(poisoned)(2)));
});

test('a static field is read once, at compile time: a later write is not seen by the compiled specialization', () => {
  function scaled(m: number): number {
    return Gauge.K * m;
  }
  const c = memoJit(scaled);
  assert.equal(c(2), 4);
  Gauge.K = 5;
  try {
    assert.equal(c(3), 6, 'the frozen 2, as the generated source\'s header says');
    assert.equal(scaled(3), 15, 'the plain function reads the new value');
  } finally {
    Gauge.K = 2;
  }
});

test('statics that are not number or boolean data fields are located errors saying what they are', () => {
  const cases: [(m: number) => number, RegExp, string][] = [
    [(m) => { const h = Body.half; return m + h(0); }, /^'Body\.half' is a static method; compiled code reads number and boolean static fields of classes as constants/, '.half'],
    [(m) => (Body.cfg.a + m), /^'Body\.cfg' is an object;/, '.cfg'],
    [(m) => ((Body.nul as unknown as number) + m), /^'Body\.nul' is null;/, '.nul'],
    [(m) => (Body.label === 'b' ? m : 0), /^'Body\.label' is a string;/, '.label'],
    [(m) => Body.twice + m, /^'Body\.twice' is a static getter or setter; compiled code reads static data fields only/, '.twice'],
    [(m) => (Moon as unknown as { H: number }).H + m, /^the class Moon has no static field 'H'; compiled code reads number and boolean static fields \(static H = …\) as constants/, '.H'],
    [(m) => (Body.prototype as unknown as number) + m, /^the class Body has no static field 'prototype' of its own \(that name is every function's\)/, '.prototype'],
  ];
  for (const [f, message, construct] of cases) {
    const e = compileError(f, [1]);
    assert.match(e.detail, message);
    assert.equal(e.construct, construct);
  }
});

test('the error is located at the read', () => {
  function missing(m: number): number {
    const k = m * 2;
    return k + (Planet as unknown as { Q: number }).Q; // MARK-static-missing
  }
  const e = compileError(missing, [1]);
  assert.equal(e.line, lineOf('MARK-static-missing'));
  assert.match(e.message, /no static field 'Q'/);
});

test('a class used as a value, or a static field written, is refused with classValueMessage', () => {
  function alias(m: number): number {
    const K = Body;
    return K.G + m;
  }
  assert.equal(compileError(alias, [1]).detail, classValueMessage('Body'));
  function write(m: number): number {
    Gauge.K = m;
    return m;
  }
  assert.equal(compileError(write, [1]).detail, classValueMessage('Gauge'));
  assert.equal(Gauge.K, 2, 'nothing was written at compile time');
});
