// Two promises of issue 14 checked directly: NUMBAT_NUM_THREADS sets how many threads prange loops use (read in
// a fresh process, as numba reads NUMBA_NUM_THREADS at start-up, and a bad value is a RangeError naming it);
// and an exception in one iteration stops the other threads at their next chunk rather than letting them
// finish the loop (counted through the elements the iterations wrote).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { memoJit, prange } from '../../../src/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const probe = [
  "const { memoJit, prange } = await import('./src/index.ts');",
  'const f = memoJit({ parallel: true })((n) => { let s = 0; for (const i of prange(n)) s += i; return s; });',
  'console.log(JSON.stringify({ threads: memoJit.threads, ready: await memoJit.threadsReady(), sum: f(100000) }));',
  'await memoJit.shutdown?.();',
  'process.exit(0);',
].join('\n');

function childThreads(value: string | undefined): { threads: number; ready: number; sum: number } {
  const env = { ...process.env };
  if (value === undefined) delete env['NUMBAT_NUM_THREADS'];
  else env['NUMBAT_NUM_THREADS'] = value;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { threads: number; ready: number; sum: number };
}

test('NUMBAT_NUM_THREADS sets the thread count of a fresh process, and the loop still gives the serial sum', () => {
  for (const n of [1, 3, 7]) {
    const r = childThreads(String(n));
    assert.equal(r.threads, n, `NUMBAT_NUM_THREADS=${n}`);
    assert.equal(r.sum, (100000 * 99999) / 2);
  }
});

test('a NUMBAT_NUM_THREADS that is not an integer from 1 to 1024 is a RangeError naming the variable', () => {
  assert.throws(() => childThreads('lots'), (e: unknown) => {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    assert.match(stderr, /RangeError: NUMBAT_NUM_THREADS must be an integer from 1 to 1024, got 'lots'/);
    return true;
  });
});

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

test('an exception in one iteration stops the other threads at their next chunk', async () => {
  // Iteration 0 throws at once; every other iteration does some work, then marks its element.
  function marks(done: Int32Array): number {
    for (const i of prange(done.length)) {
      if (i === 0) throw new Error('first');
      let x = i;
      for (let k = 0; k < 200; k++) x = (x * 1103515245 + 12345) % 2147483648;
      done[i] = x >= 0 ? 1 : 2;
    }
    return 0;
  }
  const compiled = memoJit({ parallel: true })(marks);
  const trips = 400_000;
  for (const threads of [2, 3]) {
    memoJit.threads = threads;
    await memoJit.threadsReady();
    const done = new Int32Array(trips);
    assert.throws(() => compiled(done), /first/);
    let ran = 0;
    for (const v of done) ran += v;
    // The loop is cut into at least 4 chunks per thread; the other threads finish the chunk they hold and
    // take no other, so far fewer than half the iterations run (all of them would, without the stop).
    assert.ok(ran < trips / 2, `${threads} threads: ${ran} of ${trips} iterations ran after iteration 0 threw`);
  }
});
