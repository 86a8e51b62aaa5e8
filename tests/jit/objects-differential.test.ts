// Differential suite for objects: generated programs (generate-objects.ts) run plain and compiled on equal fresh
// inputs with edge values (-0, NaN, ∞, 2^31, subnormals, out-of-bounds indices); results, every field of the
// record, `this` and the array of records, and exceptions (class and message) must agree. Pinned seeds;
// NUMBAT_DIFF_SEED=<n> replays one base seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../src/index.js';
import { JitError } from '../../src/jit/errors.js';
import { agreeOn } from './_support/same.js';
import { generateObjectProgram, objectInputs } from './generate-objects.js';

type Fn = (...args: unknown[]) => unknown;

const BASES = process.env['NUMBAT_DIFF_SEED'] ? [Number(process.env['NUMBAT_DIFF_SEED'])] : [20261202, 777];
const PROGRAMS = 150 * Number(process.env['NUMBAT_DIFF_SCALE'] ?? 1);

for (const base of BASES) {
  test(`generated object programs agree with the plain function (base seed ${base})`, () => {
    let compiled = 0;
    for (let k = 0; k < PROGRAMS; k++) {
      const p = generateObjectProgram(base + k);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const fn = (p.viaThis ? new Function('bs', 't', p.body) : new Function('o', 'bs', 't', p.body)) as Fn;
      const jit = memoJit(fn) as unknown as Fn;
      let blocked = false;
      for (let variant = 0; variant < 6 && !blocked; variant++) {
        const make = () => objectInputs(variant);
        const call = (f: Fn) => (i: ReturnType<typeof objectInputs>) => (p.viaThis ? f.call(i.o, i.bs, i.t) : f(i.o, i.bs, i.t));
        let d: string | undefined;
        try {
          d = agreeOn(make, call(fn), call(jit));
        } catch (e) {
          if (!(e instanceof JitError)) throw e;
          blocked = true;
          break;
        }
        if (d?.includes('JitError')) {
          blocked = true;
          break;
        }
        assert.equal(d, undefined, `seed ${p.seed}, inputs ${variant}: ${d}\n${p.body}`);
      }
      if (!blocked) compiled++;
    }
    // The generator writes only what compiles; a JitError is a finding to look at, not a pass.
    assert.equal(compiled, PROGRAMS, `${PROGRAMS - compiled} of ${PROGRAMS} generated programs did not compile`);
  });
}
