// Strings (src/jit/infer/strings.ts): string literals and arguments compared with ===/!== and switch, stored,
// passed and returned; compiled and plain agree with Object.is; string building and ordering are located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';

type AnyFn = (...args: never[]) => unknown;
const MODES = ['fast', 'slow', 'Fast', '', 'fast ', 'é', '\u0000'];

function agreeAll(fn: AnyFn, argsOf: (mode: string) => unknown[]): void {
  const jit = memoJit(fn) as unknown as (...a: unknown[]) => unknown;
  for (const mode of MODES) {
    const args = argsOf(mode);
    const want = (fn as (...a: unknown[]) => unknown)(...args);
    const got = jit(...args);
    assert.ok(Object.is(want, got), `${fn.name}(${JSON.stringify(args)}): ${String(want)} vs ${String(got)}`);
  }
}

function scale(xs: Float64Array, mode: string): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += mode === 'fast' ? xs[i]! * 2 : mode !== 'slow' ? -xs[i]! : xs[i]!;
  return s;
}

function pick(x: number, mode: string): number {
  let r = -0;
  switch (mode) {
    case 'fast':
      r = x * 2;
      break;
    case 'slow':
    case '':
      r += 0.5;
      break;
    default:
      r = NaN;
  }
  return r;
}

function label(x: number, mode: string): string {
  let m = 'negative';
  if (x >= 0) m = mode;
  return m === 'slow' ? 'slow' : m;
}

function relay(mode: string, x: number): number {
  return pick(x, mode) + pick(-x, 'fast');
}

test('string literals and arguments compared with ===, !== and switch, stored, passed and returned', () => {
  agreeAll(scale as AnyFn, () => [Float64Array.from([1, -0, 2.5])]);
  agreeAll(scale as AnyFn, (m) => [Float64Array.from([1, -0, 2.5]), m]);
  agreeAll(pick as AnyFn, (m) => [3, m]);
  agreeAll(pick as AnyFn, (m) => [-0, m]);
  agreeAll(label as AnyFn, (m) => [1, m]);
  agreeAll(label as AnyFn, (m) => [-1, m]);
  agreeAll(relay as AnyFn, (m) => [m, 1.25]);
});

test('string building, template literals, ordering and mixed comparisons are located errors that say so', () => {
  assert.equal(compileError(((s: string) => s + '!') as AnyFn, ['a']).construct, 'string building');
  assert.match(compileError(((n: number) => `n=${n}`) as AnyFn, [1]).message, /template literals build strings/);
  assert.match(compileError(((a: string, b: string) => a < b) as AnyFn, ['a', 'b']).message, /compares strings with === and !==/);
  assert.match(compileError(((a: string) => a === (1 as unknown as string)) as AnyFn, ['a']).message, /compares strings only with strings/);
});
