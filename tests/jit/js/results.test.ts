// Results of compiled functions in numbat memory (src/jit/js/results.ts): a typed array the JS backend's code
// allocates and returns, observed only through its elements and length, is made in numbat memory when it holds at
// least SMALLEST_NUMBAT_RESULT bytes and numbat memory has room for it without growing, so the next Wasm kernel uses
// it in place; anything else keeps JS's own constructor and JS's own outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f64, free, isNumbatArray, memoJit, scope } from '../../../src/index.js';
import { isOwned } from '../../../src/memory/index.js';
import { SMALLEST_NUMBAT_RESULT } from '../../../src/jit/js/results.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';

const N = SMALLEST_NUMBAT_RESULT / 8; // the smallest Float64Array result numbat memory takes
// numbat memory is never grown for a result: make room first, as a program's own numbat arrays would
free(f64(64 * N));

function ramp(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i * 0.5;
  return out;
}

function total(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

test('a returned Float64Array of the JS backend is a numbat array, and a Wasm kernel then reads it in place', () => {
  const made = memoJit({ backend: 'js' })(ramp);
  const sum = memoJit({ backend: 'wasm' })(total);
  const r = made(N);
  assert.ok(isNumbatArray(r), 'made in numbat memory');
  assert.deepEqual([...r], [...ramp(N)]);
  assert.equal(sum(r), total(ramp(N)));
  const text = Object.values(sum.inspect()).join('\n');
  assert.match(text, /xs: 1 calls in place \(numbat memory, zero-copy\), 0 copied in/);
  assert.match(text, /0 bytes copied in/);
  // its lifetime is a numbat array's: owned, freed explicitly (or when unreferenced)
  assert.ok(isOwned(r));
  free(r);
});

test('a scope adopts a compiled function\'s result and frees it at its end', () => {
  const made = memoJit({ backend: 'js' })(ramp);
  let kept: Float64Array;
  {
    using s = scope();
    kept = s.adopt(made(N));
    assert.ok(isOwned(kept));
  }
  assert.equal(isOwned(kept), false);
});

test('small results, and arrays read for more than elements and length, keep JS\'s constructor', () => {
  const made = memoJit({ backend: 'js' })(ramp);
  const small = made(16);
  assert.equal(isNumbatArray(small), false);
  assert.deepEqual([...small], [...ramp(16)]);
  function viaBuffer(n: number): Float64Array {
    const out = new Float64Array(n);
    const bytes = new Uint8Array(out.buffer);
    bytes[7] = 64; // the high byte of out[0]: 2
    return out;
  }
  const compiled = memoJit({ backend: 'js' })(viaBuffer);
  const r = compiled(N);
  assert.equal(isNumbatArray(r), false, 'its buffer is read, so it stays a fresh array with its own buffer');
  assert.equal(r.buffer.byteLength, N * 8);
  assert.equal(r[0], 2);
  const source = Object.values(compiled.inspect()).join('\n');
  assert.doesNotMatch(source, /\$R\(/);
});

test('a result numbat memory has no room for without growing stays on the JS heap', () => {
  const made = memoJit({ backend: 'js' })(ramp);
  const big = made(1 << 24); // 128 MiB: more than the room made above
  assert.equal(isNumbatArray(big), false);
  assert.equal(big[(1 << 24) - 1], ((1 << 24) - 1) * 0.5);
});

test('lengths numbat memory does not take give JS\'s own result or error', () => {
  const made = memoJit({ backend: 'js' })(ramp);
  for (const n of [N + 0.5, -1, 0]) {
    assertSameOutcome(outcomeOf(() => made(n)), outcomeOf(() => ramp(n)));
  }
  assert.equal(made(N + 0.5).length, N, 'ToIndex truncates, as JS does');
});

test('the Wasm backend returns an array it makes in numbat memory as well', () => {
  const made = memoJit({ backend: 'wasm' })(ramp);
  const r = made(N);
  assert.ok(isNumbatArray(r));
  assert.deepEqual([...r], [...ramp(N)]);
});

// issue 19's named survivors js/results.ts:57 and :64 (which reads of a returned local count as "elements and
// length"): a result the function also reads, by element and by length, is still made in numbat memory.
test('a returned array the function reads back by element and by length is made in numbat memory, with the plain values', () => {
  function prefix(xs: Float64Array): Float64Array {
    const out = new Float64Array(xs.length);
    let s = 0;
    for (let i = 0; i < out.length; i++) {
      s += xs[i]!;
      out[i] = s;
    }
    out[0] = out[out.length - 1]! - out[0]!; // an element read after the loop, at an index from the length
    return out;
  }
  const input = ramp(N);
  const r = memoJit({ backend: 'js' })(prefix)(input);
  assert.ok(isNumbatArray(r), 'made in numbat memory');
  assert.deepEqual([...r], [...prefix(input)]);
  free(r);
});
