// Corpus program `gl-quat-slerp` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/toji/gl-matrix at commit accefb6ddf1897a0dc443bbc7664c90e67af6455, src/quat.js
// Author: Brandon Jones, Colin MacKenzie IV
// Licence: MIT. Copyright (c) 2015-2025, Brandon Jones, Colin MacKenzie IV. Full text: bench/corpus/LICENSES.md.
// Changes: `import * as glMatrix from "./common.js"` replaced by an object holding the one constant used (EPSILON, value from src/common.js); `export` removed; JSDoc comment omitted.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
const glMatrix = { EPSILON: 0.000001 };

function slerp(out, a, b, t) {
  // benchmarks:
  //    http://jsperf.com/quaternion-slerp-implementations
  let ax = a[0],
    ay = a[1],
    az = a[2],
    aw = a[3];
  let bx = b[0],
    by = b[1],
    bz = b[2],
    bw = b[3];

  let omega, cosom, sinom, scale0, scale1;

  // calc cosine
  cosom = ax * bx + ay * by + az * bz + aw * bw;
  // adjust signs (if necessary)
  if (cosom < 0.0) {
    cosom = -cosom;
    bx = -bx;
    by = -by;
    bz = -bz;
    bw = -bw;
  }
  // calculate coefficients
  if (1.0 - cosom > glMatrix.EPSILON) {
    // standard case (slerp)
    omega = Math.acos(cosom);
    sinom = Math.sin(omega);
    scale0 = Math.sin((1.0 - t) * omega) / sinom;
    scale1 = Math.sin(t * omega) / sinom;
  } else {
    // "from" and "to" quaternions are very close
    //  ... so we can do a linear interpolation
    scale0 = 1.0 - t;
    scale1 = t;
  }
  // calculate final values
  out[0] = scale0 * ax + scale1 * bx;
  out[1] = scale0 * ay + scale1 * by;
  out[2] = scale0 * az + scale1 * bz;
  out[3] = scale0 * aw + scale1 * bw;

  return out;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'gl-quat-slerp',
  origin: 'gl-matrix',
  url: 'https://github.com/toji/gl-matrix/blob/accefb6ddf1897a0dc443bbc7664c90e67af6455/src/quat.js',
  licence: 'MIT',
  fn: slerp,
  input: (size) => ({ args: [new Float32Array(4), Float32Array.from([0.5, 0.5, 0.5, 0.5]), Float32Array.from([0, 0.6, 0, 0.8]), size === 'small' ? 0.25 : 0.7] }),
};
