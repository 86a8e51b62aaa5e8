// `new C(…)` in compiled code of classes with fields in the class body and of subclasses (issue 12, item 4;
// src/jit/infer/classes.ts): the generated code calls the class itself, and inference reads the instance's fields
// in the order JS defines them (base class first, body fields, then constructor assignments). Compared with the
// plain function: Object.is on every element, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';

type Call = (...args: unknown[]) => unknown;

function agree(fn: (...args: never[]) => unknown, args: unknown[][]): void {
  const j = memoJit(fn) as unknown as Call;
  for (const a of args) assertSameOutcome(outcomeOf(() => j(...a)), outcomeOf(() => (fn as unknown as Call)(...a)));
  assert.ok(Object.values((j as unknown as { inspect(): Record<string, string> }).inspect()).every((s) => !s.startsWith('(plain')));
}

class Vec {
  x = 0;
  y: number | undefined;
  scale = 1.5;
  constructor(y: number) {
    this.y = y;
  }
  norm(): number {
    return Math.hypot(this.x, this.y!) * this.scale;
  }
}

class Vec3 extends Vec {
  z = -0;
  w: number;
  constructor(y: number, w: number) {
    super(y * 2);
    this.w = w;
  }
  total(): number {
    return this.x + this.y! + this.z + this.w + this.norm();
  }
}

class Tagged extends Vec3 {
  flag = true;
}

function bodyFields(k: number) {
  const v = new Vec(k);
  v.x += 1;
  return [v.x, v.y, v.scale, v.norm()];
}

function subclass(k: number, w: number) {
  const v = new Vec3(k, w);
  v.z = v.z * k;
  return [v.x, v.y, v.z, v.w, v.total(), v.norm()];
}

function noConstructor(k: number) {
  const t = new Tagged(k, -k);
  return [t.flag ? 1 : 0, t.y, t.w, t.total()];
}

test('class-body fields with and without values, assigned by the constructor', () => {
  agree(bodyFields, [[3], [-0], [NaN], [2.5]]);
});

test('a subclass whose constructor calls super(…) and assigns fields; methods inherited from the base class', () => {
  agree(subclass, [[3, 4], [-1, -0], [0, NaN], [1e300, 2]]);
});

test('a subclass without a constructor passes its arguments to the base constructor', () => {
  agree(noConstructor, [[3], [-0], [0.5]]);
});

class Late extends Vec {
  w: number;
  constructor(y: number) {
    const twice = y * 2;
    super(twice);
    this.w = twice;
  }
}

test('code before super(…) runs first, as in the plain function (it was refused before super-prelude.ts)', () => {
  agree(function late(k: number) {
    const l = new Late(k);
    return [l.w, l.y, l.x, l.norm()];
  }, [[1], [-0], [NaN], [2.5]]);
});
