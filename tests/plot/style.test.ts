// Figure styles (src/plot/style.ts): the two presets hold what their TSDoc promises and are frozen all the way
// down; Okabe & Ito's published colours; deepMerge's rules (plain objects merge into new objects, everything
// else is replaced, undefined keeps the base, nothing aliases or mutates the inputs); validateStyle rejecting
// every kind of unusable value with the style's name; defineStyle's naming, registration and chaining;
// styleNamed's error; widthInches for column names and inches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepMerge, defineStyle, OKABE_ITO, paper, presentation, styleNamed, validateStyle, widthInches, type Style } from '../../src/plot/style.js';

test('the paper preset: CMU Serif, 8/9 pt, 3.4 in and 7 in columns, ticks in on four edges, no grid, 1 pt lines, PDF', () => {
  assert.equal(paper.name, 'paper');
  assert.equal(paper.font.family, 'CMU Serif');
  assert.equal(paper.font.files.length, 4, 'regular, bold, italic, bold italic');
  assert.equal(paper.fontSize.tick, 8);
  assert.equal(paper.fontSize.label, 9);
  assert.deepEqual(paper.columns, { single: 3.4, double: 7 });
  assert.equal(paper.width, 'single');
  assert.equal(paper.ticks.direction, 'in');
  assert.equal(paper.ticks.mirror, true);
  assert.equal(paper.grid, false);
  assert.equal(paper.lineWidth, 1);
  assert.equal(paper.palette, OKABE_ITO);
  assert.equal(paper.format, 'pdf');
  assert.equal(validateStyle(paper), paper, 'a preset is valid and validateStyle returns its argument');
});

test('the presentation preset: CMU Sans Serif at 14–18 pt, 8 in wide, 2.2 pt lines, ticks out, a grid', () => {
  assert.equal(presentation.font.family, 'CMU Sans Serif');
  const sizes = Object.values(presentation.fontSize);
  assert.equal(Math.min(...sizes), 14);
  assert.equal(Math.max(...sizes), 18);
  assert.equal(widthInches(presentation), 8);
  assert.equal(presentation.lineWidth, 2.2);
  assert.equal(presentation.ticks.direction, 'out');
  assert.equal(presentation.grid, true);
  assert.equal(validateStyle(presentation), presentation);
});

test('Okabe–Ito: the eight published colours in order, frozen; presets are frozen all the way down', () => {
  assert.deepEqual([...OKABE_ITO], ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#F0E442', '#000000']);
  assert.ok(Object.isFrozen(OKABE_ITO));
  for (const s of [paper, presentation]) {
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.fontSize) && Object.isFrozen(s.ticks) && Object.isFrozen(s.columns) && Object.isFrozen(s.font));
    assert.throws(() => {
      (s.fontSize as { tick: number }).tick = 99;
    }, TypeError);
  }
  assert.equal(paper.fontSize.tick, 8);
});

test('deepMerge: plain objects merge key by key into new objects; the inputs are neither mutated nor aliased', () => {
  const base = { a: { b: 1, c: 2 }, d: [1, 2], e: 'x' };
  const over = { a: { c: 3, n: { z: 1 } } };
  const out = deepMerge(base, over);
  assert.deepEqual(out, { a: { b: 1, c: 3, n: { z: 1 } }, d: [1, 2], e: 'x' });
  assert.deepEqual(base, { a: { b: 1, c: 2 }, d: [1, 2], e: 'x' }, 'base unchanged');
  assert.notEqual(out.a, base.a);
  assert.notEqual((out.a as { n?: object }).n, over.a.n, 'a new key is copied, not shared');
  const clone = deepMerge(base, undefined);
  assert.deepEqual(clone, base);
  assert.notEqual(clone, base);
  assert.notEqual(clone.a, base.a, 'no override: a deep copy of the base');
});

test('deepMerge: arrays, functions, class instances and primitives replace whole; undefined values keep the base', () => {
  const fn = (): number => 1;
  const date = new Date(0);
  const base = { list: [1, 2, 3], f: (): number => 0, when: { y: 1 } as unknown, n: 5, keep: 'k' };
  const out = deepMerge(base, { list: [9], f: fn, when: date, n: undefined, keep: undefined });
  assert.deepEqual(out.list, [9], 'arrays are not merged element-wise');
  assert.equal(out.f, fn);
  assert.equal(out.when, date, 'a class instance replaces a plain object');
  assert.equal(out.n, 5);
  assert.equal(out.keep, 'k');
  assert.deepEqual(deepMerge({ a: 1 } as unknown, [1, 2]), [1, 2], 'a non-object override replaces the base');
  assert.equal(deepMerge(3, 4), 4);
  assert.equal(deepMerge({ a: 1 } as unknown, null), null);
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { p: { q: 1 } });
  assert.deepEqual({ ...deepMerge(bare, { p: { r: 2 } }) }, { p: { q: 1, r: 2 } }, 'null-prototype objects are plain');
});

test('validateStyle: every size must be a finite positive number; the message names the style and the path', () => {
  const paths: Array<[string, (v: number) => Style]> = [
    ['aspect', (v) => ({ ...paper, aspect: v })],
    ['lineWidth', (v) => ({ ...paper, lineWidth: v })],
    ['axisWidth', (v) => ({ ...paper, axisWidth: v })],
    ['padding', (v) => ({ ...paper, padding: v })],
    ['dpi', (v) => ({ ...paper, dpi: v })],
    ['columns.single', (v) => ({ ...paper, columns: { ...paper.columns, single: v } })],
    ['columns.double', (v) => ({ ...paper, columns: { ...paper.columns, double: v } })],
    ['fontSize.tick', (v) => ({ ...paper, fontSize: { ...paper.fontSize, tick: v } })],
    ['fontSize.label', (v) => ({ ...paper, fontSize: { ...paper.fontSize, label: v } })],
    ['fontSize.legend', (v) => ({ ...paper, fontSize: { ...paper.fontSize, legend: v } })],
    ['fontSize.title', (v) => ({ ...paper, fontSize: { ...paper.fontSize, title: v } })],
    ['fontSize.panelLabel', (v) => ({ ...paper, fontSize: { ...paper.fontSize, panelLabel: v } })],
  ];
  for (const [path, make] of paths) {
    for (const bad of [0, -1, Number.NaN, Infinity, '7' as unknown as number]) {
      assert.throws(() => validateStyle(make(bad)), (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.ok(e.message.startsWith("myplot: style 'paper': "), e.message);
        assert.ok(e.message.includes(`${path} must be a positive number, got ${String(bad)}`), e.message);
        return true;
      });
    }
    assert.doesNotThrow(() => validateStyle(make(0.5)), `${path} = 0.5 is fine`);
  }
});

test('validateStyle: width, tick direction, palette, format and font', () => {
  for (const width of [0, -2, Number.NaN, Infinity, 'triple']) {
    assert.throws(() => validateStyle({ ...paper, width: width as Style['width'] }), /width must be 'single', 'double' or inches > 0/, String(width));
  }
  for (const width of ['single', 'double', 4.5] as const) assert.doesNotThrow(() => validateStyle({ ...paper, width }));
  assert.throws(() => validateStyle({ ...paper, ticks: { ...paper.ticks, direction: 'both' as 'in' } }), /ticks\.direction must be 'in' or 'out'/);
  assert.throws(() => validateStyle({ ...paper, palette: [] }), /palette must be a non-empty array/);
  assert.throws(() => validateStyle({ ...paper, palette: '#000' as unknown as string[] }), /palette/);
  assert.throws(() => validateStyle({ ...paper, format: 'jpg' as 'png' }), /format must be 'pdf', 'png' or 'svg', got jpg/);
  assert.throws(() => validateStyle({ ...paper, font: undefined as unknown as Style['font'] }), /font must be \{ family, files \}/);
  assert.throws(() => validateStyle({ ...paper, font: { family: 'X', files: 'x.ttf' as unknown as string[] } }), /font must be/);
});

test('defineStyle: nested groups merge, palette and font replace, the name defaults to base*, the result is frozen', () => {
  const s = defineStyle(paper, { fontSize: { tick: 7 }, palette: ['#111111'], ticks: { direction: 'out' } });
  assert.equal(s.name, 'paper*');
  assert.equal(s.fontSize.tick, 7);
  assert.equal(s.fontSize.label, 9, 'the other font sizes are the base\'s');
  assert.equal(s.ticks.direction, 'out');
  assert.equal(s.ticks.mirror, true);
  assert.deepEqual([...s.palette], ['#111111']);
  assert.equal(paper.fontSize.tick, 8, 'the base is untouched');
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.fontSize));
  const font = { family: 'Libertinus Serif', files: ['a.otf'] };
  assert.deepEqual(defineStyle(paper, { font }).font, font, 'a font replaces, files and all');
  assert.equal(defineStyle(s).name, 'paper**', 'no overrides: a copy named after its base');
});

test('defineStyle with a name registers it for styleNamed (the last definition wins); chains keep inherited values', () => {
  const prl = defineStyle(paper, { name: 'test-prl', columns: { single: 3.375 }, fontSize: { tick: 7 } });
  assert.equal(styleNamed('test-prl'), prl);
  assert.deepEqual(prl.columns, { single: 3.375, double: 7 });
  const thesis = defineStyle('test-prl', { name: 'test-thesis', width: 5.5 });
  assert.equal(thesis.fontSize.tick, 7, 'inherited through the chain, base given by name');
  assert.equal(widthInches(thesis), 5.5);
  const again = defineStyle(presentation, { name: 'test-prl' });
  assert.equal(styleNamed('test-prl'), again);
  assert.equal(styleNamed('paper'), paper);
  assert.equal(styleNamed('presentation'), presentation);
});

test('defineStyle and styleNamed errors: bad overrides, invalid results (not registered), unknown names', () => {
  assert.throws(() => defineStyle(paper, [] as never), /defineStyle: overrides must be a plain object/);
  assert.throws(() => defineStyle(paper, null as never), /overrides must be a plain object/);
  assert.throws(() => defineStyle(paper, { name: 'test-broken', dpi: 0 }), /style 'test-broken': dpi must be a positive number, got 0/);
  assert.throws(() => styleNamed('test-broken'), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.match(e.message, /no style named 'test-broken'; known: paper, presentation/);
    assert.match(e.message, /register one with defineStyle\(base, \{ name \}\)/);
    return true;
  });
  assert.throws(() => defineStyle('no-such-style'), /no style named 'no-such-style'/);
});

test('widthInches: column names resolve through the style, numbers are inches, the default is the style\'s width', () => {
  assert.equal(widthInches(paper), 3.4);
  assert.equal(widthInches(paper, 'single'), 3.4);
  assert.equal(widthInches(paper, 'double'), 7);
  assert.equal(widthInches(paper, 4.5), 4.5);
  assert.equal(widthInches(presentation, 'double'), 12);
  assert.equal(widthInches(defineStyle(paper, { width: 'double' })), 7);
});
