/**
 * Where a save writes and what it leaves behind (issue 19, the `plot/save` mutants): the file names a format
 * and an extension give, missing directories made level by level, temporaries named beside their target,
 * backups of old files removed after a multi-file save, and `PdfPages` writing one PDF with a page per figure.
 * Each test checks a documented contract of `src/plot/save.ts` that the older save tests did not look at.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Figure, paper, PdfPages, PlotSaveError, saveFigure } from '../../src/plot/index.js';
import { outputPaths, writeAtomic, writeFilesAtomic, type AtomicIO } from '../../src/internals.js';
import { parsePdf } from './pdf-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-targets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function lineFigure(): Figure {
  const fig = new Figure(paper);
  fig.chart({ type: 'line', data: { datasets: [{ label: 'y', data: [0, 1, 4].map((y, x) => ({ x, y })) }] } });
  return fig;
}

/** Node's own file operations, with every call recorded. */
function recordingIO(): { io: AtomicIO; writes: string[]; renames: Array<[string, string]> } {
  const writes: string[] = [];
  const renames: Array<[string, string]> = [];
  const io: AtomicIO = {
    writeFile(path, bytes) {
      writes.push(path);
      writeFileSync(path, bytes, { flag: 'wx' });
    },
    rename(from, to) {
      renames.push([from, to]);
      renameSync(from, to);
    },
  };
  return { io, writes, renames };
}

const leftovers = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.tmp') || f.endsWith('.bak'));

test('outputPaths: the extension decides the format, case-insensitively; without one, each format adds its own', () => {
  assert.deepEqual(outputPaths('out/FIG.PDF', undefined, 'png'), [{ path: resolve('out/FIG.PDF'), format: 'pdf' }]);
  assert.deepEqual(outputPaths('out/fig.svg', 'svg', 'pdf'), [{ path: resolve('out/fig.svg'), format: 'svg' }]);
  assert.deepEqual(outputPaths('out/fig', undefined, 'png'), [{ path: resolve('out/fig.png'), format: 'png' }], 'the style\'s format when none is asked');
  assert.deepEqual(outputPaths('out/fig', 'svg', 'png'), [{ path: resolve('out/fig.svg'), format: 'svg' }]);
  assert.deepEqual(
    outputPaths('out/fig', ['pdf', 'png', 'pdf'], 'svg').map((t) => t.format),
    ['pdf', 'png'],
    'a format asked twice is written once, in the order asked',
  );
  // A version number is not an extension: 'run.2024' gets the format's extension added.
  assert.deepEqual(outputPaths('out/run.2024', 'pdf', 'png'), [{ path: resolve('out/run.2024.pdf'), format: 'pdf' }]);
  for (const t of outputPaths('rel/fig', ['pdf', 'svg'], 'pdf')) assert.ok(t.path.startsWith('/'), `${t.path} is absolute`);
});

test('outputPaths: every way to name an impossible file is a TypeError that says what is wrong', () => {
  const fails = (file: unknown, format: unknown, pattern: RegExp): void =>
    assert.throws(() => outputPaths(file as string, format as 'pdf', 'pdf'), (e: unknown) => e instanceof TypeError && pattern.test(e.message), `${String(file)} ${String(format)}`);
  fails('', undefined, /non-empty string, got $/);
  fails(42, undefined, /non-empty string, got 42/);
  fails('fig', 'jpeg', /unknown format 'jpeg'; numbat writes pdf, png, svg/);
  fails('fig', ['pdf', 'gif'], /unknown format 'gif'/);
  fails('fig.jpeg', undefined, /unknown format '\.jpeg' in 'fig\.jpeg'; numbat writes \.pdf, \.png, \.svg/);
  fails('fig.pdf', 'png', /'fig\.pdf' says pdf but format is png; drop the extension/);
  fails('fig.pdf', ['pdf', 'png'], /says pdf but format is pdf, png/);
  fails('fig', [], /at least one format/);
});

test('a save into missing directories makes every level, and a file in the way is an ENOTDIR PlotSaveError', () => {
  const target = join(dir, 'a', 'b', 'c', 'fig.txt');
  writeAtomic(target, Buffer.from('deep'));
  assert.equal(readFileSync(target, 'utf8'), 'deep');
  assert.deepEqual(leftovers(dirname(target)), []);

  const blocker = join(dir, 'blocker');
  writeFileSync(blocker, 'a file, not a directory');
  const inside = join(blocker, 'sub', 'fig.txt');
  assert.throws(
    () => writeAtomic(inside, Buffer.from('x')),
    (e: unknown) => e instanceof PlotSaveError && e.path === inside && /cannot create the directory .*\(ENOTDIR\)/.test(e.message),
  );
  assert.equal(readFileSync(blocker, 'utf8'), 'a file, not a directory', 'the file in the way is untouched');
});

test('an existing directory on the way is used as it is; a failure to make one names the directory and leaves the other temporaries removed', () => {
  const ok = join(dir, 'exists');
  writeAtomic(join(ok, 'one.txt'), Buffer.from('1'));
  writeAtomic(join(ok, 'two.txt'), Buffer.from('2'));
  assert.deepEqual(readdirSync(ok).sort(), ['one.txt', 'two.txt']);

  const first = join(dir, 'first.txt');
  const blocked = join(dir, 'blocker2', 'x', 'second.txt');
  writeFileSync(join(dir, 'blocker2'), 'file');
  assert.throws(
    () => writeFilesAtomic([{ path: first, bytes: Buffer.from('1') }, { path: blocked, bytes: Buffer.from('2') }]),
    (e: unknown) => e instanceof PlotSaveError && e.path === blocked && e.message.includes(`cannot create the directory ${dirname(blocked)}`),
  );
  assert.ok(!existsSync(first), 'nothing lands when one directory cannot be made');
  assert.deepEqual(leftovers(dir), [], 'the first file\'s temporary is removed');
});

test('temporaries are hidden files beside their target, all written before the first rename, each renamed onto its own target', () => {
  const sub = join(dir, 'names');
  const { io, writes, renames } = recordingIO();
  const a = join(sub, 'fig.pdf');
  const b = join(sub, 'fig.svg');
  writeFilesAtomic([{ path: a, bytes: Buffer.from('A') }, { path: b, bytes: Buffer.from('B') }], io);
  assert.equal(writes.length, 2);
  for (const [w, target] of [[writes[0]!, a], [writes[1]!, b]] as const) {
    assert.equal(dirname(w), sub, 'beside the target, so the rename stays on one file system');
    assert.match(basename(w), new RegExp(`^\\.${basename(target).replace('.', '\\.')}\\.${process.pid}\\.\\d+\\.tmp$`));
  }
  assert.notEqual(writes[0], writes[1]);
  assert.deepEqual(renames, [[writes[0], a], [writes[1], b]]);
  assert.equal(readFileSync(a, 'utf8'), 'A');
  assert.equal(readFileSync(b, 'utf8'), 'B');
  // Two saves of the same file in one process never reuse a temporary name (the write is exclusive, 'wx').
  const again = recordingIO();
  writeAtomic(a, Buffer.from('A2'), again.io);
  assert.ok(!writes.includes(again.writes[0]!), 'a fresh temporary name');
  assert.equal(readFileSync(a, 'utf8'), 'A2');
});

test('a multi-file save over old files replaces every one and leaves no backup behind', () => {
  const sub = join(dir, 'over');
  const a = join(sub, 'a.txt');
  const b = join(sub, 'b.txt');
  writeFilesAtomic([{ path: a, bytes: Buffer.from('old a') }, { path: b, bytes: Buffer.from('old b') }]);
  writeFilesAtomic([{ path: a, bytes: Buffer.from('new a') }, { path: b, bytes: Buffer.from('new b') }]);
  assert.equal(readFileSync(a, 'utf8'), 'new a');
  assert.equal(readFileSync(b, 'utf8'), 'new b');
  assert.deepEqual(readdirSync(sub).sort(), ['a.txt', 'b.txt'], 'no .tmp or .bak file left');
});

test('a failed rename of the first file leaves the old file and removes every temporary and backup', () => {
  const sub = join(dir, 'first-fails');
  const a = join(sub, 'a.txt');
  const b = join(sub, 'b.txt');
  writeFilesAtomic([{ path: a, bytes: Buffer.from('old a') }, { path: b, bytes: Buffer.from('old b') }]);
  const io: AtomicIO = {
    writeFile: (p, bytes) => writeFileSync(p, bytes, { flag: 'wx' }),
    rename: () => {
      throw Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV' });
    },
  };
  assert.throws(
    () => writeFilesAtomic([{ path: a, bytes: Buffer.from('new a') }, { path: b, bytes: Buffer.from('new b') }], io),
    (e: unknown) => e instanceof PlotSaveError && e.path === a && e.message === `myplot: cannot write ${a}: writing failed (EXDEV)` && (e.cause as Error).message.startsWith('EXDEV'),
  );
  assert.equal(readFileSync(a, 'utf8'), 'old a');
  assert.equal(readFileSync(b, 'utf8'), 'old b');
  assert.deepEqual(readdirSync(sub).sort(), ['a.txt', 'b.txt']);
});

test('saveFigure returns the absolute paths in the order of the formats, each file in its own format', () => {
  const paths = saveFigure(lineFigure(), join(dir, 'order', 'fig'), { format: ['svg', 'pdf'], metadata: { title: 'Order test' } });
  assert.deepEqual(paths, [join(dir, 'order', 'fig.svg'), join(dir, 'order', 'fig.pdf')]);
  assert.match(readFileSync(paths[0]!, 'utf8'), /<svg/);
  const pdf = parsePdf(readFileSync(paths[1]!));
  assert.equal(pdf.pages.length, 1);
  assert.match(pdf.info, /\/Title \(Order test\)/, 'the metadata reaches the PDF');
});

test('PdfPages: add chains, pageCount counts, save writes one PDF with a page per figure and returns its path', () => {
  const book = new PdfPages({ title: 'Book' });
  assert.equal(book.pageCount, 0);
  assert.equal(book.add(lineFigure()), book, 'add returns the book');
  book.add(lineFigure());
  assert.equal(book.pageCount, 2);
  assert.equal(parsePdf(book.render()).pages.length, 2);
  const path = book.save(join(dir, 'book', 'all'));
  assert.equal(path, join(dir, 'book', 'all.pdf'));
  const pdf = parsePdf(readFileSync(path));
  assert.equal(pdf.pages.length, 2);
  assert.match(pdf.info, /\/Title \(Book\)/);
  assert.deepEqual(leftovers(join(dir, 'book')), []);
  assert.throws(() => book.save(join(dir, 'book', 'all.png')), (e: unknown) => e instanceof TypeError && /says png but format is pdf/.test(e.message));
});
