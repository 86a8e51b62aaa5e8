// Recursion (src/jit/infer/recursion.ts): self and mutual, across memoJit functions and discovered plain
// callees, typed by fixed point (a number-or-false return where a number-or-boolean was assumed settles);
// compiled equals plain with Object.is, the same writes, the same exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

function fib(n: number): number {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

function ackermann(m: number, n: number): number {
  if (m === 0) return n + 1;
  if (n === 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

function partition(a: Float64Array, lo: number, hi: number): number {
  const pivot = a[hi]!;
  let i = lo;
  for (let j = lo; j < hi; j++) {
    if (a[j]! < pivot) {
      const t = a[i]!; a[i] = a[j]!; a[j] = t;
      i++;
    }
  }
  const t = a[i]!; a[i] = a[hi]!; a[hi] = t;
  return i;
}

function quicksort(a: Float64Array, lo: number, hi: number): void {
  if (lo >= hi) return;
  const p = partition(a, lo, hi);
  quicksort(a, lo, p - 1);
  quicksort(a, p + 1, hi);
}

function isEven(n: number): boolean {
  return n === 0 ? true : isOdd(n - 1);
}
function isOdd(n: number): boolean {
  return n === 0 ? false : isEven(n - 1);
}

function collatzSteps(x: number): number {
  if (x === 1) return 0;
  return 1 + collatzSteps(x % 2 === 0 ? x / 2 : 3 * x + 1);
}

function callsFib(k: number) { return fib(k) * 2 + factorial(k / 2); }

test('fib, ackermann, factorial and a Collatz count compile and equal the plain function', () => {
  const cases: Array<[(...a: number[]) => unknown, number[][]]> = [
    [fib, [[0], [1], [2], [10], [20], [-3], [2.5], [NaN]]],
    [ackermann, [[0, 0], [1, 2], [2, 3], [3, 3]]],
    [factorial, [[0], [1], [5], [20], [170], [171], [-1], [3.5]]],
    [collatzSteps, [[1], [7], [27], [97]]],
    [callsFib, [[3], [12], [0.5]]],
  ];
  for (const [fn, argLists] of cases) {
    const jitted = memoJit(fn);
    for (const args of argLists) {
      let want: unknown; let wantErr: unknown; let got: unknown; let gotErr: unknown;
      try { want = fn(...args); } catch (e) { wantErr = e; }
      try { got = jitted(...args); } catch (e) { gotErr = e; }
      // fib(NaN) never reaches its base case: both overflow the stack (at different depths)
      if (wantErr || gotErr) assert.ok(gotErr instanceof RangeError && wantErr instanceof RangeError, `${fn.name}(${args.join(', ')}): ${String(gotErr)} vs ${String(wantErr)}`);
      else assert.ok(Object.is(got, want), `${fn.name}(${args.join(', ')}): ${String(got)} vs ${String(want)}`);
    }
  }
  const f = memoJit(fib);
  f(5);
  assert.match(Object.values(f.inspect())[0]!, /function \$fn_fib[^(]*\([^)]*\) \{[\s\S]*\$fn_fib/);
});

test('a recursive quicksort sorts a Float64Array in place exactly as the plain one', () => {
  const sort = memoJit(quicksort);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 200 - 100;
  for (const n of [0, 1, 2, 17, 300]) {
    const base = Float64Array.from({ length: n }, rand);
    if (n > 5) { base[3] = -0; base[4] = 0; base[5] = NaN; }
    const want = base.slice();
    const got = base.slice();
    quicksort(want, 0, want.length - 1);
    assert.equal(sort(got, 0, got.length - 1), undefined);
    for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], want[i]), `n=${n}, index ${i}`);
  }
});

test('mutual recursion returning booleans, and memoJit functions calling each other', () => {
  const even = memoJit(isEven);
  for (const n of [0, 1, 7, 10, 2.5]) {
    let want: unknown; let wantErr: unknown; let got: unknown; let gotErr: unknown;
    try { want = isEven(n); } catch (e) { wantErr = e; }
    try { got = even(n); } catch (e) { gotErr = e; }
    if (wantErr) {
      assert.ok(gotErr instanceof RangeError && wantErr instanceof RangeError, `isEven(${n}) overflows the stack in both`);
    } else assert.equal(got, want, `isEven(${n})`);
  }
  const jOdd = memoJit(function jOdd(n: number): number { return n <= 0 ? 0 : 1 + jEven(n - 1); });
  const jEven = memoJit(function jEven(n: number): number { return n <= 0 ? 0 : 2 + jOdd(n - 1); });
  assert.equal(jEven(9), 2 + 1 + 2 + 1 + 2 + 1 + 2 + 1 + 2);
  assert.equal(jOdd(4), 1 + 2 + 1 + 2);
});

test('a recursion whose type cannot be found is a located error', () => {
  function noBase(x: number): number { return noBase(x - 1); }
  const e = catchJit(() => memoJit(noBase)(3));
  assert.match(e.message, /never returns except through its own recursive calls/);
  assert.ok(e.line !== undefined);
  // arithmetic on the recursive result types it (as any number); then both overflow the stack alike
  function noBaseTwice(x: number): number { return noBaseTwice(x - 1) * 2; }
  assert.throws(() => noBaseTwice(3), RangeError);
  assert.throws(() => memoJit(noBaseTwice)(3), RangeError);
  // a boolean base case beside arithmetic on the recursive result: a number or a boolean (infer/num-or-bool.ts),
  // true + 1 being 2 as in JS
  function mixed(x: number): number | boolean { if (x > 3) return true; return mixed(x + 1) as number + 1; }
  const m = memoJit(mixed);
  for (const x of [1, 4, 3.5, -2]) assert.ok(Object.is(m(x), mixed(x)), `mixed(${x})`);
  assert.equal(m(1), 4);
  assert.equal(m(4), true);
});

test('a recursion returning false or a number (false at the base, arithmetic on the recursive result) settles', () => {
  // its calls are typed as a number or a boolean, the function returns a number or false: one type in compiled code
  function total(n: number): number | false {
    if (n <= 0) return false;
    const r = total(n - 1);
    return r === false ? n : r + n;
  }
  const t = memoJit(total);
  for (const n of [0, -1, -0, 1, 3, 4.5]) assert.ok(Object.is(t(n), total(n)), `total(${n}): ${String(t(n))} vs ${String(total(n))}`);
  assert.equal(t(0), false);
  assert.equal(t(3), 3 + 2 + 1);
});

test('a recursion returning an object or null: assumed to return one of its object arguments (Are We Fast Yet list tail)', () => {
  class TailNode {
    declare val: number;
    declare next: TailNode | null;
    constructor(v: number) {
      this.val = v;
      this.next = null;
    }
  }
  function make(n: number): TailNode | null {
    if (n === 0) return null;
    const e = new TailNode(n);
    e.next = make(n - 1);
    return e;
  }
  function shorter(x: TailNode | null, y: TailNode | null): boolean {
    let a = x, b = y;
    while (b !== null) {
      if (a === null) return true;
      a = a.next;
      b = b.next;
    }
    return false;
  }
  function tail(x: TailNode | null, y: TailNode | null, z: TailNode | null): TailNode | null {
    if (shorter(y, x)) return tail(tail(x!.next, y, z), tail(y!.next, z, x), tail(z!.next, x, y));
    return z;
  }
  function count(l: TailNode | null): number {
    let n = 0;
    for (let x = l; x !== null; x = x.next) n++;
    return n;
  }
  function bench(a: number, b: number, c: number): number {
    return count(tail(make(a), make(b), make(c)));
  }
  const compiled = memoJit(bench);
  // the benchmark's own check: tail of lists of 15, 10 and 6 is 10 long
  assert.equal(compiled(15, 10, 6), 10);
  for (const [a, b, c] of [[6, 4, 2], [3, 3, 3], [0, 2, 1]] as const) assert.equal(compiled(a, b, c), bench(a, b, c), `${a}, ${b}, ${c}`);
  // y is null where tail reads y.next: the same TypeError as the plain function
  assert.throws(() => bench(5, 0, 0), { name: 'TypeError', message: "Cannot read properties of null (reading 'next')" });
  assert.throws(() => compiled(5, 0, 0), { name: 'TypeError', message: "Cannot read properties of null (reading 'next')" });
});
