// `const ps = []; ps.push(o)` is how plain JS fills an array of objects: it compiles (it was refused, with the index
// form as advice), and the index form agrees with the plain function too (aliased elements included) on js and wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

class Q {
  v = 0;
  w = 1;
}

test('push of an object into [] compiles, with the plain function\'s result (instances and literals)', () => {
  function literal(n: number): number {
    const ps: Array<{ v: number; w: number }> = [];
    for (let i = 0; i < n; i++) ps.push({ v: i, w: 1 });
    return ps.length;
  }
  function instance(n: number): number {
    const ps: Q[] = [];
    for (let i = 0; i < n; i++) ps.push(new Q());
    return ps.length;
  }
  for (const f of [literal, instance]) for (const n of [0, 3]) assert.equal(memoJit(f)(n), n, f.name);
});

test('the advised index stores agree with the plain function, shared elements included', () => {
  function byLength(n: number): number {
    const ps: Q[] = [];
    for (let i = 0; i < n; i++) {
      const q = new Q();
      q.v = i * 0.5;
      ps[ps.length] = q;
    }
    let s = 0;
    for (let i = 0; i < ps.length; i++) s += ps[i]!.v * ps[i]!.w;
    return s;
  }
  function shared(n: number): number {
    const ps: Array<{ v: number }> = [];
    const q = { v: 3 };
    ps[0] = q;
    ps[1] = q;
    q.v = n;
    ps[0]!.v += 1;
    return ps[0]!.v * 10 + ps[1]!.v;
  }
  for (const backend of ['js', 'wasm'] as const) {
    for (const n of [0, 1, 2, 7, 33]) {
      assert.equal(memoJit({ backend })(byLength)(n), byLength(n), `byLength ${backend} ${n}`);
      assert.equal(memoJit({ backend })(shared)(n), shared(n), `shared ${backend} ${n}`);
    }
  }
});
