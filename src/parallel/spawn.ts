/**
 * How the pool's worker threads are started: the worker entry, tsx registered in workers that load TypeScript
 * (Node's `--import tsx` does not reach worker threads), and the bootstrap script that does it. Used by the
 * `@parallel` pool (`pool.ts`) and by prange's pool (`jit/parallel/pool.ts`).
 *
 * @module
 */
import { dirname, extname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * How worker threads are started.
 *
 * @example
 * ```ts
 * import { acquirePool, releasePool } from './pool.js';
 * import { spawnNeeds, type SpawnConfig } from './spawn.js';
 *
 * // Workers for a module written in TypeScript register tsx before importing it; 256 MB of heap each.
 * const config: SpawnConfig = { env: undefined, maxMemoryMb: 256, ...spawnNeeds(import.meta.url) };
 * const owner = {};
 * const pool = acquirePool(owner, 1, config);
 * await releasePool(owner, pool);
 * ```
 */
export interface SpawnConfig {
  /** Extra environment variables. */
  readonly env: Readonly<Record<string, string>> | undefined;
  /** Heap limit per worker, MB. */
  readonly maxMemoryMb: number | undefined;
  /** Workers register tsx: the worker entry or a module they import is TypeScript. */
  readonly typescript: boolean;
  /** Also tsx's CommonJS hooks: a CommonJS module may `require` TypeScript. */
  readonly commonjs: boolean;
}

/** The worker entry (`worker.ts`, or `worker.js` once built), beside this file. */
export const ENTRY = new URL(`./worker${extname(new URL(import.meta.url).pathname) || '.js'}`, import.meta.url);
const TS = /\.[cm]?tsx?$/;

let tsxApis: string[] | undefined;
export function tsxLoaders(): string[] {
  if (tsxApis) return tsxApis;
  const out: string[] = [];
  for (const api of ['tsx/esm/api', 'tsx/cjs/api']) {
    try {
      out.push(typeof import.meta.resolve === 'function' ? import.meta.resolve(api) : resolveImport(api));
    } catch {
      // tsx is not installed next to numbat: TypeScript modules then fail to load in workers, with Node's error.
    }
  }
  return (tsxApis = out);
}

/**
 * The ESM entry of a tsx subpath. `import.meta.resolve` is missing when this file was itself loaded as
 * CommonJS (required through tsx), and `require.resolve` would give the CommonJS build, which cannot register
 * ESM hooks in a worker: read the `import` condition from tsx's package.json instead.
 */
function resolveImport(api: string): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const file = pkg.exports[`./${api.slice('tsx/'.length)}`]?.import?.default;
  if (!file) throw new Error(`tsx has no ESM export ${api}`);
  return pathToFileURL(join(dirname(pkgPath), file)).href;
}

// Node's `--import tsx` is not applied to worker threads (their module hooks are their own), so a worker
// that must load TypeScript registers tsx itself before importing its entry.
export const BOOTSTRAP = `
const load = async () => {
  const { workerData } = await import('node:worker_threads');
  for (const api of workerData.tsx) {
    const m = await import(api);
    (m.register ?? m.default.register)();
  }
  await import(workerData.entry);
};
load().catch((error) => setImmediate(() => { throw error; }));
`;

/**
 * How a module's functions need their workers started: with tsx for TypeScript (registering it costs a few
 * hundred ms per worker, so plain JavaScript does without), with its CommonJS hooks for CommonJS modules.
 *
 * @example
 * ```ts
 * import { spawnNeeds } from './spawn.js';
 *
 * spawnNeeds('file:///x/model.ts'); // → { typescript: true, commonjs: false }
 * spawnNeeds('file:///x/model.cts'); // → { typescript: true, commonjs: true }
 * ```
 */
export function spawnNeeds(moduleUrl: string | undefined): { typescript: boolean; commonjs: boolean } {
  const path = moduleUrl ? new URL(moduleUrl).pathname : '';
  const commonjs = /\.c[jt]s$/.test(path);
  return { typescript: TS.test(ENTRY.pathname) || TS.test(path) || commonjs, commonjs };
}
