/**
 * Lowering of expressions, as methods of `lower.ts`'s `Lowering` (acorn's layout: one file per concern, the
 * bodies written against `this`): literals, names, operators through the rows of `ops/operators.ts`, member
 * reads, conditionals and constructions, each with its conversions made explicit. Calls are `calls.ts`'s.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { isI32 } from '../infer/lattice.js';
import { isArrayValue } from '../infer/array-tests.js';
import { isNullableRead } from '../infer/field-null.js';
import { syntheticOne } from '../infer/analyze.js';
import { foldConstant } from '../ops/constants.js';
import { lowerFrozen } from '../infer/outer.js';
import { lowerGlobalValue } from '../infer/globals.js';
import { BINARY_OPERATORS, UNARY_OPERATORS, binaryOperator, compareOperator, squareExponent, unaryOperator } from '../ops/operators.js';
import { F64, I32, BOOL, VOID, STRING, ELEMENT_BY_NAME, isArrayType, type Type } from '../types.js';
import { bitOperand, lowerEffect, lowerNullish, lowerSequence, lowerTypeTest } from './statements.js';
import { logicalAssignment, typeTestOf } from '../infer/statements.js';
import type { Expr, CompareOperator } from '../ir.js';
import { staticKey } from '../ops/shapes.js';
import { lowerConstruct, lowerField, lowerObjectAt, lowerObjectExpr } from './objects.js';
import { lowerBufferProperty, lowerConstruction } from './buffers.js';
import { isNestedRow } from './for-of.js';
import type { Lowering } from '../lower.js';

/**
 * The expression methods of `Lowering` (`lower.ts`), which delegates `expr`, `compare`, `arith` and `member`
 * here.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * const [ret] = lowerToIR((x: number) => x * 2, [{ kind: 'f64' }]).functions[0]!.body;
 * JSON.stringify(ret, ['kind', 'value', 'op', 'operator', 'left', 'right', 'name']);
 * // → '{"kind":"return","value":{"op":"binary","operator":"mul","left":{"op":"local","name":"x"},"right":{"value":2,"op":"const"}}}'
 * ```
 */
export const expressionRules = {
  expr(this: Lowering, e: Node): Expr {
    // a function value is never materialized: calls through it are direct (infer/functions.ts)
    if (this.t.values.get(e)?.k === 'fn') return { op: 'absent', type: VOID, value: 'undefined' };
    switch (e.type) {
      case 'Literal':
        if (e.value === null) return { op: 'nullRow', type: { kind: 'null' } };
        if (typeof e.value === 'string') return { op: 'string', type: STRING, value: e.value }; // infer/strings.ts
        return { op: 'const', type: this.typeAt(e), value: e.value as number | boolean };
      case 'Identifier': {
        const b = this.t.refs.get(e);
        if (!b) {
          if (e.name === 'undefined') return { op: 'absent', type: VOID, value: 'undefined' };
          const outside = lowerFrozen(e, this.typeAt(e)) ?? lowerGlobalValue(e, this.typeAt(e));
          if (outside) return outside;
          return this.fail(`'${e.name}' cannot be used as a value here`, e, e.name);
        }
        if (b.kind === 'function') this.fail(`'${e.name}' is a function: call it`, e, e.name);
        if (b.value?.k === 'void') return { op: 'absent', type: VOID, value: 'undefined' }; // a parameter not passed
        return { op: 'local', type: this.bindingType(b), name: b.unique };
      }
      case 'BinaryExpression': {
        const test = typeTestOf(e);
        if (test && isNullableRead(test.operand)) {
          // `this.out === null` where the field may be null: the real field compared (infer/field-null.ts)
          return { op: 'compare', type: BOOL, operator: test.negated ? 'ne' : 'eq', left: this.expr(test.operand), right: { op: 'nullRow', type: { kind: 'null' } } };
        }
        // a row of a number[][] tested for undefined (a hole of `Array(n)`) is the JS test; compared with null, a row
        const operand = this.t.values.get(test?.operand as Node);
        const holeTest = operand?.k === 'row' && operand.layout === 'nested' && (test!.is === 'undefined' || test!.is === 'object');
        if (test && (operand?.k !== 'row' || holeTest) && !(test.undefinedId && this.t.refs.has(test.undefinedId))) return lowerTypeTest(this, test);
        const cmp = compareOperator(e.operator as string);
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        if (cmp) return this.compare(cmp, l, r, e);
        return this.arith(e.operator, l, r, this.typeAt(e), e.right, e);
      }
      case 'LogicalExpression': {
        if (e.operator === '??') return lowerNullish(this, e);
        const type = this.typeAt(e);
        // a boolean && / || is only used for truthiness, so each side is a condition (`k && a > 0`)
        const side = (n: Node): Expr => (type.kind === 'bool' ? this.cond(n) : this.coerce(this.expr(n), type, n));
        if (!this.t.values.has(e.right)) return side(e.left); // never reached: the left side decides
        if (e.operator === '&&' && isArrayValue(this.avAt(e.left)) && !isNullableRead(e.left)) return side(e.right); // an array is truthy (infer/array-tests.ts)
        return { op: 'logical', type, operator: e.operator === '&&' ? 'and' : 'or', left: side(e.left), right: side(e.right) };
      }
      case 'UnaryExpression': {
        const valueOf = e.operator === '+' ? this.t.calls.get(e) : undefined; // `+adder` calls its valueOf() (infer/methods.ts)
        if (valueOf) return this.callTo(e, valueOf, this.typeAt(e), valueOf.thisParam ? this.expr(e.argument) : undefined);
        if (e.operator === 'void' && e.argument.type === 'Literal') return { op: 'absent', type: VOID, value: 'undefined' };
        const folded = foldConstant(e, () => true);
        if (folded) return { op: 'const', type: this.typeAt(e), value: folded.value };
        const arg = this.expr(e.argument);
        const type = this.typeAt(e);
        const operator = unaryOperator(e.operator as string);
        // unary + on a number (inference refused every other operator); an f64 may hold undefined (a read past
        // an array's end, infer/unset.ts, ops/absent-fields.ts), which + makes NaN: -(-x) does that, and is x otherwise
        if (!operator && (arg.type.kind === 'numbool' || arg.type.kind === 'bool')) return this.coerce(arg, F64, e); // `+fact` (infer/num-or-bool.ts)
        if (!operator) return arg.type.kind === 'f64' ? { op: 'unary', type: F64, operator: 'neg', arg: { op: 'unary', type: F64, operator: 'neg', arg } } : arg;
        switch (UNARY_OPERATORS[operator].operand) {
          case 'number':
            if (type.kind === 'i32' && arg.type.kind !== 'i32') {
              // -(2147483647 + 1) is an int32 whose operand is not: negate in f64, then convert exactly
              return this.coerce({ op: 'unary', type: F64, operator, arg }, type, e);
            }
            return { op: 'unary', type, operator, arg: this.coerce(arg, type, e) };
          case 'condition':
            return { op: 'unary', type: BOOL, operator, arg: isNullableRead(e.argument) ? this.cond(e.argument) : this.toBool(arg) }; // `!this.out` (infer/field-null.ts)
          case 'int32':
            return { op: 'unary', type: I32, operator, arg };
        }
      }
      case 'ConditionalExpression': {
        const type = this.typeAt(e);
        // a branch inference ruled out (a type test the specialization decides) is never analyzed
        // `i < n ? xs[i] : undefined` (a number that may be undefined): the undefined itself, as the JS backend holds it
        const branch = (n: Node): Expr => (this.t.values.get(n)?.k === 'void' && type.kind === 'f64' ? { op: 'absent', type, value: 'undefined' } : this.coerce(this.expr(n), type, n));
        if (!this.t.values.has(e.consequent)) return this.coerce(this.expr(e.alternate), type, e.alternate);
        if (!this.t.values.has(e.alternate)) return this.coerce(this.expr(e.consequent), type, e.consequent);
        return {
          op: 'select',
          type,
          cond: this.cond(e.test),
          then: branch(e.consequent),
          else: branch(e.alternate),
        };
      }
      case 'MemberExpression':
        return this.member(e);
      case 'CallExpression':
        return this.call(e);
      case 'NewExpression': {
        if (isArrayType(this.typeAt(e)) && e.callee.name === 'Array') return this.arrayOf(e); // objects, rows: infer/object-arrays.ts, infer/rows.ts
        const built = lowerConstruction(e, this.buffers); // `new ArrayBuffer(n)`, views (lower/buffers.ts)
        if (built) return built;
        const instance = lowerConstruct(this.objects, e); // `new Adder()` (infer/classes.ts)
        if (instance) return instance;
        const element = ELEMENT_BY_NAME[e.callee.name as string]!;
        return { op: 'newArray', type: { kind: 'array', element }, element, length: this.expr((e.arguments as Node[])[0]!) };
      }
      case 'AssignmentExpression':
        if (/^(&&|\|\||\?\?)=$/.test(e.operator)) return this.expr(logicalAssignment(e, this)); // its value is `x || (x = v)`'s
        return lowerEffect(this, e, syntheticOne(e));
      case 'UpdateExpression':
        return lowerEffect(this, e, syntheticOne(e));
      case 'SequenceExpression':
        return lowerSequence(this, e);
      case 'ArrayExpression': {
        const items = (e.elements as Node[]).map((el) => this.expr(el));
        return { op: 'tuple', type: this.typeAt(e), items };
      }
      default:
        return lowerObjectExpr(this.objects, e) ?? this.fail(`${e.type} is not supported`, e, e.type);
    }
  },

  compare(this: Lowering, operator: CompareOperator, l: Expr, r: Expr, e: Node): Expr {
    // compared as they are: booleans, strings, objects and null (`next === null`: identity), and arrays (`out ===
    // data`: references, infer/array-tests.ts; Wasm refuses, wasm/gen-expressions.ts)
    const asTheyAre = (x: Expr): boolean => x.type.kind === 'string' || x.type.kind === 'object' || isArrayType(x.type);
    // booleans and numbers-or-booleans too under ===/!== (type, then value); relational comparisons convert them
    // to numbers below, as JS does (`true > 0`)
    const scalar = (x: Expr): boolean => (x.type.kind === 'bool' || x.type.kind === 'numbool') && (operator === 'eq' || operator === 'ne');
    if (asTheyAre(l) || asTheyAre(r) || scalar(l) || scalar(r)) return { op: 'compare', type: BOOL, operator, left: l, right: r };
    const isRowish = (x: Expr): boolean => x.type.kind === 'row' || x.type.kind === 'null';
    if (isRowish(l) || isRowish(r)) {
      if (l.op !== 'nullRow' && r.op !== 'nullRow') {
        this.fail('rows can only be compared with null (two rows may be the same object in JS)', e, 'row comparison');
      }
      const rowType = l.type.kind === 'row' ? l.type : r.type;
      return { op: 'compare', type: BOOL, operator, left: this.coerce(l, rowType, e), right: this.coerce(r, rowType, e) };
    }
    const type = l.type.kind === 'i32' && r.type.kind === 'i32' ? I32 : F64;
    return { op: 'compare', type: BOOL, operator, left: this.coerce(l, type, e), right: this.coerce(r, type, e) };
  },

  /** Arithmetic or bitwise `l op r` whose result inference typed as `type`. */
  arith(this: Lowering, op: string, l: Expr, r: Expr, type: Type, rightNode: Node, e: Node): Expr {
    const operator = binaryOperator(op);
    if (!operator) return this.fail(`the operator ${op} is not supported`, e, `${op} operator`);
    if (BINARY_OPERATORS[operator].operands === 'int32') {
      // ToInt32/ToUint32 of any number: operands keep their own types (a boolean is 1 or 0 first)
      return { op: 'binary', type, operator, left: bitOperand(l), right: bitOperand(r) };
    }
    if (operator === 'pow' && squareExponent(rightNode)) {
      const arg = type.kind === 'i32' && l.type.kind === 'i32' ? l : this.coerce(l, F64, e);
      return this.coerce({ op: 'unary', type: arg.type, operator: 'square', arg }, type, e);
    }
    if (type.kind === 'i32' && l.type.kind === 'i32' && r.type.kind === 'i32') {
      return { op: 'binary', type: I32, operator, left: l, right: r };
    }
    // Computed in f64; an i32 result (proved integral) is converted back exactly.
    const value: Expr = { op: 'binary', type: F64, operator, left: this.coerce(l, F64, e), right: this.coerce(r, F64, e) };
    return this.coerce(value, type, e);
  },

  member(this: Lowering, e: Node): Expr {
    const obj = e.object as Node;
    const frozenField = lowerFrozen(e, this.typeAt(e)); // `glMatrix.EPSILON` (infer/outer-objects.ts)
    if (frozenField) return frozenField;
    const folded = foldConstant(e, (id) => !this.t.refs.has(id));
    if (folded) return { op: 'const', type: folded.exact ? this.typeAt(e) : F64, value: folded.value };
    const o = this.expr(obj);
    const ot = o.type;
    if (!e.computed) {
      const prop = e.property.name as string;
      if (ot.kind === 'array' && prop === 'length') return { op: 'length', type: I32, array: o };
      if (ot.kind === 'matrix' && o.op === 'local') return { op: prop === 'cols' ? 'cols' : 'rows', type: I32, matrix: o.name };
      if (ot.kind === 'row' && prop === 'length') return { op: 'cols', type: I32, matrix: ot.matrix, ...(o.op === 'local' && !ot.nullable && !isNestedRow(this.avAt(obj)) ? {} : { of: o }) };
      return lowerField(this.objects, e, o, prop) ?? lowerBufferProperty(e, o, prop, this.buffers) ?? this.fail(`no property ${prop}`, e, `.${prop}`);
    }
    if (ot.kind === 'object') return lowerField(this.objects, e, o, staticKey(e)!)!;
    const index = this.expr(e.property);
    if (ot.kind === 'array') return { op: 'load', type: this.typeAt(e), element: ot.element, array: o, index };
    if (ot.kind === 'row') return { op: 'rowGet', type: F64, matrix: ot.matrix, row: o, col: index };
    if (ot.kind === 'matrix' && o.op === 'local') {
      const inBounds = this.provenRow(e.property, o.name);
      return {
        op: 'rowOf', type: { kind: 'row', matrix: o.name, nullable: false }, matrix: o.name,
        index: this.coerce(index, isI32(this.avAt(e.property)) ? I32 : F64, e), ...(inBounds ? { inBounds } : {}),
      };
    }
    if (ot.kind === 'tuple') return { op: 'tupleGet', type: this.typeAt(e), tuple: o, index: e.property.value as number };
    return lowerObjectAt(o, index) ?? this.fail('cannot index this value', e, 'indexing');
  },
};
