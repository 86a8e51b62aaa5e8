// The JavaScript kernels of bench/corpus/kernels are literal ports of bench/python/numba_kernels.py: on the same
// small inputs, the plain JS port and numba on the Python original give the same result (checksum of the flattened
// result, relative 1e-9; the exp/log of two libms may differ in the last bit). Random kernels draw from different
// generators and are left out. Skipped, saying why, when /usr/bin/python3 has no numba.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { programFiles, loadProgram } from '../../bench/corpus/program.js';
import { checksum } from '../../bench/corpus/check.js';
import { numbaChecksums } from '../../bench/kernels.js';
import { hasPythonModule } from '../../bench/python.js';

const files = programFiles('kernels');
// One Python process for every kernel: importing numba and compiling take seconds each time.
const numba = hasPythonModule('numba') ? await numbaChecksums(files, 'small') : undefined;

for (const file of files) {
  test(`kernel ${basename(file, '.js')}: the JS port computes what the numba original computes`, async (t) => {
    const program = await loadProgram(file);
    assert.ok(program.python, 'a kernel names its Python original');
    if (program.random) return t.skip('draws random numbers: another generator than numba\'s, compared only statistically by bench:kernels');
    if (!hasPythonModule('numba')) return t.skip('/usr/bin/python3 has no numba (scripts/install-system.sh installs it)');
    const input = program.input('small');
    const js = checksum((program.fn as (...a: unknown[]) => unknown).apply(input.self, input.args));
    const nb = numba?.[program.python];
    assert.ok(js !== undefined && nb !== undefined);
    assert.ok(Math.abs(js - nb) <= 1e-9 * Math.max(1, Math.abs(nb)), `JS ${js} vs numba ${nb}`);
  });
}
