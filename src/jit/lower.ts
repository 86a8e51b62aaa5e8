/**
 * Stage 3: the typed AST to the IR (see `ir.ts`). Every decision about types was made by inference
 * (`infer/`); this stage makes conversions explicit, evaluates destructured and compound-assigned operands
 * once, and turns every loop form into the one IR loop. Language rules it shares with inference (Math,
 * operators, constants) are rows of `ops/`.
 *
 * One `Lowering` object per function, with one method per AST construct (the mirror of `infer/analyze.ts`).
 * This file holds the object, its shared helpers (coercion, temporaries, bindings, bounds proofs) and the
 * statements; the other constructs are methods written in their own files, as acorn's parser is:
 * `lower/expressions.ts`, `lower/calls.ts`, `lower/effects.ts` (assignments) and `lower/for-of.ts` (for…of,
 * prange), which `Lowering` delegates to by name. Objects, callbacks, buffers, labels and the statement rules
 * of `infer/statements.ts` are the `lower-*.ts` files, reached through host interfaces.
 *
 * @module
 */
import type { Node } from './frontend/parse.js';
import { JitError } from './errors.js';
import { typeOf, elementAV, type AV } from './infer/lattice.js';
import type { Binding, Typing } from './infer/scope.js';
import { RowBoundProofs } from './passes/bounds.js';
import { startsUnset } from './infer/unset.js';
import { isNullPlaceholder } from './infer/null-init.js';
import { lowerLabelled } from './lower/labels.js';
import { F64, I32, BOOL, isArrayType, sameType, typeName, type Type } from './types.js';
import { isNullableRead } from './infer/field-null.js';
import { absentReturn, absentValue, defaultParams, lowerSwitch, lowerThrow, topDeclaration, type NullishHost, type SequenceHost, type SwitchLowerHost } from './lower/statements.js';
import type { Expr, IRFunction, IRModule, Param, Stmt, CompareOperator } from './ir.js';
import type { ObjectLowerHost } from './lower/objects.js';
import { countedPrange, type PrangeCall } from './infer/prange.js';
import type { CallbackLowerHost } from './lower/callbacks.js';
import type { BufferLowerHost } from './lower/buffers.js';
import { forOfRules } from './lower/for-of.js';
import { effectRules, reachedEffect } from './lower/effects.js';
import { callRules } from './lower/calls.js';
import { expressionRules } from './lower/expressions.js';


/**
 * Lowers every specialization of one compilation (callees first, the entry last) into an IR module.
 *
 * @example
 * ```ts
 * import { parseFunction } from './frontend/parse.js';
 * import { newEnv } from './infer/scope.js';
 * import { inferFunction } from './infer/specialize.js';
 * import { lowerModule } from './lower.js';
 *
 * const env = newEnv(() => undefined);
 * const entry = inferFunction(parseFunction('function twice(x) { return 2 * x; }'), [{ kind: 'f64' }], env);
 * lowerModule(env.order, entry).functions.map((f) => f.name); // → [ 'twice' ]
 * ```
 */
export function lowerModule(order: readonly Typing[], entry: Typing): IRModule {
  // Only what the entry reaches: earlier inference rounds may have specialized callees nobody calls now.
  const reachable = new Set<Typing>();
  const visit = (t: Typing): void => {
    if (reachable.has(t)) return;
    reachable.add(t);
    for (const c of t.calls.values()) visit(c);
  };
  visit(entry);
  const functions = order.filter((t) => reachable.has(t) && t !== entry).map((t) => new Lowering(t).run());
  functions.push(new Lowering(entry, true).run());
  return { entry: entry.irName, functions };
}

export class Lowering implements NullishHost, SequenceHost, SwitchLowerHost {
  private readonly locals = new Map<string, Type>();
  private readonly used: Set<string>;
  private returnType: Type;
  usesRandom = false;
  /** The object rules' view of this lowering (`lower/objects.ts`). */
  readonly objects: ObjectLowerHost = {
    expr: (n) => this.expr(n), typeAt: (n) => this.typeAt(n), coerce: (e, t, at) => this.coerce(e, t, at),
    once: (e, out, base) => this.once(e, out, base), arith: (...a) => this.arith(...a), fail: (m, n, c) => this.fail(m, n, c),
    receiver: () => this.t.thisParam?.unique,
  };
  /** The callback rules' view of this lowering (`lower/callbacks.ts`). */
  readonly callbacks: CallbackLowerHost = {
    expr: (n) => this.expr(n), typeAt: (n) => this.typeAt(n), stmts: (l) => this.stmts(l), coerce: (e, t, at) => this.coerce(e, t, at),
    param: (id) => { const b = this.binding(id); this.locals.set(b.unique, this.bindingType(b)); return b.unique; },
    returning: (type, body) => { const saved = this.returnType; this.returnType = type; try { return body(); } finally { this.returnType = saved; } },
  };
  /** The buffer rules' view of this lowering (`lower/buffers.ts`). */
  readonly buffers: BufferLowerHost = {
    expr: (n) => this.expr(n), typeAt: (n) => this.typeAt(n), avAt: (n) => this.t.values.get(n), isLocal: (id) => this.t.refs.has(id),
  };
  /** Temporaries of assignments inside expressions, declared once at the top (an expression cannot declare). */
  private readonly atTop: Stmt[] = [];

  /** `entry`: the function the caller invoked, whose parameters the dispatcher checked (`lower/calls.ts`). */
  constructor(readonly t: Typing, readonly entry = false) {
    this.used = new Set(t.bindings.map((b) => b.unique));
    this.returnType = typeOf(t.returns);
  }

  fail(message: string, node: Node, construct: string): never {
    throw new JitError(message, { construct, span: { start: node.start, end: node.end }, source: this.t.parsed.source, functionName: this.t.parsed.name || undefined, origin: this.t.parsed.origin });
  }

  run(): IRFunction {
    const params: Param[] = (this.t.thisParam ? [this.t.thisParam, ...this.t.params] : this.t.params).map((b) => ({ name: b.unique, type: this.bindingType(b) }));
    const paramNames = new Set(params.map((p) => p.name));
    const body: Stmt[] = [];
    // `var`s are function-scoped: declared once at the top (inference proved every read follows an assignment).
    // Objects, arrays (of rows too: `var ret; … ret = Array(p)`), buffers and tuples are undefined until the first
    // write: there is no zero of their type.
    for (const b of this.t.bindings) {
      if (b.kind !== 'var' || paramNames.has(b.unique) || !b.value) continue;
      const scalar = ['num', 'bool', 'numbool', 'row'].includes(b.value.k);
      if (!scalar && !['obj', 'objs', 'array', 'buffer', 'tuple'].includes(b.value.k) && !(b.value.k === 'matrix' && b.value.layout === 'nested')) continue;
      const type = this.bindingType(b);
      this.locals.set(b.unique, type);
      body.push({ kind: 'declare', name: b.unique, init: scalar && !startsUnset(b.decl) ? zeroOf(type) : { op: 'unset', type } });
    }
    body.push(...defaultParams(this, this.t, (e, type, at) => this.coerce(e, type, at)));
    if (this.t.parsed.expressionBody) {
      body.push({ kind: 'return', value: this.coerce(this.expr(this.t.parsed.body), this.returnType, this.t.parsed.body) });
    } else {
      body.push(...this.stmts(this.t.parsed.body.body as Node[]));
      // falling off the end returns undefined beside other returns: said explicitly, for backends without it
      const last = body[body.length - 1];
      if (this.t.absentReturns?.has('undefined') && last?.kind !== 'return' && last?.kind !== 'throw') body.push({ kind: 'return', value: absentReturn(this.returnType, 'undefined') });
    }
    return {
      name: this.t.irName,
      params,
      locals: [...this.locals].filter(([n]) => !paramNames.has(n)).map(([name, type]) => ({ name, type })),
      returnType: this.returnType,
      body: this.atTop.length ? [...this.atTop, ...body] : body,
      usesRandom: this.usesRandom,
    };
  }

  // ------------------------------------------------------------------------------------------- helpers

  bindingType(b: Binding): Type {
    if (!b.value) return F64;
    return typeOf(b.value);
  }

  typeAt(node: Node): Type {
    const v = this.t.values.get(node);
    if (!v) this.fail('internal: no type was inferred for this expression', node, 'expression');
    return typeOf(v);
  }

  avAt(node: Node): AV {
    return this.t.values.get(node)!;
  }

  declareAtTop(name: string, type: Type): void {
    this.atTop.push(topDeclaration(name, type));
  }

  localOf(id: Node): Expr {
    const b = this.binding(id);
    return { op: 'local', type: this.bindingType(b), name: b.unique };
  }

  temp(base: string, type: Type): string {
    let name = `$${base}`;
    for (let n = 1; this.used.has(name); n++) name = `$${base}${n}`;
    this.used.add(name);
    this.locals.set(name, type);
    return name;
  }

  binding(id: Node): Binding {
    const b = this.t.refs.get(id) ?? this.t.decls.get(id);
    if (!b) this.fail(`internal: '${id.name}' was not resolved`, id, id.name);
    return b;
  }

  /** Converts `e` to `type`: numeric conversions are explicit, rows and tuples are retyped. */
  coerce(e: Expr, type: Type, at: Node): Expr {
    if (sameType(e.type, type)) return e;
    if (e.type.kind === 'i32' && type.kind === 'f64') {
      if (e.op === 'const') return { op: 'const', type: F64, value: e.value };
      return { op: 'convert', type: F64, arg: e };
    }
    if (e.type.kind === 'f64' && type.kind === 'i32') return { op: 'convert', type: I32, arg: e };
    // a boolean (or number-or-boolean, infer/num-or-bool.ts) is converted to a number as JS does; a union holds both
    if ((e.type.kind === 'numbool' || e.type.kind === 'bool') && (type.kind === 'f64' || type.kind === 'i32')) return this.coerce({ op: 'convert', type: F64, arg: e }, type, at);
    if (type.kind === 'numbool' && (e.type.kind === 'i32' || e.type.kind === 'f64' || e.type.kind === 'bool')) return { op: 'convert', type, arg: e };
    if (type.kind === 'row' && (e.type.kind === 'row' || e.type.kind === 'null')) {
      if (e.op === 'nullRow' || e.type.kind === 'null') return { op: 'nullRow', type };
      return retype(e, type);
    }
    // an object where an object or null is kept (a list's `next`), or the `null` itself; the other way where
    // inference narrowed it (`if (top === null) throw …; return top;`), as rows
    if (type.kind === 'object' && type.nullable && e.type.kind === 'null') return { op: 'nullRow', type };
    if ((type.kind === 'object' || type.kind === 'objects') && e.type.kind === type.kind && type.shape.token === e.type.shape.token) return retype(e, type);
    if (type.kind === 'tuple' && e.op === 'tuple') {
      return { op: 'tuple', type, items: e.items.map((item, i) => this.coerce(item, type.items[i]!, at)) };
    }
    if (type.kind === 'tuple' && e.type.kind === 'tuple') return retype(e, type);
    if (type.kind === 'array' && e.type.kind === 'array' && type.element === e.type.element) return e;
    if (type.kind === 'array' && type.element === 'num' && e.type.kind === 'row' && !e.type.nullable) return retype(e, type); // the row object itself (infer/rows.ts rowArgument)
    if (type.kind === 'matrix' && e.type.kind === 'matrix') return e;
    return this.fail(`internal: cannot convert ${e.type.kind} to ${type.kind}`, at, 'conversion');
  }

  toBool(e: Expr): Expr {
    if (e.type.kind === 'bool') return e;
    if (isArrayType(e.type)) return { op: 'const', type: BOOL, value: true }; // always truthy (infer/array-tests.ts)
    if (e.type.kind === 'row') return { op: 'unary', type: BOOL, operator: 'not', arg: { op: 'typeTest', type: BOOL, arg: e, is: 'nullish' } }; // a hole is undefined; Wasm refuses typeTest
    return { op: 'truthy', type: BOOL, arg: e };
  }

  cond(node: Node): Expr {
    if (isNullableRead(node)) return { op: 'compare', type: BOOL, operator: 'ne', left: this.expr(node), right: { op: 'nullRow', type: { kind: 'null' } } }; // `if (this.out)`, infer/field-null.ts
    return this.toBool(this.expr(node));
  }

  /** An expression safe to evaluate twice: locals and constants as they are, anything else into a temp. */
  once(e: Expr, out: Stmt[], base: string, always = false): Expr {
    if ((e.op === 'local' && !always) || e.op === 'const') return e;
    const name = this.temp(base, e.type);
    out.push({ kind: 'declare', name, init: e });
    return { op: 'local', type: e.type, name };
  }

  // ------------------------------------------------------------------------------------- bounds proofs

  /** Loop facts `i < rows(m)` that hold throughout the body being lowered (their owner: passes/bounds.ts). */
  private readonly rowBounds = new RowBoundProofs();

  /**
   * Lowers a loop body knowing its test. `for (let i = …; i < points.length; i++)` with `i` not assigned in
   * the body proves `i < rows(points)` everywhere in the body (rows cannot change during a call), so
   * `points[i]` needs no bounds check when `i` is also known to be non-negative.
   */
  private bounded(test: Node | null, body: Node): Stmt[] {
    return this.rowBounds.within(this.t, test, body, () => this.body(body));
  }

  /** Whether `index` (an identifier) is proved to be a valid row of `matrix` here. */
  provenRow(index: Node, matrix: string): boolean {
    return this.rowBounds.proves(this.t, index, matrix);
  }

  // ---------------------------------------------------------------------------------------- statements

  stmts(list: readonly Node[]): Stmt[] {
    const out: Stmt[] = [];
    for (const s of list) if (this.t.reached.has(s)) this.stmt(s, out);
    return out;
  }

  body(node: Node): Stmt[] {
    return this.stmts(node.type === 'BlockStatement' ? (node.body as Node[]) : [node]);
  }

  private stmt(s: Node, out: Stmt[]): void {
    const span = { start: s.start, end: s.end };
    switch (s.type) {
      case 'VariableDeclaration':
        for (const d of s.declarations as Node[]) {
          if (!d.init || isNullPlaceholder(d.id)) { // a `null` nothing reads (infer/null-init.ts) is as good as none
            if (s.kind !== 'var') this.declareUnset(d.id, out);
            continue; // `var`s are declared at the top; `var x;` again keeps the value
          }
          if (d.init.type === 'ArrowFunctionExpression' || d.init.type === 'FunctionExpression') continue;
          this.bind(d.id, this.expr(d.init), out, s.kind === 'var', d);
        }
        return;
      case 'FunctionDeclaration':
      case 'EmptyStatement':
        return;
      case 'ExpressionStatement':
        this.effect(s.expression, out, span);
        return;
      case 'BlockStatement':
        out.push(...this.stmts(s.body as Node[]));
        return;
      case 'IfStatement': {
        if (!this.t.values.has(s.test)) return; // never analyzed: unreachable
        const cond = this.cond(s.test);
        out.push({ kind: 'if', cond, then: this.body(s.consequent), else: s.alternate ? this.body(s.alternate) : [] });
        return;
      }
      case 'ForStatement': {
        const counted = countedPrange(s, (id) => this.t.refs.has(id), (m, at, c) => this.fail(m, at, c));
        if (counted) return this.prange(counted.id, counted.kind, counted.range, s.body, s, out);
        const init: Stmt[] = [];
        if (s.init) {
          if (s.init.type === 'VariableDeclaration') this.stmt(s.init, init);
          else this.effect(s.init, init, span);
        }
        const continuing: Stmt[] = [];
        if (s.update && reachedEffect(this.t, s.update)) this.effect(s.update, continuing, span);
        const loop: Stmt = { kind: 'loop', test: s.test ? this.cond(s.test) : null, body: this.bounded(s.test, s.body), continuing, postTest: null };
        // The init's declarations are scoped to the loop: an `if (true)` block keeps them there.
        if (init.length) out.push({ kind: 'if', cond: { op: 'const', type: BOOL, value: true }, then: [...init, loop], else: [] });
        else out.push(loop);
        return;
      }
      case 'WhileStatement':
        out.push({ kind: 'loop', test: this.cond(s.test), body: this.bounded(s.test, s.body), continuing: [], postTest: null });
        return;
      case 'DoWhileStatement':
        out.push({ kind: 'loop', test: null, body: this.body(s.body), continuing: [], postTest: this.cond(s.test) });
        return;
      case 'ForOfStatement':
        this.forOf(s, out);
        return;
      case 'BreakStatement':
        out.push(s.label ? { kind: 'break', label: s.label.name as string } : { kind: 'break' });
        return;
      case 'ContinueStatement':
        out.push(s.label ? { kind: 'continue', label: s.label.name as string } : { kind: 'continue' });
        return;
      case 'LabeledStatement':
        lowerLabelled({ stmt: (x, o) => this.stmt(x, o), temp: (b, t) => this.temp(b, t) }, s, out); // lower/labels.ts
        return;
      case 'ReturnStatement': {
        const absent = absentValue(s.argument ? this.avAt(s.argument) : undefined, this.returnType);
        const span = { start: s.start, end: s.end };
        if (absent) out.push({ kind: 'return', value: absentReturn(this.returnType, absent), span });
        else out.push({ kind: 'return', value: s.argument ? this.coerce(this.expr(s.argument), this.returnType, s.argument) : null, span });
        return;
      }
      case 'ThrowStatement':
        out.push(lowerThrow(this, s));
        return;
      case 'SwitchStatement':
        lowerSwitch(this, s, out);
        return;
      default:
        this.fail(`${s.type} is not supported`, s, s.type);
    }
  }

  /**
   * `let x;`. A read that may come before any write sees JS's `undefined`, which only scalars carry (`infer/unset.ts`
   * refuses it for others); otherwise nothing is seen before a write: a scalar's zero, or `undefined` (arrays, tuples,
   * objects, and the `null` placeholders of `infer/null-init.ts`).
   */
  private declareUnset(id: Node, out: Stmt[]): void {
    const b = this.binding(id);
    if (!b.value) return; // never written, so never read
    const type = this.bindingType(b);
    const scalar = type.kind === 'i32' || type.kind === 'f64' || type.kind === 'bool' || type.kind === 'numbool' || type.kind === 'row';
    const placeholder = isNullPlaceholder(b.decl); // flow proved no read before a write: JS's `null` is never seen
    if (!scalar && !placeholder && startsUnset(b.decl)) this.fail(`internal: '${b.name}' holds ${typeName(type)} and may be read before it is assigned`, id, 'declaration without initializer');
    this.locals.set(b.unique, type);
    const init: Expr = placeholder || !scalar || startsUnset(b.decl) ? { op: 'unset', type } : zeroOf(type);
    out.push({ kind: 'declare', name: b.unique, init, span: { start: id.start, end: id.end } });
  }

  /** `let x = v`, `var x = v` or `const [a, b] = v`. */
  bind(id: Node, value: Expr, out: Stmt[], isVar: boolean, at: Node): void {
    if (id.type === 'Identifier') {
      const b = this.binding(id);
      const type = this.bindingType(b);
      const init = this.coerce(value, type, at);
      if (b.kind === 'param' || ((isVar || b.kind === 'var') && this.locals.has(b.unique))) out.push({ kind: 'assign', name: b.unique, value: init, span: at });
      else {
        this.locals.set(b.unique, type);
        out.push({ kind: 'declare', name: b.unique, init, span: at });
      }
      return;
    }
    const source = this.once(value, out, 'd');
    (id.elements as (Node | null)[]).forEach((el, i) => {
      if (el) this.bind(el, this.elementAt(source, i, el), out, isVar, at);
    });
  }

  elementAt(source: Expr, i: number, at: Node): Expr {
    const k: Expr = { op: 'const', type: I32, value: i };
    const t = source.type;
    if (t.kind === 'row') return { op: 'rowGet', type: F64, matrix: t.matrix, row: source, col: k };
    if (t.kind === 'array') return { op: 'load', type: typeOf(elementAV(t.element)), element: t.element, array: source, index: k };
    if (t.kind === 'tuple') return { op: 'tupleGet', type: t.items[i]!, tuple: source, index: i };
    return this.fail('internal: cannot destructure this value', at, 'destructuring');
  }

  forOf(s: Node, out: Stmt[]): void { return forOfRules.forOf.call(this, s, out); }

  prange(id: Node, kind: string, range: PrangeCall, loopBody: Node, s: Node, out: Stmt[]): void { return forOfRules.prange.call(this, id, kind, range, loopBody, s, out); }

  // ------------------------------------------------------------------------------------------- effects

  effect(e: Node, out: Stmt[], span: { start: number; end: number }): void { return effectRules.effect.call(this, e, out, span); }

  assign(e: Node, op: string, right: Node, out: Stmt[], recordAt: Node): void { return effectRules.assign.call(this, e, op, right, out, recordAt); }

  // ---------------------------------------------------------------------------------------- expressions

  expr(e: Node): Expr { return expressionRules.expr.call(this, e); }

  compare(operator: CompareOperator, l: Expr, r: Expr, e: Node): Expr { return expressionRules.compare.call(this, operator, l, r, e); }

  arith(op: string, l: Expr, r: Expr, type: Type, rightNode: Node, e: Node): Expr { return expressionRules.arith.call(this, op, l, r, type, rightNode, e); }

  member(e: Node): Expr { return expressionRules.member.call(this, e); }

  call(e: Node): Expr { return callRules.call.call(this, e); }

  callTo(e: Node, target: Typing, type: Type, receiver?: Expr): Expr { return callRules.callTo.call(this, e, target, type, receiver); }

  arrayOf(e: Node): Expr { return callRules.arrayOf.call(this, e); }

  mayBeUndefined(e: Expr): boolean { return callRules.mayBeUndefined.call(this, e); }

  math(name: string, args: Node[], type: Type, e: Node): Expr { return callRules.math.call(this, name, args, type, e); }
}

function retype(e: Expr, type: Type): Expr {
  return { ...e, type } as Expr;
}

function zeroOf(type: Type): Expr {
  if (type.kind === 'bool' || type.kind === 'numbool') return { op: 'const', type, value: false };
  if (type.kind === 'row') return { op: 'nullRow', type };
  return { op: 'const', type: type.kind === 'i32' ? I32 : F64, value: 0 };
}
