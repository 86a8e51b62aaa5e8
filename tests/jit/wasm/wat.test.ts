// The WAT printer (src/jit/wasm/wat.ts): the whole text of small hand-made modules, written out by hand from the
// text format (imports with their types and index comments, the memory with and without `shared`, globals,
// params and locals by name, nested blocks indented, `else` at the level of its `if`, each immediate spelled as
// WAT spells it: labels, offsets (none when 0), lanes, i64 and f64 constants, block result types; local
// instructions and calls named in comments; function and global exports). Spacing within a line is not part of
// the contract: runs of spaces are collapsed before comparing. Generated modules print one line per
// instruction, balanced, with every local named as the function names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printWat } from '../../../src/jit/wasm/wat.js';
import { encodeModule, type WasmModule } from '../../../src/jit/wasm/encode.js';
import { generateWasm } from '../../../src/jit/wasm/codegen.js';
import { lowerToIR } from '../../../src/jit/pipeline.js';

/** Collapses runs of spaces after each line's indentation. */
const normal = (text: string): string => text.split('\n').map((l) => l.replace(/^(\s*)(.*)$/, (_, i: string, rest: string) => i + rest.replace(/ {2,}/g, ' '))).join('\n');

const LOOP_MODULE: WasmModule = {
  imports: [{ module: 'Math', name: 'pow', type: { params: ['f64', 'f64'], results: ['f64'] } }],
  memory: { module: 'env', name: 'memory', min: 2, max: 10, shared: false },
  globals: ['heap', 'top'],
  functions: [{
    name: 'g', type: { params: ['i32'], results: [] }, locals: ['f64'], localNames: ['n', 'acc'],
    body: [
      { op: 'block' }, { op: 'loop' },
      { op: 'local.get', imm: 0 }, { op: 'i32.eqz' }, { op: 'br_if', imm: 1 },
      { op: 'local.get', imm: 1 }, { op: 'f64.const', imm: 2 }, { op: 'call', imm: 0, note: 'Math.pow' }, { op: 'local.set', imm: 1 },
      { op: 'local.get', imm: 0 }, { op: 'i32.const', imm: -1 }, { op: 'i32.add' }, { op: 'local.set', imm: 0 },
      { op: 'br', imm: 0 }, { op: 'end' }, { op: 'end' },
      { op: 'local.get', imm: 0 }, { op: 'if' },
      { op: 'i32.const', imm: 8 }, { op: 'f64.load', imm: 16 }, { op: 'drop' },
      { op: 'else' },
      { op: 'i32.const', imm: 0 }, { op: 'f64.load', imm: 0 }, { op: 'drop' },
      { op: 'end' },
      { op: 'global.get', imm: 1 }, { op: 'drop' },
    ],
  }],
  exports: [{ name: 'g', func: 1 }, { name: 'top', global: 1 }],
};

test('a module with an import, two globals, a loop in a block, an if/else and memory reads: the whole text', () => {
  assert.ok(WebAssembly.validate(encodeModule(LOOP_MODULE)), 'the module itself is valid');
  const want = [
    '(module',
    '  (import "Math" "pow" (func $pow (param f64 f64) (result f64))) ;; 0',
    '  (import "env" "memory" (memory 2 10))',
    '  (global $heap (mut i32) (i32.const 0)) ;; 0',
    '  (global $top (mut i32) (i32.const 0)) ;; 1',
    '  (func $g (param $n i32) ;; 1',
    '    (local $acc f64)',
    '    block',
    '      loop',
    '        local.get 0 ;; $n',
    '        i32.eqz',
    '        br_if 1',
    '        local.get 1 ;; $acc',
    '        f64.const 2',
    '        call 0 ;; Math.pow',
    '        local.set 1 ;; $acc',
    '        local.get 0 ;; $n',
    '        i32.const -1',
    '        i32.add',
    '        local.set 0 ;; $n',
    '        br 0',
    '      end',
    '    end',
    '    local.get 0 ;; $n',
    '    if',
    '      i32.const 8',
    '      f64.load offset=16',
    '      drop',
    '    else',
    '      i32.const 0',
    '      f64.load',
    '      drop',
    '    end',
    '    global.get 1',
    '    drop',
    '  )',
    '  (export "g" (func 1))',
    '  (export "top" (global 1))',
    ')',
  ].join('\n');
  assert.equal(normal(printWat(LOOP_MODULE)), want);
});

test('block result types, i64 and f64 constants, SIMD lanes and lane stores, memory instructions, a shared memory', () => {
  const m: WasmModule = {
    imports: [],
    memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true },
    globals: [],
    functions: [{
      name: 'h', type: { params: [], results: ['f64'] }, locals: ['v128', 'i64'], localNames: ['v', 'big'],
      body: [
        { op: 'i64.const', imm: -(2n ** 40n) }, { op: 'local.set', imm: 1 },
        { op: 'i32.const', imm: 0 }, { op: 'v128.load', imm: 16 }, { op: 'local.set', imm: 0 },
        { op: 'i32.const', imm: 0 }, { op: 'local.get', imm: 0 }, { op: 'v128.store64_lane', imm: 8, lane: 1 },
        { op: 'i32.const', imm: 0 }, { op: 'local.get', imm: 0 }, { op: 'v128.store64_lane', imm: 0, lane: 0 },
        { op: 'memory.size' }, { op: 'drop' },
        { op: 'block', imm: 'f64' },
        { op: 'local.get', imm: 0 }, { op: 'f64x2.extract_lane', imm: 1 },
        { op: 'f64.const', imm: -0 }, { op: 'f64.add' },
        { op: 'end' },
      ],
    }],
    exports: [{ name: 'h', func: 0 }],
  };
  assert.ok(WebAssembly.validate(encodeModule(m)));
  const body = normal(printWat(m)).split('\n').filter((l) => l.startsWith('    ')).map((l) => l.trimEnd());
  assert.deepEqual(body, [
    '    (local $v v128)',
    '    (local $big i64)',
    '    i64.const -1099511627776',
    '    local.set 1 ;; $big',
    '    i32.const 0',
    '    v128.load offset=16',
    '    local.set 0 ;; $v',
    '    i32.const 0',
    '    local.get 0 ;; $v',
    '    v128.store64_lane offset=8 1',
    '    i32.const 0',
    '    local.get 0 ;; $v',
    '    v128.store64_lane 0',
    '    memory.size',
    '    drop',
    '    block (result f64)',
    '      local.get 0 ;; $v',
    '      f64x2.extract_lane 1',
    '      f64.const -0',
    '      f64.add',
    '    end',
  ]);
  const text = normal(printWat(m));
  assert.ok(text.includes('(import "env" "memory" (memory 1 65536 shared))'));
  assert.ok(text.includes('(func $h (result f64) ;; 0'), 'a function without imports before it is number 0');
});

test('function numbers in comments count the imports first; each function is closed at its own level', () => {
  const two: WasmModule = {
    ...LOOP_MODULE,
    functions: [LOOP_MODULE.functions[0]!, { name: 'k', type: { params: ['f64', 'f64'], results: ['f64'] }, locals: [], localNames: ['a', 'b'], body: [{ op: 'local.get', imm: 1 }] }],
  };
  const lines = normal(printWat(two)).split('\n');
  assert.ok(lines.includes('  (func $g (param $n i32) ;; 1'));
  assert.ok(lines.includes('  (func $k (param $a f64) (param $b f64) (result f64) ;; 2'));
  assert.equal(lines.filter((l) => l === '  )').length, 2);
  assert.ok(lines.includes('    local.get 1 ;; $b'));
});

test('a generated module prints one balanced line per instruction, each local named as its function names it', () => {
  function kernel(xs: Float64Array, out: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i]! > k ? Math.sqrt(xs[i]!) : -xs[i]!;
      if (i < out.length) out[i] = v;
      s += v;
    }
    return s;
  }
  const F = { kind: 'array', element: 'f64' } as const;
  const { module } = generateWasm(lowerToIR(kernel, [F, F, { kind: 'f64' }]));
  const lines = printWat(module).split('\n');
  let f = -1;
  let depth = 0;
  let instructions = 0;
  for (const line of lines) {
    if (line.startsWith('  (func ')) { f++; depth = 0; continue; }
    if (f < 0 || !line.startsWith('    ') || line.trim().startsWith('(local')) continue;
    instructions++;
    const op = line.trim().split(' ')[0]!;
    const indent = (line.length - line.trimStart().length) / 2 - 2;
    const level = op === 'end' || op === 'else' ? depth - 1 : depth;
    assert.equal(indent, level, `indentation of ${line.trim()}`);
    if (op === 'end') depth--;
    if (op === 'block' || op === 'loop' || op === 'if') depth++;
    assert.ok(depth >= 0, 'never closes more than it opened');
    const local = /^local\.(get|set|tee) (\d+) ;; \$(\S+)$/.exec(line.trim());
    if (op.startsWith('local.')) {
      assert.ok(local, line);
      assert.equal(local[3], module.functions[f]!.localNames[Number(local[2])]);
    }
  }
  assert.equal(instructions, module.functions.reduce((n, fn) => n + fn.body.length, 0));
  assert.equal(lines.filter((l) => l.startsWith('  (func ')).length, module.functions.length);
  assert.equal(lines.filter((l) => l.startsWith('  (export ')).length, module.exports.length);
  assert.equal(lines[0], '(module');
  assert.equal(lines[lines.length - 1], ')');
});

test('a module with nothing but its memory prints just the memory import', () => {
  const empty: WasmModule = { imports: [], memory: { module: 'env', name: 'mem', min: 0, max: 1, shared: false }, globals: [], functions: [], exports: [] };
  assert.ok(WebAssembly.validate(encodeModule(empty)));
  assert.equal(printWat(empty), '(module\n  (import "env" "mem" (memory 0 1))\n)');
});
