// The f64x2 exp and log of src/jit/wasm/lanes-math.ts against JS's own Math.exp and Math.log, Object.is per value:
// the special values, fdlibm's thresholds and branch boundaries a few ulps either side, the values around every
// k·ln2/2 where exp's reduction changes k, and over a million seeded random doubles per function (uniform over
// exp's finite range, tiny, huge, near 1, and raw bit patterns), run through an exported module over Float64Arrays
// in numbat memory, both lanes and an odd last element. Every expected value is Math's own result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitLanesExp, emitLanesLog, lanesMathModule } from '../../../src/jit/wasm/lanes-math.js';
import { wasmMemory } from '../../../src/jit/wasm/memory.js';
import { zeros } from '../../../src/memory/index.js';
import type { Instr } from '../../../src/jit/wasm/encode.js';

const word = new Float64Array(1);
const bits = new BigUint64Array(word.buffer);
const fromBits = (b: bigint): number => { bits[0] = BigInt.asUintN(64, b); return word[0]!; };
const toBits = (x: number): bigint => { word[0] = x; return bits[0]!; };
/** x and the `ulps` doubles either side of it (by bit pattern, so across zero it walks the other sign's). */
const around = (x: number, ulps = 4): number[] => {
  const b = toBits(x);
  const out: number[] = [];
  for (let d = -ulps; d <= ulps; d++) out.push(fromBits(b + BigInt(d)));
  return out;
};
/** A double with high word `hi` and low word `lo`. */
const words = (hi: number, lo: number): number => fromBits((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));

/** splitmix64, so a failure names a reproducible input. */
function random(seed: bigint): () => bigint {
  let s = seed;
  return () => {
    s = BigInt.asUintN(64, s + 0x9e3779b97f4a7c15n);
    let z = s;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
}

const SPECIAL = [0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, -NaN, Number.MIN_VALUE, -Number.MIN_VALUE,
  2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, Math.E, Math.LN2, Math.SQRT2, Math.SQRT1_2, 1e-300, -1e-300];

/** exp: its overflow and underflow thresholds, the subnormal-result range, and the high-word tests of fdlibm. */
const EXP_EDGES: number[] = [
  ...[709.782712893384, -745.1332191019411, -708.3964185322641, -744.4400719213812, -1074 * Math.LN2, -1022 * Math.LN2].flatMap((x) => around(x, 6)),
  ...[0x40862e42, 0x3fd62e42, 0x3ff0a2b2, 0x3e300000, 0x3fd62e43, 0x3ff0a2b1].flatMap((hi) => [
    ...around(words(hi, 0)), ...around(words(hi, 0xffffffff)), ...around(-words(hi, 0)), ...around(-words(hi, 0xffffffff)),
  ]),
  ...around(0.5 * Math.LN2), ...around(1.5 * Math.LN2), ...around(-0.5 * Math.LN2), ...around(-1.5 * Math.LN2), ...around(1), ...around(-1),
];

/** exp: where k = (int)(x/ln2 ± 1/2) steps, x ≈ (2j+1)·ln2/2, and the multiples of ln2, over the whole range. */
const EXP_K_BOUNDARIES: number[] = [];
for (let j = -2150; j <= 2050; j++) EXP_K_BOUNDARIES.push(...around((j * Math.LN2) / 2, 3));

/** log: subnormals, near 1 (fdlibm's |f| < 2^-20 path and its edges), the sqrt(2)/2 renormalization and the
 * mantissa bounds 0x6147a and 0x6b851 where it changes formula, in several binades. */
const LOG_EDGES: number[] = [
  ...around(1, 40), ...around(words(0x3ff00000 + 1, 0)), ...around(words(0x3feffffe, 0)), ...around(words(0x3ff00002, 0)),
  ...around(words(0x3fefffff, 0)), ...around(words(0x3ff00001, 0xffffffff)), ...around(words(0x3fefffff, 0xffffffff)),
  ...around(Number.MIN_VALUE, 8), ...around(2.2250738585072014e-308, 8), ...around(1e-310), ...around(Number.MAX_VALUE),
  ...[0, 1, -1, 30, 1022, -1022, 1023, -1073].flatMap((e) => [0x6147a, 0x6b851, 0x6a09b, 0x6a09c, 0xfffff, 0xffffe, 0, 1].flatMap((m) => {
    const hi = ((Math.max(e, -1022) + 1023) << 20) | m;
    return e < -1022 ? [] : [...around(words(hi, 0), 2), ...around(words(hi, 0xffffffff), 2)];
  })),
];

function randomInputs(seed: bigint, n: number): number[] {
  const next = random(seed);
  const unit = (): number => Number(next() >> 11n) / 2 ** 53;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    switch (k % 6) {
      case 0: out.push(-745 + unit() * 1455); break; // exp's finite range
      case 1: out.push(fromBits(next())); break; // any double, NaNs included
      case 2: out.push((unit() - 0.5) * 2 ** (unit() * 120 - 100)); break; // tiny, both signs
      case 3: out.push(unit() * 2 ** (unit() * 2046 - 1023)); break; // any magnitude, huge included
      case 4: out.push(1 + (unit() - 0.5) * 2 ** (-unit() * 40)); break; // near 1
      default: out.push(unit() * 8); break;
    }
  }
  return out;
}

const instance = new WebAssembly.Instance(new WebAssembly.Module(lanesMathModule()), { env: { memory: wasmMemory() } });
type Map2 = (dst: number, src: number, n: number) => void;

/** Runs the module's `fn` over `xs` in numbat memory and lists the inputs whose result is not Math's. */
function mismatches(fn: 'exp' | 'log', xs: readonly number[]): string[] {
  const src = zeros(xs.length);
  const dst = zeros(xs.length);
  src.set(xs);
  (instance.exports[fn] as Map2)(dst.byteOffset, src.byteOffset, xs.length);
  const bad: string[] = [];
  for (let k = 0; k < xs.length && bad.length < 10; k++) {
    const want = Math[fn](src[k]!);
    if (!Object.is(dst[k], want)) bad.push(`${fn}(${src[k]!} = 0x${toBits(src[k]!).toString(16)}) = ${dst[k]!}, Math.${fn} gives ${want}`);
  }
  return bad;
}

test('the emitted code has no branch and no call: every lane goes through the same instructions', () => {
  for (const emit of [emitLanesExp, emitLanesLog]) {
    const body: Instr[] = [];
    let locals = 0;
    emit({ emit: (op, imm) => void body.push({ op, imm }), temp: () => locals++ });
    assert.ok(body.every((i) => !['if', 'br', 'br_if', 'call', 'select'].includes(i.op)), emit.name);
    assert.ok(body.some((i) => i.op === 'v128.bitselect'), emit.name);
  }
});

test('special values, both lanes and an odd last element', () => {
  for (const fn of ['exp', 'log'] as const) {
    // each value in lane 0 and lane 1 of some pair, and once as the odd last element
    for (const xs of [SPECIAL, [0.25, ...SPECIAL], [...SPECIAL, 0.25]]) assert.deepEqual(mismatches(fn, xs), [], fn);
  }
});

test('exp: thresholds, the high-word tests of its reduction, and every k boundary of the range', () => {
  assert.deepEqual(mismatches('exp', EXP_EDGES), []);
  assert.ok(EXP_K_BOUNDARIES.length > 25_000);
  assert.deepEqual(mismatches('exp', EXP_K_BOUNDARIES), []);
  // the values themselves reach every scaling branch: subnormal results, 0 after underflow, Infinity after overflow
  const results = EXP_EDGES.map((x) => Math.exp(x));
  assert.ok(results.some((y) => y > 0 && y < 2.2250738585072014e-308) && results.includes(0) && results.includes(Infinity));
});

test('log: subnormals, near 1, and the bounds where its formula changes', () => {
  assert.deepEqual(mismatches('log', LOG_EDGES), []);
  // random low words under the high words at those bounds (0x6a09c: where x or x/2 is taken) (where the two formulas mostly agree, so many are needed)
  const next = random(0xb0a7n);
  const bounds: number[] = [];
  for (const e of [-1022, -1, 0, 1, 700]) {
    for (const m of [0x6147a, 0x61479, 0x6b851, 0x6b852, 0x6a09b, 0x6a09c]) for (let k = 0; k < 2000; k++) bounds.push(words(((e + 1023) << 20) | m, Number(next() & 0xffffffffn)));
  }
  assert.deepEqual(mismatches('log', bounds), []);
  assert.deepEqual(mismatches('log', EXP_K_BOUNDARIES.filter((x) => x > 0).map((x) => Math.exp(x))), []);
});

test('over a million seeded random doubles each: no lane differs from Math.exp or Math.log', () => {
  const xs = randomInputs(0x5eedn, 1_200_000);
  assert.deepEqual(mismatches('exp', xs), []);
  assert.deepEqual(mismatches('log', xs), []);
  // and log over the absolute values, so the random bit patterns count for its positive branches too
  assert.deepEqual(mismatches('log', xs.map(Math.abs)), []);
});
