// Corpus program `ss-quantile-sorted` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/simple-statistics/simple-statistics at commit 7643ea927d0e21f01bb68f60e224f42f10098373, src/quantile_sorted.js
// Author: Tom MacWright and simple-statistics contributors
// Licence: ISC. Copyright (c) 2014, Tom MacWright. Full text: bench/corpus/LICENSES.md.
// Changes: `export default` removed; JSDoc comments omitted.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function quantileSorted(x, p) {
    // Use (n-1) * p for index, matching numpy's linear method (type=7)
    const idx = (x.length - 1) * p;
    if (x.length === 0) {
        throw new Error("quantile requires at least one data point.");
    } else if (p < 0 || p > 1) {
        throw new Error("quantiles must be between 0 and 1");
    } else if (p === 1) {
        // If p is 1, directly return the last element
        return x[x.length - 1];
    } else if (p === 0) {
        // If p is 0, directly return the first element
        return x[0];
    } else if (idx % 1 !== 0) {
        // If idx is not integer, interpolate linearly between floor and ceil
        const lower = Math.floor(idx);
        const upper = Math.ceil(idx);
        const fraction = idx - lower;
        return x[lower] + fraction * (x[upper] - x[lower]);
    } else {
        // If idx is integer, type=7 returns the value at that index
        return x[idx];
    }
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'ss-quantile-sorted',
  origin: 'simple-statistics',
  url: 'https://github.com/simple-statistics/simple-statistics/blob/7643ea927d0e21f01bb68f60e224f42f10098373/src/quantile_sorted.js',
  licence: 'ISC',
  fn: quantileSorted,
  input: (size) => ({ args: [inputs.numbers(size === 'small' ? 21 : 100_001, 6).sort((a, b) => a - b), 0.37] }),
};
