// The reduction rules of src/gpu/reduction.ts, against its table: the accumulator, words per partial, identity,
// lift and combine (WGSL text) for each (reduce, return type) pair; reading partials back (an i32/u32 sum as a
// 64-bit lo + signed hi · 2^32, f32 from its bits, a df pair as hi + lo), with words worked out by hand; every
// helper a combine names being defined in REDUCTION_WGSL; and combineOnHost's NaN propagation like Math.min/max.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDUCTION_WGSL, combineOnHost, reductionRule } from '../../src/gpu/reduction.js';

const w = (...words: number[]) => Uint32Array.from(words);

test('f32 sum: an f32 accumulator, one word per partial, a + b', () => {
  const r = reductionRule('sum', 'f32');
  assert.equal(r.accumulator, 'f32');
  assert.equal(r.words, 1);
  assert.equal(r.identity, 'bitcast<f32>(numbat_P.identity)');
  assert.equal(r.lift('v'), 'v');
  assert.equal(r.combine('a', 'b'), 'a + b');
  assert.equal(r.readPartial(w(0x3f800000, 0xc0200000), 1), -2.5, 'partial 1 is word 1: 0xc0200000 = -2.5');
  assert.equal(r.readPartial(w(0x3dcccccd), 0), Math.fround(0.1));
});

test('i32 and u32 sums: accumulated in two u32 words with a carry', () => {
  for (const type of ['i32', 'u32'] as const) {
    const r = reductionRule('sum', type);
    assert.equal(r.accumulator, 'vec2u', type);
    assert.equal(r.words, 2);
    assert.equal(r.identity, 'vec2u(0u, 0u)');
    assert.equal(r.combine('a', 'b'), 'numbat_red_add64(a, b)');
  }
  assert.equal(reductionRule('sum', 'i32').lift('v'), 'vec2u(bitcast<u32>(v), select(0u, 0xffffffffu, v < 0i))', 'sign-extended');
  assert.equal(reductionRule('sum', 'u32').lift('v'), 'vec2u(v, 0u)', 'zero-extended');
});

test('a 64-bit sum partial reads as lo + signed hi · 2^32', () => {
  const r = reductionRule('sum', 'i32');
  assert.equal(r.readPartial(w(5, 0), 0), 5);
  assert.equal(r.readPartial(w(0xfffffffd, 0xffffffff), 0), -3, '-3 in 64-bit two\'s complement');
  assert.equal(r.readPartial(w(0x80000000, 1), 0), 3 * 2 ** 31, '3 · 2^31 = 2^31 + 2^32: past i32');
  assert.equal(r.readPartial(w(0, 0, 0x00000000, 0x80000000), 1), -(2 ** 63), 'partial 1 is words 2 and 3');
  assert.equal(r.readPartial(w(0xffffffff, 0x001fffff), 0), 2 ** 53 - 1, 'exact up to 2^53');
  assert.equal(reductionRule('sum', 'u32').readPartial(w(0xffffffff, 1), 0), 2 ** 33 - 1);
});

test('min and max over f32: NaN-propagating helpers; over integers: WGSL min and max', () => {
  assert.equal(reductionRule('min', 'f32').combine('a', 'b'), 'numbat_red_min(a, b)');
  assert.equal(reductionRule('max', 'f32').combine('x', 'y'), 'numbat_red_max(x, y)');
  assert.equal(reductionRule('min', 'i32').combine('a', 'b'), 'min(a, b)');
  assert.equal(reductionRule('max', 'u32').combine('a', 'b'), 'max(a, b)');
  for (const [reduce, type] of [['min', 'f32'], ['max', 'i32'], ['min', 'u32']] as const) {
    const r = reductionRule(reduce, type);
    assert.equal(r.accumulator, type);
    assert.equal(r.words, 1);
    assert.equal(r.identity, `bitcast<${type}>(numbat_P.identity)`);
    assert.equal(r.lift('v'), 'v');
  }
  assert.equal(reductionRule('max', 'i32').readPartial(w(0xffffffff), 0), -1);
  assert.equal(reductionRule('max', 'u32').readPartial(w(0xffffffff), 0), 4294967295);
  assert.equal(reductionRule('min', 'i32').readPartial(w(0x80000000), 0), -2147483648);
  assert.ok(Number.isNaN(reductionRule('min', 'f32').readPartial(w(0x7fc00000), 0)));
  assert.equal(reductionRule('max', 'f32').readPartial(w(0xff800000), 0), -Infinity);
});

test('df (f64-emulated): a vec2<f32> pair combined by the df32 helpers, read as hi + lo', () => {
  for (const [reduce, fn] of [['sum', 'numbat_df_add'], ['min', 'numbat_df_min'], ['max', 'numbat_df_max']] as const) {
    const r = reductionRule(reduce, 'df');
    assert.equal(r.accumulator, 'vec2<f32>');
    assert.equal(r.words, 2);
    assert.equal(r.identity, 'vec2<f32>(bitcast<f32>(numbat_P.identity), 0.0)');
    assert.equal(r.lift('v'), 'v');
    assert.equal(r.combine('a', 'b'), `${fn}(a, b)`);
  }
  const r = reductionRule('sum', 'df');
  // 1 + 2^-30: hi = 1.0 (0x3f800000), lo = 2^-30 (biased exponent 97: 97 << 23 = 0x30800000).
  assert.equal(r.readPartial(w(0, 0, 0x3f800000, 0x30800000), 1), 1 + 2 ** -30);
  assert.equal(r.readPartial(w(0xbf000000, 0), 0), -0.5);
});

test('every helper a non-df combine names is defined in REDUCTION_WGSL', () => {
  const defined = new Set([...REDUCTION_WGSL.matchAll(/\bfn (\w+)\(/g)].map((m) => m[1]));
  for (const reduce of ['sum', 'min', 'max'] as const) {
    for (const type of ['f32', 'i32', 'u32'] as const) {
      const call = /^(numbat_\w+)\(/.exec(reductionRule(reduce, type).combine('a', 'b'));
      if (call) assert.ok(defined.has(call[1]), `${reduce} ${type}: ${call[1]} is defined`);
    }
  }
  assert.ok(defined.has('numbat_red_isnan'));
  assert.match(REDUCTION_WGSL, /bitcast<u32>\(x\) & 0x7fffffffu\) > 0x7f800000u/, 'NaN from the bits: exponent all ones and a nonzero mantissa');
});

test('combineOnHost: a sum adds, min and max propagate NaN from either side like Math.min/max', () => {
  assert.equal(combineOnHost('sum', 1, 2), 3);
  assert.equal(combineOnHost('min', 3, -1), -1);
  assert.equal(combineOnHost('max', 3, -1), 3);
  assert.ok(Number.isNaN(combineOnHost('max', 1, Number.NaN)));
  assert.ok(Number.isNaN(combineOnHost('min', Number.NaN, 1)));
  assert.ok(Object.is(combineOnHost('min', 0, -0), -0), '-0 is below 0');
  assert.ok(Object.is(combineOnHost('max', -0, 0), 0));
  assert.equal(combineOnHost('min', Infinity, 5), 5, 'the min identity');
});
