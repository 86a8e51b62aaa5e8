// for…of and prange lowering (src/jit/lower/for-of.ts), checked on the IR it builds: every iterable becomes one
// counted loop over a temporary index, the iterable evaluated once; a matrix's rows are read without a row
// check (the loop's own count proves them); a prange loop is marked for parallel/outline.ts with its bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { prange, type Array2D } from '../../../src/index.js';
import { walkIR } from '../../../src/jit/ir/walk.js';
import { prangeOf } from '../../../src/jit/parallel/loops.js';

function loops(module: IR.IRModule): IR.Loop[] {
  const out: IR.Loop[] = [];
  walkIR(module.functions.find((f) => f.name === module.entry)!.body, { stmt: (s) => { if (s.kind === 'loop') out.push(s); } });
  return out;
}
function exprs(module: IR.IRModule): IR.Expr[] {
  const out: IR.Expr[] = [];
  walkIR(module.functions.find((f) => f.name === module.entry)!.body, { expr: (e) => { out.push(e); } });
  return out;
}

test('for…of over the rows of a matrix: one loop to rows(m), each row read proved in bounds', () => {
  const module = lowerToIR(function total(m: Array2D) {
    let s = 0;
    for (const r of m) s += r[0]!;
    return s;
  }, [{ kind: 'matrix', layout: 'array2d' }]);
  assert.equal(loops(module).length, 1);
  const rowOf = exprs(module).filter((e) => e.op === 'rowOf');
  assert.equal(rowOf.length, 1);
  assert.equal(rowOf[0]!.op === 'rowOf' && rowOf[0]!.inBounds, true);
  assert.ok(exprs(module).some((e) => e.op === 'rows'), 'the count is rows(m)');
});

test('for…of over a variable the body reassigns walks a copy of the reference taken before the loop', () => {
  const module = lowerToIR(function walk(xs: Float64Array, ys: Float64Array) {
    let s = 0;
    for (const x of xs) { s += x; xs = ys; }
    return s;
  }, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }]);
  const loads = exprs(module).filter((e): e is Extract<IR.Expr, { op: 'load' }> => e.op === 'load');
  assert.equal(loads.length, 1);
  assert.ok(loads[0]!.array.op === 'local' && loads[0]!.array.name.startsWith('$it'), 'the element is read from the temporary, not xs');
});

test('for…of over prange(a, b) is a counted loop marked with its bounds and source, for outlining', () => {
  const module = lowerToIR(function fill(xs: Float64Array, a: number, b: number) {
    for (const i of prange(a, b)) xs[i] = i;
    return 0;
  }, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }, { kind: 'i32' }], { prange });
  const marked = loops(module).map(prangeOf).filter((p) => p !== undefined);
  assert.equal(marked.length, 1);
  const mark = marked[0]!;
  assert.deepEqual([mark.variable, mark.counter.startsWith('$pk'), mark.step, mark.functionName], ['i', true, 1, 'fill']);
  assert.match(mark.source.slice(mark.span.start, mark.span.end), /^for ?\(const i of prange\(a, ?b\)\)/, 'the span is the for…of statement');
});
