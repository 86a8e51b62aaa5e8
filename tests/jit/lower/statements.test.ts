// Statement helpers of lowering (src/jit/lower/statements.ts), on their own: what a `return` of null/undefined
// becomes, the zero a hoisted declaration starts at, a boolean used as a bit, and `switch` as a loop run once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { absentReturn, absentValue, bitOperand, topDeclaration } from '../../../src/jit/lower/statements.js';
import { walkIR } from '../../../src/jit/ir/walk.js';
import { BOOL, F64, I32 } from '../../../src/jit/types.js';

test('absentReturn: an absent node of the return type; nothing for a void function', () => {
  assert.deepEqual(absentReturn(F64, 'null'), { op: 'absent', type: F64, value: 'null' });
  assert.deepEqual(absentReturn(I32, 'undefined'), { op: 'absent', type: I32, value: 'undefined' });
  assert.equal(absentReturn({ kind: 'void' }, 'undefined'), null);
});

test('absentValue: a bare return is undefined unless the function is void; null is absent except for rows', () => {
  assert.equal(absentValue(undefined, F64), 'undefined');
  assert.equal(absentValue(undefined, { kind: 'void' }), undefined);
  assert.equal(absentValue({ k: 'null' }, F64), 'null');
  assert.equal(absentValue({ k: 'null' }, { kind: 'row', matrix: 'm', nullable: false }), undefined);
});

test('topDeclaration starts a hoisted local at its type\'s zero: false for bool, 0 for numbers', () => {
  assert.deepEqual(topDeclaration('$v', F64), { kind: 'declare', name: '$v', init: { op: 'const', type: F64, value: 0 } });
  const b = topDeclaration('$b', BOOL);
  assert.ok(b.kind === 'declare' && b.init.op === 'const' && b.init.value === false);
});

test('bitOperand: a bool becomes select(1, 0) as i32; a number passes unchanged', () => {
  const flag: IR.Expr = { op: 'local', type: BOOL, name: 'flag' };
  const bit = bitOperand(flag);
  assert.ok(bit.op === 'select' && bit.type.kind === 'i32' && bit.cond === flag);
  const n: IR.Expr = { op: 'local', type: I32, name: 'n' };
  assert.equal(bitOperand(n), n);
});

test('switch lowers to a run-once loop, and its break to a break of that loop', () => {
  const module = lowerToIR(function pick(k: number) {
    let r = 0;
    switch (k) {
      case 1: r += 1; break;
      case 2: r += 2; break;
      default: r = -1;
    }
    return r;
  }, [{ kind: 'i32' }]);
  let loops = 0;
  let breaks = 0;
  walkIR(module.functions.find((f) => f.name === module.entry)!.body, { stmt: (s) => { if (s.kind === 'loop') loops++; if (s.kind === 'break') breaks++; } });
  assert.ok(loops >= 1, 'the switch is a loop that break leaves');
  assert.ok(breaks >= 1);
});
