// The subset table in docs/guides/will-memojit-work.md is what scripts/subset-table.ts generates from the
// compiler's tables, and every construct row says the truth about the compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { memoJit, JitError } from '../../src/index.js';
import { CONSTRUCTS, GUIDE, subsetTable, withTable } from '../../scripts/subset-table.js';
import { MATH } from '../../src/jit/ops/math.js';
import { GLOBALS } from '../../src/jit/ops/globals.js';
import { ARRAY_METHODS } from '../../src/jit/ops/arrays.js';

test('the committed subset table is the generated one (npm run docs rewrites it)', () => {
  const guide = readFileSync(GUIDE, 'utf8');
  assert.equal(guide, withTable(guide, subsetTable()), 'docs/guides/will-memojit-work.md: run `node --import tsx scripts/subset-table.ts --write`');
});

test('the table names every Math member, global and array method of the compiler\'s tables', () => {
  const table = subsetTable();
  for (const name of Object.keys(MATH)) assert.ok(table.includes(`Math.${name}`), `Math.${name}`);
  for (const name of Object.keys(GLOBALS)) assert.ok(table.includes(name), name);
  for (const name of Object.keys(ARRAY_METHODS)) assert.ok(table.includes(`xs.${name}()`), name);
});

for (const row of CONSTRUCTS) {
  test(`construct row "${row.construct}": ${row.compiles === 'yes' ? 'compiles and gives the plain answer' : 'is a located JitError'}`, () => {
    const compiled = memoJit(row.example) as unknown as ((...args: unknown[]) => unknown) & { inspect(): Record<string, string> };
    const plain = row.example as (...args: unknown[]) => unknown;
    if (row.compiles === 'yes') {
      assert.deepEqual(compiled(...row.args()), plain(...row.args()));
      // Compiled, not run as the plain function: a specialization exists and its code is JavaScript.
      const specs = Object.values(compiled.inspect());
      assert.ok(specs.length > 0 && specs.every((src) => !src.startsWith('(plain function')), JSON.stringify(compiled.inspect()).slice(0, 300));
    } else {
      assert.throws(() => compiled(...row.args()), (e: unknown) => e instanceof JitError && e.line !== undefined && e.construct.length > 0);
    }
  });
}
