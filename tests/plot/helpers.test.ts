// Plot helpers (src/plot/helpers.ts): histogram against numpy.histogram's rules worked out by hand (equal bins,
// last bin closed, out-of-range and NaN ignored, the single-value and empty cases, density integrating to 1,
// a value a rounding error below the top edge still counted, infinities not spoiling the automatic range);
// fixedTicks keeping only in-range ticks and labelling them with a typographic minus; fillBetween's two
// datasets (constant edges, the legend label, colours, length errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scale } from 'chart.js';
import { fillBetween, fixedTicks, histogram } from '../../src/plot/helpers.js';

test('histogram: equal bins over the data range, x at the centre, the last bin closed on the right', () => {
  // [0, 4] in 4 bins of width 1: [0,1) {0}, [1,2) {1,1}, [2,3) {2}, [3,4] {3,3,3,4}.
  assert.deepEqual(histogram([0, 1, 1, 2, 3, 3, 3, 4], { bins: 4 }), [
    { x: 0.5, y: 1, x0: 0, x1: 1 },
    { x: 1.5, y: 2, x0: 1, x1: 2 },
    { x: 2.5, y: 1, x0: 2, x1: 3 },
    { x: 3.5, y: 4, x0: 3, x1: 4 },
  ]);
  assert.equal(histogram([5, 1, 3]).length, 20, 'twenty bins by default');
  assert.deepEqual(histogram(new Float64Array([2, 6]), { bins: 2 }).map((b) => b.y), [1, 1], 'typed arrays are fine');
});

test('histogram: an explicit range ignores values outside it and NaN; both edges of the range count', () => {
  // [0, 10] in 5 bins of width 2: 0 → bin 0, 2 → bin 1, 9.99 → bin 4, 10 → bin 4 (closed); −1, 10.5, NaN ignored.
  const h = histogram([-1, 0, 2, 9.99, 10, 10.5, Number.NaN], { bins: 5, range: [0, 10] });
  assert.deepEqual(h.map((b) => b.y), [1, 1, 0, 0, 2]);
  assert.deepEqual(h.map((b) => [b.x0, b.x1]), [[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
  // NaN with the automatic range: it neither sets the range nor lands in a bin.
  assert.deepEqual(histogram([Number.NaN, 1, 3, Number.NaN], { bins: 2 }).map((b) => b.y), [1, 1]);
});

test('histogram: density makes the bars integrate to one over the counted values', () => {
  // The TSDoc's example: two of four values in each bin of width 1.5 → 2 / (4 × 1.5) = 1/3.
  assert.deepEqual(histogram([1, 2, 3, 4], { bins: 2, density: true }).map((b) => b.y), [1 / 3, 1 / 3]);
  // Out-of-range values are not in the total: 3 counted in [0, 3] with width 1 → 1/3 each.
  const h = histogram([0.5, 1.5, 2.5, 100], { bins: 3, range: [0, 3], density: true });
  assert.deepEqual(h.map((b) => b.y), [1 / 3, 1 / 3, 1 / 3]);
  const area = h.reduce((s, b) => s + b.y * (b.x1 - b.x0), 0);
  assert.ok(Math.abs(area - 1) < 1e-12, `area ${area}`);
  // Nothing in range: zeros, not NaN (no division by zero).
  assert.deepEqual(histogram([5], { bins: 2, range: [0, 1], density: true }).map((b) => b.y), [0, 0]);
});

test('histogram: a single value (or all equal) gets the range value ± 0.5, as numpy does', () => {
  assert.deepEqual(histogram([3], { bins: 1 }), [{ x: 3, y: 1, x0: 2.5, x1: 3.5 }]);
  assert.deepEqual(histogram([7, 7, 7], { bins: 2 }), [
    { x: 6.75, y: 0, x0: 6.5, x1: 7 },
    { x: 7.25, y: 3, x0: 7, x1: 7.5 },
  ]);
});

test('histogram: a value just below the top edge is counted in the last bin even when rounding says bin n', () => {
  // width = (0.94 − (−1.4)) / 36 rounds so that (v − lo) / width is exactly 36 for v = the double just below 0.94.
  const lo = -1.4;
  const hi = 0.94;
  const v = 0.9399999999999998;
  assert.ok(v < hi && Math.floor((v - lo) / ((hi - lo) / 36)) === 36, 'the rounding case really occurs');
  const h = histogram([v, 0], { bins: 36, range: [lo, hi] });
  assert.equal(h.reduce((s, b) => s + b.y, 0), 2, 'both values are counted');
  assert.equal(h[35]!.y, 1);
  const d = histogram([v], { bins: 36, range: [lo, hi], density: true });
  const area = d.reduce((s, b) => s + b.y * (b.x1 - b.x0), 0);
  assert.ok(Math.abs(area - 1) < 1e-9, `density area ${area}`);
});

test('histogram: infinities are outside every range; the automatic range comes from the finite values', () => {
  const h = histogram([Infinity, 1, 2, 3, -Infinity], { bins: 2 });
  assert.deepEqual(h, [
    { x: 1.5, y: 1, x0: 1, x1: 2 },
    { x: 2.5, y: 2, x0: 2, x1: 3 },
  ]);
  assert.throws(() => histogram([Infinity, -Infinity, Number.NaN]), /no finite values and no range/);
});

test('histogram: errors for bad bins, empty input without a range, and an empty or reversed range', () => {
  for (const bins of [0, -1, 2.5, Number.NaN]) {
    assert.throws(() => histogram([1, 2], { bins }), (e: unknown) => e instanceof RangeError && e.message === `histogram: bins must be a positive integer, got ${String(bins)}`);
  }
  assert.throws(() => histogram([]), /histogram: no finite values and no range/);
  assert.throws(() => histogram([1], { range: [2, 2] }), /range must be \[lo, hi\] with hi > lo, got \[2, 2\]/);
  assert.throws(() => histogram([1], { range: [3, 1] }), /got \[3, 1\]/);
  assert.throws(() => histogram([1], { range: [0, Number.NaN] }), RangeError);
  // An empty input with a range is fine: empty bins.
  assert.deepEqual(histogram([], { bins: 2, range: [0, 1] }).map((b) => b.y), [0, 0]);
});

function fakeScale(min: number, max: number): Scale {
  return { min, max, ticks: [{ value: -99 }] } as unknown as Scale;
}

test('fixedTicks: exactly the requested values inside the axis range (ends included), labels never skipped', () => {
  const opts = fixedTicks([1, 2, 4, 8, 16, 32]);
  const scale = fakeScale(2, 16);
  opts.afterBuildTicks(scale);
  assert.deepEqual(scale.ticks, [{ value: 2 }, { value: 4 }, { value: 8 }, { value: 16 }]);
  const none = fakeScale(100, 200);
  opts.afterBuildTicks(none);
  assert.deepEqual(none.ticks, [], 'no requested value in range: no ticks');
  assert.equal(opts.ticks.autoSkip, false);
});

test('fixedTicks: labels are the value as a string with typographic minus signs, or a custom format', () => {
  const { callback } = fixedTicks([]).ticks;
  assert.equal(callback(16), '16');
  assert.equal(callback('2.5'), '2.5', 'Chart.js may pass the value as a string');
  assert.equal(callback(-3), '\u22123');
  assert.equal(callback(1e-7), '1e\u22127', 'the exponent gets a minus sign too');
  assert.equal(callback(-1.5e-7), '\u22121.5e\u22127');
  const pow2 = fixedTicks([1, 2], (v) => `2^${Math.log2(v)}`).ticks.callback;
  assert.equal(pow2(8), '2^3');
});

test('fillBetween: the upper edge carries the label and fills to the next dataset, the lower is a _ helper', () => {
  const [band, edge] = fillBetween([0, 1, 2], [1, 2, 3], [4, 5, 6], { label: '$\\pm 1\\sigma$' });
  assert.equal(band.label, '$\\pm 1\\sigma$');
  assert.deepEqual(band.data, [{ x: 0, y: 4 }, { x: 1, y: 5 }, { x: 2, y: 6 }]);
  assert.equal(band.fill, '+1');
  assert.equal(edge.label, '_band edge');
  assert.ok(edge.label!.startsWith('_'), 'a helper dataset stays out of the legend');
  assert.deepEqual(edge.data, [{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 3 }]);
  for (const d of [band, edge]) {
    assert.equal(d.borderWidth, 0);
    assert.equal(d.pointRadius, 0);
    assert.equal('backgroundColor' in d, false, 'no colour given: the palette decides');
  }
  assert.equal(fillBetween([0], [0], [1])[0].label, '_band', 'no label: out of the legend too');
});

test('fillBetween: constant edges, colours with alpha, and length mismatches', () => {
  const [band, edge] = fillBetween(new Float64Array([0, 2]), 0, [3, 1], { color: '#0072B2' });
  assert.deepEqual(edge.data, [{ x: 0, y: 0 }, { x: 2, y: 0 }]);
  assert.deepEqual(band.data, [{ x: 0, y: 3 }, { x: 2, y: 1 }]);
  // #0072B2 = (0, 114, 178); the default alpha is 0.3.
  assert.equal(band.backgroundColor, 'rgba(0, 114, 178, 0.3)');
  assert.equal(band.borderColor, '#0072B2');
  assert.equal(edge.backgroundColor, 'rgba(0, 114, 178, 0.3)');
  assert.equal(fillBetween([0], 1, 2, { color: '#fff', alpha: 0.5 })[0].backgroundColor, 'rgba(255, 255, 255, 0.5)');
  assert.deepEqual(fillBetween([], 0, 1), [
    { label: '_band', data: [], fill: '+1', borderWidth: 0, pointRadius: 0 },
    { label: '_band edge', data: [], borderWidth: 0, pointRadius: 0 },
  ]);
  assert.throws(() => fillBetween([0, 1], [1], 2), (e: unknown) => e instanceof RangeError && e.message === 'fillBetween: y1 has 1 values, x has 2');
  assert.throws(() => fillBetween([0, 1], 0, [1, 2, 3]), /fillBetween: y2 has 3 values, x has 2/);
});
