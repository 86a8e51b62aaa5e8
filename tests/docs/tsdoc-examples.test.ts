// Every @example block of src/ is a complete module that type-checks, and its stated outputs (`// → …`) hold
// when it runs; files still on the pending list are reported, not failed, until their pass is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Snippet } from './snippets.js';
import { runExamples, srcExamples, statesOutput, typeCheckExamples, withChecks, type ExampleProblem } from './tsdoc-examples.js';
import { PENDING_EXAMPLES } from './tsdoc-pending.js';

const pending = new Set(PENDING_EXAMPLES);
const examples = srcExamples();
const problems: ExampleProblem[] = typeCheckExamples(examples);
const typeFailures = new Set(problems.map((p) => p.snippet));
const runProblems = runExamples(examples.filter((s) => !typeFailures.has(s) && !pending.has(s.file)));
const report = (ps: readonly ExampleProblem[]): string => ps.map((p) => `${p.at}: ${p.message}`).join('\n');

test('the examples of src/ are found, and most of them state an output that is checked', () => {
  assert.ok(examples.length > 100, `only ${examples.length} @example blocks found`);
  assert.ok(examples.filter((s) => !pending.has(s.file)).some(statesOutput));
});

test('every @example outside the pending list type-checks as a module of its own', () => {
  const failing = problems.filter((p) => !pending.has(p.snippet.file));
  assert.equal(failing.length, 0, `\n${report(failing)}`);
});

test('every stated output (`// → …`) of those examples holds when it runs', () => {
  assert.equal(runProblems.length, 0, `\n${report(runProblems)}`);
});

test('the pending list names only files that exist and still have an incomplete example', () => {
  for (const file of PENDING_EXAMPLES) assert.ok(existsSync(join(ROOT, file)), `${file} is listed as pending but does not exist`);
  const done = PENDING_EXAMPLES.filter((file) => !problems.some((p) => p.snippet.file === file));
  assert.deepEqual(done, [], `these files' examples all type-check now: remove them from tests/docs/tsdoc-pending.ts`);
});

test('a stated output becomes a check on the same line, so a failure names the source line', () => {
  const s: Snippet = { file: 'src/x.ts', line: 10, lang: 'ts', flags: [], code: 'const a = 1 + 2; // → 3\na * 2; // → 6\nf(); // → throws TypeError: …', output: undefined };
  const lines = withChecks(s, `// header\n${s.code}\nexport {};\n`, './stated.mjs').split('\n');
  assert.match(lines[0]!, /^import \{ __stated \} from "\.\/stated\.mjs";/);
  assert.equal(lines[1], 'const a = 1 + 2; __stated(() => a, "3", "src/x.ts:11");');
  assert.equal(lines[2], '__stated(() => (a * 2), "6", "src/x.ts:12");');
  assert.equal(lines[3], '__stated(() => (f()), "throws TypeError: …", "src/x.ts:13");');
});
