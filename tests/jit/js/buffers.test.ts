// The JS emitted for buffer nodes (src/jit/js/buffers.ts): bufferSource prints `new C(args…)` with the arguments
// in order (none, one, the three of a view) and `target.name` for a property; evaluated, views of one buffer alias
// and V8's RangeErrors are the ones thrown. Through memoJit, a function using buffers runs on the JS backend (also
// when Wasm is asked for, as ir/buffers.ts says a backend without JS objects leaves it to JS), with the bytes,
// offsets and errors of plain JS worked out by hand from IEEE 754 little-endian layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import type { Expr } from '../../../src/jit/ir.js';
import { bufferSource } from '../../../src/jit/js/buffers.js';

const F64 = { kind: 'f64' } as const;
const emit = (x: Expr): string => (x.op === 'local' ? x.name : x.op === 'const' ? String(x.value) : '?');
const local = (name: string, type: Expr['type'] = F64): Expr => ({ op: 'local', type, name });
const buf = local('buf', { kind: 'buffer' });

test('bufferSource: constructors with their arguments in order, properties as reads', () => {
  assert.equal(bufferSource({ op: 'builtinNew', type: { kind: 'buffer' }, ctor: 'ArrayBuffer', args: [local('n')] }, emit), 'new ArrayBuffer(n)');
  assert.equal(bufferSource({ op: 'builtinNew', type: { kind: 'buffer' }, ctor: 'ArrayBuffer', args: [] }, emit), 'new ArrayBuffer()');
  const view = bufferSource({ op: 'builtinNew', type: { kind: 'array', element: 'f64' }, ctor: 'Float64Array', args: [buf, local('off'), local('len')] }, emit);
  assert.equal(view, 'new Float64Array(buf, off, len)');
  for (const name of ['byteLength', 'byteOffset', 'buffer']) {
    assert.equal(bufferSource({ op: 'bufferProperty', type: F64, target: local('v'), name }, emit), `v.${name}`);
  }
});

test('the printed view, evaluated, aliases its buffer and throws V8\'s own RangeError', () => {
  const view = bufferSource({ op: 'builtinNew', type: { kind: 'array', element: 'f64' }, ctor: 'Float64Array', args: [buf, local('off'), local('len')] }, emit);
  const make = new Function('buf', 'off', 'len', `return ${view};`) as (b: ArrayBuffer, off: number, len: number) => Float64Array;
  const b = new ArrayBuffer(32);
  const v = make(b, 8, 2);
  v[1] = -2;
  // -2 is 0xC000000000000000: its last (most significant, little-endian) byte, at 8 + 8 + 7 = 23, is 0xC0.
  assert.equal(new Uint8Array(b)[23], 0xc0);
  assert.equal(v.byteOffset, 8);
  assert.throws(() => make(b, 3, 1), (e: unknown) => e instanceof RangeError && /multiple of 8/.test(e.message));
  assert.throws(() => make(b, 24, 2), RangeError, 'a view past the end');
});

function bytes(n: number, off: number): number {
  const buf = new ArrayBuffer(n * 8);
  const f = new Float64Array(buf, off, 2);
  const u = new Uint8Array(buf);
  f[0] = 1;
  return u[off + 7]! + f.byteOffset * 1000 + buf.byteLength * 1e6;
}

/** The value, or the thrown class and message. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

for (const backend of ['js', 'wasm'] as const) {
  test(`memoJit({ backend: '${backend}' }): buffers run on the JS backend with plain JS's bytes and errors`, () => {
    const compiled = memoJit({ backend })(bytes);
    // 1.0 is 0x3FF0000000000000: byte 7 of it is 0x3F = 63; offset 8, a 32-byte buffer.
    assert.equal(compiled(4, 8), 63 + 8000 + 32e6);
    for (const [n, off] of [[4, 8], [2, 0], [4, 16], [2, 4], [1, 0], [-1, 0]] as const) {
      assert.equal(outcome(() => compiled(n, off)), outcome(() => bytes(n, off)), `bytes(${n}, ${off})`);
    }
    assert.match(String(outcome(() => compiled(2, 4))), /^RangeError: /);
    const text = Object.values(compiled.inspect()).join('\n');
    assert.match(text, /new Float64Array\(/);
    assert.match(text, /\/\/ backend: js/);
  });
}
