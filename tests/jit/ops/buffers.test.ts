// The buffer table (src/jit/ops/buffers.ts): each property row's `on` against where the spec puts the accessor
// (ArrayBuffer.prototype has byteLength; %TypedArray%.prototype has byteLength, byteOffset and buffer), each value
// a non-negative exact integer or a buffer, the view forms' arities against the constructors. Then, through
// memoJit on both CPU backends, each promised semantic with values worked out by hand: views of one buffer alias,
// byteOffset and byteLength of a view, a misaligned offset and a view past the end throw V8's RangeError (class
// and message as plain JS), a fractional length is ToIndex'd, a copy converts as a store does and is not the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { BUFFER_PROPERTIES, VIEW_FORMS } from '../../../src/jit/ops/buffers.js';

const TYPED_PROTO = Object.getPrototypeOf(Int8Array.prototype) as object; // %TypedArray%.prototype
const accessor = (o: object, name: string): boolean => typeof Object.getOwnPropertyDescriptor(o, name)?.get === 'function';

test('each property row is on what the spec puts its accessor on', () => {
  assert.deepEqual(Object.keys(BUFFER_PROPERTIES), ['byteLength', 'byteOffset', 'buffer']);
  // By hand from ECMAScript §25.1.6 (ArrayBuffer.prototype) and §23.2.3 (%TypedArray%.prototype).
  assert.deepEqual(Object.fromEntries(Object.entries(BUFFER_PROPERTIES).map(([k, r]) => [k, r.on])), { byteLength: 'both', byteOffset: 'typed', buffer: 'typed' });
  for (const [name, row] of Object.entries(BUFFER_PROPERTIES)) {
    assert.equal(accessor(ArrayBuffer.prototype, name), row.on !== 'typed', `ArrayBuffer.prototype.${name}`);
    assert.equal(accessor(TYPED_PROTO, name), row.on !== 'buffer', `%TypedArray%.prototype.${name}`);
  }
  assert.equal(Object.hasOwn(BUFFER_PROPERTIES, 'length'), false, 'length is an array read, not a buffer row');
});

test('values: byte counts are non-negative exact integers, .buffer a buffer', () => {
  for (const name of ['byteLength', 'byteOffset']) {
    const v = BUFFER_PROPERTIES[name]!.value;
    assert.ok(v.k === 'num', name);
    assert.equal(v.int, true, `${name} is an integer`);
    assert.equal(v.lo, 0, `${name} is never negative`);
    assert.ok(v.hi >= 2 ** 32 && v.hi <= 2 ** 53, `${name} may pass int32 but stays exact: ${v.hi}`);
  }
  assert.deepEqual(BUFFER_PROPERTIES.buffer!.value, { k: 'buffer' });
});

test('view forms: (buffer, byteOffset?, length?) takes 1 to 3 arguments, a copy exactly 1', () => {
  assert.deepEqual(VIEW_FORMS.buffer.arity, [1, 3]);
  assert.deepEqual(VIEW_FORMS.array.arity, [1, 1]);
  // The typed array constructors declare three parameters (ECMAScript §23.2.5: `length` is 3).
  for (const T of [Float64Array, Float32Array, Int32Array, Uint8Array, Uint8ClampedArray]) assert.equal(T.length, VIEW_FORMS.buffer.arity[1], T.name);
});

/** Calls `f` and returns `[class name, message]` of what it throws, or the value. */
function outcome(f: () => unknown): unknown {
  try { return f(); } catch (e) { return [(e as Error).constructor.name, (e as Error).message]; }
}

for (const backend of ['js', 'wasm'] as const) {
  const jit = memoJit({ backend });

  test(`views of one buffer alias, with their offsets and byte lengths (${backend})`, () => {
    const views = (n: number): number[] => {
      const raw = new ArrayBuffer(8 * n);
      const whole = new Float64Array(raw);
      const tail = new Float64Array(raw, 8, n - 1);
      const bytes = new Uint8Array(raw);
      tail[0] = 2; // whole[1]
      whole[n - 1] = 5; // tail[n - 2]
      whole[0] = 1; // bytes 0..7: 1.0 is 0x3FF0000000000000, little-endian, so byte 7 is 0x3F and byte 6 0xF0
      return [whole[1]!, tail[n - 2]!, bytes[7]!, bytes[6]!, bytes[0]!, raw.byteLength, tail.byteOffset, tail.byteLength, whole.byteOffset, bytes.byteLength, tail.buffer.byteLength];
    };
    const want = [2, 5, 0x3f, 0xf0, 0, 32, 8, 24, 0, 32, 32];
    assert.deepEqual(views(4), want, 'plain, by hand');
    assert.deepEqual(jit(views)(4), want);
  });

  test(`a misaligned offset, a view past the end and a negative length throw V8's RangeError (${backend})`, () => {
    const view = (size: number, offset: number, length: number): number => new Float64Array(new ArrayBuffer(size), offset, length).length;
    const compiled = jit(view);
    assert.equal(compiled(32, 8, 3), 3);
    for (const [size, offset, length] of [[32, 4, 1], [32, 8, 4], [32, 40, 0], [16, 0, -1], [12, 0, 2]] as const) {
      const plain = outcome(() => view(size, offset, length));
      assert.ok(Array.isArray(plain) && plain[0] === 'RangeError', `plain view(${size}, ${offset}, ${length}) throws RangeError`);
      assert.deepEqual(outcome(() => compiled(size, offset, length)), plain, `view(${size}, ${offset}, ${length})`);
    }
    // A buffer whose size is not a multiple of 8 has no whole-buffer Float64Array view.
    const whole = (size: number): number => new Float64Array(new ArrayBuffer(size)).length;
    assert.equal(jit(whole)(16), 2);
    assert.deepEqual(outcome(() => jit(whole)(12)), outcome(() => whole(12)));
  });

  test(`a fractional size or length is ToIndex'd: truncated toward zero (${backend})`, () => {
    const sizes = (n: number): number[] => {
      const raw = new ArrayBuffer(n / 2);
      return [raw.byteLength, new Uint8Array(raw, 1, n / 4).length];
    };
    assert.deepEqual(sizes(9), [4, 2], 'plain, by hand: 4.5 → 4, 2.25 → 2');
    assert.deepEqual(jit(sizes)(9), [4, 2]);
    assert.deepEqual(jit(sizes)(13), [6, 3]);
  });

  test(`a copy converts each element as a store does and does not share the source (${backend})`, () => {
    const copies = (xs: Float64Array): unknown[] => {
      const i = new Int32Array(xs);
      const c = new Uint8ClampedArray(xs);
      const f = new Float32Array(xs);
      i[0] = 99;
      return [i, c, f, xs[0]];
    };
    const xs = Float64Array.of(1.5, -2.5, 300, 2 ** 32 + 7, 0.1);
    // By hand: ToInt32 truncates (and wraps 2^32 + 7 to 7); clamping rounds half to even within 0..255.
    const want = [Int32Array.of(99, -2, 300, 7, 0), Uint8ClampedArray.of(2, 0, 255, 255, 0), Float32Array.of(1.5, -2.5, 300, 2 ** 32, Math.fround(0.1)), 1.5];
    assert.deepEqual(copies(xs), want, 'plain, by hand');
    assert.deepEqual(jit(copies)(Float64Array.from(xs)), want);
  });
}
