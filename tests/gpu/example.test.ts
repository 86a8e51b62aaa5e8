import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { demo } from '../../examples/gpu-pi.js';

test('examples/gpu-pi.ts: demo() estimates π and says where it ran', { skip: noAdapter }, async () => {
  const n = 1e6;
  const { rows } = await demo(n);
  assert.equal(rows.length, 1);
  const row = rows[0]!;
  assert.match(row.numbat, /@gpu/);
  assert.match(row.note ?? '', /ran on (lavapipe|GPU|CPU fallback)/);
  const pi = Number(/π ≈ ([\d.]+)/.exec(row.note ?? '')?.[1]);
  assert.ok(Math.abs(pi - Math.PI) < 5 * 4 * Math.sqrt((0.785 * 0.215) / n), `π ≈ ${pi}`);
  assert.ok(row.numbatSeconds > 0 && row.baselineSeconds > 0);
});
