// src/jit/infer/labels.ts: labelled statements and labelled break/continue, resolved as JS resolves them. Checked
// on parsed functions (labelsOf, isLabelledLoop, jumpTarget over hand-made frames), labelledStatement with a fake
// host (a labelled block gets a frame of its own, popped even when its body throws, and the state after it joins
// its breaks), loopFrameLabels after a real analysis, the inferred value after each kind of jump (hand-derived
// from the JS semantics), and through memoJit against the plain function, with the Wasm backend's stated refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { isLabelledLoop, jumpTarget, labelledStatement, labelsOf, loopFrameLabels, type LabelHost } from '../../../src/jit/infer/labels.js';
import { numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import type { JumpFrame } from '../../../src/jit/infer/statements.js';
import type { State } from '../../../src/jit/infer/flow.js';
import { memoJit } from '../../../src/index.js';

/** The statements of the body of `source`'s function. */
const body = (source: string): Node[] => parseFunction(source).body.body as Node[];

/** The value the analysis gives the function's return, for one f64 argument. */
function returns(source: string): AV {
  return inferFunction(parseFunction(source), [{ kind: 'f64' }], newEnv(() => undefined)).returns;
}

test('labelsOf collects stacked labels outermost first and returns the statement they label', () => {
  const [s] = body('function f(n) { a: b: c: while (n) break a; }');
  const { labels, body: labelled } = labelsOf(s!);
  assert.deepEqual(labels, ['a', 'b', 'c']);
  assert.equal(labelled.type, 'WhileStatement');
  // An unlabelled statement: no labels, the statement itself.
  const [plain] = body('function f(n) { n++; }');
  assert.deepEqual(labelsOf(plain!), { labels: [], body: plain });
});

test('isLabelledLoop: the four loops JS lets continue name, and nothing else', () => {
  const stmts = body(`function f(n, xs) {
    a: for (let i = 0; i < n; i++) break a;
    b: for (const x of xs) break b;
    c: while (n) break c;
    d: do { break d; } while (n);
    e: { break e; }
    g: if (n) break g;
    h: switch (n) { default: break h; }
  }`);
  const kinds = stmts.map((s) => isLabelledLoop(labelsOf(s).body));
  assert.deepEqual(kinds, [true, true, true, true, false, false, false]);
});

test('jumpTarget: labelled jumps find their frame, unlabelled ones pass over blocks and (for continue) switches', () => {
  // Jump statements as the parser makes them (a label no statement declares would not parse).
  const jump = (type: string, label?: string): Node => ({ type, start: 0, end: 0, label: label === undefined ? null : { type: 'Identifier', name: label, start: 0, end: 0 } });
  const [plainBreak, plainContinue, breakOuter, continueOuter, breakBlk, continueMissing] = [
    jump('BreakStatement'), jump('ContinueStatement'), jump('BreakStatement', 'outer'), jump('ContinueStatement', 'outer'),
    jump('BreakStatement', 'blk'), jump('ContinueStatement', 'missing'),
  ];
  // The parser's nodes have that shape.
  const [parsedLoop] = body('function f(n) { outer: for (;;) { break outer; } }');
  const parsedBreak = ((labelsOf(parsedLoop!).body.body as Node).body as Node[])[0]!;
  assert.equal(parsedBreak.type, 'BreakStatement');
  assert.equal((parsedBreak.label as Node).name, 'outer');
  const loopFrame: JumpFrame = { breaks: [], continues: [], labels: ['outer'] };
  const switchFrame: JumpFrame = { breaks: [], continues: [], switch: true };
  const blockFrame: JumpFrame = { breaks: [], continues: [], labels: ['blk'], block: true };
  const frames = [loopFrame, switchFrame, blockFrame];
  assert.equal(jumpTarget(frames, plainBreak!), switchFrame, 'an unlabelled break skips the block, stops at the switch');
  assert.equal(jumpTarget(frames, plainContinue!), loopFrame, 'an unlabelled continue skips the block and the switch');
  assert.equal(jumpTarget(frames, breakOuter!), loopFrame);
  assert.equal(jumpTarget(frames, continueOuter!), loopFrame);
  assert.equal(jumpTarget(frames, breakBlk!), blockFrame);
  assert.equal(jumpTarget(frames, continueMissing!), undefined, 'no frame has that label');
  // continue naming a block or a labelled switch has no target; a lone block takes no unlabelled jump.
  const labelledSwitch: JumpFrame = { breaks: [], continues: [], labels: ['outer'], switch: true };
  assert.equal(jumpTarget([{ ...blockFrame, labels: ['outer'] }], continueOuter!), undefined);
  assert.equal(jumpTarget([labelledSwitch], continueOuter!), undefined);
  assert.equal(jumpTarget([labelledSwitch], breakOuter!), labelledSwitch);
  assert.equal(jumpTarget([blockFrame], plainBreak!), undefined);
  assert.equal(jumpTarget([], plainContinue!), undefined);
  // The innermost frame with the label wins.
  const inner: JumpFrame = { breaks: [], continues: [], labels: ['outer'] };
  assert.equal(jumpTarget([loopFrame, inner], breakOuter!), inner);
});

/** A LabelHost whose statement() runs `run` with the open frames; states are single integer slots. */
function fakeHost(run: (frames: JumpFrame[]) => State | null): LabelHost {
  const host: LabelHost = {
    jumps: [],
    statement: () => run(host.jumps),
    read: (state, b) => state[b.slot],
    bindingAt: (slot) => ({ name: `v${slot}`, unique: `v${slot}`, kind: 'let', decl: { type: 'Identifier', name: `v${slot}`, start: 0, end: 0 }, slot, value: undefined }),
    bindingOf: () => undefined,
    valueOf: () => undefined,
    fail: (message) => {
      throw new Error(message);
    },
  };
  return host;
}

test('labelledStatement: a block runs in a labelled block frame; the state after joins the fall-through and the breaks', () => {
  const [s] = body('function f(n) { a: b: { n++; } }');
  const seen: JumpFrame[][] = [];
  const host = fakeHost((frames) => {
    seen.push(frames.slice());
    frames.at(-1)!.breaks.push([numAV(10, 12, true)]);
    return [numAV(1, 2, true)];
  });
  const after = labelledStatement(host, s!, [numAV(0, 0, true)]);
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0]!.map((f) => [f.labels, f.block]), [[['a', 'b'], true]]);
  assert.deepEqual(after, [numAV(1, 12, true)], 'the hull of 1..2 (fall-through) and 10..12 (break)');
  assert.equal(host.jumps.length, 0, 'the frame is closed');
  // A body that never completes normally: only the breaks arrive after it; none at all, nothing arrives.
  assert.deepEqual(labelledStatement(fakeHost((fr) => (fr[0]!.breaks.push([numAV(5, 5, true)]), null)), s!, [numAV(0, 0, true)]), [numAV(5, 5, true)]);
  assert.equal(labelledStatement(fakeHost(() => null), s!, [numAV(0, 0, true)]), null);
});

test('labelledStatement: the block frame is popped when the body throws; a labelled loop opens no frame of its own', () => {
  const [block] = body('function f(n) { blk: { n++; } }');
  const throwing = fakeHost(() => {
    throw new Error('body failed');
  });
  assert.throws(() => labelledStatement(throwing, block!, []), /body failed/);
  assert.equal(throwing.jumps.length, 0);
  const [loop] = body('function f(n) { x: y: while (n) n--; }');
  let framesInside = -1;
  const host = fakeHost((frames) => ((framesInside = frames.length), [numAV(3, 3, true)]));
  assert.deepEqual(labelledStatement(host, loop!, []), [numAV(3, 3, true)], 'the loop statement\'s own result');
  assert.equal(framesInside, 0, 'the loop makes its frame itself');
  assert.deepEqual(loopFrameLabels(labelsOf(loop!).body.body as Node), ['x', 'y']);
});

test('loopFrameLabels: after an analysis, a labelled loop\'s body knows its labels; an unlabelled loop\'s does not', () => {
  const parsed = parseFunction(`function find(xs, v) {
    outer: for (let i = 0; i < 3; i++) for (let j = 0; j < xs.length; j++) if (xs[j] === v) break outer;
    for (let k = 0; k < 2; k++) v++;
  }`);
  inferFunction(parsed, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
  const [labelled, unlabelled] = parsed.body.body as Node[];
  assert.deepEqual(loopFrameLabels(labelsOf(labelled!).body.body as Node), ['outer']);
  assert.equal(loopFrameLabels(unlabelled!.body as Node), undefined);
});

test('the value after each jump is the one JS leaves there', () => {
  // break blk carries y = 1 past `y = 2`; falling through gives 2.
  assert.deepEqual(returns('function f(x) { let y = 0; blk: { if (x > 0) { y = 1; break blk; } y = 2; } return y; }'), numAV(1, 2, true));
  // A block that always breaks: only the break's value.
  assert.deepEqual(returns('function f(x) { let y = 0; a: b: { y = 3; break a; } return y; }'), numAV(3, 3, true));
  // An unlabelled break inside a labelled block leaves the loop, so `y = 9` never runs; `break blk` does not.
  assert.deepEqual(returns('function f(x) { let y = 0; for (let i = 0; i < 3; i++) { blk: { y = 7; break; } y = 9; } return y; }'), numAV(7, 7, true));
  assert.deepEqual(returns('function f(x) { let y = 0; for (let i = 0; i < 3; i++) { blk: { y = 7; break blk; } y = 9; } return y; }'), numAV(9, 9, true));
  // continue outer / break outer skip the outer body's `y = 9`; an unlabelled continue does not.
  assert.deepEqual(returns('function f(x) { let y = 0; outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { y = 5; continue outer; } y = 9; } return y; }'), numAV(5, 5, true));
  assert.deepEqual(returns('function f(x) { let y = 0; outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { y = 5; break outer; } y = 9; } return y; }'), numAV(5, 5, true));
  assert.deepEqual(returns('function f(x) { let y = 0; outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { y = 5; continue; } y = 9; } return y; }'), numAV(9, 9, true));
  // A labelled if and a labelled switch are left by break label.
  assert.deepEqual(returns('function f(x) { let y = 0; a: if (x > 0) { y = 4; break a; } else y = 6; return y; }'), numAV(4, 6, true));
  assert.deepEqual(returns('function f(x) { let y = 0; sw: switch (x) { case 1: y = 4; break sw; default: y = 6; } return y; }'), numAV(4, 6, true));
});

test('compiled labelled loops and blocks equal the plain function; the Wasm backend refuses them with a reason', () => {
  function triangle(n: number): number {
    let s = 0;
    outer: for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j > i) continue outer;
        if (i * j > 40) break outer;
        s += j;
      }
    }
    check: {
      if (s > 50) break check;
      s = -s;
    }
    return s;
  }
  const jit = memoJit({ backend: 'wasm' })(triangle);
  for (const n of [0, 1, 3, 5, 8, 20, 2.5, -1, NaN]) assert.ok(Object.is(jit(n), triangle(n)), `n = ${n}`);
  assert.equal(triangle(5), -20, 'hand-derived: sum over i<5 of i(i+1)/2 = 20, negated');
  const shown = Object.values(jit.inspect()).join('\n');
  assert.match(shown, /backend: js — not in the Wasm subset: a labelled (continue|break)/);
});
