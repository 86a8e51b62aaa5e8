// The issue-13 histogram kernel (bench/corpus/kernels/histogram.js, typed for the tests), shared by the test files
// that compile it: histogram.test.ts (the Wasm code it gets) and branchless.test.ts (the branchless rule it takes).
// Not a test file: the runner takes *.test.ts only.

/** Counts the values of `x` in [lo, hi) into `nbins` equal bins. */
export function histogram(x: Float64Array, nbins: number, lo: number, hi: number) {
  const counts = new Int32Array(nbins);
  const width = (hi - lo) / nbins;
  for (const v of x) {
    if (lo <= v && v < hi) {
      counts[Math.trunc((v - lo) / width)]! += 1;
    }
  }
  return counts;
}
