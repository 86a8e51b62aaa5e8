// The shared requirement helper: skips with a reason when lax, fails when strict (root / CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip, skipUnless, strictRequirements, type Requirement } from './requires.js';

const absent: Requirement = { name: 'a tool that is not there', install: 'nothing', missing: async () => 'not found on PATH' };
const present: Requirement = { name: 'a tool that is there', install: 'nothing', missing: async () => undefined };

function withFlag<T>(value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.NUMBAT_REQUIRE_SYSTEM;
  process.env.NUMBAT_REQUIRE_SYSTEM = value;
  return body().finally(() => {
    if (before === undefined) delete process.env.NUMBAT_REQUIRE_SYSTEM;
    else process.env.NUMBAT_REQUIRE_SYSTEM = before;
  });
}

test('strict by default exactly when running as root', () => {
  const before = process.env.NUMBAT_REQUIRE_SYSTEM;
  delete process.env.NUMBAT_REQUIRE_SYSTEM;
  try {
    assert.equal(strictRequirements(), process.getuid?.() === 0);
  } finally {
    if (before !== undefined) process.env.NUMBAT_REQUIRE_SYSTEM = before;
  }
});

test('strict: a missing requirement fails the test and says how to install it', async (t) => {
  await withFlag('1', async () => {
    await assert.rejects(requireOrSkip(t, absent), /a tool that is not there is required here but missing: not found on PATH/);
    assert.equal(await skipUnless(absent), false, 'the test runs (and fails on the missing tool) rather than skipping');
    assert.equal(await requireOrSkip(t, present), true);
  });
});

test('lax: a missing requirement gives a skip reason naming it', async () => {
  await withFlag('0', async () => {
    assert.equal(await skipUnless(absent), 'skipped: a tool that is not there is missing (not found on PATH)');
    assert.equal(await skipUnless(present), false);
  });
});

test('lax: requireOrSkip skips this test with the reason and returns false', async (t) => {
  await withFlag('0', async () => {
    assert.equal(await requireOrSkip(t, absent), false);
  });
});
