// The documentation site's configuration follows the package: one reference module per public entry point
// (`numbat/timed`, `numbat/jit`, …, each with the overview of its index.ts, the package root last so that each
// symbol's page lives under its capability), and every guide in docs/guides/ is part of the site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, packageEntries } from './snippets.js';

const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as {
  entryPoints: string[];
  projectDocuments: string[];
  treatWarningsAsErrors: boolean;
};

test('typedoc documents every entry point of the package exports map, the root last', () => {
  const entries = [...packageEntries().values()].map((src) => relative(ROOT, src).replace(/\.js$/, '.ts'));
  assert.deepEqual([...config.entryPoints].sort(), [...entries].sort());
  assert.equal(config.entryPoints[config.entryPoints.length - 1], 'src/index.ts');
});

test('every guide is in the site, and warnings fail the build', () => {
  const guides = readdirSync(join(ROOT, 'docs/guides')).filter((f) => f.endsWith('.md')).map((f) => `docs/guides/${f}`);
  assert.deepEqual([...config.projectDocuments].sort(), guides.sort());
  assert.equal(config.treatWarningsAsErrors, true);
});

test('the README links every guide', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const guide of config.projectDocuments) assert.ok(readme.includes(`](${guide}`), `README does not link ${guide}`);
});
