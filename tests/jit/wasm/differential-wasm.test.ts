// The differential suite (tests/jit/differential.test.ts: generated programs, callees, random, matrices) again,
// with every memoJit function on the Wasm backend wherever its specialization is in the Wasm subset
// (NUMBAT_JIT_BACKEND=wasm); the rest runs on JS, and the last test lists why, with counts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WASM_ROUTES, WASM_TOTALS } from '../../../src/jit/wasm/index.js';

process.env['NUMBAT_JIT_BACKEND'] = 'wasm';
await import('../differential.test.js');

test('the differential suite ran on Wasm where the subset allows, and says what stayed on JS', () => {
  const lines = [...WASM_ROUTES].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${String(n).padStart(6)}  ${reason}`);
  console.log(`routing of the differential suite's specializations:\n${lines.join('\n')}`);
  console.log(`calls of Wasm specializations: ${WASM_TOTALS.calls} ran in Wasm, ${WASM_TOTALS.traps} trapped and were answered by JS`);
  assert.ok(WASM_TOTALS.calls > WASM_TOTALS.traps, 'most calls of Wasm specializations run in Wasm');
  const wasm = [...WASM_ROUTES].filter(([r]) => r.startsWith('wasm:')).reduce((s, [, n]) => s + n, 0);
  const total = [...WASM_ROUTES].reduce((s, [, n]) => s + n, 0);
  assert.ok(wasm > 0 && wasm >= total / 4, `${wasm} of ${total} specializations on Wasm`);
  for (const [reason] of WASM_ROUTES) assert.match(reason, /^(wasm: backend: 'wasm' was requested|js: not in the Wasm subset: )/);
});
