// The troubleshooting guide has an entry for every error class the package exports, and only for real ones;
// each entry gives a cause and a fix. (The messages themselves are checked by the snippet tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as numbat from '../../src/index.js';
import * as timedEntry from '../../src/timed/index.js';
import * as jitEntry from '../../src/jit/index.js';
import * as parallelEntry from '../../src/parallel/index.js';
import * as gpuEntry from '../../src/gpu/index.js';
import * as plotEntry from '../../src/plot/index.js';
import { ROOT } from './snippets.js';

const guide = readFileSync(join(ROOT, 'docs/guides/troubleshooting.md'), 'utf8');

/** The exported values that are Error classes, by name: of the package root and of every subpath entry. */
function exportedErrorClasses(): string[] {
  const names = new Set<string>();
  for (const module of [numbat, timedEntry, jitEntry, parallelEntry, gpuEntry, plotEntry] as Array<Record<string, unknown>>) {
    for (const [name, v] of Object.entries(module)) {
      if (typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error) names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * `### Name…` headings of the guide whose first word is an error class name, with the text under each; and
 * subclasses listed under their base class's entry as bullets (`- \`Name\`: message **Cause.** … **Fix.** …`).
 */
function entries(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const sections = guide.split(/^### /m).slice(1);
  for (const section of sections) {
    const name = /^(\w+Error)\b/.exec(section)?.[1];
    if (!name) continue;
    map.set(name, [...(map.get(name) ?? []), section]);
    for (const bullet of section.split(/^- /m).slice(1)) {
      const sub = /^`(\w+Error)`:/.exec(bullet)?.[1];
      if (sub) map.set(sub, [...(map.get(sub) ?? []), `${sub}\n${bullet.replace(/^`\w+Error`:/, '**Message.**')}`]);
    }
  }
  return map;
}

test('the package exports error classes, and JitError is one of them', () => {
  const classes = exportedErrorClasses();
  assert.ok(classes.includes('JitError') && classes.includes('PlotSaveError'), classes.join(', '));
});

test('every exported error class has a troubleshooting entry with a cause and a fix', () => {
  const documented = entries();
  const missing = exportedErrorClasses().filter((name) => !documented.has(name));
  assert.deepEqual(missing, [], `no entry in docs/guides/troubleshooting.md for: ${missing.join(', ')}`);
  for (const [name, sections] of documented) {
    for (const s of sections) {
      const title = s.split('\n')[0];
      assert.match(s, /\*\*Cause\.\*\*/, `${title}: no **Cause.**`);
      assert.match(s, /\*\*Fix\.\*\*/, `${title}: no **Fix.**`);
      assert.match(s, /```text\n|\*\*Message\.\*\*/, `${title}: no message`);
    }
    void name;
  }
});

test('every troubleshooting entry names a class the package exports, or a built-in error', () => {
  const exported = new Set(exportedErrorClasses());
  const builtin = (name: string): boolean => {
    const v = (globalThis as Record<string, unknown>)[name];
    return typeof v === 'function' && (v === Error || (v as { prototype?: unknown }).prototype instanceof Error);
  };
  const unknown = [...entries().keys()].filter((name) => !exported.has(name) && !builtin(name));
  assert.deepEqual(unknown, [], `entries for classes numbat does not export: ${unknown.join(', ')}`);
});

test('the JitError entries cover the kinds of rejection the compiler reports', () => {
  // One entry per kind; each kind's example is run by the snippet tests against the real message.
  const jit = entries().get('JitError') ?? [];
  assert.ok(jit.length >= 15, `only ${jit.length} JitError entries`);
  const text = jit.join('\n');
  for (const construct of ['race on', 'nested prange', 'return in prange', 'try statement', 'recursive call', 'method in an object literal', 'argument 1', 'declaration without initializer',
    '=== comparison in', 'indexing an Array2D', '.inc in', 'use of scale', 'native function', 'parameter in']) {
    assert.ok(text.includes(construct), `no JitError entry quotes '${construct}'`);
  }
});
