/**
 * src/plot/myplot.ts: `@myplot` as a decorator: plain functions, static and instance methods, async functions, composition with
 * `@timed`, per-call variants, and every error a user can make, each leaving no file behind.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defineStyle,
  describe,
  Figure,
  histogram,
  myplot,
  paper,
  plotted,
  PlotSaveError,
  presentation,
  timed,
} from '../../src/index.js';
import { writeAtomic } from '../../src/internals.js';

const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-dec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function draw(fig: Figure, ys: readonly number[]): void {
  fig.chart({ type: 'line', data: { datasets: [{ label: 'y', data: ys.map((y, x) => ({ x, y })) }] } });
}

test('a plain function gets the figure first, then the caller\'s arguments; the call returns paths, figure, value', () => {
  const seen: unknown[] = [];
  const fig1 = myplot({ dir })(function fig1(fig: Figure, ys: number[], tag: string) {
    seen.push(fig instanceof Figure, ys, tag);
    draw(fig, ys);
    return tag.length;
  });
  const saved = fig1([1, 3, 2], 'abc');
  assert.deepEqual(seen, [true, [1, 3, 2], 'abc']);
  assert.deepEqual(saved.paths, [join(dir, 'fig1.pdf')]);
  assert.equal(saved.value, 3);
  assert.equal(saved.figure.style, paper);
  assert.ok(existsSync(join(dir, 'fig1.pdf')));
  assert.equal(fig1.name, 'fig1');
  assert.equal(describe(fig1)[0]?.decorator, 'myplot');
});

test('myplot(fn) without options uses the paper style and the working directory', () => {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const bare = myplot(function bareDefault(fig: Figure) {
      draw(fig, [1, 2]);
    });
    const { paths, figure } = bare();
    assert.deepEqual(paths, [join(dir, 'bareDefault.pdf')]);
    assert.equal(figure.style.name, 'paper');
  } finally {
    process.chdir(cwd);
  }
});

test('static and instance methods: figure first at run time, `this` kept, typed through plotted()', () => {
  class Paper {
    constructor(readonly scale: number) {}
    @myplot({ dir, format: 'svg' })
    static histogramFigure(fig: Figure, xs: number[]): number {
      fig.chart({ type: 'bar', data: { datasets: [{ label: 'xs', data: histogram(xs, { bins: 5 }) }] }, options: { scales: { x: { type: 'linear' } } } });
      return this === Paper ? 1 : 0;
    }
    @myplot({ dir })
    series(fig: Figure, ys: number[]): number {
      draw(fig, ys.map((y) => y * this.scale));
      return this.scale;
    }
  }
  const s = plotted(Paper, 'histogramFigure')([1, 2, 2, 3, 3, 3]);
  assert.equal(s.value, 1, 'static method sees the class as this');
  assert.deepEqual(s.paths, [join(dir, 'histogramFigure.svg')]);
  const p = new Paper(2);
  const i = plotted(p, 'series')([1, 2]);
  assert.equal(i.value, 2, 'instance method sees the instance');
  assert.deepEqual(i.paths, [join(dir, 'series.pdf')]);
  assert.equal(describe(Paper).get('histogramFigure')?.[0]?.decorator, 'myplot');
  assert.throws(() => plotted({ f: (fig: Figure) => fig }, 'f'), /not decorated with @myplot/);
});

test('@myplot on a field or a class is a clear error', () => {
  assert.throws(() => {
    class Bad {
      // @ts-expect-error: a field is not a method
      @myplot({ dir }) field = (fig: Figure) => fig;
    }
    void Bad;
  }, /cannot decorate the class field 'field'/);
  assert.throws(() => myplot(class K {} as never), /not classes/);
});

test('async functions return a promise of the saved figure', async () => {
  const later = myplot({ dir })(async function later(fig: Figure, n: number) {
    await new Promise((r) => setTimeout(r, 1));
    draw(fig, Array.from({ length: n }, (_, i) => i * i));
    return 'done';
  });
  const pending = later(4);
  assert.ok(pending instanceof Promise);
  const saved = await pending;
  assert.equal(saved.value, 'done');
  assert.ok(existsSync(saved.paths[0]!));
});

test('composes with @timed in both orders', () => {
  const plain = function timedFig(fig: Figure) {
    draw(fig, [1, 2, 3]);
  };
  const outer = timed({ sink: 'silent' })(myplot({ dir, file: join(dir, 'outer.pdf') })(plain));
  const inner = myplot({ dir, file: join(dir, 'inner.pdf') })(timed({ sink: 'silent' })(plain));
  outer();
  outer();
  const s = inner();
  assert.equal(outer.stats.count, 2, 'timed around myplot times render + save');
  assert.deepEqual(describe(outer).map((d) => d.decorator), ['timed', 'myplot']);
  assert.deepEqual(describe(inner).map((d) => d.decorator), ['myplot', 'timed']);
  assert.ok(existsSync(join(dir, 'outer.pdf')) && existsSync(s.paths[0]!));
});

test('with(): the same function in another style, file and format (a slide version)', () => {
  const fig = myplot({ dir })(function variant(f: Figure) {
    draw(f, [3, 1, 2]);
  });
  const slide = fig.with({ style: presentation, file: join(dir, 'slides', 'variant.png'), dpi: 50 });
  const saved = slide();
  assert.equal(saved.figure.style, presentation);
  assert.deepEqual(saved.paths, [join(dir, 'slides', 'variant.png')]);
  assert.equal(fig().figure.style, paper, 'the original is unchanged');
});

test('styles: user presets and per-figure overrides merge key by key and are validated', () => {
  const prl = defineStyle(paper, { name: 'prl', fontSize: { tick: 7 }, columns: { single: 3.375 } });
  assert.equal(prl.fontSize.tick, 7);
  assert.equal(prl.fontSize.label, paper.fontSize.label);
  assert.equal(prl.columns.double, 7);
  assert.ok(Object.isFrozen(prl) && Object.isFrozen(prl.fontSize));
  const f = myplot({ style: prl, override: { aspect: 1 }, save: false })(function sq(fig: Figure) {
    draw(fig, [1]);
  });
  const { figure } = f();
  assert.equal(figure.width, 3.375 * 72);
  assert.equal(figure.height, figure.width);
  assert.throws(() => defineStyle(paper, { fontSize: { tick: -1 } }), /fontSize\.tick must be a positive number/);
  assert.throws(() => defineStyle(paper, { ticks: { direction: 'sideways' as 'in' } }), /ticks\.direction/);
  assert.throws(() => myplot({ style: 42 as never }), /style must be a Style/);
  // Styles by name, as plt.style.use('…'): the presets and any named defineStyle.
  assert.equal(myplot({ style: 'paper', save: false })(function named(fig: Figure) { draw(fig, [1]); })().figure.style.name, 'paper');
  assert.equal(myplot({ style: 'prl', save: false })(function named2(fig: Figure) { draw(fig, [1]); })().figure.width, 3.375 * 72);
  assert.equal(defineStyle('presentation', { name: 'talk' }).fontSize.tick, presentation.fontSize.tick);
  assert.throws(() => myplot({ style: 'nope' }), /no style named 'nope'; known: paper, presentation, prl/);
});

test('unknown formats and contradicting extensions fail when decorating, before any drawing', () => {
  let called = 0;
  const body = (fig: Figure): void => {
    called++;
    draw(fig, [1]);
  };
  assert.throws(() => myplot({ file: join(dir, 'x.jpg') })(body), /unknown format '\.jpg'.*\.pdf, \.png, \.svg/);
  assert.throws(() => myplot({ dir, format: 'eps' as 'pdf' })(function eps(fig: Figure) { body(fig); }), /unknown format 'eps'/);
  assert.throws(() => myplot({ file: join(dir, 'x.pdf'), format: 'png' })(body), /says pdf but format is png/);
  assert.throws(() => myplot({ dir })((fig: Figure) => body(fig)), /anonymous function has no name/);
  assert.throws(() => myplot({ dir, subplots: [0, 2] })(function z(fig: Figure) { body(fig); }), /subplots must be/);
  assert.equal(called, 0);
  assert.ok(!existsSync(join(dir, 'x.jpg')) && !existsSync(join(dir, 'eps.eps')));
});

test('an unwritable path is a PlotSaveError naming the path, and leaves no file or temporary behind', () => {
  const blocker = join(dir, 'not-a-dir');
  writeFileSync(blocker, 'a file where a directory should be');
  const fig = myplot({ file: join(blocker, 'sub', 'fig.pdf') })(function blocked(f: Figure) {
    draw(f, [1, 2]);
  });
  assert.throws(fig, (e: unknown) => e instanceof PlotSaveError && e.path === join(blocker, 'sub', 'fig.pdf') && /cannot create the directory/.test(e.message));
  const ro = join(dir, 'target-is-dir.pdf');
  mkdirSync(ro);
  const before = readdirSync(dir).sort();
  assert.throws(() => writeAtomic(ro, Buffer.from('x')), (e: unknown) => e instanceof PlotSaveError && /writing failed/.test(e.message));
  assert.deepEqual(readdirSync(dir).sort(), before, 'no temporary file left');
});

test('a drawing error writes no file at all, even when other formats rendered fine', () => {
  const file = join(dir, 'broken');
  const fig = myplot({ file, format: ['png', 'pdf'] })(function broken(f: Figure) {
    f.chart({ type: 'no-such-chart' as 'line', data: { datasets: [{ label: 'a', data: [1, 2] }] } });
  });
  assert.throws(fig, /unknown chart type 'no-such-chart'/);
  const throwing = myplot({ file, format: ['png', 'pdf'] })(function throwing(f: Figure) {
    draw(f, [1, 2]);
    f.draw(() => {
      throw new Error('custom drawing failed');
    });
  });
  assert.throws(throwing, /custom drawing failed/);
  assert.ok(!existsSync(`${file}.png`) && !existsSync(`${file}.pdf`));
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
});

test('a function that draws nothing, or too many charts, is told so', () => {
  const empty = myplot({ dir })(function empty(_fig: Figure) {});
  assert.throws(empty, /empty drew nothing/);
  assert.ok(!existsSync(join(dir, 'empty.pdf')));
  const crowded = myplot({ dir })(function crowded(fig: Figure) {
    draw(fig, [1]);
    draw(fig, [2]);
  });
  assert.throws(crowded, /every panel of this 1×1 figure already has a chart/);
  const fig = new Figure(paper, { subplots: [2, 2] });
  assert.throws(() => fig.panel(2, 0), /no panel at \(2, 0\); this figure has 2×2 panels/);
  assert.throws(() => fig.panel(0).chart({} as never), /needs a Chart.js configuration/);
});

test('saving over an existing file replaces it atomically', () => {
  const file = join(dir, 'replace.pdf');
  writeFileSync(file, 'old');
  const fig = myplot({ file })(function replace(f: Figure) {
    draw(f, [1, 2]);
  });
  fig();
  assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
});

test('histogram bins like numpy.histogram (last edge inclusive, density integrates to one)', () => {
  const xs = [0, 0.5, 1, 1.5, 2, 2, 3, 4];
  const h = histogram(xs, { bins: 4 });
  assert.deepEqual(h.map((b) => b.y), [2, 2, 2, 2]);
  assert.deepEqual(h.map((b) => [b.x0, b.x1]), [[0, 1], [1, 2], [2, 3], [3, 4]]);
  const d = histogram(xs, { bins: 4, density: true });
  assert.equal(d.reduce((s, b) => s + b.y * (b.x1 - b.x0), 0), 1);
  assert.throws(() => histogram(xs, { bins: 0 }), /bins must be a positive integer/);
});
