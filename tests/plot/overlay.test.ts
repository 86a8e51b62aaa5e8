// overlayContext (src/plot/overlay.ts): members the override returns something other than INHERIT for are
// replaced (asked on every read, with the real context); the rest are the context's own — methods bound to it
// once (so private-field methods and accessors work through the proxy), plain values read live; writes go to
// the context. Checked on a class with private state and on a real Skia context (the TSDoc's quiet clearRect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { INHERIT, overlayContext } from '../../src/plot/overlay.js';
import { skia } from '../../src/plot/skia.js';

/** Private fields: any method or accessor run with the proxy as `this` would throw a TypeError. */
class Target {
  #drawn: string[] = [];
  #color = 'black';
  lineWidth = 1;
  draw(what: string): number {
    this.#drawn.push(`${what}:${this.#color}`);
    return this.#drawn.length;
  }
  get drawn(): readonly string[] {
    return this.#drawn;
  }
  get color(): string {
    return this.#color;
  }
  set color(c: string) {
    this.#color = c;
  }
}
const asCtx = (t: Target): SKRSContext2D => t as unknown as SKRSContext2D;
const asTarget = (c: SKRSContext2D): Target => c as unknown as Target;

test('inherited methods are bound to the real context, once; accessors and values read through to it', () => {
  const real = new Target();
  const view = asTarget(overlayContext(asCtx(real), () => INHERIT));
  assert.equal(view.draw('a'), 1, 'a private-field method works through the proxy');
  const { draw } = view;
  assert.equal(draw('b'), 2, 'even detached: it is bound to the context');
  assert.equal(view.draw, draw, 'bound once, the same function on every read');
  assert.deepEqual(view.drawn, ['a:black', 'b:black'], 'a private-field getter works too');
  real.lineWidth = 3;
  assert.equal(view.lineWidth, 3, 'plain values are read live, not cached');
});

test('writes go to the context, through its setters', () => {
  const real = new Target();
  const view = asTarget(overlayContext(asCtx(real), () => INHERIT));
  view.color = 'red';
  view.lineWidth = 0.5;
  assert.equal(real.color, 'red');
  assert.equal(real.lineWidth, 0.5);
  view.draw('c');
  assert.deepEqual(real.drawn, ['c:red']);
});

test('overridden members replace the context\'s; the override sees the real context and the key on every read', () => {
  const real = new Target();
  const seen: Array<[unknown, PropertyKey]> = [];
  let quiet = true;
  const view = asTarget(
    overlayContext(asCtx(real), (target, key) => {
      seen.push([target, key]);
      if (key === 'draw' && quiet) return () => -1;
      if (key === 'lineWidth') return 42;
      if (key === 'color') return undefined; // undefined is a replacement too, not "inherit"
      return INHERIT;
    }),
  );
  assert.equal(view.draw('x'), -1);
  assert.deepEqual(real.drawn, [], 'the real method did not run');
  assert.equal(view.lineWidth, 42);
  assert.equal(real.lineWidth, 1);
  assert.equal(view.color, undefined);
  assert.ok(seen.every(([t]) => t === real), 'the override gets the real context, not the proxy');
  assert.deepEqual(seen.map(([, k]) => k), ['draw', 'lineWidth', 'color']);
  quiet = false;
  assert.equal(view.draw('y'), 1, 'asked again on each read: now inherited');
  assert.deepEqual(real.drawn, ['y:black']);
  view.lineWidth = 7;
  assert.equal(real.lineWidth, 7, 'a write to an overridden member still goes to the context');
  assert.equal(view.lineWidth, 42);
});

test('a real Skia context: clearRect silenced, everything else drawn and set on the page (the TSDoc example)', () => {
  const page = skia().createCanvas(4, 4).getContext('2d');
  const quiet = overlayContext(page, (_target, key) => (key === 'clearRect' ? () => undefined : INHERIT));
  quiet.fillStyle = '#ff0000';
  assert.equal(page.fillStyle, '#ff0000');
  quiet.fillRect(0, 0, 4, 4);
  quiet.clearRect(0, 0, 4, 4);
  const px = page.getImageData(1, 1, 1, 1).data;
  assert.deepEqual([...px], [255, 0, 0, 255], 'the red square survived clearRect');
  page.clearRect(0, 0, 4, 4);
  assert.deepEqual([...quiet.getImageData(1, 1, 1, 1).data], [0, 0, 0, 0], 'the real clearRect does clear; reads go through');
  quiet.save();
  quiet.translate(2, 3);
  assert.deepEqual([page.getTransform().e, page.getTransform().f], [2, 3], 'state changes reach the page');
  quiet.restore();
  assert.deepEqual([page.getTransform().e, page.getTransform().f], [0, 0]);
});
