// Labelled statements (src/jit/lower/labels.ts): `outer: for …` becomes a loop carrying the label, and
// `continue outer` inside an inner loop names it, so each backend can target the outer loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { walkIR } from '../../../src/jit/ir/walk.js';

test('continue outer names the labelled outer loop; the inner loop has no label', () => {
  const module = lowerToIR(function tri(xs: Float64Array) {
    let t = 0;
    outer: for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (j > i) continue outer;
        t += xs[j]!;
      }
    }
    return t;
  }, [{ kind: 'array', element: 'f64' }]);
  const labels: (string | undefined)[] = [];
  const continues: (string | undefined)[] = [];
  walkIR(module.functions.find((f) => f.name === module.entry)!.body, {
    stmt: (s) => {
      if (s.kind === 'loop') labels.push(s.label);
      if (s.kind === 'continue') continues.push(s.label);
    },
  });
  assert.deepEqual(labels, ['outer', undefined]);
  assert.deepEqual(continues, ['outer']);
});
