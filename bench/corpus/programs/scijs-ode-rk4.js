// Corpus program `scijs-ode-rk4` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/scijs/ode-rk4 at commit 5582e88fe2bd907740377a0ad579066cab50d0e3, lib/index.js
//   (the derivative and the sizes from examples/circle.js at commit 968d33eaee54dd226a2480d9f04557f31ae93176)
// Author: Ricky Reusser
// Licence: MIT. Copyright (c) 2015 Ricky Reusser. Full text: bench/corpus/LICENSES.md.
// Changes: CommonJS to ESM: `require('compute-dtype')` and `require('compute-array-constructors')` are replaced by
//   two small local functions giving what they give for the arrays used here (a Float64Array, 'float64',
//   Float64Array), and `module.exports = IntegratorFactory` by the default export below. 'use strict' is implied by ESM.
var dtypeOf = function (y) { return y instanceof Float64Array ? 'float64' : 'generic' }
var getCtor = function (dtype) { return dtype === 'float64' ? Float64Array : Array }

// ---- as written ----------------------------------------------------------------------------------------------
var Integrator = function Integrator( y0, deriv, t, dt ) {
  // Bind variables to this:
  this.deriv = deriv
  this.y = y0
  this.n = this.y.length
  this.dt = dt
  this.t = t

  // Create a scratch array into which we compute the derivative:
  this._dtype = dtypeOf( this.y )
  this._ctor = getCtor( this._dtype )

  this._w = new this._ctor( this.n )
  this._k1 = new this._ctor( this.n )
  this._k2 = new this._ctor( this.n )
  this._k3 = new this._ctor( this.n )
  this._k4 = new this._ctor( this.n )
}

Integrator.prototype.step = function() {

  this.deriv( this._k1, this.y, this.t )

  for(var i=0; i<this.n; i++) {
    this._w[i] = this.y[i] + this._k1[i] * this.dt * 0.5
  }

  this.deriv( this._k2, this._w, this.t + this.dt * 0.5 )

  for(var i=0; i<this.n; i++) {
    this._w[i] = this.y[i] + this._k2[i] * this.dt * 0.5, this.t + this.dt * 0.5
  }

  this.deriv( this._k3, this._w, this.t + this.dt * 0.5 )

  for(var i=0; i<this.n; i++) {
    this._w[i] = this.y[i] + this._k3[i] * this.dt, this.t + this.dt
  }

  this.deriv( this._k4, this._w, this.t + this.dt)


  var dto6 = this.dt / 6.0
  for(var i=0; i<this.n; i++) {
    this.y[i] += dto6 * ( this._k1[i] + 2*this._k2[i] + 2*this._k3[i] + this._k4[i] )
  }

  this.t += this.dt
  return this
}

Integrator.prototype.steps = function( n ) {
  for(var step=0; step<n; step++) {
    this.step()
  }
  return this
}

function IntegratorFactory( y0, deriv, t, dt ) {
  return new Integrator( y0, deriv, t, dt )
}
// ---- end of the original -------------------------------------------------------------------------------------

// examples/circle.js
var dydt = function(dydt, y, t) {
  dydt[0] = -y[1]
  dydt[1] =  y[0]
}

export default {
  name: 'scijs-ode-rk4',
  origin: 'scijs ode-rk4',
  url: 'https://github.com/scijs/ode-rk4/blob/5582e88fe2bd907740377a0ad579066cab50d0e3/lib/index.js',
  licence: 'MIT',
  fn: Integrator.prototype.steps,
  input: (size) => ({ self: IntegratorFactory(new Float64Array([1, 0]), dydt, 0, 2.0 * Math.PI / 1000), args: [size === 'small' ? 10 : 1000] }),
};
