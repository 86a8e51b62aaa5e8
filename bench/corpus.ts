/**
 * `npm run bench:corpus`: memoJit on the public corpus of `bench/corpus/programs/`, each program compiled as
 * written and compared with the plain function (`Object.is` on every number, the same writes to its arguments, the
 * same exception), then timed against it in the same process (medians of alternating repeats; first call apart).
 * Prints the table, the summary, and what blocks the programs that do not compile, by construct.
 *
 * Usage: npm run bench:corpus [-- --quick] [--repeats=7] [--json=out.json] [name-substring ...]
 * `--quick` checks and times the small inputs (seconds, for CI); the default is the full inputs.
 * Each program runs in its own child process (see `bench/corpus/spawn.ts`), so a hang is reported, not waited on.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMain } from '../src/index.js';
import { programFiles } from './corpus/program.js';
import { runPrograms } from './corpus/spawn.js';
import { programTable, summarize, summaryText, blockerTable } from './corpus/report.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const repeats = args.find((a) => a.startsWith('--repeats='))?.slice(10) ?? (quick ? '3' : '7');
  const json = args.find((a) => a.startsWith('--json='))?.slice(7);
  const names = args.filter((a) => !a.startsWith('--'));
  const files = programFiles('programs').filter((f) => names.length === 0 || names.some((n) => basename(f).includes(n)));
  const size = quick ? 'small' : 'full';
  console.log(`memoJit on ${files.length} public programs as written: ${size} inputs, one process per program, medians of ${repeats} alternating repeats.`);
  console.log(`Node ${process.version}; timings from a shared machine: compare the ratios, measured in the same process.\n`);
  const results = await runPrograms(files, {
    flags: [`--size=${size}`, '--time', `--repeats=${repeats}`, `--min-time=${quick ? 0.01 : 0.05}`],
    processPerProgram: true,
    timeoutMs: quick ? 60_000 : 180_000,
    onResult: (_file, r) => process.stderr.write(`  ${r.name}: ${r.status}\n`),
  });
  const list = files.map((f) => results.get(f)!);
  console.log(programTable(list));
  console.log();
  console.log(summaryText(summarize(list)));
  // A line copied from a --quick run must not pass for the full one: the sizes weigh the per-call checks differently.
  console.log(quick
    ? 'Inputs: small (--quick). Calls of tens of ns, where the entry checks weigh most; the issue\'s "no program below 0.95×" is read on the full run (the default).'
    : 'Inputs: full (the run the issue\'s targets are read on).');
  console.log('\nWhat blocks the others (the first JitError of each program; a program may hold more):\n');
  console.log(blockerTable(list));
  if (json) writeFileSync(json, JSON.stringify(list, null, 2));
}

if (isMain(import.meta.url)) await main();
