// Corpus program `earcut-zorder` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/mapbox/earcut at commit 2a4e260205764db3ca28244c50f6fd156de72b2a, src/earcut.js
// Author: Vladimir Agafonkin (Mapbox)
// Licence: ISC. Copyright (c) 2026, Mapbox. Full text: bench/corpus/LICENSES.md.
// Changes: the module-level helper `zOrder` taken out of the module.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
// z-order of a point given coords and inverse of the longer side of data bbox
/** @param {number} x @param {number} y @param {number} minX @param {number} minY @param {number} invSize @returns {number} */
function zOrder(x, y, minX, minY, invSize) {
    // coords are transformed into non-negative 15-bit integer range
    x = (x - minX) * invSize | 0;
    y = (y - minY) * invSize | 0;

    x = (x | (x << 8)) & 0x00FF00FF;
    x = (x | (x << 4)) & 0x0F0F0F0F;
    x = (x | (x << 2)) & 0x33333333;
    x = (x | (x << 1)) & 0x55555555;

    y = (y | (y << 8)) & 0x00FF00FF;
    y = (y | (y << 4)) & 0x0F0F0F0F;
    y = (y | (y << 2)) & 0x33333333;
    y = (y | (y << 1)) & 0x55555555;

    return x | (y << 1);
}

// find the leftmost node of a polygon ring
// ---- end of the original -------------------------------------------------------------------------------------

// A point inside the bounding box [minX, minX + 1/invSize], as earcut's indexCurve() passes them.
export default {
  name: 'earcut-zorder',
  origin: 'earcut',
  url: 'https://github.com/mapbox/earcut/blob/2a4e260205764db3ca28244c50f6fd156de72b2a/src/earcut.js',
  licence: 'ISC',
  fn: zOrder,
  input: (size) => {
    const [x, y] = inputs.numbers(2, size === 'small' ? 61 : 62, -180, 180);
    return { args: [x, y, -180, -180, 32767 / 360] };
  },
};
