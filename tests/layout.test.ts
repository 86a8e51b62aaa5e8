// The layout rule of issue 10: no source file over about 400 lines without a stated reason at its top (one
// sentence saying why it is one file). A file that grows past the limit fails here until it is split along a
// real seam or says why not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** "About 400": a file may pass 400 by a few lines before it must say why. */
const LIMIT = 420;
const REASON = /(over|longer than) 400 lines/i;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

test('every src/ file over about 400 lines states why at its top', () => {
  const files = sources(join(ROOT, 'src'));
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  const silent = files
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
    .filter(({ text }) => text.split('\n').length > LIMIT && !REASON.test(text.split('\n').slice(0, 40).join('\n')))
    .map(({ path }) => relative(ROOT, path));
  assert.deepEqual(silent, [], 'split these along a real seam, or state the reason at the top ("Over 400 lines, with a reason: …")');
});
