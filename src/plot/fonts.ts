/**
 * Fonts for figures: registered from files, never looked up among the system's fonts, so a figure renders the
 * same on every machine and its PDF embeds exactly the faces the style names.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { skia } from './skia.js';

/**
 * A font family and the files of its faces (regular, bold, italic, bold italic: every face the figure uses).
 *
 * @example
 * ```ts
 * import { defineStyle, paper, type FontFamily } from 'numbat/plot';
 *
 * // Every face the figure uses: without the bold file, bold text would become a synthetic Type 3 font.
 * const libertinus: FontFamily = { family: 'Libertinus Serif', files: ['fonts/LibertinusSerif-Regular.otf', 'fonts/LibertinusSerif-Bold.otf'] };
 * const style = defineStyle(paper, { font: libertinus });
 * ```
 */
export interface FontFamily {
  /** The family name figures use, e.g. `'CMU Serif'`. */
  readonly family: string;
  /** `.ttf`/`.otf` files of its faces. A missing bold face makes Skia synthesize one as a Type 3 font. */
  readonly files: readonly string[];
}

const registered = new Map<string, string>();

/**
 * Registers the faces of a font family from files (once per file and family). Throws naming the file when a
 * file is missing or is not a font.
 *
 * @example
 * ```ts
 * import { registerFontFamily } from 'numbat/plot';
 *
 * // Figures register their style's font themselves; call it to check the files early.
 * registerFontFamily({ family: 'Libertinus Serif', files: ['no-such-dir/LibertinusSerif-Regular.otf'] }); // → throws Error: myplot: font file not found for 'Libertinus Serif': /…/no-such-dir/LibertinusSerif-Regular.otf
 * ```
 */
export function registerFontFamily(font: FontFamily): void {
  for (const file of font.files) {
    const path = resolve(file);
    if (registered.get(path) === font.family) continue;
    if (!existsSync(path)) {
      throw new Error(`myplot: font file not found for '${font.family}': ${path}`);
    }
    if (skia().GlobalFonts.registerFromPath(path, font.family) === null) {
      throw new Error(`myplot: could not load the font file ${path} for '${font.family}' (not a TrueType/OpenType font?)`);
    }
    registered.set(path, font.family);
  }
}

let cmuDir: string | undefined;

/** The directory holding the npm package `computer-modern`'s `.ttf` files. */
function computerModernDir(): string {
  if (cmuDir === undefined) {
    const require = createRequire(import.meta.url);
    let packageJson: string;
    try {
      packageJson = require.resolve('computer-modern/package.json');
    } catch {
      throw new Error("myplot: the npm package 'computer-modern' is not installed; it ships the CMU fonts of the paper style.");
    }
    cmuDir = join(dirname(packageJson), 'fonts');
  }
  return cmuDir;
}

/** The four faces of a CMU family, named as the `computer-modern` package names its files. */
function cmuFaces(stem: string, family: string): FontFamily {
  const dir = computerModernDir();
  return {
    family,
    files: ['500-roman', '700-roman', '500-italic', '700-italic'].map((face) => join(dir, `${stem}-${face}.ttf`)),
  };
}

/**
 * CMU Serif (Computer Modern Unicode, the LaTeX look, SIL OFL) from the npm package `computer-modern`:
 * regular, bold, italic and bold italic.
 *
 * @example
 * ```ts
 * import { cmuSerif, defineStyle, paper } from 'numbat/plot';
 *
 * const mine = defineStyle(paper, { font: cmuSerif() });
 * mine.font.family; // → 'CMU Serif'
 * mine.font.files.length; // → 4
 * ```
 */
export function cmuSerif(): FontFamily {
  return cmuFaces('cmu-serif', 'CMU Serif');
}

/**
 * CMU Sans Serif from the npm package `computer-modern` (regular, bold, italic, bold italic), for slides.
 *
 * @example
 * ```ts
 * import { cmuSansSerif, defineStyle, presentation } from 'numbat/plot';
 *
 * const slides = defineStyle(presentation, { font: cmuSansSerif() });
 * slides.font.family; // → 'CMU Sans Serif'
 * ```
 */
export function cmuSansSerif(): FontFamily {
  return cmuFaces('cmu-sans-serif', 'CMU Sans Serif');
}
