/**
 * Time formatting exactly as IPython's `%timeit` prints it (`IPython.core.magics.execution._format_time`):
 * three significant digits and the largest unit among s, ms, µs, ns that keeps the number at least 1.
 *
 * @module
 */

const UNITS = ['s', 'ms', 'µs', 'ns'] as const;
const SCALE = [1, 1e3, 1e6, 1e9] as const;

/**
 * Formats a duration in seconds the way IPython does: `formatSeconds(0.0173) === '17.3 ms'`.
 * Durations of a minute or more print as `1min 5s`, as IPython does.
 *
 * @example
 * ```ts
 * import { formatSeconds } from 'numbat';
 *
 * formatSeconds(0.000111); // → '111 µs'
 * formatSeconds(2.5e-9); // → '2.5 ns'
 * formatSeconds(65); // → '1min 5s'
 * ```
 */
export function formatSeconds(seconds: number, precision = 3): string {
  if (!Number.isFinite(seconds)) return `${seconds} s`;
  if (seconds >= 60) {
    const parts: Array<[string, number]> = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
    const out: string[] = [];
    let left = seconds;
    for (const [suffix, length] of parts) {
      const value = Math.trunc(left / length);
      if (value > 0) {
        left %= length;
        out.push(`${value}${suffix}`);
      }
      if (left < 1) break;
    }
    return out.join(' ');
  }
  // Python: min(-int(floor(log10(t)) // 3), 3); floor division rounds toward -inf.
  const order = seconds > 0 ? Math.min(-Math.floor(Math.floor(Math.log10(seconds)) / 3), 3) : 3;
  const index = Math.max(order, 0);
  return `${formatG(seconds * SCALE[index]!, precision)} ${UNITS[index]}`;
}

/** C's `%.*g`: `precision` significant digits, trailing zeros removed. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  // The exponent after rounding decides the style, as in C: 999.6 at 3 digits is 1e+03.
  const [mantissa, exp] = value.toExponential(precision - 1).split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= precision) {
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    return `${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, precision - 1 - exponent));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Python's `f'{n:,}'`: thousands separated by commas. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
