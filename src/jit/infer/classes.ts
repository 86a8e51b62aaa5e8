/**
 * `new C(…)` of a class defined outside the compiled function (d3's `Adder` beside `fsum`), as numba's
 * `jitclass` constructors: compiled code calls the class's own constructor (`new C(…)` in the generated
 * JavaScript, the class bound by reference), so the caller gets a real instance (`instanceof` holds) built by
 * the same code as in the plain function. Inference needs the instance's fields before it runs, so the
 * constructor must only assign fields of `this` (`this._n = 0;`), each statement one assignment: its fields
 * are then those, in that order, with the types the assignments give them (the constructor is analyzed as a
 * method whose receiver starts with every field unset, `field-facts.ts`). Fields in the class body (`x = 0;`,
 * `y;`) come first, in their order, and a subclass's constructor starts with `super(…)`: the base class's
 * construction, then the subclass's own fields (see `flatten`). Methods of the instance, inherited ones
 * included, resolve through the class's prototype chain (`methods.ts`).
 *
 * Statements before `super(…)` may compute its arguments (`super-prelude.ts`). Refused with a located error:
 * `super(…)` inside a branch, `this` before it, computed or private field names, and any statement after it
 * other than field assignments.
 *
 * @module
 */
import { parse as acornParse } from 'acorn';
import type { Node, ParsedFunction } from '../frontend/parse.js';
import type { AnyFunction } from '../../decorate.js';
import { makeShape, type ObjectField } from '../ops/shapes.js';
import { noteBuilt } from '../ops/proto-fields.js';
import { FLOAT, INT32, describeAV, isI32, typeOf, type AV } from './lattice.js';
import { frozenBinding, globalName, recordFrozen, type OuterEnv } from './outer.js';
import { isPlainRecord } from './outer-objects.js';
import type { State } from './flow.js';
import type { Typing } from './scope.js';
import { splitAtSuper } from './super-prelude.js';

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
  readonly fields: ReadonlyArray<{ readonly name: string; readonly target: Node | undefined }>;
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
  // `new C(…)`, or `new som.Random()` with `const som = { Random }` beside the function (a field of an outside record)
  const holder = callee.type === 'MemberExpression' && !callee.computed && (callee.object as Node).type === 'Identifier' ? (callee.object as Node) : undefined;
  const id = callee.type === 'Identifier' ? callee : holder;
  if (!id || host.isLocal(id.name as string) || !origin || !outer) return undefined;
  const binding = frozenBinding(origin, id, (m, n, c) => host.fail(m, n, c));
  const field = holder && isPlainRecord(binding?.found.value) ? Object.getOwnPropertyDescriptor(binding.found.value, callee.property.name as string) : undefined;
  const C = holder ? field?.value : binding?.found.value;
  if (typeof C !== 'function' || !/^class\b/.test(Function.prototype.toString.call(C))) return undefined;
  const calleeName = holder ? `${holder.name as string}.${callee.property.name as string}` : (callee.name as string);
  const info = classInfo(host, C as AnyFunction, e);
  const args = (e.arguments as Node[]).map((a) => {
    if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
    const v = host.expr(a, state);
    if (v.k !== 'num' && v.k !== 'bool' && v.k !== 'array' && v.k !== 'obj' && v.k !== 'objs') {
      host.fail(`constructors called from compiled code take numbers, booleans, arrays and objects, not ${describeAV(v)}`, a, `argument of new ${calleeName}`);
    }
    return v.k === 'num' ? (isI32(v) ? INT32 : FLOAT) : v;
  });
  const proto = (C as { prototype: object }).prototype;
  let fields: ObjectField[] = info.fields.map((f) => ({ name: f.name, type: null, holds: 'undefined' }));
  if (info.ctor) {
    const unset = makeShape(info.fields.map((f) => ({ name: f.name, type: null, holds: 'undefined' })), proto);
    noteBuilt(unset.token);
    const typing = host.construct(e, info.ctor, args, { k: 'obj', shape: unset });
    fields = info.fields.map((f) => {
      if (!f.target) return { name: f.name, type: null, holds: 'undefined' }; // `y;` in the class body, never assigned
      const v = typing.values.get(f.target);
      if (!v) return host.fail(`internal: the field '${f.name}' of ${C.name} was not inferred`, e, `new ${calleeName}`);
      // `this.next = null`: the field holds null or an instance of this class, a linked list's `next` (numba's
      // `optional(deferred_type)` in a jitclass spec); compiled code may link instances of this shape into it
      if (v.k === 'null') return { name: f.name, type: null, self: true };
      return { name: f.name, type: typeOf(v) };
    });
  }
  recordFrozen(origin, callee, { kind: 'class', name: calleeName, value: C as AnyFunction, global: globalName(C), scope: binding!.found.scope, declared: binding!.declared.kind }, outer);
  const shape = makeShape(fields, proto);
  noteBuilt(shape.token); // no per-call check covers objects made here: their prototype fields are not read
  return { k: 'obj', shape };
}

/** The class's constructor and fields, checked once per class. */
function classInfo(host: ClassHost, C: AnyFunction, at: Node): ClassInfo {
  const known = classes.get(C);
  if (known) return known;
  const flat = flatten(host, C, at);
  const ctor: ParsedFunction | undefined = flat.statements.length || flat.params.length
    ? { name: C.name, params: flat.params, body: { type: 'BlockStatement', body: flat.statements, start: flat.node.start, end: flat.node.end }, expressionBody: false, node: flat.node, source: flat.source, origin: C }
    : undefined;
  const info = { ctor, fields: flat.fields };
  classes.set(C, info);
  return info;
}

/**
 * A class's construction as one list of statements over its constructor's parameters, for inference only (the
 * generated code calls the class itself): a base class's construction first (its parameters bound to the
 * `super(…)` arguments in a block of its own, after the statements before `super(…)`), then the class-body fields in order (`x = 0` as `this.x = 0`; a
 * field without a value holds undefined until the constructor assigns it), then the constructor's own statements.
 * Fields are listed in the order JS defines them, which is the order of the instance's keys.
 */
interface Flat {
  readonly params: Node[];
  readonly statements: Node[];
  readonly fields: Array<{ readonly name: string; readonly target: Node | undefined }>;
  readonly node: Node;
  readonly source: string;
}

const flats = new WeakMap<AnyFunction, Flat>();
let superTemps = 0;

const isClass = (f: unknown): f is AnyFunction => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

function flatten(host: ClassHost, C: AnyFunction, at: Node): Flat {
  const known = flats.get(C);
  if (known) return known;
  const source = Function.prototype.toString.call(C);
  let cls: Node;
  try {
    cls = (acornParse(source, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as Node).body[0] as Node;
  } catch {
    return host.fail(`the class ${C.name || '(anonymous)'} cannot be read from its source (an anonymous class expression?); name the class`, at, `new ${C.name}`);
  }
  if (cls.type !== 'ClassDeclaration') {
    return host.fail(`the class ${C.name || '(anonymous)'} cannot be read from its source (an anonymous class expression?); name the class`, at, `new ${C.name}`);
  }
  const base = cls.superClass ? (Object.getPrototypeOf(C) as unknown) : undefined;
  if (cls.superClass && !isClass(base)) host.fail(`${C.name} extends something other than a class; compiled code constructs classes and their subclasses`, at, `new ${C.name}`);
  const parent = isClass(base) ? flatten(host, base, at) : undefined;
  let ctorNode: Node | undefined;
  const bodyFields: Node[] = [];
  for (const m of cls.body.body as Node[]) {
    if (m.type === 'MethodDefinition' && m.kind === 'constructor') ctorNode = m.value as Node;
    else if (m.type === 'PropertyDefinition' && !m.static) {
      if (m.computed || (m.key as Node).type !== 'Identifier') host.fail(`${C.name} declares a field with a computed or private name in its body; compiled code constructs classes whose fields are plain names`, at, `new ${C.name}`);
      bodyFields.push(m);
    }
  }
  const fields: Array<{ name: string; target: Node | undefined }> = parent ? parent.fields.map((f) => ({ ...f })) : [];
  const statements: Node[] = [];
  const field = (name: string, target: Node | undefined): void => {
    const f = fields.find((x) => x.name === name);
    if (!f) fields.push({ name, target });
    else if (!f.target) f.target = target;
  };
  let own = ctorNode ? [...(ctorNode.body.body as Node[])] : [];
  let params = ctorNode ? (ctorNode.params as Node[]) : [];
  if (parent) {
    // `super(a, b)` first; a subclass without a constructor passes its arguments on (`constructor(...args) { super(...args); }`)
    let superArgs: Node[];
    if (ctorNode) {
      // code before `super(…)` (`const m = mass * k; super(m);`) runs first, in the subclass's scope (super-prelude.ts)
      const { before, call } = splitAtSuper(own, C.name, (m) => host.fail(m, at, `new ${C.name}`));
      statements.push(...before);
      superArgs = call.arguments as Node[];
      own = own.slice(before.length + 1);
    } else {
      params = parent.params;
      superArgs = parent.params;
    }
    const pos = { start: at.start, end: at.end };
    const temps = superArgs.map((arg) => {
      if (arg.type === 'SpreadElement') host.fail(`super(…) with a spread argument is not supported in ${C.name}`, at, `new ${C.name}`);
      return { type: 'Identifier', name: `__numbat_super${superTemps++}`, ...pos } as Node;
    });
    // the arguments in the subclass's scope, then the base's parameters in a block of their own
    superArgs.forEach((arg, i) => statements.push(declare(temps[i]!, arg, pos)));
    const bound = parent.params.map((p, i) => {
      if (p.type !== 'Identifier') host.fail(`the constructor of ${(base as AnyFunction).name || 'the base class'} takes a parameter pattern; compiled code constructs classes with plain parameters`, at, `new ${C.name}`);
      return declare(p, i < temps.length ? temps[i]! : ({ type: 'Identifier', name: 'undefined', ...pos } as Node), pos);
    });
    statements.push({ type: 'BlockStatement', body: [...bound, ...parent.statements], ...pos } as Node);
  }
  for (const m of bodyFields) {
    const name = m.key.name as string;
    if (!m.value) {
      field(name, undefined);
      continue;
    }
    const target = { type: 'MemberExpression', object: { type: 'ThisExpression', start: m.start, end: m.start }, property: m.key, computed: false, optional: false, start: m.start, end: m.end } as Node;
    statements.push({ type: 'ExpressionStatement', expression: { type: 'AssignmentExpression', operator: '=', left: target, right: m.value, start: m.start, end: m.end }, start: m.start, end: m.end } as Node);
    field(name, target);
  }
  for (const s of own) {
    const a = s.type === 'ExpressionStatement' ? (s.expression as Node) : undefined;
    const target = a?.type === 'AssignmentExpression' && a.operator === '=' ? (a.left as Node) : undefined;
    if (!target || target.type !== 'MemberExpression' || (target.object as Node).type !== 'ThisExpression' || target.computed || (target.property as Node).type !== 'Identifier') {
      host.fail(
        `the constructor of ${C.name} may only assign fields (this.x = …;), one per statement, for compiled code to know the instance's fields; this statement does more (construct it outside and pass it, or move the rest into a method)`,
        at,
        `new ${C.name}`,
      );
    }
    statements.push(s);
    field(target.property.name as string, target);
  }
  const flat: Flat = { params, statements, fields, node: ctorNode ?? cls, source };
  flats.set(C, flat);
  return flat;
}

/** `let id = init;` as a node (positions `pos`: the synthetic statements of {@link flatten} point at the `new`). */
function declare(id: Node, init: Node, pos: { start: number; end: number }): Node {
  return { type: 'VariableDeclaration', kind: 'let', declarations: [{ type: 'VariableDeclarator', id, init, ...pos }], ...pos } as Node;
}
