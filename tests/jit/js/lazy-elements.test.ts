// js/lazy-elements.ts: a plain array read by a function that writes nothing outside its locals is checked at each
// read, not in one pass on entry, so an O(1) function on a large array stays O(1). A hole or an element of
// another kind at a read (the first element names the signature, number[]; the others may be anything) must still
// give exactly what the plain function gives (it runs instead), including
// after the compiled body reassigned a parameter, threw, or returned before reaching it. Elements the entry only
// returns through + - * / (a quantile) need no check at all: the generated arithmetic is the source's, and an
// object's valueOf runs as often as in the plain function, even when other reads in the value are checked.
// A function whose only writes go into arrays it made itself (row-norms' `out`) checks number[][] rows where
// it reads them too, and then each row element it reads, so an object's valueOf runs as often as in the plain
// function; arrays it shows to others (an alias, a method call, an argument) keep the entry pass, and so do
// rows read inside two nested loops (read many times each: pairwise distances, closest pair).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { rng } from '../../_support/rng.js';
import { compileSpecialization } from '../../../src/internals.js';
import { instantiate } from '../../../src/jit/js/runtime.js';

// simple-statistics' quantileSorted, shortened: reads at most three elements.
function quantile(x: number[], p: number): number {
  const idx = (x.length - 1) * p;
  if (x.length === 0) throw new Error('quantile requires at least one data point.');
  if (idx % 1 !== 0) {
    const lower = Math.floor(idx), upper = Math.ceil(idx);
    return x[lower]! + (idx - lower) * (x[upper]! - x[lower]!);
  }
  return x[idx]!;
}

// Reassigns its parameters before reading, and reads in a loop.
function shiftedSum(xs: number[], n: number): number {
  n--;
  let s = 0;
  for (let i = 0; i <= n; i++) s += xs[i]! * 2;
  xs = [1];
  return s + xs.length;
}

function entrySource(f: { inspect(): Record<string, string> }): string {
  return Object.values(f.inspect()).join('\n');
}

// Reads one element into a local: its value is used by compiled code, so the read is checked.
function middleSquared(x: number[]): number {
  const m = x[x.length >> 1]!;
  return m * m;
}

test('a read-only function checks the elements it reads, not the whole array on entry', () => {
  const q = memoJit(middleSquared);
  assert.equal(q([1, 2, 3, 4]), 9);
  const source = entrySource(q);
  assert.ok(!source.includes('$s_i'), `no entry pass over x:\n${source}`);
  assert.ok(source.includes('$lazyMiss'), source);
});

test('a function that writes into an array keeps the entry pass (a partial run could not be undone)', () => {
  const fill = memoJit(function fill(xs: number[]): number {
    xs[0] = 7;
    return Math.abs(xs[1]!);
  });
  assert.equal(fill([1, 2]), 2);
  assert.ok(entrySource(fill).includes('$s_i'));
});

test('a hole or an element of another kind at a read gives what the plain function gives', () => {
  const q = memoJit(quantile);
  q([1, 2, 3], 0.25);
  const cases: Array<[unknown[], number]> = [
    [[1, 'two', 3, 4], 0.5], // 'two' is read: string arithmetic in plain JS
    [[1, 'two', 3, 4], 0], // 'two' is never read: the compiled path, same answer
    [[1, , 3], 0.5], // a hole at the index read
    [[1, 2, , 4], 0.25], // a hole elsewhere: not read
    [[1, 2, 3, null], 1], // null read
    [[1, true, 3], 0.5], // a boolean read
    [[1, 2, 3, undefined], 0.9],
  ];
  for (const [xs, p] of cases) {
    assert.deepEqual(q(xs as number[], p), quantile(xs as number[], p), `${JSON.stringify(xs)} at ${p}`);
  }
});

test('the plain function gets the arguments as given, though the compiled body reassigned them before the bad read', () => {
  const f = memoJit(shiftedSum);
  assert.equal(f([1, 2, 3], 3), shiftedSum([1, 2, 3], 3));
  const bad = [1, 2, 'x', 4];
  assert.equal(f(bad as number[], 4), shiftedSum(bad as number[], 4));
  const holey = [1, 2, , 4];
  assert.ok(Number.isNaN(f(holey as number[], 4)));
  assert.deepEqual(f(holey as number[], 2), shiftedSum(holey as number[], 2));
});

test('a throw or a return before the bad element is reached is what the plain function does too', () => {
  const q = memoJit(quantile);
  q([1, 2], 0.5);
  assert.throws(() => q([] as number[], 0.5), { name: 'Error', message: 'quantile requires at least one data point.' });
  const early = memoJit(function early(xs: number[], k: number): number {
    if (k < 0) throw new RangeError(`k is ${k}`);
    if (k === 0) return -1;
    return xs[k]!;
  });
  early([1, 2], 1);
  // The first element names the signature (number[]); the others are read, or not, after the throw or return.
  assert.throws(() => early([0, 'b'] as unknown as number[], -1), { name: 'RangeError', message: 'k is -1' });
  assert.equal(early([0, 'b'] as unknown as number[], 0), -1);
  assert.equal(early([0, 'b'] as unknown as number[], 1), 'b');
});

test('indices that are not elements (out of range, negative, fractional) read what JS reads, without falling back', () => {
  const at = memoJit(function at(xs: number[], i: number): number {
    return xs[i]!;
  });
  at([1, 2, 3], 1);
  for (const i of [-1, 3, 100, 1.5, -0, 2]) {
    assert.deepEqual(at([1, 2, 3], i), [1, 2, 3][i], `index ${i}`);
  }
});

test('generated arrays with holes and foreign elements: compiled equals plain on 2,000 calls (seed 4077)', () => {
  const r = rng(4077);
  const fs = [memoJit(quantile), memoJit(shiftedSum)];
  fs[0]!([1, 2], 0.5);
  fs[1]!([1, 2] as number[], 2);
  const foreign = [undefined, null, 'x', '3', true, false, {}, NaN, -0];
  for (let k = 0; k < 2000; k++) {
    const n = 1 + Math.floor(r() * 12);
    const xs: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const u = r();
      if (u < 0.1) continue; // leaves a hole when a later element is set
      xs[i] = u < 0.2 ? foreign[Math.floor(r() * foreign.length)] : Math.round((r() - 0.5) * 100) / 4;
    }
    xs[0] = Math.round((r() - 0.5) * 100) / 4; // the first element names the signature: number[]
    const p = Math.floor(r() * 9) / 8;
    const m = Math.floor(r() * (n + 2));
    const plainQ = (() => { try { return quantile(xs as number[], p); } catch (e) { return e; } })();
    const compiledQ = (() => { try { return fs[0]!(xs as number[], p); } catch (e) { return e; } })();
    assert.deepEqual(compiledQ, plainQ, `quantile(${JSON.stringify(xs)}, ${p})`);
    assert.deepEqual(fs[1]!(xs as number[], m), shiftedSum(xs as number[], m), `shiftedSum(${JSON.stringify(xs)}, ${m})`);
  }
});

test('reads whose compiled meaning depends on the element kind (`??`, `== null`, typeof) fall back at a foreign element', () => {
  // Compiled for number[], `xs[i] ?? -5` is the element and `xs[i] == null` is false; without the check at the
  // read, a null element gave null and 0 where plain JavaScript gives -5 and 1.
  const fns = [
    function orDefault(xs: number[], i: number): number { return xs[i] ?? -5; },
    function isNull(xs: number[], i: number): number { return xs[i] == null ? 1 : 0; },
    function isNumber(xs: number[], i: number): number { return typeof xs[i] === 'number' ? 1 : 0; },
    function isUndefined(xs: number[], i: number): number { return xs[i] === undefined ? 1 : 0; },
  ];
  const inputs = [[1, 'x', 3], [1, , 3], [1, null, 3], [1, '2', 3], [1, true, 3], [1, 2, 3]] as unknown as number[][];
  for (const fn of fns) {
    const cf = memoJit(fn);
    cf([1, 2, 3], 1);
    for (const xs of inputs) for (const i of [0, 1, 5]) assert.equal(cf(xs, i), fn(xs, i), `${fn.name}(${JSON.stringify(xs)}, ${i})`);
  }
});

// Read from outside by callees: their reads are checked too, and a miss in any of them reruns the whole call.
const PICKED: unknown[] = [1, 2];

test('an array read from outside by a callee or a recursive call is checked there; a miss reruns the whole call', () => {
  // Were a miss answered for the inner call alone, `?? 100` (compiled away for a number) would see null.
  function pick(n: number): number {
    if (n <= 0) return PICKED[1] as number;
    return (pick(n - 1) ?? 100) + 1;
  }
  function second(): number { return (PICKED[1] as number) ?? -1; }
  function viaHelper(k: number): number { return second() * k; }
  const f = memoJit(pick), g = memoJit(viaHelper);
  assert.equal(f(2), pick(2));
  assert.equal(g(3), viaHelper(3));
  PICKED[1] = null;
  try {
    assert.equal(f(2), pick(2)); // 102: plain reads null, and null ?? 100 is 100
    assert.equal(g(3), viaHelper(3)); // -3
  } finally {
    PICKED[1] = 2;
  }
});

// simple-statistics' mean and sum as written (ISC licence; the corpus's ss-mean): the array is handed to a helper.
function kahanSum(x: number[]): number {
  if (x.length === 0) return 0;
  let sum = x[0]!, correction = 0, transition;
  if (typeof sum !== 'number') return Number.NaN;
  for (let i = 1; i < x.length; i++) {
    if (typeof x[i] !== 'number') return Number.NaN;
    transition = sum + x[i]!;
    if (Math.abs(sum) >= Math.abs(x[i]!)) correction += sum - transition + x[i]!;
    else correction += x[i]! - transition + sum;
    sum = transition;
  }
  return sum + correction;
}
function mean(x: number[]): number {
  if (x.length === 0) throw new Error('mean requires at least one data point');
  return kahanSum(x) / x.length;
}

test('an array handed to a module function that only reads it is checked in that function, with no entry pass', () => {
  const m = memoJit(mean);
  assert.equal(m([1, 2, 3, 4]), 2.5);
  const source = entrySource(m);
  assert.ok(!source.includes('$s_i'), `no entry pass over x:\n${source}`);
  const r = rng(5113);
  const foreign = [undefined, null, 'x', '3', true, {}, NaN, -0];
  for (let k = 0; k < 1000; k++) {
    const n = Math.floor(r() * 10);
    const xs: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const u = r();
      if (u < 0.08) continue;
      xs[i] = u < 0.16 ? foreign[Math.floor(r() * foreign.length)] : Math.round((r() - 0.5) * 100) / 8;
    }
    if (n > 0) xs[0] = 1.5; // names the signature
    const plain = (() => { try { return mean(xs as number[]); } catch (e) { return e; } })();
    const compiled = (() => { try { return m(xs as number[]); } catch (e) { return e; } })();
    assert.deepEqual(compiled, plain, `mean(${JSON.stringify(xs)})`);
  }
});

function total(x: Float64Array): number { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]!; return s; }
function head(x: number[], y: Float64Array): number { return x[0]! + total(y); }

test('checks at the reads are per function: a callee\'s typed array of the same name is read directly, never falling back', () => {
  // The entry's lazy set once applied by name in every function, and `typeof` of an f64 element tested against
  // 'undefined': every call fell back to the plain function (right answer, the compiled code never used).
  const { source } = compileSpecialization(head, [{ kind: 'array', element: 'num' }, { kind: 'array', element: 'f64' }]);
  let fallbacks = 0;
  const entry = instantiate(source, (self, args) => { fallbacks++; return head.apply(self, args as [number[], Float64Array]); });
  assert.equal(entry([1, 2], new Float64Array([3, 4])), 8);
  assert.equal(entry([5, 'x'], new Float64Array([1])), 6);
  assert.equal(fallbacks, 0, source);
  assert.equal(entry(['y', 2], new Float64Array([1])), 'y1'); // a foreign element read: the plain function runs
  assert.equal(fallbacks, 1);
});

// Are We Fast Yet's sieve (MIT; the corpus's awfy-sieve), and variants whose flags are read in other tests.
function sieve(flags: boolean[], size: number): number {
  let primeCount = 0;
  for (let i = 2; i <= size; i += 1) {
    if (flags[i - 1]) {
      primeCount += 1;
      let k = i + i;
      while (k <= size) {
        flags[k - 1] = false;
        k += i;
      }
    }
  }
  return primeCount;
}
function tests(flags: boolean[]): number {
  let c = 0;
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i] || (flags[i + 1] && i > 2)) c += 1; // `!`, `&&` in a condition
    c += flags[i] ? 2 : 0; // a condition of ?:
    if (flags[i]) c++; // compiled branchless: a flag of the element's truthiness
  }
  return c;
}
function copies(flags: boolean[]): number {
  let c = 0;
  for (let i = 0; i < flags.length; i++) {
    // compiled for boolean[]: `??` and `== null` test for undefined alone, which a null element would fool
    if (flags[i] ?? true) c += 10;
    if (flags[i] == null) c += 100;
  }
  return c;
}

test('a plain array read only for its truthiness needs no element check at all, even when written', () => {
  const s = memoJit(sieve), t = memoJit(tests), c = memoJit(copies);
  s(new Array(10).fill(true), 10);
  t([true, false]);
  c([true, false]);
  assert.ok(!entrySource(s).includes('$s_i') && !entrySource(s).includes('$lazyMiss'), entrySource(s));
  assert.ok(!entrySource(t).includes('$s_i'), entrySource(t));
  assert.ok(/\$s_i|\$lazyMiss/.test(entrySource(c)), `?? and == null depend on the kind: checked\n${entrySource(c)}`);
  const r = rng(7219);
  const foreign = [undefined, null, 0, 1, -0, NaN, '', 'x', {}, [], 2n];
  for (let k = 0; k < 1500; k++) {
    const n = 2 + Math.floor(r() * 30);
    const make = (): unknown[] => {
      const xs: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const u = r();
        if (u < 0.1) continue;
        xs[i] = u < 0.3 ? foreign[Math.floor(r() * foreign.length)] : u < 0.8;
      }
      xs[0] = true; // names the signature: boolean[]
      return xs;
    };
    const xs = make(), size = Math.floor(r() * (n + 3));
    const plainFlags = xs.slice(), compiledFlags = xs.slice();
    assert.equal(s(compiledFlags as boolean[], size), sieve(plainFlags as boolean[], size), `sieve(${String(xs)}, ${size})`);
    assert.deepEqual(compiledFlags, plainFlags, 'the same writes');
    const ys = make();
    assert.equal(t(ys as boolean[]), tests(ys as boolean[]));
    assert.equal(c(ys as boolean[]), copies(ys as boolean[]));
  }
});

// simple-statistics' linearRegression, shortened: reads every row once, returns a new object.
function regression(data: number[][]): { m: number; b: number } {
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const p = data[i]!;
    sx += p[0]!; sy += p[1]!; sxx += p[0]! * p[0]!; sxy += p[0]! * p[1]!;
  }
  const m = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { m, b: sy / n - (m * sx) / n };
}

// Reads the first row only.
const firstX = (data: number[][]): number => data[0]![0]!;

test('number[][] rows of a read-only function are checked where each row is read: no pass on entry', () => {
  const c = memoJit(regression), f = memoJit(firstX);
  assert.deepEqual(c([[1, 2], [2, 4.5], [3, 6]]), regression([[1, 2], [2, 4.5], [3, 6]]));
  assert.equal(f([[7, 1]]), 7);
  const source = Object.values(c.inspect())[0]!;
  assert.doesNotMatch(source, /\$s_row/, 'no entry pass over the rows');
  assert.match(source, /\$isArray\(\$t\d+ = data\[/, 'each row checked where it is read');
  // A row the function never reads is never checked: the compiled function runs, as the plain one would.
  const late = [[5, 1], 'not a row'] as unknown as number[][];
  assert.equal(f(late), 5);
});

test('a foreign row where it is read gives what the plain function gives; typed rows stay compiled', () => {
  const c = memoJit(regression);
  c([[1, 2], [2, 3]]);
  const odd: unknown[][] = [
    [[1, 2], [2, 3], 'ab'], // a string row: p[0] is 'a' in both
    [[1, 2], [2, 3], null], // null row: TypeError in both
    [[1, 2], [2, 3], undefined],
    [[1, 2], Float64Array.of(2, 3), Int32Array.of(4, 5)], // typed rows: accepted by the check
    [[1, 2], new BigInt64Array(2)], // BigInt row: TypeError mixing BigInt and number, in both
    [[1, 2], { 0: 2, 1: 3 }], // an object with indices: the plain function runs and reads it
  ];
  for (const data of odd) {
    const run = (fn: typeof regression) => { try { return fn(data as number[][]); } catch (e) { return (e as Error).constructor; } };
    assert.deepEqual(run(c), run(regression), JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  }
  assert.equal(c.signatures.length, 1, 'one specialization: a miss runs the plain function, it does not respecialize');
});

test('a function that hands its number[][] on, or writes anywhere, keeps the entry pass over the rows', () => {
  const helper = (m: number[][]): number => m[0]![0]!;
  const handsOn = (m: number[][]): number => helper(m) + m.length;
  const writes = (m: number[][], out: Float64Array): number => { out[0] = m[0]![0]!; return m.length; };
  const a = memoJit(handsOn), w = memoJit(writes);
  assert.equal(a([[2]]), 3);
  assert.equal(w([[2]], new Float64Array(1)), 1);
  for (const fn of [a, w]) assert.match(Object.values(fn.inspect())[0]!, /\$s_row/, `${fn.name}: rows checked on entry`);
});

test('generated number[][] with foreign rows: compiled equals plain on 1,000 calls (seed 9173)', () => {
  const r = rng(9173);
  const c = memoJit(regression);
  c([[1, 2], [3, 4]]);
  const foreign = [undefined, null, 'xy', [1], [], Float32Array.of(1, 2), { 0: 1, 1: 2 }, 3];
  for (let k = 0; k < 1000; k++) {
    const n = 1 + Math.floor(r() * 8);
    const data: unknown[] = [];
    for (let i = 0; i < n; i++) {
      data.push(i > 0 && r() < 0.15 ? foreign[Math.floor(r() * foreign.length)] : [Math.round(r() * 40) / 4, Math.round((r() - 0.5) * 40) / 4]);
    }
    // (the first row names the signature, number[][]: a foreign one there is another signature)
    const run = (fn: typeof regression) => { try { return fn(data as number[][]); } catch (e) { return (e as Error).constructor; } };
    const got = run(c), want = run(regression);
    if (typeof want === 'object' && typeof got === 'object') {
      assert.ok(Object.is(got.m, want.m) && Object.is(got.b, want.b), JSON.stringify(data));
    } else assert.equal(got, want, JSON.stringify(data));
  }
});

// ------------------------------------------------------------------ writes into arrays the function made itself

// numba's row_norms: its only write is into `out`, which it made and returns.
function rowNorms(X: number[][]) {
  const n = X.length, d = X[0]!.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < d; j++) s += X[i]![j]! * X[i]![j]!;
    out[i] = Math.sqrt(s);
  }
  return out;
}

// Writes into a number[][] of new typed rows, each input row read once.
function scaledPairs(X: number[][]) {
  const D = Array.from({ length: X.length }, () => new Float64Array(2));
  for (let i = 0; i < X.length; i++) {
    const r = X[i]!;
    D[i]![0] = r[0]! * 2;
    D[i]![1] = r[1]! - r[0]!;
  }
  return D;
}

/** What a call gives: its value, or its exception's class and message. */
function outcome(f: () => unknown): unknown {
  try { return { value: f() }; } catch (e) { return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` }; }
}

test('a function whose only writes go into arrays it made checks each row where it reads it, not on entry', () => {
  const c = memoJit({ backend: 'js' })(rowNorms), p = memoJit({ backend: 'js' })(scaledPairs);
  assert.deepEqual(c([[3, 4], [1, 0]]), Float64Array.of(5, 1));
  assert.deepEqual(p([[1, 3]]), [Float64Array.of(2, 2)]);
  for (const fn of [c, p]) {
    const source = Object.values(fn.inspect())[0]!;
    assert.doesNotMatch(source, /\$s_row/, `${fn.name}: no entry pass over the rows`);
    assert.match(source, /\$isArray\(\$t\d+ = X\[/, `${fn.name}: each row checked where it is read`);
  }
});

test('rows and elements of every kind give what the plain function gives when the rows are checked where read', () => {
  const c = memoJit({ backend: 'js' })(rowNorms), p = memoJit({ backend: 'js' })(scaledPairs);
  c([[1, 2], [3, 4]]); p([[1, 2], [3, 4]]);
  for (const fn of [c, p]) assert.doesNotMatch(Object.values(fn.inspect())[0]!, /\$s_row/, `${fn.name}: the rows are checked where read`);
  const holey = [1, 2]; delete (holey as unknown[])[1];
  const inputs: unknown[][] = [
    [[1, 2], [3, 4], 'ab'], // a string row: its characters are the elements
    [[1, 2], [3, 4], null], // TypeError in both
    [[1, 2], undefined, [3, 4]],
    [[1, 2], Float64Array.of(2, 3), Int32Array.of(4, 5)], // typed rows stay compiled
    [[1, 2], [3]], // a short row: undefined, NaN in both
    [[1, 2], [3, 4, 5]], // a long row: its extra element unread
    [[1, 2], holey], // a hole
    [[1, 2], ['3', 4]], // a string element
    [[1, 2], [{ valueOf: () => 7 }, 4]], // an object element
    [[1, 2], [3, 4n]], // a BigInt element: TypeError in both
    [[1, 2], { 0: 2, 1: 3, length: 2 }], // an object with indices
    [[1, 2], [3, 4], [5, 6]],
  ];
  for (const X of inputs) {
    assert.deepEqual(outcome(() => c(X as number[][])), outcome(() => rowNorms(X as number[][])), `rowNorms ${String(X)}`);
    assert.deepEqual(outcome(() => p(X as number[][])), outcome(() => scaledPairs(X as number[][])), `scaledPairs ${String(X)}`);
  }
});

test('an element\'s valueOf runs as often as in the plain function when a later row sends the call to it', () => {
  // The compiled run stops at the foreign row and the plain function runs the call again from the start: the
  // valueOf of the element before it must not have run in the abandoned run as well.
  const sumFirst = (data: number[][]): number => { let s = 0; for (let i = 0; i < data.length; i++) s += data[i]![0]!; return s; };
  for (const fn of [sumFirst, rowNorms] as ((X: number[][]) => unknown)[]) {
    const c = memoJit({ backend: 'js' })(fn);
    c([[1, 2], [3, 4]]);
    let calls = 0;
    const counted = { valueOf: () => { calls++; return 5; } };
    const X = [[1, 2], [counted, 2], 'not a row'] as unknown as number[][];
    calls = 0; const want = outcome(() => fn(X)); const plainCalls = calls;
    calls = 0; const got = outcome(() => c(X));
    assert.deepEqual(got, want, fn.name);
    assert.equal(calls, plainCalls, `${fn.name}: valueOf calls`);
  }
});

test('writes into an array the function made but shows to others keep the entry pass over the rows', () => {
  // An alias or a method call could let another name see the array (here: each is still only the function's,
  // but the rule does not look further than the name).
  const aliased = (X: number[][]) => { const out = new Float64Array(X.length); const view = out; for (let i = 0; i < X.length; i++) view[i] = X[i]![0]!; return out; };
  const filled = (X: number[][]) => { const out = new Float64Array(X.length); out.fill(X[0]![0]!); return out; };
  const intoArgument = (X: number[][], out: Float64Array) => { for (let i = 0; i < X.length; i++) out[i] = X[i]![0]!; return out; };
  // their twin without the alias or the call checks where it reads
  const twin = (X: number[][]) => { const out = new Float64Array(X.length); for (let i = 0; i < X.length; i++) out[i] = X[i]![0]!; return out; };
  const t = memoJit({ backend: 'js' })(twin);
  assert.deepEqual(t([[2], [3]]), Float64Array.of(2, 3));
  assert.doesNotMatch(Object.values(t.inspect())[0]!, /\$s_row/, 'twin: rows checked where read');
  for (const fn of [aliased, filled]) {
    const c = memoJit({ backend: 'js' })(fn);
    assert.deepEqual(c([[2], [3]]), fn([[2], [3]]));
    assert.match(Object.values(c.inspect())[0]!, /\$s_row/, `${fn.name}: rows checked on entry`);
  }
  const c = memoJit({ backend: 'js' })(intoArgument);
  // the caller's array is written through before a foreign row could be found: the entry pass must find it first
  const out = new Float64Array(3);
  const X = [[1], [2], 'x'] as unknown as number[][];
  const want = intoArgument(X, new Float64Array(3));
  assert.deepEqual(c(X, out), want);
  assert.match(Object.values(c.inspect())[0]!, /\$s_row/, 'rows checked on entry');
});

test('rows read inside two nested loops are checked in one pass on entry, not at each of their many reads', () => {
  // pairwise distances read row j once per i: checking where read would check each row n times
  const pairwiseSum = (X: number[][]) => {
    let t = 0;
    for (let i = 0; i < X.length; i++) for (let j = 0; j < X.length; j++) t += Math.abs(X[i]![0]! - X[j]![0]!);
    return t;
  };
  const c = memoJit({ backend: 'js' })(pairwiseSum);
  assert.equal(c([[1], [4]]), 6);
  const source = Object.values(c.inspect())[0]!;
  assert.match(source, /\$s_row/, 'one pass on entry');
  assert.doesNotMatch(source, /\$lazyMiss/, 'nothing checked where read');
  assert.equal(c([[1], 'ab'] as unknown as number[][]), pairwiseSum([[1], 'ab'] as unknown as number[][]));
});

// Loads returned through + - * / only: a quantile, and values mixing them with other reads.
function lerpLast(x: number[], t: number): number {
  const n = x.length;
  return x[n - 2]! + t * (x[n - 1]! - x[n - 2]!);
}
function withChecked(x: number[], y: number[]): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!; // y's elements are used by compiled code: checked
  return x[1]! * 2 + y[1]! + s; // x[1]'s valueOf runs before y[1] is read
}
function withCall(x: number[], y: Float64Array): number {
  return x[1]! + Math.sqrt(y[0]!);
}
const outcomeText = (f: () => unknown): unknown => { try { return f(); } catch (e) { return `threw ${String(e)}`; } };

test('elements only returned through + - * / need no check: the generated arithmetic is the plain function\'s', () => {
  const q = memoJit(quantile), l = memoJit(lerpLast);
  q([1, 2, 3], 0.5);
  l([1, 2, 3], 0.5);
  for (const f of [q, l]) assert.ok(!/\$s_i|\$lazyMiss/.test(entrySource(f)), entrySource(f));
  let calls = 0;
  const counted = { valueOf: () => { calls++; return 10; } };
  const cases: unknown[][] = [
    [1, 'two', 3, 4], [1, 'a', 'b'], [1, , 3], [1, 2, 3, null], [1, true, 3], [1, 2, 3, undefined], [1, {}, 3],
    [1, counted, counted, 4], [1, 2n, 3], [1, [], [5]], [1, '', -0], [-0, -0, -0], [1, 2n, 3n],
  ];
  for (const xs of cases) {
    for (const p of [0, 0.25, 0.4, 0.5, 0.9, 1]) {
      for (const [compiled, plain, name] of [[q, quantile, 'quantile'], [l, lerpLast, 'lerpLast']] as const) {
        calls = 0;
        const want = outcomeText(() => plain(xs as number[], p)), wantCalls = calls;
        calls = 0;
        const got = outcomeText(() => compiled(xs as number[], p));
        assert.ok(Object.is(got, want), `${name}(${String(xs)}, ${p}): ${String(got)} vs ${String(want)}`);
        assert.equal(calls, wantCalls, `valueOf calls, ${name}(${String(xs)}, ${p})`);
      }
    }
  }
});

test('a returned value that also reads a checked array, or calls, keeps its checks: valueOf runs once', () => {
  const w = memoJit(withChecked), c = memoJit(withCall);
  w([1, 2], [3, 4]);
  c([1, 2], Float64Array.of(4));
  assert.ok(/\$lazyMiss/.test(entrySource(w)), entrySource(w));
  assert.ok(/\$lazyMiss/.test(entrySource(c)), entrySource(c));
  let calls = 0;
  const make = (): [number[], number[]] => {
    const y = [1, 2];
    // x[1]'s valueOf makes y[1] a string: read unchecked, it would run, then y[1]'s check would rerun the call
    const x = [1, { valueOf: () => { calls++; (y as unknown[])[1] = 'b'; return 10; } }] as unknown as number[];
    return [x, y];
  };
  calls = 0;
  const want = outcomeText(() => withChecked(...make())), wantCalls = calls;
  calls = 0;
  assert.equal(outcomeText(() => w(...make())), want);
  assert.equal(calls, wantCalls);
  assert.equal(wantCalls, 1);
  const [x] = make();
  calls = 0;
  assert.equal(c(x, Float64Array.of(4)), withCall(x, Float64Array.of(4)));
  assert.equal(calls, 2, 'once in each');
});

test('a recursive entry gives the plain results with foreign elements (its returned element is used by the compiled caller)', () => {
  function nth(x: number[], k: number): number {
    if (k === 0) return x[1]!;
    return nth(x, k - 1) * 2;
  }
  const f = memoJit(nth);
  f([1, 2], 2);
  assert.ok(/\$s_i|\$lazyMiss/.test(entrySource(f)), entrySource(f));
  for (const xs of [[1, 2], [1, '3'], [1, { valueOf: () => 5 }], [1, undefined], [1]]) {
    for (const k of [0, 1, 3]) assert.ok(Object.is(f(xs as number[], k), nth(xs as number[], k)), `${String(xs)} ${k}`);
  }
});
