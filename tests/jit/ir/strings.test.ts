// The string node (src/jit/ir/strings.ts): a string literal lowers to one `string` constant holding the same
// text, compared with `===` as any value; nothing else in the IR builds strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { forEachExpr } from '../../../src/jit/ir/walk.js';

test("mode === 'fast' compares the argument with one string constant", () => {
  const module = lowerToIR(function pick(x: number, mode: string) {
    return mode === 'fast' ? x : -x;
  }, [{ kind: 'f64' }, { kind: 'string' }]);
  const strings: IR.StringConst[] = [];
  forEachExpr(module.functions.find((fn) => fn.name === module.entry)!.body, (e) => { if (e.op === 'string') strings.push(e); });
  assert.deepEqual(strings.map((s) => [s.value, s.type.kind]), [['fast', 'string']]);
});
