// The prange mark on IR loops (src/jit/parallel/loops.ts): markPrange/prangeOf are a side table keyed by the
// loop object itself (a copy of a loop is unmarked); lowering marks exactly the prange loops, each with its own
// counter temporary, the user's variable, first value, bound (a constant, or a local evaluated before the loop),
// constant step (from prange's third argument or the counted loop's `i += k`), and the span, source, name and
// function that locate errors: the span's text is the loop statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prange } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { walkIR, type Loop } from '../../../src/jit/ir.js';
import { I32 } from '../../../src/jit/types.js';
import { markPrange, prangeOf, type PrangeLoop } from '../../../src/jit/parallel/loops.js';

const F64S = { kind: 'array', element: 'f64' } as const;

/** The loops of `fn`'s lowered entry, in source order. */
function loopsOf(fn: (...a: never[]) => unknown, params: Parameters<typeof lowerToIR>[1]): Loop[] {
  const loops: Loop[] = [];
  walkIR(lowerToIR(fn, params).functions.at(-1)!.body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
  return loops;
}

const emptyLoop = (): Loop => ({ kind: 'loop', test: null, body: [], continuing: [], postTest: null });
const info = (step: number): PrangeLoop => ({
  counter: '$pk', variable: 'i', first: { op: 'const', type: I32, value: 0 }, last: { op: 'local', type: I32, name: 'n' },
  step, span: { start: 0, end: 1 }, source: 'x', functionName: 'f', origin: undefined,
});

test('markPrange then prangeOf gives the same mark back; an unmarked loop has none', () => {
  const a = emptyLoop(), b = emptyLoop();
  const mark = info(1);
  markPrange(a, mark);
  assert.equal(prangeOf(a), mark);
  assert.equal(prangeOf(b), undefined);
});

test('the mark belongs to the loop object: a structural copy is unmarked; marking again replaces it', () => {
  const a = emptyLoop();
  markPrange(a, info(1));
  assert.equal(prangeOf({ ...a }), undefined);
  const second = info(3);
  markPrange(a, second);
  assert.equal(prangeOf(a), second);
});

function fill(xs: Float64Array): void {
  for (const i of prange(1, xs.length, 2)) xs[i] = i;
}

test('prange(first, stop, step): constant first, the bound in a local computed before the loop, the step', () => {
  const [loop] = loopsOf(fill, [F64S]);
  const m = prangeOf(loop!)!;
  assert.equal(m.variable, 'i');
  assert.match(m.counter, /^\$/, 'the counter is a lowering temporary, not a user name');
  assert.deepEqual(m.first, { op: 'const', type: I32, value: 1 });
  assert.equal(m.last.op, 'local');
  assert.equal(m.step, 2);
  assert.equal(m.functionName, 'fill');
  assert.equal(m.origin, fill);
  assert.match(m.source.slice(m.span.start, m.span.end), /^for\s*\(const i of .*prange\)?\(1, ?xs\.length, ?2\)\)/);
});

function sum(n: number): number {
  let s = 0;
  for (const i of prange(n)) s += i;
  return s;
}

test('prange(n) over a parameter: first 0, step 1, the parameter itself as the bound', () => {
  const m = prangeOf(loopsOf(sum, [{ kind: 'i32' }])[0]!)!;
  assert.deepEqual(m.first, { op: 'const', type: I32, value: 0 });
  assert.deepEqual(m.last, { op: 'local', type: I32, name: 'n' });
  assert.equal(m.step, 1);
});

function mixed(xs: Float64Array): number {
  for (let i = 0; i < prange(xs.length); i += 4) xs[i] = i;
  let s = 0;
  for (let j = 0; j < xs.length; j++) s += xs[j]!;
  for (const k of prange(10, 2, -2)) xs[k] = 1;
  return s;
}

test('only prange loops are marked: a counted prange loop, an ordinary loop (unmarked) and a descending prange', () => {
  const marks = loopsOf(mixed, [F64S]).map(prangeOf);
  assert.equal(marks.length, 3);
  const [counted, ordinary, down] = marks;
  assert.equal(ordinary, undefined);
  assert.deepEqual([counted!.variable, counted!.step, counted!.first], ['i', 4, { op: 'const', type: I32, value: 0 }]);
  assert.deepEqual([down!.variable, down!.step, down!.first, down!.last], ['k', -2, { op: 'const', type: I32, value: 10 }, { op: 'const', type: I32, value: 2 }]);
  assert.notEqual(counted!.counter, down!.counter, 'each loop counts in a temporary of its own');
  assert.ok(counted!.span.end <= down!.span.start, 'spans in source order, not overlapping');
  assert.match(down!.source.slice(down!.span.start, down!.span.end), /^for\s*\(const k of/);
});

function serial(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  for (let i = 0; i < xs.length; i++) s += i;
  return s;
}

test('a function without prange has no marked loop', () => {
  const loops = loopsOf(serial, [F64S]);
  assert.ok(loops.length >= 2);
  assert.deepEqual(loops.map(prangeOf), loops.map(() => undefined));
});
