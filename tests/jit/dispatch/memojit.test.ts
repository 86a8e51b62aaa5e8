import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, timed, describe as describeDecorators, JitError, Array2D } from '../../../src/index.js';
import { std } from '../lecture.js';

test('one specialization per argument signature, cached, listed and inspectable', () => {
  function total(xs: Float64Array | Int32Array) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; return s; }
  const jt = memoJit(total);
  assert.deepEqual(jt.signatures, []);
  assert.equal(jt(Float64Array.from([1.5, 2])), 3.5);
  assert.equal(jt(Float64Array.from([1, 2, 3])), 6);
  assert.deepEqual(jt.signatures, ['(Float64Array) -> f64']);
  assert.equal(jt(Int32Array.from([1, 2])), 3);
  assert.deepEqual(jt.signatures, ['(Float64Array) -> f64', '(Int32Array) -> f64']);
  const sources = jt.inspect();
  assert.deepEqual(Object.keys(sources), jt.signatures);
  assert.match(sources['(Int32Array) -> f64']!, /function total\(xs\)/);
  assert.equal(jt.original, total);
  assert.equal(jt.name, 'total');
  assert.equal(jt.length, 1);
});

test('integers and doubles specialize separately (i32 loop bounds stay integers)', () => {
  function count(n: number) { let c = 0; for (let i = 0; i < n; i++) c += 0.5; return c; }
  const jc = memoJit(count);
  assert.equal(jc(10), 5);
  assert.equal(jc(2.5), 1.5);
  assert.deepEqual(jc.signatures, ['(i32) -> f64', '(f64) -> f64']);
});

test('eager compilation from declared signatures (constructors or names)', () => {
  const a = memoJit({ signatures: [[Float64Array]] })(std);
  assert.deepEqual(a.signatures, ['(Float64Array) -> f64']);
  function axpy(a: number, x: Float64Array, y: Float64Array) { for (let i = 0; i < x.length; i++) y[i] = a * x[i]! + y[i]!; return y; }
  const b = memoJit({ signatures: [['f64', 'f64[]', 'f64[]']] })(axpy);
  assert.deepEqual(b.signatures, ['(f64, Float64Array, Float64Array) -> Float64Array']);
  // an integer argument uses the eager f64 specialization instead of compiling another
  assert.deepEqual(Array.from(b(2, Float64Array.from([1, 2]), Float64Array.from([1, 1]))), [3, 5]);
  assert.equal(b.signatures.length, 1);
  assert.throws(() => memoJit({ signatures: [['complex128']] })(std), /unknown argument type 'complex128'/);
});

test("fallback: 'warn' runs the original with one warning; the default throws a JitError", (t) => {
  function greet(x: number) { return String(x).length; }
  assert.throws(() => memoJit(greet)(5), JitError);
  const warnings: unknown[] = [];
  t.mock.method(console, 'warn', (...args: unknown[]) => warnings.push(args.join(' ')));
  const jg = memoJit({ fallback: 'warn' })(greet);
  assert.equal(jg(12345), 5);
  assert.equal(jg(123), 3);
  assert.equal(warnings.length, 1);
  assert.match(String(warnings[0]), /running greet uncompiled/);
  assert.match(jg.signatures[0]!, /plain function/);
});

test('unsupported argument types are a located JitError naming the argument', () => {
  const js = memoJit(std);
  assert.throws(() => js(null as unknown as Float64Array), (e: unknown) => e instanceof JitError && e.construct === 'argument 1' && /null/.test(e.message));
  assert.throws(() => js(['a', 'b'] as unknown as Float64Array), (e: unknown) => e instanceof JitError && /Float64Array/.test(e.message));
  // a plain number[] is now an argument type of its own (issue 12), compiled as written
  assert.ok(Object.is(js([1, 2, 3] as unknown as Float64Array), std([1, 2, 3] as unknown as Float64Array)));
});

test('memoJit(timed(f)) compiles f and keeps timing; timed(memoJit(f)) just works', () => {
  const inner = timed({ sink: 'silent' })(std);
  const compiled = memoJit(inner);
  const xs = Float64Array.from([1, 2, 3, 4]);
  assert.equal(compiled(xs), std(xs));
  assert.equal(compiled.original, std);
  assert.deepEqual(compiled.signatures, ['(Float64Array) -> f64']);
  assert.equal((compiled as unknown as { stats: { count: number } }).stats.count, 1, 'still timed');
  assert.deepEqual(describeDecorators(compiled).map((d) => d.decorator), ['memoJit', 'timed']);

  const outer = timed({ sink: 'silent' })(memoJit(std));
  assert.equal(outer(xs), std(xs));
  assert.equal(outer.stats.count, 1);
  assert.deepEqual(describeDecorators(outer).map((d) => d.decorator), ['timed', 'memoJit']);
  // memoJit's extras are reachable through the timed wrapper, as Timed<Jitted<F>> says.
  assert.deepEqual(outer.signatures, ['(Float64Array) -> f64']);
  assert.equal(outer.original, std);
  assert.match(outer.inspect()['(Float64Array) -> f64'] ?? '', /function std/);
});

test('@memoJit on static and instance methods', () => {
  class Stats {
    @memoJit static mean(xs: Float64Array): number {
      let s = 0;
      for (const x of xs) s += x;
      return s / xs.length;
    }
    @memoJit norm(x: number, y: number): number {
      return Math.hypot(x, y);
    }
  }
  assert.equal(Stats.mean(Float64Array.from([1, 2, 3])), 2);
  assert.equal(new Stats().norm(3, 4), 5);
  assert.deepEqual((Stats.mean as unknown as { signatures: string[] }).signatures, ['(Float64Array) -> f64']);
});

test('methods that use `this` compile for the receiver\'s shape; `this` in an inner function is a located error', () => {
  class Scaler {
    k = 2;
    @memoJit({ fallback: 'error' }) scale(x: number): number {
      return x * this.k;
    }
    @memoJit({ fallback: 'error' }) inner(x: number): number {
      const f = (y: number): number => y * this.k;
      return f(x);
    }
  }
  assert.equal(new Scaler().scale(3), 6);
  assert.deepEqual((Scaler.prototype.scale as unknown as { signatures: string[] }).signatures, ['(this: {k:f64}@Scaler, i32) -> f64']);
  assert.throws(() => new Scaler().inner(3), (e: unknown) => e instanceof JitError && e.construct === 'this');
});

test('options are validated', () => {
  assert.throws(() => memoJit({ fallback: 'maybe' as 'warn' }), /fallback option/);
  assert.throws(() => memoJit(42 as unknown as () => void), TypeError);
});

test('Array2D basics', () => {
  const a = Array2D.from([[1, 2, 3], [4, 5, 6]]);
  assert.equal(a.rows, 2);
  assert.equal(a.cols, 3);
  assert.equal(a.get(1, 2), 6);
  a.set(0, 0, 9);
  assert.equal(a.data[0], 9);
  assert.deepEqual(Array.from(a.row(1)), [4, 5, 6]);
  assert.deepEqual([...a].map((r) => r.length), [3, 3]);
  assert.throws(() => Array2D.from([[1], [2, 3]]), RangeError);
  assert.throws(() => new Array2D(2, 2, [1, 2, 3]), RangeError);
});

test('memoJit callees from other files are found through the binding the caller sees, or listed with scope', async () => {
  const { twice } = await import('../fixtures/other-file.js');
  function usesTwice(x: number) { return twice(x) + 1; }
  // `twice` is a const of this closure: found without a scope option (infer/outer.ts)
  assert.equal(memoJit(usesTwice)(3), 7);
  const jt = memoJit({ scope: { twice } })(usesTwice);
  assert.equal(jt(3), 7);
  assert.match(Object.values(jt.inspect())[0]!, /function \$fn_twice/);
});

test('compileSpecialization and lowerToIR called directly find memoJit callees decorated in the calling file only', async () => {
  const { compileSpecialization, lowerToIR } = await import('../../../src/jit/pipeline.js');
  const { twice } = await import('../fixtures/other-file.js');
  function halve(x: number) { return x / 2; }
  memoJit(halve);
  function usesHalve(x: number) { return halve(x) + 1; }
  function usesTwice(x: number) { return twice(x) + 1; }
  const I32 = { kind: 'i32' } as const;
  // the site (this file) comes from the caller's stack, which is read only when a callee must be found
  assert.equal(compileSpecialization(usesHalve, [I32]).fn(3), 2.5);
  assert.deepEqual(lowerToIR(usesHalve, [I32]).functions.map((f) => f.name), ['halve', 'usesHalve']);
  // both callees are consts of this closure, so the binding each caller sees decides, whatever the site
  assert.equal(compileSpecialization(usesTwice, [I32]).fn(3), 7);
  assert.equal(compileSpecialization(usesHalve, [I32], undefined, {}, '/elsewhere.ts').fn(3), 2.5);
});

test('memoJit applied twice, directly or under another decorator, is a clear TypeError at decoration', () => {
  function inc(x: number): number { return x + 1; }
  const once = memoJit(inc);
  assert.throws(() => memoJit(once), { name: 'TypeError', message: /inc is already compiled by memoJit/ });
  assert.throws(() => memoJit(timed({ sink: 'silent' })(once)), { name: 'TypeError', message: /already compiled by memoJit/ });
  assert.equal(memoJit(timed({ sink: 'silent' })(inc))(1), 2, 'memoJit over another decorator still compiles');
});

test('a trailing undefined argument is a left-out one, as in plain JS: f(xs, undefined) takes the default value (it was refused: argument 2 is undefined)', () => {
  function scaled(xs: Float64Array, k = 2) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]! * k; return s; }
  function maybe(a: number, b?: number) { return b === undefined ? -a : a + b; }
  const js = memoJit(scaled), jm = memoJit(maybe);
  const xs = Float64Array.of(1, 2);
  // first call with the explicit undefined, then the other forms in turn (each way in and out of the inline caches)
  for (const [args, want] of [[[xs, undefined], 6], [[xs], 6], [[xs, 3], 9], [[xs, undefined], 6], [[xs, undefined, undefined], 6]] as const) {
    assert.equal((js as unknown as (...a: unknown[]) => number)(...args), want, `scaled(${args.length} arguments)`);
  }
  for (const [args, want] of [[[5, undefined], -5], [[5, 1], 6], [[5], -5], [[5, undefined], -5]] as const) {
    assert.equal((jm as unknown as (...a: unknown[]) => number)(...args), want, `maybe(${args.join(', ')})`);
  }
  assert.deepEqual(js.signatures, ['(Float64Array) -> f64', '(Float64Array, i32) -> f64']);
  // a null is a value, not a left-out argument: still refused, naming it
  assert.throws(() => js(xs, null as unknown as number), /argument 2 is null/);
});

test('an empty [] where the function reads objects runs the plain function for that call; a non-empty array of objects compiles', () => {
  type P = { x: number; m: number };
  function centre(ps: P[]): number {
    let mass = 0;
    let moment = 0;
    for (let i = 0; i < ps.length; i++) {
      mass += ps[i]!.m;
      moment += ps[i]!.m * ps[i]!.x;
    }
    return moment / mass;
  }
  const total = (ps: P[]): number => ps.reduce((a, p) => a + p.m, 0);
  const jc = memoJit(centre);
  assert.ok(Object.is(jc([]), NaN)); // 0 / 0, as the plain function gives
  assert.equal(jc([{ x: 2, m: 1 }, { x: -1, m: 3 }]), (2 - 3) / 4);
  assert.ok(Object.is(jc([]), NaN));
  assert.deepEqual(jc.signatures.map((s) => s.includes('plain function')), [true, false]);
  const jt = memoJit(total);
  assert.ok(Object.is(jt([]), 0));
  assert.equal(jt([{ x: 0, m: 2.5 }]), 2.5);
});
