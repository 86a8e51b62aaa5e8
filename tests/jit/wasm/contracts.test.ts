// Constructs of the Wasm backend that the mutation run (bench/README.md, jit-wasm) found unexercised: a value
// computed and discarded, a helper that takes an array, `&&`/`||` mixing an int with a double, an int32 local in
// i64 work, loops that are not simple counted loops next to SIMD ones, and the WAT text of block results and
// exports. Each program runs with backend 'wasm' (checked in its listing) against the plain function, Object.is
// on every result and element. The `&&`/`||` and i64 programs pass but do not reach the emission sites whose
// mutants survived (codegen.ts's bool-to-f64 convert and int32 `local` in i64): those are still open.
import test from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { printWat } from '../../../src/jit/wasm/wat.js';
import { encodeModule, type WasmModule } from '../../../src/jit/wasm/encode.js';
import { assertSameValues } from '../../_support/outcome.js';

type Fn = (...args: never[]) => unknown;
const listing = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
const copy = (v: unknown): unknown => (ArrayBuffer.isView(v) ? (v as unknown as { slice(): unknown }).slice() : v);

/** Runs `f` on Wasm and plain over every argument list; results and arrays after the call must be the same. */
function onWasm(f: Fn, calls: readonly (readonly unknown[])[], options: { fastmath?: boolean } = {}): string {
  const w = memoJit({ backend: 'wasm', ...options })(f as (...a: unknown[]) => unknown);
  for (const args of calls) {
    const a = args.map(copy), b = args.map(copy);
    const want = (f as (...x: unknown[]) => unknown)(...a);
    const got = w(...b);
    const what = `${f.name}(${args.map((x) => (ArrayBuffer.isView(x) ? `[${String(x)}]` : String(x))).join(', ')})`;
    assertSameValues(got, want, what);
    a.forEach((x, i) => assertSameValues(b[i], x, `${what}: argument ${i} after the call`));
  }
  const text = listing(w);
  assert.match(text, /;; backend: wasm/, `${f.name} ran on Wasm`);
  return text;
}

const ramp = (n: number, k = 1): Float64Array => Float64Array.from({ length: n }, (_, i) => (i - 3) * k + 0.25);

test('a value computed and discarded (a helper called for nothing) leaves the stack balanced', () => {
  function discard(xs: Float64Array): number {
    function twice(a: number): number { return a * 2; }
    let s = 0;
    for (let i = 0; i < xs.length; i++) { twice(xs[i]!); s += xs[i]!; }
    return s;
  }
  onWasm(discard, [[ramp(0)], [ramp(5)]]);
});

test('a helper that takes an array gets the array (its place and its length)', () => {
  function sumTwice(xs: Float64Array, ys: Float64Array): number {
    function total(a: Float64Array): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s; }
    return total(xs) + 10 * total(ys);
  }
  onWasm(sumTwice, [[ramp(4), ramp(3, 2)], [ramp(0), ramp(7, -1)]]);
});

test('&& and || between an int and a double give JS\'s operand, converted exactly', () => {
  function andOr(n: number, y: number): number {
    const k = n | 0;
    const a = k && y;
    const b = k || y;
    return a * 1000 + b;
  }
  for (const n of [0, 1, -7, 3.9]) onWasm(andOr, [[n, 2.5], [n, -0.5], [n, 0]]);
});

test('an int32 local inside integer work kept in i64 is widened with its sign', () => {
  function mixed(n: number): number {
    let big = 0;
    for (let i = -n; i < n; i++) big += i * 1000003 + 3000000000;
    return big;
  }
  const text = onWasm(mixed, [[0], [1], [5], [1000]]);
  assert.match(text, /i64\.extend_i32_s/);
});

test('loops that are not counted `i < bound` loops stay scalar and exact next to the SIMD ones', () => {
  function inclusive(xs: Float64Array, out: Float64Array): void {
    const m = xs.length - 1;
    for (let i = 0; i <= m; i++) out[i] = xs[i]! * 2;
  }
  function postTest(xs: Float64Array, out: Float64Array): void {
    let i = 0;
    do { out[i] = xs[i]! + 1; i++; } while (i < xs.length);
  }
  function inclusiveSum(xs: Float64Array): number {
    const m = xs.length - 1;
    let s = 0;
    for (let i = 0; i <= m; i++) s += xs[i]!;
    return s;
  }
  for (const n of [0, 1, 2, 3, 5, 8]) {
    onWasm(inclusive, [[ramp(n), new Float64Array(n + 1)]]);
    onWasm(inclusive, [[ramp(n), new Float64Array(n + 1)]], { fastmath: true });
    onWasm(postTest, [[ramp(n), new Float64Array(n + 1)]], { fastmath: true });
    onWasm(inclusiveSum, [[ramp(n, 1)]], { fastmath: true });
  }
});

test('the WAT text: a block\'s result type, immediates of other instructions, and function and global exports', () => {
  const m: WasmModule = {
    imports: [],
    memory: { module: 'env', name: 'memory', min: 1, max: 16, shared: true },
    globals: ['heap'],
    functions: [{
      name: 'f', type: { params: ['f64', 'f64'], results: ['f64'] }, locals: [], localNames: ['x', 'y'],
      body: [
        { op: 'block', imm: 'f64' }, { op: 'local.get', imm: 1 }, { op: 'end' },
        { op: 'f64.const', imm: Infinity }, { op: 'f64.add' }, { op: 'f64.const', imm: -Infinity }, { op: 'f64.add' },
        { op: 'f64.const', imm: NaN }, { op: 'f64.add' }, { op: 'f64.const', imm: -0 }, { op: 'f64.add' },
        { op: 'f64.const', imm: 0 }, { op: 'f64.add' }, { op: 'f64.const', imm: 2.5 }, { op: 'f64.add' },
      ],
    }],
    exports: [{ name: 'f', func: 0 }, { name: 'heap', global: 0 }],
  };
  assert.ok(WebAssembly.validate(encodeModule(m)));
  const wat = printWat(m);
  assert.match(wat, /^\s*block \(result f64\)/m);
  assert.match(wat, /^\s*local\.get 1\b/m);
  assert.doesNotMatch(wat, /local\.get \(result/);
  // f64 constants in the text format's spelling: inf, -inf, nan, and -0 apart from 0
  const consts = wat.split('\n').filter((l) => l.trim().startsWith('f64.const')).map((l) => l.trim());
  assert.deepEqual(consts, ['f64.const inf', 'f64.const -inf', 'f64.const nan', 'f64.const -0', 'f64.const 0', 'f64.const 2.5']);
  assert.match(wat, /\(export "f" \(func 0\)\)/);
  assert.match(wat, /\(export "heap" \(global 0\)\)/);
});
