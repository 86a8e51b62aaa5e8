/**
 * Results of compiled functions in numbat memory: a typed array the code allocates (`new Float64Array(n)`) and
 * returns is made in numbat's shared `WebAssembly.Memory` instead of the JS heap, so the next Wasm kernel, a
 * prange loop or a `@parallel` worker takes it without a copy. The Wasm backend already hands its array results
 * back in numbat memory (`wasm/runtime.ts`, `adoptCopy`); this is the JS backend's side of the same rule, for
 * arrays of at least 64 KiB ({@link SMALLEST_NUMBAT_RESULT}: smaller ones cost more to allocate there than to copy)
 * where numbat memory has room without growing (below).
 *
 * Lifetime: like every numbat array, the result's block is freed when the array is no longer referenced (a
 * `FinalizationRegistry`), or at once by `numbat.free(result)`, or at the end of a `numbat.scope()` that
 * adopted it (`s.adopt(result)`).
 *
 * Numbat memory is never grown for a result. Its blocks return only when the collector finalizes their arrays,
 * and V8 does not count numbat's bytes as its own, so a function returning a large array in a loop grew the
 * memory on every call: row-norms (1.6 MB results) ran 3.4× slower than with `new Float64Array` on the loaded
 * machine. A result goes to numbat memory when a freed block or the memory's unused end holds it (space the
 * program's own numbat arrays made) and leaves the room Wasm calls take above the heap's end (else the next Wasm
 * call would grow the memory again: `memory/heap.ts`, `leavesRoom`), else to the JS heap.
 *
 * Which allocations: those whose array is observed only through its elements and length. A local that holds the
 * allocation and is read for anything else (`.buffer`, `.byteOffset`, passed to a call, copied into another
 * local) keeps JS's own constructor, since a view of the shared memory has another buffer and offset than a
 * fresh array, and the plain function's answer to those reads would differ.
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction } from '../ir.js';
import { ARRAY_CONSTRUCTORS, type ElementKind } from '../types.js';
import { f32, f64, i16, i32, i8, u16, u32, u8 } from '../../memory/index.js';
import { leavesRoom } from '../../memory/heap.js';

const chosen = new WeakMap<IRFunction, ReadonlySet<Expr>>();

/**
 * The `newArray` nodes of `fn` whose arrays it returns and observes only through elements and length: the ones
 * the JS backend allocates in numbat memory.
 *
 * @example
 * ```ts
 * import { lowerToIR } from '../pipeline.js';
 * import { returnedAllocations } from './results.js';
 *
 * function squares(n: number) {
 *   const out = new Float64Array(n);
 *   for (let i = 0; i < n; i++) out[i] = i * i;
 *   return out;
 * }
 * returnedAllocations(lowerToIR(squares, [{ kind: 'i32' }]).functions.at(-1)!).size; // → 1
 * ```
 */
export function returnedAllocations(fn: IRFunction): ReadonlySet<Expr> {
  const known = chosen.get(fn);
  if (known) return known;
  const direct = new Set<Expr>();
  const returnedLocals = new Set<string>();
  const uses = new Map<string, number>();
  const plainUses = new Map<string, number>();
  const count = (m: Map<string, number>, name: string): void => void m.set(name, (m.get(name) ?? 0) + 1);
  const localName = (e: Expr | null): string | undefined => (e?.op === 'local' && e.type.kind === 'array' ? e.name : undefined);
  const assigned = new Map<string, Expr[]>();
  walkIR(fn.body, {
    expr: (e) => {
      const name = localName(e);
      if (name !== undefined) count(uses, name);
      if (e.op === 'load' || e.op === 'length') {
        const of = localName(e.array);
        if (of !== undefined) count(plainUses, of);
      }
    },
    stmt: (s) => {
      if (s.kind === 'return') {
        if (s.value?.op === 'newArray') direct.add(s.value);
        const name = localName(s.value);
        if (name !== undefined) { returnedLocals.add(name); count(plainUses, name); }
      } else if (s.kind === 'store') {
        const of = localName(s.array);
        if (of !== undefined) count(plainUses, of);
      } else if ((s.kind === 'declare' || s.kind === 'assign')) {
        const value = s.kind === 'declare' ? s.init : s.value;
        if (value.op === 'newArray') assigned.set(s.name, [...(assigned.get(s.name) ?? []), value]);
      }
    },
  });
  const out = new Set<Expr>(direct);
  for (const name of returnedLocals) {
    // every read of the local is an element, its length or the return itself
    if ((uses.get(name) ?? 0) !== (plainUses.get(name) ?? 0)) continue;
    for (const e of assigned.get(name) ?? []) out.add(e);
  }
  chosen.set(fn, out);
  return out;
}

const FACTORIES: Partial<Record<ElementKind, (n: number) => ArrayBufferView>> = { f64, f32, i32, u32, i16, u16, i8, u8 };
/** Past this many bytes a result stays on the JS heap: numbat memory is one 32-bit address space for everything. */
const LARGEST = 2 ** 30;
/**
 * Below this many bytes a result stays on the JS heap. Numbat's allocator (a free list, blocks returned by a
 * `FinalizationRegistry`) took 27–120 µs per small array on the loaded machine against 0.6–20 µs for
 * `new Float64Array`, far more than copying such an array into Wasm memory costs (about 5 µs for 64 KiB), so a
 * function returning small arrays in a loop would pay for nothing.
 */
export const SMALLEST_NUMBAT_RESULT = 64 * 1024;

/**
 * `new <kind>Array(length)` for a returned array: a zero-filled numbat array when `length` is a whole number
 * of at least {@link SMALLEST_NUMBAT_RESULT} bytes and numbat memory holds it without growing, else JS's own
 * constructor, with JS's own result or RangeError (a small array, a fractional length, a negative one, a
 * Uint8ClampedArray, a full numbat memory).
 *
 * @example
 * ```ts
 * import { f64, free, isNumbatArray } from 'numbat';
 * import { numbatResult } from './results.js';
 *
 * free(f64(1 << 20)); // numbat memory has room for 8 MiB now
 * isNumbatArray(numbatResult('f64', 8192)); // → true
 * isNumbatArray(numbatResult('f64', 4)); // → false
 * (numbatResult('f64', 3) as Float64Array).length; // → 3
 * ```
 */
export function numbatResult(kind: ElementKind, length: number): ArrayBufferView {
  const make = FACTORIES[kind];
  // every kind a `newArray` node names is a typed array's
  const ctor = ARRAY_CONSTRUCTORS[kind] as unknown as { new (n: number): ArrayBufferView; readonly BYTES_PER_ELEMENT: number };
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  if (make && Number.isInteger(length) && bytes >= SMALLEST_NUMBAT_RESULT && bytes <= LARGEST && leavesRoom(bytes)) {
    try {
      return make(length);
    } catch (error) {
      // numbat memory could not grow: the JS heap may still hold it, as the plain function's would be
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return new ctor(length);
}
