// Tests that need a system tool: skip with a reason on a developer's machine without it, fail where it must be
// present. `scripts/install-system.sh` installs lavapipe (Mesa's Vulkan on the CPU, for WebGPU), poppler-utils
// and, for the distributed backend, SLURM whenever it runs as root, which CI does: there a skipped GPU or PDF
// test would hide a broken install behind a green run.
//
// Strict (fail, never skip) when the process runs as root, or NUMBAT_REQUIRE_SYSTEM=1; lax (skip with the
// reason) when not root, or NUMBAT_REQUIRE_SYSTEM=0.
//
// Usage, in a test body:
//   test('…', async (t) => { if (!(await requireOrSkip(t, lavapipe))) return; … });
// or as the test's skip option (in strict mode the test then runs, and fails on the missing tool):
//   test('…', { skip: await skipUnless(poppler) }, () => { … });
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** A system capability some tests need. */
export interface Requirement {
  /** Short name for messages. */
  readonly name: string;
  /** What installs it. */
  readonly install: string;
  /** `undefined` when available, else why not. */
  readonly missing: () => Promise<string | undefined>;
}

function tool(command: string, args: readonly string[]): () => Promise<string | undefined> {
  return async () => {
    const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
    if (r.error) return `${command}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`;
    return r.status === 0 ? undefined : `${command} ${args.join(' ')} exited with ${r.status}`;
  };
}

/** WebGPU through Dawn on Mesa's lavapipe (or any adapter). */
export const lavapipe: Requirement = {
  name: 'a WebGPU adapter (lavapipe)',
  install: 'scripts/install-system.sh (mesa-vulkan-drivers from bookworm-backports)',
  missing: async () => {
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
    const { gpuInfo } = await import('../../src/gpu/device.js');
    const info = await gpuInfo();
    return info.available ? undefined : `no WebGPU adapter (${info.reason})`;
  },
};

/** poppler-utils: pdffonts, pdftotext, pdfinfo, pdftoppm. */
export const poppler: Requirement = {
  name: 'poppler-utils',
  install: 'scripts/install-system.sh (apt-get install poppler-utils)',
  missing: tool('pdffonts', ['-v']),
};

/** A SLURM client (`sinfo`). */
export const slurm: Requirement = {
  name: 'SLURM',
  install: 'apt-get install slurm-wlm munge (see /work/shared/ENVIRONMENT.md)',
  missing: tool('sinfo', ['--version']),
};

/** Whether a missing requirement fails the test instead of skipping it. */
export function strictRequirements(): boolean {
  const flag = process.env.NUMBAT_REQUIRE_SYSTEM;
  if (flag === '1') return true;
  if (flag === '0') return false;
  return process.getuid?.() === 0;
}

const cache = new Map<Requirement, Promise<string | undefined>>();
function missing(requirement: Requirement): Promise<string | undefined> {
  let m = cache.get(requirement);
  if (!m) cache.set(requirement, (m = requirement.missing()));
  return m;
}

function failure(requirement: Requirement, why: string): Error {
  return new Error(
    `${requirement.name} is required here but missing: ${why}. Running as root (as CI does), ${requirement.install} ` +
      'installs it, so a skip would hide a broken install. Set NUMBAT_REQUIRE_SYSTEM=0 to skip instead.',
  );
}

/**
 * In a test body: true when the requirement is met; otherwise skips the test with the reason (lax) and
 * returns false, or throws (strict), failing the test.
 *
 * @example
 * ```ts
 * test('fonts', async (t) => { if (!(await requireOrSkip(t, poppler))) return; … });
 * ```
 */
export async function requireOrSkip(t: TestContext, requirement: Requirement): Promise<boolean> {
  const why = await missing(requirement);
  if (why === undefined) return true;
  if (strictRequirements()) throw failure(requirement, why);
  t.skip(`skipped: ${requirement.name} is missing (${why})`);
  return false;
}

/**
 * For a test's `skip` option: false when the requirement is met or in strict mode (the test runs, and fails
 * on the missing tool), else the reason to show.
 *
 * @example
 * ```ts
 * test('kernel', { skip: await skipUnless(lavapipe) }, async () => { … });
 * ```
 */
export async function skipUnless(requirement: Requirement): Promise<string | false> {
  const why = await missing(requirement);
  if (why === undefined) return false;
  if (strictRequirements()) {
    console.error(`[requires] ${failure(requirement, why).message}`);
    return false;
  }
  return `skipped: ${requirement.name} is missing (${why})`;
}
