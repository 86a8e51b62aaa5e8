/**
 * A cold process for `bench/plot.ts`: draws and saves the physics figure once, then exits, so the caller can
 * time the whole run (Node start, module loading, MathJax, the render) as a user's first figure.
 * Usage: node --import tsx bench/_plot-physics-once.ts <out.pdf>
 */
import { myplot, paper, type Figure } from '../src/plot/index.js';
import { drawPhysics } from '../examples/_physics.js';

const out = process.argv[2];
if (!out) throw new Error('usage: _plot-physics-once.ts <out.pdf>');
myplot({ style: paper, file: out, subplots: [2, 2], width: 'double', height: 5.2, sharex: 'col' })(function physics(fig: Figure) {
  drawPhysics(fig);
})();
