// Issue 13 kernel `black-scholes`: a literal JavaScript port of `black_scholes and cnd` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: math.* is Math.*, abs is Math.abs, len(S) is S.length; cnd stays a function of its own, as in Python.
import * as inputs from '../inputs.js';

function cnd(d) {
  const A1 = 0.31938153;
  const A2 = -0.356563782;
  const A3 = 1.781477937;
  const A4 = -1.821255978;
  const A5 = 1.330274429;
  const RSQRT2PI = 0.39894228040143267794;
  const K = 1.0 / (1.0 + 0.2316419 * Math.abs(d));
  let ret_val = RSQRT2PI * Math.exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))));
  if (d > 0) {
    ret_val = 1.0 - ret_val;
  }
  return ret_val;
}

function black_scholes(callResult, putResult, stockPrice, optionStrike, optionYears, riskFree, volatility) {
  const S = stockPrice;
  const X = optionStrike;
  const T = optionYears;
  const R = riskFree;
  const V = volatility;
  for (let i = 0; i < S.length; i++) {
    const sqrtT = Math.sqrt(T[i]);
    const d1 = (Math.log(S[i] / X[i]) + (R + 0.5 * V * V) * T[i]) / (V * sqrtT);
    const d2 = d1 - V * sqrtT;
    const cndd1 = cnd(d1);
    const cndd2 = cnd(d2);
    const expRT = Math.exp((-1.0 * R) * T[i]);
    callResult[i] = S[i] * cndd1 - X[i] * expRT * cndd2;
    putResult[i] = X[i] * expRT * (1.0 - cndd2) - S[i] * (1.0 - cndd1);
  }
  return callResult;
}

export default {
  name: 'kernel-black-scholes', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'black_scholes',
  fn: black_scholes,
  input: (size) => {
    const n = size === 'small' ? 50 : 1_000_000;
    return {
      args: [new Float64Array(n), new Float64Array(n), inputs.floats(n, 104, 5, 30), inputs.floats(n, 105, 1, 100), inputs.floats(n, 106, 0.25, 10), 0.02, 0.30],
    };
  },
};
