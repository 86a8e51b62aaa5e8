// src/plot/helpers.ts: histogram, fixed ticks and bands for the user's plotting function. Checked: histogram
// counts against a direct count of each bin's [x0, x1) (the last bin closed), with no value lost at the upper
// edge (a value just below hi once computed a bin past the end and vanished), NaN and out-of-range values
// left out, density integrating to 1, a single-valued input, infinite data and bad options as RangeErrors;
// fixedTicks keeps the requested values inside the axis and formats minus signs; fillBetween's two edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillBetween, fixedTicks, histogram } from '../../src/plot/helpers.js';
import type { Scale } from 'chart.js';

/** Seeded uniform numbers (a 32-bit LCG), so the check is the same on every run. */
function uniforms(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32));
}

test('each bin counts exactly the values within its reported edges; none is lost', () => {
  for (const [lo, hi, bins] of [[0, 1, 3], [-3.451940498004742, 6.4912234165433285, 50], [1e-9, 2e-9, 7]] as const) {
    const span = hi - lo;
    // Values spread over the range, plus both ends and the largest doubles below hi and each inner edge.
    const values = uniforms(2000, bins).map((u) => lo + u * span);
    values.push(lo, hi);
    for (let k = 1; k <= bins; k++) {
      const edge = lo + (k * span) / bins;
      values.push(edge, edge - Math.abs(edge) * 2.3e-16, edge * (1 - 2 ** -52));
    }
    const inRange = values.filter((v) => v >= lo && v <= hi);
    const h = histogram(values, { bins, range: [lo, hi] });
    assert.equal(h.length, bins);
    assert.equal(h[0]!.x0, lo);
    assert.equal(h[bins - 1]!.x1, hi, 'the last bin ends at hi exactly');
    assert.equal(h.reduce((s, b) => s + b.y, 0), inRange.length, 'every in-range value counted once');
    h.forEach((b, k) => {
      const last = k === bins - 1;
      const direct = inRange.filter((v) => v >= b.x0 && (last ? v <= b.x1 : v < b.x1)).length;
      assert.equal(b.y, direct, `bin ${k} of [${lo}, ${hi}] in ${bins}`);
      assert.ok(b.x > b.x0 && b.x < b.x1, 'the centre lies inside its bin');
    });
  }
});

test('NaN and out-of-range values are left out; the automatic range is the data\'s', () => {
  const h = histogram([1, 2, 2, 3, NaN, 10], { bins: 2, range: [1, 3] });
  assert.deepEqual(h.map((b) => b.y), [1, 3], '[1, 2): 1; [2, 3]: 2, 2, 3');
  const auto = histogram([4, 6, 8, NaN], { bins: 2 });
  assert.deepEqual(auto.map((b) => [b.x0, b.x1, b.y]), [[4, 6, 1], [6, 8, 2]]);
  const single = histogram([5, 5, 5], { bins: 1 });
  assert.deepEqual(single.map((b) => [b.x0, b.x1, b.y]), [[4.5, 5.5, 3]], 'one value: a unit-wide range around it');
  assert.equal(histogram(uniforms(100, 1)).length, 20, '20 bins by default');
});

test('density: counts divided by total times width, integrating to 1', () => {
  const h = histogram(uniforms(1000, 7), { bins: 8, range: [0, 1], density: true });
  const integral = h.reduce((s, b) => s + b.y * (b.x1 - b.x0), 0);
  assert.ok(Math.abs(integral - 1) < 1e-12, `∫ = ${integral}`);
  const counts = histogram(uniforms(1000, 7), { bins: 8, range: [0, 1] });
  h.forEach((b, k) => assert.ok(Math.abs(b.y - counts[k]!.y / (1000 * 0.125)) < 1e-12));
  assert.deepEqual(histogram([5], { range: [0, 1], bins: 2, density: true }).map((b) => b.y), [0, 0], 'nothing in range: zeros, not NaN');
});

test('bad options and data are RangeErrors saying what to do', () => {
  assert.throws(() => histogram([1, 2], { bins: 0 }), /bins must be a positive integer, got 0/);
  assert.throws(() => histogram([1, 2], { bins: 2.5 }), RangeError);
  assert.throws(() => histogram([1, 2], { range: [3, 3] }), /range must be \[lo, hi\] with hi > lo, got \[3, 3\]/);
  assert.throws(() => histogram([NaN, NaN]), /no finite values and no range/);
  assert.throws(() => histogram([]), /no finite values and no range/);
  assert.throws(() => histogram([1, Infinity]), (e: unknown) => e instanceof RangeError && /\[1, Infinity\], is not finite: pass range/.test(e.message));
  assert.deepEqual(histogram([1, Infinity, 2], { range: [1, 2], bins: 1 }).map((b) => b.y), [2], 'with a range, infinite values are outside it');
});

test('fixedTicks: the requested values inside the axis, formatted; Chart.js may not skip any', () => {
  const opts = fixedTicks([-1, 0, 0.5, 2, 10]);
  const scale = { min: -1, max: 2, ticks: [] as Array<{ value: number }> } as unknown as Scale;
  opts.afterBuildTicks(scale);
  assert.deepEqual(scale.ticks, [{ value: -1 }, { value: 0 }, { value: 0.5 }, { value: 2 }]);
  assert.equal(opts.ticks.autoSkip, false);
  assert.equal(opts.ticks.callback(-1), '\u22121', 'a typographic minus');
  assert.equal(opts.ticks.callback('2'), '2');
  assert.equal(fixedTicks([1], (v) => `${v * 100}%`).ticks.callback(0.5), '50%');
  assert.equal(opts.ticks.callback(1e-7), '1e\u22127', 'the exponent gets a minus sign too');
  assert.equal(opts.ticks.callback(-1.5e-7), '\u22121.5e\u22127', 'every minus, not only the first');
});

test('fillBetween: the upper edge fills to the lower one; scalars and arrays mix; lengths must match', () => {
  const [upper, lower] = fillBetween([0, 1, 2], [1, 2, 3], 0, { label: 'band', color: '#0072B2', alpha: 0.5 });
  assert.deepEqual(upper.data, [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 0 }], 'y2 first: it fills to the next dataset (+1)');
  assert.deepEqual(lower.data, [{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 3 }]);
  assert.equal(upper.fill, '+1');
  assert.equal(upper.label, 'band');
  assert.ok(lower.label?.startsWith('_'), 'the second edge is hidden from the legend');
  assert.equal(upper.borderColor, '#0072B2');
  assert.notEqual(upper.backgroundColor, '#0072B2', 'the fill is the colour with alpha');
  assert.equal(fillBetween([0], 1, 2)[0].label, '_band', 'no label: hidden from the legend');
  assert.throws(() => fillBetween([0, 1], [1], 0), /fillBetween: y1 has 1 values, x has 2/);
});
