// Corpus program `numeric-dotmmsmall` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/sloisel/numeric at commit 656fa1254be540f428710738ca9c1539625777f1, src/numeric.js
// Author: Sébastien Loisel
// Licence: MIT. Copyright (C) 2011 by Sébastien Loisel. Full text: bench/corpus/LICENSES.md.
// Changes: taken out of the file; `const numeric = {}` stands for the library object it is attached to.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
const numeric = {};

numeric.dotMMsmall = function dotMMsmall(x,y) {
    var i,j,k,p,q,r,ret,foo,bar,woo,i0,k0,p0,r0;
    p = x.length; q = y.length; r = y[0].length;
    ret = Array(p);
    for(i=p-1;i>=0;i--) {
        foo = Array(r);
        bar = x[i];
        for(k=r-1;k>=0;k--) {
            woo = bar[q-1]*y[q-1][k];
            for(j=q-2;j>=1;j-=2) {
                i0 = j-1;
                woo += bar[j]*y[j][k] + bar[i0]*y[i0][k];
            }
            if(j===0) { woo += bar[0]*y[0][k]; }
            foo[k] = woo;
        }
        ret[i] = foo;
    }
    return ret;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'numeric-dotmmsmall',
  origin: 'numeric.js',
  url: 'https://github.com/sloisel/numeric/blob/656fa1254be540f428710738ca9c1539625777f1/src/numeric.js',
  licence: 'MIT',
  fn: numeric.dotMMsmall,
  input: (size) => {
    const n = size === 'small' ? 7 : 120;
    return { args: [inputs.matrix(n, n + 1, size === 'small' ? 91 : 92, -1, 1), inputs.matrix(n + 1, n, size === 'small' ? 93 : 94, -1, 1)] };
  },
};
