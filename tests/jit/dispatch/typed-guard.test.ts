// The typed-array guard (src/jit/dispatch/typed.ts, read by guards.ts and signature.ts): a specialization for a
// typed-array class runs only on a typed array of exactly that class, made in this realm, with an attached buffer.
// Differential, on the inputs a looser guard would get wrong, each after the inline cache is installed (so the
// fast path's guard decides) and on a fresh function (so the slow path's tokenOf decides): the compiled function
// gives the plain function's outcome (Object.is on numbers, the same argument writes, the same exception), or
// refuses the call with a located JitError; never another value.
//
// Each case is built to give another value if the specialization ran on it: most run on the Wasm backend, which
// copies a typed array's real elements by its real kind and length, so a wrong class or a lying `length` shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { memoJit, JitError } from '../../../src/index.js';
import { GUARDS, GUARD_CONSTANTS } from '../../../src/jit/dispatch/guards.js';
import { tokenOf } from '../../../src/jit/dispatch/signature.js';

type Fn = (...args: never[]) => unknown;
type Outcome = { value: unknown; args: unknown[] } | { threw: string };

function outcome(f: Fn, args: unknown[]): Outcome {
  try {
    const value = (f as (...a: unknown[]) => unknown)(...args);
    return { value, args: args.map((a) => (ArrayBuffer.isView(a) && !(a instanceof DataView) ? Array.from(a as unknown as ArrayLike<unknown>) : a)) };
  } catch (e) {
    return { threw: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** A resizable ArrayBuffer (ES2024; Node 20 has it, the project's TypeScript lib predates it). */
interface Resizable extends ArrayBuffer { resize(bytes: number): void }
const ResizableBuffer = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => Resizable;

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return Object.is(a, b) || (typeof a === 'object' && a !== null && a === b);
}

/** The compiled call agrees with the plain one, or was refused with a JitError (when `refusal` allows it). */
function agree(plain: Fn, jitted: Fn, make: () => unknown[], what: string, refusal: 'allowed' | 'not allowed'): void {
  const p = outcome(plain, make());
  const j = outcome(jitted, make());
  if ('threw' in j && j.threw.startsWith('JitError') && !('threw' in p && p.threw.startsWith('JitError'))) {
    assert.equal(refusal, 'allowed', `${what}: compiled refused the call (${j.threw})`);
    return;
  }
  if ('threw' in p || 'threw' in j) {
    assert.deepEqual(j, p, `${what}: outcomes differ`);
    return;
  }
  assert.ok(sameValue(j.value, p.value), `${what}: result: plain ${String(p.value)}, compiled ${String(j.value)}`);
  for (let i = 0; i < p.args.length; i++) assert.ok(sameValue(j.args[i], p.args[i]), `${what}: argument ${i} after the call`);
}

function tsum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function isum(xs: Int32Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * 2;
  return s;
}

/** Every (backend, warm or fresh) combination of a function; warm ones have the inline cache of `warmArgs` installed. */
function variants(fn: Fn, warmArgs: () => unknown[]): Array<[string, Fn]> {
  const out: Array<[string, Fn]> = [];
  for (const backend of ['js', 'wasm'] as const) {
    const warm = memoJit({ backend })(fn as (...a: unknown[]) => unknown) as Fn;
    for (let k = 0; k < 30; k++) (warm as (...a: unknown[]) => unknown)(...warmArgs());
    out.push([`${backend}, warm`, warm], [`${backend}, fresh`, memoJit({ backend })(fn as (...a: unknown[]) => unknown) as Fn]);
  }
  return out;
}

test('a Float64Array whose own `constructor` says Int32Array is a Float64Array: its real elements, never read as int32', () => {
  const disguised = (): unknown[] => {
    const xs = Float64Array.of(0.5, 1.5, 2.25);
    Object.defineProperty(xs, 'constructor', { value: Int32Array });
    return [xs];
  };
  for (const [name, f] of variants(isum as Fn, () => [Int32Array.of(1, 2, 3)])) agree(isum as Fn, f, disguised, `isum, ${name}`, 'not allowed');
});

test('a Float64Array given Int32Array.prototype never takes the Int32Array specialization', () => {
  const moved = (): unknown[] => {
    const xs = Float64Array.of(0.5, 1.5, 2.25);
    Object.setPrototypeOf(xs, Int32Array.prototype);
    return [xs];
  };
  for (const [name, f] of variants(isum as Fn, () => [Int32Array.of(1, 2, 3)])) agree(isum as Fn, f, moved, `isum, ${name}`, 'allowed');
});

test('a subclass that overrides length never takes its base class\'s specialization', () => {
  class Short extends Float64Array {
    override get length(): number { return 1; }
  }
  for (const [name, f] of variants(tsum as Fn, () => [Float64Array.of(1, 2, 3)])) agree(tsum as Fn, f, () => [new Short([1, 2, 3])], `tsum, ${name}`, 'allowed');
});

test('a Float64Array from a vm context, whose realm\'s prototype says another length, is not this realm\'s Float64Array', () => {
  const make = (): unknown[] => [vm.runInNewContext(`
    Object.defineProperty(Float64Array.prototype, 'length', { get() { return 2; } });
    Float64Array.of(1, 2, 4)`)];
  for (const [name, f] of variants(tsum as Fn, () => [Float64Array.of(1, 2, 3)])) agree(tsum as Fn, f, make, `tsum, ${name}`, 'allowed');
});

test('a Proxy of a Float64Array is not a Float64Array', () => {
  const make = (): unknown[] => [new Proxy(Float64Array.of(1, 2, 4), { getPrototypeOf: () => Float64Array.prototype })];
  for (const [name, f] of variants(tsum as Fn, () => [Float64Array.of(1, 2, 3)])) agree(tsum as Fn, f, make, `tsum, ${name}`, 'allowed');
});

test('a typed array over a detached buffer: the plain outcome or a JitError', () => {
  const make = (): unknown[] => {
    const buffer = new ArrayBuffer(24);
    const xs = new Float64Array(buffer);
    xs.set([1, 2, 3]);
    structuredClone(buffer, { transfer: [buffer] });
    return [xs];
  };
  function fill(xs: Float64Array): number {
    xs.fill(2);
    return tsum(xs);
  }
  for (const [name, f] of variants(tsum as Fn, () => [Float64Array.of(1, 2, 3)])) agree(tsum as Fn, f, make, `tsum, ${name}`, 'allowed');
  const jfill = memoJit(fill);
  for (let k = 0; k < 30; k++) jfill(Float64Array.of(1, 2, 3));
  agree(fill as Fn, jfill as Fn, make, 'fill, js, warm', 'allowed');
});

test('a length-tracking Float64Array over a resizable buffer, resized between calls, is read at its current length', () => {
  const buffer = new ResizableBuffer(16, { maxByteLength: 64 });
  const xs = new Float64Array(buffer);
  const plainBuffer = new ResizableBuffer(16, { maxByteLength: 64 });
  const ys = new Float64Array(plainBuffer);
  for (const [name, f] of variants(tsum as Fn, () => [Float64Array.of(1, 2, 3)])) {
    for (const bytes of [16, 40, 8, 64, 0, 24]) {
      buffer.resize(bytes);
      plainBuffer.resize(bytes);
      for (let i = 0; i < xs.length; i++) xs[i] = ys[i] = i + 0.5;
      const p = tsum(ys);
      let j: unknown;
      try {
        j = (f as (a: Float64Array) => number)(xs);
      } catch (e) {
        assert.ok(e instanceof JitError, `${name}, ${bytes} bytes: ${String(e)}`);
        continue;
      }
      assert.ok(Object.is(j, p), `${name}, ${bytes} bytes: plain ${p}, compiled ${String(j)}`);
    }
  }
});

test('typed arrays changed between calls, and aliased arguments (the same array, overlapping views)', () => {
  function smooth(out: Float64Array, xs: Float64Array): number {
    let s = 0;
    for (let i = 1; i < xs.length && i < out.length; i++) {
      out[i] = (xs[i - 1]! + xs[i]!) * 0.5;
      s += out[i]!;
    }
    return s;
  }
  const cases: Array<[string, () => unknown[]]> = [
    ['separate', () => [new Float64Array(5), Float64Array.of(1, 2, 4, 8, 16)]],
    ['the same array twice', () => { const a = Float64Array.of(1, 2, 4, 8, 16); return [a, a]; }],
    ['overlapping views', () => { const b = new Float64Array([1, 2, 4, 8, 16, 32]); return [b.subarray(1), b.subarray(0, 5)]; }],
    ['a Float32Array view is another class', () => [new Float64Array(5), new Float32Array([1, 2, 4, 8, 16])]],
  ];
  for (const [name, f] of variants(smooth as Fn, () => [new Float64Array(4), Float64Array.of(1, 2, 3, 4)])) {
    for (const [what, make] of cases) agree(smooth as Fn, f, make, `smooth, ${name}, ${what}`, 'not allowed');
    // One array, changed between calls through the fast path.
    const p = Float64Array.of(1, 2, 3), j = Float64Array.of(1, 2, 3);
    for (let k = 0; k < 5; k++) {
      p[k % 3] = j[k % 3] = k * 1.25 - 2;
      assert.ok(Object.is((f as typeof smooth)(j, j), smooth(p, p)), `smooth, ${name}, changed call ${k}`);
      assert.deepEqual(Array.from(j), Array.from(p));
    }
  }
});

test('each typed-array guard accepts exactly what tokenOf names with its class, on the hostile inputs', () => {
  const names = Object.keys(GUARD_CONSTANTS);
  const detachedBuffer = new ArrayBuffer(8);
  const detached = new Float64Array(detachedBuffer);
  structuredClone(detachedBuffer, { transfer: [detachedBuffer] });
  const ownCtor = Float64Array.of(1);
  Object.defineProperty(ownCtor, 'constructor', { value: Int32Array });
  const moved = Object.setPrototypeOf(Float64Array.of(1), Int32Array.prototype) as unknown;
  const values: unknown[] = [
    Float64Array.of(1), new Float32Array(2), Int32Array.of(3), new Float64Array(0), detached, ownCtor, moved,
    new (class Sub extends Float64Array {})(2), vm.runInNewContext('new Float64Array(2)'), new Proxy(new Float64Array(2), {}),
    Object.create(Float64Array.prototype), new DataView(new ArrayBuffer(8)), new BigInt64Array(1), [1, 2], { length: 1, 0: 1 },
    new Float64Array(new ResizableBuffer(16, { maxByteLength: 32 })),
  ];
  for (const token of ['Float64Array', 'Float32Array', 'Int32Array']) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const guard = new Function(...names, 'a', `"use strict"; return ${GUARDS.get(token)!.test('a')};`) as (...args: unknown[]) => boolean;
    for (const v of values) {
      const expected = tokenOf(v) === token;
      assert.equal(guard(...names.map((n) => GUARD_CONSTANTS[n]), v), expected, `guard of ${token} on ${Object.prototype.toString.call(v)} (token ${JSON.stringify(tokenOf(v))})`);
    }
  }
  assert.equal(tokenOf(ownCtor), 'Float64Array', 'the real class, whatever `constructor` says');
  for (const v of [detached, moved, vm.runInNewContext('new Float64Array(2)')]) assert.equal(typeof tokenOf(v), 'object', 'refused with a reason');
});
