/**
 * The side that runs: the entry of every `@parallel` worker thread. It receives chunks, imports the module
 * that defines the function (whose top-level code registers it, see `locate.ts`), runs the items one after
 * the other and replies once per chunk. Scheduling, ordering, retries and cancellation live in `pool.ts`.
 *
 * @module
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { AnyFunction } from '../decorate.js';
import { ParallelLocateError, serializeError, type SerializedError } from './errors.js';
import { compileSource, lookup, parallelState, registeredKeys, type RegisteredFunction } from './locate.js';
import { STOLEN_MAX, Slot, type DoneMessage, type RunBatch, type RunMessage, type Target, type WorkerMessage } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('numbat: src/parallel/worker is the entry of a worker thread; it does nothing elsewhere.');
const progress = (workerData as { progress: Int32Array }).progress;

interface Loaded {
  readonly fn: AnyFunction;
  readonly entry: RegisteredFunction | undefined;
  readonly module: Record<string, unknown> | undefined;
  readonly source: boolean;
}

const loaded = new Map<string, Promise<Loaded>>();

function targetId(target: Target): string {
  return 'source' in target ? `source:${target.source}` : `${target.module}\0${target.key}`;
}

async function load(target: Target, label: string): Promise<Loaded> {
  if ('source' in target) {
    try {
      return { fn: compileSource(target.source), entry: undefined, module: undefined, source: true };
    } catch (error) {
      throw new ParallelLocateError(
        `${label}: its source (source: true) does not compile on its own in the worker: ${(error as Error).message}. ` +
          'Source shipping works for a function or method that uses nothing from outside its own body.',
      );
    }
  }
  const state = parallelState();
  let module: Record<string, unknown>;
  state.importing += 1;
  state.importingModule = target.module;
  try {
    module = (await import(target.module)) as Record<string, unknown>;
  } finally {
    state.importing -= 1;
    state.importingModule = undefined;
  }
  const entry = lookup(target.module, target.key);
  if (!entry) {
    const keys = registeredKeys(target.module);
    throw new ParallelLocateError(
      `${label}: the worker imported ${target.module} but importing it did not apply @parallel to '${target.key}'` +
        `${target.line ? ` (decorated at line ${target.line})` : ''}. A worker finds the function by running the ` +
        'module\'s top-level code again, so the decoration must happen at module top level: a function decorated ' +
        'inside another function (a closure) or under a condition cannot be found. Move `parallel(...)(fn)` to the ' +
        'top level of the module, or, if the function uses no variables from outside its own body, pass ' +
        '`{ source: true }` to ship its source instead.' +
        (keys.length ? ` Functions registered by that module: ${keys.join(', ')}.` : ''),
    );
  }
  return { fn: entry.fn, entry, module, source: false };
}

/** `this` for the call: the class for static methods, a rebuilt instance for instance methods. */
function receiver(item: Loaded, self: RunMessage['self']): unknown {
  const entry = item.entry;
  if (!entry || entry.kind === 'function') return undefined;
  if (entry.kind === 'static') return entry.owner;
  // The class itself is not handed to method decorators; find it among the exports by its installed method.
  let proto: object | null = null;
  for (const value of Object.values(item.module ?? {})) {
    if (typeof value === 'function' && value.prototype && Object.values(Object.getOwnPropertyDescriptors(value.prototype)).some((d) => d.value === entry.wrapper)) {
      proto = value.prototype as object;
      break;
    }
  }
  return Object.assign(Object.create(proto ?? Object.prototype) as object, self?.fields ?? {});
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Smallest buffer worth transferring. The first detach in an isolate makes V8 check for detached buffers in
 * every optimized typed-array access from then on (about 1.3× on a tight loop such as `std`), so small results
 * are copied: copying 1 MiB costs well under a millisecond.
 */
const TRANSFER_MIN_BYTES = 1 << 20;

function transferables(results: unknown[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const r of results) {
    // Only a view that spans its whole buffer is transferred: a view into a larger buffer may be a window on
    // memory the function still uses, and moving that buffer would detach it under the worker's feet.
    if (ArrayBuffer.isView(r) && r.buffer instanceof ArrayBuffer && r.byteOffset === 0 && r.byteLength === r.buffer.byteLength) {
      if (r.byteLength >= TRANSFER_MIN_BYTES) seen.add(r.buffer);
    } else if (r instanceof ArrayBuffer && r.byteLength >= TRANSFER_MIN_BYTES) seen.add(r);
  }
  return [...seen];
}

// What structured clone rebuilds with its own class; an object of any other prototype arrives as a plain object.
const CLONED_PROTOTYPES = new Set<unknown>([
  Object.prototype, Array.prototype, Date.prototype, RegExp.prototype, Map.prototype, Set.prototype,
  ArrayBuffer.prototype, SharedArrayBuffer.prototype, DataView.prototype, Boolean.prototype, String.prototype,
  Number.prototype, BigInt.prototype, Error.prototype, EvalError.prototype, RangeError.prototype,
  ReferenceError.prototype, SyntaxError.prototype, TypeError.prototype, URIError.prototype, null,
]);

/**
 * The class name of the first object inside `value` that structured clone will turn into a plain object
 * (an instance of a user's class, which loses its methods on the way back), or `undefined`. Looks at a
 * bounded number of objects, so a large result costs no more than a few dozen checks.
 */
function lostClass(value: object): string | undefined {
  const stack: unknown[] = [value];
  for (let budget = 64; stack.length > 0 && budget > 0; budget--) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    const proto: unknown = Object.getPrototypeOf(v);
    if (!CLONED_PROTOTYPES.has(proto)) {
      return ((proto as { constructor?: { name?: string } }).constructor?.name) || '(anonymous class)';
    }
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else if (Array.isArray(v) || proto === Object.prototype || proto === null) {
      for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
  return undefined;
}

async function runChunk(message: RunMessage): Promise<{ reply: DoneMessage; transfer: ArrayBuffer[] }> {
  const id = targetId(message.target);
  let pending = loaded.get(id);
  if (!pending) {
    pending = load(message.target, message.label);
    loaded.set(id, pending);
    // A failed load is not cached: the module may import fine next time (a transient file-system error).
    pending.catch(() => loaded.delete(id));
  }
  let item: Loaded;
  try {
    item = await pending;
  } catch (error) {
    return { reply: { type: 'done', id: message.id, results: [], errors: [], fatal: serializeError(error) }, transfer: [] };
  }
  if (message.notifyStart) port!.postMessage({ type: 'started', id: message.id } satisfies WorkerMessage);
  const self = receiver(item, message.self);
  const { cols, count } = message;
  const arity = cols.length;
  const fn = item.fn;
  const c0 = cols[0];
  const c1 = cols[1];
  const results: unknown[] = new Array<unknown>(count);
  const errors: Array<{ at: number; error: SerializedError }> = [];
  let allNumbers = true;
  let lost: DoneMessage['lostClass'];
  Atomics.store(progress, Slot.Chunk, message.id & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    Atomics.store(progress, Slot.Current, i);
    try {
      let r: unknown;
      // Direct calls for the common arities: no argument array per item.
      if (arity === 1) r = fn.call(self, c0![i]);
      else if (arity === 2) r = fn.call(self, c0![i], c1![i]);
      else {
        const args = new Array<unknown>(arity);
        for (let p = 0; p < arity; p++) args[p] = cols[p]![i];
        r = fn.apply(self, args);
      }
      // Awaiting only real promises: an `await` per synchronous result would cost a microtask per item.
      if (isThenable(r)) r = await r;
      results[i] = r;
      if (typeof r !== 'number') {
        allNumbers = false;
        if (lost === undefined && typeof r === 'object' && r !== null) {
          const cls = lostClass(r);
          if (cls) lost = { at: i, className: cls };
        }
      }
    } catch (error) {
      allNumbers = false;
      const e = serializeError(error);
      errors.push({
        at: i,
        error: item.source && e.name === 'ReferenceError'
          ? { ...e, message: `${e.message} (with source: true the function may use nothing from outside its own body)` }
          : e,
      });
    }
    Atomics.store(progress, Slot.DoneInChunk, i + 1);
  }
  Atomics.store(progress, Slot.Current, -1);
  if (allNumbers && count >= 16) {
    const packed = Float64Array.from(results as number[]);
    return { reply: { type: 'done', id: message.id, results: packed, errors }, transfer: packed.byteLength >= TRANSFER_MIN_BYTES ? [packed.buffer] : [] };
  }
  return {
    reply: { type: 'done', id: message.id, results, errors, ...(lost ? { lostClass: lost } : {}) },
    transfer: message.transferResults ? transferables(results) : [],
  };
}

async function flushOutput(): Promise<void> {
  // Worker stdout is piped to the parent asynchronously: wait until it drained before replying, so that
  // what a task printed appears before the caller sees its result (tinypool does the same).
  if (process.stdout.writableLength > 0) await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  if (process.stderr.writableLength > 0) await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
}

// Chunks run one after the other, as a process in a multiprocessing pool would: the pool may post the next
// chunks before this one ends (to hide the message latency), and they wait here. Replies to chunks that
// were already waiting go back in one message: with one task per chunk, a message each way per task is
// what limits throughput, and the pool pipelines up to 16 chunks per worker for that case.
const queue: RunMessage[] = [];
let running = false;

function pullWaiting(): void {
  for (let m = receiveMessageOnPort(port!); m; m = receiveMessageOnPort(port!)) {
    const message = m.message as RunMessage | RunBatch;
    if (message.type === 'runs') queue.push(...message.runs);
    else queue.push(message);
  }
}

function send(replies: DoneMessage[], transfer: ArrayBuffer[]): void {
  const message: WorkerMessage = replies.length === 1 ? replies[0]! : { type: 'batch', replies };
  try {
    port!.postMessage(message, transfer);
  } catch {
    // Some result cannot be cloned (a function, a symbol, an object holding one): only its item fails, named,
    // and every other result of the chunk goes back.
    for (const reply of replies) port!.postMessage(withoutUncloneable(reply));
  }
}

function withoutUncloneable(reply: DoneMessage): DoneMessage {
  if (!Array.isArray(reply.results)) return reply; // packed numbers always clone
  const results = reply.results.slice();
  const errors = [...reply.errors];
  for (let i = 0; i < results.length; i++) {
    try {
      structuredClone(results[i]);
    } catch (error) {
      const e = serializeError(error);
      results[i] = undefined;
      errors.push({
        at: i,
        error: {
          name: 'DataCloneError',
          message: `its result could not be sent back to the main thread: ${e.message}. Results must be ` +
            'structured-cloneable (numbers, strings, plain objects, arrays, typed arrays, Map, Set, Date…); functions and symbols are not.',
          stack: e.stack,
        },
      });
    }
  }
  errors.sort((a, b) => a.at - b.at);
  return { ...reply, results, errors };
}

/**
 * Claims a chunk before running it. The pool may take back a chunk still waiting here for a worker that
 * went idle (see `Pool.steal`); the lock makes the two sides agree on which chunks this worker runs.
 */
function commit(id: number): boolean {
  const mine = id & 0x7fffffff;
  while (Atomics.compareExchange(progress, Slot.Lock, 0, 1) !== 0);
  try {
    for (let k = Slot.Stolen; k < Slot.Stolen + STOLEN_MAX; k++) {
      if (Atomics.load(progress, k) === mine) {
        Atomics.store(progress, k, -1);
        return false;
      }
    }
    Atomics.store(progress, Slot.Started, mine);
    return true;
  } finally {
    Atomics.store(progress, Slot.Lock, 0);
  }
}

async function drain(): Promise<void> {
  running = true;
  try {
    const replies: DoneMessage[] = [];
    let transfer: ArrayBuffer[] = [];
    let since = performance.now();
    for (;;) {
      pullWaiting();
      const message = queue.shift();
      if (!message) {
        if (replies.length === 0) break;
        // Replies held for a chunk that was then taken back (the queue looked non-empty) go out now; the
        // loop looks at the queue again, as chunks may have arrived meanwhile.
        await flushOutput();
        send(replies.splice(0), transfer);
        transfer = [];
        continue;
      }
      if (!commit(message.id)) continue; // the pool gave it to an idle worker
      if (message.notifyStart && replies.length > 0) {
        // A timed run: the pool's clock runs on its oldest unanswered chunk, so a reply held while this chunk
        // runs (for as long as it takes) would make a finished item time out.
        await flushOutput();
        send(replies.splice(0), transfer);
        transfer = [];
        since = performance.now();
      }
      const done = await runChunk(message);
      Atomics.store(progress, Slot.Chunk, -1);
      Atomics.store(progress, Slot.DoneInChunk, 0);
      replies.push(done.reply);
      transfer = transfer.concat(done.transfer);
      pullWaiting();
      // Hold replies only while more chunks wait and only briefly, so results and progress stay live.
      if (queue.length === 0 || replies.length >= 64 || performance.now() - since > 2) {
        await flushOutput();
        send(replies.splice(0), transfer);
        transfer = [];
        since = performance.now();
      }
    }
  } finally {
    running = false;
  }
}

port.on('message', (message: RunMessage | RunBatch) => {
  if (message.type === 'runs') queue.push(...message.runs);
  else queue.push(message);
  if (!running) void drain();
});
