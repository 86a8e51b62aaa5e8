// The corpus (bench/corpus/programs and the numba kernels) on the Wasm backend: every program compiled with
// NUMBAT_JIT_BACKEND=wasm does exactly what the plain function does, or raises a located JitError, as on JS
// (tests/corpus/corpus.test.ts). Programs outside the Wasm subset run on JS; the last test prints which and why.
// In-process (small inputs), so the routing counts of this process can be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { programFiles, loadProgram } from '../../bench/corpus/program.js';
import { checkProgram } from '../../bench/corpus/check.js';
import { WASM_ROUTES, WASM_TOTALS } from '../../src/jit/wasm/index.js';

process.env['NUMBAT_JIT_BACKEND'] = 'wasm';
const files = [...programFiles('programs'), ...programFiles('kernels')];
const onWasm: string[] = [];

for (const file of files) {
  test(`corpus on Wasm: ${basename(file)}`, async () => {
    const before = [...WASM_ROUTES].filter(([r]) => r.startsWith('wasm:')).reduce((s, [, n]) => s + n, 0);
    const r = checkProgram(await loadProgram(file), 'small');
    const after = [...WASM_ROUTES].filter(([r]) => r.startsWith('wasm:')).reduce((s, [, n]) => s + n, 0);
    if (after > before) onWasm.push(r.name);
    if (r.status === 'blocked') {
      assert.equal(r.located, true, `JitError without a location: ${r.message}`);
      return;
    }
    assert.equal(r.status, 'identical', `compiled on Wasm differs from the plain function: ${r.difference}`);
  });
}

test('corpus on Wasm: which programs ran on Wasm, and why the others stayed on JS', () => {
  console.log(`on Wasm (${onWasm.length}): ${onWasm.join(', ')}`);
  console.log(`calls: ${WASM_TOTALS.calls} in Wasm, ${WASM_TOTALS.traps} answered by JS after a trap`);
  for (const [reason, n] of WASM_ROUTES) console.log(`${String(n).padStart(4)}  ${reason}`);
  assert.ok(onWasm.length >= 5, `only ${onWasm.length} programs on Wasm`);
});
