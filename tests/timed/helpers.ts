import { decorate, type AnyFunction } from '../../src/decorate.js';

/** A pass-through decorator standing in for another numbat layer in composition tests. */
export function memoLike<F extends AnyFunction>(fn: F): F {
  const spec = {
    name: 'passThrough',
    wrap: (inner: AnyFunction) =>
      function (this: unknown, ...args: unknown[]): unknown {
        return inner.apply(this, args);
      },
  };
  return decorate(spec, fn, undefined, {}) as F;
}
