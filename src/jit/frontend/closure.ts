/**
 * Names from outside a function: what its closure, module and script scopes hold, read through V8's inspector,
 * at compile time only, once per function (cached weakly).
 *
 * `fn.toString()` says which names a function uses but not what they are. V8 keeps a function's scope chain as
 * the internal property `[[Scopes]]`, which `node:inspector` exposes synchronously on the calling thread (also
 * in worker threads: each has its own session). One `Runtime.callFunctionOn` stores that list, as real objects,
 * in a temporary global that is deleted at once; the inspector's object group is released. Whether a binding
 * may be reassigned is not in `[[Scopes]]`: {@link declarationOf} reads it from the function's loaded script
 * (`[[FunctionLocation]]`), parsed with acorn (`declarations.ts`).
 *
 * @module
 */
import { Session } from 'node:inspector';
import { analyzeDeclaration, type Declaration } from './declarations.js';

/**
 * Which kind of scope a name was found in, as V8 names them (`module` for an ES module's top level, `closure`
 * for an enclosing function or a CommonJS module, `script` for a classic script's top-level `let`/`const`,
 * `global` for properties of `globalThis`).
 *
 * @example
 * ```ts
 * import type { ScopeKind } from './closure.js';
 *
 * // A top-level const of an ES module, as `outerName` reports it:
 * const kind: ScopeKind = 'module';
 * ```
 */
export type ScopeKind = 'local' | 'block' | 'closure' | 'module' | 'script' | 'catch' | 'global' | 'other';

/**
 * A name found outside a function: its current value and the scope that holds it.
 *
 * @example
 * ```ts
 * import { outerName, type OuterName } from './closure.js';
 *
 * const K = 3.5;
 * function f(x: number) { return x * K; }
 * const found: OuterName | undefined = outerName(f, 'K');
 * found?.value; // → 3.5
 * ```
 */
export interface OuterName {
  readonly name: string;
  /** The value now (objects by reference). */
  readonly value: unknown;
  readonly scope: ScopeKind;
}

interface ScopeEntry {
  readonly kind: ScopeKind;
  readonly values: Readonly<Record<string, unknown>>;
}

interface FunctionFacts {
  readonly scopes: readonly ScopeEntry[];
  readonly location: { readonly scriptId: string; readonly line: number; readonly column: number } | undefined;
}

let session: Session | undefined;
let temporaries = 0;
const factsCache = new WeakMap<Function, FunctionFacts | null>();
const scriptSources = new Map<string, string | null>();

/**
 * One synchronous inspector round trip: `post` calls back before it returns on the session's own thread. A
 * session that ever answers later is not trusted (an error, never a guessed value).
 */
function post<T>(method: string, params: object = {}): T {
  session ??= (() => {
    const s = new Session();
    s.connect();
    return s;
  })();
  let done = false;
  let result: T | undefined;
  let failure: unknown;
  session.post(method, params, (error, value) => {
    done = true;
    if (error) failure = error;
    else result = value as T;
  });
  if (!done) throw new Error(`node:inspector answered ${method} asynchronously`);
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return result as T;
}

const SCOPE_KINDS: Readonly<Record<string, ScopeKind>> = {
  Local: 'local', Block: 'block', Closure: 'closure', Module: 'module', Script: 'script', Catch: 'catch', Global: 'global',
};

function factsOf(fn: Function): FunctionFacts | undefined {
  const cached = factsCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let facts: FunctionFacts | null = null;
  // a counter, not Math.random: compiling must not draw from a stream the program may be replaying
  const key = `__numbat_scopes_${process.pid}_${++temporaries}`;
  const g = globalThis as Record<string, unknown>;
  g[key] = fn;
  try {
    const evaluated = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: `globalThis[${JSON.stringify(key)}]`, objectGroup: key });
    const objectId = evaluated.result.objectId;
    if (objectId) {
      const props = post<{ internalProperties?: Array<{ name: string; value?: { objectId?: string; value?: { scriptId: string; lineNumber: number; columnNumber: number } } }> }>(
        'Runtime.getProperties',
        { objectId, ownProperties: true },
      );
      const internal = props.internalProperties ?? [];
      const loc = internal.find((p) => p.name === '[[FunctionLocation]]')?.value?.value;
      const scopesId = internal.find((p) => p.name === '[[Scopes]]')?.value?.objectId;
      let scopes: ScopeEntry[] = [];
      if (scopesId) {
        // `this` is the list of `{ description, object }`, each object holding the scope's variables by value.
        post('Runtime.callFunctionOn', { objectId: scopesId, functionDeclaration: `function () { globalThis[${JSON.stringify(key)}] = this; }`, objectGroup: key });
        const list = g[key] as ArrayLike<{ description?: string; object?: Record<string, unknown> }> | undefined;
        scopes = Array.from(list ?? [], (s) => ({
          kind: SCOPE_KINDS[String(s.description ?? '').split(' ')[0]!] ?? 'other',
          values: s.object ?? {},
        }));
      }
      facts = { scopes, location: loc ? { scriptId: loc.scriptId, line: loc.lineNumber, column: loc.columnNumber } : undefined };
    }
  } catch {
    facts = null;
  } finally {
    delete g[key];
    try {
      post('Runtime.releaseObjectGroup', { objectGroup: key });
    } catch {
      // nothing was kept in the group
    }
  }
  factsCache.set(fn, facts);
  return facts ?? undefined;
}

/**
 * The value `name` has outside `fn`, the innermost scope first, as the function itself would read it; the
 * global object last. `undefined` when `fn` cannot see such a name (or the inspector is unavailable).
 *
 * @example
 * ```ts
 * import { outerName } from './closure.js';
 *
 * const K = 3.5;
 * function f(x: number) { return x * K; }
 * outerName(f, 'K'); // → { name: 'K', value: 3.5, scope: 'module' }
 * outerName(f, 'notDefinedAnywhere'); // → undefined
 * ```
 */
export function outerName(fn: Function, name: string): OuterName | undefined {
  const facts = factsOf(fn);
  if (facts) {
    for (const s of facts.scopes) {
      if (s.kind === 'global') continue;
      if (Object.prototype.hasOwnProperty.call(s.values, name)) return { name, value: s.values[name], scope: s.kind };
    }
  }
  if (name in globalThis) return { name, value: (globalThis as Record<string, unknown>)[name], scope: 'global' };
  return undefined;
}

function scriptSource(scriptId: string): string | undefined {
  let source = scriptSources.get(scriptId);
  if (source === undefined) {
    try {
      post('Debugger.enable');
      try {
        source = post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).scriptSource;
      } finally {
        post('Debugger.disable');
      }
    } catch {
      source = null;
    }
    scriptSources.set(scriptId, source);
  }
  return source ?? undefined;
}

/**
 * How `name`, as `fn` sees it, is declared in `fn`'s script, and whether anything in its scope may assign it
 * again; `undefined` when the script or the declaration cannot be found (a caller must then assume the worst).
 *
 * @example
 * ```ts
 * import { declarationOf } from './closure.js';
 *
 * const K = 3.5;
 * function f(x: number) { return x * K; }
 * declarationOf(f, 'K')?.kind; // → 'const'
 * declarationOf(f, 'K')?.reassigned; // → false
 * ```
 */
export function declarationOf(fn: Function, name: string): Declaration | undefined {
  let mine = declarations.get(fn);
  if (!mine) declarations.set(fn, (mine = new Map()));
  let d = mine.get(name);
  if (d === undefined) {
    const facts = factsOf(fn);
    const source = facts?.location ? scriptSource(facts.location.scriptId) : undefined;
    d = facts?.location && source !== undefined
      ? analyzeDeclaration(source, facts.location.line, facts.location.column, Function.prototype.toString.call(fn), name) ?? null
      : null;
    mine.set(name, d);
  }
  return d ?? undefined;
}
const declarations = new WeakMap<Function, Map<string, Declaration | null>>();
