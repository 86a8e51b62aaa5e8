// The speed work on dispatch (src/jit/dispatch/fastpath.ts, memojit.ts) and on the entry's checks
// (src/jit/js/codegen.ts): the entry takes its arguments as a rest parameter, the fallback gets the parameters
// instead of `arguments`, plain-array elements are checked by a loop in each specialization, and an empty `[]`
// compiles as `number[]` when it cannot be `number[][]`. Differential: every call gives what the plain function
// gives (Object.is on numbers, element by element on arrays, the same writes), on exactly the inputs a relaxed
// guard would get wrong: arrays holding a string, undefined or a hole, arrays changed between calls (after the
// inline cache is installed), typed-array subclasses, aliased arrays, and calls with fewer or more arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';

type Fn = (...args: never[]) => unknown;

/** What a call gives: its value or the class and message of what it threw. */
function outcome(f: Fn, self: unknown, args: unknown[]): { value: unknown } | { threw: string } {
  try {
    return { value: (f as (...a: unknown[]) => unknown).apply(self, args) };
  } catch (e) {
    return { threw: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

function same(a: unknown, b: unknown, what: string): void {
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    assert.equal(y.length, x.length, `${what}: length`);
    for (let i = 0; i < x.length; i++) {
      // Objects in an array are the caller's own on each side: compared by kind, numbers by Object.is.
      const equal = typeof x[i] === 'object' && x[i] !== null ? typeof y[i] === 'object' && y[i] !== null : Object.is(x[i], y[i]);
      assert.ok(equal, `${what}[${i}]: plain ${String(x[i])}, compiled ${String(y[i])}`);
    }
    return;
  }
  assert.ok(Object.is(a, b), `${what}: plain ${String(a)}, compiled ${String(b)}`);
}

/**
 * Calls the plain and the compiled function on copies of the same arguments (made by `make`, so each side
 * gets its own arrays with the same aliasing) and compares the result and every argument afterwards.
 */
function agree(plain: Fn, jitted: Fn, make: () => unknown[], what: string): void {
  const pa = make(), ja = make();
  const p = outcome(plain, undefined, pa), j = outcome(jitted, undefined, ja);
  if ('threw' in j && 'threw' in p) assert.equal(j.threw, p.threw, `${what}: exception`);
  else if ('value' in p && 'value' in j) same(p.value, j.value, `${what}: result`);
  else assert.fail(`${what}: plain ${JSON.stringify(p)}, compiled ${JSON.stringify(j)}`);
  for (let i = 0; i < pa.length; i++) if (Array.isArray(pa[i]) || ArrayBuffer.isView(pa[i])) same(pa[i], ja[i], `${what}: argument ${i} after the call`);
}

function total(xs: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

test('number[] elements that are not numbers run the plain function, also once the inline cache is installed', () => {
  const jitted = memoJit(total);
  const warm = (): number[] => [1, 2.5, 3];
  for (let k = 0; k < 50; k++) agree(total, jitted, () => [warm()], 'warm');
  const odd: Array<[string, () => unknown[]]> = [
    ['a string', () => [[1, 'two' as unknown as number, 3]]],
    ['undefined', () => [[1, undefined as unknown as number, 3]]],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole', () => [[1, , 3]]],
    ['a string last', () => [[1, 2, '3' as unknown as number]]],
    ['null', () => [[1, null as unknown as number]]],
    ['an object with valueOf', () => [[1, { valueOf: () => 41 } as unknown as number]]],
  ];
  for (const [name, make] of odd) {
    agree(total, jitted, make, name);
    agree(total, jitted, () => [warm()], `${name}, then numbers again`);
  }
});

test('the element check is what keeps inference\'s assumption: Number.isFinite on a string element', () => {
  // Compiled as a number, `Number.isFinite(v)` of the element '5' would be true; plain JS says false. Without
  // the entry's element check the compiled code counts 3 here, the plain function 2.
  function finite(xs: number[]): number {
    let c = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i]!;
      if (Number.isFinite(v)) c++;
    }
    return c;
  }
  const jitted = memoJit(finite);
  for (let k = 0; k < 20; k++) agree(finite, jitted, () => [[1, 2, 3]], 'numbers');
  agree(finite, jitted, () => [[1, '5' as unknown as number, undefined as unknown as number, 3]], 'a string and undefined');
  const xs = [1, 2, 3];
  assert.equal(jitted(xs), 3);
  xs[1] = '2' as unknown as number;
  assert.equal(jitted(xs), finite(xs), 'changed since the last call');
});

test('an array changed between calls is checked again on the next call', () => {
  const jitted = memoJit(total);
  const xs = [1, 2, 3], ys = [1, 2, 3];
  assert.equal(jitted(ys), total(xs));
  xs[1] = 'x' as unknown as number;
  ys[1] = 'x' as unknown as number;
  assert.equal(jitted(ys), total(xs));
  delete xs[1];
  delete ys[1];
  assert.ok(Object.is(jitted(ys), total(xs)));
  xs.length = 10;
  ys.length = 10;
  assert.ok(Object.is(jitted(ys), total(xs)));
});

test('a fallback after the prologue sees the arguments as given (parameters, not `arguments`)', () => {
  function scaled(xs: number[], k = 2): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * k;
    k = 100; // reassigned after the checks: the fallback must not see it
    return s + k;
  }
  const jitted = memoJit(scaled) as unknown as Fn;
  const plain = scaled as unknown as Fn;
  agree(plain, jitted, () => [[1, 2]], 'numbers');
  agree(plain, jitted, () => [[1, 'b']], 'a string, default k');
  agree(plain, jitted, () => [[1, 'b'], 3], 'a string, k given');
  agree(plain, jitted, () => [[1, 2], 3, 7], 'an extra argument');
  agree(plain, jitted, () => [[1, 'b'], 3, 7], 'an extra argument, a string element');
  assert.equal(jitted.length, scaled.length, 'the entry keeps the original parameter count');
});

test('aliased number[] arguments: writes through one are read through the other', () => {
  function shift(a: number[], b: number[]): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      a[i] = a[i]! + 1;
      s += b[i]!;
    }
    return s;
  }
  const jitted = memoJit(shift) as unknown as Fn;
  const plain = shift as unknown as Fn;
  agree(plain, jitted, () => [[1, 2, 3], [4, 5, 6]], 'separate');
  agree(plain, jitted, () => { const x = [1, 2, 3]; return [x, x]; }, 'aliased');
  agree(plain, jitted, () => { const x = [1, 2, 'q']; return [x, x]; }, 'aliased, holding a string');
});

test('a typed-array subclass never takes the inline cache of its base class', () => {
  function tsum(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]!;
    return s;
  }
  class Short extends Float64Array {
    override get length(): number { return 1; }
  }
  const jitted = memoJit(tsum);
  for (let k = 0; k < 50; k++) assert.equal(jitted(new Float64Array([1, 2, 3])), 6);
  const sub = new Short([1, 2, 3]);
  // The plain function reads the overridden length (1); a guard that took the subclass for a Float64Array
  // would run the specialization, which reads the real length (6). A located JitError is also acceptable.
  try {
    assert.ok(Object.is(jitted(sub), tsum(sub)));
  } catch (e) {
    assert.ok(e instanceof JitError, String(e));
  }
  assert.equal(jitted(new Float64Array([1, 2, 3])), 6);
});

test('an empty [] compiles as number[] when it cannot be number[][], and never serves a non-empty array wrongly', () => {
  const jitted = memoJit(total);
  assert.ok(Object.is(jitted([]), 0));
  assert.equal(jitted([1, 2]), 3);
  assert.ok(Object.is(jitted([]), 0));
  function rowsTotal(m: number[][]): number {
    let s = 0;
    for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]!;
    return s;
  }
  const jm = memoJit(rowsTotal);
  assert.ok(Object.is(jm([]), 0));
  assert.equal(jm([[1, 2], [3]]), 6);
  // An empty array first, then a matrix: the key of the empty call must not be reused for the matrix.
  const jm2 = memoJit(rowsTotal);
  assert.ok(Object.is(jm2([]), 0));
  assert.equal(jm2([[1, 2], [3, 4]]), 10);
  // A function that cannot use an empty array either way still gets a located JitError.
  function first(xs: number[]): number { return xs[0]! * 2; }
  const jf = memoJit(first);
  const plainEmpty = outcome(first as unknown as Fn, undefined, [[]]);
  const jitEmpty = outcome(jf as unknown as Fn, undefined, [[]]);
  if ('value' in jitEmpty) same((plainEmpty as { value: unknown }).value, jitEmpty.value, 'first([])');
  else assert.match(jitEmpty.threw, /^JitError/);
});

test('a method with an array argument: `this` and the arguments reach the specialization and the fallback', () => {
  class Acc {
    base = 10;
    add(xs: number[]): number {
      let s = this.base;
      for (let i = 0; i < xs.length; i++) s += xs[i]!;
      return s;
    }
  }
  const jadd = memoJit(Acc.prototype.add);
  const a = new Acc();
  assert.equal(jadd.call(a, [1, 2]), 13);
  assert.equal(jadd.call(a, [1, 'x' as unknown as number]), Acc.prototype.add.call(a, [1, 'x' as unknown as number]));
});
