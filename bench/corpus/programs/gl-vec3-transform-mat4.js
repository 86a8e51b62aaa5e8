// Corpus program `gl-vec3-transform-mat4` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/toji/gl-matrix at commit accefb6ddf1897a0dc443bbc7664c90e67af6455, src/vec3.js
// Author: Brandon Jones, Colin MacKenzie IV
// Licence: MIT. Copyright (c) 2015-2025, Brandon Jones, Colin MacKenzie IV. Full text: bench/corpus/LICENSES.md.
// Changes: `export` removed; JSDoc comment omitted.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function transformMat4(out, a, m) {
  let x = a[0],
    y = a[1],
    z = a[2];
  let w = m[3] * x + m[7] * y + m[11] * z + m[15];
  w = w || 1.0;
  out[0] = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w;
  out[1] = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w;
  out[2] = (m[2] * x + m[6] * y + m[10] * z + m[14]) / w;
  return out;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'gl-vec3-transform-mat4',
  origin: 'gl-matrix',
  url: 'https://github.com/toji/gl-matrix/blob/accefb6ddf1897a0dc443bbc7664c90e67af6455/src/vec3.js',
  licence: 'MIT',
  fn: transformMat4,
  input: (size) => ({ args: [new Float32Array(3), Float32Array.from([1, 2, 3]), Float32Array.from(inputs.numbers(16, 14, -1, 1))] }),
};
