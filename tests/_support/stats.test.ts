// The statistics helpers against closed forms and a simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { occupationSigma, piSigma, proportionSigma, stationary } from './stats.js';

test('proportion and π standard errors', () => {
  assert.equal(proportionSigma(0.5, 100), 0.05);
  assert.ok(Math.abs(piSigma(1) - 4 * Math.sqrt((Math.PI / 4) * (1 - Math.PI / 4))) < 1e-15);
});

test('stationary distribution and occupation sigma: a two-state chain has closed forms', () => {
  // P = [[1−a, a], [b, 1−b]]: π = (b, a)/(a+b); the asymptotic variance of the time in state 0 is
  // π0 π1 (2 − a − b)/(a + b).
  const a = 0.1, b = 0.3;
  const P = [[1 - a, a], [b, 1 - b]];
  const pi = stationary(P);
  assert.ok(Math.abs(pi[0]! - 0.75) < 1e-12 && Math.abs(pi[1]! - 0.25) < 1e-12);
  const want = Math.sqrt((0.75 * 0.25 * (2 - a - b)) / (a + b));
  assert.ok(Math.abs(occupationSigma(P, 0) - want) < 1e-12, `${occupationSigma(P, 0)} vs ${want}`);
  // Independent days (rows equal to π): the binomial value.
  const iid = [[0.6, 0.4], [0.6, 0.4]];
  assert.ok(Math.abs(occupationSigma(iid, 1) - Math.sqrt(0.24)) < 1e-12);
});
