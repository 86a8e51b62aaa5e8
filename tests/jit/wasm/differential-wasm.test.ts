// The differential suite (tests/jit/differential.test.ts: generated programs, callees, random, matrices) again,
// with every memoJit function on the Wasm backend wherever its specialization is in the Wasm subset
// (NUMBAT_JIT_BACKEND=wasm); the rest runs on JS, and the last test lists why, with counts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WASM_ROUTES, WASM_TOTALS, defaultBackend } from '../../../src/jit/wasm/index.js';

process.env['NUMBAT_JIT_BACKEND'] = 'wasm';
// Routes and totals are per process: other test files run in the same process by a mutation run
// (scripts/mutate.mjs imports a module's files into one entry) add their own, so only this suite's are counted.
let routesBefore = new Map<string, number>();
let totalsBefore = { ...WASM_TOTALS };
test('NUMBAT_JIT_BACKEND=wasm makes Wasm the default backend for the differential suite', () => {
  assert.equal(defaultBackend(), 'wasm');
  routesBefore = new Map(WASM_ROUTES);
  totalsBefore = { ...WASM_TOTALS };
});
await import('../differential.test.js');

test('the differential suite ran on Wasm where the subset allows, and says what stayed on JS', () => {
  const routes = [...WASM_ROUTES].map(([reason, n]): [string, number] => [reason, n - (routesBefore.get(reason) ?? 0)]).filter(([, n]) => n > 0);
  const calls = WASM_TOTALS.calls - totalsBefore.calls, traps = WASM_TOTALS.traps - totalsBefore.traps;
  const lines = routes.sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${String(n).padStart(6)}  ${reason}`);
  console.log(`routing of the differential suite's specializations:\n${lines.join('\n')}`);
  console.log(`calls of Wasm specializations: ${calls} ran in Wasm, ${traps} trapped and were answered by JS`);
  assert.ok(calls > traps, 'most calls of Wasm specializations run in Wasm');
  const wasm = routes.filter(([r]) => r.startsWith('wasm:')).reduce((s, [, n]) => s + n, 0);
  const total = routes.reduce((s, [, n]) => s + n, 0);
  assert.ok(wasm > 0 && wasm >= total / 4, `${wasm} of ${total} specializations on Wasm`);
  for (const [reason] of routes) assert.match(reason, /^(wasm: backend: 'wasm' was requested|js: not in the Wasm subset: )/);
});
