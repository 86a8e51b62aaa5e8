// The error-class table (src/jit/ops/throw.ts): its rows are exactly Error and ECMAScript's six NativeError
// types (listed here by hand from the spec, §20.5.5), each a global constructor of an Error; isErrorClass
// accepts own rows only. Every row, compiled through memoJit on both CPU backends, throws what the plain function
// throws: the same class (the caller's own global constructor, so instanceof holds), name and message, with
// `new` or without, with and without a message. A class off the table is a located JitError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { ERROR_CLASSES, isErrorClass } from '../../../src/jit/ops/throw.js';

// ECMAScript 2024 §20.5.5.1-6: the NativeError types, plus the base Error (§20.5.1).
const BY_HAND = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];

test('the table is Error and the six NativeError types, each a global Error constructor', () => {
  assert.deepEqual(Object.keys(ERROR_CLASSES).sort(), [...BY_HAND].sort());
  for (const name of BY_HAND) {
    const ctor = (globalThis as unknown as Record<string, unknown>)[name] as ErrorConstructor;
    assert.equal(typeof ctor, 'function', name);
    const made = new ctor('m');
    assert.ok(made instanceof Error, `${name} makes an Error`);
    assert.equal(made.name, name);
    assert.equal(made.message, 'm', `${name}'s first argument is the message`);
    assert.equal(typeof ERROR_CLASSES[name as keyof typeof ERROR_CLASSES], 'string', `${name} has its reason`);
    assert.ok(ERROR_CLASSES[name as keyof typeof ERROR_CLASSES].length > 0);
  }
});

test('isErrorClass: the rows, and nothing inherited, other, or differently spelled', () => {
  for (const name of BY_HAND) assert.equal(isErrorClass(name), true, name);
  for (const name of ['AggregateError', 'DOMException', 'SuppressedError', 'MyError', 'error', 'rangeError', 'toString', 'constructor',
    'hasOwnProperty', '__proto__', 'valueOf', '']) {
    assert.equal(isErrorClass(name), false, name);
  }
});

/** What a call threw: its constructor, name and message, and whether it is an Error. */
function thrown(f: () => unknown): { ctor: unknown; name: string; message: string; isError: boolean } {
  try {
    f();
  } catch (e) {
    const err = e as Error;
    return { ctor: err.constructor, name: err.name, message: err.message, isError: e instanceof Error };
  }
  return assert.fail('nothing was thrown');
}

for (const backend of ['js', 'wasm'] as const) {
  const jit = memoJit({ backend });
  for (const name of BY_HAND) {
    test(`${name} (${backend}): the caller catches the plain function's class, name and message`, () => {
      const forms = [
        `if (x > 2) throw new ${name}('x = ' + x + ' is past ' + 2); return x * 2;`,
        `if (x > 2) throw ${name}(\`got \${x} and \${x / 4}\`); return x * 2;`,
        `if (x > 2) throw new ${name}(); return x * 2;`,
        `if (x > 2) throw new ${name}(x); return x * 2;`,
      ];
      for (const body of forms) {
        const plain = new Function('x', body) as (x: number) => number;
        const compiled = jit(plain);
        assert.equal(compiled(1), 2, `${body}: no throw below the limit`);
        for (const x of [3, 2.5, 7, 1e21]) {
          const want = thrown(() => plain(x));
          const got = thrown(() => compiled(x));
          assert.deepEqual(got, want, `${body} at ${x}`);
          assert.equal(got.ctor, (globalThis as unknown as Record<string, unknown>)[name], 'the global constructor itself');
        }
      }
    });
  }
}

test('the message for x = 3 is the one written by hand (not just the same as plain)', () => {
  const f = memoJit((x: number): number => {
    if (x > 2) throw new RangeError('x = ' + x + ' is past ' + 2);
    return x;
  });
  assert.throws(() => f(3), (e: unknown) => e instanceof RangeError && e.message === 'x = 3 is past 2');
  assert.throws(() => f(2.5), (e: unknown) => e instanceof RangeError && e.message === 'x = 2.5 is past 2');
});

test('a class off the table, or a value that is no error, is a located JitError naming what may be thrown', () => {
  for (const body of ['throw new AggregateError([], "a");', 'throw new DOMException("x");', 'throw 5;', 'throw "text";']) {
    const f = new Function('x', `if (x > 0) ${body} return x;`) as (x: number) => number;
    assert.throws(() => memoJit(f)(1), (e: unknown) => e instanceof JitError && e.line !== undefined && /built-in error/.test(e.message), body);
  }
});
