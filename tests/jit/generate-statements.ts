/**
 * Issue 12's statements and operators for the differential generator (`generate.ts` calls {@link statementsStmt}
 * when `statements: true`): `throw` with built messages, `switch` with fall-through, assignments and updates
 * inside expressions (`a = b = e`, `xs[i++]`, `(t = e) > c`), `&&=`/`||=`/`??=`, `??`, `&`/`|`/`^` on booleans,
 * `typeof` and `=== undefined` tests of reads that may be past the end.
 */

/** What the generator's closure lends this file. */
export interface StatementsContext {
  readonly r: () => number;
  readonly pick: <T>(xs: readonly T[]) => T;
  readonly chance: (p: number) => boolean;
  readonly name: (prefix: string) => string;
  /** A numeric expression over the scope. */
  readonly e: () => string;
  /** A condition over the scope. */
  readonly cond: () => string;
  /** A block of statements at the given indent (`inLoop` true lets it break). */
  readonly block: (indent: string, inLoop: boolean) => string[];
  readonly mutable: readonly string[];
  readonly readable: readonly string[];
  readonly inLoop: boolean;
  readonly ind: string;
}

/**
 * One statement of issue 12's constructs, or `undefined` to let the generator choose another.
 *
 * @example
 * ```ts
 * const extra = statementsStmt(ctx); // { code: ['  x = (t = a) + t;'], locals: [] }
 * ```
 */
export function statementsStmt(c: StatementsContext): { code: string[]; locals: string[] } | undefined {
  const { pick, chance, e, ind } = c;
  const inner = `${ind}  `;
  const target = pick(c.mutable);
  const other = pick(c.mutable);
  const roll = c.r();
  if (roll < 0.12) {
    const msg = pick([`'too big: ' + ${e()}`, `\`k = \${k}, v = \${${target}}\``, `${target} + ${other} + ' and ' + k`, `'plain'`]);
    const cls = pick(['Error', 'RangeError', 'TypeError']);
    return { code: [`${ind}if (${c.cond()}) throw new ${cls}(${msg});`], locals: [] };
  }
  if (roll < 0.3) {
    const cases = [...new Set(Array.from({ length: 1 + Math.floor(c.r() * 3) }, () => pick(['0', '1', '2', '-1', '0.5', '-0', 'NaN'])))];
    const code = [`${ind}switch (${pick(['k', `(k & 3)`, `${target}`, 'xs.length'])}) {`];
    for (const k of cases) {
      // a block per case: a `let` directly in a case would share the switch's one scope
      code.push(`${inner}case ${k}: {`, ...c.block(`${inner}  `, c.inLoop), `${inner}}`);
      if (chance(0.6)) code.push(`${inner}  break;`);
    }
    if (chance(0.6)) code.push(`${inner}default: {`, ...c.block(`${inner}  `, c.inLoop), `${inner}}`);
    code.push(`${ind}}`);
    return { code, locals: [] };
  }
  if (roll < 0.45) {
    const forms = [
      `${target} = ${other} = ${e()};`,
      `${target} += (${other} = ${e()}) * 2;`,
      `${target} = ${other}++ + ++${other};`,
      `${target} = (${other} -= 1, ${e()});`,
      `buf[${pick(['0', '1', 'k & 3'])}] = ${target} = ${e()};`,
      `if ((${target} = ${e()}) > ${other}) ${other} = ${target};`,
      `if ((${target} = ${e()}) > ${other}) ${target} += 1;`,
      `${target} = xs[k & 7] ?? ${e()};`,
    ];
    return { code: [`${ind}${pick(forms)}`], locals: [] };
  }
  if (roll < 0.6) {
    return { code: [`${ind}${target} ${pick(['&&=', '||=', '??='])} ${e()};`], locals: [] };
  }
  if (roll < 0.75) {
    const f = c.name('f');
    const g = c.name('f');
    return {
      code: [`${ind}const ${f} = ${c.cond()};`, `${ind}const ${g} = ${c.cond()};`, `${ind}${target} += (${f} ${pick(['&', '|', '^'])} ${g}) + (${f} & ${pick(['k', '1', target])});`],
      locals: [],
    };
  }
  if (roll < 0.9) {
    const read = pick(['xs[k]', 'xs[k & 7]', 'xs[xs.length]', 'xs[0]', 'buf[k]']);
    const test = pick([`typeof ${read} === 'number'`, `${read} === undefined`, `${read} != null`, `typeof ${target} !== 'number'`, `typeof xs === 'object'`]);
    return { code: [`${ind}if (${test}) ${target} += ${e()};`], locals: [] };
  }
  if (c.inLoop) return undefined;
  const i = c.name('i');
  return { code: [`${ind}let ${i} = 0;`, `${ind}while (${i} < 4 && (${target} = ${e()}) === ${target}) {`, `${inner}${i}++;`, ...c.block(inner, true), `${ind}}`], locals: [] };
}
