/**
 * Labelled statements and `break`/`continue` with a label (`outer: for (…) { for (…) { if (…) continue outer; } }`),
 * as JS resolves them: a label on a loop (`for`, `for…of`, `while`, `do…while`) names that loop's frame, so
 * `break outer` leaves it and `continue outer` goes on with its next iteration; a label on a block (or any other
 * statement) names a frame that only `break` may leave. An unlabelled `break` goes to the innermost loop or
 * switch and an unlabelled `continue` to the innermost loop, passing over labelled blocks, as in JS. Lowering:
 * `lower/labels.ts`; the JS backend emits the labels (`js/codegen.ts`), the Wasm and WGSL backends refuse them
 * with a stated reason (the function then runs on the JS backend).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { joinAll, type FlowHost, type State } from './flow.js';
import type { JumpFrame } from './statements.js';

/**
 * What the rules need from the walker (`analyze.ts`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { loopFrameLabels } from './labels.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis is the LabelHost: it calls labelledStatement at `outer:`, which labels the loop's frame.
 * const parsed = parseFunction(`function find(xs, v) {
 *   outer: for (let i = 0; i < 3; i++) for (let j = 0; j < xs.length; j++) if (xs[j] === v) break outer;
 * }`);
 * inferFunction(parsed, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * loopFrameLabels(parsed.body.body[0].body.body); // → [ 'outer' ]
 * ```
 */
export interface LabelHost extends FlowHost {
  /** The open loop, switch and labelled-block frames, innermost last. */
  readonly jumps: JumpFrame[];
  /** Analyzes one statement from `state`; null when it never completes normally. */
  statement(s: Node, state: State): State | null;
}

const LOOPS = new Set(['ForStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
const loopLabels = new WeakMap<Node, readonly string[]>();

/**
 * The labels of `s` and of the labelled statements directly inside it (`a: b: for …`), and the statement they label.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { labelsOf } from './labels.js';
 *
 * const { body } = parseFunction('function f(n) { outer: inner: for (let i = 0; i < n; i++) break outer; }');
 * const { labels, body: loop } = labelsOf(body.body[0]);
 * [labels, loop.type]; // → [ [ 'outer', 'inner' ], 'ForStatement' ]
 * ```
 */
export function labelsOf(s: Node): { labels: string[]; body: Node } {
  const labels: string[] = [];
  let body = s;
  while (body.type === 'LabeledStatement') {
    labels.push(body.label.name as string);
    body = body.body as Node;
  }
  return { labels, body };
}

/**
 * Whether `node` is a loop statement a label names as a loop (`continue` may name it).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { isLabelledLoop } from './labels.js';
 *
 * const { body } = parseFunction('function f(n) { outer: for (let i = 0; i < n; i++) break outer; block: { break block; } }');
 * isLabelledLoop(body.body[0].body); // → true
 * isLabelledLoop(body.body[1].body); // → false
 * ```
 */
export function isLabelledLoop(node: Node): boolean {
  return LOOPS.has(node.type);
}

/**
 * `label: statement`. A loop takes the labels into its own frame (`analyze.ts` asks {@link loopFrameLabels} with
 * the loop's body); anything else runs in a frame of its own, and the state after it joins the states of the
 * `break label` that left it.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { loopFrameLabels } from './labels.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis is the LabelHost: it calls labelledStatement at `outer:`, which labels the loop's frame.
 * const parsed = parseFunction(`function find(xs, v) {
 *   outer: for (let i = 0; i < 3; i++) for (let j = 0; j < xs.length; j++) if (xs[j] === v) break outer;
 * }`);
 * inferFunction(parsed, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * loopFrameLabels(parsed.body.body[0].body.body); // → [ 'outer' ]
 * ```
 */
export function labelledStatement(host: LabelHost, s: Node, state: State): State | null {
  const { labels, body } = labelsOf(s);
  if (isLabelledLoop(body)) {
    loopLabels.set(body.body as Node, labels);
    return host.statement(body, state);
  }
  const frame: JumpFrame = { breaks: [], continues: [], labels, block: true };
  host.jumps.push(frame);
  let after: State | null;
  try {
    after = host.statement(body, state);
  } finally {
    host.jumps.pop();
  }
  return joinAll(after ? [after, ...frame.breaks] : frame.breaks, body, host);
}

/**
 * The labels of the loop whose body is `body`, for its frame, or undefined when it has none.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { loopFrameLabels } from './labels.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis is the LabelHost: it calls labelledStatement at `outer:`, which labels the loop's frame.
 * const parsed = parseFunction(`function find(xs, v) {
 *   outer: for (let i = 0; i < 3; i++) for (let j = 0; j < xs.length; j++) if (xs[j] === v) break outer;
 * }`);
 * inferFunction(parsed, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * loopFrameLabels(parsed.body.body[0].body.body); // → [ 'outer' ]
 * ```
 */
export function loopFrameLabels(body: Node): readonly string[] | undefined {
  return loopLabels.get(body);
}

/**
 * The frame a `break` or `continue` statement `s` goes to, or undefined when there is none (the caller reports it).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { jumpTarget } from './labels.js';
 * import type { JumpFrame } from './statements.js';
 *
 * const { body } = parseFunction(`function f() {
 *   outer: for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) { if (j) break outer; continue; }
 * }`);
 * const [breakOuter, plainContinue] = [body.body[0].body.body.body.body[0].consequent, body.body[0].body.body.body.body[1]];
 * // The open frames at those statements, innermost last:
 * const frames: JumpFrame[] = [{ breaks: [], continues: [], labels: ['outer'] }, { breaks: [], continues: [] }];
 * jumpTarget(frames, breakOuter) === frames[0]; // → true
 * jumpTarget(frames, plainContinue) === frames[1]; // → true
 * ```
 */
export function jumpTarget(frames: readonly JumpFrame[], s: Node): JumpFrame | undefined {
  const isBreak = s.type === 'BreakStatement';
  const label = (s.label as Node | null)?.name as string | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (label !== undefined) {
      // `continue label` names a loop (a block's label is a syntax error there, which the parser reports first)
      if (f.labels?.includes(label)) return isBreak || (!f.block && !f.switch) ? f : undefined;
      continue;
    }
    if (f.block) continue; // an unlabelled jump passes over labelled blocks
    if (isBreak || !f.switch) return f;
  }
  return undefined;
}
