// Corpus program `delaunator-circumcenter` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/mapbox/delaunator at commit c2bd4edf7ed167a821eb6f922f3456006c56fa39, index.js
// Author: Vladimir Agafonkin (Mapbox)
// Licence: ISC. Copyright (c) 2026, Mapbox. Full text: bench/corpus/LICENSES.md.
// Changes: the module-level helper `circumcenter` taken out of the module (JSDoc kept).
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
/**
 * Get coordinates of a circumcenter for points A, B, C.
 *
 * @param {number} ax
 * @param {number} ay
 * @param {number} bx
 * @param {number} by
 * @param {number} cx
 * @param {number} cy
 */
function circumcenter(ax, ay, bx, by, cx, cy) {
    const dx = bx - ax;
    const dy = by - ay;
    const ex = cx - ax;
    const ey = cy - ay;

    const bl = dx * dx + dy * dy;
    const cl = ex * ex + ey * ey;
    const d = 0.5 / (dx * ey - dy * ex);

    const x = ax + (ey * bl - dy * cl) * d;
    const y = ay + (dx * cl - ex * bl) * d;

    return {x, y};
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'delaunator-circumcenter',
  origin: 'delaunator',
  url: 'https://github.com/mapbox/delaunator/blob/c2bd4edf7ed167a821eb6f922f3456006c56fa39/index.js',
  licence: 'ISC',
  fn: circumcenter,
  input: (size) => ({ args: inputs.numbers(6, size === 'small' ? 41 : 42, -50, 50) }),
};
