// The persistent cache's key inputs (src/jit/cache/key.ts): hashText is SHA-256 in hex (checked on the FIPS
// 180-2 test vectors); sourceHash hashes a function's source text, so two function objects of one source share
// it; the compiler's identity names the package version from package.json, the codegen revision and, running
// from the TypeScript sources as the tests do, a fingerprint of the compiler's files, and the background
// prefetch settles on the same identity; cacheKeyParts lists the identity, source, argument types, generator
// options and scope entries in name order, a scope function by its original's source (through originalOf) and
// a typed array by its class and the bytes of its own view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CODEGEN_REVISION, cacheKeyParts, compilerIdentity, compilerIdentitySettled, hashText, prefetchCompilerIdentity, sourceHash,
} from '../../../src/jit/cache/key.js';
import type { AnyFunction } from '../../../src/decorate.js';
import type { Type } from '../../../src/jit/types.js';

const F64: Type = { kind: 'f64' };
const same = (f: AnyFunction): AnyFunction => f;

test('hashText is SHA-256 in lower-case hex (FIPS 180-2 test vectors)', () => {
  assert.equal(hashText(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(hashText('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(hashText('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  // text is hashed as UTF-8
  assert.equal(hashText('é'), createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('hex'));
  assert.notEqual(hashText('é'), hashText('e'));
});

test('sourceHash is the hash of the function\'s source text: one per source, whatever the function object', () => {
  const make = (): AnyFunction => function twice(x: number) { return 2 * x; };
  const a = make();
  const b = make();
  assert.notEqual(a, b);
  assert.equal(sourceHash(a), sourceHash(b));
  assert.equal(sourceHash(a), hashText(Function.prototype.toString.call(a)));
  assert.match(sourceHash(a), /^[0-9a-f]{64}$/);
  const thrice = function twice(x: number) { return 3 * x; };
  assert.notEqual(sourceHash(thrice), sourceHash(a), 'the same name with another body');
  // asked again (it is remembered per function): the same answer
  assert.equal(sourceHash(a), sourceHash(a));
});

test('the compiler identity names the package version, the codegen revision and, from sources, a fingerprint', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  prefetchCompilerIdentity();
  await compilerIdentitySettled();
  const id = compilerIdentity();
  assert.ok(id.startsWith(`numbat ${pkg.version} / codegen ${CODEGEN_REVISION}`), id);
  assert.match(id, / \/ sources [0-9a-f]{16}$/, 'the tests run from the TypeScript sources');
  assert.equal(compilerIdentity(), id, 'computed once per process');
  prefetchCompilerIdentity(); // a second prefetch changes nothing
  await compilerIdentitySettled();
  assert.equal(compilerIdentity(), id);
});

test('cacheKeyParts: identity, source, argument types and generator options, in that order', () => {
  function mean(xs: Float64Array): number { return xs[0]!; }
  const argTypes: Type[] = [{ kind: 'array', element: 'f64' }, { kind: 'i32' }];
  const parts = cacheKeyParts({ original: mean, argTypes, scope: undefined, generate: { fastmath: true } as never }, same);
  assert.deepEqual(parts, [
    compilerIdentity(),
    `source ${hashText(Function.prototype.toString.call(mean))}`,
    'arguments [{"kind":"array","element":"f64"},{"kind":"i32"}]',
    'generate {"fastmath":true}',
  ]);
  // an empty scope adds nothing
  assert.deepEqual(cacheKeyParts({ original: mean, argTypes, scope: {}, generate: { fastmath: true } as never }, same), parts);
});

test('each input that decides the code changes the parts: source, argument types, their order, generator options', () => {
  function f(x: number): number { return x + 1; }
  function g(x: number): number { return x + 2; }
  const key = (original: AnyFunction, argTypes: Type[], generate: object = {}): string =>
    cacheKeyParts({ original, argTypes, scope: undefined, generate: generate as never }, same).join('\0');
  const base = key(f, [F64, { kind: 'i32' }]);
  assert.equal(key(f, [F64, { kind: 'i32' }]), base);
  assert.notEqual(key(g, [F64, { kind: 'i32' }]), base);
  assert.notEqual(key(f, [{ kind: 'i32' }, F64]), base);
  assert.notEqual(key(f, [F64]), base);
  assert.notEqual(key(f, [F64, { kind: 'i32' }], { fastmath: true }), base);
});

test('scope entries come after the fixed parts, sorted by name whatever the object\'s key order', () => {
  function f(x: number): number { return x; }
  function alpha(x: number): number { return x + 1; }
  function beta(x: number): number { return x + 2; }
  const parts = cacheKeyParts({ original: f, argTypes: [F64], scope: { beta, alpha }, generate: {} }, same);
  assert.equal(parts.length, 6);
  assert.deepEqual(parts.slice(4), [
    `scope alpha function ${hashText(Function.prototype.toString.call(alpha))}`,
    `scope beta function ${hashText(Function.prototype.toString.call(beta))}`,
  ]);
  assert.deepEqual(cacheKeyParts({ original: f, argTypes: [F64], scope: { alpha, beta }, generate: {} }, same), parts);
  // the same functions under swapped names are another key
  assert.notDeepEqual(cacheKeyParts({ original: f, argTypes: [F64], scope: { alpha: beta, beta: alpha }, generate: {} }, same), parts);
});

test('a scope function is keyed by the source of what originalOf maps it to (a memoJit function by its plain original)', () => {
  function f(x: number): number { return x; }
  function plain(x: number): number { return x * 2; }
  const wrapper = (x: number): number => plain(x); // stands for the memoJit function of `plain`
  const originalOf = (fn: AnyFunction): AnyFunction => (fn === wrapper ? plain : fn);
  const viaWrapper = cacheKeyParts({ original: f, argTypes: [F64], scope: { h: wrapper }, generate: {} }, originalOf);
  const direct = cacheKeyParts({ original: f, argTypes: [F64], scope: { h: plain }, generate: {} }, originalOf);
  assert.deepEqual(viaWrapper, direct);
  assert.equal(viaWrapper[4], `scope h function ${hashText(Function.prototype.toString.call(plain))}`);
});

test('a typed array in scope is keyed by its class and the bytes of its own view, other values by their JSON', () => {
  function f(x: number): number { return x; }
  const part = (value: unknown): string =>
    cacheKeyParts({ original: f, argTypes: [F64], scope: { k: value } as never, generate: {} }, same)[4]!;
  const whole = Float64Array.of(1, 2);
  const view = new Float64Array(Float64Array.of(9, 1, 2, 9).buffer, 8, 2);
  assert.equal(part(view), part(whole), 'only the view\'s own bytes count, not the rest of its buffer');
  const bytes = Buffer.from(whole.buffer).toString('base64');
  assert.equal(part(whole), `scope k Float64Array ${hashText(bytes)}`);
  assert.notEqual(part(Float64Array.of(1, 3)), part(whole));
  // another class over the very same bytes is another key
  assert.notEqual(part(new Int32Array(whole.buffer)), part(whole));
  assert.equal(part(3), 'scope k value 3');
  assert.equal(part({ a: [1, true] }), 'scope k value {"a":[1,true]}');
  assert.equal(part(undefined), 'scope k value undefined');
});
