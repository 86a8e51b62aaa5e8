// src/jit/infer/content.ts: what a compiled function depends on from outside its own text, for a persistent
// cache's key. outsideContent on functions of this module: callee sources found recursively (plain and memoJit,
// the original's text, each once, cycles ending), numbers and booleans by value (-0 and NaN kept), arrays by kind,
// plain records' number and boolean fields, classes' number and boolean static fields (own, assigned after the
// class, inherited: values the class's text does not show), globals and property names left out, a name the function also
// declares itself listed anyway (the documented over-approximation), and nothing compiled to find them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outsideContent } from '../../../src/jit/infer/content.js';
import { memoJit } from '../../../src/index.js';

const SCALE = 2.5;
const NOT_A_NUMBER = NaN;
const NEG = -0;
const FLAG = false;
const LABEL = 'text';
const INTS = new Int32Array(3);
const FLAGS = [true, false];
const PARAMS = { rate: 0.5, on: true, name: 'p', nested: { k: 1 }, list: [1] };
class BaseSettings {
  static G = 9.8;
}
class Settings extends BaseSettings {
  static K = Number('4'); // a value the class's text does not show
  static label = 'k';
}
(Settings as unknown as { ON: boolean }).ON = true;

function leaf(x: number): number {
  return x * SCALE;
}
function middle(x: number): number {
  return leaf(x) + 1;
}
function top(x: number): number {
  return middle(x) + leaf(x);
}
function ping(n: number): number {
  return n <= 0 ? 0 : pong(n - 1);
}
function pong(n: number): number {
  return n <= 0 ? 1 : ping(n - 1);
}
const fastLeaf = memoJit(leaf);
let compiledCount = 0;
const counted = memoJit(function counted(x: number): number {
  compiledCount++;
  return x;
});

test('callee sources are found through every name from outside, recursively, each once, in discovery order', () => {
  const c = outsideContent(top);
  assert.deepEqual(c.sources.map((s) => s.name), ['middle', 'leaf']);
  assert.equal(c.sources[0]!.source, middle.toString());
  assert.equal(c.sources[1]!.source, leaf.toString());
  assert.deepEqual(c.constants, [{ name: 'SCALE', value: 2.5 }], 'leaf\'s constant, listed once');
});

test('mutual recursion ends: the function itself is not among its sources', () => {
  const c = outsideContent(ping);
  assert.deepEqual(c.sources.map((s) => s.name), ['pong']);
  assert.deepEqual(outsideContent(pong).sources.map((s) => s.name), ['ping']);
});

test('a memoJit callee contributes its original\'s source; a memoJit function is looked at through its original', () => {
  const viaJit = (x: number): number => fastLeaf(x) - 1;
  const c = outsideContent(viaJit);
  assert.deepEqual(c.sources, [{ name: 'fastLeaf', source: leaf.toString() }]);
  assert.deepEqual(c.constants, [{ name: 'SCALE', value: 2.5 }]);
  assert.deepEqual(outsideContent(memoJit(top)).sources.map((s) => s.name), ['middle', 'leaf']);
  const before = compiledCount;
  outsideContent((x: number) => counted(x));
  assert.equal(compiledCount, before, 'nothing runs or compiles');
  assert.deepEqual(counted.signatures, [], 'no specialization was made');
});

test('numbers and booleans by value (-0 and NaN kept), arrays by kind, strings and globals left out', () => {
  const c = outsideContent((i: number) => (FLAG ? INTS[i]! : FLAGS[i] ? NEG : NOT_A_NUMBER) + LABEL.length + Math.PI + Infinity);
  assert.deepEqual(c.constants.map((k) => k.name), ['FLAG', 'INTS', 'FLAGS', 'NEG', 'NOT_A_NUMBER']);
  assert.deepEqual(c.constants.map((k) => k.value), [false, 'Int32Array', 'boolean[]', -0, NaN]);
  assert.ok(Object.is(c.constants[3]!.value, -0));
  assert.ok(Number.isNaN(c.constants[4]!.value));
  assert.deepEqual(c.sources, []);
});

test('a plain record contributes its number and boolean fields by dotted name, nothing deeper', () => {
  const c = outsideContent((x: number) => x * PARAMS.rate);
  assert.deepEqual(c.constants, [{ name: 'PARAMS.rate', value: 0.5 }, { name: 'PARAMS.on', value: true }]);
});

test('a class contributes its number and boolean static fields (own, assigned later, inherited) by dotted name', () => {
  // statics.ts freezes Settings.K into the code: a key without its value reused code made for another value
  const c = outsideContent((x: number) => x * Settings.K);
  assert.deepEqual(c.constants, [{ name: 'Settings.K', value: 4 }, { name: 'Settings.ON', value: true }, { name: 'Settings.G', value: 9.8 }]);
  assert.deepEqual(c.sources.map((s) => s.name), ['Settings']);
});

test('property names are not references; computed keys and shorthand values are; own declarations are over-listed', () => {
  const props = outsideContent((o: { SCALE: number }) => o.SCALE + ({ SCALE: 1 }).SCALE);
  assert.deepEqual(props.constants, [], 'o.SCALE and { SCALE: … } name properties');
  const computed = outsideContent((o: Record<number, number>) => o[SCALE]!);
  assert.deepEqual(computed.constants, [{ name: 'SCALE', value: 2.5 }]);
  const shorthand = outsideContent(() => ({ SCALE }).SCALE);
  assert.deepEqual(shorthand.constants, [{ name: 'SCALE', value: 2.5 }]);
  // Declares its own SCALE: the outer one is listed too, which only changes the key more often.
  // (Made by a direct eval: written here, tsx would rename the inner SCALE, as it renames shadowing names.)
  const own = eval('(x) => { const SCALE = 3; return x * SCALE; }') as (x: number) => number;
  assert.equal(own(2), 6);
  assert.deepEqual(outsideContent(own).constants, [{ name: 'SCALE', value: 2.5 }]);
});

test('a function with no outside names has empty content; a built-in contributes its text (a Math function its member) and is not walked', () => {
  assert.deepEqual(outsideContent((x: number, y: number) => x * y + Math.sqrt(x)), { sources: [], constants: [] });
  assert.deepEqual(outsideContent(Math.max as (...a: number[]) => number), { sources: [], constants: [] });
  const max = Math.max;
  const c = outsideContent((x: number) => max(x, 0));
  assert.deepEqual(c.sources, [{ name: 'max', source: 'Math.max' }]);
  const isFinite = Number.isFinite;
  const d = outsideContent((x: number) => isFinite(x));
  assert.deepEqual(d.sources.map((s) => s.name), ['isFinite']);
  assert.match(d.sources[0]!.source, /\[native code\]/);
});
