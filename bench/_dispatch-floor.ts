/**
 * Where the last 5–20% of a small memoJit call goes, on the corpus programs that stay below 0.95× of plain
 * (issue 12): each program's plain function against copies of it behind the layers memoJit puts in front of its
 * specialization, in one process. Alone: `node --import tsx bench/_dispatch-floor.ts [--direct] [program ...]`.
 *
 * Variants, each a fresh function from the program's own source unless named otherwise:
 * - **plain**: the program's function itself;
 * - **copy**: the same source instantiated again (what the JS backend's code is when it changes nothing);
 * - **entry, no guard**: memoJit's real entry and inline cache (`dispatch/fastpath.ts`) around a copy, with the
 *   guard `true`: the cost of the entry's frame alone;
 * - **entry + guards**: the same with the guards memoJit generates for the arguments' tokens (`guards.ts`),
 *   which is what a memoJit call runs, minus compiled code;
 * - **memoJit**: the real thing.
 *
 * Calls are made as the corpus harness makes them (`fn.apply(self, args)`), or with `--direct` as a direct call
 * `fn(a0, …)` (V8 then inlines the entry into the caller and only the guards remain). The time is the best of
 * 300 alternating batches of 20,000 calls (ns per call); compare within a row.
 *
 * @module
 */
import { memoJit } from '../src/index.js';
import { inlineCache, makeEntry } from '../src/jit/dispatch/fastpath.js';
import { tokenOf } from '../src/jit/dispatch/signature.js';
import type { AnyFunction } from '../src/decorate.js';
import type { CorpusProgram } from './corpus/program.js';

const DEFAULT = ['gl-vec3-transform-mat4', 'gl-mat4-multiply', 'gl-mat4-invert', 'ss-quantile-sorted'];

type Loop = (fn: AnyFunction, input: { self?: unknown; args: unknown[] }, n: number) => unknown;

function loopFor(tag: string, arity: number, direct: boolean): Loop {
  const call = direct ? `fn(${Array.from({ length: arity }, (_, i) => `c.args[${i}]`).join(', ')})` : 'fn.apply(c.self, c.args)';
  // One source per variant (V8 shares the feedback of a cached `new Function` source).
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('fn', 'c', 'n', `// dispatch floor: ${tag}\nlet r; for (let i = 0; i < n; i++) r = ${call}; return r;`) as Loop;
}

// ', a0, a1, …' for n parameters, as the inline cache writes them.
const params = (n: number): string => Array.from({ length: n }, (_, i) => `, a${i}`).join('');

function behindEntry(copy: AnyFunction, tokens: readonly string[] | undefined): AnyFunction {
  const { entry, install, miss } = makeEntry(copy.length, () => {
    throw new Error('the floor bench only calls with the first call\'s argument kinds');
  });
  const ic = tokens
    ? inlineCache(tokens, copy, miss)
    : // eslint-disable-next-line @typescript-eslint/no-implied-eval
      (new Function('$spec', `return function noGuard($self${params(copy.length)}) { return $spec.call($self${params(copy.length)}); };`)(copy) as AnyFunction);
  if (!ic) throw new Error(`no inline cache for ${tokens?.join(', ')}`);
  install(ic);
  return entry;
}

async function measure(name: string, direct: boolean): Promise<string> {
  const program = ((await import(`./corpus/programs/${name}.js`)) as { default: CorpusProgram }).default;
  const plain = program.fn as unknown as AnyFunction;
  const input = program.input('full') as { self?: unknown; args: unknown[] };
  // A function that reads its module's constants (ss-gammaln's COEFFICIENTS, gl-quat-slerp's EPSILON) cannot be
  // instantiated again from its source alone: its variants then wrap the plain function itself.
  const copies = ((): boolean => {
    try {
      (new Function(`return ${plain.toString()}`)() as AnyFunction).apply(input.self, input.args); // eslint-disable-line @typescript-eslint/no-implied-eval
      return true;
    } catch {
      return false;
    }
  })();
  const fresh = (): AnyFunction => (copies ? (new Function(`return ${plain.toString()}`)() as AnyFunction) : plain); // eslint-disable-line @typescript-eslint/no-implied-eval
  const tokens = input.args.map((a) => tokenOf(a));
  const typedTokens = tokens.every((t): t is string => typeof t === 'string') ? tokens : undefined;
  const variants: [string, AnyFunction][] = [
    ['plain', plain],
    ['copy', fresh()],
    ['entry, no guard', behindEntry(fresh(), undefined)],
    ['entry + guards', behindEntry(fresh(), typedTokens)],
    ['memoJit', memoJit(plain) as unknown as AnyFunction],
  ];
  const loops = variants.map(([tag]) => loopFor(`${name} ${tag} ${direct}`, plain.length, direct));
  const best = variants.map(() => Infinity);
  for (let rep = 0; rep < 300; rep++) {
    variants.forEach(([, fn], k) => {
      const n = 20_000;
      const t0 = process.hrtime.bigint();
      loops[k]!(fn, input, n);
      best[k] = Math.min(best[k]!, Number(process.hrtime.bigint() - t0) / n);
    });
  }
  return `| ${name}${copies ? '' : ' (no copy)'} | ${best.map((b) => `${b.toFixed(2)} (${(best[0]! / b).toFixed(2)}×)`).join(' | ')} |`;
}

const args = process.argv.slice(2);
const direct = args.includes('--direct');
const names = args.filter((a) => !a.startsWith('--'));
console.log(`ns per call, best of 300 batches; (×) is plain's time over the variant's. Calls: ${direct ? 'direct' : 'fn.apply(self, args)'}.\n`);
console.log('| program | plain | copy | entry, no guard | entry + guards | memoJit |\n|---|---|---|---|---|---|');
for (const name of names.length ? names : DEFAULT) console.log(await measure(name, direct));
