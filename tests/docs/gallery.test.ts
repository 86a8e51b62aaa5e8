// The gallery shows every figure the demo writes: each example's @myplot functions (found through describe(),
// as the demo would call them), each with its image in docs/gallery/ and its source quoted on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, type AnyFunction } from '../../src/index.js';
import { ROOT } from './snippets.js';

interface DemoFigure {
  readonly name: string;
  readonly example: string;
}

/** The figures the examples' @myplot functions write, by file name (the `file` option, else the function's name). */
async function demoFigures(): Promise<DemoFigure[]> {
  const dir = join(ROOT, 'examples');
  const examples = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'demo.ts').sort();
  const figures: DemoFigure[] = [];
  for (const file of examples) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value !== 'function') continue;
      const layers = describe(value as AnyFunction);
      const plot = layers.find((l) => l.decorator === 'myplot');
      if (!plot) continue;
      const option = (plot.options as { file?: string } | undefined)?.file;
      const name = option ? basename(option, extname(option)) : (value as AnyFunction).name;
      figures.push({ name, example: `examples/${file}` });
    }
  }
  return figures;
}

test('every figure the demo writes is in the gallery, with its image and its source', async () => {
  const figures = await demoFigures();
  assert.ok(figures.length >= 5, `found ${figures.map((f) => f.name).join(', ')}`);
  const page = readFileSync(join(ROOT, 'docs/guides/gallery.md'), 'utf8');
  for (const { name, example } of figures) {
    assert.ok(existsSync(join(ROOT, `docs/gallery/${name}.png`)), `docs/gallery/${name}.png is missing (npm run demo && bash docs/gallery/make.sh)`);
    assert.ok(page.includes(`](../gallery/${name}.png)`), `the gallery page does not show ${name}.png`);
    assert.ok(page.includes(`\`\`\`ts excerpt=${example}`) && new RegExp(`function ${name}\\(`).test(page), `the gallery page does not quote the source of ${name} from ${example}`);
  }
});

test('the gallery shows no image the demo no longer writes', async () => {
  const names = new Set((await demoFigures()).map((f) => f.name));
  const images = readdirSync(join(ROOT, 'docs/gallery')).filter((f) => f.endsWith('.png')).map((f) => basename(f, '.png'));
  assert.deepEqual(images.filter((n) => !names.has(n)), []);
});
