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
