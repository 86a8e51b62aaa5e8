// The Wasm code of number[][] accesses (src/jit/wasm/nested-emit.ts). The emitted instructions are run here on a
// small stack machine of their own (locals, i32/f64 arithmetic, a Float64Array as memory) so the contract is
// checked by what the code does: element (r, c) is the f64 at ptr + (r·cols + c)·8; a column or row index out of
// range, negative, fractional, or a null row traps (JS would answer undefined or a TypeError), -0 names 0, and
// proved (inBounds) accesses skip the check; an Array2D access is WasmUnsupported. returnedMatrix finds the
// argument a matrix-returning entry gives back. Through memoJit({ backend: 'wasm' }): what traps is answered by
// JS, so every result equals plain JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import type { Expr, Stmt } from '../../../src/jit/ir.js';
import { WasmUnsupported } from '../../../src/jit/wasm/codegen-types.js';
import { emitMatrixStore, emitNestedExpr, returnedMatrix, type NestedEmitter } from '../../../src/jit/wasm/nested-emit.js';

class Trap extends Error {}

/** A stack machine running what the emitter emits; matrix m: ptr in local 0, rows in 1, cols in 2. */
function machine(mem: Float64Array, ptrBytes: number, rows: number, cols: number) {
  const stack: number[] = [];
  const locals = new Map<number, number>([[0, ptrBytes], [1, rows], [2, cols]]);
  let next = 10;
  const pop = (): number => stack.pop()!;
  const value = (e: Expr): number => (e.op === 'const' ? (e.value as number) : e.op === 'nullRow' ? -1 : NaN);
  const host: NestedEmitter = {
    emit(op, imm) {
      const k = imm as number;
      switch (op) {
        case 'local.get': stack.push(locals.get(k)!); break;
        case 'local.set': locals.set(k, pop()); break;
        case 'local.tee': locals.set(k, stack.at(-1)!); break;
        case 'i32.const': stack.push(k); break;
        case 'i32.add': { const b = pop(); stack.push((pop() + b) | 0); break; }
        case 'i32.mul': { const b = pop(); stack.push(Math.imul(pop(), b)); break; }
        case 'i32.shl': { const b = pop(); stack.push(pop() << b); break; }
        case 'i32.or': { const b = pop(); stack.push(pop() | b); break; }
        case 'i32.ge_u': { const b = pop(); stack.push(pop() >>> 0 >= b >>> 0 ? 1 : 0); break; }
        case 'i32.lt_s': { const b = pop(); stack.push(pop() < b ? 1 : 0); break; }
        case 'i32.trunc_sat_f64_s': { const x = pop(); stack.push(Number.isNaN(x) ? 0 : Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(x)))); break; }
        case 'f64.convert_i32_s': break;
        case 'f64.ne': { const b = pop(); stack.push(pop() !== b ? 1 : 0); break; }
        case 'f64.load': stack.push(mem[pop() / 8]!); break;
        case 'f64.store': { const v = pop(); mem[pop() / 8] = v; break; }
        default: throw new Error(`the machine lacks ${op}`);
      }
    },
    temp: () => next++,
    expr: (e) => void stack.push(value(e)),
    as: (e) => void stack.push(value(e)),
    trapIf: () => { if (pop() !== 0) throw new Trap('trap'); },
    matrix: (name) => { if (name !== 'm') throw new WasmUnsupported(`no matrix ${name}`); return { ptr: 0, rows: 1, cols: 2 }; },
  };
  return { host, stack };
}

const I32 = { kind: 'i32' } as const;
const F64 = { kind: 'f64' } as const;
const c = (value: number, type: Expr['type'] = I32): Expr => ({ op: 'const', type, value } as Expr);
const ROW = { kind: 'row', matrix: 'm', nullable: false } as const;
const NULLABLE = { kind: 'row', matrix: 'm', nullable: true } as const;

/** A 3 × 4 matrix at byte 16 whose element (r, c) is 10r + c. */
function matrix(): { mem: Float64Array; run: (e: Expr) => number } {
  const mem = new Float64Array(2 + 12).fill(-99);
  for (let r = 0; r < 3; r++) for (let k = 0; k < 4; k++) mem[2 + r * 4 + k] = 10 * r + k;
  return {
    mem,
    run(e) {
      const m = machine(mem, 16, 3, 4);
      emitNestedExpr(e, m.host);
      assert.equal(m.stack.length, 1, 'one value left');
      return m.stack[0]!;
    },
  };
}

const get = (row: Expr, col: Expr, inBounds?: boolean): Expr => ({ op: 'rowGet', type: F64, matrix: 'm', row, col, inBounds } as Expr);

test('rows, cols, rowOf, nullRow and rowGet give the values of the packed layout', () => {
  const { run } = matrix();
  assert.equal(run({ op: 'rows', type: I32, matrix: 'm' }), 3);
  assert.equal(run({ op: 'cols', type: I32, matrix: 'm' }), 4);
  assert.equal(run({ op: 'rowOf', type: ROW, matrix: 'm', index: c(2) }), 2);
  assert.equal(run({ op: 'nullRow', type: NULLABLE }), -1);
  for (let r = 0; r < 3; r++) for (let k = 0; k < 4; k++) assert.equal(run(get(c(r, ROW), c(k))), 10 * r + k, `(${r}, ${k})`);
  assert.equal(run(get(c(1, ROW), c(-0, F64))), 10, 'a double -0 names column 0');
  assert.equal(run(get(c(2, ROW), c(3, F64))), 23, 'an integral double names its column');
});

test('a column out of range, negative or fractional, a row index past the rows and a null row trap', () => {
  const { run } = matrix();
  for (const col of [c(4), c(-1), c(4, F64), c(-1, F64), c(0.5, F64), c(NaN, F64), c(2 ** 40, F64)]) {
    assert.throws(() => run(get(c(0, ROW), col)), Trap, `column ${String((col as { value: number }).value)}`);
  }
  for (const index of [c(3), c(-1), c(1.5, F64), c(Infinity, F64)]) {
    assert.throws(() => run({ op: 'rowOf', type: ROW, matrix: 'm', index } as Expr), Trap);
  }
  assert.throws(() => run(get(c(-1, NULLABLE), c(0))), Trap, 'a nullable row holding null');
  assert.throws(() => run({ op: 'cols', type: I32, matrix: 'm', of: c(-1, NULLABLE) }), Trap, 'the row of m[i].length is checked first');
  assert.equal(run(get(c(1, NULLABLE), c(0))), 10, 'a nullable row holding a row reads it');
});

test('proved accesses skip the check; the null test of a nullable row stays', () => {
  const { run } = matrix();
  // Column 4 of row 0 is, in the packed layout, element (1, 0): no check was emitted, so no trap.
  assert.equal(run(get(c(0, ROW), c(4), true)), 10);
  assert.throws(() => run(get(c(-1, NULLABLE), c(0), true)), Trap);
});

test('emitMatrixStore writes the f64 at the element\'s address and checks the column; an Array2D store is unsupported', () => {
  const { mem } = matrix();
  const store = (row: Expr, col: Expr, value: Expr, checked = true): void =>
    emitMatrixStore({ kind: 'matrixStore', matrix: 'm', row, col, value, checked } as Extract<Stmt, { kind: 'matrixStore' }>, machine(mem, 16, 3, 4).host);
  store(c(2, ROW), c(1), c(-0.5, F64));
  assert.equal(mem[2 + 9], -0.5);
  assert.throws(() => store(c(2, ROW), c(4), c(1, F64)), Trap, 'JS would grow the row');
  assert.equal(mem[0], -99, 'nothing written before the matrix');
  assert.throws(() => store(c(0, ROW), c(0), c(1, F64), false), WasmUnsupported);
  assert.throws(() => matrix().run({ op: 'matrixLoad', type: F64, matrix: 'm', row: c(0), col: c(0) } as Expr), WasmUnsupported);
});

test('returnedMatrix: the argument returned as is; undefined for other results; unsupported for two matrices', () => {
  const M = { kind: 'matrix', layout: 'nested' } as const;
  const entry = (f: (...a: never[]) => unknown, t: Parameters<typeof lowerToIR>[1]) => lowerToIR(f, t).functions.at(-1)!;
  function same(m: number[][]): number[][] {
    return m;
  }
  function second(k: number, a: number[][], b: number[][]): number[][] {
    b[0]![0] = k + a[0]![0]!;
    return b;
  }
  function rows(m: number[][]): number {
    return m.length;
  }
  assert.equal(returnedMatrix(entry(same, [M])), 0);
  assert.equal(returnedMatrix(entry(second, [F64, M, M])), 2);
  assert.equal(returnedMatrix(entry(rows, [M])), undefined);
  // The frontend itself refuses two different matrices returned; hand-built functions reach the guard.
  const local = (name: string): Expr => ({ op: 'local', type: M, name } as Expr);
  const fn = (...returned: string[]) => ({ ...entry(same, [M]), params: [{ name: 'a', type: M }, { name: 'b', type: M }], returnType: M,
    body: returned.map((name) => ({ kind: 'return', value: local(name) })) }) as unknown as Parameters<typeof returnedMatrix>[0];
  assert.equal(returnedMatrix(fn('b', 'b')), 1);
  assert.throws(() => returnedMatrix(fn('a', 'b')), WasmUnsupported, 'two different matrices');
  assert.throws(() => returnedMatrix(fn('t')), WasmUnsupported, 'a matrix that is no argument');
});

test('compiled: reads a trap would refuse are answered by JS with plain JS\'s value or exception', () => {
  function at(m: number[][], r: number, k: number): number {
    return m[r]![k]! + m.length * 100 + m[0]!.length * 1000;
  }
  const compiled = memoJit({ backend: 'wasm' })(at);
  const outcome = (f: () => unknown): unknown => { try { return f(); } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}`; } };
  const m = (): number[][] => [[1, 2, 3], [4, 5, 6]];
  for (const [r, k] of [[1, 2], [0, 0], [1, -0], [0, 3], [0, -1], [0, 0.5], [2, 0], [1, 2.0000001]]) {
    const a = outcome(() => compiled(m(), r!, k!));
    const b = outcome(() => at(m(), r!, k!));
    assert.ok(Object.is(a, b) || a === b, `(${r}, ${k}): ${String(a)} vs ${String(b)}`);
  }
  assert.equal(compiled(m(), 1, 2), 6 + 200 + 3000, 'by hand');
  assert.match(Object.values(compiled.inspect()).join('\n'), /backend: wasm/);
});
