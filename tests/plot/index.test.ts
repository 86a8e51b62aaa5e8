// src/plot/index.ts (numbat/plot): the decorator, figures, styles, fonts, chart kinds, gridded data, saving and
// the chart helpers, each the defining module's own object and nothing more (rendering to a Buffer and atomic
// writes stay in numbat/internals); what the root re-exports from it is the same object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBarrel } from '../_support/barrel.js';
import * as entry from '../../src/plot/index.js';
import * as root from '../../src/index.js';
import * as myplot from '../../src/plot/myplot.js';
import * as figure from '../../src/plot/figure.js';
import * as style from '../../src/plot/style.js';
import * as fonts from '../../src/plot/fonts.js';
import * as render from '../../src/plot/render.js';
import * as kinds from '../../src/plot/kinds.js';
import * as grid from '../../src/plot/grid.js';
import * as mesh from '../../src/plot/mesh.js';
import * as colormaps from '../../src/plot/colormaps.js';
import * as save from '../../src/plot/save.js';
import * as chartjs from '../../src/plot/chartjs.js';
import * as errorbars from '../../src/plot/errorbars.js';
import * as helpers from '../../src/plot/helpers.js';

test('numbat/plot exports exactly its documented names, each the defining module\'s own object', () => {
  assertBarrel(entry, [
    [myplot, ['myplot', 'plotted']],
    [figure, ['Figure', 'Panel', 'panelLabel']],
    [style, ['paper', 'presentation', 'defineStyle', 'styleNamed', 'OKABE_ITO', 'widthInches']],
    [fonts, ['cmuSerif', 'cmuSansSerif', 'registerFontFamily']],
    [render, ['measureFigure']],
    [kinds, ['CHART_KINDS']],
    [grid, ['imshow', 'contour', 'contourf']],
    [mesh, ['pcolormesh']],
    [colormaps, ['COLORMAPS']],
    [save, ['saveFigure', 'PdfPages', 'PlotSaveError']],
    [chartjs, ['withAlpha']],
    [errorbars, ['errorBars']],
    [helpers, ['histogram', 'fixedTicks', 'fillBetween']],
  ]);
});

test('what the root re-exports from numbat/plot is the same object; renderers and writers stay out of both', () => {
  const shared = Object.keys(entry).filter((name) => name in root);
  assert.ok(shared.includes('myplot') && shared.includes('Figure') && shared.includes('imshow'));
  for (const name of shared) assert.equal((root as Record<string, unknown>)[name], (entry as Record<string, unknown>)[name], name);
  for (const name of ['renderFigure', 'renderPdf', 'renderPng', 'renderSvg', 'writeAtomic', 'writeFilesAtomic', 'outputPaths', 'GridController', 'makeNorm']) {
    assert.ok(!(name in entry), `${name} leaked into numbat/plot`);
    assert.ok(!(name in root), `${name} leaked into the package root`);
  }
});
