/**
 * The runner's child process: checks (and with `--time`, times) the given program files one after another and
 * prints one JSON line per program, preceded by a `{"start": file}` line so the parent can name a program that
 * hangs or kills the process. Run by `bench/corpus.ts` and `tests/corpus/corpus.test.ts`, never on its own.
 *
 * Usage: node --import tsx bench/corpus/child.ts --size=small|full [--time] [--repeats=7] [--min-time=0.05] file...
 */
import { loadProgram, type Size } from './program.js';
import { checkProgram, timeProgram, type CheckResult } from './check.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const size: Size = flag('size') === 'full' ? 'full' : 'small';
const time = args.includes('--time');
const repeats = Number(flag('repeats') ?? 7);
const minTime = Number(flag('min-time') ?? 0.05);
const files = args.filter((a) => !a.startsWith('--'));

for (const file of files) {
  console.log(JSON.stringify({ start: file }));
  let result: CheckResult;
  try {
    const program = await loadProgram(file);
    result = checkProgram(program, size);
    // The plain function is timed for blocked programs too: it is the baseline the compiler must reach.
    if (time && (result.status === 'identical' || result.status === 'blocked')) {
      result = { ...result, ...timeProgram(program, size, { repeats, minTime, jit: result.status === 'identical' }) };
    }
  } catch (error) {
    // Not the program's own exception (checkProgram captures those): the file or its input maker is broken.
    result = { name: file, origin: '?', status: 'error', difference: `runner: ${(error as Error)?.stack ?? String(error)}` };
  }
  console.log(JSON.stringify({ file, result }));
}
