/**
 * `new C(…)` of a class defined outside the compiled function (d3's `Adder` beside `fsum`), as numba's
 * `jitclass` constructors: compiled code calls the class's own constructor (`new C(…)` in the generated
 * JavaScript, the class bound by reference), so the caller gets a real instance (`instanceof` holds) built by
 * the same code as in the plain function. Inference needs the instance's fields before it runs, so the
 * constructor must only assign fields of `this` (`this._n = 0;`), each statement one assignment: its fields
 * are then those, in that order, with the types the assignments give them (the constructor is analyzed as a
 * method whose receiver starts with every field unset, `field-facts.ts`). Methods of the instance resolve
 * through the class's prototype (`methods.ts`).
 *
 * Refused with a located error: a class that extends another (its fields come from elsewhere), class fields in
 * the class body, and any other statement in the constructor.
 *
 * @module
 */
import { parse as acornParse } from 'acorn';
import type { Node, ParsedFunction } from '../frontend/parse.js';
import type { AnyFunction } from '../../decorate.js';
import { makeShape, type ObjectField } from '../ops/shapes.js';
import { FLOAT, INT32, describeAV, isI32, typeOf, type AV } from './lattice.js';
import { frozenBinding, globalName, recordFrozen, type OuterEnv } from './outer.js';
import type { State } from './flow.js';
import type { Typing } from './scope.js';

/**
 * What these rules need from the analysis.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newOuterEnv } from './outer.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * class Counter {
 *   declare n: number; // `declare`: a class-body field would be refused
 *   constructor(start: number) {
 *     this.n = start;
 *   }
 * }
 * function make(k: number) {
 *   return new Counter(k);
 * }
 * const env = newEnv(() => undefined);
 * env.outer = newOuterEnv(undefined); // outside names (the class) are looked up
 * // The analysis, as the ClassHost, calls constructInstance at `new Counter(k)`:
 * describeAV(inferFunction(parseFunction(make), [{ kind: 'f64' }], env).returns); // → '{n:f64}@Counter…'
 * ```
 */
export interface ClassHost {
  /** Infers an expression. */
  expr(e: Node, state: State): AV;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
  /** Whether a name is declared inside the compiled function. */
  isLocal(name: string): boolean;
  /** The function being compiled (its outside names are looked up through it), and the compilation's outside names. */
  origin(): AnyFunction | undefined;
  outer(): OuterEnv | undefined;
  /** Specializes a constructor as a method receiving `receiver` (recorded for `node`, the `new` expression). */
  construct(node: Node, ctor: ParsedFunction, args: readonly AV[], receiver: AV): Typing;
}

interface ClassInfo {
  /** The constructor as a function (undefined: the class has none). */
  readonly ctor: ParsedFunction | undefined;
  /** Field names in order of their first assignment, and that assignment's target node. */
  readonly fields: ReadonlyArray<{ readonly name: string; readonly target: Node }>;
}

const classes = new WeakMap<AnyFunction, ClassInfo>();

/**
 * The instance `new C(…)` makes when `C` is a class from outside the function; undefined when the callee is
 * something else (the caller's rules and errors apply).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newOuterEnv } from './outer.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * class Counter {
 *   declare n: number; // `declare`: a class-body field would be refused
 *   constructor(start: number) {
 *     this.n = start;
 *   }
 * }
 * function make(k: number) {
 *   return new Counter(k);
 * }
 * const env = newEnv(() => undefined);
 * env.outer = newOuterEnv(undefined); // outside names (the class) are looked up
 * // The analysis, as the ClassHost, calls constructInstance at `new Counter(k)`:
 * describeAV(inferFunction(parseFunction(make), [{ kind: 'f64' }], env).returns); // → '{n:f64}@Counter…'
 * ```
 */
export function constructInstance(host: ClassHost, e: Node, state: State): AV | undefined {
  const callee = e.callee as Node;
  const origin = host.origin();
  const outer = host.outer();
  if (callee.type !== 'Identifier' || host.isLocal(callee.name as string) || !origin || !outer) return undefined;
  const binding = frozenBinding(origin, callee, (m, n, c) => host.fail(m, n, c));
  const C = binding?.found.value;
  if (typeof C !== 'function' || !/^class\b/.test(Function.prototype.toString.call(C))) return undefined;
  const info = classInfo(host, C as AnyFunction, e);
  const args = (e.arguments as Node[]).map((a) => {
    if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
    const v = host.expr(a, state);
    if (v.k !== 'num' && v.k !== 'bool' && v.k !== 'array' && v.k !== 'obj' && v.k !== 'objs') {
      host.fail(`constructors called from compiled code take numbers, booleans, arrays and objects, not ${describeAV(v)}`, a, `argument of new ${callee.name as string}`);
    }
    return v.k === 'num' ? (isI32(v) ? INT32 : FLOAT) : v;
  });
  const proto = (C as { prototype: object }).prototype;
  let fields: ObjectField[] = [];
  if (info.ctor) {
    const unset = makeShape(info.fields.map((f) => ({ name: f.name, type: null, holds: 'undefined' })), proto);
    const typing = host.construct(e, info.ctor, args, { k: 'obj', shape: unset });
    fields = info.fields.map((f) => {
      const v = typing.values.get(f.target);
      if (!v) return host.fail(`internal: the field '${f.name}' of ${C.name} was not inferred`, e, `new ${callee.name as string}`);
      return { name: f.name, type: typeOf(v) };
    });
  }
  recordFrozen(origin, callee, { kind: 'class', name: callee.name as string, value: C as AnyFunction, global: globalName(C), scope: binding!.found.scope, declared: binding!.declared.kind }, outer);
  return { k: 'obj', shape: makeShape(fields, proto) };
}

/** The class's constructor and fields, checked once per class. */
function classInfo(host: ClassHost, C: AnyFunction, at: Node): ClassInfo {
  const known = classes.get(C);
  if (known) return known;
  const source = Function.prototype.toString.call(C);
  let cls: Node;
  try {
    cls = (acornParse(source, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as Node).body[0] as Node;
  } catch {
    return host.fail(`the class ${C.name || '(anonymous)'} cannot be read from its source (an anonymous class expression?); name the class`, at, `new ${C.name}`);
  }
  if (cls.superClass) host.fail(`${C.name} extends another class; compiled code constructs classes without a base class (their fields are known from their own constructor)`, at, `new ${C.name}`);
  let ctorNode: Node | undefined;
  for (const m of cls.body.body as Node[]) {
    if (m.type === 'MethodDefinition' && m.kind === 'constructor') ctorNode = m.value as Node;
    else if (m.type === 'PropertyDefinition' && !m.static) {
      host.fail(`${C.name} declares fields in the class body; compiled code constructs classes whose constructor assigns every field (this.x = …)`, at, `new ${C.name}`);
    }
  }
  const fields: Array<{ name: string; target: Node }> = [];
  for (const s of ctorNode ? (ctorNode.body.body as Node[]) : []) {
    const a = s.type === 'ExpressionStatement' ? (s.expression as Node) : undefined;
    const target = a?.type === 'AssignmentExpression' && a.operator === '=' ? (a.left as Node) : undefined;
    if (!target || target.type !== 'MemberExpression' || (target.object as Node).type !== 'ThisExpression' || target.computed || (target.property as Node).type !== 'Identifier') {
      host.fail(
        `the constructor of ${C.name} may only assign fields (this.x = …;), one per statement, for compiled code to know the instance's fields; this statement does more (construct it outside and pass it, or move the rest into a method)`,
        at,
        `new ${C.name}`,
      );
    }
    const name = target.property.name as string;
    if (!fields.some((f) => f.name === name)) fields.push({ name, target });
  }
  const ctor: ParsedFunction | undefined = ctorNode
    ? { name: C.name, params: ctorNode.params as Node[], body: ctorNode.body as Node, expressionBody: false, node: ctorNode, source, origin: C }
    : undefined;
  const info = { ctor, fields };
  classes.set(C, info);
  return info;
}
