/**
 * Saving is all or nothing (issue 11, items 11, 12, 14): several formats land together or not at all, an
 * unknown chart type is a clear error with or without data, and a directory that cannot be made fails fast.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Figure, myplot, paper, PlotSaveError, saveFigure } from '../../src/plot/index.js';
import { writeFilesAtomic, type AtomicIO } from '../../src/internals.js';
import { writeFileSync as realWrite, renameSync as realRename } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-save-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function line(fig: Figure): void {
  fig.chart({ type: 'line', data: { datasets: [{ label: 'y', data: [0, 1, 4].map((y, x) => ({ x, y })) }] } });
}

function noTemporaries(): void {
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.bak')), [], 'no temporary or backup file left');
}

test("['pdf', 'png'] with the disk filling during the PNG leaves both old files untouched", () => {
  const file = join(dir, 'full');
  writeFileSync(`${file}.pdf`, 'old pdf');
  writeFileSync(`${file}.png`, 'old png');
  const fig = new Figure(paper);
  line(fig);
  const io: AtomicIO = {
    writeFile(path, bytes) {
      if (path.includes('.png.')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      realWrite(path, bytes, { flag: 'wx' });
    },
    rename: realRename,
  };
  assert.throws(() => saveFigure(fig, file, { format: ['pdf', 'png'], io }), (e: unknown) => e instanceof PlotSaveError && /ENOSPC/.test(e.message));
  assert.equal(readFileSync(`${file}.pdf`, 'utf8'), 'old pdf', 'the PDF was not replaced before the PNG was safely written');
  assert.equal(readFileSync(`${file}.png`, 'utf8'), 'old png');
  noTemporaries();
});

test('a failure between writing and renaming (second rename) rolls the first file back', () => {
  const file = join(dir, 'rename');
  writeFileSync(`${file}.pdf`, 'old pdf');
  writeFileSync(`${file}.svg`, 'old svg');
  const fig = new Figure(paper);
  line(fig);
  const seen: string[] = [];
  let renames = 0;
  const io: AtomicIO = {
    writeFile(path, bytes) {
      seen.push(path);
      realWrite(path, bytes, { flag: 'wx' });
    },
    rename(from, to) {
      // Every temporary exists before the first rename: the save is observable between the two phases.
      if (renames === 0) assert.ok(seen.length === 2 && seen.every((p) => existsSync(p)), 'all temporaries written before any rename');
      if (to.endsWith('.svg')) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      renames += 1;
      realRename(from, to);
    },
  };
  assert.throws(() => saveFigure(fig, file, { format: ['pdf', 'svg'], io }), (e: unknown) => e instanceof PlotSaveError && /EIO/.test(e.message));
  assert.equal(readFileSync(`${file}.pdf`, 'utf8'), 'old pdf', 'the already renamed PDF is rolled back');
  assert.equal(readFileSync(`${file}.svg`, 'utf8'), 'old svg');
  noTemporaries();
  // And without faults both land.
  const paths = saveFigure(fig, file, { format: ['pdf', 'svg'] });
  assert.equal(readFileSync(paths[0]!).subarray(0, 5).toString(), '%PDF-');
  assert.match(readFileSync(paths[1]!, 'utf8'), /<svg/);
  noTemporaries();
});

test('writeFilesAtomic: a new file that fails to land is not left behind either', () => {
  const a = join(dir, 'new-a.txt');
  const b = join(dir, 'new-b.txt');
  const io: AtomicIO = {
    writeFile: (p, bytes) => realWrite(p, bytes, { flag: 'wx' }),
    rename(from, to) {
      if (to === b) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      realRename(from, to);
    },
  };
  assert.throws(() => writeFilesAtomic([{ path: a, bytes: Buffer.from('a') }, { path: b, bytes: Buffer.from('b') }], io), PlotSaveError);
  assert.ok(!existsSync(a) && !existsSync(b));
  noTemporaries();
});

test('an unknown chart type is the same clear error with empty datasets as with data, and overwrites nothing', () => {
  const file = join(dir, 'unknown.pdf');
  writeFileSync(file, 'previous figure');
  for (const datasets of [[], [{ label: 'a', data: [1, 2] }]]) {
    const fig = myplot({ file })(function unknown(f: Figure) {
      f.chart({ type: 'no-such-chart' as 'line', data: { datasets } });
    });
    assert.throws(fig, /unknown chart type 'no-such-chart'; numbat draws line, .*imshow/);
  }
  const nested = myplot({ file })(function nested(f: Figure) {
    f.chart({ type: 'line', data: { datasets: [{ type: 'nope' as 'line', label: 'a', data: [] }] } });
  });
  assert.throws(nested, /unknown chart type 'nope'/);
  assert.equal(readFileSync(file, 'utf8'), 'previous figure');
});

test('a directory that cannot be created (under /proc) is a PlotSaveError, promptly, not a hang', (t) => {
  if (!existsSync('/proc/self')) {
    t.skip('no /proc on this system: the hang it guards against is Linux-specific');
    return;
  }
  for (const target of ['/proc/numbat-no-such/dir/fig.pdf', '/proc/self/fdinfo/numbat/x/fig.pdf']) {
    const fig = myplot({ file: target })(function proc(f: Figure) {
      line(f);
    });
    assert.throws(fig, (e: unknown) => e instanceof PlotSaveError && e.path === target && /cannot create the directory/.test(e.message));
  }
});
