/**
 * Lowering of calls, as methods of `lower.ts`'s `Lowering` (acorn's layout: one file per concern, the bodies
 * written against `this`): calls of compiled functions and methods, `Math.*` through the rows of `ops/math.ts`,
 * array methods and callbacks, `Array(n)`, and the methods of `Array2D` that give a value.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { calleeText } from '../frontend/call-text.js';
import { typeOf } from '../infer/lattice.js';
import type { Typing } from '../infer/scope.js';
import { mathFunction, type MathFunction } from '../ops/math.js';
import { array2dMethod } from '../ops/array2d.js';
import { lowerGlobalCall } from '../infer/globals.js';
import { F64, I32, isArrayType, type Type } from '../types.js';
import type { Expr } from '../ir.js';
import { lowerArrayFrom, lowerCallbackCall } from './callbacks.js';
import { arrayFromForm, isCallbackMethod } from '../infer/callbacks.js';
import { isRowsReceiver } from '../infer/rows.js';
import type { Lowering } from '../lower.js';

/**
 * The call methods of `Lowering` (`lower.ts`), which delegates `call`, `callTo`, `arrayOf`, `mayBeUndefined`
 * and `math` here.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * // `Math.floor(k)` with k an int32: an integer rounds to itself (ops/math.ts), so the call lowers to k
 * const [ret] = lowerToIR((k: number) => Math.floor(k), [{ kind: 'i32' }]).functions[0]!.body;
 * JSON.stringify(ret, ['kind', 'value', 'op', 'name']); // → '{"kind":"return","value":{"op":"local","name":"k"}}'
 * ```
 */
export const callRules = {
  call(this: Lowering, e: Node): Expr {
    const callee = e.callee as Node;
    const args = e.arguments as Node[];
    const type = this.typeAt(e);
    if (callee.type === 'Identifier' && callee.name === 'Array' && !this.t.refs.has(callee) && isArrayType(type)) return this.arrayOf(e);
    const from = arrayFromForm(e, () => callee.type === 'MemberExpression' && !this.t.refs.has(callee.object));
    if (from) return lowerArrayFrom(e, from, type, this.callbacks);
    const builtin = lowerGlobalCall(e, (n) => this.expr(n));
    if (builtin) return builtin;
    if (callee.type === 'MemberExpression') {
      const obj = callee.object as Node;
      const prop = callee.property.name as string;
      if (obj.type === 'Identifier' && obj.name === 'Math' && !this.t.refs.has(obj)) return this.math(prop, args, type, e);
      if (this.avAt(obj)?.k === 'array') {
        // a method of ops/arrays.ts, emitted as the JS method itself; `Array(n).fill(true)` makes a boolean[]
        const made = this.expr(obj);
        const target = made.op === 'newArray' && type.kind === 'array' ? { ...made, type, element: type.element } : made;
        if (isCallbackMethod(prop)) return lowerCallbackCall(e, prop, target, type, this.callbacks);
        const comparator = prop === 'sort' && args.length === 1 ? this.t.parsed.source.slice(args[0]!.start, args[0]!.end) : undefined;
        return { op: 'method', type, target, method: prop, args: comparator ? [] : args.map((a) => this.expr(a)), ...(comparator ? { comparator } : {}) };
      }
      if (this.avAt(obj)?.k === 'objs' && isCallbackMethod(prop)) return lowerCallbackCall(e, prop, this.expr(obj), type, this.callbacks); // infer/object-callbacks.ts
      if (this.avAt(obj)?.k === 'objs' && prop === 'push') return { op: 'method', type, target: this.expr(obj), method: prop, args: args.map((a) => this.expr(a)) }; // infer/object-arrays.ts
      if (isRowsReceiver(this.avAt(obj))) { // callbacks and push on a number[][] or its rows (infer/rows.ts)
        if (isCallbackMethod(prop)) return lowerCallbackCall(e, prop, this.expr(obj), type, this.callbacks);
        const target = this.expr(obj);
        const notFunction = prop === 'push' && this.avAt(obj)?.k === 'row' ? calleeText(callee) : undefined; // infer/rows.ts pushOntoRow
        return { op: 'method', type, target, method: prop, args: args.map((a) => this.expr(a)), ...(notFunction !== undefined ? { notFunction } : {}) };
      }
      const compiled = this.t.calls.get(e); // `this.step()`, `o.f(x)` (infer/methods.ts)
      if (compiled) {
        const receiver = compiled.thisParam ? this.expr(obj) : undefined;
        const call = this.callTo(e, compiled, type, receiver);
        // A receiver may be a hole or null. `this` never is: the entry's receiver passed the shape check on entry,
        // and a method's `this` (its receiver parameter) is a receiver its caller already read the method from. The
        // check cost awfy-permute 13% (a call of $recv per recursive method call). Nor is a parameter of the entry,
        // which the dispatcher checked; a callee's may be (`callM(xs[i])` past the end: `p.m()` must throw
        // "reading 'm'", not the method's own "reading 'x'").
        const sure = receiver === undefined || receiver.op === 'this' ||
          (receiver.op === 'local' && (receiver.name === this.t.thisParam?.unique || (this.entry && this.t.params.some((p) => p.unique === receiver.name))));
        return sure || call.op !== 'call' ? call : { ...call, receiverOf: prop };
      }
      const m = this.expr(obj);
      if (m.op !== 'local' || m.type.kind !== 'matrix') return this.fail('unsupported method call', e, `.${prop}()`);
      const method = array2dMethod(prop);
      if (method?.expr) return method.expr(m.name, args.map((x) => this.expr(x)), () => this.provenRow(args[0]!, m.name));
      return this.fail('m.set(i, j, v) is a statement in compiled code', e, '.set()');
    }
    const target = this.t.calls.get(e);
    if (!target) return this.fail('internal: call was not specialized', e, 'call');
    return this.callTo(e, target, type);
  },

  /** A call of the specialization `target`; `receiver`: a method's object, its hidden first argument. */
  callTo(this: Lowering, e: Node, target: Typing, type: Type, receiver?: Expr): Expr {
    const params = target.params;
    // extra arguments (names and literals: infer/analyze.ts callCallee) are dropped, as JS drops them
    const args = ((e.arguments as Node[] | undefined) ?? []).slice(0, params.length);
    const argExprs = args.map((a, i) => {
      const x = this.expr(a);
      return this.coerce(x, typeOf(params[i]!.value!), a);
    });
    if (target.usesRandom) this.usesRandom = true;
    return { op: 'call', type, callee: target.irName, args: receiver ? [receiver, ...argExprs] : argExprs };
  },

  /** `Array(n)` / `new Array(n)` (holes), or `Array(a, b, …)` (those items): a new JS array. */
  arrayOf(this: Lowering, e: Node): Expr {
    const type = this.typeAt(e);
    const args = (e.arguments as Node[]).map((a) => this.expr(a));
    // an array of objects or of rows is a holey JS array too (infer/object-arrays.ts, infer/rows.ts), made by the
    // same call: its holes read `undefined` and its length is n from the start, as in the plain function
    if ((type.kind === 'objects' || (type.kind === 'matrix' && type.layout === 'nested')) && args.length === 1) return { op: 'newArray', type, element: 'num', length: args[0]! };
    // `new Array()` of rows or of objects: an empty JS array, as `[]` is
    if ((type.kind === 'objects' || (type.kind === 'matrix' && type.layout === 'nested')) && args.length === 0) return { op: 'tuple', type, items: [] };
    if (type.kind !== 'array') return this.fail('internal: Array(…) is not an array here', e, 'Array(…)');
    if (args.length === 1) return { op: 'newArray', type, element: type.element, length: args[0]! };
    return { op: 'tuple', type, items: args };
  },

  /**
   * Whether an `i32`-typed value may be `undefined` at run time: an integer-array load (out of bounds) or a
   * variable, call result or tuple item that may hold one. Arithmetic results cannot (undefined + 1 is NaN).
   */
  mayBeUndefined(this: Lowering, e: Expr): boolean {
    switch (e.op) {
      case 'load':
      case 'call':
      case 'tupleGet':
        return true;
      case 'local':
        return !this.t.params.some((p) => p.unique === e.name);
      case 'select':
        return this.mayBeUndefined(e.then) || this.mayBeUndefined(e.else);
      case 'convert':
        return this.mayBeUndefined(e.arg);
      default:
        return false;
    }
  },

  math(this: Lowering, name: string, args: Node[], type: Type, e: Node): Expr {
    if (name === 'random') {
      this.usesRandom = true;
      return { op: 'random', type: F64 };
    }
    const fn = name as MathFunction;
    const row = mathFunction(fn);
    const values = args.map((a) => this.expr(a));
    if (row.roundsIntegers && values[0]!.type.kind === 'i32') {
      // exact: an integer rounds to itself; but a read past the end of an integer array is undefined (typed i32
      // because arithmetic turns it into NaN anyway), and Math.floor(undefined) is NaN, so keep the call there
      if (!this.mayBeUndefined(values[0]!)) return values[0]!;
      return { op: 'math', type: I32, fn, args: values };
    }
    if (row.int32Result) return { op: 'math', type: I32, fn, args: values };
    if (type.kind === 'i32' && values.every((v) => v.type.kind === 'i32')) return { op: 'math', type: I32, fn, args: values };
    const call: Expr = { op: 'math', type: F64, fn, args: values.map((v) => this.coerce(v, F64, e)) };
    return this.coerce(call, type, e);
  },
};
