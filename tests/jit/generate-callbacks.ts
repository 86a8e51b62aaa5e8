/**
 * Issue 12's array callbacks for the differential generator (`generate.ts` calls {@link callbacksStmt} when
 * `callbacks: true`): `map`, `forEach`, `reduce`/`reduceRight` with and without a start value (an empty `xs`
 * then throws V8's TypeError), `some`, `every`, `filter`, `findIndex`, chained (`xs.map(…).reduce(…)`), with
 * callbacks that read the outer locals and parameters and write the outer locals, written as arrows (expression
 * or block bodies) and as function expressions.
 */

/** What the generator's closure lends this file. */
export interface CallbacksContext {
  readonly r: () => number;
  readonly pick: <T>(xs: readonly T[]) => T;
  readonly name: (prefix: string) => string;
  /** A numeric expression over the scope (never reads the callback's own parameters). */
  readonly e: () => string;
  /** A condition over the scope. */
  readonly cond: () => string;
  readonly mutable: readonly string[];
  readonly ind: string;
}

/**
 * One statement with an array callback over `xs`, assigning or updating an outer local.
 *
 * @example
 * ```ts
 * callbacksStmt(ctx); // ['  a = xs.reduce((s1, v2, i3) => s1 + v2 * (b + 1), k);']
 * ```
 */
export function callbacksStmt(c: CallbacksContext): string[] {
  const { pick, ind } = c;
  const target = pick(c.mutable);
  const other = pick(c.mutable);
  const v = c.name('v');
  const i = c.name('i');
  const s = c.name('s');
  // a value of the callback's own: its parameters with the scope's expressions
  const own = (): string => pick([`${v} * (${c.e()})`, `${v} + ${i}`, `(${v} - ${c.e()}) / (${i} + 1)`, `Math.max(${v}, ${c.e()})`, `${v}`]);
  const test = (): string => pick([`${v} > ${c.e()}`, `${v} === ${v}`, `${i} < ${c.e()}`, `(${v} < 0) !== !(${c.cond()})`]);
  const fn = (params: string, body: string): string =>
    pick([`(${params}) => ${body}`, `(${params}) => { return ${body}; }`, `function (${params}) { return ${body}; }`]);
  const start = (): string => (c.r() < 0.7 ? `, ${c.e()}` : ''); // none: an empty xs throws
  const reduce = pick(['reduce', 'reduceRight']);
  switch (Math.floor(c.r() * 8)) {
    case 0:
      return [`${ind}${target} = xs.${reduce}(${fn(`${s}, ${v}, ${i}`, `${s} + ${own()}`)}${start()});`];
    case 1:
      return [`${ind}${target} += xs.map(${fn(`${v}, ${i}`, own())}).reduce(${fn(`${s}, ${v}`, `${s} * 0.5 + ${v}`)}${start()});`];
    case 2:
      // writes to outer locals from the callback, and an early return
      return [
        `${ind}xs.forEach((${v}, ${i}) => {`,
        `${ind}  if (${test()}) return;`,
        `${ind}  ${target} += ${own()};`,
        `${ind}  ${other} = ${other} * 0.5 - ${v};`,
        `${ind}});`,
      ];
    case 3:
      return [`${ind}${target} = xs.some(${fn(`${v}, ${i}`, test())}) ? ${c.e()} : ${other};`];
    case 4:
      return [`${ind}if (xs.every(${fn(`${v}, ${i}`, test())})) ${target} = ${c.e()};`];
    case 5:
      return [`${ind}${target} = xs.filter(${fn(`${v}, ${i}`, test())}).length + ${other};`];
    case 6:
      return [`${ind}${target} -= xs.findIndex(${fn(`${v}, ${i}`, test())});`];
    default:
      // the callback assigns an outer local it also reads (as the plain closure does)
      return [`${ind}${target} = xs.map((${v}, ${i}) => (${other} = ${other} + ${v}) * ${i})[${pick(['0', 'xs.length - 1', `${target} & 3`])}] ?? ${other};`];
  }
}
