/**
 * What blocks a program, by construct: the first JitError of each blocked program, sorted into the kinds of
 * construct issue 12 counts. The rules are rows of one table (first match wins); a JitError no row knows is
 * counted under its own `construct`, so nothing is hidden when the compiler's messages change.
 */

/** The parts of a JitError a rule looks at. */
export interface Blocker {
  readonly construct: string;
  readonly detail: string;
}

interface Rule {
  readonly kind: string;
  readonly test: (b: Blocker) => boolean;
}

const isGlobal = (name: string): boolean => name in globalThis;
const usedName = (b: Blocker): string | undefined => /^use of (\S+)$/.exec(b.construct)?.[1];

/** The kinds, in the order they are tried. */
export const BLOCKER_RULES: readonly Rule[] = [
  { kind: 'a declaration without an initializer (`let dx;`, `var i, j;`)', test: (b) => /without initiali[sz]er/.test(b.construct) },
  { kind: 'a plain `number[]` or `boolean[]` argument', test: (b) => /^argument \d+$/.test(b.construct) && /plain number\[\]/.test(b.detail) },
  { kind: 'another argument type (object, string, function…)', test: (b) => /^argument \d+$/.test(b.construct) },
  { kind: '`this` (a method of an object or class)', test: (b) => b.construct === 'this' || /`this`/.test(b.detail) },
  { kind: 'a method called on an object (`this.step()`, `obj.f()`)', test: (b) => /does not call methods of objects/.test(b.detail) },
  { kind: 'an object field compiled code cannot use (missing, or holding a string, function…)', test: (b) => /^\.[\w$]+$/.test(b.construct) && /\bfield\b/.test(b.detail) },
  {
    kind: '`new Array(n)`, `Array(…)`, `Array.from`, array methods (`.map`, `.fill`, …)',
    test: (b) => /^new Array|^\.\w+\(\)$|Array\.from/.test(b.construct) || usedName(b) === 'Array',
  },
  { kind: 'a built-in global other than Math (`Number.NaN`, `Infinity`…)', test: (b) => { const n = usedName(b); return n !== undefined && isGlobal(n); } },
  { kind: 'a module-level name (a constant, or a plain function it calls)', test: (b) => usedName(b) !== undefined },
  { kind: 'writing a field or an element of a non-typed array', test: (b) => b.construct === 'assignment' },
  { kind: 'returns of different types (`null`, `undefined`, nothing)', test: (b) => b.construct === 'return' },
  { kind: 'a call with fewer arguments than parameters (optional parameters)', test: (b) => /parameters but was called with/.test(b.detail) },
  { kind: 'a call with more arguments than parameters (extra arguments JS drops)', test: (b) => /but is called with \d+ arguments/.test(b.detail) },
  { kind: '`.length` of a tuple or array literal', test: (b) => b.construct === '.length' },
];

/**
 * The kind of construct a blocker belongs to.
 *
 * @example
 * ```ts
 * blockerKind({ construct: 'this', detail: '…' }); // '`this` (a method of an object or class)'
 * ```
 */
export function blockerKind(b: Blocker): string {
  return BLOCKER_RULES.find((r) => r.test(b))?.kind ?? b.construct;
}
