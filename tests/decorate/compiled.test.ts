import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const srcIndex = pathToFileURL(fileURLToPath(new URL('../../src/index.ts', import.meta.url))).href;

// The tests themselves run through tsx (esbuild's decorator lowering). Users who build with tsc get
// TypeScript's lowering instead, which reads Symbol.metadata at class definition: check that path too.
test('decorators lowered by tsc (not esbuild) work: methods, this, metadata, errors', () => {
  const source = `
    import { timed, describe, timingStats, setTimingSink } from ${JSON.stringify(srcIndex)};
    setTimingSink('silent');
    class Model {
      k = 5;
      @timed static twice(x: number): number { return 2 * x; }
      @timed({ label: 'scaled' }) scale(x: number): number { return this.k * x; }
    }
    let fieldError = '';
    try {
      class Bad { @(timed as any) value = 1; }
      new Bad();
    } catch (e) { fieldError = String(e); }
    console.log(JSON.stringify({
      twice: Model.twice(21),
      scaled: new Model().scale(2),
      label: timingStats(Model.twice).label,
      methods: [...describe(Model).keys()].sort(),
      fieldError,
    }));
  `;
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  assert.match(js, /__esDecorate/, 'tsc lowered the decorators');
  const dir = mkdtempSync(join(tmpdir(), 'numbat-tsc-'));
  try {
    const file = join(dir, 'fixture.mjs');
    writeFileSync(file, js);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    assert.equal(out.twice, 42);
    assert.equal(out.scaled, 10);
    assert.equal(out.label, 'Model.twice');
    assert.deepEqual(out.methods, ['scale', 'twice']);
    assert.match(String(out.fieldError), /cannot decorate the class field 'value'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
