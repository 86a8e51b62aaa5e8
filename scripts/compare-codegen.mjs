#!/usr/bin/env node
// Compares two recordings of generated code (NUMBAT_RECORD_CODEGEN=<dir>, see src/jit/record.ts): every file
// must exist in both and be byte-identical. Exit 0 when they are, 1 with the differences listed otherwise.
//
//   NUMBAT_RECORD_CODEGEN=/tmp/codegen-before node scripts/run-tests.mjs tests/jit tests/gpu tests/examples
//   … change the compiler …
//   NUMBAT_RECORD_CODEGEN=/tmp/codegen-after  node scripts/run-tests.mjs tests/jit tests/gpu tests/examples
//   node scripts/compare-codegen.mjs /tmp/codegen-before /tmp/codegen-after
//
// Files are keyed by the compiled input, so the order of the runs does not matter; tests that draw random
// programs (the differential suite) compare only if run with the same seeds.
//   node scripts/compare-codegen.mjs --subset <before-dir> <after-dir>   (after: some of the test files only)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// --subset: the after recording ran only some of the test files (a quicker check of one step): every file it
// holds must be in the before recording and identical, and files only in before are counted, not failed.
const subset = process.argv.includes('--subset');
const [before, after] = process.argv.slice(2).filter((a) => a !== '--subset');
if (!before || !after) {
  console.error('usage: node scripts/compare-codegen.mjs [--subset] <before-dir> <after-dir>');
  process.exit(2);
}
const a = new Set(readdirSync(before));
const b = new Set(readdirSync(after));
const onlyBefore = subset ? [] : [...a].filter((f) => !b.has(f)).sort();
if (subset) console.log(`subset: ${[...a].filter((f) => !b.has(f)).length} files of ${before} not recorded in ${after} (not compared)`);
const onlyAfter = [...b].filter((f) => !a.has(f)).sort();
const differ = [...a].filter((f) => b.has(f) && !readFileSync(join(before, f)).equals(readFileSync(join(after, f)))).sort();
const same = [...a].filter((f) => b.has(f)).length - differ.length;
console.log(`${same} identical, ${differ.length} different, ${onlyBefore.length} only in ${before}, ${onlyAfter.length} only in ${after}`);
for (const [label, list] of [['different', differ], [`only in ${before}`, onlyBefore], [`only in ${after}`, onlyAfter]]) {
  for (const f of list.slice(0, 40)) console.log(`  ${label}: ${f}`);
  if (list.length > 40) console.log(`  … and ${list.length - 40} more ${label}`);
}
process.exit(differ.length + onlyBefore.length + onlyAfter.length === 0 ? 0 : 1);
