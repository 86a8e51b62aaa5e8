/**
 * JavaScript for the object nodes of `ir/objects.ts`. Each is the JS operation the plain function performs
 * (`o.x`, `o.x = v`, `xs[i]`, `{ a: x }`, `this`), so results, aliasing and errors are the plain function's.
 *
 * @module
 */
import type { Expr, Stmt } from '../ir.js';
import type { ObjectExpr, FieldStore } from '../ir/objects.js';
import { fieldAccess, keyText } from '../ops/shapes.js';
import { userName } from './names.js';

/**
 * The code of an object expression, its operands emitted by `emit`.
 *
 * @example
 * ```ts
 * import type { Expr } from '../ir.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { objectExprCode } from './objects.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const point = { kind: 'object', shape: makeShape([{ name: 'x', type: F64 }, { name: 'y', type: F64 }]) } as const;
 * const p: Expr = { op: 'local', type: point, name: 'p' };
 * const emit = (e: Expr) => (e.op === 'local' ? e.name : '?');
 * objectExprCode({ op: 'field', type: F64, object: p, name: 'x' }, emit); // → 'p.x'
 * ```
 */
export function objectExprCode(e: ObjectExpr, emit: (x: Expr) => string): string {
  switch (e.op) {
    case 'this':
      return 'this';
    case 'unset':
      return 'undefined';
    case 'field':
      return fieldAccess(emit(e.object), e.name);
    case 'object':
      return `({ ${e.fields.map((f) => `${keyText(f.name)}: ${emit(f.value)}`).join(', ')} })`;
    case 'objectAt':
      return `${emit(e.array)}[${emit(e.index)}]`;
    case 'construct':
      return `new ${userName(e.ctor)}(${e.args.map(emit).join(', ')})`;
  }
}

/** Whether `e` is one of the object expressions. */
export function isObjectExpr(e: Expr): e is ObjectExpr {
  return e.op === 'this' || e.op === 'field' || e.op === 'object' || e.op === 'objectAt' || e.op === 'unset' || e.op === 'construct';
}

/**
 * `o.name = value`, the value stored as is (a typed array store would convert it; a field keeps it).
 *
 * @example
 * ```ts
 * import type { Expr } from '../ir.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { fieldStoreCode } from './objects.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const point = { kind: 'object', shape: makeShape([{ name: 'x', type: F64 }, { name: 'y', type: F64 }]) } as const;
 * const p: Expr = { op: 'local', type: point, name: 'p' };
 * const emit = (e: Expr) => (e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : '?');
 * fieldStoreCode({ kind: 'fieldStore', object: p, name: 'x', value: { op: 'const', type: F64, value: 1 } }, emit); // → 'p.x = 1'
 * ```
 */
export function fieldStoreCode(s: Extract<Stmt, FieldStore>, emit: (x: Expr) => string): string {
  return `${fieldAccess(emit(s.object), s.name)} = ${emit(s.value)}`;
}
