/**
 * Inference of `ArrayBuffer`s and typed-array views made in compiled code (the rows of `ops/buffers.ts`):
 * `new ArrayBuffer(n)` is a `buffer` value; `new Float64Array(buffer[, byteOffset[, length]])` a view of it (an
 * `array` that shares the buffer's bytes, as in JS); `new Float64Array(xs)` a copy of an array; and the reads
 * `.byteLength`, `.byteOffset`, `.buffer`. Drom's FFT makes its sine table so:
 * `sin = new Float64Array(new ArrayBuffer(8 * N))`.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { describeAV, type AV } from './lattice.js';
import { ELEMENT_BY_NAME, plainElement } from '../types.js';
import { BUFFER_PROPERTIES, VIEW_FORMS } from '../ops/buffers.js';
import type { State } from './flow.js';

/**
 * What these rules need from the walker (`analyze.ts`): the same view as `arrays.ts`.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { bufferConstruction, type BufferHost } from './buffers.js';
 *
 * // A host for `(raw, n) => …`: `raw` is an ArrayBuffer, anything else a number.
 * const host: BufferHost = {
 *   expr: (n) => (n.type === 'Identifier' && n.name === 'raw' ? { k: 'buffer' } : FLOAT),
 *   fail: (message) => { throw new Error(message); },
 *   isGlobal: () => true,
 * };
 * bufferConstruction(parseFunction('(n) => new ArrayBuffer(8 * n)').body, [], host); // → { k: 'buffer' }
 * ```
 */
export interface BufferHost {
  expr(node: Node, state: State): AV;
  fail(message: string, node: Node, construct: string): never;
  /** Whether `name` is the global of that name (nothing local shadows it). */
  isGlobal(name: string): boolean;
}

/**
 * Which construction `node` (a `new` expression) is: `'buffer'` for `new ArrayBuffer(n)`, `'view'` for a typed
 * array over a buffer, `'copy'` for a typed array copying an array, undefined for anything else (`new
 * Float64Array(n)` stays the zero-filled array of `analyze.ts`). Shared with lowering, which passes the
 * first argument's inferred value.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { constructionForm } from './buffers.js';
 *
 * const node = parseFunction('(raw) => new Float64Array(raw)').body;
 * constructionForm(node, { k: 'buffer' }, () => true); // → 'view'
 * constructionForm(node, { k: 'array', element: 'i32' }, () => true); // → 'copy'
 * constructionForm(node, FLOAT, () => true); // → undefined
 * ```
 */
export function constructionForm(node: Node, first: AV | undefined, isGlobal: (name: string) => boolean): 'buffer' | 'view' | 'copy' | undefined {
  const callee = node.callee as Node;
  if (node.type !== 'NewExpression' || callee.type !== 'Identifier' || !isGlobal(callee.name as string)) return undefined;
  if (callee.name === 'ArrayBuffer') return 'buffer';
  if (!Object.hasOwn(ELEMENT_BY_NAME, callee.name as string)) return undefined;
  if (first?.k === 'buffer') return 'view';
  if (first?.k === 'array') return 'copy';
  return undefined;
}

/**
 * The value of `new ArrayBuffer(n)`, `new T(buffer, …)` or `new T(xs)`, or undefined when `node` is none of
 * them. Arguments are checked: lengths and offsets are numbers, a copy's source an array.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { bufferConstruction, type BufferHost } from './buffers.js';
 *
 * // A host for `(raw, n) => …`: `raw` is an ArrayBuffer, anything else a number.
 * const host: BufferHost = {
 *   expr: (n) => (n.type === 'Identifier' && n.name === 'raw' ? { k: 'buffer' } : FLOAT),
 *   fail: (message) => { throw new Error(message); },
 *   isGlobal: () => true,
 * };
 * bufferConstruction(parseFunction('(raw, n) => new Float64Array(raw, 0, n)').body, [], host); // → { k: 'array', element: 'f64' }
 * ```
 */
export function bufferConstruction(node: Node, state: State, host: BufferHost): AV | undefined {
  const callee = node.callee as Node;
  if (callee.type !== 'Identifier' || !host.isGlobal(callee.name as string)) return undefined;
  const isBuffer = callee.name === 'ArrayBuffer';
  if (!isBuffer && !Object.hasOwn(ELEMENT_BY_NAME, callee.name as string)) return undefined;
  const args = node.arguments as Node[];
  for (const a of args) if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
  if (isBuffer) {
    if (args.length !== 1) host.fail('new ArrayBuffer takes one argument (the length in bytes) in compiled code; resizable buffers are not supported', node, 'new ArrayBuffer');
    const n = host.expr(args[0]!, state);
    if (n.k !== 'num') host.fail(`new ArrayBuffer(n) needs a number n, not ${describeAV(n)}`, args[0]!, 'new ArrayBuffer');
    return { k: 'buffer' };
  }
  // a typed array: `new T()` gets analyze.ts's message
  if (args.length === 0) return undefined;
  const first = host.expr(args[0]!, state);
  const element = ELEMENT_BY_NAME[callee.name as string]!;
  if (first.k === 'num' && args.length === 1) return { k: 'array', element }; // `new T(n)`: zero-filled
  const form = first.k === 'buffer' ? VIEW_FORMS.buffer : first.k === 'array' ? VIEW_FORMS.array : undefined;
  if (!form) {
    return host.fail(`new ${callee.name}(…) takes a length, an ArrayBuffer or an array in compiled code, not ${describeAV(first)}`, args[0]!, `new ${callee.name}`);
  }
  if (args.length > form.arity[1]) {
    host.fail(`new ${callee.name}(${first.k === 'buffer' ? 'buffer, byteOffset, length' : 'array'}) takes at most ${form.arity[1]} argument${form.arity[1] > 1 ? 's' : ''}`, node, `new ${callee.name}`);
  }
  for (const a of args.slice(1)) {
    const v = host.expr(a, state);
    if (v.k !== 'num') host.fail(`the byte offset and length of a view are numbers, not ${describeAV(v)}`, a, `new ${callee.name}`);
  }
  return { k: 'array', element };
}

/**
 * `.byteLength`, `.byteOffset` or `.buffer` of a buffer or typed array (`ops/buffers.ts`), or undefined when
 * `o` is neither or `name` not such a property.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { bufferProperty } from './buffers.js';
 *
 * const node = parseFunction('(raw) => raw.byteLength').body;
 * const host = { fail: (message: string): never => { throw new Error(message); } };
 * bufferProperty({ k: 'buffer' }, 'byteLength', node, host); // → { k: 'num', int: true, lo: 0, hi: 9007199254740992 }
 * bufferProperty({ k: 'buffer' }, 'length', node, host); // → throws Error: an ArrayBuffer has no property 'length'…
 * ```
 */
export function bufferProperty(o: AV, name: string, node: Node, host: Pick<BufferHost, 'fail'>): AV | undefined {
  const typed = o.k === 'array' && plainElement(o.element) === undefined;
  if (o.k !== 'buffer' && !typed) return undefined;
  const row = Object.hasOwn(BUFFER_PROPERTIES, name) ? BUFFER_PROPERTIES[name] : undefined;
  if (!row) {
    if (o.k === 'buffer') host.fail(`an ArrayBuffer has no property '${name}' in compiled code (${Object.keys(BUFFER_PROPERTIES).filter((p) => BUFFER_PROPERTIES[p]!.on !== 'typed').join(', ')}); view it with a typed array`, node, `.${name}`);
    return undefined;
  }
  if (row.on === 'buffer' && o.k !== 'buffer') return undefined;
  if (row.on === 'typed' && o.k === 'buffer') return host.fail(`an ArrayBuffer has no property '${name}'`, node, `.${name}`);
  return row.value;
}
