// Narrowing and joins (src/jit/infer/flow.ts) through their interface, FlowHost, with a fake host: the flow
// rules can be tested without running the walker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpressionAt } from 'acorn';
import type { Node } from '../../../src/jit/frontend/parse.js';
import { joinStates, refine, widen, type FlowHost, type State } from '../../../src/jit/infer/flow.js';
import { BOOLV, FALSEV, FLOAT, joinAV, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import type { Binding } from '../../../src/jit/infer/scope.js';

function host(names: readonly string[]): { host: FlowHost; bindings: Binding[]; parse: (src: string) => Node } {
  const bindings: Binding[] = names.map((name, slot) => ({ name, unique: name, kind: 'let', decl: { type: 'Identifier', name, start: 0, end: 0 }, slot, value: undefined }));
  const refs = new Map<Node, Binding>();
  const parse = (src: string): Node => {
    const node = parseExpressionAt(src, 0, { ecmaVersion: 'latest' }) as unknown as Node;
    const visit = (n: Node): void => {
      if (n.type === 'Identifier') {
        const b = bindings.find((x) => x.name === n.name);
        if (b) refs.set(n, b);
      }
      for (const key of ['left', 'right', 'argument']) if (n[key]) visit(n[key] as Node);
    };
    visit(node);
    return node;
  };
  return {
    bindings,
    parse,
    host: {
      read: (state, b) => state[b.slot],
      bindingAt: (slot) => bindings[slot]!,
      bindingOf: (id) => refs.get(id),
      valueOf: () => undefined,
      fail: (message) => {
        throw new Error(message);
      },
    },
  };
}

test('i < n narrows an integer i by n\'s upper bound; its negation by n\'s lower bound', () => {
  const { host: h, parse } = host(['i', 'n']);
  const start = (): State => [numAV(0, 2 ** 31 - 1, true), numAV(10, 100, true)];
  assert.deepEqual(refine(parse('i < n'), true, start(), h)![0], numAV(0, 99, true));
  assert.deepEqual(refine(parse('i < n'), false, start(), h)![0], numAV(10, 2 ** 31 - 1, true));
  assert.deepEqual(refine(parse('!(i >= n)'), true, start(), h)![0], numAV(0, 99, true));
  assert.deepEqual(refine(parse('i < n && i > 3'), true, start(), h)![0], numAV(4, 99, true));
});

test('a float is never narrowed (NaN makes every comparison false), nor is an unknown name', () => {
  const { host: h, parse } = host(['x', 'n']);
  const state: State = [FLOAT, numAV(0, 5, true)];
  assert.deepEqual(refine(parse('x < n'), true, state, h)![0], FLOAT);
  assert.deepEqual(refine(parse('y < n'), true, [FLOAT, numAV(0, 5, true)], h), [FLOAT, numAV(0, 5, true)]);
});

test('a comparison nothing satisfies keeps one value (the dead branch assumes it vacuously)', () => {
  const { host: h, parse } = host(['j', 'i']);
  const narrowed = refine(parse('j < i'), true, [numAV(0, 0, true), numAV(0, 0, true)], h)!;
  assert.deepEqual(narrowed[0], numAV(0, 0, true));
});

test('joins hull integer ranges, forget values set on one path only, and reject a type clash by name', () => {
  const { host: h, parse } = host(['a', 'b']);
  const at = parse('a');
  const one: State = [numAV(0, 1, true), numAV(0, 0, true)];
  const two: State = [numAV(5, 9, true), undefined];
  assert.deepEqual(joinStates(one, two, at, h), [numAV(0, 9, true), undefined]);
  const clash: State = [{ k: 'str' } as AV, numAV(0, 0, true)];
  assert.throws(() => joinStates(one, clash, at, h), /'a' is an integer on one path and a string on another/);
  // a number on one path and a boolean on another: the JS value itself (lattice.ts)
  assert.deepEqual(joinStates(one, [{ k: 'bool' } as AV, numAV(0, 0, true)], at, h), [{ k: 'numbool', maybeTrue: true }, numAV(0, 0, true)]);
});

test('if (x): a number-or-false is a number where truthy; a number-or-boolean stays one; a variable still false is never truthy', () => {
  const { host: h, parse } = host(['x', 'y']);
  const numOrFalse = joinAV(FALSEV, FLOAT)!;
  const numOrBool = joinAV(BOOLV, FLOAT)!;
  assert.deepEqual(refine(parse('x'), true, [numOrFalse, numOrBool], h), [FLOAT, numOrBool]);
  assert.deepEqual(refine(parse('y'), true, [numOrFalse, numOrBool], h), [numOrFalse, numOrBool], 'true is truthy too');
  assert.deepEqual(refine(parse('!x'), false, [numOrFalse, FLOAT], h), [FLOAT, FLOAT], '!x false: x truthy');
  assert.deepEqual(refine(parse('x'), false, [numOrFalse, FLOAT], h), [numOrFalse, FLOAT], 'falsy: false, 0, -0 or NaN');
  assert.equal(refine(parse('x'), true, [FALSEV, FLOAT], h), null, 'holding only the literal false: the branch is dead');
  assert.deepEqual(refine(parse('x'), true, [BOOLV, FLOAT], h), [BOOLV, FLOAT], 'any boolean may be true');
  assert.deepEqual(refine(parse('x && y'), true, [numOrFalse, numOrFalse], h), [FLOAT, FLOAT]);
});

test('widening sends a bound that still moves to infinity, so the value becomes f64', () => {
  assert.deepEqual(widen([numAV(0, 10, true)], [numAV(0, 11, true)]), [{ k: 'num', int: true, lo: 0, hi: Infinity }]);
  assert.deepEqual(widen([numAV(0, 10, true)], [numAV(0, 10, true)]), [numAV(0, 10, true)]);
});
