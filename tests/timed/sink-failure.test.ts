// Issue 11 item 13: a timing sink that throws must never replace the timed function's result or exception
// (sync and async); the sink's failure is reported once on stderr, per sink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timed, setTimingSink, type TimingSink } from '../../src/timed/index.js';

/** Runs `body` with process.stderr.write captured; returns what was written. */
async function captureStderr(body: () => unknown): Promise<string> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stderr.write;
  try {
    await body();
  } finally {
    process.stderr.write = write;
  }
  return chunks.join('');
}

const failingSink = (): TimingSink => () => {
  throw new Error('sink exploded');
};

test('a throwing sink does not replace a sync result; reported once on stderr', async () => {
  const f = timed({ sink: failingSink() })((x: number) => x * 2);
  const out = await captureStderr(() => {
    assert.equal(f(21), 42);
    assert.equal(f(1), 2);
  });
  assert.equal(out.match(/sink exploded/g)?.length, 1, `stderr: ${out}`);
  assert.match(out, /timing sink/);
  assert.equal(f.stats.count, 2, 'the calls are still recorded');
});

test('a throwing sink does not replace a sync exception', async () => {
  const boom = new RangeError('the function failed');
  const f = timed({ sink: failingSink() })((): number => {
    throw boom;
  });
  const out = await captureStderr(() => {
    assert.throws(() => f(), (e) => e === boom);
    assert.throws(() => f(), (e) => e === boom);
  });
  assert.equal(out.match(/sink exploded/g)?.length, 1, `stderr: ${out}`);
  assert.equal(f.stats.failures, 2);
});

test('a throwing sink does not replace an async result or rejection', async () => {
  const boom = new TypeError('async failure');
  const f = timed({ sink: failingSink() })(async (fail: boolean) => {
    await Promise.resolve();
    if (fail) throw boom;
    return 'value';
  });
  const out = await captureStderr(async () => {
    assert.equal(await f(false), 'value');
    await assert.rejects(f(true), (e) => e === boom);
  });
  assert.equal(out.match(/sink exploded/g)?.length, 1, `stderr: ${out}`);
  assert.equal(f.stats.count, 1);
  assert.equal(f.stats.failures, 1);
});

test('a throwing global sink is reported once for all functions that use it, then again once set anew', async () => {
  const sink = failingSink();
  const previous = setTimingSink(sink);
  try {
    const f = timed((x: number) => x + 1);
    const g = timed((x: number) => x - 1);
    const out = await captureStderr(() => {
      assert.equal(f(1), 2);
      assert.equal(g(1), 0);
      assert.equal(f(2), 3);
    });
    assert.equal(out.match(/sink exploded/g)?.length, 1, `stderr: ${out}`);
    setTimingSink(failingSink());
    const again = await captureStderr(() => assert.equal(f(5), 6));
    assert.equal(again.match(/sink exploded/g)?.length, 1, 'a different failing sink is reported too');
  } finally {
    setTimingSink(previous);
  }
});

test('a sink that throws a non-Error value is reported, and the result still wins', async () => {
  const f = timed({ sink: () => { throw 'plain string'; } })(() => 'ok');
  const out = await captureStderr(() => assert.equal(f(), 'ok'));
  assert.match(out, /plain string/);
});
