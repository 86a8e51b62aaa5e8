// src/plot/style.ts: one figure style for a whole paper. Checked: the two built-in styles are valid and deeply
// frozen; defineStyle merges overrides deeply (objects merged key by key, arrays and scalars replaced,
// `undefined` ignored), never changes its base, names the result, and registers named styles (the last
// definition wins); every positive quantity and every enumerated field is validated with a TypeError naming it;
// widthInches maps 'single'/'double' to the style's column widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepMerge, defineStyle, OKABE_ITO, paper, presentation, styleNamed, validateStyle, widthInches, type Style } from '../../src/plot/style.js';

test('the built-in styles are valid, named, and frozen all the way down', () => {
  for (const s of [paper, presentation]) {
    assert.equal(validateStyle(s), s);
    assert.equal(styleNamed(s.name), s);
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.fontSize) && Object.isFrozen(s.ticks) && Object.isFrozen(s.columns));
  }
  assert.ok(Object.isFrozen(OKABE_ITO));
  assert.equal(OKABE_ITO.length, 8, 'Okabe and Ito\'s eight colour-blind-safe colours');
  assert.throws(() => { (paper.fontSize as { tick: number }).tick = 99; }, TypeError);
});

test('defineStyle merges deeply, replaces arrays, ignores undefined, and leaves its base alone', () => {
  const palette = ['#111111', '#222222'];
  const s = defineStyle('paper', { fontSize: { tick: 7 }, ticks: { direction: 'out' }, palette, grid: undefined });
  assert.equal(s.name, 'paper*', 'unnamed: the base\'s name and a star');
  assert.deepEqual(s.fontSize, { ...paper.fontSize, tick: 7 });
  assert.deepEqual(s.ticks, { ...paper.ticks, direction: 'out' });
  assert.deepEqual(s.palette, palette, 'an array is replaced, not merged by index');
  assert.equal(s.grid, paper.grid, 'undefined keeps the base value');
  assert.equal(paper.fontSize.tick, 8, 'the base is unchanged');
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.fontSize));
  assert.equal(defineStyle(presentation).name, 'presentation*');
  assert.throws(() => defineStyle('paper', [] as never), /overrides must be a plain object/);
});

test('deepMerge: plain objects key by key, anything else replaced, a copy either way', () => {
  const base = { a: { b: 1, c: [1, 2] }, d: 4 };
  const merged = deepMerge(base, { a: { c: [9] }, e: { f: 5 } });
  assert.deepEqual(merged, { a: { b: 1, c: [9] }, d: 4, e: { f: 5 } });
  const copy = deepMerge(base, undefined);
  assert.deepEqual(copy, base);
  assert.notEqual(copy.a, base.a, 'a deep copy, not the same objects');
  assert.equal(deepMerge(base, 3), 3);
});

test('named styles are found by name, and the last definition of a name wins', () => {
  const a = defineStyle('paper', { name: 'thesis-style-test', fontSize: { label: 11 } });
  assert.equal(styleNamed('thesis-style-test'), a);
  const b = defineStyle('thesis-style-test', { name: 'thesis-style-test', fontSize: { label: 12 } });
  assert.equal(styleNamed('thesis-style-test'), b);
  assert.equal(b.fontSize.label, 12);
  assert.equal(b.fontSize.tick, paper.fontSize.tick, 'based on the earlier definition, itself based on paper');
  assert.throws(() => styleNamed('no-such-style'), (e: unknown) => e instanceof TypeError && /no style named 'no-such-style'; known: paper, presentation/.test(e.message));
});

test('every positive quantity and enumerated field is validated, the error naming it', () => {
  const bad = (override: Record<string, unknown>): Style => ({ ...paper, ...override }) as Style;
  const positives: Array<[string, (v: unknown) => Style]> = [
    ['aspect', (v) => bad({ aspect: v })], ['lineWidth', (v) => bad({ lineWidth: v })], ['axisWidth', (v) => bad({ axisWidth: v })],
    ['padding', (v) => bad({ padding: v })], ['dpi', (v) => bad({ dpi: v })],
    ['columns.single', (v) => bad({ columns: { ...paper.columns, single: v } })], ['columns.double', (v) => bad({ columns: { ...paper.columns, double: v } })],
    ...(['tick', 'label', 'legend', 'title', 'panelLabel'] as const).map((k): [string, (v: unknown) => Style] => [`fontSize.${k}`, (v) => bad({ fontSize: { ...paper.fontSize, [k]: v } })]),
  ];
  for (const [path, make] of positives) {
    for (const v of [0, -1, NaN, Infinity, '3']) {
      assert.throws(() => validateStyle(make(v)), (e: unknown) => e instanceof TypeError && e.message.includes(`${path} must be a positive number`), `${path} = ${String(v)}`);
    }
  }
  assert.throws(() => validateStyle(bad({ width: 'triple' })), /width must be 'single', 'double' or inches > 0/);
  assert.throws(() => validateStyle(bad({ width: 0 })), /width must be/);
  assert.equal(validateStyle(bad({ width: 5.5 })).width, 5.5);
  assert.throws(() => validateStyle(bad({ ticks: { ...paper.ticks, direction: 'up' } })), /ticks\.direction must be 'in' or 'out'/);
  assert.throws(() => validateStyle(bad({ palette: [] })), /palette must be a non-empty array/);
  assert.throws(() => validateStyle(bad({ format: 'jpeg' })), /format must be 'pdf', 'png' or 'svg', got jpeg/);
  assert.throws(() => validateStyle(bad({ font: { family: 'X' } })), /font must be \{ family, files \}/);
  assert.throws(() => defineStyle('paper', { dpi: -3 }), /style 'paper\*': dpi must be a positive number, got -3/);
});

test('widthInches: the style\'s column widths for single and double, inches as given', () => {
  assert.equal(widthInches(paper), 3.4);
  assert.equal(widthInches(paper, 'double'), 7);
  assert.equal(widthInches(presentation, 'single'), 8);
  assert.equal(widthInches(paper, 4.25), 4.25);
});
