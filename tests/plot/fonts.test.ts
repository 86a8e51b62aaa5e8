// src/plot/fonts.ts: the fonts a figure style names, registered with Skia from their files. Checked: the CMU
// families list four existing faces (regular, bold, italic, bold italic) from the `computer-modern` package;
// registering them makes Skia draw with them (a text in 'CMU Serif' measures differently from the fallback, and
// the family is listed by Skia); registering twice is harmless; a missing file and a file that is not a font are
// Errors naming the family and the path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cmuSansSerif, cmuSerif, registerFontFamily } from '../../src/plot/fonts.js';
import { skia } from '../../src/plot/skia.js';

test('the CMU families list their four faces, each an existing file', () => {
  for (const [font, family] of [[cmuSerif(), 'CMU Serif'], [cmuSansSerif(), 'CMU Sans Serif']] as const) {
    assert.equal(font.family, family);
    assert.equal(font.files.length, 4);
    for (const f of font.files) assert.ok(existsSync(f), f);
    assert.deepEqual(font.files.map((f) => basename(f).replace(/^cmu-(sans-)?serif-/, '')), ['500-roman.ttf', '700-roman.ttf', '500-italic.ttf', '700-italic.ttf']);
  }
});

test('registered families are the ones Skia draws with; registering twice is harmless', () => {
  registerFontFamily(cmuSerif());
  registerFontFamily(cmuSerif());
  registerFontFamily(cmuSansSerif());
  const families = skia().GlobalFonts.families.map((f: { family: string }) => f.family);
  assert.ok(families.includes('CMU Serif') && families.includes('CMU Sans Serif'), families.join(', '));
  const ctx = skia().createCanvas(10, 10).getContext('2d');
  const width = (font: string): number => {
    ctx.font = font;
    return ctx.measureText('Temperature and pressure, 1234567890').width;
  };
  const serif = width('20px "CMU Serif"');
  const sans = width('20px "CMU Sans Serif"');
  assert.notEqual(serif, sans, 'the two families have their own metrics');
  assert.ok(serif > 0 && sans > 0);
});

test('a missing file and a file that is not a font are errors naming the family and the path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-fonts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, 'nope.ttf');
  assert.throws(() => registerFontFamily({ family: 'Nope', files: [missing] }), (e: unknown) =>
    e instanceof Error && e.message.includes("font file not found for 'Nope'") && e.message.includes(missing));
  const junk = join(dir, 'junk.ttf');
  writeFileSync(junk, 'this is not a font');
  assert.throws(() => registerFontFamily({ family: 'Junk', files: [junk] }), (e: unknown) =>
    e instanceof Error && /could not load the font file .*junk\.ttf for 'Junk'/.test(e.message));
});
