// Corpus program `ss-inverse-error-function` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/simple-statistics/simple-statistics at commit 7643ea927d0e21f01bb68f60e224f42f10098373, src/inverse_error_function.js
// Author: Tom MacWright and simple-statistics contributors
// Licence: ISC. Copyright (c) 2014, Tom MacWright. Full text: bench/corpus/LICENSES.md.
// Changes: `export default` removed; JSDoc comments omitted.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function inverseErrorFunction(x) {
    const a = (8 * (Math.PI - 3)) / (3 * Math.PI * (4 - Math.PI));

    const inv = Math.sqrt(
        Math.sqrt(
            Math.pow(2 / (Math.PI * a) + Math.log(1 - x * x) / 2, 2) -
                Math.log(1 - x * x) / a
        ) -
            (2 / (Math.PI * a) + Math.log(1 - x * x) / 2)
    );

    if (x >= 0) {
        return inv;
    } else {
        return -inv;
    }
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'ss-inverse-error-function',
  origin: 'simple-statistics',
  url: 'https://github.com/simple-statistics/simple-statistics/blob/7643ea927d0e21f01bb68f60e224f42f10098373/src/inverse_error_function.js',
  licence: 'ISC',
  fn: inverseErrorFunction,
  input: (size) => ({ args: [size === 'small' ? 0.25 : -0.8] }),
};
