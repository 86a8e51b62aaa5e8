/**
 * Where the nanosecond of memoJit's entry goes on a scalar call (issue 12; bench/README "The entry on a 4 ns
 * call", session 18): one corpus program's plain function against hand-made entries around a copy of it, each a
 * variant of `dispatch/fastpath.ts`'s, in one process, direct calls `fn(a0, …)` (`--apply` for `fn.apply`).
 * `node --import tsx bench/_entry-variants.ts [--apply] PROGRAM` (a program whose function needs no module
 * constants; best of 300 batches of 20,000 calls, ns per call, (×) plain over the variant).
 *
 * Variants (the inline cache, `ic`, is a separate function the entry calls, as in fastpath.ts):
 * - **real entry, guard true / guards**: `makeEntry` and an inline cache with the guard `true` / memoJit's guards;
 * - **const ic, …**: an entry whose inline cache is a constant of its closure (memoJit's is a variable, since a
 *   new specialization replaces it): `return ic(…)` alone; with the argument count test; with the inline cache
 *   returning a private miss value the entry compares against (so the count test can move to the miss path);
 * - **variable ic**: the same `return ic(…)` with the cache in a variable assigned once after creation;
 * - **const ic, typeof only / i32 as …**: memoJit's guards with every number tested by `typeof` only, or the
 *   `i32` test written other ways (all exact).
 *
 * @module
 */
import { inlineCache, makeEntry } from '../src/jit/dispatch/fastpath.js';
import { GUARD_CONSTANTS, signatureGuard } from '../src/jit/dispatch/guards.js';
import { tokenOf } from '../src/jit/dispatch/signature.js';
import type { AnyFunction } from '../src/decorate.js';
import type { CorpusProgram } from './corpus/program.js';

const direct = !process.argv.includes('--apply');
const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'earcut-zorder';
const program = ((await import(`./corpus/programs/${name}.js`)) as { default: CorpusProgram }).default;
const plain = program.fn as unknown as AnyFunction;
const input = program.input('full') as { self?: unknown; args: unknown[] };
const n = plain.length;
const A = Array.from({ length: n }, (_, i) => `a${i}`).join(', ');
const tokens = input.args.map((a) => tokenOf(a) as string);
const constants: Record<string, unknown> = { ...GUARD_CONSTANTS, $trunc: Math.trunc, $isInteger: Number.isInteger };
const names = Object.keys(constants);
const values = names.map((k) => constants[k]);
let made = 0; // each generated source numbered: V8 shares the feedback of a cached `new Function` source
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const copy = (): AnyFunction => new Function(`// copy ${++made}\nreturn ${plain.toString()}`)() as AnyFunction;
const fail = (): never => { throw new Error('miss'); };
const MISS = {};

function real(guard: string): AnyFunction {
  const { entry, install, miss } = makeEntry(n, fail, plain.name);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  install(guard === 'memoJit' ? inlineCache(tokens, copy(), miss)! : (new Function('$spec', `// ic ${++made}\nreturn function ($self, ${A}) { return $spec.call($self, ${A}); };`)(copy()) as AnyFunction));
  return entry;
}

function handMade(guard: string, body: string, variable = false): AnyFunction {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const ic = new Function(...names, '$spec', '$MISS', `"use strict"; // ic ${++made}
return function ($self, ${A}) { if (${guard}) return $spec.call($self, ${A}); return $MISS; };`)(...values, copy(), MISS) as AnyFunction;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  // A binding V8 never sees assigned after its declaration is a constant to it: `$ic` as a parameter is one.
  const [entry, install] = new Function('$MISS', '$other', '$ic', `"use strict"; // entry ${++made}
${variable ? '$ic = null;' : ''}
return [function entry(${A}) { ${body} }, ${variable ? '(ic) => { $ic = ic; }' : 'null'}];`)(MISS, fail, ic) as [AnyFunction, ((ic: AnyFunction) => void) | null];
  install?.(ic);
  return entry;
}

const numbers = (i32: (a: string) => string): string =>
  tokens.map((t, i) => (t === 'i32' ? i32(`a${i}`) : t === 'f64' ? `typeof a${i} === 'number'` : 'false')).join(' && ');
const guard = signatureGuard(tokens)!;
const variants: [string, AnyFunction][] = [
  ['plain', plain],
  ['copy', copy()],
  ['real entry, guard true', real('true')],
  ['real entry, guards', real('memoJit')],
  ['const ic, return ic()', handMade('true', `return $ic(this, ${A});`)],
  ['const ic, count test', handMade('true', `if (arguments.length === ${n}) return $ic(this, ${A}); return $other();`)],
  ['const ic, miss value', handMade('true', `const r = $ic(this, ${A}); if (r !== $MISS) return r; return $other.apply(this, arguments);`)],
  ['variable ic, return ic()', handMade('true', `return $ic(this, ${A});`, true)],
  ['const ic, guards', handMade(guard, `return $ic(this, ${A});`)],
];
if (tokens.every((t) => t === 'i32' || t === 'f64')) {
  variants.push(
    ['const ic, typeof only', handMade(numbers((a) => `typeof ${a} === 'number'`), `return $ic(this, ${A});`)],
    ['const ic, i32 as trunc', handMade(numbers((a) => `(typeof ${a} === 'number' && $trunc(${a}) === ${a} && ${a} <= 2147483647 && ${a} >= -2147483648 && (${a} !== 0 || 1 / ${a} > 0))`), `return $ic(this, ${A});`)],
    ['const ic, i32 as isInteger', handMade(numbers((a) => `(typeof ${a} === 'number' && $isInteger(${a}) && ${a} <= 2147483647 && ${a} >= -2147483648 && (${a} !== 0 || 1 / ${a} > 0))`), `return $ic(this, ${A});`)],
  );
}
const call = direct ? `fn(${input.args.map((_, i) => `c.args[${i}]`).join(', ')})` : 'fn.apply(c.self, c.args)';
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const loops = variants.map(([tag]) => new Function('fn', 'c', 'n', `// loop ${tag} ${++made}\nlet r; for (let i = 0; i < n; i++) r = ${call}; return r;`) as (fn: AnyFunction, c: unknown, n: number) => unknown);
const expected = JSON.stringify(plain.apply(input.self, input.args));
for (const [tag, fn] of variants) if (JSON.stringify(fn.apply(input.self, input.args)) !== expected) throw new Error(`${tag} disagrees with plain`);
const best = variants.map(() => Infinity);
for (let rep = 0; rep < 300; rep++) {
  variants.forEach(([, fn], k) => {
    const t0 = process.hrtime.bigint();
    loops[k]!(fn, input, 20_000);
    best[k] = Math.min(best[k]!, Number(process.hrtime.bigint() - t0) / 20_000);
  });
}
console.log(`${name}, ${direct ? 'direct calls' : 'fn.apply'}; tokens ${tokens.join(', ')}`);
variants.forEach(([tag], k) => console.log(`${tag.padEnd(28)} ${best[k]!.toFixed(2)} (${(best[0]! / best[k]!).toFixed(2)}×)`));
