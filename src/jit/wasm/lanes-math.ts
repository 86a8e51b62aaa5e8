/**
 * `Math.exp` and `Math.log` on the two f64 lanes of a v128, each lane bit-identical to V8's. V8 (Node 20) computes
 * both with its port of fdlibm (`src/base/ieee754.cc`: `exp` is FreeBSD's e_exp.c with `exp(1) = E` special-cased,
 * `log` is e_log.c); its arithmetic is plain IEEE `+ - * /` and bit manipulation, which f64x2 and i64x2 lanes do
 * exactly, so the same operations in the same order round the same way.
 *
 * fdlibm branches on the argument; a lane cannot, so every branch is computed and lane masks pick (`v128.bitselect`).
 * Where branches differ only in form, one form stands for both, because the results are equal bit for bit:
 * - exp's `k == 0` formula `1 - ((x*c)/(c-2) - x)` is its general one with `hi = x, lo = 0`: `c-2 = -(2-c)` exactly,
 *   and a quotient's sign follows its operands', so the two differ only at x = ±0, which the |x| < 2^-28 lane takes.
 * - exp's `|x| < 1.5 ln2` branch (k = ±1) is the general reduction with t = ±1 (`t * ln2HI` is exact).
 * - exp's scaling `y * 2^k` (`y * twopk`, `y * 2 * 2^1023` at k = 1024, `y * 2^(k+1000) * 2^-1000` below -1021) is
 *   `(y * 2^k1) * 2^k2` with `k1 = k >> 1, k2 = k - k1`: the first product is exact, so only the second rounds, once.
 * - log's `k == 0` forms are its `dk * ln2_hi - (…)` forms at dk = 0 (`0 - (a - f)` is `f - a` exactly), and its
 *   `f == 0` return is the |f| < 2^-20 form at f = 0.
 * The integer casts `(int)` and `(double)k` are the 1.5·2^52 trick (exact for |k| < 2^51).
 *
 * @module
 */
import { encodeModule, type Instr, type OpName, type ValType, type WasmFunction, type WasmModule } from './encode.js';

/**
 * What the emitters need of the function around them: a place for instructions and fresh locals.
 * `VectorHost` (`simd-emit.ts`) is one.
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import type { LanesHost } from './lanes-math.js';
 *
 * const body: Instr[] = [];
 * const locals: string[] = [];
 * const host: LanesHost = { emit: (op, imm) => void body.push({ op, imm }), temp: (t) => locals.push(t) };
 * host.temp('v128'); // → 1
 * ```
 */
export interface LanesHost {
  emit(op: OpName, imm?: Instr['imm']): void;
  /** A new local of type `t` (its index). */
  temp(t: ValType): number;
}

/** Something that pushes one v128 when emitted. */
type Node = () => void;

const bitsOf = (x: number): bigint => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
const splat64 = (bits: bigint): bigint => { const b = BigInt.asUintN(64, bits); return b | (b << 64n); };

/** The small expression builder both emitters use; `bind` emits a value into a fresh local right away. */
function builder(h: LanesHost) {
  const op2 = (name: OpName) => (a: Node, b: Node): Node => () => { a(); b(); h.emit(name); };
  const shift = (name: OpName) => (a: Node, by: number): Node => () => { a(); h.emit('i32.const', by); h.emit(name); };
  return {
    f: (x: number): Node => () => h.emit('v128.const', splat64(bitsOf(x))),
    i: (x: bigint): Node => () => h.emit('v128.const', splat64(x)),
    bind(n: Node): Node {
      n();
      const at = h.temp('v128');
      h.emit('local.set', at);
      return () => h.emit('local.get', at);
    },
    add: op2('f64x2.add'), sub: op2('f64x2.sub'), mul: op2('f64x2.mul'), div: op2('f64x2.div'),
    eq: op2('f64x2.eq'), ne: op2('f64x2.ne'), lt: op2('f64x2.lt'), gt: op2('f64x2.gt'),
    iadd: op2('i64x2.add'), isub: op2('i64x2.sub'), ilt: op2('i64x2.lt_s'), igt: op2('i64x2.gt_s'),
    and: op2('v128.and'), or: op2('v128.or'), xor: op2('v128.xor'),
    shl: shift('i64x2.shl'), shr: shift('i64x2.shr_s'),
    trunc: (a: Node): Node => () => { a(); h.emit('f64x2.trunc'); },
    /** `mask ? yes : no` per bit (the masks here are whole lanes). */
    pick: (mask: Node, yes: Node, no: Node): Node => () => { yes(); no(); mask(); h.emit('v128.bitselect'); },
  };
}

const MAGIC = 6755399441055744; // 1.5 * 2^52: t + MAGIC holds the integer t in its low bits, for |t| < 2^51

/**
 * Emits `exp` of the v128 on the stack (two f64 lanes), leaving the result; each lane is `Math.exp` of its lane.
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import { emitLanesExp } from './lanes-math.js';
 *
 * const body: Instr[] = [];
 * let locals = 1;
 * emitLanesExp({ emit: (op, imm) => void body.push({ op, imm }), temp: () => locals++ });
 * body.some((i) => i.op === 'v128.bitselect'); // → true
 * body.some((i) => i.op === 'call' || i.op === 'if' || i.op === 'br_if'); // → false
 * ```
 */
export function emitLanesExp(h: LanesHost): void {
  const b = builder(h);
  const at = h.temp('v128');
  h.emit('local.set', at);
  const x: Node = () => h.emit('local.get', at);
  const ax = b.bind(b.and(x, b.i(0x7fffffffffffffffn)));
  // fdlibm reduces when the high word of |x| exceeds 0x3FD62E42, and then k = (int)(x/ln2 ± 0.5)
  const reduce = b.igt(ax, b.i(0x3fd62e42ffffffffn));
  const half = b.or(b.and(x, b.i(0x8000000000000000n)), b.f(0.5));
  const t = b.bind(b.and(b.trunc(b.add(b.mul(b.f(1.44269504088896338700e+00), x), half)), reduce));
  const hi = b.bind(b.sub(x, b.mul(t, b.f(6.93147180369123816490e-01))));
  const lo = b.bind(b.mul(t, b.f(1.90821492927058770002e-10)));
  const r = b.bind(b.sub(hi, lo));
  const rr = b.bind(b.mul(r, r));
  const poly = [4.13813679705723846039e-08, -1.65339022054652515390e-06, 6.61375632143793436117e-05,
    -2.77777777770155933842e-03, 1.66666666666666019037e-01].reduce<Node | null>((acc, p) => (acc ? b.add(b.f(p), b.mul(rr, acc)) : b.f(p)), null)!;
  const c = b.bind(b.sub(r, b.mul(rr, poly)));
  const y = b.sub(b.f(1), b.sub(b.sub(lo, b.div(b.mul(r, c), b.sub(b.f(2), c))), hi));
  const k = b.bind(b.isub(b.add(t, b.f(MAGIC)), b.f(MAGIC)));
  const k1 = b.bind(b.shr(k, 1));
  const scale = (e: Node): Node => b.shl(b.iadd(e, b.i(1023n)), 52);
  const scaled = b.mul(b.mul(y, scale(k1)), scale(b.isub(k, k1)));
  const tiny = b.pick(b.ilt(ax, b.i(0x3e30000000000000n)), b.add(b.f(1), x), scaled);
  const e = b.pick(b.eq(x, b.f(1)), b.f(2.718281828459045), tiny);
  const under = b.pick(b.lt(x, b.f(-7.45133219101941108420e+02)), b.f(0), e);
  b.pick(b.gt(x, b.f(7.09782712893383973096e+02)), b.f(Infinity), under)();
}

/**
 * Emits `log` of the v128 on the stack (two f64 lanes), leaving the result; each lane is `Math.log` of its lane.
 *
 * @example
 * ```ts
 * import type { Instr } from './encode.js';
 * import { emitLanesLog } from './lanes-math.js';
 *
 * const body: Instr[] = [];
 * let locals = 1;
 * emitLanesLog({ emit: (op, imm) => void body.push({ op, imm }), temp: () => locals++ });
 * body.some((i) => i.op === 'call' || i.op === 'if' || i.op === 'br_if'); // → false
 * ```
 */
export function emitLanesLog(h: LanesHost): void {
  const b = builder(h);
  const at = h.temp('v128');
  h.emit('local.set', at);
  const x: Node = () => h.emit('local.get', at);
  // a subnormal is scaled by 2^54 first (the mask also holds zeros and negatives, whose lanes are replaced below)
  const sub = b.bind(b.lt(x, b.f(2.2250738585072014e-308)));
  const xs = b.bind(b.pick(sub, b.mul(x, b.f(1.80143985094819840000e+16)), x));
  const hx = b.bind(b.shr(xs, 32));
  const m = b.bind(b.and(hx, b.i(0xfffffn)));
  const i = b.bind(b.and(b.iadd(m, b.i(0x95f64n)), b.i(0x100000n)));
  // x or x/2 normalized into [sqrt(2)/2, sqrt(2)), k its power of two
  const xn = b.or(b.and(xs, b.i(0x000fffffffffffffn)), b.shl(b.xor(i, b.i(0x3ff00000n)), 32));
  const k = b.iadd(b.iadd(b.isub(b.shr(hx, 20), b.i(1023n)), b.shr(i, 20)), b.and(sub, b.i(-54n)));
  const f = b.bind(b.sub(xn, b.f(1)));
  const dk = b.bind(b.sub(b.iadd(k, b.f(MAGIC)), b.f(MAGIC)));
  const dkHi = b.bind(b.mul(dk, b.f(6.93147180369123816490e-01)));
  const dkLo = b.bind(b.mul(dk, b.f(1.90821492927058770002e-10)));
  // |f| < 2^-20
  const rt = b.mul(b.mul(f, f), b.sub(b.f(0.5), b.mul(b.f(0.33333333333333333), f)));
  const near1 = b.sub(dkHi, b.sub(b.sub(rt, dkLo), f));
  const s = b.bind(b.div(f, b.add(b.f(2), f)));
  const z = b.bind(b.mul(s, s));
  const w = b.bind(b.mul(z, z));
  const t1 = b.mul(w, b.add(b.f(3.999999999940941908e-01), b.mul(w, b.add(b.f(2.222219843214978396e-01), b.mul(w, b.f(1.531383769920937332e-01))))));
  const t2 = b.mul(z, b.add(b.f(6.666666666666735130e-01), b.mul(w, b.add(b.f(2.857142874366239149e-01),
    b.mul(w, b.add(b.f(1.818357216161805012e-01), b.mul(w, b.f(1.479819860511658591e-01))))))));
  const R = b.bind(b.add(t2, t1));
  const hfsq = b.bind(b.mul(b.mul(b.f(0.5), f), f));
  const wide = b.sub(dkHi, b.sub(b.sub(hfsq, b.add(b.mul(s, b.add(hfsq, R)), dkLo)), f));
  const narrow = b.sub(dkHi, b.sub(b.sub(b.mul(s, b.sub(f, R)), dkLo), f));
  const useWide = b.igt(b.or(b.isub(m, b.i(0x6147an)), b.isub(b.i(0x6b851n), m)), b.i(0n));
  const main = b.pick(useWide, wide, narrow);
  const finite = b.pick(b.ilt(b.and(b.iadd(m, b.i(2n)), b.i(0xfffffn)), b.i(3n)), near1, main);
  const zero = b.pick(b.eq(x, b.f(0)), b.f(-Infinity), finite);
  const negative = b.pick(b.lt(x, b.f(0)), b.f(NaN), zero);
  b.pick(b.or(b.eq(x, b.f(Infinity)), b.ne(x, x)), x, negative)();
}

/** The emitters by the name of the Math function they stand for. */
const EMITTERS = { exp: emitLanesExp, log: emitLanesLog } as const;

/**
 * A function `(dst, src, n)` that writes `Math[fn]` of the `n` f64 at byte offset `src` to `dst`, two per v128
 * (an odd last one in lane 0 of a pair whose lane 1 is 1): for tests and measurements of the emitters.
 *
 * @example
 * ```ts
 * import { lanesMapFunction } from './lanes-math.js';
 *
 * lanesMapFunction('log').type.params; // → [ 'i32', 'i32', 'i32' ]
 * ```
 */
export function lanesMapFunction(fn: keyof typeof EMITTERS): WasmFunction {
  const body: Instr[] = [];
  const locals: ValType[] = ['i32'];
  const host: LanesHost = { emit: (op, imm) => void body.push({ op, imm }), temp: (t) => 3 + locals.push(t) - 1 };
  const e = (op: OpName, imm?: Instr['imm']): void => void body.push({ op, imm });
  const [dst, src, n, i] = [0, 1, 2, 3];
  const at = (p: number): void => { e('local.get', p); e('local.get', i); e('i32.const', 3); e('i32.shl'); e('i32.add'); };
  e('block'); e('loop');
  e('local.get', i); e('i32.const', 1); e('i32.add'); e('local.get', n); e('i32.ge_u'); e('br_if', 1);
  at(dst); at(src); e('v128.load', 0); EMITTERS[fn](host); e('v128.store', 0);
  e('local.get', i); e('i32.const', 2); e('i32.add'); e('local.set', i); e('br', 0);
  e('end'); e('end');
  // the odd last element: [x, 1] through the lanes, lane 0 stored
  e('local.get', i); e('local.get', n); e('i32.lt_u'); e('if');
  at(dst); at(src); e('f64.load', 0); e('f64x2.splat'); e('f64.const', 1); e('f64x2.replace_lane', 1);
  EMITTERS[fn](host); e('f64x2.extract_lane', 0); e('f64.store', 0);
  e('end');
  return { name: `lanes_${fn}`, type: { params: ['i32', 'i32', 'i32'], results: [] }, locals, localNames: ['dst', 'src', 'n', 'i', ...locals.slice(1).map((_, k) => `v${k}`)], body };
}

/**
 * The bytes of a module importing `env.memory` and exporting `exp` and `log` as {@link lanesMapFunction}s.
 *
 * @example
 * ```ts
 * import { lanesMathModule } from './lanes-math.js';
 * import { wasmMemory } from './memory.js';
 * import { zeros } from '../../memory/index.js';
 *
 * const { exports } = new WebAssembly.Instance(new WebAssembly.Module(lanesMathModule()), { env: { memory: wasmMemory() } });
 * const xs = zeros(3);
 * xs.set([0, 1, -1]);
 * (exports['exp'] as (dst: number, src: number, n: number) => void)(xs.byteOffset, xs.byteOffset, xs.length);
 * [xs[0], xs[1], xs[2]]; // → [ 1, 2.718281828459045, 0.36787944117144233 ]
 * ```
 */
export function lanesMathModule(): Uint8Array<ArrayBuffer> {
  const m: WasmModule = {
    imports: [], memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true }, globals: [],
    functions: [lanesMapFunction('exp'), lanesMapFunction('log')],
    exports: [{ name: 'exp', func: 0 }, { name: 'log', func: 1 }],
  };
  return encodeModule(m);
}
