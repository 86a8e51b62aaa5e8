// The snippet checker itself: a wrong output, a missing message or a dropped block must be caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asModule, containsMessage, extractBlocks, lineMatcher, outputMismatch } from './snippets.js';

const md = [
  '# t',
  '```ts run',
  "import { memoJit } from 'numbat';",
  'console.log(1);',
  '```',
  '',
  'prints:',
  '',
  '```text',
  '1',
  '```',
  '',
  '```ts',
  'const a = 1;',
  '```',
  'Some paragraph that is not a lead-in.',
  '```text',
  'not an output',
  '```',
  '  ````ts throws',
  '  x',
  '  ````',
].join('\n');

test('blocks are found with their flags, output blocks and indentation', () => {
  const blocks = extractBlocks(md, 'x.md').filter((b) => b.lang === 'ts');
  assert.deepEqual(blocks.map((b) => [b.line, b.flags, b.output]), [
    [2, ['run'], '1'],
    [13, [], undefined],
    [20, ['throws'], undefined],
  ]);
  assert.equal(blocks[2]!.code, 'x');
});

test('imports of numbat are rewritten to the sources; unknown entry points are refused', () => {
  const [block] = extractBlocks(md, 'x.md');
  const entries = new Map([['numbat', '/repo/src/index.ts']]);
  assert.match(asModule(block!, '/repo/.cache/s', entries), /from '\.\.\/\.\.\/src\/index\.js'/);
  const bad = { ...block!, code: "import { x } from 'numbat/nope';" };
  assert.throws(() => asModule(bad, '/repo/.cache/s', entries), /not an entry point/);
});

test('output comparison: wildcards match within a line, and every line must match', () => {
  assert.ok(lineMatcher('… per loop (mean …)').test('1.2 ms ± 3 µs per loop (mean ± std)'));
  assert.equal(outputMismatch('a\nb\n', 'a\nb'), undefined);
  assert.match(outputMismatch('a\nc', 'a\nb')!, /line 2/);
  assert.match(outputMismatch('a', 'a\nb')!, /missing line 2/);
  assert.match(outputMismatch('a\nb', 'a')!, /extra line 2/);
  assert.match(outputMismatch('[1]', '[1, 2]')!, /line 1/);
  // timeit's load-dependent caching warning is not part of the comparison; anything else is.
  const warned = 'The slowest run took 4.41 times longer than the fastest. This could mean that an intermediate result is being cached.\n1 ms';
  assert.equal(outputMismatch(warned, '… ms'), undefined);
  assert.match(outputMismatch('The slowest run took long\n1 ms', '… ms')!, /line 1/);
});

test('message search: the quoted lines must appear, in order, wildcards allowed', () => {
  const stderr = 'file:///x.ts:3\nJitError: /x.ts:3:5: cannot compile switch statement in f: switch is not supported\n    at f';
  assert.ok(containsMessage(stderr, 'JitError: …: cannot compile switch statement in f: switch is not supported'));
  assert.ok(!containsMessage(stderr, 'JitError: …: cannot compile try statement in f'));
  assert.ok(!containsMessage('TypeError: nope', 'JitError: nope'));
});

test('@example blocks are found in TSDoc comments, located in their source file', async () => {
  const { tsdocExamples } = await import('./snippets.js');
  const src = [
    '/**',
    ' * Doubles.',
    ' *',
    ' * @example',
    ' * ```ts',
    ' * double(2); // 4',
    ' * ```',
    ' * @param x a number',
    ' */',
    'export const double = (x: number) => 2 * x;',
    '/** No example here. */',
  ].join('\n');
  const found = tsdocExamples(src, 'src/x.ts');
  assert.deepEqual(found.map((b) => [b.file, b.line, b.code]), [['src/x.ts', 5, 'double(2); // 4']]);
});
