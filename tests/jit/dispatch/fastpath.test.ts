// The dispatch fast path (src/jit/dispatch/fastpath.ts, guards.ts): a call that fits the last specialization
// runs it after inline guards; anything else takes the full lookup. Differential: every call of a memoJit
// function gives what the plain function gives (Object.is on numbers, element by element on arrays, the same
// writes to its arguments), across signature switches in any order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D, JitError } from '../../../src/index.js';
import { GUARDS, GUARD_CONSTANTS, signatureGuard } from '../../../src/jit/dispatch/guards.js';
import { inlineCache, makeEntry } from '../../../src/jit/dispatch/fastpath.js';
import { tokenOf } from '../../../src/jit/dispatch/signature.js';
import { rng } from '../../_support/rng.js';

/** Values of every kind the dispatcher distinguishes, with the edge cases of each. */
function samples(): unknown[] {
  return [
    0, -0, 1, -1, 7, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 0.5, -2.5, 1e300, NaN, Infinity, -Infinity, Number.MIN_VALUE,
    true, false,
    new Float64Array(3), new Float32Array(2), new Int32Array(2), new Uint8Array(1), new Uint8ClampedArray(1), new Int8Array(0),
    [1, 2, 3], [0.5], [true, false], [], [[1, 2], [3, 4]], [new Float64Array(2)], new Array2D(2, 2),
    null, undefined, 'x', {}, [new DataView(new ArrayBuffer(8))], ['a'], new (class Sub extends Float64Array {})(2),
  ];
}

function guardHolds(token: string, value: unknown): boolean {
  const names = Object.keys(GUARD_CONSTANTS);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const check = new Function(...names, 'a', `"use strict"; return ${GUARDS.get(token)!.test('a')};`) as (...args: unknown[]) => boolean;
  return check(...names.map((n) => GUARD_CONSTANTS[n]), value);
}

test('each guard accepts exactly the values of its token (or of a token its row widens)', () => {
  for (const [token, row] of GUARDS) {
    for (const value of samples()) {
      const t = tokenOf(value);
      const expected = t === token || (typeof t === 'string' && (row.widens ?? []).includes(t));
      assert.equal(guardHolds(token, value), expected, `guard of ${token} on ${String(value)} (token ${JSON.stringify(t)})`);
    }
  }
});

test('a signature with a token that has no guard row has no inline cache (every call takes the full lookup)', () => {
  assert.equal(signatureGuard(['f64', 'mystery']), undefined);
  const { miss } = makeEntry(1, () => 0);
  assert.equal(inlineCache(['mystery'], () => 1, miss), undefined);
});

test('the entry sends another argument count to the full lookup, and passes `this` through', () => {
  const seen: unknown[][] = [];
  const { entry, install, miss } = makeEntry(2, (self, args) => { seen.push([self, ...args]); return 'slow'; });
  install(inlineCache(['i32', 'f64'], function (this: unknown, a: number, b: number) { return [this, a + b]; }, miss)!);
  assert.deepEqual(entry.call('me', 1, 2.5), ['me', 3.5]);
  assert.equal(entry.call('me', 1.5, 2.5), 'slow'); // 1.5 fails the i32 guard
  assert.equal(entry(1), 'slow');
  assert.equal(entry(1, 2, 3), 'slow');
  assert.deepEqual(seen, [['me', 1.5, 2.5], [undefined, 1], [undefined, 1, 2, 3]]);
});

function same(actual: unknown, expected: unknown, what: string): void {
  if (typeof expected === 'number') {
    assert.ok(Object.is(actual, expected), `${what}: ${String(actual)} vs ${String(expected)}`);
  } else if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const a = actual as ArrayLike<unknown>;
    const e = expected as ArrayLike<unknown>;
    assert.equal(a.length, e.length, `${what}: length`);
    for (let i = 0; i < e.length; i++) same(a[i], e[i], `${what}[${i}]`);
  } else {
    assert.deepEqual(actual, expected, what);
  }
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  return v;
}

/** Calls plain and compiled with fresh copies of the same arguments; results and argument writes must agree. */
function agree(plain: (...a: never[]) => unknown, jit: (...a: never[]) => unknown, args: readonly unknown[], what: string): void {
  const pa = args.map(clone);
  const ja = args.map(clone);
  const expected = (plain as (...a: unknown[]) => unknown)(...pa);
  const actual = (jit as (...a: unknown[]) => unknown)(...ja);
  same(actual, expected, `${what} result`);
  for (let k = 0; k < args.length; k++) same(ja[k], pa[k], `${what} argument ${k}`);
}

test('i32 and f64 specializations switch both ways with identical results, -0 and NaN included', () => {
  function f(x: number, y: number): number { let s = 1 / x; for (let i = 0; i < y; i++) s += x * 0.5; return s + x; }
  const jf = memoJit(f);
  const xs = [3, 0, -0, 2.5, 0, -0, NaN, 2 ** 31, -(2 ** 31), Infinity, -0, 7, 7.25, -Infinity, 1];
  for (let r = 0; r < 3; r++) for (const x of xs) for (const y of [2, 0.5, -0, 3]) agree(f, jf, [x, y], `f(${x}, ${y})`);
  assert.ok(jf.signatures.some((s) => s.startsWith('(i32, i32)')), jf.signatures.join('; '));
  assert.ok(jf.signatures.some((s) => s.startsWith('(f64, ')), jf.signatures.join('; '));
});

test('the argument type changes mid-loop: typed array kinds, plain arrays, nested arrays and Array2D', () => {
  function total(xs: ArrayLike<number>, k: number): number { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]! * k; return s; }
  function rows(m: number[][]): number { let s = 0; for (let i = 0; i < m.length; i++) s += m[i]![0]!; return s; }
  const jt = memoJit(total);
  const jr = memoJit(rows);
  const arrays: unknown[] = [Float64Array.of(1.5, -0, 3), Float32Array.of(0.1, 2), Int32Array.of(-5, 7), Uint8Array.of(255, 1), [1, 2.5, -0], [NaN, 4], Uint8ClampedArray.of(3)];
  for (let i = 0; i < 200; i++) {
    const xs = arrays[(i * 7) % arrays.length];
    agree(total, jt, [xs, i % 3 === 0 ? 0.5 : i % 5], `total #${i}`);
    agree(rows, jr, [i % 2 ? [[1, 2], [3.5, 4]] : [Float64Array.of(-0, 1), Float64Array.of(2, 3)]], `rows #${i}`);
  }
});

test('writes through typed-array and plain-array arguments are seen by the caller on the fast path', () => {
  function scale(out: Float64Array, xs: number[], k: number): Float64Array { for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * k; return out; }
  const js = memoJit(scale);
  for (let i = 0; i < 50; i++) agree(scale, js, [new Float64Array(3), [i, -0, 0.5], i % 4 === 0 ? -0 : i], `scale #${i}`);
});

test('methods keep `this` on the fast path, static and instance', () => {
  class Grid {
    static scaleOf = 3;
    @memoJit static area(w: number, h: number): number { return w * h; }
    @memoJit norm(x: number, y: number): number { return Math.sqrt(x * x + y * y); }
  }
  const g = new Grid();
  for (let i = 0; i < 100; i++) {
    assert.equal(Grid.area(i, 2.5), i * 2.5);
    assert.ok(Object.is(g.norm(i, -0), Math.sqrt(i * i)));
  }
});

test('random sequences of argument kinds: every call agrees with the plain function', () => {
  function mix(a: number, b: boolean, xs: Float64Array | Int32Array | number[]): number {
    let s = b ? a : -a;
    for (let i = 0; i < xs.length; i++) s = s * 0.5 + xs[i]!;
    return s;
  }
  const jm = memoJit(mix);
  const numbers = [0, -0, 1, -7, 0.25, 2 ** 31, NaN, -Infinity, 2 ** 31 - 1];
  const arrays = () => [Float64Array.of(1, 2), Int32Array.of(-3), [0.5, -0], new Float64Array(0)];
  const r = rng(20261202);
  for (let i = 0; i < 400; i++) {
    // runs of the same signature (fast path) broken by switches (full lookup)
    const run = 1 + Math.floor(r() * 6);
    const a = numbers[Math.floor(r() * numbers.length)]!;
    const b = r() < 0.5;
    const xs = arrays()[Math.floor(r() * 4)]!;
    for (let k = 0; k < run; k++) agree(mix, jm, [a, b, xs], `mix #${i}.${k}(${a}, ${b}, ${xs.constructor.name})`);
  }
});

test('unsupported arguments after a fast-path call are still a located JitError, and other argument counts still work', () => {
  function add(a: number, b: number): number { return a + b; }
  const ja = memoJit(add) as (...args: unknown[]) => number;
  assert.equal(ja(1, 2), 3);
  assert.throws(() => ja(1, null), (e: unknown) => e instanceof JitError && e.construct === 'argument 2');
  // fewer or more arguments than parameters: the plain function's result, or a JitError (never another number)
  for (const args of [[1], [1, 2, 3]]) {
    try {
      assert.ok(Object.is(ja(...args), (add as (...a: unknown[]) => number)(...args)));
    } catch (e) {
      assert.ok(e instanceof JitError, String(e));
    }
  }
  assert.equal(ja(1, 2), 3);
});

// V8's own view of an object's properties, read through a natives call compiled after the flag is set.
import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('f', 'return %HasFastProperties(f)') as (f: unknown) => boolean;

test('the entry is named and sized as the original by itself, and many memoJit functions keep fast maps', () => {
  // A function whose name or length was redefined, or that received a getter of its own, gets a dictionary map:
  // `f.apply(…)` on it cost 17 ns more a call. Every memoJit function must keep V8's fast map.
  const made = Array.from({ length: 4 }, (_, k) => memoJit(new Function(`return function scale${k}(x, y) { return x * ${k + 1} + y; }`)() as (x: number, y: number) => number));
  made.forEach((f, k) => {
    assert.equal(f.name, `scale${k}`);
    assert.equal(f.length, 2);
    assert.equal(f.apply(undefined, [2, 0.5]), 2 * (k + 1) + 0.5);
    assert.deepEqual(f.signatures, ['(i32, f64) -> f64']);
    assert.equal(hasFastProperties(f), true, `memoJit function ${k} has a dictionary map`);
  });
  // A name that cannot be an identifier keeps the generic entry, renamed.
  const odd = memoJit({ 'two words': (x: number) => x + 1 }['two words']);
  assert.equal(odd.name, 'two words');
  assert.equal(odd(1), 2);
  const reserved = memoJit(new Function('return { delete(x) { return x * 2; } }.delete')() as (x: number) => number);
  assert.equal(reserved.name, 'delete');
  assert.equal(reserved(4), 8);
  // The shared getter answers for memoJit functions only.
  assert.throws(() => Reflect.get(made[0]!, 'signatures', () => 0), /not a memoJit function/);
  // makeEntry by itself: the given name, the given parameter count, other counts to the slow path.
  const { entry } = makeEntry(3, (_self, args) => args.length, 'three');
  assert.equal(entry.name, 'three');
  assert.equal(entry.length, 3);
  assert.equal(entry(1), 1);
});
