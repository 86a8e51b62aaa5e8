// Buffers in lowering (src/jit/lower/buffers.ts): `new ArrayBuffer(n)` and a view on it become builtinNew nodes
// with their arguments in source order; `buf.byteLength` a bufferProperty of the buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR, type IR } from '../../../src/internals.js';
import { forEachExpr } from '../../../src/jit/ir/walk.js';

test('new ArrayBuffer(16), new Float64Array(buf, 8, 1) and buf.byteLength', () => {
  const module = lowerToIR(function view(n: number) {
    const buf = new ArrayBuffer(16);
    const v = new Float64Array(buf, 8, 1);
    return buf.byteLength + v.length + n;
  }, [{ kind: 'f64' }]);
  const news: IR.BuiltinNew[] = [];
  const props: IR.BufferProperty[] = [];
  forEachExpr(module.functions.find((f) => f.name === module.entry)!.body, (e) => {
    if (e.op === 'builtinNew') news.push(e);
    if (e.op === 'bufferProperty') props.push(e);
  });
  assert.deepEqual(news.map((e) => [e.ctor, e.args.map((a) => (a.op === 'const' ? a.value : a.op === 'local' ? a.name : a.op))]), [
    ['ArrayBuffer', [16]],
    ['Float64Array', ['buf', 8, 1]],
  ]);
  assert.equal(props.length, 1);
  assert.ok(props[0]!.name === 'byteLength' && props[0]!.target.op === 'local' && props[0]!.target.name === 'buf');
});
