// numbat.scope() (src/memory/scope.ts): `using` frees every array of the scope when the block ends, even when it
// throws; adopt takes a compiled function's numbat result; freeing twice is harmless. Node 20 + tsx run `using`.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as numbat from '../../src/index.js';

test('using a scope frees its arrays when the block ends, also by an exception', () => {
  const before = numbat.memoryStats().liveArrays;
  {
    using s = numbat.scope();
    const a = s.f64(1000), b = s.zeros(10, 20), c = s.i32([1, 2, 3]);
    a.fill(2);
    assert.equal(numbat.memoryStats().liveArrays, before + 3);
    assert.equal(b.data.length, 200);
    assert.deepEqual([...c], [1, 2, 3]);
  }
  assert.equal(numbat.memoryStats().liveArrays, before);
  assert.throws(() => {
    using s = numbat.scope();
    s.f32(8);
    assert.equal(numbat.memoryStats().liveArrays, before + 1);
    throw new Error('boom');
  }, /boom/);
  assert.equal(numbat.memoryStats().liveArrays, before);
});

test('adopt takes numbat arrays only; an array freed by hand inside the scope is skipped at the end', () => {
  const before = numbat.memoryStats().liveArrays;
  const s = numbat.scope();
  const mine = s.adopt(numbat.f64(5));
  const early = s.u8(4);
  numbat.free(early);
  assert.throws(() => s.adopt(new Float64Array(3)), /not an array numbat allocated/);
  assert.equal(numbat.memoryStats().liveArrays, before + 1);
  s.free();
  s.free();
  assert.equal(numbat.memoryStats().liveArrays, before);
  assert.equal(numbat.isNumbatArray(mine), true, 'the view still exists; its memory is back in the heap');
});
