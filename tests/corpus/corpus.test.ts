// The public corpus (bench/corpus/programs) and the numba kernels (bench/corpus/kernels), each on its small
// inputs: a program either compiles and does exactly what the plain function does (return value by Object.is,
// writes to its arguments and `this`, exception class and message), or raises a JitError with a location. Never a
// different result, never a hang. Which programs compile is not listed anywhere: the compiler decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { programFiles, loadProgram } from '../../bench/corpus/program.js';
import { runPrograms } from '../../bench/corpus/spawn.js';
import { capture, compareCalls, difference } from '../../bench/corpus/compare.js';
import { blockerKind, BLOCKER_RULES } from '../../bench/corpus/blockers.js';
import { summarize, geomean } from '../../bench/corpus/report.js';
import type { CheckResult } from '../../bench/corpus/check.js';

const files = [...programFiles('programs'), ...programFiles('kernels')];

test('the corpus holds at least 30 public programs, each with its origin, licence and inputs', async () => {
  const programs = programFiles('programs');
  assert.ok(programs.length >= 30, `only ${programs.length} programs`);
  const names = new Set<string>();
  for (const file of files) {
    const p = await loadProgram(file);
    assert.ok(!names.has(p.name), `two programs are named ${p.name}`);
    names.add(p.name);
    assert.match(p.licence, /^(MIT|ISC|BSD-2-Clause|BSD-3-Clause|Apache-2\.0|CC-BY-SA-4\.0|CC0-1\.0)$/, `${p.name}: licence ${p.licence}`);
    // Deterministic: two inputs of the same size are equal and share nothing.
    const a = p.input('small'), b = p.input('small');
    assert.equal(difference(a.args, b.args, 'args'), undefined, `${p.name}: input maker is not deterministic`);
    for (let i = 0; i < a.args.length; i++) {
      if (typeof a.args[i] === 'object' && a.args[i] !== null) assert.notEqual(a.args[i], b.args[i], `${p.name}: inputs share argument ${i}`);
    }
  }
});

const results = await runPrograms(files, { flags: ['--size=small'], processPerProgram: false, timeoutMs: 60_000 });

for (const file of files) {
  const r = results.get(file);
  test(`corpus: ${r?.name ?? file}`, () => {
    assert.ok(r, 'no result');
    switch (r.status) {
      case 'identical':
        return;
      case 'blocked':
        assert.equal(r.located, true, `JitError without a location: ${r.message}`);
        assert.ok(r.construct && r.construct.length > 0, 'JitError without a construct');
        return;
      case 'different':
        assert.fail(`compiled result differs from the plain function: ${r.difference}`);
        break;
      default:
        assert.fail(`not checked: ${r.difference}`);
    }
  });
}

test('the runner reports a hang and a broken input maker, and goes on with the next program', async () => {
  const hang = fileURLToPath(new URL('./fixtures/hangs.js', import.meta.url));
  const broken = fileURLToPath(new URL('./fixtures/broken-input.js', import.meta.url));
  // a program whose first call is short, so the 3 s budget measures the runner (awfy-bounce, first by name, compiles for ~1 s)
  const next = programFiles('programs').find((f) => f.endsWith('awfy-mandelbrot.js'))!;
  const got = await runPrograms([hang, broken, next], { flags: ['--size=small'], processPerProgram: false, timeoutMs: 3000 });
  assert.equal(got.get(hang)?.status, 'error');
  assert.match(got.get(hang)?.difference ?? '', /hung/);
  assert.equal(got.get(broken)?.status, 'error');
  assert.match(got.get(broken)?.difference ?? '', /no input/);
  assert.notEqual(got.get(next)?.status, 'error');
});

test('compareCalls finds every kind of difference the corpus promises to catch', () => {
  const same = { args: [new Float64Array([1, 2])] };
  assert.equal(compareCalls({ returned: NaN }, { returned: NaN }, same, { args: [new Float64Array([1, 2])] }), undefined);
  assert.match(compareCalls({ returned: 0 }, { returned: -0 }, same, same) ?? '', /0 vs -0/);
  assert.match(compareCalls({ returned: 1 }, { returned: 1 }, { args: [new Float64Array([1, 2])] }, { args: [new Float64Array([1, 3])] }) ?? '', /arguments\[0\]\[1\]/);
  assert.match(compareCalls({ returned: [1, , 3] }, { returned: [1, undefined, 3] }, same, same) ?? '', /keys/);
  assert.match(compareCalls({ returned: new Float32Array(2) }, { returned: new Float64Array(2) }, same, same) ?? '', /Float32Array vs Float64Array/);
  assert.match(compareCalls({ threw: new RangeError('x') }, { threw: new TypeError('x') }, same, same) ?? '', /RangeError.*TypeError/);
  assert.match(compareCalls({ threw: new Error('a') }, { returned: 1 }, same, same) ?? '', /plain threw/);
  assert.match(compareCalls({ returned: { m: 1, b: 2 } }, { returned: { b: 2, m: 1 } }, same, same) ?? '', /keys/);
  assert.match(compareCalls({ returned: 1 }, { returned: 1 }, { args: [], self: { t: 1 } }, { args: [], self: { t: 2 } }) ?? '', /this\.t/);
  // A result that is the argument itself (gl-matrix's `out`) must be the argument on both sides.
  const p = { args: [new Float32Array(2)] }, q = { args: [new Float32Array(2)] };
  assert.equal(compareCalls({ returned: p.args[0] }, { returned: q.args[0] }, p, q), undefined);
  assert.match(compareCalls({ returned: p.args[0] }, { returned: new Float32Array(2) }, p, q) ?? '', /one side only/);
  assert.match(compareCalls({ returned: new Float32Array(2) }, { returned: q.args[0] }, p, q) ?? '', /one side only/);
  // Aliased arguments must stay aliased.
  const shared = [1, 2];
  assert.match(difference([shared, shared], [[1, 2], [1, 2]]) ?? '', /one side only/);
  assert.deepEqual(capture(() => { throw new Error('e'); }), { threw: new Error('e') });
});

test('blockers are counted by kind, and an unknown construct keeps its own name', () => {
  assert.ok(BLOCKER_RULES.length > 5);
  assert.match(blockerKind({ construct: 'declaration without initializer', detail: '' }), /without an initializer/);
  assert.match(blockerKind({ construct: 'argument 1', detail: 'argument 1 is a plain number[] (use…' }), /number\[\]/);
  assert.match(blockerKind({ construct: 'use of Number', detail: '' }), /built-in global/);
  assert.match(blockerKind({ construct: 'use of COEFFICIENTS', detail: '' }), /module-level/);
  assert.equal(blockerKind({ construct: 'for…in loop', detail: '' }), 'for…in loop');
  assert.match(blockerKind({ construct: 'call to id', detail: "'id' takes 1 parameter but is called with 2 arguments; compiled calls drop extra arguments that are names or literals only (compute this one in a variable first)" }), /more arguments than parameters/);
});

test('summary: compiled counts identical and different, the geometric mean covers timed programs only', () => {
  const r = (status: CheckResult['status'], p?: number, j?: number): CheckResult => ({
    name: status + String(p), origin: 'x', status, ...(p !== undefined ? { plainSeconds: p, jitSeconds: j } : {}),
  });
  const s = summarize([r('identical', 4, 1), r('identical', 1, 1), r('blocked'), r('different'), r('identical', 0.9, 1)]);
  assert.equal(s.compiled, 4);
  assert.equal(s.identical, 3);
  assert.equal(s.different, 1);
  assert.equal(s.timed, 3);
  assert.ok(Math.abs(s.geomeanSpeedup! - Math.cbrt(4 * 0.9)) < 1e-12);
  assert.deepEqual(s.below095, ['identical0.9']);
  assert.equal(geomean([]), undefined);
});
