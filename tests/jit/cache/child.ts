// A child process of cache.test.ts: compiles three specializations with the cache on (NUMBAT_CACHE=1 and
// NUMBAT_CACHE_DIR from the parent) and prints their results, the cache counts and the generated code.
// `edited-callee` changes the source of `inner`, which `outer` calls by name.
import { memoJit } from '../../../src/index.js';

const edited = process.argv[2] === 'edited-callee';
const inner = memoJit(edited
  ? function inner(x: number): number { return x * 3 + 1; }
  : function inner(x: number): number { return x * 2 + 1; });
const outer = memoJit(function outer(x: number): number { return inner(x) - 0.5; });
const solo = memoJit(function solo(x: number): number { let s = 0; for (let i = 0; i < 10; i++) s += x / (i + 1); return s; });

const results = [outer(3), outer(2.5), solo(0.75)];
void inner;
process.stdout.write(JSON.stringify({ results, stats: memoJit.cacheStats(), inspect: { ...outer.inspect(), ...solo.inspect() } }) + '\n');
