/**
 * A prange worker thread (see `pool.ts`): sleeps on the shared epoch word, then reads its messages
 * synchronously, compiles each specialization's source once, and takes chunks of each job until none is left.
 *
 * @module
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { instantiate } from '../js/runtime.js';
import { workChunks, workerRuntime } from './runtime.js';
import { CONTROL, type PoolMessage } from './pool.js';
import { instantiateRegion, stripAt, STRIP_BYTES, type WasmRun } from './wasm-regions.js';

const { control, index, port } = workerData as { control: Int32Array; index: number; port: MessagePort };
type Region = (...args: unknown[]) => unknown;
const modules = new Map<number, Region[]>();
/** Per specialization, its regions' Wasm instances on the shared memory (`wasm-regions.ts`). */
const wasmModules = new Map<number, { memory: WebAssembly.Memory; regions: Array<Region | undefined>; saved: Array<readonly number[]> }>();

let fault: Extract<PoolMessage, { type: 'fault' }> | undefined;

/** What a chunk runs under an injected fault (`pool.injectFault`, liveness tests only). */
function faulty(f: NonNullable<typeof fault>): Region {
  return () => {
    if (f.fault === 'exit') process.exit(f.code);
    if (f.fault === 'oom') {
      const keep: number[][] = [];
      for (;;) keep.push(new Array<number>(1e5).fill(1.5));
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
}

function handle(message: PoolMessage): boolean {
  if (message.type === 'stop') return false;
  if (message.type === 'fault') {
    fault = message;
    return true;
  }
  if (message.type === 'module') {
    const regions: Region[] = [];
    instantiate(message.source, () => {
      throw new Error('prange: worker threads run regions only');
    }, [], workerRuntime((r) => regions.push(...r)));
    modules.set(message.id, regions);
    if (message.wasm) {
      const { memory, code } = message.wasm;
      wasmModules.set(message.id, { memory, regions: code.map((c) => (c ? instantiateRegion(c, memory) : undefined)), saved: code.map((c) => c?.saved ?? []) });
    }
    return true;
  }
  const fn = modules.get(message.id)?.[message.region];
  // Errors in chunks are recorded in the job (workChunks); a missing region would be this runtime's bug.
  if (!fn) throw new Error(`prange worker: region ${message.region} of specialization ${message.id} is unknown`);
  const job = message.job;
  const wasm = wasmModules.get(message.id);
  const wasmFn = job.wasm && wasm?.regions[message.region];
  const run: WasmRun | undefined = wasmFn && job.wasm
    ? { fn: wasmFn, batch: job.strip ? stripAt(wasm.memory, job.wasm.strips + message.seat * STRIP_BYTES) : undefined, counts: job.wasm.counts, saved: wasm.saved[message.region] ?? [] }
    : undefined;
  workChunks(fault ? faulty(fault) : fn, job, undefined, message.seat, fault ? undefined : run);
  return true;
}

let seen = Atomics.load(control, CONTROL.epoch);
Atomics.store(control, CONTROL.ready(index), 1);
parentPort!.postMessage('ready');
for (let running = true; running;) {
  Atomics.wait(control, CONTROL.epoch, seen);
  seen = Atomics.load(control, CONTROL.epoch);
  for (let m = receiveMessageOnPort(port); m !== undefined && running; m = receiveMessageOnPort(port)) {
    running = handle(m.message as PoolMessage);
  }
}
port.close();
