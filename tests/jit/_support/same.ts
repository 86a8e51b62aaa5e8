// Deep equality as the objects tests need it: Object.is on every number, the same keys in the same order,
// typed and plain arrays element by element (holes included), and the same prototype.

/** Undefined when `a` and `b` agree, else where and how they differ. */
export function differs(a: unknown, b: unknown, path = 'value'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return `${path}.length: ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) {
      if (i in x !== i in y) return `${path}[${i}]: a hole in one only`;
      const d = differs(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.join(',') !== kb.join(',')) return `${path}: keys ${ka.join(',')} vs ${kb.join(',')}`;
  for (const k of ka) {
    const d = differs((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** Runs `call` on two equal inputs, plain then compiled: same result or same exception, same writes. */
export function agreeOn<I>(make: () => I, plain: (input: I) => unknown, compiled: (input: I) => unknown): string | undefined {
  const a = make(), b = make();
  let want: unknown, got: unknown, wantErr: unknown, gotErr: unknown;
  try { want = plain(a); } catch (e) { wantErr = e; }
  try { got = compiled(b); } catch (e) { gotErr = e; }
  if (wantErr !== undefined || gotErr !== undefined) {
    if (!(wantErr instanceof Error) || !(gotErr instanceof Error)) return `exception: ${String(wantErr)} vs ${String(gotErr)}`;
    if (wantErr.constructor !== gotErr.constructor || wantErr.message !== gotErr.message) {
      return `exception: ${wantErr.constructor.name}: ${wantErr.message} vs ${gotErr.constructor.name}: ${gotErr.message}`;
    }
  } else {
    const d = differs(want, got, 'result');
    if (d) return d;
  }
  return differs(a, b, 'input');
}
