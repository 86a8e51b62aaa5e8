// Corpus program `d3-variance` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/d3/d3-array at commit be0ae0d2b36ab91b833294ad2cfc5d5905acbd0f, src/variance.js
// Author: Mike Bostock and d3 contributors
// Licence: ISC. Copyright 2010-2023 Mike Bostock. Full text: bench/corpus/LICENSES.md.
// Changes: `export`/`export default` removed.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function variance(values, valueof) {
  let count = 0;
  let delta;
  let mean = 0;
  let sum = 0;
  if (valueof === undefined) {
    for (let value of values) {
      if (value != null && (value = +value) >= value) {
        delta = value - mean;
        mean += delta / ++count;
        sum += delta * (value - mean);
      }
    }
  } else {
    let index = -1;
    for (let value of values) {
      if ((value = valueof(value, ++index, values)) != null && (value = +value) >= value) {
        delta = value - mean;
        mean += delta / ++count;
        sum += delta * (value - mean);
      }
    }
  }
  if (count > 1) return sum / (count - 1);
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'd3-variance',
  origin: 'd3-array',
  url: 'https://github.com/d3/d3-array/blob/be0ae0d2b36ab91b833294ad2cfc5d5905acbd0f/src/variance.js',
  licence: 'ISC',
  fn: variance,
  input: (size) => ({ args: [inputs.floats(size === 'small' ? 50 : 1_000_000, 7)] }),
};
