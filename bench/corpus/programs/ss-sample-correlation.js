// Corpus program `ss-sample-correlation` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/simple-statistics/simple-statistics at commit 7643ea927d0e21f01bb68f60e224f42f10098373, src/sum.js, src/mean.js, src/sample_covariance.js, src/sum_nth_power_deviations.js, src/sample_variance.js, src/sample_standard_deviation.js, src/sample_correlation.js
// Author: Tom MacWright and simple-statistics contributors
// Licence: ISC. Copyright (c) 2014, Tom MacWright. Full text: bench/corpus/LICENSES.md.
// Changes: imports between these files replaced by putting the files in one module (callees first); `export default` removed; JSDoc comments omitted.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function sum(x) {
    // If the array is empty, we needn't bother computing its sum
    if (x.length === 0) {
        return 0;
    }

    // Initializing the sum as the first number in the array
    let sum = x[0];

    // Keeping track of the floating-point error correction
    let correction = 0;

    let transition;

    if (typeof sum !== "number") {
        return Number.NaN;
    }

    for (let i = 1; i < x.length; i++) {
        if (typeof x[i] !== "number") {
            return Number.NaN;
        }
        transition = sum + x[i];

        // Here we need to update the correction in a different fashion
        // if the new absolute value is greater than the absolute sum
        if (Math.abs(sum) >= Math.abs(x[i])) {
            correction += sum - transition + x[i];
        } else {
            correction += x[i] - transition + sum;
        }

        sum = transition;
    }

    // Returning the corrected sum
    return sum + correction;
}

function mean(x) {
    if (x.length === 0) {
        throw new Error("mean requires at least one data point");
    }

    return sum(x) / x.length;
}

function sampleCovariance(x, y) {
    // The two datasets must have the same length which must be more than 1
    if (x.length !== y.length) {
        throw new Error("sampleCovariance requires samples with equal lengths");
    }

    if (x.length < 2) {
        throw new Error(
            "sampleCovariance requires at least two data points in each sample"
        );
    }

    // determine the mean of each dataset so that we can judge each
    // value of the dataset fairly as the difference from the mean. this
    // way, if one dataset is [1, 2, 3] and [2, 3, 4], their covariance
    // does not suffer because of the difference in absolute values
    const xmean = mean(x);
    const ymean = mean(y);
    let sum = 0;

    // for each pair of values, the covariance increases when their
    // difference from the mean is associated - if both are well above
    // or if both are well below
    // the mean, the covariance increases significantly.
    for (let i = 0; i < x.length; i++) {
        sum += (x[i] - xmean) * (y[i] - ymean);
    }

    // this is Bessels' Correction: an adjustment made to sample statistics
    // that allows for the reduced degree of freedom entailed in calculating
    // values from samples rather than complete populations.
    const besselsCorrection = x.length - 1;

    // the covariance is weighted by the length of the datasets.
    return sum / besselsCorrection;
}

function sumNthPowerDeviations(x, n) {
    const meanValue = mean(x);
    let sum = 0;
    let tempValue;
    let i;

    // This is an optimization: when n is 2 (we're computing a number squared),
    // multiplying the number by itself is significantly faster than using
    // the Math.pow method.
    if (n === 2) {
        for (i = 0; i < x.length; i++) {
            tempValue = x[i] - meanValue;
            sum += tempValue * tempValue;
        }
    } else {
        for (i = 0; i < x.length; i++) {
            sum += Math.pow(x[i] - meanValue, n);
        }
    }

    return sum;
}

function sampleVariance(x) {
    if (x.length < 2) {
        throw new Error("sampleVariance requires at least two data points");
    }

    const sumSquaredDeviationsValue = sumNthPowerDeviations(x, 2);

    // this is Bessels' Correction: an adjustment made to sample statistics
    // that allows for the reduced degree of freedom entailed in calculating
    // values from samples rather than complete populations.
    const besselsCorrection = x.length - 1;

    // Find the mean value of that list
    return sumSquaredDeviationsValue / besselsCorrection;
}

function sampleStandardDeviation(x) {
    const sampleVarianceX = sampleVariance(x);
    return Math.sqrt(sampleVarianceX);
}

function sampleCorrelation(x, y) {
    const cov = sampleCovariance(x, y);
    const xstd = sampleStandardDeviation(x);
    const ystd = sampleStandardDeviation(y);

    return cov / xstd / ystd;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'ss-sample-correlation',
  origin: 'simple-statistics',
  url: 'https://github.com/simple-statistics/simple-statistics/blob/7643ea927d0e21f01bb68f60e224f42f10098373/src/sample_correlation.js',
  licence: 'ISC',
  fn: sampleCorrelation,
  input: (size) => ({ args: [inputs.numbers(size === 'small' ? 40 : 1_000_000, 19), inputs.numbers(size === 'small' ? 40 : 1_000_000, 20)] }),
};
