// Runs a @gpu kernel inside a worker thread (see runtime/device.test.ts): Dawn is never touched off the main thread.
import { parentPort } from 'node:worker_threads';
import { gpu } from '../../src/gpu/index.js';

const double = gpu(function double(i: number, xs: Float32Array) {
  xs[i] = 2 * xs[i]!;
});
const xs = Float32Array.from([1, 2, 3]);
await double.launch(xs.length, xs);
parentPort!.postMessage({ backend: double.lastBackend, xs: [...xs], info: await gpu.info() });
