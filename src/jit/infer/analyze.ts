/**
 * The walker of type inference: abstract interpretation of one function's AST from its arguments' values.
 * Each variable gets one type, the join of every value assigned to it (numba's unification). Loops run to a
 * fixed point (widening after a few rounds), and loop conditions narrow their counters (`flow.ts`), so a
 * counter bounded by a length stays `i32` while a Collatz-style value that grows without a bound becomes `f64`.
 *
 * Over 400 lines on purpose: one class, one method per construct (statements, then expressions), which share
 * the walk's state; the rules it applies live in `lattice.ts`, `flow.ts` and the `ops/` tables.
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import { JitError } from '../errors.js';
import { ELEMENT_BY_NAME, type Type } from '../types.js';
import { mathRow } from '../ops/math.js';
import { foldConstant } from '../ops/constants.js';
import { ARRAY2D_METHOD_NAMES, array2dMethod } from '../ops/array2d.js';
import { BINARY_OPERATORS, COMPARE_OPERATORS, UNARY_OPERATORS, binaryOperator, compareOperator, unaryOperator } from '../ops/operators.js';
import { asNumber, unionComparison } from './num-or-bool.js';
import { BOOLV, FALSEV, FLOAT, INT32, INT_MAX, MAX_LENGTH, constAV, describeAV, elementAV, isI32, joinAV, numAV, type AV, type Callee } from './lattice.js';
import { Scope, type Binding, type InferEnv, type Typing } from './scope.js';
import { decidedByConstants, joinAll, joinStates, refine, statesEqual, store, widen, type FlowHost, type State } from './flow.js';
import { inferFunction, paramName } from './specialize.js';
import { resolveOuter } from './outer.js';
import { outerField } from './outer-objects.js';
import { markArrayReturns } from './returns.js';
import { readBeforeWrite, unreadMessage, unsetConflict } from './unset.js';
import { isNullPlaceholder, nullConflict, nullPlaceholder } from './null-init.js';
import { ownName } from './own-name.js';
import { arrayIdentity, arrayTruthRefusal, isArrayValue } from './array-tests.js';
import { jumpTarget, labelledStatement, loopFrameLabels, type LabelHost } from './labels.js';
import { freeNameMessage, globalCall, globalValue, type GlobalHost } from './globals.js';
import { staticKey } from '../ops/shapes.js';
import { elementRead, fieldRead, fieldWrite, forOfItem, methodCall, objectLiteral, thisValue } from './objects.js';
import { inferThrow, inferTypeTest, typeTestOf, bindParams, joinReturn, hasAssignment, mergeBranches, logicalAssignment, inferNullish, booleanBitwise, inferSwitch, type JumpFrame, type SwitchHost } from './statements.js';
import { adoptBooleans, arrayCall, arrayConstruction, arrayLiteral, becomeBooleans, isFreshArray, markArrayLiteral, noteMadeArray, type ArrayHost } from './arrays.js';
import { countedPrange, prangeCall, prangeIndex, type PrangeCall } from './prange.js';
import { bufferConstruction, bufferProperty } from './buffers.js';
import { isRowsReceiver, rowArgument, rowsCallbackCall, rowsMethodCall, rowStore } from './rows.js';
import { arrayFrom, callbackCall, isCallbackMethod, type CallbackHost, type CallbackRun } from './callbacks.js';
import { objectsCallbackCall } from './object-callbacks.js';
import { methodCallee, receiverBinding } from './methods.js';
import { fieldId, isFieldBinding, mayReachReceiver, receiverAt, trackedRead, trackedWrite, type FieldFactsHost } from './field-facts.js';
import { forgetNarrowed, isNullableRead, markNullTest } from './field-null.js';
import { noteFilledRows } from './filled-rows.js';
import { constructInstance, type ClassHost } from './classes.js';
import { noteFieldArray, objectPush, objectStore, staysEmpty, storesFirst } from './object-arrays.js';
import { mathValue } from './functions.js';
import { stringOperator } from './strings.js';

const TYPED_ARRAY_NAMES = new Set(Object.keys(ELEMENT_BY_NAME));

const ones = new WeakMap<Node, Node>();
/**
 * The literal `1` that `x++` adds: one node per update expression, shared by inference and lowering.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { syntheticOne } from './analyze.js';
 *
 * const update = parseFunction('(i) => i++').body;
 * syntheticOne(update).value; // → 1
 * syntheticOne(update) === syntheticOne(update); // → true
 * ```
 */
export function syntheticOne(update: Node): Node {
  let one = ones.get(update);
  if (!one) ones.set(update, (one = { type: 'Literal', value: 1, raw: '1', start: update.start, end: update.end }));
  return one;
}

type LoopFrame = JumpFrame;

/**
 * One analysis round of one function (see the module comment); {@link inferFunction} drives the rounds.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { Analysis } from './analyze.js';
 * import { FLOAT, describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 *
 * // One round, with the argument's value as the analysis sees it (inferFunction runs the rounds for you).
 * const half = parseFunction('function half(x) { return x / 2; }');
 * const typing = new Analysis(half, [FLOAT], newEnv(() => undefined), undefined, new Set()).run();
 * describeAV(typing.returns); // → 'a number'
 * ```
 */
export class Analysis implements SwitchHost {
  private readonly refs = new Map<Node, Binding>();
  private readonly decls = new Map<Node, Binding>();
  private readonly values = new Map<Node, AV>();
  private readonly calls = new Map<Node, Typing>();
  private readonly callArgs = new Map<Node, AV[]>();
  private readonly reached = new Set<Node>();
  private readonly bindings: Binding[] = [];
  private readonly uniques = new Set<string>();
  private readonly loops: LoopFrame[] = [];
  /** The loop and switch frames `break`/`continue` go to (statements.ts). */
  get jumps(): JumpFrame[] {
    return this.loops;
  }
  private returns: AV | undefined;
  /** `null`/`undefined` returned beside values of another type (`return null` beside `return out`). */
  private readonly absentReturns = new Set<'undefined' | 'null'>();
  private usesRandom = false;
  /** Local JS arrays and their methods (`arrays.ts`). */
  private readonly arrays: ArrayHost = {
    expr: (n, s) => this.expr(n, s),
    fail: (m, n, c) => this.fail(m, n, c),
    isGlobal: (name) => !this.scope.lookup(name),
    declOf: (id) => (id.type === 'Identifier' ? this.lookup(id)?.decl : undefined),
  };
  /** Array methods with an inline callback (`callbacks.ts`). */
  private readonly callbacks: CallbackHost = {
    expr: (n, s) => this.expr(n, s),
    fail: (m, n, c) => this.fail(m, n, c),
    flow: this,
    run: (fn, params, s) => this.runCallback(fn, params, s),
    note: (n, v) => void this.record(n, v),
  };
  /** Fields of `this` that held null and are written here (field-facts.ts). */
  private readonly fieldFacts: FieldFactsHost = {
    slot: (name) => {
      const id = fieldId(this.fn.node, name);
      return this.decls.get(id) ?? this.declare(id, 'let', this.functionScope);
    },
    read: (s, b) => this.read(s, b),
    // `null` is stored per program point only: the field holds its type or null, as `next: self|null` does (field-facts.ts)
    write: (s, b, v, at) => store(s, b, v.k === 'null' ? v : this.assignTo(b, v, at)),
    note: (n, v) => void this.record(n, v),
    fail: (m, n, c) => this.fail(m, n, c),
  };
  /** Labelled statements (labels.ts). */
  private get labelHost(): LabelHost {
    return { jumps: this.loops, statement: (s, st) => this.stmt(s, st), read: (st, b) => this.read(st, b), bindingAt: (i) => this.bindingAt(i), bindingOf: (id) => this.bindingOf(id), valueOf: (n) => this.valueOf(n), fieldSlot: (m) => this.fieldSlot(m), fail: (m, n, c) => this.fail(m, n, c) };
  }
  /** `new C(…)` of a class from outside (classes.ts). */
  private readonly classes: ClassHost = {
    expr: (n, s) => this.expr(n, s),
    fail: (m, n, c) => this.fail(m, n, c),
    isLocal: (name) => this.scope.lookup(name) !== undefined,
    origin: () => this.fn.origin as ReturnType<ClassHost['origin']>,
    outer: () => this.env.outer,
    construct: (node, ctor, args, receiver) => {
      const typing = inferFunction(ctor, [], this.env, { args, key: ctor.node, thisArg: receiver, receiver: true });
      if (typing.usesRandom) this.fail('the constructor draws random numbers; compiled code runs the class\'s own constructor, which would not draw from memoJit\'s stream: construct the object outside', node, 'new');
      return typing;
    },
  };
  private scope: Scope;
  private readonly functionScope: Scope;

  constructor(
    private readonly fn: ParsedFunction,
    private readonly args: readonly AV[],
    private readonly env: InferEnv,
    outer: Scope | undefined,
    private readonly forced: ReadonlySet<Node>,
    private readonly thisArg?: AV,
    private readonly receiver = false,
  ) {
    this.scope = new Scope(outer, true);
    this.functionScope = this.scope;
  }

  /** A binding's value in `state`; undefined for bindings of other functions (sibling helpers), never stored here. */
  read(state: State, b: Binding): AV | undefined {
    return this.bindings[b.slot] === b ? state[b.slot] : undefined;
  }

  bindingAt(slot: number): Binding {
    return this.bindings[slot]!;
  }

  bindingOf(id: Node): Binding | undefined {
    return this.refs.get(id);
  }

  valueOf(node: Node): AV | undefined {
    return this.values.get(node);
  }

  /** Forgets what the code wrote into fields of `this` (field-facts.ts): reads need a write first again. */
  private forgetFields(state: State): void {
    state.forEach((_, i) => {
      if (isFieldBinding(this.bindingAt(i))) state[i] = undefined;
    });
  }

  fieldSlot(member: Node): Binding | undefined {
    if (member.type !== 'MemberExpression' || member.computed || (member.object as Node).type !== 'ThisExpression') return undefined;
    return this.decls.get(fieldId(this.fn.node, member.property.name as string));
  }

  isBound(name: string): boolean {
    return this.scope.lookup(name) !== undefined;
  }

  fail(message: string, node: Node, construct: string): never {
    throw new JitError(message, { construct, span: { start: node.start, end: node.end }, source: this.fn.source, functionName: this.fn.name || undefined, origin: this.fn.origin });
  }

  run(): Typing {
    const params: Binding[] = [];
    let state: State | null = [];
    // a method called from compiled code receives its object first (methods.ts)
    const thisParam = this.receiver && this.thisArg ? receiverBinding(this.fn, this.thisArg, (id) => this.declare(id, 'param', this.scope), state) : undefined;
    // fewer arguments than parameters: the rest are undefined, or their defaults (statements.ts)
    bindParams(this, this.fn.params, this.args, state, (p) => {
      const b = this.declare(p, 'param', this.scope);
      params.push(b);
      return b;
    });
    // `this.piles[pile] = disk` with `disk` a parameter: the array holds objects before the body reads it (object-arrays.ts)
    storesFirst(this.fn.body, this.thisArg, (name) => params.find((p) => p.name === name)?.value);
    if (this.fn.expressionBody) {
      const v = this.expr(this.fn.body, state);
      this.returns = v;
    } else {
      this.hoist(this.fn.body.body as Node[], this.scope, true);
      markArrayReturns(this.fn.body); // `return []` beside `return ticks`: arrays, not tuples (returns.ts)
      state = this.block(this.fn.body.body as Node[], state, false);
      if (state) this.addReturn({ k: 'void' }, this.fn.body);
    }
    return {
      parsed: this.fn,
      irName: '',
      params,
      ...(thisParam ? { thisParam } : {}),
      bindings: this.bindings,
      refs: this.refs,
      decls: this.decls,
      values: this.values,
      calls: this.calls,
      reached: this.reached,
      returns: this.returns ?? { k: 'void' },
      absentReturns: this.absentReturns,
      argCount: this.args.length,
      usesRandom: this.usesRandom,
    };
  }

  // ------------------------------------------------------------------------------------------ bindings

  private declare(id: Node, kind: Binding['kind'], scope: Scope): Binding {
    const existing = this.decls.get(id);
    if (existing) {
      // the same declaration seen again (a loop body analyzed once more): it lives in the new block scope too
      scope.names.set(existing.name, existing);
      return existing;
    }
    const name = id.name as string;
    if (scope.names.has(name) && kind !== 'var') this.fail(`'${name}' is declared twice`, id, `declaration of ${name}`);
    let unique = name;
    for (let n = 1; this.uniques.has(unique); n++) unique = `${name}$${n}`;
    this.uniques.add(unique);
    const b: Binding = { name, unique, kind, decl: id, slot: this.bindings.length, value: undefined };
    scope.names.set(name, b);
    this.decls.set(id, b);
    this.bindings.push(b);
    return b;
  }

  /** Declares a block's let/const/function names up front (so uses before the declaration are caught). */
  private hoist(stmts: readonly Node[], scope: Scope, functionLevel: boolean): void {
    for (const s of stmts) {
      if (s.type === 'VariableDeclaration' && s.kind !== 'var') {
        for (const d of s.declarations as Node[]) for (const id of patternIds(d.id)) this.declare(id, s.kind, scope);
      } else if (s.type === 'FunctionDeclaration') {
        const b = this.declare(s.id, 'function', scope);
        b.value = { k: 'fn', callee: this.helperCallee(s, scope) };
      }
    }
    if (functionLevel) {
      for (const id of varsOf(stmts)) if (!scope.names.has(id.name)) this.declare(id, 'var', scope);
    }
  }

  private helperCallee(node: Node, scope: Scope): Callee {
    if (node.async || node.generator) this.fail('async and generator helpers cannot be compiled', node, 'inner function');
    const parsed: ParsedFunction = {
      name: node.id?.name ?? '',
      params: node.params,
      body: node.body,
      expressionBody: node.type === 'ArrowFunctionExpression' && node.expression === true,
      node,
      source: this.fn.source,
      ...(this.fn.origin ? { origin: this.fn.origin } : {}),
    };
    return { kind: 'helper', parsed, scope, key: node };
  }

  assignTo(b: Binding, av: AV, at: Node): AV {
    let value = av;
    if (this.forced.has(b.decl) && value.k === 'num' && value.int) value = FLOAT; // a non-integer is f64 already (and may be a known constant)
    if (av.k === 'void') this.fail(`'${b.name}' would be undefined: compiled variables hold numbers, booleans, arrays, rows or tuples`, at, `assignment to ${b.name}`);
    // a parameter not passed (undefined) may be given a function (`r = r || Math.random`, functions.ts)
    // `let found; … found = true`, read first as undefined (assumed a number): analyzed again as a boolean
    // (unset.ts) rather than joined into a number-or-boolean
    unsetConflict(b, b.value, value);
    const joined = b.value === undefined || (b.value.k === 'void' && value.k === 'fn') ? value : joinAV(b.value, value);
    if (!joined) {
      nullConflict(b, b.value, value); // `let labels = null; … labels = xs`: analyzed again (null-init.ts)
      this.fail(`'${b.name}' holds ${describeAV(b.value!)} elsewhere but ${describeAV(value)} here; compiled variables keep one type`, at, `assignment to ${b.name}`);
    }
    b.value = joined;
    return value;
  }

  private lookup(id: Node): Binding | undefined {
    // An identifier resolves to the same binding on every visit (revisited blocks re-declare the same bindings),
    // and passed the checks below the first time.
    const known = this.refs.get(id);
    if (known) return known;
    const found = this.scope.lookup(id.name);
    if (!found) return undefined;
    // sibling helpers (function declarations or const arrows) are callable from inside a helper
    if (found.crossesFunction && found.binding.kind !== 'function' && found.binding.value?.k !== 'fn') {
      this.fail(
        `inner functions may only use their own parameters and locals; '${id.name}' belongs to the enclosing function (pass it as an argument)`,
        id,
        `use of the outer variable ${id.name}`,
      );
    }
    this.refs.set(id, found.binding);
    return found.binding;
  }

  private record(node: Node, av: AV): AV {
    const prev = this.values.get(node);
    const j = prev ? joinAV(prev, av) : av;
    if (!j) this.fail(`this expression is ${describeAV(prev!)} on one path and ${describeAV(av)} on another`, node, 'expression');
    if (j !== prev) this.values.set(node, j);
    return av;
  }

  private addReturn(av: AV, node: Node): void {
    const j = this.returns === undefined ? av : joinReturn(this.returns, av, this.absentReturns);
    if (!j) {
      this.fail(`this returns ${describeAV(av)} but another return gives ${describeAV(this.returns!)}`, node, 'return');
    }
    this.returns = j;
  }

  // ---------------------------------------------------------------------------------------- statements

  block(stmts: readonly Node[], state: State | null, newScope = true): State | null {
    noteFilledRows(stmts, this.fn.body); // `const m = Array(n).fill(0); for (…) m[i] = row;` (filled-rows.ts)
    const saved = this.scope;
    if (newScope) {
      this.scope = new Scope(saved, false);
      this.hoist(stmts, this.scope, false);
    }
    try {
      for (const s of stmts) {
        if (!state) break; // unreachable code after return/break/continue: JS never runs it
        state = this.stmt(s, state);
      }
      return state;
    } finally {
      this.scope = saved;
    }
  }

  private stmt(s: Node, state: State): State | null {
    this.reached.add(s);
    switch (s.type) {
      case 'VariableDeclaration':
        return this.varDecl(s, state);
      case 'FunctionDeclaration':
        return state;
      case 'ExpressionStatement':
        this.effect(s.expression, state);
        return state;
      case 'EmptyStatement':
        return state;
      case 'BlockStatement':
        return this.block(s.body, state);
      case 'IfStatement': {
        const c = this.cond(s.test, state);
        const t = this.block(asList(s.consequent), refine(s.test, true, state.slice(), this));
        const e = s.alternate ? this.block(asList(s.alternate), refine(s.test, false, state.slice(), this)) : refine(s.test, false, state.slice(), this);
        void c;
        return joinStates(t, e, s, this);
      }
      case 'ForStatement': {
        const counted = countedPrange(s, (id) => this.lookup(id) !== undefined, (m, at, c) => this.fail(m, at, c));
        if (counted) return this.prangeLoop(counted.id, counted.kind, counted.range, s.body, state);
        const saved = this.scope;
        this.scope = new Scope(saved, false);
        try {
          let st: State | null = state;
          if (s.init) {
            if (s.init.type === 'VariableDeclaration') {
              if (s.init.kind !== 'var') for (const d of s.init.declarations as Node[]) for (const id of patternIds(d.id)) this.declare(id, s.init.kind, this.scope);
              st = this.varDecl(s.init, st);
            } else this.effect(s.init, st);
          }
          return this.loop(st, s.test, s.body, s.update ? [s.update] : [], null, null);
        } finally {
          this.scope = saved;
        }
      }
      case 'WhileStatement':
        return this.loop(state, s.test, s.body, [], null, null);
      case 'DoWhileStatement':
        return this.loop(state, null, s.body, [], s.test, null);
      case 'ForOfStatement':
        return this.forOf(s, state);
      case 'BreakStatement':
      case 'ContinueStatement': {
        // `continue` skips switches to the loop around them; a label names its loop or block (labels.ts)
        const frame = jumpTarget(this.loops, s);
        if (!frame) this.fail('break/continue outside a loop or switch', s, 'break');
        (s.type === 'BreakStatement' ? frame.breaks : frame.continues).push(state);
        return null;
      }
      case 'ReturnStatement': {
        const v = s.argument ? this.expr(s.argument, state) : ({ k: 'void' } as AV);
        if (v.k === 'fn') this.fail('returning a function is not supported', s, 'return of a function');
        this.addReturn(v, s);
        return null;
      }
      case 'ForInStatement':
        return this.fail('for…in iterates property names; use an indexed for loop or for…of', s, 'for…in loop');
      case 'SwitchStatement':
        return inferSwitch(this, s, state);
      case 'TryStatement':
        return this.fail('try/catch is not supported in compiled code', s, 'try statement');
      case 'ThrowStatement':
        return inferThrow(this, s, state);
      case 'LabeledStatement':
        return labelledStatement(this.labelHost, s, state); // labels.ts
      case 'ClassDeclaration':
        return this.fail(`classes cannot be declared in compiled code; declare ${s.id ? `class ${s.id.name as string}` : 'the class'} outside the function (beside it in the module) and construct it inside with new, which compiles`, s, 'class declaration');
      default:
        return this.fail(`${s.type} is not supported`, s, s.type);
    }
  }

  private varDecl(s: Node, state: State | null): State | null {
    if (!state) return null;
    for (const d of s.declarations as Node[]) {
      if (s.kind === 'var' && d.id.type === 'Identifier' && !this.decls.has(d.id)) {
        // a `var` not hoisted yet (inside a nested function-level scan) shares the function's binding
        const found = this.scope.lookup(d.id.name);
        if (found) this.decls.set(d.id, found.binding);
      }
      if (nullPlaceholder(d, s.kind)) { // `let labels = null` later given an array: unassigned until then (null-init.ts)
        const b = this.decls.get(d.id) ?? this.lookup(d.id);
        if (b && b.slot < state.length) state[b.slot] = undefined;
        continue;
      }
      if (!d.init) {
        if (d.id.type !== 'Identifier') this.fail('a destructuring declaration needs an initializer', d, 'declaration without initializer');
        // `var x;` keeps the value it has (as in JS); `let x;` holds undefined again each time it runs (a loop
        // body). Either way the binding is unassigned until written: flow then proves every read follows a write,
        // and a read that may not is a located error rather than a different value.
        const b = this.decls.get(d.id) ?? this.lookup(d.id);
        if (s.kind !== 'var' && b && b.slot < state.length) state[b.slot] = undefined;
        continue;
      }
      if (d.init.type === 'ArrowFunctionExpression' || d.init.type === 'FunctionExpression') {
        if (s.kind !== 'const') this.fail('inner functions must be declared with const or function', d, 'inner function');
        const b = this.decls.get(d.id)!;
        const v: AV = { k: 'fn', callee: this.helperCallee(d.init, this.scope) };
        b.value = v;
        store(state, b, v);
        continue;
      }
      markArrayLiteral(d.init);
      noteMadeArray(d.id, d.init, this.arrays); // `[]`, `Array(n)`: rows or objects stored decide its kind (rows.ts, object-arrays.ts)
      const v = this.expr(d.init, state);
      this.bindPattern(d.id, v, state, d.init);
    }
    return state;
  }

  /** Binds `x = v` or `[a, b] = v` (rows, tuples and typed arrays destructure by position). */
  private bindPattern(id: Node, v: AV, state: State, at: Node): void {
    if (id.type === 'Identifier') {
      const b = this.decls.get(id) ?? this.lookup(id);
      if (!b) this.fail(`'${id.name}' is not declared`, id, id.name);
      if (b.kind === 'function') this.fail(`'${id.name}' is a function and cannot be reassigned`, id, `assignment to ${id.name}`);
      store(state, b, this.assignTo(b, v, at));
      return;
    }
    if (id.type === 'ArrayPattern') {
      (id.elements as (Node | null)[]).forEach((el, i) => {
        if (!el) return;
        if (el.type !== 'Identifier') this.fail('only flat array destructuring is supported', el, 'destructuring pattern');
        this.bindPattern(el, this.elementOf(v, i, at), state, el);
      });
      return;
    }
    this.fail('object destructuring is not supported', id, 'destructuring pattern');
  }

  /** The value at constant position `i` of a destructured row, tuple or typed array. */
  private elementOf(v: AV, i: number, at: Node): AV {
    if (v.k === 'row') return FLOAT;
    if (v.k === 'array') return elementAV(v.element);
    if (v.k === 'tuple') {
      const item = v.items[i];
      if (!item) this.fail(`the tuple has ${v.items.length} items; position ${i} is undefined`, at, 'destructuring');
      return item;
    }
    return this.fail(`cannot destructure ${describeAV(v)}`, at, 'destructuring');
  }

  private loop(state: State | null, test: Node | null, body: Node, update: Node[], postTest: Node | null, forOf: ((s: State) => void) | null): State | null {
    if (!state) return null;
    let head: State = state;
    // The test runs first on the entry state, then after each pass: leaving through it from either (not from
    // their join) keeps what the body assigned when the first test cannot fail (`change = MAX; while (change !== 0)`).
    let entryExit: State | null = null;
    const labels = loopFrameLabels(body); // `outer: for …` (labels.ts)
    for (let iter = 0; ; iter++) {
      const frame: LoopFrame = { breaks: [], continues: [], ...(labels ? { labels } : {}) };
      this.loops.push(frame);
      let s: State | null = head.slice();
      const exits: (State | null)[] = [];
      if (test) {
        this.cond(test, s);
        if (iter === 0) entryExit = decidedByConstants(test, s, this) === true ? null : refine(test, false, s.slice(), this);
        exits.push(entryExit);
        s = refine(test, true, s, this);
      }
      if (forOf && s) {
        exits.push(s.slice()); // a for…of may end before any iteration
        forOf(s);
      }
      s = this.block(asList(body), s);
      this.loops.pop();
      s = joinStates(s, joinAll(frame.continues, body, this), body, this);
      if (s) for (const u of update) this.effect(u, s);
      if (test && s) {
        const again = s.slice();
        this.cond(test, again);
        exits.push(refine(test, false, again, this));
      }
      if (postTest && s) {
        this.cond(postTest, s);
        exits.push(refine(postTest, false, s.slice(), this));
        s = refine(postTest, true, s, this);
      }
      let next = joinStates(state, s, body, this)!;
      if (iter >= 2) next = widen(head, next);
      if (statesEqual(next, head) || iter > 40) {
        let exit: State | null = joinAll(frame.breaks, body, this);
        for (const e of exits) exit = joinStates(exit, e, body, this);
        return exit;
      }
      head = next;
    }
  }

  /** One run of an inline callback's body (`callbacks.ts`): its own scope, returns and loop frames. */
  private runCallback(fn: Node, params: readonly (AV | undefined)[], state: State): CallbackRun {
    const saved = { scope: this.scope, returns: this.returns, absent: [...this.absentReturns], loops: this.loops.splice(0) };
    this.scope = new Scope(saved.scope, false);
    this.returns = undefined;
    this.absentReturns.clear();
    try {
      (fn.params as Node[]).forEach((p, i) => {
        const b = this.declare(p, 'param', this.scope);
        const v = params[i];
        // a parameter given nothing (`_` of `Array.from({ length })`) stays unassigned: flow refuses its reads
        if (v) store(state, b, this.assignTo(b, v, p));
        else if (b.slot < state.length) state[b.slot] = undefined;
      });
      let after: State | null = state;
      if (fn.expression) this.addReturn(this.expr(fn.body, state), fn.body);
      else {
        this.hoist(fn.body.body as Node[], this.scope, false);
        after = this.block(fn.body.body as Node[], state, false);
        if (after) this.addReturn({ k: 'void' }, fn.body);
      }
      const returned = this.returns ?? ({ k: 'void' } as AV);
      return { state: after, returned, absent: this.absentReturns.size > 0 };
    } finally {
      this.scope = saved.scope;
      this.returns = saved.returns;
      this.absentReturns.clear();
      for (const a of saved.absent) this.absentReturns.add(a);
      this.loops.push(...saved.loops);
    }
  }

  private forOf(s: Node, state: State): State | null {
    if (s.await) this.fail('for await is not supported', s, 'for await loop');
    const range = prangeCall(s.right, (id) => this.lookup(id) !== undefined, (m, at, c) => this.fail(m, at, c));
    const iterable = range ? undefined : this.expr(s.right, state);
    let item: AV;
    if (range) item = this.prangeItem(range, state);
    else if (!iterable) return null;
    else if (iterable.k === 'array') item = elementAV(iterable.element);
    else if (iterable.k === 'matrix') item = { k: 'row', matrix: iterable.name, layout: iterable.layout, nullable: false };
    else if (iterable.k === 'row') item = FLOAT;
    else if (forOfItem(iterable)) item = forOfItem(iterable)!;
    else return this.fail(`for…of works over typed arrays, 2-D arrays and rows, not ${describeAV(iterable)}`, s.right, 'for…of loop');
    const saved = this.scope;
    this.scope = new Scope(saved, false);
    try {
      const left = s.left as Node;
      if (left.type !== 'VariableDeclaration') this.fail('declare the loop variable: for (const x of xs)', left, 'for…of loop');
      for (const d of left.declarations as Node[]) for (const id of patternIds(d.id)) this.declare(id, left.kind, this.scope);
      const pattern = (left.declarations as Node[])[0]!.id as Node;
      return this.loop(state, null, s.body, [], null, (st) => this.bindPattern(pattern, item, st, s.left));
    } finally {
      this.scope = saved;
    }
  }

  /** The counted form of a prange loop (`infer/prange.ts`): the `for…of` form's loop over the same range. */
  private prangeLoop(id: Node, kind: string, range: PrangeCall, body: Node, state: State): State | null {
    const item = this.prangeItem(range, state);
    const saved = this.scope;
    this.scope = new Scope(saved, false);
    try {
      // a `var` was hoisted to the function already
      if (kind !== 'var') this.declare(id, kind as 'let' | 'const', this.scope);
      return this.loop(state, null, body, [], null, (st) => this.bindPattern(id, item, st, id));
    } finally {
      this.scope = saved;
    }
  }

  /** The loop variable of `for (… of prange(…))` (`infer/prange.ts`): arguments are numbers, evaluated once. */
  private prangeItem(range: PrangeCall, state: State): AV {
    const values = [range.start, range.stop].map((n) => (n ? this.expr(n, state) : constAV(0)));
    values.forEach((v, i) => {
      if (v.k !== 'num') this.fail(`prange takes numbers, not ${describeAV(v)}`, (i === 0 ? range.start : range.stop) ?? range.node, 'prange');
    });
    return prangeIndex(values[0]!, values[1]!, range.step);
  }

  // ------------------------------------------------------------------------------------------ effects

  /** Expressions in statement position: assignments, updates, calls. */
  private effect(e: Node, state: State): void {
    switch (e.type) {
      case 'AssignmentExpression':
        this.assignment(e, state);
        return;
      case 'UpdateExpression': {
        const one = syntheticOne(e);
        this.assignment({ type: 'AssignmentExpression', operator: e.operator === '++' ? '+=' : '-=', left: e.argument, right: one, start: e.start, end: e.end }, state, e);
        return;
      }
      case 'SequenceExpression':
        for (const x of e.expressions as Node[]) this.effect(x, state);
        return;
      case 'CallExpression':
        this.expr(e, state);
        return;
      default:
        this.expr(e, state);
    }
  }

  private assignment(e: Node, state: State, recordAs: Node = e): AV {
    const op = (e.operator as string).slice(0, -1);
    const target = e.left as Node;
    let value: AV;
    // `x ||= v` is `x || (x = v)`: the assignment may not run (statements.ts)
    if (op === '&&' || op === '||' || op === '??') return this.expr(logicalAssignment(e, this), state);
    if (op === '') {
      if (target.type === 'Identifier' || target.computed) markArrayLiteral(e.right); // `rows[i] = [a, b]` too (rows.ts)
      if (target.type === 'Identifier') noteMadeArray(this.lookup(target)?.decl, e.right, this.arrays); // `var ret; … ret = Array(p)`
      value = this.expr(e.right, state);
    }
    else {
      const current = this.expr(target, state);
      const right = this.expr(e.right, state);
      value = this.binaryValue(op, current, right, e, e.right);
    }
    this.record(recordAs, value);
    if (target.type === 'Identifier') {
      const b = this.lookup(target);
      if (!b) this.fail(`'${target.name}' is not declared in the function (compiled code cannot assign outer variables)`, target, `assignment to ${target.name}`);
      if (b.kind === 'const') this.fail(`'${target.name}' is a constant`, target, `assignment to ${target.name}`);
      if (b.kind === 'function') this.fail(`'${target.name}' is a function`, target, `assignment to ${target.name}`);
      store(state, b, this.assignTo(b, value, e));
      return value;
    }
    if (target.type === 'ArrayPattern') {
      this.bindPattern(target, value, state, e);
      return value;
    }
    if (target.type === 'MemberExpression' && e.type === 'AssignmentExpression' && e.operator === '=' && isFreshArray(e.right as Node, this.arrays)) noteFieldArray(target, this.expr(target.object, state), e.right as Node, this.arrays); // `this.piles = new Array(3)`
    if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression' && trackedWrite(this.fieldFacts, e, target, this.expr(target.object, state), value, state)) return value;
    if (target.type === 'MemberExpression' && target.computed && (value.k === 'obj' || value.k === 'null')) {
      const stored = objectStore(target, this.expr(target.object, state), this.expr(target.property, state), value, this.arrays); // `balls[i] = new Ball()` (object-arrays.ts)
      if (stored) return stored;
    }
    if (fieldWrite(this, e, target, value, state)) return value;
    if (target.type === 'MemberExpression' && target.computed) {
      const obj = this.expr(target.object, state);
      const index = this.expr(target.property, state);
      const row = rowStore(target, obj, index, value, this.arrays); // `m[i] = row`, `out[i] = xs.slice()` (rows.ts)
      if (row) return row;
      if (obj.k === 'array') {
        if (index.k !== 'num') this.fail('typed array indices must be numbers', target.property, 'index');
        // A plain array keeps what is stored as is, so it takes only its own kind (its entry check stays true).
        const holds = obj.element === 'bool' ? 'bool' : 'num';
        if (value.k === 'bool' && holds === 'num') becomeBooleans(target.object, this.arrays); // `flags[i] = x > 0` into `[]` (arrays.ts)
        if (value.k !== holds) this.fail(`an element of ${describeAV(obj)} cannot hold ${describeAV(value)}`, e, 'element assignment');
        return value;
      }
      if (obj.k === 'row') {
        if (index.k !== 'num' || value.k !== 'num') this.fail('row elements are numbers', e, 'element assignment');
        return value;
      }
      this.fail(`cannot assign an element of ${describeAV(obj)}`, target, 'element assignment');
    }
    return this.fail('only variables and typed array elements can be assigned', target, 'assignment');
  }

  // -------------------------------------------------------------------------------------- expressions

  private cond(e: Node, state: State): AV {
    if (e.type === 'LogicalExpression' && e.operator !== '??') {
      // only truthiness is used, so the sides may differ in type (`k && a > 0`): each is a condition itself
      this.cond(e.left, state);
      // the right side may be dead on this pass (`best === null || best[1] < y` while best is still only null)
      const right = refine(e.left, e.operator === '&&', state.slice(), this);
      if (right) {
        this.cond(e.right, right);
        if (hasAssignment(e.right)) mergeBranches(this, state, [state.slice(), right], e); // may or may not have run
      }
      return this.record(e, BOOLV);
    }
    markNullTest(e); // `if (this.out)` where the field may be null (field-null.ts)
    const v = this.expr(e, state);
    if (v.k === 'void' || v.k === 'fn') return v; // `if (valueof)` on a parameter not passed: known false, a function: known true (statements.ts)
    if (isArrayValue(v)) {
      // an array is an object, always truthy (`holes && holes.length`); lowering takes it as true (array-tests.ts)
      const refusal = arrayTruthRefusal(e, describeAV(v), (n) => this.values.get(n));
      if (refusal) this.fail(refusal, e, 'condition');
      return v;
    }
    // an object is truthy, null (and a hole of an array of objects, undefined) falsy: `if (top && …)`
    // a row of a number[][] is an object, a hole of `Array(n)` or a read past the end undefined: `if (out[i])`
    if (v.k === 'row' && v.layout === 'nested') return v;
    if (v.k !== 'num' && v.k !== 'bool' && v.k !== 'numbool' && v.k !== 'obj') this.fail(`a condition must be a boolean, a number or an object, not ${describeAV(v)}`, e, 'condition');
    return v;
  }

  expr(e: Node, state: State): AV {
    return this.record(e, this.exprInner(e, state));
  }

  private exprInner(e: Node, state: State): AV {
    switch (e.type) {
      case 'Literal':
        if (typeof e.value === 'number') return constAV(e.value);
        if (typeof e.value === 'boolean') return e.value ? BOOLV : FALSEV; // `false` may make a number-or-false variable (lattice.ts)
        if (e.value === null) return { k: 'null' };
        if (typeof e.value === 'string') return { k: 'str' }; // compared, passed and returned (strings.ts)
        return this.fail('this literal cannot be used in compiled code', e, 'literal');
      case 'Identifier':
        return this.identifier(e, state);
      case 'BinaryExpression': {
        markNullTest(e); // `this.out === null` where the field may be null (field-null.ts)
        const test = typeTestOf(e);
        const tested = test && inferTypeTest(this, test, e, state);
        if (tested) return tested;
        const l = this.expr(e.left, state);
        const r = this.expr(e.right, state);
        return this.binaryValue(e.operator, l, r, e, e.right);
      }
      case 'LogicalExpression': {
        if (e.operator === '??') return inferNullish(this, e, state);
        const l = this.cond(e.left, state);
        const live = refine(e.left, e.operator === '&&', state.slice(), this);
        if (!live) return l; // the left side decides (`valueof !== undefined && …` for a parameter not passed)
        const r = this.cond(e.right, live);
        if (hasAssignment(e.right)) mergeBranches(this, state, [state.slice(), live], e);
        if (l.k === 'void' && e.operator === '||') return r; // `randomSource || Math.random` without randomSource
        if (isNullableRead(e.left)) this.fail(`this ${e.operator} gives null where the field is null, which compiled code does not hold beside ${describeAV(r)}; test the field in a condition (if (${this.fn.source.slice(e.left.start, e.left.end)} !== null) …)`, e, `${e.operator} operator`);
        if (isArrayValue(l) && e.operator === '&&') return r; // an array is truthy: `holes && holes.length` is the length
        const j = joinAV(l, r);
        if (!j) this.fail(`both sides of ${e.operator} must have the same type (here ${describeAV(l)} and ${describeAV(r)})`, e, `${e.operator} operator`);
        return j;
      }
      case 'UnaryExpression':
        return this.unary(e, state);
      case 'ConditionalExpression': {
        this.cond(e.test, state);
        const whenTrue = refine(e.test, true, state.slice(), this);
        const whenFalse = refine(e.test, false, state.slice(), this);
        // a branch the specialization rules out is never analyzed (nor lowered): `valueof === undefined ? x : valueof(x)`
        if (!whenTrue || !whenFalse) {
          const live = whenTrue ?? whenFalse ?? state.slice();
          const v = this.expr(whenTrue ? e.consequent : e.alternate, live);
          mergeBranches(this, state, [live], e);
          return v;
        }
        const t = this.expr(e.consequent, whenTrue);
        const f = this.expr(e.alternate, whenFalse);
        adoptBooleans(e.consequent, f); // `c ? [] : [true]`: the empty literal a boolean[] too, from a new run (arrays.ts)
        adoptBooleans(e.alternate, t);
        if (hasAssignment(e.consequent) || hasAssignment(e.alternate)) mergeBranches(this, state, [whenTrue, whenFalse], e);
        const j = joinAV(t, f);
        // `i < n ? xs[i] : undefined`: a number that may be undefined, as a read past an array's end is (a float:
        // JS backend locals hold the undefined itself; the Wasm backend refuses it)
        if (!j && ((t.k === 'void' && f.k === 'num') || (t.k === 'num' && f.k === 'void'))) return FLOAT;
        if (!j && (t.k === 'null') !== (f.k === 'null')) {
          // `this.best = c ? xs : null;` as a statement is split before analysis (frontend/null-choices.ts)
          this.fail(`a ?: choosing between ${describeAV(t.k === 'null' ? f : t)} and null has no one type in compiled code; write the choice as a statement that stores it into a field, which may hold null: this.best = c ? xs : null; or if (c) this.best = xs; else this.best = null;`, e, 'conditional expression');
        }
        if (!j) this.fail(`both branches of ?: must have the same type (here ${describeAV(t)} and ${describeAV(f)})`, e, 'conditional expression');
        return j;
      }
      case 'CallExpression':
        return this.call(e, state);
      case 'MemberExpression':
        return this.member(e, state);
      case 'NewExpression':
        return this.newExpr(e, state);
      case 'ArrayExpression': {
        const items = (e.elements as (Node | null)[]).map((el) => {
          if (!el || el.type === 'SpreadElement') return this.fail('tuples list their items (no holes or spread)', el ?? e, 'array literal');
          const v = this.expr(el, state);
          if (v.k !== 'num' && v.k !== 'bool' && v.k !== 'numbool' && v.k !== 'row' && v.k !== 'null' && v.k !== 'array') {
            this.fail(`tuples hold numbers, booleans, arrays and rows, not ${describeAV(v)}`, el, 'array literal');
          }
          return v;
        });
        return arrayLiteral(e, items) ?? { k: 'tuple', items };
      }
      case 'AssignmentExpression':
        return this.assignment(e, state);
      case 'UpdateExpression': {
        // `i++` yields the old value (a number), `++i` the new one
        const old = this.expr(e.argument, state);
        // a boolean or number-or-boolean is a number to ++ as to arithmetic (`t++` of true yields 1)
        if (old.k !== 'num' && old.k !== 'bool' && old.k !== 'numbool') this.fail(`${e.operator} needs a number, not ${describeAV(old)}`, e, `${e.operator} operator`);
        if (!e.prefix && e.argument.type !== 'Identifier') this.fail(`write ${e.operator} on an element as its own statement (or use ${e.operator}i on a variable)`, e, `${e.operator} inside an expression`);
        const one = syntheticOne(e);
        const v = this.assignment({ type: 'AssignmentExpression', operator: e.operator === '++' ? '+=' : '-=', left: e.argument, right: one, start: e.start, end: e.end }, state, e);
        return e.prefix ? v : asNumber(old);
      }
      case 'ThisExpression':
        return thisValue(this, e, this.thisArg);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.fail('inner functions must be declared (`const f = (x) => …` or `function f(x) {…}`) and called by name', e, 'function expression');
      case 'TemplateLiteral':
        return this.fail('template literals build strings, which compiled code does not do (it compares, passes and returns strings); build the string outside', e, 'template literal');
      case 'ObjectExpression':
        return objectLiteral(this, e, state);
      case 'ChainExpression':
        return this.fail('optional chaining is not supported', e, 'optional chaining');
      case 'SequenceExpression': {
        // `(a, b)`: a for its effects, b's value
        const items = e.expressions as Node[];
        for (const x of items.slice(0, -1)) this.effect(x, state);
        return this.expr(items[items.length - 1]!, state);
      }
      default:
        return this.fail(`${e.type} is not supported`, e, e.type);
    }
  }

  private identifier(e: Node, state: State): AV {
    const b = this.lookup(e);
    if (b) {
      const v = this.read(state, b);
      if (v === undefined) {
        if (b.value?.k === 'fn') return b.value; // a helper (sibling helpers read it from outside their own state)
        if (isNullPlaceholder(b.decl)) this.fail(`'${e.name}' may be read while it still holds its initial null, which compiled code cannot hold beside ${describeAV(b.value ?? { k: 'void' })}; assign it before reading it`, e, `use of ${e.name}`);
        const unset = readBeforeWrite(b, e, this.fn.body); // `let min; … min === undefined` (unset.ts)
        if (unset) return unset;
        return this.fail(unreadMessage(b, e, this.fn.body), e, `use of ${e.name}`);
      }
      if (this.forced.has(b.decl) && v.k === 'num') return FLOAT;
      return v;
    }
    if (e.name === 'undefined') return { k: 'void' }; // returned, compared, passed for a parameter; never stored (assignTo)
    const self = ownName(this.fn, e.name, this.functionScope.parent === undefined); // `fact2(n - 1)` after tsx renamed `fact` (own-name.ts)
    if (self) return self;
    const outside = this.env.outer ? resolveOuter(this.fn, e, this.env.outer, (m, n, c) => this.fail(m, n, c)) : undefined;
    if (outside) return outside;
    const builtin = globalValue(e, this.globalHost(state));
    if (builtin) return builtin;
    const global = this.resolveGlobal(e);
    if (global) return { k: 'fn', callee: { kind: 'jit', parsed: global, scope: undefined, key: global.node } };
    return this.fail(freeNameMessage(e.name, this.env.outer !== undefined), e, `use of ${e.name}`);
  }

  /**
   * The function a free name resolves to (memoJit's `scope`, memoJit functions by name). Resolving parses it, so a
   * built-in or bound function listed in `scope` fails here: located at the name, not at the function's start.
   */
  private resolveGlobal(e: Node): ParsedFunction | undefined {
    try {
      return this.env.resolveGlobal(e.name);
    } catch (error) {
      if (!(error instanceof JitError) || error.span !== undefined) throw error;
      if (error.construct !== 'native function') return this.fail(error.detail, e, error.construct); // `scope: { top: Math.max }`
      return this.fail(
        `'${e.name}' is a built-in or bound function, whose source compiled code cannot see (only Math's own functions are known); list under that name a function written in JavaScript that calls it by its own name, e.g. scope: { ${e.name}: (x) => Number.isFinite(x) } for Number.isFinite`,
        e,
        `use of ${e.name}`,
      );
    }
  }

  /** What `infer/globals.ts` reads of this analysis. */
  private globalHost(state: State): GlobalHost {
    return {
      expr: (n) => this.expr(n, state),
      declares: (name) => this.scope.lookup(name) !== undefined,
      origin: this.fn.origin,
      fail: (m, n, c) => this.fail(m, n, c),
    };
  }

  binaryValue(op: string, given: AV, givenRight: AV, e: Node, rightNode: Node): AV {
    const str = stringOperator(op, given, givenRight, e, (m, n, c) => this.fail(m, n, c)); // `mode === 'fast'` (strings.ts)
    if (str) return str;
    const union = unionComparison(op, given, givenRight, e, (m, n, c) => this.fail(m, n, c)); // `fact === false` (num-or-bool.ts)
    if (union) return union;
    const bits = booleanBitwise(op, given, givenRight);
    if (bits) return bits; // `flag & other` on booleans is a number, as in JS
    // a boolean or number-or-boolean is a number to arithmetic and relational comparisons, as JS converts it
    const l = asNumber(given);
    const r = asNumber(givenRight);
    const cmp = compareOperator(op);
    if (cmp) {
      const { equality } = COMPARE_OPERATORS[cmp];
      if (given.k === 'bool' && givenRight.k === 'bool' && equality) return BOOLV;
      if ((l.k === 'row' || l.k === 'null') && (r.k === 'row' || r.k === 'null') && equality) {
        // a number[][] row read past the end is undefined, which == null but !== null
        if (op.length === 2 && (l.k === 'row' && l.layout === 'nested' || r.k === 'row' && r.layout === 'nested')) this.fail(`a row is compared with ${op}= null only; a row past the end is undefined, which ${op} null but is not null: to test for the end, compare the index with the length`, e, `${op} comparison`);
        return BOOLV;
      }
      // `next === null`, `a === b` on objects: identity, as in JS (an object may be null, `lattice.ts`)
      if ((l.k === 'obj' || l.k === 'null') && (r.k === 'obj' || r.k === 'null') && equality) {
        // compiled as ===: for objects == differs only where one side is null and the other undefined (a hole)
        const maybeNull = (v: AV): boolean => v.k === 'null' || (v.k === 'obj' && v.nullable === true);
        if (op.length === 2 && (maybeNull(l) || maybeNull(r))) this.fail(`an object that may be null is compared with ${op} here, which compiled code does not do; write ${op}= (an object read from a hole is undefined, which ${op} null)`, e, `${op} comparison`);
        return BOOLV;
      }
      if (arrayIdentity(op, l, r)) return BOOLV; // `out === data`: references, as in JS (array-tests.ts)
      if (l.k !== 'num' || r.k !== 'num') this.fail(`cannot compare ${describeAV(l)} with ${describeAV(r)}`, e, `${op} comparison`);
      return BOOLV;
    }
    if (l.k !== 'num' || r.k !== 'num') {
      return this.fail(`${op} needs numbers, got ${describeAV(l)} and ${describeAV(r)}`, e, `${op} operator`);
    }
    const row = binaryOperator(op);
    if (!row) return this.fail(`the operator ${op} is not supported`, e, `${op} operator`);
    return BINARY_OPERATORS[row].range(l, r, rightNode);
  }

  private unary(e: Node, state: State): AV {
    const folded = foldConstant(e, () => true);
    if (folded?.literal) {
      this.record(folded.literal, constAV(-folded.value));
      return constAV(folded.value);
    }
    if (e.operator === 'void' && e.argument.type === 'Literal') return { k: 'void' }; // `void 0`, esbuild's `undefined`
    const op = unaryOperator(e.operator as string);
    const row = op === undefined ? undefined : UNARY_OPERATORS[op];
    const v = row?.operand === 'condition' ? this.cond(e.argument, state) : this.expr(e.argument, state);
    if (e.operator === '+' && v.k === 'obj') return this.valueOfCall(e, v, state);
    if (e.operator === '+') {
      if (asNumber(v).k !== 'num') this.fail(`unary + of ${describeAV(v)} is not supported`, e, 'unary +');
      return asNumber(v);
    }
    if (!row) return this.fail(`the operator ${e.operator} is not supported`, e, `${e.operator} operator`);
    const condition = v.k === 'num' || v.k === 'bool' || v.k === 'numbool' || v.k === 'void' || v.k === 'obj' || isArrayValue(v) || (v.k === 'row' && v.layout === 'nested'); // `!out[i]` at a hole
    const accepted = row.operand === 'condition' ? condition : asNumber(v).k === 'num';
    if (!accepted) this.fail(row.refusal.message(describeAV(v)), e, row.refusal.context);
    return row.range(row.operand === 'condition' ? v : asNumber(v));
  }

  /** `+obj`: JS calls the object's `valueOf()` (methods.ts), which must give a number. */
  private valueOfCall(e: Node, o: AV, state: State): AV {
    const method = methodCallee(this, e, o, 'valueOf');
    if (!method) return this.fail(`unary + of ${describeAV(o)} is not supported: its class defines no valueOf() method`, e, 'unary +');
    const v = this.callCallee(e, method.callee, 'valueOf', [], state, method.receiver ? receiverAt(this.fieldFacts, e.argument, o, state) : undefined);
    if (v.k !== 'num') this.fail(`unary + of ${describeAV(o)} calls its valueOf(), which gives ${describeAV(v)} here; compiled code needs a number`, e, 'unary +');
    return v;
  }

  /** `p` when `node` is `object.p` (not computed) and `object` is the global `Math` or `Number`, not a local. */
  private globalMember(node: Node, object: 'Math' | 'Number'): string | undefined {
    if (node.type !== 'MemberExpression' || node.computed) return undefined;
    const o = node.object as Node;
    return o.type === 'Identifier' && o.name === object && !this.scope.lookup(object) ? (node.property.name as string) : undefined;
  }

  private member(e: Node, state: State): AV {
    if (e.optional) this.fail('optional chaining is not supported', e, 'optional chaining');
    const obj = e.object as Node;
    const folded = foldConstant(e, (id) => !this.scope.lookup(id.name as string));
    if (folded) return folded.exact ? constAV(folded.value) : FLOAT;
    const fnValue = mathValue(e, (n) => !this.scope.lookup(n), (m, n, c) => this.fail(m, n, c)); // `randomSource = Math.random`, `apply(Math.cbrt, x)` (functions.ts)
    if (fnValue) return fnValue;
    const outside = obj.type === 'Identifier' && !this.lookup(obj) && this.env.outer ? outerField(this.fn, e, this.env.outer, (m, n, c) => this.fail(m, n, c)) : undefined;
    if (outside) return outside;
    const o = this.expr(obj, state);
    if (!e.computed) {
      const prop = e.property.name as string;
      const tracked = trackedRead(this.fieldFacts, e, o, state); // `this.v` written after `this.v = null` (field-facts.ts)
      if (tracked) return tracked;
      const field = fieldRead(this, e, o, prop) ?? bufferProperty(o, prop, e, this);
      if (field) return field;
      if (prop === 'length' && (o.k === 'array' || o.k === 'matrix' || o.k === 'row')) return numAV(0, MAX_LENGTH, true);
      if ((prop === 'rows' || prop === 'cols') && o.k === 'matrix' && o.layout === 'array2d') return numAV(0, MAX_LENGTH, true);
      return this.fail(`${describeAV(o)} has no property '${prop}' in compiled code`, e, `.${prop}`);
    }
    const key = o.k === 'obj' ? staticKey(e) : undefined;
    if (key !== undefined) return fieldRead(this, e, o, key)!;
    const index = this.expr(e.property, state);
    const item = elementRead(this, e, o, index);
    if (item) return item;
    if (index.k !== 'num') this.fail(`indices must be numbers, not ${describeAV(index)}`, e.property, 'index');
    if (o.k === 'array') return elementAV(o.element);
    if (o.k === 'row') return FLOAT;
    if (o.k === 'matrix') {
      if (o.layout === 'array2d') this.fail('read rows of an Array2D with m.row(i) and elements with m.get(i, j)', e, 'indexing an Array2D');
      return { k: 'row', matrix: o.name, layout: o.layout, nullable: false };
    }
    if (o.k === 'tuple') {
      const p = e.property as Node;
      if (p.type !== 'Literal' || typeof p.value !== 'number' || !Number.isInteger(p.value)) this.fail('tuples are indexed with constant integers', p, 'tuple index');
      const item = o.items[p.value as number];
      if (!item) this.fail(`the tuple has ${o.items.length} items`, p, 'tuple index');
      return item;
    }
    return this.fail(`cannot index ${describeAV(o)}`, e, 'indexing');
  }

  private newExpr(e: Node, state: State): AV {
    const made = arrayConstruction(e, state, this.arrays) ?? bufferConstruction(e, state, this.arrays);
    if (made) return made;
    const callee = e.callee as Node;
    if (callee.type === 'Identifier' && TYPED_ARRAY_NAMES.has(callee.name) && !this.scope.lookup(callee.name)) {
      const args = e.arguments as Node[];
      if (args.length !== 1) this.fail(`new ${callee.name} takes one argument (the length) in compiled code`, e, `new ${callee.name}`);
      const n = this.expr(args[0]!, state);
      if (n.k !== 'num') this.fail(`new ${callee.name}(n) needs a number n; copying arrays is not supported`, args[0]!, `new ${callee.name}`);
      return { k: 'array', element: ELEMENT_BY_NAME[callee.name]! };
    }
    const instance = constructInstance(this.classes, e, state); // `new Adder()` of a class from outside (classes.ts)
    if (instance) {
      forgetNarrowed(state, (i) => isFieldBinding(this.bindingAt(i))); // its constructor runs code (field-null.ts)
      return instance;
    }
    return this.fail('only typed arrays can be created with new (e.g. new Float64Array(n))', e, `new ${callee.name ?? 'expression'}`);
  }

  private call(e: Node, state: State): AV {
    const callee = e.callee as Node;
    if (e.optional) this.fail('optional calls are not supported', e, 'optional call');
    const args = e.arguments as Node[];
    for (const a of args) if (a.type === 'SpreadElement') this.fail('spread arguments are not supported', a, 'spread argument');
    // `Array(n)` is a local array (arrays.ts) before the globals table refuses `Array` as a value.
    const made = arrayConstruction(e, state, this.arrays) ?? arrayFrom(e, state, this.callbacks, (n) => !this.scope.lookup(n));
    if (made) return made;
    const builtin = globalCall(e, this.globalHost(state));
    if (builtin) return builtin;
    if (callee.type === 'MemberExpression' && !callee.computed) {
      const obj = callee.object as Node;
      const prop = callee.property.name as string;
      const mathFunction = this.globalMember(callee, 'Math');
      if (mathFunction !== undefined) return this.mathCall(mathFunction, args, e, state);
      const o = this.expr(obj, state);
      if (o.k === 'array') return isCallbackMethod(prop) ? callbackCall(e, prop, o, state, this.callbacks) : arrayCall(e, prop, o, state, this.arrays);
      if (isRowsReceiver(o)) return isCallbackMethod(prop) ? rowsCallbackCall(e, prop, o, state, this.callbacks) : rowsMethodCall(e, prop, o, state, this.arrays); // rows.ts
      if (o.k === 'objs' && isCallbackMethod(prop)) return objectsCallbackCall(e, prop, o, state, this.callbacks); // object-callbacks.ts
      if (o.k === 'objs' && prop === 'push') return objectPush(e, o, args.map((a) => this.expr(a, state)), this.arrays)!; // object-arrays.ts
      const method = methodCallee(this, e, o, prop); // `this.step()`, `o.f(x)` (methods.ts)
      if (method) {
        const v = this.callCallee(e, method.callee, prop, args, state, method.receiver ? receiverAt(this.fieldFacts, obj, o, state) : undefined);
        if (obj.type !== 'ThisExpression' && mayReachReceiver(o, this.thisArg)) this.forgetFields(state); // `other.clear()` may be this's
        return v;
      }
      methodCall(this, e, o, prop);
      if (o.k === 'matrix' && o.layout === 'array2d') {
        const vals = args.map((a) => this.expr(a, state));
        const method = array2dMethod(prop);
        if (!method) return this.fail(`Array2D has no method '${prop}' in compiled code (${ARRAY2D_METHOD_NAMES})`, callee, `.${prop}()`);
        if (vals.length !== method.arity || vals.some((v) => v.k !== 'num')) this.fail(`${prop} takes ${method.arity} numbers`, e, `.${prop}()`);
        return method.value(o.name);
      }
      return this.fail(`calling methods of ${describeAV(o)} is not supported`, e, `.${prop}()`);
    }
    if (callee.type !== 'Identifier') return this.fail('only named functions can be called', callee, 'call');
    const f = this.identifier(callee, state);
    this.record(callee, f);
    if (f.k !== 'fn') return this.fail(`'${callee.name}' is ${describeAV(f)}, not a function`, callee, `call to ${callee.name}`);
    return this.callCallee(e, f.callee, callee.name as string, args, state);
  }

  /** A call of a compiled function (`receiver`: a method's object, passed before the arguments). */
  private callCallee(e: Node, c: Callee, calleeName: string, args: Node[], state: State, receiver?: AV): AV {
    const callee = { name: calleeName };
    // JS evaluates extra arguments and drops them; a compiled call passes exactly the parameters (lower/calls.ts).
    // A name or a literal (`-0` too) is read here (an unknown name is still an error, as JS's ReferenceError) and dropped:
    // evaluating it does nothing else. Anything else could act or throw in JS, and is refused.
    const arity = c.parsed.params.length;
    const literal = (n: Node): boolean => n.type === 'Literal' || (n.type === 'UnaryExpression' && (n.operator === '-' || n.operator === '+') && (n.argument as Node).type === 'Literal' && typeof (n.argument as Node).value === 'number');
    for (const extra of args.slice(arity)) {
      if (extra.type !== 'Identifier' && !literal(extra)) {
        this.fail(`'${calleeName}' takes ${arity} parameter${arity === 1 ? '' : 's'} but is called with ${args.length} arguments; compiled calls drop extra arguments that are names or literals only (compute this one in a variable first)`, extra, `call to ${calleeName}`);
      }
      this.expr(extra, state);
    }
    args = args.slice(0, arity);
    args.forEach((a) => markArrayLiteral(a)); // `f([k])`: a literal passed is an array (a tuple cannot be)
    // a row of a number[][] passes as number[] (rows.ts); `this` as the receiver's shape with the fields written so
    // far typed (field-facts.ts), so the callee cannot give them another type behind the caller's back
    const argValues = args.map((a) => {
      const v = rowArgument(this.expr(a, state));
      return a.type === 'ThisExpression' ? receiverAt(this.fieldFacts, a, v, state) : v;
    });
    for (const [i, a] of argValues.entries()) {
      if (a.k === 'row' || a.k === 'tuple' || a.k === 'null' || a.k === 'void') {
        this.fail(`functions called from compiled code take numbers, booleans, typed arrays, 2-D arrays, objects and functions, not ${describeAV(a)}`, args[i]!, `argument of ${callee.name}`);
      }
    }
    // Callee parameters see numbers as plain f64/i32 so one specialization serves many call sites.
    let paramAVs: AV[] = argValues.map((a) => (a.k === 'num' ? (isI32(a) ? INT32 : FLOAT) : a.k === 'matrix' ? { ...a, name: paramName(c.parsed, argValues.indexOf(a)) } : a));
    // One call site calls one specialization: a loop-carried argument (`v = twice(v)`, v = 1 at first) is an
    // integer on the first pass and a double later, so the site takes the join of every pass (i32 ∪ f64 = f64).
    const seen = this.callArgs.get(e);
    if (seen) {
      const joined = paramAVs.map((a, i) => joinAV(seen[i]!, a));
      if (joined.some((j) => j === undefined)) this.fail('this call needs different specializations on different paths', e, `call to ${callee.name}`);
      paramAVs = joined as AV[];
    }
    this.callArgs.set(e, paramAVs);
    let typing: ReturnType<typeof inferFunction>;
    try {
      typing = inferFunction(c.parsed, [], this.env, { scope: c.scope, args: paramAVs, key: c.key, ...(receiver ? { thisArg: receiver, receiver: true } : {}) });
    } catch (error) {
      // `g([])` where g reads objects: an array that stays empty gives no element's kind (object-arrays.ts)
      const i = error instanceof JitError ? args.findIndex((a, k) => argValues[k]!.k === 'array' && staysEmpty(a, this.fn.body, this.arrays)) : -1;
      if (i < 0) throw error;
      this.fail(`${calleeName} does not compile for the empty array passed here (${(error as JitError).detail ?? (error as Error).message}): an array that stays empty has no element to say what it holds, so compiled code takes it for numbers; make it in this function and push what ${calleeName} reads into it (const ps = []; … ps.push({ x, y }); ${calleeName}(ps)), which compiles even where nothing is pushed`, args[i]!, `argument of ${calleeName}`);
    }
    forgetNarrowed(state, (i) => isFieldBinding(this.bindingAt(i))); // the callee may null a field a test narrowed (field-null.ts)
    // an object passed may be this object under another name, whose tracked fields the callee may then write
    if (args.some((a, i) => a.type !== 'ThisExpression' && mayReachReceiver(argValues[i]!, this.thisArg))) this.forgetFields(state);
    this.calls.set(e, typing);
    if (typing.usesRandom) this.usesRandom = true;
    const r = typing.returns;
    if (typing.absentReturns?.size && r.k !== 'num' && r.k !== 'bool') {
      this.fail(`'${callee.name}' returns null or undefined beside ${describeAV(r)}; only the function you call from JS may (return a number, or test before calling)`, e, `call to ${callee.name}`);
    }
    if (r.k === 'row' || (r.k === 'tuple' && r.items.some((x) => x.k === 'row' || x.k === 'null'))) {
      this.fail(`'${callee.name}' returns a row; only the function you call from JS may return rows`, e, `call to ${callee.name}`);
    }
    return r;
  }

  /**
   * For `Math.random() * n` (either order) with `n` a non-negative integer ≤ int32 max: the upper bound of `n`.
   * Then the product is in [+0, n] (never -0, NaN or ∞: random() is in [0, 1)), so rounding it in any direction
   * gives an integer in [0, n]; `n` itself stays in (rounding may reach it), which is still a sound bound.
   */
  private randomScale(arg: Node): number | undefined {
    if (arg.type !== 'BinaryExpression' || arg.operator !== '*') return undefined;
    const isRandom = (n: Node): boolean => n.type === 'CallExpression' && this.globalMember(n.callee, 'Math') === 'random';
    const other = isRandom(arg.left) ? arg.right : isRandom(arg.right) ? arg.left : undefined;
    if (!other) return undefined;
    const v = this.values.get(other);
    if (v?.k !== 'num' || !v.int || v.lo < 0 || v.hi > INT_MAX) return undefined;
    return v.hi;
  }

  /** A `Math` call, typed by its row in `ops/math.ts`. */
  private mathCall(name: string, args: Node[], e: Node, state: State): AV {
    const row = mathRow(name);
    if (row?.kind === 'random') {
      if (args.length) this.fail('Math.random() takes no arguments', e, 'Math.random');
      this.usesRandom = true;
      return numAV(0, 1, false);
    }
    if (row?.kind !== 'function') {
      return this.fail(`Math.${name} is not ${row ? 'a function' : 'supported in compiled code'}`, e, `Math.${name}`);
    }
    const vals = args.map((a) => asNumber(this.expr(a, state))); // `Math.abs(fact)` converts as JS does (num-or-bool.ts)
    for (const [i, v] of vals.entries()) {
      if (v.k !== 'num') this.fail(`Math.${name} needs numbers, got ${describeAV(v)}`, args[i]!, `Math.${name}`);
    }
    const arity = row.arity;
    if (arity === 'variadic' ? vals.length === 0 : vals.length !== arity) {
      this.fail(`Math.${name} takes ${arity === 'variadic' ? 'at least one argument' : `${arity} argument${arity > 1 ? 's' : ''}`} in compiled code`, e, `Math.${name}`);
    }
    const nums = vals as Array<Extract<AV, { k: 'num' }>>;
    if (row.roundsIntegers) {
      if (nums[0]!.int) return nums[0]!;
      const n = this.randomScale(args[0]!);
      return n === undefined ? FLOAT : numAV(0, n, true);
    }
    return row.range ? row.range(nums) : FLOAT;
  }
}

function asList(s: Node): Node[] {
  return s.type === 'BlockStatement' ? (s.body as Node[]) : [s];
}

function patternIds(p: Node, out: Node[] = []): Node[] {
  if (p.type === 'Identifier') out.push(p);
  else if (p.type === 'ArrayPattern') for (const e of p.elements as (Node | null)[]) if (e) patternIds(e, out);
  return out;
}

const varsCache = new WeakMap<readonly Node[], readonly Node[]>();
/** The identifiers `var` declares anywhere in a function body, once per body (ASTs are cached and not changed). */
function varsOf(stmts: readonly Node[]): readonly Node[] {
  let vars = varsCache.get(stmts);
  if (!vars) {
    const out: Node[] = [];
    collectVars(stmts, out);
    varsCache.set(stmts, (vars = out));
  }
  return vars;
}

/** `var` declarations anywhere in a function body (not inside nested functions). */
function collectVars(stmts: readonly Node[], out: Node[]): void {
  const visit = (n: Node | null | undefined): void => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'VariableDeclaration' && n.kind === 'var') for (const d of n.declarations as Node[]) patternIds(d.id, out);
    if (/Function/.test(n.type)) return;
    for (const key of ['body', 'consequent', 'alternate', 'init', 'left', 'block']) {
      const v = n[key];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  stmts.forEach(visit);
}
