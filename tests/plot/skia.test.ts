// src/plot/skia.ts: the Skia binding (@napi-rs/canvas) is required on the first skia() call, not when the module
// is imported (a program that never draws must not load it); later calls return the same module object; and
// it is the binding itself (a canvas of the asked size, drawn on and read back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const loadedBinding = (): boolean => Object.keys(require.cache).some((k) => k.includes('@napi-rs'));

test('importing skia.ts loads nothing; the first skia() call requires @napi-rs/canvas', async () => {
  assert.equal(loadedBinding(), false, 'nothing has loaded the binding in this process yet');
  const { skia } = await import('../../src/plot/skia.js');
  assert.equal(loadedBinding(), false, 'importing the module does not load it');
  const s = skia();
  assert.equal(loadedBinding(), true);
  assert.equal(s, require('@napi-rs/canvas'), 'the binding itself');
  assert.equal(skia(), s, 'required once, the same object after');
});

test('the binding draws: a canvas of the asked size, a filled pixel read back', async () => {
  const { skia } = await import('../../src/plot/skia.js');
  const canvas = skia().createCanvas(4, 3);
  assert.deepEqual([canvas.width, canvas.height], [4, 3]);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'rgb(255, 0, 0)';
  ctx.fillRect(1, 1, 1, 1);
  const px = ctx.getImageData(0, 0, 4, 3).data;
  assert.deepEqual([...px.slice(4 * (1 * 4 + 1), 4 * (1 * 4 + 1) + 4)], [255, 0, 0, 255]);
  assert.deepEqual([...px.slice(0, 4)], [0, 0, 0, 0], 'the rest stays transparent');
});
