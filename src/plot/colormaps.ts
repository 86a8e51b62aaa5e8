/**
 * Colormaps and normalisations for images and filled contours, as matplotlib's `cmap` and `norm`: values
 * are normalised to [0, 1] (linearly, logarithmically, or symmetric-log), then looked up in a colormap.
 *
 * @module
 */

/**
 * 33 evenly spaced samples of each map, `rrggbb`, taken from matplotlib 3.6; colours between samples are
 * interpolated linearly in sRGB (the error against matplotlib's 256-entry tables is below 1/255 per channel
 * for these smooth maps).
 */
const SAMPLES: Readonly<Record<ColormapName, string>> = {
  /** Perceptually uniform, the default (van der Walt & Smith). */
  viridis:
    '440154470d6048186a482374472d7b4537814240863e49893b528b375b8d33638d2f6b8e2c728e297a8e26828e23898e21918c1f988b1fa08822a78528ae8032b67a3fbc734ec36b5ec96270cf5784d44b98d83eaddc30c2df23d8e219ece51bfde725',
  /** Perceptually uniform and readable with colour-vision deficiency (Nuñez et al. 2018). */
  cividis:
    '00224e00285b002e6a0533711a386f273e6e32436d3b496c434e6c4b546c535a6d5a5f6e61656f686a716f70737676767d7c788482798c8878938e789b9476a39a74aba072b4a76fbcae6cc4b468cdbb63d5c25edec958e7d150f0d846f9e03afee838',
  /** Diverging (Moreland), for signed data around zero: blue, grey, red. */
  coolwarm:
    '3b4cc0445acc4e68d85875e16282ea6c8ff1779af782a6fb8db0fe98b9ffa3c2feaec9fcb9d0f9c3d5f4ccd9edd5dbe5dddcdce5d8d1ecd3c5f1ccb8f5c4acf7ba9ff7b093f6a586f4987af08b6eeb7d62e46e56dd5f4bd44e41ca3b37be242eb40426',
  /** Diverging (ColorBrewer RdBu, reversed): blue, white, red. */
  RdBu_r:
    '0530610e41791752901f63a82a71b23480b93f8ec0529dc86bacd184bcd99bc9e0aed3e6c2ddecd4e6f1e0ecf3ecf2f5f7f6f6f9eee7fbe5d8fddcc9fbccb4f8bb9ef5aa89ee9677e48066db6b55d05548c53e3dba2832ab162a930e267c072267001f',
};

/**
 * A colormap name: perceptually uniform `viridis` (the default) and `cividis`, diverging `coolwarm` and `RdBu_r`.
 *
 * @example
 * ```ts
 * import { imshow, type ColormapName } from 'numbat/plot';
 *
 * const cmap: ColormapName = 'cividis';
 * const image = imshow([[0, 1], [2, 3]], { cmap });
 * ```
 */
export type ColormapName = 'viridis' | 'cividis' | 'coolwarm' | 'RdBu_r';

/**
 * The colormap names, for validation and messages.
 *
 * @example
 * ```ts
 * import { COLORMAPS } from 'numbat/plot';
 *
 * COLORMAPS; // → [ 'viridis', 'cividis', 'coolwarm', 'RdBu_r' ]
 * COLORMAPS.includes('magma' as never); // → false
 * ```
 */
export const COLORMAPS = Object.keys(SAMPLES) as readonly ColormapName[];

const tables = new Map<ColormapName, Uint8Array>();

function table(name: ColormapName): Uint8Array {
  let t = tables.get(name);
  if (!t) {
    const hex = SAMPLES[name];
    t = new Uint8Array(hex.length / 2);
    for (let i = 0; i < t.length; i++) t[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    tables.set(name, t);
  }
  return t;
}

/**
 * The colour of `t` ∈ [0, 1] in a colormap, as `[r, g, b]` bytes; `t` outside is clamped, NaN gives `undefined`.
 *
 * @example
 * ```ts
 * import { colormap } from './colormaps.js';
 *
 * colormap('viridis', 0); // → [ 68, 1, 84 ]
 * colormap('viridis', 2); // → [ 253, 231, 37 ]
 * colormap('viridis', NaN); // → undefined
 * ```
 */
export function colormap(name: ColormapName, t: number): [number, number, number] | undefined {
  if (Number.isNaN(t)) return undefined;
  const tb = table(name);
  const n = tb.length / 3 - 1;
  const u = Math.min(1, Math.max(0, t)) * n;
  const i = Math.min(n - 1, Math.floor(u));
  const f = u - i;
  const at = (k: number): number => Math.round(tb[3 * i + k]! * (1 - f) + tb[3 * (i + 1) + k]! * f);
  return [at(0), at(1), at(2)];
}

/**
 * The CSS colour of `[r, g, b]` bytes: the one place plot code formats a colormap's colour.
 *
 * @example
 * ```ts
 * import { rgbCss } from './colormaps.js';
 *
 * rgbCss([68, 1, 84]); // → 'rgb(68, 1, 84)'
 * ```
 */
export function rgbCss(c: readonly [number, number, number]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * A CSS colour for `t` ∈ [0, 1]; NaN (a value no norm can place) is transparent, i.e. no colour, as matplotlib
 * masks it, never black.
 *
 * @example
 * ```ts
 * import { colormapCss } from './colormaps.js';
 *
 * colormapCss('coolwarm', 0.5); // → 'rgb(221, 220, 220)'
 * colormapCss('viridis', NaN); // → 'rgba(0, 0, 0, 0)'
 * ```
 */
export function colormapCss(name: ColormapName, t: number): string {
  const c = colormap(name, t);
  return c ? rgbCss(c) : 'rgba(0, 0, 0, 0)';
}

/**
 * How values map to [0, 1]: `'linear'`, `'log'` (values ≤ 0 are left blank), or `{ symlog: linthresh }`
 * (matplotlib's `SymLogNorm`: linear within ±linthresh, logarithmic beyond, `linscale` 1).
 *
 * @example
 * ```ts
 * import { imshow, type NormSpec } from 'numbat/plot';
 *
 * // Signed data over many decades: linear within ±0.01, logarithmic beyond.
 * const norm: NormSpec = { symlog: 0.01 };
 * const image = imshow([[-100, -0.001], [0.001, 100]], { norm, cmap: 'RdBu_r' });
 * ```
 */
export type NormSpec =
  | 'linear'
  | 'log'
  | {
      /** The threshold: linear within ±symlog. */
      readonly symlog: number;
      /** Length of the linear part in decades (default 1). */
      readonly linscale?: number;
    };

/**
 * A normalisation over [vmin, vmax]: `map` to [0, 1] and back (`invert`), for colours and colorbar ticks.
 *
 * @example
 * ```ts
 * import { makeNorm } from './colormaps.js';
 *
 * const n = makeNorm('log', 1e-3, 1);
 * n.map(0.03); // → 0.492…
 * n.invert(1); // → 1
 * ```
 */
export interface Norm {
  readonly kind: 'linear' | 'log' | 'symlog';
  readonly vmin: number;
  readonly vmax: number;
  /** Value to [0, 1] (NaN where the value cannot be shown, e.g. ≤ 0 on a log norm). */
  map(v: number): number;
  /** [0, 1] back to a value. */
  invert(t: number): number;
  /** The symlog threshold. */
  readonly linthresh?: number;
}

/**
 * Builds a normalisation, checking that its range can be drawn (a log norm needs vmin > 0).
 *
 * @example
 * ```ts
 * import { makeNorm } from './colormaps.js';
 *
 * makeNorm({ symlog: 0.1 }, -10, 10).map(0); // → 0.5
 * makeNorm('log', 0, 1); // → throws RangeError: myplot: a log norm needs positive values (vmin > 0), got vmin = 0…
 * ```
 */
export function makeNorm(spec: NormSpec, vmin: number, vmax: number): Norm {
  if (!Number.isFinite(vmin) || !Number.isFinite(vmax)) throw new RangeError(`myplot: colour range must be finite, got [${vmin}, ${vmax}]`);
  if (vmax === vmin) vmax = vmin + (vmin === 0 ? 1 : Math.abs(vmin) * 1e-9);
  if (spec === 'linear') {
    return { kind: 'linear', vmin, vmax, map: (v) => (v - vmin) / (vmax - vmin), invert: (t) => vmin + t * (vmax - vmin) };
  }
  if (spec === 'log') {
    if (!(vmin > 0)) throw new RangeError(`myplot: a log norm needs positive values (vmin > 0), got vmin = ${vmin}; use { symlog: linthresh } for signed data`);
    const a = Math.log10(vmin);
    const b = Math.log10(vmax);
    return { kind: 'log', vmin, vmax, map: (v) => (v > 0 ? (Math.log10(v) - a) / (b - a) : NaN), invert: (t) => 10 ** (a + t * (b - a)) };
  }
  if (typeof spec === 'object' && spec !== null && typeof spec.symlog === 'number' && spec.symlog > 0) {
    const lt = spec.symlog;
    const linscale = spec.linscale ?? 1;
    // matplotlib's SymmetricalLogTransform, base 10.
    const adj = linscale / (1 - 1 / 10);
    const fwd = (v: number): number => (Math.abs(v) <= lt ? v * adj : Math.sign(v) * lt * (adj + Math.log10(Math.abs(v) / lt)));
    const inv = (u: number): number => (Math.abs(u) <= lt * adj ? u / adj : Math.sign(u) * lt * 10 ** (Math.abs(u) / lt - adj));
    const a = fwd(vmin);
    const b = fwd(vmax);
    return { kind: 'symlog', vmin, vmax, linthresh: lt, map: (v) => (fwd(v) - a) / (b - a), invert: (t) => inv(a + t * (b - a)) };
  }
  throw new TypeError(`myplot: norm must be 'linear', 'log' or { symlog: linthresh > 0 }, got ${JSON.stringify(spec)}`);
}
