// Issue 11, items 3 and 4: the user's names never meet the compiler's (`$pack`, `$S`, `$t0`, `$d_m`…), the
// globals generated code reads (`Infinity`, `NaN`…) or strict-mode reserved words of a sloppy source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { JitError } from '../../../src/jit/errors.js';
import { userName } from '../../../src/jit/js/names.js';

type Fn = (...args: never[]) => unknown;

/** A sloppy-mode function from source: test files are modules (strict), which cannot even write these names. */
const sloppy = (source: string): Fn => (0, eval)(`(${source})`) as Fn;

/** The compiled function returns what the plain one does, for each argument list. */
function same(plain: Fn, ...calls: unknown[][]): void {
  const jitted = memoJit(plain as (...args: unknown[]) => unknown);
  for (const args of calls) {
    const want = (plain as (...a: unknown[]) => unknown)(...args);
    assert.deepEqual(jitted(...args), want, `${plain.name}(${args.map(String).join(', ')})`);
  }
}

test('a local named Infinity or NaN does not change the constants compiled code uses', () => {
  same(sloppy('function inf1(x) { let Infinity = 1; return Number.POSITIVE_INFINITY + x; }'), [1]);
  same(sloppy('function nan1(x) { let NaN = 1; return Number.NaN + x + NaN; }'), [1]);
  same(sloppy('function inf2(x) { let Infinity = 2; return x / 0 + Infinity; }'), [1], [-1]);
});

test('a function named Infinity returns its number, not its own source', () => {
  same(sloppy('function Infinity(x) { return x + 1; }'), [1], [2.5]);
  same(sloppy('function Infinity(x) { return x + Number.POSITIVE_INFINITY; }'), [1]);
  same(sloppy('function NaN(x) { return x < 0 ? Number.NaN : x; }'), [1], [-1]);
});

test('block-scoped locals named like compiler names ($d_m, $c_m, $t0) keep their own values', () => {
  same(sloppy('function dm(m) { let s = 0; { let $d_m = 1; s += $d_m; } return s + m[0][0]; }'), [[[0, 1], [2, 3]]]);
  same(sloppy('function cm(m) { let s = 0; for (let i = 0; i < 2; i++) { const $c_m = 4; s = $c_m + m[i][1]; } return s; }'), [[[0, 1], [2, 3]]]);
  same(sloppy('function t0(m, j) { let $t0 = 7; return $t0 + m[1][j + 0]; }'), [[[1, 2], [3, 4]], 1]);
});

test('a parameter named $S does not receive the generator state, nor does the caller\'s array get it', () => {
  const rs2 = sloppy('function rs2($S) { Math.random(); return $S.length; }');
  const xs = new Float64Array([1, 2, 3]);
  same(rs2, [xs]);
  assert.deepEqual([...xs], [1, 2, 3]);
});

test('a function or parameters named $pack and $fallback work as plain', () => {
  same(sloppy('function $pack(m) { return m[0][0] + m[1][1]; }'), [[[1, 2], [3, 4]]]);
  same(sloppy('function pf($pack, $fallback) { return $pack[0][1] * $fallback; }'), [[[1, 2], [3, 4]], 3], [[[1], [2, 3]], 3]);
});

test('strict-mode reserved words of a sloppy source compile renamed, not a raw SyntaxError', () => {
  const sources: Array<[string, unknown[]]> = [
    ['function w1(x) { var let = x + 1; return let * 2; }', [1]],
    ['function w2(x) { let static = x; return static + 1; }', [2.5]],
    ['function w3(x) { let yield = 3; return yield * x; }', [2.5]],
    ['function w4(x) { let implements = x, interface = 2; return implements - interface; }', [2.5]],
    ['function w5(x) { let arguments = x * 2; return arguments; }', [2.5]],
    ['function w6(x) { let eval = x - 1; return eval; }', [2.5]],
    ['function w7(x) { var l\\u0065t = x; return let + 1; }', [2.5]],
    ['function w8(arguments, eval) { return arguments + eval; }', [1, 2]],
  ];
  for (const [source, args] of sources) {
    const plain = sloppy(source);
    try {
      same(plain, args);
    } catch (error) {
      // Rejecting is allowed only as a located JitError naming the construct.
      assert.ok(error instanceof JitError, `${source}: ${String(error)}`);
    }
  }
  // Renaming is what the compiler does: all of them give the plain result.
  for (const [source, args] of sources) same(sloppy(source), args.map((a) => (a as number) + 1));
});

test('ordinary names are kept; renamed ones cannot collide with kept or compiler ones', () => {
  assert.equal(userName('acc'), 'acc');
  assert.equal(userName('x$1'), 'x$1');
  assert.equal(userName('$i'), '$i'); // no generated shape: lowering's temporaries look like this, kept apart by lowering
  const renamed = ['Infinity', 'NaN', 'undefined', 'Math', 'Float64Array', '$fallback', '$rows', '$S', '$s0', '$t0', '$d_m', '$fn_g', '$u_x', 'let', 'arguments'].map(userName);
  for (const r of renamed) assert.ok(r.startsWith('$u_'), r);
  assert.equal(userName('$pack'), '$pack', 'no longer a runtime name: number[][] is read in place, never packed');
  assert.equal(new Set(renamed).size, renamed.length);
});
