// src/gpu/philox.ts without a device (the known-answer vectors and the launch's draws are in philox-kat.test.ts):
// philox4x32 takes its words modulo 2^32 and leaves its inputs alone; the WGSL's 32×32→64 multiply built from
// 16-bit halves (transliterated here line by line, and pinned to the shader text) gives the exact product for edge
// and pseudo-random operands; the WGSL uses the same multipliers and Weyl constants as the CPU reference; the
// counter's fourth word is ASCII 'numb'; and numbat_random's scale maps 24 bits exactly into [0, 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHILOX_WGSL, philox4x32 } from '../../src/gpu/philox.js';

test('words are taken modulo 2^32: -1 is 0xffffffff, 2^32 + 5 is 5', () => {
  // Random123's all-ones vector for Philox4x32-10.
  const ones = [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd];
  assert.deepEqual(philox4x32([-1, -1, -1, -1], [-1, -1]), ones);
  assert.deepEqual(philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]), ones);
  assert.deepEqual(philox4x32([2 ** 32 + 5, 1, 2, 3], [4, 2 ** 33 + 6]), philox4x32([5, 1, 2, 3], [4, 6]));
});

test('philox4x32 returns u32 words and does not modify its arguments', () => {
  const counter = [1, 2, 3, 4] as const;
  const key = [5, 6] as const;
  const copyC = [...counter];
  const copyK = [...key];
  const out = philox4x32(counter, key);
  assert.equal(out.length, 4);
  for (const w of out) assert.ok(Number.isInteger(w) && w >= 0 && w < 2 ** 32, `${w}`);
  assert.deepEqual([...counter], copyC);
  assert.deepEqual([...key], copyK);
  assert.notDeepEqual(philox4x32([1, 2, 3, 5], key), out, 'one counter bit changes the block');
});

/** numbat_mulhilo of the WGSL, line by line, in u32 arithmetic: [high word, low word] of a · b. */
function wgslMulhilo(a: number, b: number): [number, number] {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh; // each below 2^32: exact
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return [(hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0, Math.imul(a, b) >>> 0];
}

test('the WGSL multiply from 16-bit halves is the exact 64-bit product', () => {
  assert.ok(PHILOX_WGSL.includes('let al = a & 0xffffu; let ah = a >> 16u; let bl = b & 0xffffu; let bh = b >> 16u;'));
  assert.ok(PHILOX_WGSL.includes('let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);'));
  assert.ok(PHILOX_WGSL.includes('return vec2u(hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u), a * b);'));
  const exact = (a: number, b: number): [number, number] => {
    const p = BigInt(a) * BigInt(b);
    return [Number(p >> 32n), Number(p & 0xffffffffn)];
  };
  const edges = [0, 1, 0xffff, 0x10000, 0x1ffff, 0x7fffffff, 0x80000000, 0xfffeffff, 0xffffffff, 0xd2511f53, 0xcd9e8d57];
  for (const a of edges) for (const b of edges) assert.deepEqual(wgslMulhilo(a, b), exact(a, b), `${a.toString(16)} · ${b.toString(16)}`);
  assert.deepEqual(wgslMulhilo(0xffffffff, 0xffffffff), [0xfffffffe, 1], '(2^32 - 1)^2 = 2^64 - 2^33 + 1');
  let x = 0x12345678;
  for (let k = 0; k < 2000; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const y = (Math.imul(x ^ 0x9e3779b9, 22695477) + 1) >>> 0;
    assert.deepEqual(wgslMulhilo(x, y), exact(x, y));
  }
});

test('the shader uses the CPU reference\'s multipliers, key increments and ten rounds', () => {
  assert.match(PHILOX_WGSL, /numbat_mulhilo\(0xD2511F53u, c\.x\)/);
  assert.match(PHILOX_WGSL, /numbat_mulhilo\(0xCD9E8D57u, c\.z\)/);
  assert.match(PHILOX_WGSL, /vec2u\(0x9E3779B9u, 0xBB67AE85u\)/, 'the golden ratio and sqrt(3) - 1 Weyl constants');
  assert.match(PHILOX_WGSL, /r < 10u/);
  assert.equal(0x9e3779b9, Math.floor(2 ** 32 * ((Math.sqrt(5) - 1) / 2)));
  assert.equal(0xbb67ae85, Math.floor(2 ** 32 * (Math.sqrt(3) - 1)));
});

test('the counter\'s fourth word is the ASCII of "numb", and a draw keeps 24 bits scaled by 2^-24', () => {
  assert.ok(PHILOX_WGSL.includes('0x6e756d62u'));
  assert.equal(0x6e756d62, ['n', 'u', 'm', 'b'].reduce((w, ch) => w * 256 + ch.charCodeAt(0), 0));
  assert.ok(PHILOX_WGSL.includes('f32(numbat_random_u32() >> 8u) * 5.9604644775390625e-8'));
  assert.equal(5.9604644775390625e-8, 2 ** -24);
  const top = (2 ** 24 - 1) * 2 ** -24;
  assert.ok(top < 1, 'the largest draw is below 1');
  assert.equal(Math.fround(top), top, 'and exact in f32, as is every k · 2^-24 below it');
});

test('numbat_rng_init starts a fresh block, and each block serves two draws from words 0 and 2', () => {
  assert.match(PHILOX_WGSL, /numbat_rng_block = 0u; numbat_rng_used = 2u;/, 'used = 2 forces a block on the first draw');
  assert.match(PHILOX_WGSL, /let r = numbat_rng_buf\[2u \* numbat_rng_used\];/);
  assert.match(PHILOX_WGSL, /vec4u\(numbat_rng_index, numbat_rng_block, numbat_P\.seed_hi, 0x6e756d62u\), vec2u\(numbat_P\.seed_lo, numbat_P\.launch\)/);
});
