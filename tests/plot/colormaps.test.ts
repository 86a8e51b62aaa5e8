// Colour formatting of the colormaps (src/plot/colormaps.ts): one helper formats a colormap's colour, and a
// value no norm can place has no colour (transparent), never black.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colormap, colormapCss, rgbCss } from '../../src/plot/colormaps.js';

test('colormapCss formats the colormap colour through rgbCss', () => {
  for (const t of [0, 0.25, 0.5, 1, -3, 7]) assert.equal(colormapCss('viridis', t), rgbCss(colormap('viridis', t)!));
  assert.equal(colormapCss('coolwarm', 0.5), 'rgb(221, 220, 220)');
  assert.equal(rgbCss([68, 1, 84]), 'rgb(68, 1, 84)');
});

test('a missing colour (NaN) is transparent, not black', () => {
  assert.equal(colormap('viridis', NaN), undefined);
  assert.equal(colormapCss('viridis', NaN), 'rgba(0, 0, 0, 0)');
});
