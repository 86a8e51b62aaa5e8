// Corpus program `awfy-permute` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/smarr/are-we-fast-yet at commit 50e34b17e5fced7b8fe7afd14dc04b0ebd84a75a, benchmarks/JavaScript/permute.js
// Author: Stefan Marr (derived from the SOM benchmarks)
// Licence: MIT. Copyright (c) 2015-2016 Stefan Marr. Full text: bench/corpus/LICENSES.md.
// Changes: the harness's `Benchmark` base class left out (`extends Benchmark`, `super()`, the `require` and `exports.newInstance` lines removed); the program's own licence comment kept as it is.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
// This code is derived from the SOM benchmarks, see AUTHORS.md file.
//
// Copyright (c) 2015-2016 Stefan Marr <git@stefan-marr.de>
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the 'Software'), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in
// all copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
// THE SOFTWARE.


class Permute {
  constructor() {
    this.count = 0;
    this.v = null;
  }

  benchmark() {
    this.count = 0;
    this.v = new Array(6).fill(0);
    this.permute(6);
    return this.count;
  }

  verifyResult(result) {
    return result === 8660;
  }

  permute(n) {
    this.count += 1;
    if (n !== 0) {
      const n1 = n - 1;
      this.permute(n1);
      for (let i = n1; i >= 0; i -= 1) {
        this.swap(n1, i);
        this.permute(n1);
        this.swap(n1, i);
      }
    }
  }

  swap(i, j) {
    const tmp = this.v[i];
    this.v[i] = this.v[j];
    this.v[j] = tmp;
  }
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'awfy-permute',
  origin: 'Are We Fast Yet',
  url: 'https://github.com/smarr/are-we-fast-yet/blob/50e34b17e5fced7b8fe7afd14dc04b0ebd84a75a/benchmarks/JavaScript/permute.js',
  licence: 'MIT',
  fn: Permute.prototype.benchmark,
  input: (size) => ({ self: new Permute(), args: [] }),
};
