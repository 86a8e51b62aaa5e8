/**
 * The worker threads of prange loops: one persistent pool per process, started on first use, `unref`ed so
 * idle threads never keep the process alive. Workers sleep in `Atomics.wait` on a shared epoch word (an
 * 11 µs wake-up here, against 27 µs for a message event) and read their work with `receiveMessageOnPort`,
 * synchronously: the calling thread may itself be blocked in `Atomics.wait` for their chunks, so nothing can
 * depend on its event loop. Each worker gets a specialization's generated source once (`module`), then only
 * `job` messages.
 *
 * @module
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { extname } from 'node:path';
import { BOOTSTRAP, tsxLoaders } from '../../parallel/pool.js';
import type { RegionMeta } from './outline.js';
import type { RegionJob } from './runtime.js';

/** Shared control words: [0] the epoch workers wait on, [1 + w] worker w is ready. */
const MAX_WORKERS = 1024;
const EPOCH = 0;

const ENTRY = new URL(`./worker${extname(new URL(import.meta.url).pathname) || '.js'}`, import.meta.url);

/**
 * A message to a worker.
 *
 * @example
 * ```ts
 * const m: PoolMessage = { type: 'module', id: 3, source, metas };
 * ```
 */
export type PoolMessage =
  | { readonly type: 'module'; readonly id: number; readonly source: string }
  | { readonly type: 'job'; readonly id: number; readonly region: number; readonly job: RegionJob }
  | { readonly type: 'stop' };

interface Slot {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly index: number;
  readonly modules: Set<number>;
  readonly online: Promise<void>;
  dead: boolean;
}

class Pool {
  readonly control = new Int32Array(new SharedArrayBuffer(4 * (1 + MAX_WORKERS)));
  private readonly slots: Slot[] = [];
  private readonly sources = new Map<number, string>();
  private nextId = 0;

  /** Records a specialization's source; workers receive it before their first job of it. */
  register(source: string, metas: readonly RegionMeta[]): number {
    void metas;
    const id = this.nextId++;
    this.sources.set(id, source);
    return id;
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
    await Promise.all(this.slots.slice(0, n).map((s) => s.online));
  }

  /** Hands `job` of region `region` of specialization `id` to up to `workers` ready workers and wakes them. */
  start(id: number, region: number, job: RegionJob, workers: number): void {
    if (this.slots.length < workers) this.grow(workers);
    let posted = 0;
    for (const s of this.slots) {
      if (posted >= workers) break;
      if (s.dead || Atomics.load(this.control, 1 + s.index) !== 1) continue;
      if (!s.modules.has(id)) {
        s.port.postMessage({ type: 'module', id, source: this.sources.get(id)! } satisfies PoolMessage);
        s.modules.add(id);
      }
      s.port.postMessage({ type: 'job', id, region, job } satisfies PoolMessage);
      posted++;
    }
    if (posted) {
      Atomics.add(this.control, EPOCH, 1);
      Atomics.notify(this.control, EPOCH);
    }
  }

  private spawn(index: number): Slot {
    const { port1, port2 } = new MessageChannel();
    const typescript = /\.[cm]?tsx?$/.test(ENTRY.pathname);
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { entry: ENTRY.href, tsx: typescript ? tsxLoaders().filter((api) => !api.includes('/cjs/')) : [], control: this.control, index, port: port2 },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    const online = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`prange: worker thread ${index} exited with code ${code} while starting`)));
    });
    online.catch(() => undefined);
    const slot: Slot = { worker, port: port1, index, modules: new Set(), online, dead: false };
    worker.on('error', () => { slot.dead = true; });
    worker.on('exit', () => { slot.dead = true; Atomics.store(this.control, 1 + index, 0); });
    return slot;
  }
}

/**
 * The process's prange pool.
 *
 * @example
 * ```ts
 * await pool.ready(3);
 * ```
 */
export const pool = new Pool();

/**
 * Positions of the shared control words, for the worker side.
 *
 * @example
 * ```ts
 * Atomics.wait(control, CONTROL.epoch, seen);
 * ```
 */
export const CONTROL = { epoch: EPOCH, ready: (index: number): number => 1 + index } as const;
