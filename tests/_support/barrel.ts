// For the tests of barrel modules (src/**/index.ts, src/internals.ts): a barrel's runtime exports are exactly
// the listed names, each the same object as in the module that defines it.
import assert from 'node:assert/strict';

/**
 * Asserts that `barrel` exports exactly the names of `from` (type-only exports have no runtime value), each
 * the very object its defining module exports.
 *
 * @example
 * ```ts
 * assertBarrel(gpuEntry, [[gpuModule, ['gpu']], [arrayModule, ['DeviceArray', 'toDevice', 'deviceZeros']]]);
 * ```
 */
export function assertBarrel(barrel: object, from: ReadonlyArray<readonly [object, readonly string[]]>): void {
  const expected = from.flatMap(([, names]) => names);
  assert.deepEqual(Object.keys(barrel).sort(), [...expected].sort(), 'the barrel exports exactly these names');
  for (const [module, names] of from) {
    for (const name of names) {
      assert.ok(name in module, `${name} is not exported by its defining module`);
      assert.equal((barrel as Record<string, unknown>)[name], (module as Record<string, unknown>)[name], `${name} is the defining module's object`);
    }
  }
}
