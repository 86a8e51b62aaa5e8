// src/jit/infer/buffers.ts: ArrayBuffers and typed-array views made in compiled code. constructionForm,
// bufferConstruction and bufferProperty on parsed `new` expressions with a fake host (which form each is, the
// value it gives, the located refusals and their messages, names shadowed by locals), then through memoJit
// against hand-derived values. The located errors say exactly what is wrong: too many arguments, with the count
// and its plural (written for the jit-infer sample survivor of issue 19 at buffers.ts:84, which it failed
// against); new of an inherited name is that error too. (This file was tests/jit/infer/buffer-errors.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileError } from '../../_support/jit-error.js';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { bufferConstruction, bufferProperty, constructionForm, type BufferHost } from '../../../src/jit/infer/buffers.js';
import { BOOLV, FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { memoJit } from '../../../src/index.js';

const expr = (source: string): Node => parseFunction(source).body as Node;
const BUFFER: AV = { k: 'buffer' };

/** A host for `(raw, xs, b, n) => …`: raw a buffer, xs an Int32Array, b a boolean, anything else a number. */
function host(globals: (name: string) => boolean = () => true): BufferHost {
  return {
    expr: (n) => (n.type !== 'Identifier' ? FLOAT : n.name === 'raw' ? BUFFER : n.name === 'xs' ? { k: 'array', element: 'i32' } : n.name === 'b' ? BOOLV : FLOAT),
    fail: (message) => {
      throw new Error(message);
    },
    isGlobal: globals,
  };
}

/** The message bufferConstruction fails with on `source`. */
function refusal(source: string): string {
  try {
    bufferConstruction(expr(source), [], host());
  } catch (e) {
    return (e as Error).message;
  }
  return assert.fail(`accepted ${source}`);
}

test('a view with too many arguments is a located error naming at most how many it takes', () => {
  function tooMany(n: number): number {
    const buf = new ArrayBuffer(64);
    const v = new (Float64Array as unknown as new (...a: unknown[]) => Float64Array)(buf, 0, 2, n);
    return v.length;
  }
  const e = compileError(tooMany, [1]);
  assert.match(e.message, /new Float64Array\(buffer, byteOffset, length\) takes at most 3 arguments/);
});

// Found while testing ops/buffers.ts: `callee.name in ELEMENT_BY_NAME` saw Object.prototype's members, so
// `new toString(x)` (a global through globalThis's prototype) was taken for a typed array and crashed the
// compiler with an internal TypeError instead of the located error of any other non-typed-array `new`.
test('new of a name every object inherits (toString, valueOf, constructor) is the located error, not a crash', () => {
  for (const name of ['toString', 'valueOf', 'constructor', 'hasOwnProperty']) {
    for (const arg of ['x', 'xs', 'xs.buffer']) {
      const f = new Function('x', 'xs', `return new ${name}(${arg});`) as (x: number, xs: Float64Array) => unknown;
      const e = compileError(f, [1, new Float64Array(2)]);
      assert.match(e.message, /only typed arrays can be created with new/, `new ${name}(${arg})`);
    }
  }
});

test('constructionForm: buffer, view, copy, or nothing (a length, a non-typed-array class, a local of that name)', () => {
  const yes = () => true;
  assert.equal(constructionForm(expr('(n) => new ArrayBuffer(n)'), FLOAT, yes), 'buffer');
  const t = expr('(raw) => new Uint8Array(raw)');
  assert.equal(constructionForm(t, BUFFER, yes), 'view');
  assert.equal(constructionForm(t, { k: 'array', element: 'num' }, yes), 'copy');
  assert.equal(constructionForm(t, FLOAT, yes), undefined, 'new T(n) is the zero-filled array');
  assert.equal(constructionForm(t, undefined, yes), undefined);
  assert.equal(constructionForm(t, BUFFER, (name) => name !== 'Uint8Array'), undefined, 'a local Uint8Array');
  assert.equal(constructionForm(expr('(raw) => new Map(raw)'), BUFFER, yes), undefined);
  assert.equal(constructionForm(expr('(raw) => new toString(raw)'), BUFFER, yes), undefined, 'inherited names are no typed arrays');
  assert.equal(constructionForm(expr('(raw) => Float64Array(raw)'), BUFFER, yes), undefined, 'a call, not new');
  assert.equal(constructionForm(expr('(raw) => new g.Float64Array(raw)'), BUFFER, yes), undefined);
});

test('bufferConstruction: the value of each form', () => {
  assert.deepEqual(bufferConstruction(expr('(n) => new ArrayBuffer(8 * n)'), [], host()), BUFFER);
  assert.deepEqual(bufferConstruction(expr('(raw) => new Float32Array(raw)'), [], host()), { k: 'array', element: 'f32' });
  assert.deepEqual(bufferConstruction(expr('(raw, n) => new Int16Array(raw, 2, n)'), [], host()), { k: 'array', element: 'i16' });
  assert.deepEqual(bufferConstruction(expr('(xs) => new Float64Array(xs)'), [], host()), { k: 'array', element: 'f64' }, 'a copy has the new type');
  assert.deepEqual(bufferConstruction(expr('(n) => new Uint8ClampedArray(n)'), [], host()), { k: 'array', element: 'u8c' }, 'zero-filled');
  assert.equal(bufferConstruction(expr('() => new Float64Array()'), [], host()), undefined, 'left to analyze.ts\'s message');
  assert.equal(bufferConstruction(expr('(n) => new Point(n)'), [], host()), undefined);
  assert.equal(bufferConstruction(expr('(n) => new ArrayBuffer(n)'), [], host(() => false)), undefined, 'a local ArrayBuffer');
});

test('bufferConstruction: arguments are checked, each refusal saying what is wrong', () => {
  assert.equal(refusal('(n) => new ArrayBuffer(n, { maxByteLength: 64 })'), 'new ArrayBuffer takes one argument (the length in bytes) in compiled code; resizable buffers are not supported');
  assert.equal(refusal('() => new ArrayBuffer()'), 'new ArrayBuffer takes one argument (the length in bytes) in compiled code; resizable buffers are not supported');
  assert.equal(refusal('(raw) => new ArrayBuffer(raw)'), 'new ArrayBuffer(n) needs a number n, not ArrayBuffer');
  assert.equal(refusal('(ns) => new ArrayBuffer(...ns)'), 'spread arguments are not supported');
  assert.equal(refusal('(b) => new Float64Array(b)'), 'new Float64Array(…) takes a length, an ArrayBuffer or an array in compiled code, not a boolean');
  assert.equal(refusal('(n) => new Float64Array(n, 1)'), 'new Float64Array(…) takes a length, an ArrayBuffer or an array in compiled code, not a number', 'a length with more arguments');
  assert.equal(refusal('(xs) => new Float64Array(xs, 1)'), 'new Float64Array(array) takes at most 1 argument', 'singular');
  assert.equal(refusal('(raw, n) => new Int8Array(raw, 0, n, n)'), 'new Int8Array(buffer, byteOffset, length) takes at most 3 arguments');
  assert.equal(refusal('(raw, b) => new Int8Array(raw, b)'), 'the byte offset and length of a view are numbers, not a boolean');
  assert.equal(refusal('(raw, n, b) => new Int8Array(raw, n, b)'), 'the byte offset and length of a view are numbers, not a boolean');
});

test('bufferProperty: byteLength on both, byteOffset and buffer on typed arrays, nothing on plain arrays', () => {
  const at = expr('(raw) => raw.p');
  const thrower = { fail: (m: string): never => { throw new Error(m); } };
  const byteCount = bufferProperty(BUFFER, 'byteLength', at, thrower);
  assert.ok(byteCount?.k === 'num' && byteCount.int && byteCount.lo === 0, 'a non-negative integer');
  assert.deepEqual(bufferProperty({ k: 'array', element: 'f64' }, 'byteLength', at, thrower), byteCount);
  assert.deepEqual(bufferProperty({ k: 'array', element: 'u8' }, 'byteOffset', at, thrower), byteCount);
  assert.deepEqual(bufferProperty({ k: 'array', element: 'i32' }, 'buffer', at, thrower), BUFFER);
  assert.equal(bufferProperty({ k: 'array', element: 'f64' }, 'length', at, thrower), undefined, 'left to the array rules');
  assert.equal(bufferProperty({ k: 'array', element: 'num' }, 'byteLength', at, thrower), undefined, 'a number[] has no bytes');
  assert.equal(bufferProperty(numAV(0, 1, true), 'byteLength', at, thrower), undefined);
  assert.throws(() => bufferProperty(BUFFER, 'length', at, thrower), { message: "an ArrayBuffer has no property 'length' in compiled code (byteLength); view it with a typed array" });
  assert.throws(() => bufferProperty(BUFFER, 'byteOffset', at, thrower), { message: "an ArrayBuffer has no property 'byteOffset'" });
  assert.throws(() => bufferProperty(BUFFER, 'buffer', at, thrower), { message: "an ArrayBuffer has no property 'buffer'" });
});

test('compiled: views share the buffer\'s bytes, a copy does not share its source\'s; byte counts as in JS', () => {
  function views(n: number): number[] {
    const b = new ArrayBuffer(8 * n);
    const v = new Float64Array(b, 8, n - 1);
    const w = new Float64Array(b);
    v[0] = 3;
    return [w[1]!, b.byteLength, v.byteOffset, v.byteLength, v.buffer.byteLength];
  }
  // By hand for n = 4: a 32-byte buffer; v starts at byte 8 (w[1]) and holds 3 doubles (24 bytes).
  assert.deepEqual(memoJit(views)(4), [3, 32, 8, 24, 32]);
  function copy(xs: Int32Array): number[] {
    const c = new Float64Array(xs);
    c[0] = 0.5;
    return [c[0]!, xs[0]!, c.length];
  }
  assert.deepEqual(memoJit(copy)(Int32Array.from([7, 8])), [0.5, 7, 2]);
  const e = compileError(((n: number) => new ArrayBuffer((n > 0) as unknown as number) as unknown) as (n: number) => unknown, [1]);
  assert.match(e.message, /new ArrayBuffer\(n\) needs a number n, not a boolean/);
});
