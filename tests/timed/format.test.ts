import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSeconds, formatG, formatCount } from '../../src/timed/format.js';

test('formatSeconds matches IPython _format_time', () => {
  // Expected strings computed with IPython's algorithm: "%.*g %s" % (3, t * scale, unit).
  const cases: Array<[number, string]> = [
    [0.0173, '17.3 ms'],
    [0.000111, '111 µs'],
    [1.51, '1.51 s'],
    [0.0286, '28.6 ms'],
    [25.5e-6, '25.5 µs'],
    [266e-9, '266 ns'],
    [0.974, '974 ms'],
    [1e-3, '1 ms'],
    [0.1, '100 ms'],
    [2.5e-10, '0.25 ns'],
    [0, '0 ns'],
    [59.9, '59.9 s'],
    [65, '1min 5s'],
    [3725, '1h 2min 5s'],
  ];
  for (const [t, s] of cases) assert.equal(formatSeconds(t), s, `formatSeconds(${t})`);
});

test('formatG is C %g', () => {
  assert.equal(formatG(17.3456, 3), '17.3');
  assert.equal(formatG(100, 3), '100');
  assert.equal(formatG(1000, 3), '1e+03');
  assert.equal(formatG(0.000012345, 3), '1.23e-05');
  assert.equal(formatG(0.5, 3), '0.5');
  assert.equal(formatG(999.6, 3), '1e+03');
});

test('formatCount inserts thousands separators', () => {
  assert.equal(formatCount(1), '1');
  assert.equal(formatCount(100), '100');
  assert.equal(formatCount(10000), '10,000');
  assert.equal(formatCount(20000000), '20,000,000');
});

test('formatSeconds: unit scales are exact (visible at 9 significant digits), and durations of a day or more', () => {
  // At 3 digits a scale off by one part in a million would round away; at 9 it shows.
  assert.equal(formatSeconds(0.0173, 9), '17.3 ms');
  assert.equal(formatSeconds(0.000111, 9), '111 µs');
  assert.equal(formatSeconds(2.66e-7, 9), '266 ns');
  assert.equal(formatSeconds(1.5, 9), '1.5 s');
  // IPython's parts: d, h, min, s, each printed only when non-zero, stopping once less than a second is left.
  assert.equal(formatSeconds(86400), '1d');
  assert.equal(formatSeconds(90061), '1d 1h 1min 1s');
  assert.equal(formatSeconds(3600), '1h');
  assert.equal(formatSeconds(60), '1min');
  assert.equal(formatSeconds(119.5), '1min 59s');
  assert.equal(formatSeconds(Infinity), 'Infinity s');
  assert.equal(formatSeconds(NaN), 'NaN s');
});
