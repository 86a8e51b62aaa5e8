/**
 * The worker threads of prange loops: one persistent pool per process, started on first use, `unref`ed so
 * idle threads never keep the process alive. Workers sleep in `Atomics.wait` on a shared epoch word (an
 * 11 µs wake-up here, against 27 µs for a message event) and read their work with `receiveMessageOnPort`,
 * synchronously: the calling thread may itself be blocked in `Atomics.wait` for their chunks, so nothing can
 * depend on its event loop. Each worker gets a specialization's generated source once (`module`), then only
 * `job` messages.
 *
 * Liveness: the workers are the children of a small supervisor thread, not of the calling thread, because a
 * worker's `exit` event reaches its parent through the parent's event loop, and the calling thread may be
 * blocked in `Atomics.wait` for that very worker's chunk. The supervisor records each exit in shared memory
 * (`exited`, `deaths`), where a waiting caller sees it (`runtime.ts` waits in slices and checks), and the next
 * job replaces the dead worker.
 *
 * @module
 */
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { extname } from 'node:path';
import { BOOTSTRAP, tsxLoaders } from '../../parallel/pool.js';
import type { RegionMeta } from './outline.js';
import type { RegionJob } from './runtime.js';
import type { WasmRegionCode } from './wasm-regions.js';

/**
 * A specialization's Wasm regions as workers get them: the shared memory they run on, and per region its code
 * or `null` (JavaScript).
 *
 * @example
 * ```ts
 * import type { PoolWasm } from './pool.js';
 *
 * // Two regions, both JavaScript (`null`), on a shared memory every worker maps:
 * const wasm: PoolWasm = { memory: new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true }), code: [null, null] };
 * ```
 */
export interface PoolWasm {
  readonly memory: WebAssembly.Memory;
  readonly code: ReadonlyArray<WasmRegionCode | null>;
}

/**
 * Shared control words: [0] the epoch workers wait on, [1 + w] worker w is ready, [1 + MAX + w] its exit code
 * plus one once it has exited (0 while it lives), [1 + 2 MAX] the number of exits so far, [2 + 2 MAX + w] 1 if
 * worker w's last exit was for running out of memory.
 */
const MAX_WORKERS = 1024;
const EPOCH = 0;
const READY = 1, EXITED = 1 + MAX_WORKERS, DEATHS = 1 + 2 * MAX_WORKERS, OOM = 2 + 2 * MAX_WORKERS;

/**
 * The supervisor thread (CommonJS, evaluated): spawns workers on request and records their exits where a
 * blocked caller can see them. `terminate` (with a delay) is the liveness tests' way to kill a busy worker.
 */
const SUPERVISOR = `
// import(), not require: evaluated workers inherit --input-type=module from a parent started with it.
import('node:worker_threads').then(({ parentPort, workerData, Worker }) => {
  const { control, bootstrap, READY, EXITED, DEATHS, OOM } = workerData;
  const workers = new Map();
  parentPort.on('message', (m) => {
    if (m.type === 'terminate') {
      setTimeout(() => { const w = workers.get(m.index); if (w) w.terminate(); }, m.delay);
      return;
    }
    const index = m.workerData.index, generation = m.generation;
    const worker = new Worker(bootstrap, { eval: true, workerData: m.workerData, transferList: [m.workerData.port], ...(m.resourceLimits ? { resourceLimits: m.resourceLimits } : {}) });
    workers.set(index, worker);
    worker.unref();
    worker.on('message', () => parentPort.postMessage({ type: 'online', index, generation }));
    worker.on('error', (error) => {
      // Node emits this before 'exit': the flag is set before the exit a waiting caller reads.
      if (error && error.code === 'ERR_WORKER_OUT_OF_MEMORY') Atomics.store(control, OOM + index, 1);
      parentPort.postMessage({ type: 'error', index, generation, message: String(error && error.stack || error) });
    });
    worker.on('exit', (code) => {
      if (workers.get(index) === worker) workers.delete(index);
      Atomics.store(control, READY + index, 0);
      Atomics.store(control, EXITED + index, (code >>> 0) + 1);
      Atomics.add(control, DEATHS, 1);
      parentPort.postMessage({ type: 'exit', index, generation, code });
    });
  });
});
`;

const ENTRY = new URL(`./worker${extname(new URL(import.meta.url).pathname) || '.js'}`, import.meta.url);

/**
 * A message to a worker.
 *
 * @example
 * ```ts
 * import type { PoolMessage } from './pool.js';
 *
 * // What a worker receives: a specialization's source once, then jobs of its regions, and finally `stop`.
 * const load: PoolMessage = { type: 'module', id: 3, source: '"use strict"; // the generated code' };
 * const stop: PoolMessage = { type: 'stop' };
 * [load.type, stop.type]; // → [ 'module', 'stop' ]
 * ```
 */
export type PoolMessage =
  | { readonly type: 'module'; readonly id: number; readonly source: string; readonly wasm?: PoolWasm }
  | { readonly type: 'job'; readonly id: number; readonly region: number; readonly job: RegionJob; readonly seat: number }
  | { readonly type: 'stop' }
  /**
   * Fault injection for the liveness tests: in its next job's first chunk the worker calls `process.exit(code)`
   * (`exit`) or blocks forever (`hang`, for `terminateLater`).
   */
  | { readonly type: 'fault'; readonly fault: Fault; readonly code: number };

/**
 * An injected fault (liveness tests): `exit` calls `process.exit(code)`, `hang` blocks forever, `oom`
 * allocates until the worker's heap is exhausted.
 */
type Fault = 'exit' | 'hang' | 'oom';

interface Slot {
  readonly port: MessagePort;
  readonly index: number;
  readonly modules: Set<number>;
  readonly online: Promise<void>;
  /** Which worker of this index it is (a replacement has a new one). */
  readonly generation: number;
  /** Settles `online`; called from the supervisor's messages. */
  readonly started: (error?: Error) => void;
}

class Pool {
  readonly control = new Int32Array(new SharedArrayBuffer(4 * (2 + 3 * MAX_WORKERS)));
  private limits: ResourceLimits | undefined;
  private readonly slots: Slot[] = [];
  private readonly sources = new Map<number, string>();
  private readonly wasm = new Map<number, PoolWasm>();
  private nextId = 0;
  private supervisor: Worker | undefined;
  private faultPending = false;
  private generations = 0;
  private starting = 0;

  /** Records a specialization's source; workers receive it before their first job of it. */
  register(source: string, metas: readonly RegionMeta[]): number {
    void metas;
    const id = this.nextId++;
    this.sources.set(id, source);
    return id;
  }

  /** Records a specialization's Wasm regions, sent with its source (before any job of it: `ParallelRuntime.useWasm`). */
  attachWasm(id: number, wasm: PoolWasm): void {
    this.wasm.set(id, wasm);
  }

  /**
   * Makes sure `n` workers exist. Extra workers are kept (a job uses only as many as the thread count asks
   * for): an idle worker sleeps in `Atomics.wait` and costs no CPU, while starting one costs tens to hundreds
   * of milliseconds.
   */
  grow(n: number): void {
    while (this.slots.length < n) this.slots.push(this.spawn(this.slots.length));
  }

  /** Resolves when the first `n` workers are started and waiting. */
  async ready(n: number): Promise<void> {
    this.grow(n);
    this.replaceExited(n);
    await Promise.all(this.slots.slice(0, n).map((s) => s.online));
  }

  /**
   * Hands `job` of region `region` of specialization `id` to up to `workers` ready workers and wakes them;
   * returns the slot index of each seat (seat `s + 1` of the job is worker `seats[s]`; the caller is seat 0).
   * Workers that have exited are replaced first; their replacements join later jobs once started.
   */
  start(id: number, region: number, job: RegionJob, workers: number): number[] {
    if (this.slots.length < workers) this.grow(workers);
    this.replaceExited(workers);
    const seats: number[] = [];
    for (const s of this.slots) {
      if (seats.length >= workers) break;
      if (Atomics.load(this.control, READY + s.index) !== 1) continue;
      if (!s.modules.has(id)) {
        const wasm = this.wasm.get(id);
        s.port.postMessage({ type: 'module', id, source: this.sources.get(id)!, ...(wasm ? { wasm } : {}) } satisfies PoolMessage);
        s.modules.add(id);
      }
      s.port.postMessage({ type: 'job', id, region, job, seat: seats.length + 1 } satisfies PoolMessage);
      seats.push(s.index);
    }
    if (seats.length) {
      Atomics.add(this.control, EPOCH, 1);
      Atomics.notify(this.control, EPOCH);
    }
    return seats;
  }

  /** Worker exits so far (read from shared memory: valid while this thread's event loop is blocked). */
  deaths(): number {
    return Atomics.load(this.control, DEATHS);
  }

  /** The exit code of worker `index` if it has exited, else `undefined`. */
  exitCode(index: number): number | undefined {
    const v = Atomics.load(this.control, EXITED + index);
    return v === 0 ? undefined : (v - 1) | 0;
  }

  /** Whether worker `index` exited because its heap was exhausted (`ERR_WORKER_OUT_OF_MEMORY`). */
  outOfMemory(index: number): boolean {
    return Atomics.load(this.control, OOM + index) === 1;
  }

  /**
   * Heap limits (`resourceLimits`) of workers started from now on; `undefined`: Node's defaults. For tests
   * that exhaust a worker's memory without exhausting the machine's.
   */
  limitWorkers(limits: ResourceLimits | undefined): void {
    this.limits = limits;
  }

  /**
   * Kills worker `index` after `delay` ms, from the supervisor (so it happens while this thread is blocked in
   * a region): for the liveness tests.
   */
  terminateLater(index: number, delay: number): void {
    this.supervisor?.postMessage({ type: 'terminate', index, delay });
  }

  /**
   * Makes worker `index` exit (or block forever) inside its next job's first chunk: for the liveness tests.
   * That job's caller lets a worker take the first chunk before it takes any (`faultPending`), so that the
   * faulty worker surely holds one.
   */
  injectFault(index: number, fault: Fault, code = 0): void {
    this.slots[index]?.port.postMessage({ type: 'fault', fault, code } satisfies PoolMessage);
    this.faultPending = true;
  }

  /** Whether a fault was injected since the last job (cleared by reading). */
  takeFault(): boolean {
    const pending = this.faultPending;
    this.faultPending = false;
    return pending;
  }

  private replaceExited(n: number): void {
    for (let k = 0; k < Math.min(n, this.slots.length); k++) {
      if (this.exitCode(k) !== undefined) this.slots[k] = this.spawn(k);
    }
  }

  private supervise(): Worker {
    if (this.supervisor) return this.supervisor;
    const supervisor = new Worker(SUPERVISOR, { eval: true, workerData: { control: this.control, bootstrap: BOOTSTRAP, READY, EXITED, DEATHS, OOM } });
    supervisor.on('message', (m: { type: 'online' | 'exit' | 'error'; index: number; generation: number; code?: number; message?: string }) => {
      const slot = this.slots[m.index];
      // A replaced worker's late messages are not its replacement's.
      if (!slot || slot.generation !== m.generation) return;
      if (m.type === 'online') slot.started();
      else if (m.type === 'exit') slot.started(new Error(`prange: worker thread ${m.index} exited with code ${m.code} while starting`));
      else slot.started(new Error(`prange: worker thread ${m.index} failed: ${m.message}`));
    });
    supervisor.on('exit', () => {
      // Every worker went with it: record them as exited, so that waiting callers fail and the next job respawns.
      this.supervisor = undefined;
      for (const s of this.slots) {
        if (this.exitCode(s.index) === undefined) {
          Atomics.store(this.control, READY + s.index, 0);
          Atomics.store(this.control, EXITED + s.index, 1);
          Atomics.add(this.control, DEATHS, 1);
        }
      }
    });
    // After the listeners (adding one refs the worker's port again); `spawn` refs it while workers start.
    supervisor.unref();
    return (this.supervisor = supervisor);
  }

  private spawn(index: number): Slot {
    const { port1, port2 } = new MessageChannel();
    const typescript = /\.[cm]?tsx?$/.test(ENTRY.pathname);
    Atomics.store(this.control, READY + index, 0);
    Atomics.store(this.control, EXITED + index, 0);
    Atomics.store(this.control, OOM + index, 0);
    const generation = ++this.generations;
    this.supervise().postMessage({
      type: 'spawn',
      generation,
      resourceLimits: this.limits,
      workerData: { entry: ENTRY.href, tsx: typescript ? tsxLoaders().filter((api) => !api.includes('/cjs/')) : [], control: this.control, index, port: port2 },
    }, [port2]);
    port1.unref();
    // Starting workers keep the process alive (an awaited threadsReady() must settle); idle ones do not.
    const supervisor = this.supervise();
    if (this.starting++ === 0) supervisor.ref();
    let started: (error?: Error) => void = () => undefined;
    const online = new Promise<void>((resolve, reject) => {
      let settled = false;
      started = (error) => {
        if (settled) return;
        settled = true;
        if (--this.starting === 0) this.supervisor?.unref();
        if (error) reject(error);
        else resolve();
      };
    });
    online.catch(() => undefined);
    return { port: port1, index, modules: new Set(), online, generation, started };
  }
}

/**
 * The process's prange pool.
 *
 * @example
 * ```ts
 * import { CONTROL, pool } from './pool.js';
 *
 * // Start one worker ahead of the first parallel call (memoJit.threadsReady() does this for every thread).
 * await pool.ready(1);
 * Atomics.load(pool.control, CONTROL.ready(0)); // → 1
 * pool.exitCode(0); // → undefined
 * ```
 */
export const pool = new Pool();

/**
 * Positions of the shared control words, for the worker side.
 *
 * @example
 * ```ts
 * import { CONTROL, pool } from './pool.js';
 *
 * // A worker sleeps on the epoch word until the pool bumps it; its ready word says it is waiting.
 * CONTROL.epoch; // → 0
 * CONTROL.ready(2); // → 3
 * const epoch = Atomics.load(pool.control, CONTROL.epoch);
 * Atomics.wait(pool.control, CONTROL.epoch, epoch, 1); // → 'timed-out'
 * ```
 */
export const CONTROL = { epoch: EPOCH, ready: (index: number): number => READY + index } as const;
