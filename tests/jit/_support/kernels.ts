// Numba's row_norms (bench/corpus/kernels/row-norms.js, typed for the tests) and the flat pairwise distances, shared
// by the test files that compile them: passes/invariant-rows (the rows it hoists), wasm/nested (number[][] on Wasm),
// wasm/simd-outer (which loops take outer lanes) and wasm/simd-outer-emit (the lanes' results).

/** The Euclidean norm of each row of `X` (the kernel as written: `X[i][j]` read twice per element). */
export function row_norms(X: number[][]) {
  const n = X.length, d = X[0]!.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < d; j++) {
      s += X[i]![j]! * X[i]![j]!;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** Distances between the `M` rows of length `N` of a flat `X` (row i at `i * N`), as an `M × M` flat matrix. */
export function pairwiseFlat(X: Float64Array, M: number, N: number) {
  const D = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let d = 0.0;
      for (let k = 0; k < N; k++) {
        const tmp = X[i * N + k]! - X[j * N + k]!;
        d += tmp * tmp;
      }
      D[i * M + j] = Math.sqrt(d);
    }
  }
  return D;
}
