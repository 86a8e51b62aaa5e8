// The element-kind table (src/jit/ops/elements.ts): one row per typed-array class compiled code takes and the
// two plain-array kinds, in the documented order. Each integer row's range is checked against its constructor
// itself (the extremes survive a store and load, one past them does not) and against the range its name and
// BYTES_PER_ELEMENT give; float rows have no range; plain rows are Array with their element kind. The derived
// name table and `signatures` spellings follow the table. Compiled loads of each kind at its extremes, through
// memoJit on both backends, give the plain function's values (Object.is), so the ranges inference uses are right.
// everyElementSource's loop (four elements a step) agrees with Array.prototype.every at every length and position
// of a wrong element, holes included, and reads the elements in order up to the first wrong one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELEMENTS, everyElementSource } from '../../../src/jit/ops/elements.js';
import { ELEMENT_BY_NAME } from '../../../src/jit/types.js';
import { tokenOfSpec } from '../../../src/jit/dispatch/signature.js';
import { memoJit } from '../../../src/index.js';

type Ctor = new (values: number[]) => ArrayLike<number>;

test('the rows, in the order signatures and messages list them', () => {
  assert.deepEqual(Object.keys(ELEMENTS), ['f64', 'f32', 'i32', 'u32', 'i16', 'u16', 'i8', 'u8', 'u8c', 'num', 'bool']);
  const names = Object.values(ELEMENTS).map((r) => r.array.name);
  assert.deepEqual(names, [
    'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array',
    'Uint8ClampedArray', 'Array', 'Array',
  ]);
  assert.equal(ELEMENTS.f64.array, Float64Array);
  assert.equal(ELEMENTS.u8c.array, Uint8ClampedArray);
});

test('integer ranges are the ones the class name and element size give', () => {
  for (const [kind, row] of Object.entries(ELEMENTS)) {
    if (row.range === null) continue;
    const C = row.array as unknown as { name: string; BYTES_PER_ELEMENT: number };
    const bits = 8 * C.BYTES_PER_ELEMENT;
    const want = C.name.startsWith('Uint') ? [0, 2 ** bits - 1] : [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
    assert.deepEqual(row.range, want, kind);
  }
});

test('each integer range is exactly what a store and load through its class keeps', () => {
  for (const [kind, row] of Object.entries(ELEMENTS)) {
    if (row.range === null) continue;
    const C = row.array as unknown as Ctor;
    const [lo, hi] = row.range;
    const a = new C([lo, hi, lo - 1, hi + 1]);
    assert.equal(a[0], lo, `${kind}: the low end survives`);
    assert.equal(a[1], hi, `${kind}: the high end survives`);
    assert.notEqual(a[2], lo - 1, `${kind}: below the range does not`);
    assert.notEqual(a[3], hi + 1, `${kind}: above the range does not`);
    for (let k = 2; k < 4; k++) assert.ok(a[k]! >= lo && a[k]! <= hi, `${kind}: every load lies in the range`);
  }
});

test('float rows have no range; an f32 load is a double, exactly the rounded value', () => {
  assert.equal(ELEMENTS.f64.range, null);
  assert.equal(ELEMENTS.f32.range, null);
  const x = new Float32Array([0.1, 3.4e38 * 10])!;
  assert.equal(x[0], Math.fround(0.1));
  assert.equal(x[1], Infinity);
});

test('plain rows are Array, for every number or every boolean; typed rows have no plain kind', () => {
  assert.equal(ELEMENTS.num.array, Array);
  assert.equal(ELEMENTS.num.plain, 'number');
  assert.equal(ELEMENTS.bool.array, Array);
  assert.equal(ELEMENTS.bool.plain, 'boolean');
  assert.equal(ELEMENTS.num.range, null);
  for (const [kind, row] of Object.entries(ELEMENTS)) {
    if (kind !== 'num' && kind !== 'bool') assert.equal('plain' in row, false, kind);
  }
});

test('the name table and the short `signatures` spellings are derived from the typed rows', () => {
  assert.deepEqual(ELEMENT_BY_NAME, {
    Float64Array: 'f64', Float32Array: 'f32', Int32Array: 'i32', Uint32Array: 'u32', Int16Array: 'i16', Uint16Array: 'u16',
    Int8Array: 'i8', Uint8Array: 'u8', Uint8ClampedArray: 'u8c',
  });
  for (const [kind, row] of Object.entries(ELEMENTS)) {
    if ('plain' in row) continue;
    assert.equal(tokenOfSpec(`${kind}[]`), row.array.name, `'${kind}[]'`);
    assert.equal(tokenOfSpec(row.array as never), row.array.name);
  }
  assert.throws(() => tokenOfSpec('num[]'), TypeError, 'plain kinds are spelled number[] and boolean[]');
});

test('compiled loads at each kind\'s extremes give the plain function\'s values (both backends)', () => {
  function mix(xs: ArrayLike<number>): number {
    const a = xs[0]!, b = xs[1]!;
    return (a + b) * 2 - (a | 0) + (b >>> 0) + a * b;
  }
  for (const backend of ['js', 'wasm'] as const) {
    const compiled = memoJit({ backend })(mix);
    for (const [kind, row] of Object.entries(ELEMENTS)) {
      if ('plain' in row) continue;
      const C = row.array as unknown as Ctor;
      const values = row.range ? [[row.range[0], row.range[1]], [row.range[1], row.range[1]], [row.range[0], row.range[0]], [0, -1]] : [[1.5, -0], [3.4e38, 3.4e38], [NaN, 1e-45]];
      for (const [x, y] of values) {
        const xs = new C([x!, y!]);
        const want = mix(xs);
        const got = compiled(xs as never);
        assert.ok(Object.is(got, want), `${backend}, ${kind} [${xs[0]}, ${xs[1]}]: plain ${want}, compiled ${got}`);
      }
    }
  }
});

test('everyElementSource: the same answer as every() at each length and each position of a wrong element', () => {
  const make = (kind: 'number' | 'boolean'): ((xs: unknown[]) => boolean) =>
    new Function('xs', `${everyElementSource('xs', kind, 'return false;', 'j', 'm')} return true;`) as (xs: unknown[]) => boolean;
  const numbers = make('number'), booleans = make('boolean');
  for (let n = 0; n <= 11; n++) {
    const good = Array.from({ length: n }, (_, k) => k + 0.5);
    assert.equal(numbers(good), true, `${n} numbers`);
    assert.equal(booleans(good.map((x) => x > 3)), true, `${n} booleans`);
    assert.equal(booleans(good), n === 0, `${n} numbers are not booleans`);
    for (let at = 0; at < n; at++) {
      for (const wrong of ['1', undefined, null, true, 1n]) {
        const xs: unknown[] = [...good];
        xs[at] = wrong;
        assert.equal(numbers(xs), xs.every((x) => typeof x === 'number'), `${n} elements, ${String(wrong)} at ${at}`);
      }
      const holey: unknown[] = [...good];
      delete holey[at];
      assert.equal(numbers(holey), false, `${n} elements, a hole at ${at}`);
    }
  }
});

test('everyElementSource reads the elements in order and stops at the first of another kind', () => {
  const reads: number[] = [];
  const xs = new Proxy([1, 2, 3, 4, 5, 'six', 7, 8, 9], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^[0-9]+$/.test(key)) reads.push(Number(key));
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const check = new Function('xs', `${everyElementSource('xs', 'number', 'return false;')} return true;`) as (a: unknown) => boolean;
  assert.equal(check(xs), false);
  assert.deepEqual(reads, [0, 1, 2, 3, 4, 5]);
});
