// The checker that run @example modules import (see tsdoc-examples.ts): plain JS, so it needs no loader.
import { inspect } from 'node:util';

/** Whether a text matches a stated one, where `…` stands for any text. */
function matches(actual, expected) {
  const parts = expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*?')}$`).test(actual);
}

/** Checks a stated output: `get()`'s value as Node's REPL prints it, or `throws …` for the error it throws. */
export function __stated(get, expected, at) {
  if (expected.startsWith('throws ')) {
    const wanted = expected.slice('throws '.length).trim();
    let value;
    try {
      value = get();
    } catch (e) {
      if (!matches(String(e), wanted)) throw new Error(`${at}: stated that it throws ${wanted}, it threw ${String(e)}`);
      return;
    }
    throw new Error(`${at}: stated that it throws ${wanted}, it returned ${inspect(value)}`);
  }
  const text = inspect(get(), { depth: 6, breakLength: Infinity });
  if (!matches(text, expected)) throw new Error(`${at}: stated ${expected}, got ${text}`);
}
