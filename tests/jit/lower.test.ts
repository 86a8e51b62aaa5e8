// Lowering (src/jit/lower.ts) reads the rules of the ops/ tables instead of deciding them again: checked on
// the IR it builds, through the pipeline's lowerToIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../src/internals.js';

const F64_ARRAY = { kind: 'array', element: 'f64' } as const;
const I32_ARRAY = { kind: 'array', element: 'i32' } as const;

function returned(module: IR.IRModule): IR.Expr {
  const entry = module.functions.find((f) => f.name === module.entry)!;
  const ret = entry.body.find((s): s is IR.Return => s.kind === 'return');
  assert.ok(ret?.value, 'the entry returns a value');
  return ret.value;
}

test('an integer rounds to itself: Math.floor of an i32 local is the local, of a possibly-undefined element a call', () => {
  const ofLocal = returned(lowerToIR(function f(n: number) { return Math.floor(n); }, [{ kind: 'i32' }]));
  assert.deepEqual(ofLocal, { op: 'local', type: { kind: 'i32' }, name: 'n' });
  // xs[k] may be read out of bounds (undefined), and Math.floor(undefined) is NaN, so the call stays
  const ofElement = returned(lowerToIR(function g(xs: Int32Array, k: number) { return Math.floor(xs[k]!); }, [I32_ARRAY, { kind: 'i32' }]));
  assert.equal(ofElement.op, 'math');
});

test('Math.clz32 and Math.imul keep their arguments as they are and are typed i32 (the int32Result rule)', () => {
  const e = returned(lowerToIR(function f(x: number) { return Math.clz32(x); }, [{ kind: 'f64' }]));
  assert.equal(e.op, 'math');
  assert.deepEqual(e.type, { kind: 'i32' });
  assert.deepEqual((e as IR.MathCall).args.map((a) => a.type.kind), ['f64'], 'no conversion of the f64 argument');
});

test('Math constants fold to IR constants, and other Math calls are f64 with converted arguments', () => {
  const pi = returned(lowerToIR(function f() { return Math.PI; }, []));
  assert.deepEqual(pi, { op: 'const', type: { kind: 'f64' }, value: Math.PI });
  const e = returned(lowerToIR(function g(n: number) { return Math.acosh(n); }, [{ kind: 'i32' }]));
  assert.equal(e.op, 'math');
  assert.deepEqual((e as IR.MathCall).args.map((a) => a.op), ['convert'], 'the i32 argument is converted to f64 explicitly');
});

test('the IR of a loop over an array: one structured loop, the element read typed by its array', () => {
  const module = lowerToIR(function sum(xs: Float64Array) {
    let s = 0;
    for (const x of xs) s += x;
    return s;
  }, [F64_ARRAY]);
  const kinds: string[] = [];
  const entry = module.functions[0]!;
  const walk = (stmts: readonly IR.Stmt[]): void => {
    for (const s of stmts) {
      kinds.push(s.kind);
      if (s.kind === 'if') { walk(s.then); walk(s.else); }
      if (s.kind === 'loop') { walk(s.body); walk(s.continuing); }
    }
  };
  walk(entry.body);
  assert.equal(kinds.filter((k) => k === 'loop').length, 1);
  assert.deepEqual(entry.returnType, { kind: 'f64' });
});

// `let x;` for a variable that later holds an array, a tuple or an object, every read after a write (math.js's
// xgcd: `let res; if (a < 0) res = [...]; else res = [...]; return res`): it starts as JS's undefined, never read.
function xgcdTail(a: number, lastx: number, lasty: number): number[] {
  let res;
  if (a < 0) {
    res = [-a, -lastx, -lasty];
  } else {
    res = [a, a ? lastx : 0, lasty];
  }
  return res;
}
function typedLater(n: number): number {
  let ys;
  ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = i * 0.5;
  let s = 0;
  for (let i = 0; i < n; i++) s += ys[i]!;
  return s + ys.length;
}
function objectLater(x: number): number {
  let p;
  p = { x, y: -x };
  return p.x - p.y;
}
function perIteration(n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) {
    var row; // function-level: written before every read in each iteration
    row = [i, i + 1];
    t += row[0]! * row[1]!;
  }
  return t;
}

test('a declaration without initializer that holds an array, a tuple or an object starts as undefined, never read', async () => {
  const { memoJit } = await import('../../src/index.js');
  const ir = lowerToIR(xgcdTail, [{ kind: 'f64' }, { kind: 'f64' }, { kind: 'f64' }]);
  const entry = ir.functions.find((f) => f.name === ir.entry)!;
  const declared = entry.body.find((s): s is Extract<IR.Stmt, { kind: 'declare' }> => s.kind === 'declare' && s.name === 'res');
  assert.equal(declared?.init.op, 'unset');
  for (const backend of ['js', 'wasm', 'auto'] as const) {
    const opts = { backend };
    for (const [a, x, y] of [[-3, 2, 5], [4, -1, 0.5], [0, 7, -0], [NaN, 1, 2], [-0, 3, 4]] as const) {
      assert.deepEqual(memoJit(opts)(xgcdTail)(a, x, y), xgcdTail(a, x, y), `${backend} xgcdTail(${a}, ${x}, ${y})`);
    }
    for (const n of [0, 1, 7]) assert.ok(Object.is(memoJit(opts)(typedLater)(n), typedLater(n)), `${backend} typedLater(${n})`);
    for (const x of [2.5, -0, NaN]) assert.ok(Object.is(memoJit(opts)(objectLater)(x), objectLater(x)), `${backend} objectLater(${x})`);
    for (const n of [0, 3]) assert.ok(Object.is(memoJit(opts)(perIteration)(n), perIteration(n)), `${backend} perIteration(${n})`);
  }
});

test('a var without initializer given Array(n) of rows is declared undefined at the top; Array(n) is a holey JS array of rows', async () => {
  const { memoJit } = await import('../../src/index.js');
  function lowerTriangle(n: number): number[][] {
    var i, j, out, row;
    out = Array(n);
    for (i = n - 1; i >= 0; i--) {
      row = new Array(i + 1);
      for (j = 0; j <= i; j++) row[j] = i - j;
      out[i] = row;
    }
    return out;
  }
  const ir = lowerToIR(lowerTriangle, [{ kind: 'i32' }]);
  const entry = ir.functions.find((f) => f.name === ir.entry)!;
  const declared = entry.body.find((s): s is Extract<IR.Stmt, { kind: 'declare' }> => s.kind === 'declare' && s.name === 'out');
  assert.equal(declared?.init.op, 'unset');
  assert.deepEqual(declared?.init.type, { kind: 'matrix', layout: 'nested' });
  const made = entry.body.find((s): s is Extract<IR.Stmt, { kind: 'assign' }> => s.kind === 'assign' && s.name === 'out');
  assert.deepEqual(made?.value.op === 'newArray' ? [made.value.element, made.value.type] : made?.value.op, ['num', { kind: 'matrix', layout: 'nested' }]);
  // n = 3 by hand: row i holds i - j for j = 0..i
  assert.deepEqual(memoJit(lowerTriangle)(3), [[0], [1, 0], [2, 1, 0]]);
  assert.deepEqual(memoJit(lowerTriangle)(0), []);
});

test('an array variable that may be read before its first write stays a located JitError (JS would read undefined)', async () => {
  const { memoJit, JitError } = await import('../../src/index.js');
  function maybe(n: number): number {
    let ys;
    if (n > 0) ys = new Float64Array(n);
    return ys ? ys.length : -1;
  }
  assert.throws(() => memoJit(maybe)(0), (e: unknown) => e instanceof JitError && /'ys' may be read before it is assigned/.test((e as Error).message) && /lower\.test\.ts:\d+:\d+/.test((e as Error).message));
});
