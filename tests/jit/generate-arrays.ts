/**
 * Issue 12's arrays for the differential generator (`generate.ts` calls {@link arraysStmt} when `arrays: true`):
 * `new ArrayBuffer` with typed-array views over it (offsets, aliasing views, copies of `xs`), callbacks on the
 * rows of `m` when the program has the `number[][]` parameter (`m.map((r) => r.map(…))`, `m.reduce` over rows),
 * and local arrays of rows filled with `push` or `rows[i] = row`, made as `Array(n).fill(0)` replaced row by
 * row, as `Array(n).fill(0).map(() => row)`, or as pairs `xs.map((x, i) => [x, …])`. Each statement updates an
 * outer local from what it built.
 */

/** What the generator's closure lends this file. */
export interface ArraysContext {
  readonly r: () => number;
  readonly pick: <T>(xs: readonly T[]) => T;
  readonly name: (prefix: string) => string;
  /** A numeric expression over the scope. */
  readonly e: () => string;
  readonly mutable: readonly string[];
  /** Whether `m` is a `number[][]` parameter in scope (not an `Array2D`). */
  readonly nested: boolean;
  readonly ind: string;
}

/**
 * One statement (a block) building arrays and updating an outer local.
 *
 * @example
 * ```ts
 * arraysStmt(ctx); // ['  {', '    const raw1 = new ArrayBuffer(8 * (xs.length + 2));', …, '  }']
 * ```
 */
export function arraysStmt(c: ArraysContext): string[] {
  const { pick, ind } = c;
  const target = pick(c.mutable);
  const raw = c.name('raw');
  // prefixes of their own: the generator names user locals v0, w1, i2, …
  const v = c.name('view');
  const w = c.name('tail');
  const rows = c.name('rows');
  const i = c.name('ix');
  const inner = ind + '  ';
  const choices = c.nested ? 9 : 6;
  const roll = Math.floor(c.r() * choices);
  switch (roll < 3 ? roll : c.nested ? roll : roll + 3) {
    case 0: // a view, a second view aliasing its tail, and the sum through the first
      return [
        `${ind}{`,
        `${inner}const ${raw} = new ArrayBuffer(8 * (xs.length + 2));`,
        `${inner}const ${v} = new Float64Array(${raw});`,
        `${inner}${v}.set(xs, 1);`,
        `${inner}const ${w} = new Float64Array(${raw}, 8, xs.length);`,
        `${inner}${w}[0] = ${c.e()};`,
        `${inner}${target} += ${v}.reduce((s, x) => s + x, ${raw}.byteLength) + ${w}.byteOffset;`,
        `${ind}}`,
      ];
    case 1: // bytes of the doubles, through a copy
      return [
        `${ind}{`,
        `${inner}const ${v} = new Float64Array(xs);`,
        `${inner}${v}[0] = ${c.e()};`,
        `${inner}const ${w} = new Uint8Array(${v}.buffer);`,
        `${inner}${target} = ${target} * 0.5 + ${w}[(${w}.length - 1) % 8] + ${w}.length;`,
        `${ind}}`,
      ];
    case 2: // a local array of rows
      return [
        `${ind}{`,
        `${inner}const ${rows} = [];`,
        `${inner}for (let ${i} = 0; ${i} < xs.length; ${i}++) ${rows}.push(Array.from(xs.subarray(${i})));`,
        `${inner}${rows}[${rows}.length] = [${c.e()}];`,
        `${inner}${target} += ${rows}.reduce((s, r) => s + r.length + (r[0] || 0), 0);`,
        `${ind}}`,
      ];
    case 3: // numba's go_fast broadcast, then a reduction over the new rows
      return [
        `${ind}{`,
        `${inner}const ${rows} = m.map((r) => r.map((x) => x + ${c.e()}));`,
        `${inner}${target} += ${rows}.reduce((s, r) => s + r.reduce((t, x) => t * 0.5 + x, 0), 0);`,
        `${ind}}`,
      ];
    case 4:
      return [`${ind}${target} = m.some((r) => r[0] > ${c.e()}) ? m.findIndex((r, ${i}) => r.length > ${i}) : ${target};`];
    case 5: // rows written in place through forEach
      return [`${ind}m.forEach((r, ${i}) => { r[${i} % r.length] = r[0] * 0.5 + ${c.e()}; });`];
    case 6: // numbers replaced by rows in the loop right after (infer/filled-rows.ts)
      return [
        `${ind}{`,
        `${inner}const ${rows} = ${pick(['Array', 'new Array'])}(xs.length).fill(${pick(['0', '-0', 'NaN'])});`,
        `${inner}for (let ${i} = 0; ${i} < ${rows}.length; ${i}++) ${rows}[${i}] = [xs[${i}], ${c.e()}];`,
        `${inner}${target} += ${rows}.reduce((s, r) => s + r[0] - r[1], ${rows}.length);`,
        `${ind}}`,
      ];
    case 7: // the matrix idiom: map of zeros to rows, then writes through the rows
      return [
        `${ind}{`,
        `${inner}const ${rows} = Array(xs.length).fill(0).map(() => Array(2).fill(${c.e()}));`,
        `${inner}${rows}.forEach((r, ${i}) => { r[${i} % 2] = xs[${i}]; });`,
        `${inner}${target} += ${rows}.reduce((s, r) => s * 0.5 + r[0] * r[1], 0);`,
        `${ind}}`,
      ];
    default: // pairs from a literal the callback returns
      return [
        `${ind}{`,
        `${inner}const ${rows} = Array.from(xs).map((x, ${i}) => [x, ${i} - ${c.e()}]);`,
        `${inner}${target} += ${rows}.reduce((s, p) => s + p[0] * p[1], ${rows}.length);`,
        `${ind}}`,
      ];
  }
}
