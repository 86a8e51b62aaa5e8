// src/decorate.ts: the plumbing every decorator shares. Checked with a minimal decorator built on it and with
// timed: a plain function keeps name and length; options and describe list layers outermost first; unwrap
// rewraps a replacement; methods keep this and the class metadata lists them (inherited too); fields,
// accessors and classes are refused; errors name what was given (describeValue); extras of inner layers are
// forwarded live; defineDecorator/isDecoration/optionsObject split calls from options; the site handed to
// wrap (kind, name, static, private, symbol keys), innerOf, and the Symbol.metadata that Node 20 lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyIdentity, decorate, defineDecorator, describeValue, innerOf, isClass, optionsObject, describe, unwrap, original, isDecorated, isDecoration,
  type AnyFunction, type DecorationSite,
} from '../src/decorate.js';
import { timed, setTimingSink } from '../src/timed/index.js';

setTimingSink('silent');

/** A minimal decorator built on the plumbing, to test the plumbing on its own. */
function tagged(...args: unknown[]): unknown {
  const spec = {
    name: 'tagged',
    wrap: (fn: AnyFunction, options: { tag: string }) =>
      function (this: unknown, ...a: unknown[]) {
        return `${options.tag}:${String(fn.apply(this, a))}`;
      },
  };
  if (isDecoration(args)) return decorate(spec, args[0], args[1], { tag: 't' });
  const options = args[0] as { tag: string };
  return (target: unknown, context?: unknown) => decorate(spec, target, context, options);
}

test('plain function: wraps, keeps name and length', () => {
  function add(a: number, b: number): number {
    return a + b;
  }
  const f = tagged(add) as AnyFunction;
  assert.equal(f(1, 2), 't:3');
  assert.equal(f.name, 'add');
  assert.equal(f.length, 2);
  assert.ok(isDecorated(f));
  assert.equal(original(f), add);
});

test('options form and describe list layers outermost first', () => {
  const f = (tagged as (o: object) => (fn: AnyFunction) => AnyFunction)({ tag: 'x' })(timed((a: number) => a * 2));
  assert.equal(f(4), 'x:8');
  assert.deepEqual(
    describe(f).map((d) => d.decorator),
    ['tagged', 'timed'],
  );
  assert.deepEqual(describe(f)[0]!.options, { tag: 'x' });
});

test('unwrap re-applies outer layers around a replacement', () => {
  const base = (a: number) => a + 1;
  const f = tagged(timed(base)) as AnyFunction;
  const { original: o, rewrap } = unwrap(f);
  assert.equal(o, base);
  const g = rewrap((a: number) => a + 100);
  assert.equal(g(1), 't:101');
  assert.deepEqual(describe(g).map((d) => d.decorator), ['tagged', 'timed']);
});

test('static and instance methods keep this; metadata lists decorated methods', () => {
  class Box {
    factor = 3;
    @timed
    static twice(x: number): number {
      return 2 * x;
    }
    @timed({ label: 'scaled' })
    scale(x: number): number {
      return this.factor * x;
    }
    plain(): number {
      return 1;
    }
  }
  assert.equal(Box.twice(4), 8);
  assert.equal(new Box().scale(2), 6);
  const methods = describe(Box);
  assert.deepEqual([...methods.keys()].sort(), ['scale', 'twice']);
  assert.deepEqual(methods.get('scale')![0]!.options, { label: 'scaled' });
});

test('subclass metadata includes inherited decorated methods', () => {
  class A {
    @timed static a(): number {
      return 1;
    }
  }
  class B extends A {
    @timed static b(): number {
      return 2;
    }
  }
  assert.deepEqual([...describe(B).keys()].sort(), ['a', 'b']);
  assert.deepEqual([...describe(A).keys()], ['a']);
});

test('fields, getters, setters, accessors and classes are refused with a clear error', () => {
  // Typed loosely on purpose: TypeScript already rejects these uses; JavaScript callers get the runtime error.
  const anyTimed = timed as unknown as (v: unknown, c: unknown) => void;
  assert.throws(() => {
    class F {
      @anyTimed x = 1;
    }
    return new F();
  }, /cannot decorate the class field 'x'.*functions and class methods/);
  assert.throws(() => {
    class G {
      @anyTimed get y(): number {
        return 1;
      }
    }
    return G;
  }, /cannot decorate the getter 'y'/);
  assert.throws(() => {
    class H {
      @anyTimed set z(_v: number) {}
    }
    return H;
  }, /cannot decorate the setter 'z'/);
  assert.throws(() => {
    class I {
      @anyTimed accessor w = 1;
    }
    return I;
  }, /cannot decorate the auto-accessor 'w'/);
  assert.throws(() => {
    @anyTimed
    class J {}
    return J;
  }, /cannot decorate the class/);
  class K {}
  assert.throws(() => anyTimed(K, undefined), /cannot decorate the class K/);
});

test('non-functions are refused, naming what was given', () => {
  const t = timed as unknown as (v: unknown) => (x: unknown) => unknown;
  assert.throws(() => t(42), /timed: cannot decorate the number 42/);
  assert.throws(() => t('abc'), /the string "abc"/);
  assert.throws(() => t({})(7), /cannot decorate the number 7/);
  assert.throws(() => t([1]), /an array/);
  assert.throws(() => t(null), /timed: cannot decorate null/);
});

test("outer decorators expose what inner ones added (timed(parallel(f)).map, timed(memoJit(f)).signatures)", () => {
  const spec = {
    name: 'withExtras',
    wrap: (fn: AnyFunction) => {
      const w = function (this: unknown, ...a: unknown[]) {
        return fn.apply(this, a);
      };
      let calls = 0;
      Object.assign(w, {
        factor: 10,
        scale(this: { factor: number }, x: number) {
          calls++;
          return this.factor * x;
        },
      });
      Object.defineProperty(w, 'calls', { get: () => calls, enumerable: true });
      return w;
    },
  };
  const inner = decorate(spec, (x: number) => x + 1, undefined, {});
  const outer = timed({ sink: "silent" })(inner) as unknown as AnyFunction & { factor: number; calls: number; scale(x: number): number };
  assert.equal(outer(1), 2);
  assert.equal(outer.factor, 10);
  assert.equal(outer.scale(3), 30, 'a method reading this finds the forwarded fields');
  assert.equal(outer.calls, 1, 'values stay live, not copied');
  assert.equal(outer.scale, (inner as unknown as { scale: unknown }).scale, 'functions are forwarded as they are');
  assert.ok('stats' in outer, "the outer wrapper's own extras win");
});

test('defineDecorator: one entry for a new decorator, as a call, with options, and on methods', () => {
  interface TaggedOptions { readonly tag?: string }
  const seen: string[] = [];
  const entry = defineDecorator<TaggedOptions>(
    {
      name: 'tagged',
      wrap: (fn, options) => function (this: unknown, ...args: unknown[]) {
        seen.push(options.tag ?? 'none');
        return fn.apply(this, args);
      },
    },
    (given) => optionsObject<TaggedOptions>('tagged', given),
  );
  const tagged = (...args: unknown[]) => entry(args) as <F extends AnyFunction>(fn: F, context?: unknown) => F;
  const add = (a: number, b: number): number => a + b;
  assert.equal((entry([add]) as typeof add)(1, 2), 3);
  assert.equal(tagged({ tag: 'x' })(add)(2, 3), 5);
  class C {
    static base = 10;
    static plus(this: typeof C, a: number): number { return this.base + a; }
  }
  const m = tagged({ tag: 'm' })(C.plus, { kind: 'method', name: 'plus', static: true, private: false, addInitializer: () => undefined, access: { has: () => true, get: () => C.plus }, metadata: {} });
  assert.equal(m.call(C, 1), 11);
  assert.deepEqual(seen, ['none', 'x', 'm']);
  assert.deepEqual(describe(m).map((d) => d.decorator), ['tagged']);
  assert.throws(() => tagged(42), /tagged: cannot decorate the number 42; it accepts a function, a class method, or an options object/);
});

test('describeValue names what was given; isClass tells class syntax from functions', () => {
  class Named {}
  const cases: [unknown, string][] = [
    [null, 'null'], [undefined, 'undefined'], [Named, 'the class Named'], [function named() {}, 'the function named'],
    [(() => () => 0)(), 'the function (anonymous)'], [true, 'the boolean true'], [10n, 'the bigint 10'], [Symbol('s'), 'the symbol Symbol(s)'],
    ['x'.repeat(41), `the string "${'x'.repeat(40)}…"`], [[], 'an array'], [new Map(), 'a Map'], [{}, 'an Object'], [new Uint8Array(1), 'a Uint8Array'], [Object.create(null), 'an object'],
  ];
  for (const [value, text] of cases) assert.equal(describeValue(value), text);
  assert.equal(isClass(Named), true);
  assert.equal(isClass(class {}), true);
  for (const notClass of [function f() {}, () => 0, { m() {} }.m, async function g() {}, 'class X {}']) assert.equal(isClass(notClass), false);
});

test('the site handed to wrap: function or method, name (a symbol\'s description), static, private; copyIdentity', () => {
  const sites: DecorationSite[] = [];
  const spec = { name: 'spy', wrap: (fn: AnyFunction, _o: object, site: DecorationSite) => (sites.push(site), (...a: unknown[]) => fn(...a)) };
  const g = decorate(spec, function gauge(a: number, b: number) { return a - b; }, undefined, {});
  assert.deepEqual(sites[0], { kind: 'function', name: 'gauge', static: false, private: false });
  assert.deepEqual([g.name, g.length, g(5, 2)], ['gauge', 2, 3], 'name and length copied from the decorated function');
  const key = Symbol('tick');
  const context = { kind: 'method', name: key, static: false, private: true, addInitializer: () => undefined, metadata: undefined };
  decorate(spec, function () { return 1; }, context, {});
  assert.equal(sites[1]!.kind, 'method');
  assert.equal(sites[1]!.name, 'tick');
  assert.equal(sites[1]!.key, key);
  assert.equal(sites[1]!.private, true);
  assert.throws(() => decorate(spec, 5, { ...context, name: 'm' }, {}), /@spy: the method 'm' is the number 5, not a function/);
  assert.throws(() => decorate(spec, () => 0, 42, {}), /spy: unexpected second argument the number 42; it accepts a function/);
  const w = function wrapper() {};
  copyIdentity(w, function src(_a: number, _b: number, _c: number) {}, 'shown');
  assert.deepEqual([w.name, w.length], ['shown', 3]);
});

test('recorded options are a frozen copy; innerOf and describe of plain functions', () => {
  const options = { tag: 'a' };
  const f = (tagged as (o: object) => (fn: AnyFunction) => AnyFunction)(options)((x: number) => x);
  options.tag = 'changed';
  const [layer] = describe(f);
  assert.deepEqual(layer!.options, { tag: 'a' });
  assert.ok(Object.isFrozen(layer!.options));
  const base = (x: number): number => x;
  assert.equal(innerOf(f) !== undefined && innerOf(innerOf(f)!), undefined, 'one layer: its inner is undecorated');
  assert.equal(innerOf(base), undefined);
  assert.deepEqual(describe(base), []);
  assert.throws(() => describe(42 as unknown as AnyFunction), /describe: expected a function or a class, got the number 42/);
});

test('isDecoration: a function, or a (value, context) pair, decorates; options and nothing make a decorator; optionsObject', () => {
  const context = { kind: 'field', name: 'x' };
  assert.equal(isDecoration([() => 0]), true);
  assert.equal(isDecoration([undefined, context]), true, 'a field decorator receives undefined as its value');
  assert.equal(isDecoration([{ label: 'x' }, context]), true);
  assert.equal(isDecoration([{ label: 'x' }]), false);
  assert.equal(isDecoration([]), false);
  assert.deepEqual(optionsObject('t', undefined), {});
  const given = { a: 1 };
  assert.equal(optionsObject('t', given), given);
  assert.throws(() => optionsObject('t', [1]), /t: cannot decorate an array; it accepts a function, a class method, or an options object/);
  assert.throws(() => optionsObject('t', null), /t: cannot decorate null/);
});

test('importing numbat defines Symbol.metadata, which Node 20 lacks', () => {
  assert.equal(typeof (Symbol as { metadata?: symbol }).metadata, 'symbol');
});

test('a decorator whose wrap returns its input adds no layer: describe and unwrap end', () => {
  // Recorded as a layer, the function would be its own inner one, and both walks below looped forever.
  const keep = defineDecorator({ name: 'keep', wrap: (fn) => fn }, () => ({}));
  function f(x: number): number { return x + 1; }
  const kept = keep([f]) as typeof f;
  assert.equal(kept, f);
  assert.equal(isDecorated(kept), false);
  assert.deepEqual(describe(kept), []);
  assert.equal(unwrap(kept).original, f);
  // Under another decorator it stays invisible: the outer layer's inner function is f itself.
  const outer = timed({ sink: 'silent' })(keep([f]) as typeof f);
  assert.deepEqual(describe(outer).map((d) => d.decorator), ['timed']);
  assert.equal(outer(1), 2);
});
