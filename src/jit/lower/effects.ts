/**
 * Lowering of expressions evaluated for their effect, as methods of `lower.ts`'s `Lowering` (acorn's layout:
 * one file per concern, the bodies written against `this`): expression statements, and assignments of every
 * form (`=`, compound, `++`/`--`, destructuring, element and field stores, `Array2D.set`) as IR statements.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { typeOf, elementAV } from '../infer/lattice.js';
import { syntheticOne } from '../infer/analyze.js';
import { array2dMethod } from '../ops/array2d.js';
import { F64 } from '../types.js';
import { hasAssignment, logicalAssignment } from '../infer/statements.js';
import type { Expr, Stmt } from '../ir.js';
import { lowerFieldAssign } from './objects.js';
import type { Lowering } from '../lower.js';
import type { Typing } from '../infer/scope.js';

/**
 * Whether inference reached the effect `e` (a sequence through its first expression, which it records): a
 * loop's update after a body that always returns (`for (…; i++) return x;`) is never reached, nor lowered.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from '../infer/scope.js';
 * import { inferFunction } from '../infer/specialize.js';
 * import { reachedEffect } from './effects.js';
 *
 * const first = parseFunction('function first(n) { for (let i = 0; i < n; i++, n--) return i; return -1; }');
 * const typing = inferFunction(first, [{ kind: 'f64' }], newEnv(() => undefined));
 * reachedEffect(typing, first.body.body[0].update); // → false
 * ```
 */
export function reachedEffect(t: Typing, e: Node): boolean {
  return e.type === 'SequenceExpression' ? reachedEffect(t, (e.expressions as Node[])[0]!) : t.values.has(e);
}

/**
 * The statement-level methods of `Lowering` (`lower.ts`), which delegates `effect` and `assign` here.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * // `a[i] += v` is one store of a[i] + v (a and i are parameters, so nothing is evaluated twice):
 * const f = lowerToIR((a: Float64Array, i: number, v: number) => { a[i]! += v; }, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }, { kind: 'f64' }]);
 * const store = f.functions[0]!.body[0]!;
 * JSON.stringify(store, ['kind', 'value', 'op', 'operator', 'left', 'right', 'name']);
 * // → '{"kind":"store","value":{"op":"binary","operator":"add","left":{"op":"load"},"right":{"op":"local","name":"v"}}}'
 * ```
 */
export const effectRules = {
  effect(this: Lowering, e: Node, out: Stmt[], span: { start: number; end: number }): void {
    switch (e.type) {
      case 'SequenceExpression':
        for (const x of e.expressions as Node[]) this.effect(x, out, span);
        return;
      case 'AssignmentExpression':
        this.assign(e, e.operator.slice(0, -1), e.right, out, e);
        return;
      case 'UpdateExpression': {
        const one = syntheticOne(e);
        this.assign({ ...e, left: e.argument }, e.operator === '++' ? '+' : '-', one, out, e);
        return;
      }
      case 'CallExpression': {
        const callee = e.callee as Node;
        const store = callee.type === 'MemberExpression' && !callee.computed ? array2dMethod(callee.property.name as string)?.statement : undefined;
        if (store) {
          const m = this.expr(callee.object);
          if (m.type.kind === 'matrix' && m.op === 'local') {
            const args = (e.arguments as Node[]).map((a) => this.expr(a));
            out.push(store(m.name, [...args.slice(0, -1), this.coerce(args[args.length - 1]!, F64, e)], span));
            return;
          }
        }
        out.push({ kind: 'expr', expr: this.expr(e), span });
        return;
      }
      default:
        // A bare expression: evaluated for its effects (random draws, calls), its value dropped.
        out.push({ kind: 'expr', expr: this.expr(e), span });
    }
  },

  /** `target op= right` (op `''` for plain assignment); `recordAt` holds the inferred type of the new value. */
  assign(this: Lowering, e: Node, op: string, right: Node, out: Stmt[], recordAt: Node): void {
    if (op === '&&' || op === '||' || op === '??') {
      out.push({ kind: 'expr', expr: this.expr(logicalAssignment(e, this)), span: e }); // `x || (x = v)`
      return;
    }
    const target = e.left as Node;
    const resultType = this.typeAt(recordAt);
    if (target.type === 'Identifier') {
      const b = this.binding(target);
      const type = this.bindingType(b);
      const current: Expr = { op: 'local', type, name: b.unique };
      const value = op === '' ? this.expr(right) : this.arith(op, current, this.expr(right), resultType, right, e);
      out.push({ kind: 'assign', name: b.unique, value: this.coerce(value, type, e), span: e });
      return;
    }
    if (target.type === 'ArrayPattern') {
      const value = this.once(this.expr(right), out, 'd');
      (target.elements as (Node | null)[]).forEach((el, i) => {
        if (!el) return;
        const b = this.binding(el);
        out.push({ kind: 'assign', name: b.unique, value: this.coerce(this.elementAt(value, i, el), this.bindingType(b), el), span: e });
      });
      return;
    }
    if (lowerFieldAssign(this.objects, e, op, right, out, recordAt)) return;
    // element stores: evaluate the object and index once, as JS does for `a[i] += v`
    // JS reads the object and index before the value: a value that assigns (`a[i] = i++`) must not move them
    const moves = hasAssignment(right);
    const obj = this.once(this.expr(target.object), out, 'a', moves);
    const index = this.once(this.expr(target.property), out, 'k', moves);
    const ot = obj.type;
    if (ot.kind === 'array') {
      const elType = typeOf(elementAV(ot.element));
      const current: Expr = { op: 'load', type: elType, element: ot.element, array: obj, index };
      const value = op === '' ? this.expr(right) : this.arith(op, current, this.expr(right), resultType, right, e);
      out.push({ kind: 'store', element: ot.element, array: obj, index, value, span: e });
      return;
    }
    if (ot.kind === 'row') {
      const current: Expr = { op: 'rowGet', type: F64, matrix: ot.matrix, row: obj, col: index };
      const value = op === '' ? this.expr(right) : this.arith(op, current, this.expr(right), resultType, right, e);
      out.push({ kind: 'matrixStore', matrix: ot.matrix, row: obj, col: index, value: this.coerce(value, F64, e), checked: true, span: e });
      return;
    }
    if (ot.kind === 'objects' && op === '') { // an object stored into an array of objects as is (infer/object-arrays.ts)
      out.push({ kind: 'store', element: 'num', array: obj, index, value: this.expr(right), span: e });
      return;
    }
    if (ot.kind === 'matrix' && op === '') { // a row stored into a number[][] as is (infer/rows.ts)
      out.push({ kind: 'store', element: 'num', array: obj, index, value: this.expr(right), span: e });
      return;
    }
    this.fail('cannot assign to this', target, 'assignment');
  },
};
