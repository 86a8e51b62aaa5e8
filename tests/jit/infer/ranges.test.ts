// Facts range inference promises (issue 19, infer mutants): `x & m` with one non-negative int32 operand lies in
// [0, m] whatever the other operand, so arithmetic on it stays int32; the compiled answers equal plain JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, type JitType as Type } from '../../../src/index.js';
import { lowerToIR, type IR } from '../../../src/internals.js';

function typesOf(module: IR.IRModule): Record<string, string> {
  const entry = module.functions.find((f) => f.name === module.entry)!;
  return Object.fromEntries([...entry.params, ...entry.locals].map((p) => [p.name, p.type.kind]));
}

test('a mask by a non-negative constant bounds `&` on either side, whatever the sign of the other operand', () => {
  function masked(a: Int32Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const left = (a[i]! & 255) * 3; // [0, 255] · 3: int32
      const right = (1023 & a[i]!) * 5; // [0, 1023] · 5: int32
      const both = (a[i]! & a[i]!) * 3; // any int32 · 3 may overflow: f64
      s += left + right + both;
    }
    return s;
  }
  const t = typesOf(lowerToIR(masked, [{ kind: 'array', element: 'i32' } as Type]));
  assert.deepEqual([t.left, t.right, t.both], ['i32', 'i32', 'f64']);
  const a = Int32Array.from([-1, -2147483648, 2147483647, 12345, -999]);
  assert.ok(Object.is(memoJit(masked)(a), masked(a)));
});
