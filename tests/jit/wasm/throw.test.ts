// `throw` in code the Wasm backend compiles: a trap, after which the JS backend reruns the call and throws the
// error itself (before, the Wasm code skipped the statement and returned a number).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

test('a throw inside a Wasm loop reaches the caller with its class and message; calls that do not throw stay in Wasm', () => {
  function upTo(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (i === 5) throw new RangeError('five is too many');
      s += i;
    }
    return s;
  }
  const f = memoJit({ backend: 'wasm' })(upTo);
  assert.equal(f(5), 10);
  assert.throws(() => f(10), { name: 'RangeError', message: 'five is too many' });
  const text = Object.values(f.inspect())[0]!;
  assert.match(text, /^;; backend: wasm/);
  assert.match(text, /so far: 1 calls in Wasm, 1 answered by JS after a trap/);
});
