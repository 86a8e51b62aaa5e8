// Corpus program `d3-extent` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/d3/d3-array at commit be0ae0d2b36ab91b833294ad2cfc5d5905acbd0f, src/extent.js
// Author: Mike Bostock and d3 contributors
// Licence: ISC. Copyright 2010-2023 Mike Bostock. Full text: bench/corpus/LICENSES.md.
// Changes: `export`/`export default` removed.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function extent(values, valueof) {
  let min;
  let max;
  if (valueof === undefined) {
    for (const value of values) {
      if (value != null) {
        if (min === undefined) {
          if (value >= value) min = max = value;
        } else {
          if (min > value) min = value;
          if (max < value) max = value;
        }
      }
    }
  } else {
    let index = -1;
    for (let value of values) {
      if ((value = valueof(value, ++index, values)) != null) {
        if (min === undefined) {
          if (value >= value) min = max = value;
        } else {
          if (min > value) min = value;
          if (max < value) max = value;
        }
      }
    }
  }
  return [min, max];
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'd3-extent',
  origin: 'd3-array',
  url: 'https://github.com/d3/d3-array/blob/be0ae0d2b36ab91b833294ad2cfc5d5905acbd0f/src/extent.js',
  licence: 'ISC',
  fn: extent,
  input: (size) => ({ args: [inputs.floats(size === 'small' ? 50 : 1_000_000, 8, -5, 5)] }),
};
