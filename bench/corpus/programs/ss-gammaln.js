// Corpus program `ss-gammaln` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/simple-statistics/simple-statistics at commit 7643ea927d0e21f01bb68f60e224f42f10098373, src/gammaln.js
// Author: Tom MacWright and simple-statistics contributors
// Licence: ISC. Copyright (c) 2014, Tom MacWright. Full text: bench/corpus/LICENSES.md.
// Changes: `export default` removed; JSDoc comments omitted.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
// Define series coefficients
const COEFFICIENTS = [
    0.99999999999999709182, 57.156235665862923517, -59.597960355475491248,
    14.136097974741747174, -0.49191381609762019978, 0.33994649984811888699e-4,
    0.46523628927048575665e-4, -0.98374475304879564677e-4,
    0.15808870322491248884e-3, -0.21026444172410488319e-3,
    0.2174396181152126432e-3, -0.16431810653676389022e-3,
    0.84418223983852743293e-4, -0.2619083840158140867e-4,
    0.36899182659531622704e-5
];

const g = 607 / 128;
const LOGSQRT2PI = Math.log(Math.sqrt(2 * Math.PI));

function gammaln(n) {
    // Return infinity if value not in domain
    if (n <= 0) {
        return Number.POSITIVE_INFINITY;
    }

    // Decrement n, because approximation is defined for n - 1
    n--;

    // Create series approximation
    let a = COEFFICIENTS[0];

    for (let i = 1; i < 15; i++) {
        a += COEFFICIENTS[i] / (n + i);
    }

    const tmp = g + 0.5 + n;

    // Return natural logarithm of gamma(n)
    return LOGSQRT2PI + Math.log(a) - tmp + (n + 0.5) * Math.log(tmp);
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'ss-gammaln',
  origin: 'simple-statistics',
  url: 'https://github.com/simple-statistics/simple-statistics/blob/7643ea927d0e21f01bb68f60e224f42f10098373/src/gammaln.js',
  licence: 'ISC',
  fn: gammaln,
  input: (size) => ({ args: [size === 'small' ? 7.25 : 171.5] }),
};
