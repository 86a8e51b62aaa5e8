// Corpus program `delaunator-quicksort` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/mapbox/delaunator at commit c2bd4edf7ed167a821eb6f922f3456006c56fa39, index.js
// Author: Vladimir Agafonkin (Mapbox)
// Licence: ISC. Copyright (c) 2026, Mapbox. Full text: bench/corpus/LICENSES.md.
// Changes: the two module-level helpers `quicksort` and `swap` taken out of the module (JSDoc kept); the class that
//   calls them (`Delaunator`, which sorts its point ids by distance from the seed circumcentre) is left out.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
/**
 * Sort points by distance via an array of point indices and an array of calculated distances.
 *
 * @param {Uint32Array} ids
 * @param {Float64Array} dists
 * @param {number} left
 * @param {number} right
 */
function quicksort(ids, dists, left, right) {
    if (right - left <= 20) {
        for (let i = left + 1; i <= right; i++) {
            const temp = ids[i];
            const tempDist = dists[temp];
            let j = i - 1;
            while (j >= left && dists[ids[j]] > tempDist) ids[j + 1] = ids[j--];
            ids[j + 1] = temp;
        }
    } else {
        const median = (left + right) >> 1;
        let i = left + 1;
        let j = right;
        swap(ids, median, i);
        if (dists[ids[left]] > dists[ids[right]]) swap(ids, left, right);
        if (dists[ids[i]] > dists[ids[right]]) swap(ids, i, right);
        if (dists[ids[left]] > dists[ids[i]]) swap(ids, left, i);

        const temp = ids[i];
        const tempDist = dists[temp];
        while (true) {
            do i++; while (dists[ids[i]] < tempDist);
            do j--; while (dists[ids[j]] > tempDist);
            if (j < i) break;
            swap(ids, i, j);
        }
        ids[left + 1] = ids[j];
        ids[j] = temp;

        if (right - i + 1 >= j - left) {
            quicksort(ids, dists, i, right);
            quicksort(ids, dists, left, j - 1);
        } else {
            quicksort(ids, dists, left, j - 1);
            quicksort(ids, dists, i, right);
        }
    }
}

/**
 * @param {Uint32Array} arr
 * @param {number} i
 * @param {number} j
 */
function swap(arr, i, j) {
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
}
// ---- end of the original -------------------------------------------------------------------------------------

// The ids 0..n-1 and their squared distances from a centre, as Delaunator.update() makes them before it sorts.
function idsAndDists(n, seed) {
  const xs = inputs.numbers(2 * n, seed, -100, 100);
  const ids = new Uint32Array(n);
  const dists = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = i;
    dists[i] = (xs[2 * i] - 3) ** 2 + (xs[2 * i + 1] + 7) ** 2;
  }
  return [ids, dists];
}

export default {
  name: 'delaunator-quicksort',
  origin: 'delaunator',
  url: 'https://github.com/mapbox/delaunator/blob/c2bd4edf7ed167a821eb6f922f3456006c56fa39/index.js',
  licence: 'ISC',
  fn: quicksort,
  fresh: true,
  input: (size) => {
    const n = size === 'small' ? 200 : 100_000;
    return { args: [...idsAndDists(n, size === 'small' ? 31 : 32), 0, n - 1] };
  },
};
