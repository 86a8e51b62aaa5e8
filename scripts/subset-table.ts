/**
 * The supported/unsupported subset of `@memoJit`, written between the `numbat:subset-table` markers of
 * docs/guides/will-memojit-work.md so that the guide cannot drift from the compiler.
 *
 * Two sources: the compiler's own tables (`src/jit/ops/`: Math, globals, array methods, element kinds, error
 * classes), read as they are; and the language constructs, whose rules live in inference's statement and
 * expression cases rather than in a table. Each construct row below therefore carries a small program, and
 * tests/docs/subset-table.test.ts compiles every one of them: a "yes" row must give the plain function's
 * answer, a "no" row must be a located `JitError`. A row that stops being true fails the tests.
 *
 * Usage: node --import tsx scripts/subset-table.ts [--write | --check]   (run by `npm run docs` with --write)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MATH } from '../src/jit/ops/math.js';
import { GLOBALS } from '../src/jit/ops/globals.js';
import { ARRAY_METHODS } from '../src/jit/ops/arrays.js';
import { CALLBACK_METHODS } from '../src/jit/ops/callbacks.js';
import { ELEMENTS } from '../src/jit/ops/elements.js';
import { ERROR_CLASSES } from '../src/jit/ops/throw.js';
import { Array2D } from '../src/jit/types.js';

/** The guide the table is written into. */
export const GUIDE = fileURLToPath(new URL('../docs/guides/will-memojit-work.md', import.meta.url));
const START = /<!-- numbat:subset-table:start[\s\S]*?-->\n/;
const END = '<!-- numbat:subset-table:end -->';

/** One language construct, with a program that shows it. */
export interface ConstructRow {
  readonly construct: string;
  /** `yes`: compiles and gives the plain function's answer; `no`: a located JitError. */
  readonly compiles: 'yes' | 'no';
  readonly notes: string;
  /** A program showing the construct, called with {@link ConstructRow.args}. */
  readonly example: (...args: never[]) => unknown;
  /** Fresh arguments for one call (the example may write into them). */
  readonly args: () => unknown[];
}

const f64 = (...xs: number[]): Float64Array => Float64Array.from(xs);

/** For the method row: a class whose method the compiled function calls. */
class Counter {
  total = 0;
  add(x: number): void { this.total += x; }
}
/** For the `new` rows: a class whose constructor assigns its fields (TypeScript's `declare` emits no field). */
class Point {
  declare x: number;
  constructor(x: number) { this.x = x; }
}
/** For the linked-list row: a node whose constructor sets `next` to null. */
class ListNode {
  declare v: number;
  declare next: ListNode | null;
  constructor(v: number) { this.v = v; this.next = null; }
}
/** For the field-narrowing row: a method that gives `out` an array or null, then tests it. */
class Buffered {
  declare out: number[] | null;
  constructor() { this.out = null; }
  first(xs: number[], k: number): number {
    if (k > 0) this.out = xs;
    else this.out = null;
    if (this.out === null) return -1;
    return this.out[0]!;
  }
}
/** For the prototype-field row: simplex-noise's layout, a table on the prototype object, not on each instance. */
function Noise(this: { seed: number }, seed: number) { this.seed = seed; }
Noise.prototype = { grad: Float32Array.of(1, -1, 0.5) };
type NoiseObject = { seed: number; grad: Float32Array };
const square = (x: number): number => x * x;
const SCALE = 3;
function offsetOf(x: number): number { return x > 1 ? 1 : 0; }
const { sqrt, PI } = Math;

/** The constructs, in the order a reader meets them. */
export const CONSTRUCTS: readonly ConstructRow[] = [
  {
    construct: '`number`, `boolean` arguments and locals', compiles: 'yes', notes: 'integers proven to stay in int32 range compute as `i32`, others as `f64`',
    example: (n: number, flag: boolean) => { let s = 0; for (let i = 0; i < n; i++) s += flag ? i : -i; return s; }, args: () => [10, true],
  },
  {
    construct: 'typed arrays (element kinds below)', compiles: 'yes', notes: 'read, write, `.length`, `for…of`; create with `new Float64Array(n)`',
    example: (xs: Float64Array) => { const out = new Float64Array(xs.length); for (let i = 0; i < xs.length; i++) out[i] = 2 * xs[i]!; return out; }, args: () => [f64(1, 2, 3)],
  },
  {
    construct: '`number[]`, `boolean[]` arguments', compiles: 'yes', notes: 'elements checked on entry, or where each is read in a function that writes only its locals; written in place with JavaScript\'s semantics',
    example: (xs: number[]) => { let s = 0; for (const x of xs) s += x; return s; }, args: () => [[1, 2, 3.5]],
  },
  {
    construct: '`number[][]` (rows of numbers)', compiles: 'yes', notes: 'read and written in place; `Array2D` keeps one packed block',
    example: (m: number[][]) => { let s = 0; for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]!; return s; }, args: () => [[[1, 2], [3, 4]]],
  },
  {
    construct: '`number[][]` made in the function: `[]`, `Array(n)` or `new Array(n)` given rows', compiles: 'yes', notes: 'rows pushed (`m.push(r)`) or stored (`m[i] = r`, in any order) make it an array of rows; unwritten elements stay holes that read `undefined`, and `.length` is n from the start, as in JavaScript',
    example: (n: number) => { const m = new Array(n); for (let i = n - 1; i >= 0; i--) { const row = Array(i + 1); for (let j = 0; j <= i; j++) row[j] = i * j; m[i] = row; } return m; }, args: () => [3],
  },
  {
    construct: '`boolean[]` made in the function: `[]`, `Array()` or `Array(n)` given booleans', compiles: 'yes', notes: 'booleans pushed (`flags.push(x > 0)`) or stored (`flags[i] = …`) make it a `boolean[]`; holes and reads past the end are `undefined`; `c ? [x > 0] : []` is one too',
    example: (xs: Float64Array) => { const flags = []; for (const x of xs) flags.push(x > 0); return flags; }, args: () => [f64(1, -2, 3)],
  },
  {
    construct: '`number[][]` from `Array(n).fill(0)`: by `.map(() => row)`, or given a row at every index by the loop right after it', compiles: 'yes',
    notes: '`Array(n).fill(0).map(() => Array(n).fill(0))`, `xs.map((v) => [v, 2 * v])`; `m[i] = row` into the zeros only where `for (let i = 0; i < m.length; i++) m[i] = row;` follows the declaration (JS reads 0 where no row was stored yet); other orders are a located error that suggests `Array.from` or `.map`',
    example: (n: number) => { const m = Array(n).fill(0); for (let i = 0; i < m.length; i++) m[i] = Array(n).fill(0).map((_, j) => i * j); const p = m.map((r) => [r[n - 1], r.length]); return p[n - 1]; }, args: () => [3],
  },
  {
    construct: '`Array(n).fill(0)` given rows in another order (`m[0] = row` alone, a loop that may skip an index)', compiles: 'no', notes: 'JS reads the number 0 where no row was stored; write `Array.from({ length: n }, () => row)` or `Array(n).fill(0).map(() => row)`',
    example: (n: number) => { const m = Array(n).fill(0); for (let i = 1; i < n; i++) m[i] = [i]; return m[0][0]; }, args: () => [3],
  },
  {
    construct: '`Array2D`', compiles: 'yes', notes: '`m.get(i, j)`, `m.set(i, j, v)`, `m.row(i)`, `m.rows`, `m.cols`',
    example: (m: Array2D) => { let s = 0; for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) s += m.get(i, j); return s; }, args: () => [Array2D.from([[1, 2], [3, 4]])],
  },
  {
    construct: 'tuples: `const [x, y] = p`, `return [a, b]`', compiles: 'yes', notes: 'flat array destructuring only; returned literals of two lengths (`return c ? [a, b] : []`), or beside a returned array or `Array(n)`, are arrays, not tuples',
    example: (a: number, b: number) => { const p = [a + b, a - b]; const [x, y] = p; return [y, x]; }, args: () => [5, 2],
  },
  {
    construct: '`let`, `const`, `var` with an initial value', compiles: 'yes', notes: '',
    example: (n: number) => { var a = n; let b = a * 2; const c = b + 1; return c; }, args: () => [4],
  },
  {
    construct: 'a variable given a boolean in some assignments and a number in others', compiles: 'yes',
    notes: 'the JS value itself (jStat\'s `var fact = false; … if (fact) res = fact / res`): arithmetic converts the boolean, `===` compares type and value, `==` is refused; runs on the JS backend',
    example: (y: number) => { let fact: number | boolean = false; let res = 2; if (y < 0) fact = Math.PI / y; if (fact) res = (fact as number) / res; return [fact, res]; }, args: () => [-2],
  },
  {
    construct: 'such a variable declared without a value, or compared by `switch`', compiles: 'yes',
    notes: '`undefined` until written, as in JS; `switch` compares type, then value (`case 1` never matches `true`); `case undefined` is refused (test it before the switch)',
    example: (n: number) => { let x; let s = 0; for (let i = 0; i < n; i++) { switch (x) { case true: s += 10; break; case 1: s += 100; break; default: s += 1; } x = i > 1 ? true : i; } return s; }, args: () => [4],
  },
  {
    construct: 'arithmetic, `**`, `%`, comparisons, `&&`, `||`, `!`, bitwise operators, `?:`', compiles: 'yes', notes: 'both sides of `?:`, `&&`, `||` have one type (a number and a boolean: the JS value); arithmetic takes a boolean as JS does (`true + 1` is 2)',
    example: (x: number, y: number) => ((x ** 2 % 7) | 0) ^ ((y > x && !(x === 0)) ? 3 : 5), args: () => [6, 9],
  },
  {
    construct: '`++`, `+=`, `=` as statements and inside expressions', compiles: 'yes', notes: '`v[i] = w[i] = 0`, `xs[i++]`',
    example: (xs: Float64Array) => { let i = 0; let s = 0; while (i < xs.length) s += xs[i++]!; return s; }, args: () => [f64(1, 2, 3)],
  },
  {
    construct: '`??`, `&&=`, `||=`, `??=`, the comma operator', compiles: 'yes', notes: '',
    example: (x: number) => { let a = 0; a ||= x; let b = 1; b &&= a; return (a++, b + a); }, args: () => [3],
  },
  {
    construct: '`if`/`else`, `for`, `while`, `do…while`, `break`, `continue`, `switch`', compiles: 'yes', notes: '',
    example: (n: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (i % 2 === 0) continue;
        switch (i) { case 3: s += 30; break; default: s += i; }
      }
      do s++; while (s < 0);
      return s;
    },
    args: () => [8],
  },
  {
    construct: '`throw new Error(msg)` and the built-in error classes below', compiles: 'yes', notes: 'the caller gets the same class and message',
    example: (x: number) => { if (x < 0) throw new RangeError('x must be >= 0, got ' + x); return Math.sqrt(x); }, args: () => [4],
  },
  {
    construct: 'inner helper functions (`const f = (x) => …`)', compiles: 'yes', notes: 'they may use only their own parameters and locals (pass the enclosing function\'s values as arguments)',
    example: (a: number, b: number) => { const sq = (v: number) => v * v; return sq(a) + sq(b); }, args: () => [3, 4],
  },
  {
    construct: 'default parameter values, fewer arguments than parameters', compiles: 'yes', notes: 'one specialization per arity',
    example: (x: number, k = 2) => x * k, args: () => [21],
  },
  {
    construct: 'recursion, self and mutual', compiles: 'yes', notes: 'the return type comes from the returns that do not recurse',
    example: function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }, args: () => [5],
  },
  {
    construct: 'objects as arguments (plain objects, class instances)', compiles: 'yes', notes: 'fields of numbers, booleans and arrays, read and written; one specialization per shape; an empty `[]` where an array of objects is read runs the plain function for that call (no element gives their shape), and passed from compiled code it is an error at the argument',
    example: (p: { x: number; v: Float64Array }) => { p.x += p.v[0]!; return p.x; }, args: () => [{ x: 1, v: f64(2) }],
  },
  {
    construct: 'methods and `this` (class methods, methods of object literals), object literals as results', compiles: 'yes', notes: 'resolved through the class at compile time; `return { mean, std }` gives a plain object',
    example: (c: Counter, xs: Float64Array) => { for (const x of xs) c.add(x); return { total: c.total, n: xs.length }; }, args: () => [new Counter(), f64(1, 2, 3)],
  },
  {
    construct: 'functions as values (a function argument)', compiles: 'yes', notes: 'part of the signature by identity, compiled with the caller',
    example: (f: (x: number) => number, n: number) => { let s = 0; for (let i = 0; i < n; i++) s += f(i); return s; }, args: () => [square, 4],
  },
  {
    construct: '`Math` functions under other names (`const { sqrt, PI } = Math`, `Math.abs` passed as a value)', compiles: 'yes', notes: 'by identity with `Math`\'s own function; `min`, `max`, `hypot` (any number of arguments) only as `Math.max(…)`; `Math` itself under another name is an error that says so',
    example: (r: number) => PI * sqrt(r), args: () => [2],
  },
  {
    construct: 'names from outside the function (module constants, functions, arrays)', compiles: 'yes', notes: 'numbers and booleans frozen at the first compile, arrays used by reference; a `let` assigned elsewhere is an error',
    example: (x: number) => SCALE * x + offsetOf(x), args: () => [2],
  },
  {
    construct: 'a variable read before its first write, `x === undefined`', compiles: 'yes', notes: '`undefined`, as in JS (`let min; … if (min === undefined || v < min)`)',
    example: (xs: Float64Array) => { let m; for (const x of xs) if (m === undefined || x < m) m = x; return m; }, args: () => [f64(3, 1, 2)],
  },
  {
    construct: 'array methods with a callback written inline (arrow or `function` expression)', compiles: 'yes', notes: 'on 1-D arrays and arrays of objects (`ps.map((p) => p.x)`, `ps.forEach((p) => { p.x += p.vx; })`, `ps.filter(…)` gives the same objects); the methods are listed below; a callback passed by name is an error that says to write it inline',
    example: (xs: Float64Array) => xs.map((x) => 2 * x), args: () => [f64(1, 2)],
  },
  {
    construct: 'labels (`outer: for …`, `break outer`, `continue outer`, a labelled block)', compiles: 'yes', notes: 'on the JS backend; the Wasm backend runs such a function on JS (`inspect()` says so), `@gpu` refuses them',
    example: (xs: Float64Array) => { let k = -1; outer: for (let i = 0; i < xs.length; i++) { for (let j = 0; j < 2; j++) if (xs[i] === j) { k = i; break outer; } } return k; }, args: () => [f64(5, 1)],
  },
  {
    construct: '`try`/`catch`', compiles: 'no', notes: 'catch around the call, outside the compiled function',
    example: (x: number) => { try { return x; } catch { return 0; } }, args: () => [1],
  },
  {
    construct: '`for…in`', compiles: 'no', notes: 'use an indexed `for` loop or `for…of`',
    example: (xs: Float64Array) => { let s = 0; for (const k in xs) s += Number(k); return s; }, args: () => [f64(1, 2)],
  },
  {
    construct: 'classes declared inside the function', compiles: 'no', notes: 'declare them outside',
    example: (x: number) => { class P { v = 1; } return x + new P().v; }, args: () => [1],
  },
  {
    construct: '`new C(…)` of a class from outside whose constructor assigns every field', compiles: 'yes', notes: 'compiled code calls the class\'s own constructor: a real instance, `instanceof` holds',
    example: (x: number) => new Point(2 * x).x, args: () => [1.5],
  },
  {
    construct: '`new C(…)` of a class whose body declares fields (`total = 0;`, or TypeScript\'s `x: number;` under tsx), and of a subclass calling `super(…)`', compiles: 'yes', notes: 'fields in JavaScript\'s own order, base class first; code before `super(…)` computing its arguments runs first; number and boolean static fields (`C.G`) are read as constants frozen at compile time; instances stored by index (`a[i] = o`, `a[a.length] = o`) into `new Array(n)` or `[]`, or pushed (`a.push(o)`), make an array of objects',
    example: (x: number) => new Counter().total + x, args: () => [1],
  },
  {
    construct: 'linked lists: a field the constructor sets to `null` (`this.next = null`), later given an instance of the same class', compiles: 'yes', notes: 'the field holds `null` or an instance of the class (numba\'s `optional(deferred_type)`): lists built by recursion or loops, tested with `=== null`, walked, passed in (each call checks every node) and returned; anything else in that field is a located error',
    example: (n: number) => { let head: ListNode | null = null; for (let i = 0; i < n; i++) { const c = new ListNode(i); c.next = head; head = c; } let s = 0; for (let x = head; x !== null; x = x.next) s += x.v; return s; }, args: () => [4],
  },
  {
    construct: 'a field of `this` given an array on some paths and `null` on others (fft.js\'s `this._out = out; … this._out = null`)', compiles: 'yes',
    notes: 'read where a test narrows it, as TypeScript does: after `if (this._out === null) return …;`, inside `if (this._out !== null) { … }`, past `if (!this._out) …`; a call on `this` while it may be null forgets it; any other read is a located error',
    example: (o: Buffered, xs: number[], k: number) => o.first(xs, k) + o.first(xs, 0), args: () => [new Buffered(), [5, 6], 1],
  },
  {
    construct: 'a field on the prototype, not the object (`C.prototype.grad = new Float32Array(…)`, read as `this.grad` or `o.grad`)', compiles: 'yes', notes: 'numbers, booleans, typed arrays and `number[]`/`boolean[]` are read through the object at each access, as JS does; each call checks that the object (a receiver or argument) still does not own the name and that the prototype\'s value keeps its type, else another specialization; writing the name, a getter, and objects made with `new` in compiled code are located errors',
    example: (o: NoiseObject, i: number) => o.grad[i]! * o.seed, args: () => [new (Noise as unknown as new (seed: number) => NoiseObject)(3), 1],
  },
  {
    construct: 'strings compared (`===`, `!==`, `switch`), passed and returned', compiles: 'yes', notes: 'one specialization for all strings',
    example: (mode: string, x: number) => { switch (mode) { case 'double': return 2 * x; default: return mode === 'neg' ? -x : x; } }, args: () => ['double', 3],
  },
  {
    construct: 'building strings (template literals, `+` on a string)', compiles: 'no', notes: 'only as the message of a `throw`; build the string outside',
    example: (x: number) => `${x}`.length, args: () => [12],
  },
  {
    construct: '`console.log` and other globals outside the table below', compiles: 'no', notes: 'print outside the compiled function; `NUMBAT_DISABLE_JIT=1` for debugging',
    example: (x: number) => { console.log(x); return x; }, args: () => [1],
  },
];

const code = (s: string): string => `\`${s}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const list = (names: readonly string[]): string => names.map(code).join(', ');

/** The Markdown of the whole subset, from the tables above and in `src/jit/ops/`. */
export function subsetTable(): string {
  const rows: string[][] = [];
  for (const r of CONSTRUCTS) rows.push([r.construct, r.compiles, r.notes]);

  const math = Object.entries(MATH);
  const fns = math.filter(([, r]) => r.kind === 'function').map(([n]) => `Math.${n}`);
  const consts = math.filter(([, r]) => r.kind === 'constant').map(([n]) => `Math.${n}`);
  rows.push([`\`Math\` functions (${fns.length})`, 'yes', list(fns)]);
  rows.push(['`Math` constants', 'yes', list(consts)]);
  for (const [n, r] of math) if (r.kind === 'random') rows.push([code(`Math.${n}()`), 'yes', r.note]);

  const globals = Object.entries(GLOBALS);
  rows.push(['global constants', 'yes', list(globals.filter(([, r]) => r.kind === 'constant').map(([n]) => n))]);
  rows.push(['number tests', 'yes', list(globals.filter(([, r]) => r.kind === 'predicate').map(([n]) => `${n}(x)`))]);
  for (const [n, r] of globals) if (r.kind === 'unsupported') rows.push([code(n), 'no', r.reason]);

  const on = { plain: '`number[]`, `boolean[]`', typed: 'typed arrays', any: 'typed arrays and `number[]`, `boolean[]`' } as const;
  for (const [n, r] of Object.entries(ARRAY_METHODS)) {
    const [lo, hi] = r.arity;
    rows.push([code(`xs.${n}()`), 'yes', `on ${on[r.on]}; ${lo === hi ? lo : `${lo}–${hi}`} argument${hi === 1 ? '' : 's'}`]);
  }

  for (const [n, r] of Object.entries(CALLBACK_METHODS)) {
    rows.push([code(`xs.${n}(${r.accumulates ? '(acc, v, i, xs) => …' : '(v, i, xs) => …'})`), 'yes', r.accumulates ? 'with or without a start value' : 'inline callback']);
  }

  const elements = Object.entries(ELEMENTS);
  const typed = elements.filter(([, r]) => !('plain' in r)).map(([k, r]) => `${r.array.name} (${k})`);
  rows.push(['typed array element kinds', 'yes', typed.map(code).join(', ')]);
  rows.push(['thrown error classes', 'yes', list(Object.keys(ERROR_CLASSES))]);

  const lines = ['| construct | compiles? | notes |', '|---|---|---|', ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
  return `${lines.join('\n')}\n`;
}

/** The guide with its marked section replaced by `table`. */
export function withTable(guide: string, table: string): string {
  const start = START.exec(guide);
  const end = guide.indexOf(END);
  if (!start || end < start.index) throw new Error(`${GUIDE}: the numbat:subset-table markers are missing`);
  const head = guide.slice(0, start.index + start[0].length);
  return `${head}\n${table}\n${guide.slice(end)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const guide = readFileSync(GUIDE, 'utf8');
  const next = withTable(guide, subsetTable());
  if (process.argv.includes('--check')) {
    if (next !== guide) {
      console.error(`${GUIDE}: the subset table differs from the compiler's tables; run: npm run docs`);
      process.exit(1);
    }
  } else if (process.argv.includes('--write')) {
    if (next !== guide) writeFileSync(GUIDE, next);
  } else {
    process.stdout.write(subsetTable());
  }
}
