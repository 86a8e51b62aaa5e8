// An atomic save, observed (issue 19): the docs promise that a figure is written to a temporary file beside
// its target and renamed into place, so a reader never sees half a figure and a failure leaves the old one.
// Checking only the final content cannot tell that apart from writing the target directly, so these tests
// watch every file-system write the save makes (a reader looking at the target at each step), and inject a
// failure between the write and the rename. Only the public @myplot API is used.
import { test, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { myplot, PlotSaveError, type Figure } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-atomic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OLD = Buffer.from('%PDF-1.4 the previous figure, complete\n%%EOF\n');

function draw(fig: Figure, ys: readonly number[]): void {
  fig.chart({ type: 'line', data: { datasets: [{ label: 'y', data: ys.map((y, x) => ({ x, y })) }] } });
}

/**
 * Wraps synchronous node:fs functions for the rest of the test: `hook(name, args)` runs after each real call
 * (or instead of it, when it throws first). Named ESM imports of node:fs see the wrappers once
 * `syncBuiltinESMExports` has run.
 */
function instrumentFs(
  t: TestContext,
  names: readonly (keyof typeof fs)[],
  hook: (name: string, args: unknown[], phase: 'before' | 'after') => void,
): void {
  let inHook = false;
  for (const name of names) {
    const real = fs[name] as (...a: unknown[]) => unknown;
    t.mock.method(fs, name as never, ((...args: unknown[]) => {
      // The hook itself reads files (through these same functions): only the save's own calls are observed.
      if (inHook) return real.apply(fs, args);
      const observe = (phase: 'before' | 'after'): void => {
        inHook = true;
        try {
          hook(String(name), args, phase);
        } finally {
          inHook = false;
        }
      };
      observe('before');
      const result = real.apply(fs, args);
      observe('after');
      return result;
    }) as never);
  }
  syncBuiltinESMExports();
  t.after(() => {
    t.mock.restoreAll();
    syncBuiltinESMExports();
  });
}

const WRITERS = ['writeFileSync', 'writeSync', 'renameSync', 'copyFileSync', 'linkSync', 'appendFileSync', 'truncateSync', 'ftruncateSync', 'openSync', 'closeSync', 'rmSync', 'unlinkSync'] as const;

test('a reader looking at the target after every file-system call sees the old figure or the whole new one, never a part', (t) => {
  const file = join(dir, 'observed.pdf');
  writeFileSync(file, OLD);
  const seen: Array<{ call: string; content: Buffer | undefined }> = [];
  let renamedOnto = false;
  instrumentFs(t, WRITERS, (name, args, phase) => {
    if (phase === 'before' && name === 'renameSync' && args[1] === file) renamedOnto = true;
    if (phase === 'after') seen.push({ call: name, content: existsSync(file) ? readFileSync(file) : undefined });
  });
  const fig = myplot({ file })(function observed(f: Figure) {
    draw(f, [1, 3, 2]);
  });
  fig();
  t.mock.restoreAll();
  syncBuiltinESMExports();
  const final = readFileSync(file);
  assert.ok(final.subarray(0, 5).toString() === '%PDF-' && !final.equals(OLD), 'the new figure is in place');
  assert.ok(seen.length > 0, 'the save went through node:fs');
  for (const { call, content } of seen) {
    assert.ok(content !== undefined, `after ${call} the target did not exist: a reader would find no figure`);
    assert.ok(content.equals(OLD) || content.equals(final), `after ${call} the target held ${content.length} bytes, neither the old figure nor the new one`);
  }
  assert.ok(renamedOnto, 'the new figure was renamed onto the target (a temporary file beside it), not written in place');
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), [], 'no temporary file is left behind');
});

test('a failure between writing the temporary file and renaming it leaves the old figure and no temporary file', (t) => {
  const file = join(dir, 'injected.pdf');
  writeFileSync(file, OLD);
  let temporary: string | undefined;
  instrumentFs(t, ['renameSync'], (name, args, phase) => {
    if (phase === 'before' && name === 'renameSync' && args[1] === file) {
      temporary = String(args[0]);
      // The temporary file is complete at this point: the whole new figure, beside the target.
      const bytes = readFileSync(temporary);
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      assert.match(bytes.subarray(-8).toString(), /%%EOF\s*$/);
      throw Object.assign(new Error('EIO: injected failure before rename'), { code: 'EIO' });
    }
  });
  const fig = myplot({ file })(function injected(f: Figure) {
    draw(f, [2, 1]);
  });
  assert.throws(() => fig(), (e: unknown) => e instanceof PlotSaveError && e.path === file && /EIO/.test(e.message));
  t.mock.restoreAll();
  syncBuiltinESMExports();
  assert.ok(temporary !== undefined, 'the save renamed a temporary file onto the target');
  assert.equal(join(temporary, '..'), dir, 'the temporary file is beside the target (same file system, so rename is atomic)');
  assert.ok(readFileSync(file).equals(OLD), 'the old figure is intact');
  assert.equal(existsSync(temporary), false, 'the temporary file was removed');
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), []);
});
