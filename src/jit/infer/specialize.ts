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
import { avOfType, describeAV, isI32, type AV } from './lattice.js';
import { seedsFor, NO_NUMBER, isPending, markEnv, newPending, nextAssumption, rollback, sameReturn, settles } from './recursion.js';
import type { InferEnv, Scope, Typing } from './scope.js';
import { Analysis } from './analyze.js';
import { RetryWithRows } from './retry.js';

/**
 * Infers the types of a function specialized for its arguments' types, and of every function it calls.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { typeOf } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const env = newEnv(() => undefined); // calls nothing by name
 * const typing = inferFunction(parseFunction(std), [{ kind: 'array', element: 'f64' }], env);
 * typeOf(typing.returns); // → { kind: 'f64' }
 * ```
 */
export function inferFunction(
  parsed: ParsedFunction,
  argTypes: readonly Type[],
  env: InferEnv,
  options: { scope?: Scope; args?: readonly AV[]; key?: object; thisArg?: AV; receiver?: boolean } = {},
): Typing {
  const key = options.key ?? parsed.node;
  const args = options.args ?? argTypes.map((t, i) => avOfType(t, paramName(parsed, i)));
  // The function the caller invoked is its own specialization: a recursive call gets a callee's (the entry has
  // the argument checks and the random state's load and store).
  const entry = env.active.size === 0 ? 'entry;' : '';
  // a shape is named by its token (its prototype and function fields are identities, not data to print)
  // a function value by its identity (`functions.ts`): two functions are two specializations
  const keyOf = (_k: string, v: unknown): unknown => (typeof v === 'object' && v !== null && 'parsed' in v ? calleeId((v as unknown as { key: object }).key) : typeof v === 'object' && v !== null && 'token' in v && 'fields' in v ? v.token : v);
  const sigKey = entry + (options.receiver ? 'receiver;' : '') + (options.thisArg ? `this=${JSON.stringify(options.thisArg, keyOf)};` : '') + args.map((a) => JSON.stringify(a, keyOf)).join(';');
  let cache = env.specializations.get(key);
  if (!cache) env.specializations.set(key, (cache = new Map()));
  const cached = cache.get(sigKey);
  if (cached) {
    if (isPending(cached)) cached.recursive = true;
    return cached;
  }
  const pending = newPending(parsed);
  cache.set(sigKey, pending);
  // another specialization of the same function may be under way further up (recursion with other types)
  const outerActive = env.active.has(key);
  env.active.add(key);
  try {
    let forced = new Set<Node>();
    let seed = 0;
    const seeds = seedsFor(args, options.thisArg);
    let assumed: AV = seeds[0]!;
    for (let round = 0; ; round++) {
      pending.returns = assumed;
      pending.recursive = false;
      const mark = markEnv(env);
      let typing: Typing;
      try {
        typing = new Analysis(parsed, args, env, options.scope, forced, options.thisArg, options.receiver).run();
      } catch (error) {
        // a `[]` holds rows (rows.ts) or objects (object-arrays.ts): analyze again the function that made it, which
        // for an array in a field of `this` may be a caller (`this.piles = new Array(3)` before `this.push(disk)`)
        if (error instanceof RetryWithRows && round < 40 && contains(parsed, error.literal)) {
          rollback(env, mark);
          continue;
        }
        if (error instanceof RetryWithRows && entry) {
          // made by no function being compiled (an array a field of `this` held from an earlier call)
          throw new JitError('an object is stored into an array of numbers this compilation did not make; an array of objects is one made in compiled code (new Array(n) or []) that only objects of one shape are stored into', {
            construct: 'element assignment', source: parsed.source, span: parsed.node, functionName: parsed.name || undefined, origin: parsed.origin,
          });
        }
        // the assumed return type may be what failed (a boolean function assumed to return numbers)
        if (!pending.recursive || !(error instanceof JitError) || assumed !== seeds[seed] || seed + 1 >= seeds.length || round > 40) throw error;
        rollback(env, mark);
        assumed = seeds[++seed]!;
        continue;
      }
      const next = new Set(forced);
      for (const b of typing.bindings) if (b.value?.k === 'num' && !isI32(b.value)) next.add(b.decl);
      if (pending.recursive && !settles(typing.returns, assumed)) {
        const widened = nextAssumption(assumed, typing.returns, round);
        if (!widened && assumed === seeds[seed] && seed + 1 < seeds.length) {
          // a function that returns booleans or nothing: try the next first assumption
          rollback(env, mark);
          assumed = seeds[++seed]!;
          continue;
        }
        if (!widened || round > 40) {
          throw new JitError(`the recursion of ${parsed.name || 'this function'} has no single return type (it returns ${describeAV(typing.returns)} where its recursive calls were assumed to return ${describeAV(assumed)})`, {
            construct: `recursive function ${parsed.name || ''}`.trim(), source: parsed.source, span: parsed.node, functionName: parsed.name || undefined, origin: parsed.origin,
          });
        }
        rollback(env, mark);
        assumed = widened;
        forced = next;
        continue;
      }
      if (next.size === forced.size || round > 8) {
        if (pending.recursive && sameReturn(typing.returns, NO_NUMBER)) {
          throw new JitError(`${parsed.name || 'this function'} never returns except through its own recursive calls, so its return type cannot be found; give it a base case that returns a value`, {
            construct: `recursive function ${parsed.name || ''}`.trim(), source: parsed.source, span: parsed.node, functionName: parsed.name || undefined, origin: parsed.origin,
          });
        }
        let irName = parsed.name || 'anonymous';
        for (let n = 1; env.names.has(irName); n++) irName = `${parsed.name || 'anonymous'}$${n}`;
        env.names.add(irName);
        const recursive = pending.recursive;
        Object.assign(pending, typing, { irName, pending: false, recursive });
        env.order.push(pending);
        return pending;
      }
      if (pending.recursive) rollback(env, mark);
      forced = next;
    }
  } catch (error) {
    cache.delete(sigKey);
    // a round's rollback replaced the caches with copies (recursion.ts), which may hold this pending typing too
    const live = env.specializations.get(key);
    if (live?.get(sigKey) === pending) live.delete(sigKey);
    throw error;
  } finally {
    if (!outerActive) env.active.delete(key);
  }
}

/** Whether `node` is part of the function `parsed` (its body, parameters, or the class fields a constructor sets). */
function contains(parsed: ParsedFunction, node: Node): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || n === null || typeof n !== 'object') return;
    if (n === node) {
      found = true;
      return;
    }
    if (Array.isArray(n)) return n.forEach(visit);
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(parsed.params);
  visit(parsed.body);
  return found;
}

const calleeIds = new WeakMap<object, number>();
let nextCallee = 0;
function calleeId(key: object): string {
  let n = calleeIds.get(key);
  if (n === undefined) calleeIds.set(key, (n = nextCallee++));
  return `fn#${n}`;
}

/**
 * The name of parameter `i` (a matrix argument's name in messages), `arg<i>` for a pattern.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { paramName } from './specialize.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * paramName(parseFunction(std), 0); // → 'xs'
 * paramName(parseFunction('function f({ x }) { return x; }'), 0); // → 'arg0'
 * ```
 */
export function paramName(parsed: ParsedFunction, i: number): string {
  const p = parsed.params[i];
  const id = p?.type === 'AssignmentPattern' ? (p.left as typeof p) : p;
  return id?.type === 'Identifier' ? (id.name as string) : `arg${i}`;
}
