/**
 * Specialization: infers one function for its argument types, re-running the analysis until no variable
 * changes type (reading an `f64` variable gives an `f64`, so every `i32` left is proved), and caches the
 * typing per argument signature within one compilation.
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import { JitError } from '../errors.js';
import type { Type } from '../types.js';
import { avOfType, isI32, type AV } from './lattice.js';
import type { InferEnv, Scope, Typing } from './scope.js';
import { Analysis } from './analyze.js';

/**
 * Infers the types of a function specialized for its arguments' types, and of every function it calls.
 *
 * @example
 * ```ts
 * const env = newEnv(() => undefined);
 * const typing = inferFunction(parseFunction(std), [{ kind: 'array', element: 'f64' }], env);
 * typeOf(typing.returns); // { kind: 'f64' }
 * ```
 */
export function inferFunction(
  parsed: ParsedFunction,
  argTypes: readonly Type[],
  env: InferEnv,
  options: { scope?: Scope; args?: readonly AV[]; key?: object } = {},
): Typing {
  const key = options.key ?? parsed.node;
  const args = options.args ?? argTypes.map((t, i) => avOfType(t, paramName(parsed, i)));
  const sigKey = args.map((a) => JSON.stringify(a, (_k, v: unknown) => (typeof v === 'object' && v !== null && 'parsed' in v ? undefined : v))).join(';');
  let cache = env.specializations.get(key);
  if (!cache) env.specializations.set(key, (cache = new Map()));
  const cached = cache.get(sigKey);
  if (cached) return cached;
  if (env.active.has(key)) {
    throw new JitError('recursive calls are not supported', { construct: `recursive call to ${parsed.name || 'a function'}`, source: parsed.source, span: parsed.node });
  }
  env.active.add(key);
  try {
    let forced = new Set<Node>();
    for (let round = 0; ; round++) {
      const analysis = new Analysis(parsed, args, env, options.scope, forced);
      const typing = analysis.run();
      const next = new Set(forced);
      for (const b of typing.bindings) if (b.value?.k === 'num' && !isI32(b.value)) next.add(b.decl);
      if (next.size === forced.size || round > 8) {
        let irName = parsed.name || 'anonymous';
        for (let n = 1; env.names.has(irName); n++) irName = `${parsed.name || 'anonymous'}$${n}`;
        env.names.add(irName);
        const final = { ...typing, irName };
        cache.set(sigKey, final);
        env.order.push(final);
        return final;
      }
      forced = next;
    }
  } finally {
    env.active.delete(key);
  }
}

/**
 * The name of parameter `i` (a matrix argument's name in messages), `arg<i>` for a pattern.
 *
 * @example
 * ```ts
 * paramName(parseFunction(std), 0); // 'xs'
 * ```
 */
export function paramName(parsed: ParsedFunction, i: number): string {
  const p = parsed.params[i];
  const id = p?.type === 'AssignmentPattern' ? (p.left as typeof p) : p;
  return id?.type === 'Identifier' ? (id.name as string) : `arg${i}`;
}
