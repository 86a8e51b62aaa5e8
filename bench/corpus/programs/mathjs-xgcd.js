// Corpus program `mathjs-xgcd` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/josdejong/mathjs at commit f7c10b1bc1324a25d117b668ea9a9c0232e2068e, src/plain/number/arithmetic.js
//   (`isInteger`, which it imports, from src/utils/number.js at the same commit)
// Author: Jos de Jong and math.js contributors
// Licence: Apache-2.0. Copyright (C) 2013-2026 Jos de Jong. Full text: bench/corpus/LICENSES.md.
// Changes: `xgcdNumber` and the one helper it imports, `isInteger`, taken out of their modules; `export` removed.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function isInteger (value) {
  if (typeof value === 'boolean') {
    return true
  }

  return Number.isFinite(value)
    ? (value === Math.round(value))
    : false
}

function xgcdNumber (a, b) {
  // source: https://en.wikipedia.org/wiki/Extended_Euclidean_algorithm
  let t // used to swap two variables
  let q // quotient
  let r // remainder
  let x = 0
  let lastx = 1
  let y = 1
  let lasty = 0

  if (!isInteger(a) || !isInteger(b)) {
    throw new Error('Parameters in function xgcd must be integer numbers')
  }

  while (b) {
    q = Math.floor(a / b)
    r = a - q * b

    t = x
    x = lastx - q * x
    lastx = t

    t = y
    y = lasty - q * y
    lasty = t

    a = b
    b = r
  }

  let res
  if (a < 0) {
    res = [-a, -lastx, -lasty]
  } else {
    res = [a, a ? lastx : 0, lasty]
  }
  return res
}
// ---- end of the original -------------------------------------------------------------------------------------

// Two large integers (consecutive Fibonacci-like numbers take the most steps).
export default {
  name: 'mathjs-xgcd',
  origin: 'math.js',
  url: 'https://github.com/josdejong/mathjs/blob/f7c10b1bc1324a25d117b668ea9a9c0232e2068e/src/plain/number/arithmetic.js',
  licence: 'Apache-2.0',
  fn: xgcdNumber,
  input: (size) => {
    const [a, b] = inputs.integers(2, size === 'small' ? 141 : 142, 1, size === 'small' ? 10_000 : 2 ** 40);
    return { args: [a, -b] };
  },
};
