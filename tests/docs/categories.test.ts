// The API reference opens by capability: every export of the package root falls under a category of
// scripts/typedoc-categories.mjs's table, and the table's categories are the ones typedoc.json orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from './snippets.js';
import { CATEGORIES, categoryOf } from '../../scripts/typedoc-categories.mjs';

const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { plugin: string[]; categoryOrder: string[]; navigation: { includeCategories: boolean } };

test('typedoc loads the plugin, orders every category of its table and shows them in the navigation', () => {
  assert.ok(config.plugin.includes('./scripts/typedoc-categories.mjs'));
  for (const [, category] of CATEGORIES) assert.ok(config.categoryOrder.includes(category), `${category} is not in typedoc.json's categoryOrder`);
  assert.equal(config.navigation.includeCategories, true);
});

test('every export of the package root has a category, and errors and Array2D get their own', () => {
  const program = ts.createProgram([join(ROOT, 'src/index.ts')], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const root = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, 'src/index.ts'))!)!;
  const seen = new Map<string, string>();
  for (const exported of checker.getExportsOfModule(root)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    assert.ok(decl, exported.name);
    const path = relative(join(ROOT, 'src'), decl.getSourceFile().fileName).split('\\').join('/');
    const isError = ts.isClassDeclaration(decl) && checker.getBaseTypes(checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType).some(function extendsError(t: ts.Type): boolean {
      return t.symbol?.name === 'Error' || t.symbol?.name === 'AggregateError' || (t.isClass() && checker.getBaseTypes(t).some(extendsError));
    });
    const category = categoryOf(path, exported.name, isError);
    assert.ok(category, `${exported.name} (src/${path}) has no category: add a row to scripts/typedoc-categories.mjs`);
    seen.set(exported.name, category);
  }
  assert.equal(seen.get('Array2D'), 'Arrays');
  for (const name of ['JitError', 'ParallelTaskError', 'ParallelMapError', 'GpuCompileError', 'PlotSaveError', 'SlurmError']) assert.equal(seen.get(name), 'Errors', name);
  assert.equal(seen.get('timeit'), 'timed');
  assert.equal(seen.get('memoJit'), 'memoJit');
  assert.equal(seen.get('myplot'), 'plot');
});
