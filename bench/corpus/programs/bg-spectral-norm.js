// Corpus program `bg-spectral-norm` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/kostya/jit-benchmarks at commit 94cf83f6a57340ee4311f242a1cde530f367d118, spectralnorm/test.js
//   originally https://salsa.debian.org/benchmarksgame-team/benchmarksgame/
// Author: Ian Osgood, modified for Node.js by Isaac Gouy
// Licence: BSD-3-Clause. Copyright (c) Isaac Gouy and the Benchmarks Game's contributors (revised BSD licence of The Computer Language Benchmarks Game); collected in kostya/jit-benchmarks (MIT, Copyright (c) 2022 Konstantin Makarchev). Full text: bench/corpus/LICENSES.md.
// Changes: the command-line driver after the functions (`run`, argv parsing, printing) left out.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
// The Computer Language Benchmarks Game
// https://salsa.debian.org/benchmarksgame-team/benchmarksgame/
//
// contributed by Ian Osgood
// modified for Node.js by Isaac Gouy 

function A(i,j) {
  return 1/((i+j)*(i+j+1)/2+i+1);
}

function Au(u,v) {
  for (var i=0; i<u.length; ++i) {
    var t = 0;
    for (var j=0; j<u.length; ++j)
      t += A(i,j) * u[j];
    v[i] = t;
  }
}

function Atu(u,v) {
  for (var i=0; i<u.length; ++i) {
    var t = 0;
    for (var j=0; j<u.length; ++j)
      t += A(j,i) * u[j];
    v[i] = t;
  }
}

function AtAu(u,v,w) {
  Au(u,w);
  Atu(w,v);
}

function spectralnorm(n) {
  var i, u=[], v=[], w=[], vv=0, vBv=0;
  for (i=0; i<n; ++i) {
    u[i] = 1; v[i] = w[i] = 0; 
  }
  for (i=0; i<10; ++i) {
    AtAu(u,v,w);
    AtAu(v,u,w);
  }
  for (i=0; i<n; ++i) {
    vBv += u[i]*v[i];
    vv  += v[i]*v[i];
  }
  return Math.sqrt(vBv/vv);
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'bg-spectral-norm',
  origin: 'Benchmarks Game',
  url: 'https://github.com/kostya/jit-benchmarks/blob/94cf83f6a57340ee4311f242a1cde530f367d118/spectralnorm/test.js',
  licence: 'BSD-3-Clause',
  fn: spectralnorm,
  input: (size) => ({ args: [size === 'small' ? 12 : 300] }),
};
