// multiply (src/plot/matrix.ts): `m · n` applies n first, then m, for canvas-style [a, b, c, d, e, f]
// transforms (x' = a·x + c·y + e, y' = b·x + d·y + f). Checked on points against applying the two transforms
// one after the other by hand, with the identity, and with the TSDoc's scale-after-shift example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multiply, type Matrix } from '../../src/plot/matrix.js';

/** Applies a transform to a point, as the canvas does. */
const apply = (m: Matrix, [x, y]: [number, number]): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const I: Matrix = [1, 0, 0, 1, 0, 0];

test('the TSDoc example: scale · shift shifts first, so the shift is scaled too', () => {
  assert.deepEqual(multiply([2, 0, 0, 2, 0, 0], [1, 0, 0, 1, 5, 5]), [2, 0, 0, 2, 10, 10]);
  // The other order scales first and shifts by the unscaled amount.
  assert.deepEqual(multiply([1, 0, 0, 1, 5, 5], [2, 0, 0, 2, 0, 0]), [2, 0, 0, 2, 5, 5]);
});

test('the identity is neutral on both sides', () => {
  const m: Matrix = [1.5, -2, 0.25, 3, 7, -4];
  assert.deepEqual(multiply(I, m), m);
  assert.deepEqual(multiply(m, I), m);
});

test('a rotation by 90° ((x, y) ↦ (−y, x)) after a shift by (1, 0): by hand', () => {
  const rot: Matrix = [0, 1, -1, 0, 0, 0]; // (x, y) ↦ (−y, x)
  const shift: Matrix = [1, 0, 0, 1, 1, 0];
  // (0, 0) → shift → (1, 0) → rotate → (0, 1); (1, 1) → (2, 1) → (−1, 2).
  const m = multiply(rot, shift);
  assert.deepEqual(m, [0, 1, -1, 0, 0, 1]);
  assert.deepEqual(apply(m, [0, 0]), [0, 1]);
  assert.deepEqual(apply(m, [1, 1]), [-1, 2]);
});

test('on points, multiply(m, n) is n then m, for general (non-commuting) transforms', () => {
  const m: Matrix = [2, 1, -1, 3, 4, -5];
  const n: Matrix = [0.5, -2, 1, 1, -3, 2];
  for (const p of [[0, 0], [1, 0], [0, 1], [2.5, -4]] as Array<[number, number]>) {
    assert.deepEqual(apply(multiply(m, n), p), apply(m, apply(n, p)), `point ${p.join(', ')}`);
  }
  assert.notDeepEqual(multiply(m, n), multiply(n, m), 'the order matters');
  // Associative: (m·n)·k = m·(n·k), exactly here (small integers and halves).
  const k: Matrix = [1, 0, 2, 1, 0.5, 0];
  assert.deepEqual(multiply(multiply(m, n), k), multiply(m, multiply(n, k)));
});
