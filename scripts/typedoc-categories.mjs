// A typedoc plugin: files every top-level export of the API reference under its capability, so the reference
// opens by capability (timed, memoJit, parallel, gpu, plot, arrays, errors) instead of one alphabetical list.
// The rule is one table from source path to category, so no source file needs a `@category` tag; an export's
// own `@category` tag, where one is written, wins. The order of the categories is typedoc.json's categoryOrder.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';
import { relative, sep } from 'node:path';

/** First matching row wins: [path prefix under src/, or an export's name, category]. */
export const CATEGORIES = [
  [{ name: 'Array2D' }, 'Arrays'],
  [{ errors: true }, 'Errors'],
  [{ path: 'timed/' }, 'timed'],
  [{ path: 'jit/parallel/' }, 'memoJit'],
  [{ path: 'jit/' }, 'memoJit'],
  [{ path: 'memory/' }, 'Arrays'],
  [{ path: 'parallel/' }, 'parallel'],
  [{ path: 'gpu/' }, 'gpu'],
  [{ path: 'plot/' }, 'plot'],
  [{ path: 'decorate.ts' }, 'Decorators'],
  [{ path: 'guard.ts' }, 'parallel'],
];

/** Whether a class declaration extends Error, directly or through another class of the program. */
function isErrorClass(checker, symbol) {
  const decl = symbol?.declarations?.find((d) => d.kind !== undefined && 'heritageClauses' in d);
  if (!decl) return false;
  let type = checker.getDeclaredTypeOfSymbol(symbol);
  for (let depth = 0; depth < 10 && type; depth++) {
    const bases = type.getBaseTypes?.() ?? [];
    if (bases.length === 0) return false;
    type = bases[0];
    if (type.symbol?.name === 'Error') return true;
  }
  return false;
}

/** The category of an export, or undefined when no row matches. */
export function categoryOf(path, name, isError) {
  for (const [rule, category] of CATEGORIES) {
    if (rule.name !== undefined && rule.name === name) return category;
    if (rule.errors && isError) return category;
    if (rule.path !== undefined && path.startsWith(rule.path)) return category;
  }
  return undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const found = new Map();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    // Modules themselves stay uncategorized: in the site's navigation they sit beside the guides, which a
    // category folder would push under "Other".
    if (reflection.kindOf(ReflectionKind.SomeModule) || !reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (!file) return;
    const path = relative(`${process.cwd()}${sep}src`, file).split(sep).join('/');
    const category = categoryOf(path, reflection.name, reflection.kindOf(ReflectionKind.Class) && isErrorClass(context.checker, symbol));
    if (category) found.set(reflection, category);
  });
  // Before the category plugin (priority -200) sorts the children into categories.
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    // A name re-exported by a second entry point (the package root) is a reference to the first one's
    // declaration: it goes where its target goes.
    for (const reference of context.project.getReflectionsByKind(ReflectionKind.Reference)) {
      const target = reference.tryGetTargetReflectionDeep?.();
      if (target && found.has(target) && !found.has(reference)) found.set(reference, found.get(target));
    }
    for (const [reflection, category] of found) {
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)].filter(Boolean);
      if (comments.some((c) => c.blockTags.some((t) => t.tag === '@category'))) continue;
      const target = comments[0] ?? (reflection.comment = new Comment());
      target.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: category }]));
    }
  }, 100);
}
