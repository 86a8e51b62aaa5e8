// Corpus program `earcut-deviation` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/mapbox/earcut at commit 2a4e260205764db3ca28244c50f6fd156de72b2a, src/earcut.js
// Author: Vladimir Agafonkin (Mapbox)
// Licence: ISC. Copyright (c) 2026, Mapbox. Full text: bench/corpus/LICENSES.md.
// Changes: `deviation` and the module-level helper it calls, `signedArea`, taken out of the module; `export` removed.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
/**
 * Return the relative difference between the polygon area and the area of its triangulation —
 * a value near 0 means a correct triangulation. Useful for verifying output in tests.
 *
 * @param {ArrayLike<number>} data
 * @param {ArrayLike<number> | null} holeIndices
 * @param {number} dim number of coordinates per vertex in `data`
 * @param {ArrayLike<number>} triangles output of {@link earcut}
 * @returns {number}
 * @example deviation(data, holes, dim, earcut(data, holes, dim)); // ~0 if correct
 */
function deviation(data, holeIndices, dim, triangles) {
    const hasHoles = holeIndices && holeIndices.length;
    const outerLen = hasHoles ? holeIndices[0] * dim : data.length;

    let polygonArea = Math.abs(signedArea(data, 0, outerLen, dim));
    if (hasHoles) {
        for (let i = 0, len = holeIndices.length; i < len; i++) {
            const start = holeIndices[i] * dim;
            const end = i < len - 1 ? holeIndices[i + 1] * dim : data.length;
            polygonArea -= Math.abs(signedArea(data, start, end, dim));
        }
    }

    let trianglesArea = 0;
    for (let i = 0; i < triangles.length; i += 3) {
        const a = triangles[i] * dim;
        const b = triangles[i + 1] * dim;
        const c = triangles[i + 2] * dim;
        trianglesArea += Math.abs(
            (data[a] - data[c]) * (data[b + 1] - data[a + 1]) -
            (data[a] - data[b]) * (data[c + 1] - data[a + 1]));
    }

    return polygonArea === 0 && trianglesArea === 0 ? 0 :
        Math.abs((trianglesArea - polygonArea) / polygonArea);
}

/** @param {ArrayLike<number>} data @param {number} start @param {number} end @param {number} dim @returns {number} */
function signedArea(data, start, end, dim) {
    let sum = 0;
    for (let i = start, j = end - dim; i < end; i += dim) {
        sum += (data[j] - data[i]) * (data[i + 1] + data[j + 1]);
        j = i;
    }
    return sum;
}

// ---- end of the original -------------------------------------------------------------------------------------

// A star-shaped ring of n vertices with one square hole, and a fan of triangles over the ring (flat, 2-D).
function polygon(n, seed) {
  const r = inputs.numbers(n, seed, 0.6, 1);
  const data = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    data.push(100 * r[i] * Math.cos(t), 100 * r[i] * Math.sin(t));
  }
  data.push(-5, -5, 5, -5, 5, 5, -5, 5);
  const triangles = [];
  for (let i = 1; i + 1 < n; i++) triangles.push(0, i, i + 1);
  return { data, holes: [n], triangles };
}

export default {
  name: 'earcut-deviation',
  origin: 'earcut',
  url: 'https://github.com/mapbox/earcut/blob/2a4e260205764db3ca28244c50f6fd156de72b2a/src/earcut.js',
  licence: 'ISC',
  fn: deviation,
  input: (size) => {
    const p = polygon(size === 'small' ? 40 : 200_000, size === 'small' ? 51 : 52);
    return { args: [Float64Array.from(p.data), p.holes, 2, Uint32Array.from(p.triangles)] };
  },
};
