// src/gpu/wgsl/walk.ts: the WGSL backend's questions about IR expressions. Checked on lowered kernels: an
// expression has effects exactly when it draws a random number or calls a function, anywhere inside it (the
// emitter keeps such expression statements, `_ = …`, and drops pure ones); it reads elements when it loads from
// an array, a 2-D array or a row anywhere inside; walkExpr visits every node of an expression once;
// walkStmts reaches statements nested in ifs and loops and the expressions in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerKernel } from '../../../src/gpu/frontend.js';
import { hasEffects, readsElements, walkExpr, walkStmts } from '../../../src/gpu/wgsl/walk.js';
import type { Expr, Stmt } from '../../../src/jit/ir.js';

const I32 = { kind: 'i32' } as const;
const F32S = { kind: 'array', element: 'f32' } as const;

/** The value stored by the kernel's last statement (`out[i] = <expr>`). */
function storedValue(fn: (...a: never[]) => void): Expr {
  const { module } = lowerKernel(fn as never, [I32, F32S, F32S] as never, 1);
  const body = module.functions.find((f) => f.name === module.entry)!.body;
  const last = body.at(-1)!;
  assert.equal(last.kind, 'store');
  return (last as Extract<Stmt, { kind: 'store' }>).value;
}

test('effects: a random draw or a call anywhere inside; arithmetic and loads are pure', () => {
  assert.equal(hasEffects(storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = xs[i]! * 2 + 1; })), false);
  assert.equal(hasEffects(storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = xs[i]! + Math.random() * 0.5; })), true);
  assert.equal(hasEffects(storedValue((i: number, out: Float32Array, xs: Float32Array) => {
    function sq(x: number): number { return x * x; }
    out[i] = 1 + sq(xs[i]!);
  })), true, 'a helper call counts, even a pure one: the emitter does not look inside');
  assert.equal(hasEffects(storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = Math.sqrt(xs[i]!); })), false, 'a Math function is not a call');
});

test('element reads: a load anywhere inside, not a length or an index alone', () => {
  assert.equal(readsElements(storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = 2 * i + 1; })), false);
  assert.equal(readsElements(storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = xs.length; })), false);
  assert.equal(readsElements(storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = 1 + Math.abs(xs[i]! - 3); })), true);
});

test('walkExpr visits every node once; walkStmts reaches nested statements and their expressions', () => {
  const e = storedValue((i: number, out: Float32Array, xs: Float32Array) => { out[i] = (xs[i]! + 1) * (xs[i]! - 1); });
  const seen: Expr[] = [];
  walkExpr(e, (x) => seen.push(x));
  assert.equal(new Set(seen).size, seen.length, 'no node twice');
  assert.ok(seen.includes(e), 'the root too');
  assert.equal(seen.filter((x) => x.op === 'load').length, 2);
  const { module } = lowerKernel(((i: number, out: Float32Array, xs: Float32Array) => {
    let s = 0;
    for (let k = 0; k < 3; k++) if (xs[i]! > k) s += xs[i]!;
    out[i] = s;
  }) as never, [I32, F32S, F32S] as never, 1);
  const kinds: string[] = [];
  let loads = 0;
  walkStmts(module.functions.find((f) => f.name === module.entry)!.body, (s) => kinds.push(s.kind), (x) => { if (x.op === 'load') loads++; });
  assert.ok(kinds.includes('loop') && kinds.includes('if') && kinds.includes('store'), kinds.join(','));
  assert.equal(loads, 2, 'both loads inside the if inside the loop');
});
