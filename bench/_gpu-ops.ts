/**
 * Operations per element of a generated kernel, counted statically in its WGSL (part of `npm run bench:gpu`):
 * what an H100 would execute per invocation, from the code rather than from lavapipe's timing.
 *
 * Counted: each binary arithmetic, bitwise or comparison operator, `+=`-style update, and call of a WGSL
 * built-in (`select`, `min`, `max`, `sqrt`, conversions, `bitcast`); a call of a function of the shader adds
 * that function's count; a `for` loop with a constant trip count multiplies its body by it. A loop whose trip
 * count is only known at run time (`loop { … }`, the kernel's own loops) is reported per iteration. An `if`
 * block counts in full, unless `weights` says how often its condition holds (the PRNG refills its Philox block
 * every second draw: `numbat_rng_used >= 2u` holds for one draw in two). Loads and stores are not counted:
 * the traffic table has their bytes.
 *
 * @module
 */

/** The count for one kernel: per invocation, and per iteration of its run-time loop (if it has one). */
export interface OpCount {
  readonly perInvocation: number;
  readonly perLoopIteration: number | undefined;
}

const BINARY = /(?<=\s)(?:\+|-|\*|\/|%|\^|&|\||>>|<<|<=|>=|==|!=|<|>|&&|\|\||[+\-*/^&|]=|>>=|<<=)(?=\s)/g;
const BUILTINS = /\b(?:select|min|max|sqrt|abs|floor|ceil|trunc|f32|u32|i32|bitcast<\w+>|fma)\(/g;

/** The body of the block opening at `open` (the index of its `{`), and the index after its `}`. */
function block(code: string, open: number): [string, number] {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (code[k] === '{') depth++;
    else if (code[k] === '}' && --depth === 0) return [code.slice(open + 1, k), k + 1];
  }
  throw new Error('unbalanced braces in WGSL');
}

/**
 * Counts the operations of `entry` in `wgsl` (see the module comment).
 *
 * @example
 * ```ts
 * import { countOps } from './_gpu-ops.js';
 *
 * countOps('fn numbat_kernel(i: i32) -> f32 { return f32(i) * 2.0 + 1.0; }', 'numbat_kernel'); // → { perInvocation: 3, perLoopIteration: undefined }
 * ```
 */
export function countOps(wgsl: string, entry: string, weights: Readonly<Record<string, number>> = {}): OpCount {
  const code = wgsl.replace(/\/\/[^\n]*/g, '');
  const bodies = new Map<string, string>();
  for (const m of code.matchAll(/\bfn (\w+)\s*\(/g)) {
    const open = code.indexOf('{', m.index);
    bodies.set(m[1]!, block(code, open)[0]);
  }
  const memo = new Map<string, number>();
  let loopIteration: number | undefined;

  const cost = (text: string, inEntry: boolean): number => {
    let total = 0;
    let rest = text;
    // Blocks first: constant-trip `for` loops, weighted `if`s, run-time `loop`s; then the straight-line rest.
    for (;;) {
      const m = /\b(for\s*\(([^;]*);([^;]*);[^)]*\)|if\s*\(([^{]*)\)|loop)\s*\{/.exec(rest);
      if (!m) break;
      const [inner, after] = block(rest, m.index + m[0].length - 1);
      const head = m[1]!;
      let weight = 1;
      let innerCost = cost(inner, inEntry);
      if (head.startsWith('for')) {
        const bound = /<\s*(\d+)u?\s*$/.exec(m[3]!.trim());
        if (bound) weight = Number(bound[1]);
        else if (inEntry) {
          loopIteration = (loopIteration ?? 0) + innerCost + straight(m[3]!);
          innerCost = 0;
        }
      } else if (head.startsWith('if')) {
        total += straight(m[4]!);
        weight = Object.entries(weights).find(([cond]) => m[4]!.includes(cond))?.[1] ?? 1;
      } else if (inEntry) {
        loopIteration = (loopIteration ?? 0) + innerCost;
        innerCost = 0;
      }
      total += straight(rest.slice(0, m.index)) + weight * innerCost;
      rest = rest.slice(after);
    }
    return total + straight(rest);
  };
  const straight = (text: string): number => {
    let n = (text.match(BINARY) ?? []).length + (text.match(BUILTINS) ?? []).length;
    for (const m of text.matchAll(/\b(\w+)\s*\(/g)) {
      const name = m[1]!;
      if (bodies.has(name) && name !== entry) n += fnCost(name);
    }
    return n;
  };
  const fnCost = (name: string): number => {
    let c = memo.get(name);
    if (c === undefined) {
      memo.set(name, 0); // recursion guard (WGSL has none)
      memo.set(name, (c = cost(bodies.get(name)!, false)));
    }
    return c;
  };
  const body = bodies.get(entry);
  if (body === undefined) throw new Error(`no function ${entry} in the WGSL`);
  const perInvocation = cost(body, true);
  return { perInvocation, perLoopIteration: loopIteration };
}

/** Loads per element of a reducing shader's main loop, and the bytes they move (see {@link countLoads}). */
export interface LoadCount {
  /** Elements the main loop's body reduces per iteration (calls of `numbat_kernel`). */
  readonly elements: number;
  /** Load instructions per element: `vec4` loads (16 bytes) and scalar ones (4 bytes). */
  readonly loadsPerElement: number;
  readonly bytesPerElement: number;
  /** Bytes per load instruction, on average. */
  readonly bytesPerLoad: number;
}

/**
 * Loads in the main loop of a reducing shader's `main` (its first `loop { … }`), following calls: each
 * `numbat_v4_<name>[…]` is a 16-byte load and each `a_<name>[…]` a 4-byte one. The module constant
 * `numbat_vec` (which entry reads the lane arrays, `src/gpu/wgsl/vector.ts`) is folded first, as the shader
 * compiler folds it.
 *
 * @example
 * ```ts
 * import { countLoads } from './_gpu-ops.js';
 *
 * const wgsl = 'fn numbat_kernel(i: i32) -> f32 { return a_xs[u32(i)]; }\nfn main() { loop { let r = numbat_kernel(0); let s = numbat_kernel(1); } }';
 * countLoads(wgsl); // → { elements: 2, loadsPerElement: 1, bytesPerElement: 4, bytesPerLoad: 4 }
 * ```
 */
export function countLoads(wgsl: string): LoadCount {
  const vec = /const numbat_vec = (true|false);/.exec(wgsl)?.[1] === 'true';
  const code = wgsl
    .replace(/\/\/[^\n]*/g, '')
    .replace(/if \(numbat_vec\) \{ (return [^;]*;) \} (return [^;]*;)/g, (_, a: string, b: string) => (vec ? a : b));
  const bodies = new Map<string, string>();
  for (const m of code.matchAll(/\bfn (\w+)\s*\(/g)) bodies.set(m[1]!, block(code, code.indexOf('{', m.index))[0]);
  const memo = new Map<string, [number, number]>();
  // [vec4 loads, scalar loads] of a text, following calls of the shader's functions.
  const loads = (text: string): [number, number] => {
    let v = (text.match(/\bnumbat_v4_\w+\[/g) ?? []).length;
    let s = (text.match(/\ba_\w+\[/g) ?? []).length;
    for (const m of text.matchAll(/\b(\w+)\s*\(/g)) {
      const name = m[1]!;
      if (!bodies.has(name) || name === 'main') continue;
      let c = memo.get(name);
      if (!c) {
        memo.set(name, [0, 0]);
        memo.set(name, (c = loads(bodies.get(name)!)));
      }
      v += c[0];
      s += c[1];
    }
    return [v, s];
  };
  const main = bodies.get('main');
  if (main === undefined) throw new Error('no main in the WGSL');
  const at = /\bloop\s*\{/.exec(main);
  if (!at) throw new Error('no loop in main');
  const loop = block(main, at.index + at[0].length - 1)[0];
  const elements = (loop.match(/\bnumbat_kernel\(/g) ?? []).length;
  const [v, s] = loads(loop);
  return { elements, loadsPerElement: (v + s) / elements, bytesPerElement: (16 * v + 4 * s) / elements, bytesPerLoad: (16 * v + 4 * s) / (v + s) };
}
