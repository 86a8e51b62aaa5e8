/**
 * The branchless part of the Wasm function generator (`gen-state.ts` lists the parts): the `if` statements
 * `branchless.ts` found, emitted to choose per call between the branch and the branchless update.
 *
 * @module
 */
import type { Expr, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import { SAMPLE, branchlessUpdate, type BranchlessUpdate } from './branchless.js';
import { VectorGen } from './gen-vectors.js';


/** The modes of an adaptive branchless statement (0: still sampling). */
const BRANCHLESS = 1, BRANCHY = 2;

/**
 * Adaptive branchless updates.
 *
 * @example
 * ```ts
 * import { BranchlessGen } from './gen-branchless.js';
 * import { VectorGen } from './gen-vectors.js';
 *
 * BranchlessGen.prototype instanceof VectorGen; // → true
 * ```
 */
export abstract class BranchlessGen extends VectorGen {
  /** The `if` statements of the function that run branchless (`branchless.ts`), found once. */
  protected branchlessIfs(): ReadonlyMap<Stmt, BranchlessUpdate> {
    if (!this.updates) {
      const found = new Map<Stmt, BranchlessUpdate>();
      walkIR(this.f.body, {
        stmt: (t) => {
          const u = t.kind === 'if' ? branchlessUpdate(t, this.f, this.elements) : undefined;
          if (u) found.set(t, u);
        },
      });
      this.updates = found;
    }
    return this.updates;
  }
  protected updates: Map<Stmt, BranchlessUpdate> | undefined;

  /**
   * A {@link branchless} statement, chosen per call by how often `c` changes (`branchless.ts`, SAMPLE): the
   * first passes run the branch and count the changes; then the rest of the call runs branchless if they were
   * frequent (a branch predictor misses them), else keeps the branch. Both forms give the same writes.
   */
  protected adaptive(s: Extract<Stmt, { kind: 'if' }>, u: BranchlessUpdate): void {
    const mode = this.temp('i32'), seen = this.temp('i32'), changes = this.temp('i32'), last = this.temp('i32'), c = this.temp('i32');
    const get = (k: number): void => this.emit('local.get', k);
    get(mode); this.emit('i32.const', BRANCHLESS); this.emit('i32.eq');
    this.open('if', 'if');
    this.branchless(s.cond, u);
    this.emit('else');
    this.cond(s.cond);
    this.emit('local.set', c);
    // sampling (mode 0): count the passes whose c differs from the one before
    get(mode); this.emit('i32.eqz');
    this.open('if', 'if');
    get(changes); get(c); get(last); this.emit('i32.xor'); this.emit('i32.add'); this.emit('local.set', changes);
    get(c); this.emit('local.set', last);
    get(seen); this.emit('i32.const', 1); this.emit('i32.add'); this.emit('local.tee', seen);
    this.emit('i32.const', SAMPLE.passes); this.emit('i32.eq');
    this.open('if', 'if');
    this.emit('i32.const', BRANCHLESS); this.emit('i32.const', BRANCHY);
    get(changes); this.emit('i32.const', SAMPLE.changes); this.emit('i32.gt_u');
    this.emit('select');
    this.emit('local.set', mode);
    this.close();
    this.close();
    get(c);
    this.open('if', 'if');
    this.block(s.then);
    this.close();
    this.close();
  }

  /**
   * `if (c) { const k = …; a[k] = f(a[k]); }` without a branch: everything computed, then the element or, when
   * `c` is false or `k` names no element, the call's spare slot read, updated and written.
   */
  protected branchless(cond: Expr, u: BranchlessUpdate): void {
    const ok = this.temp('i32'), element = this.temp('i32'), from = this.temp('i32'), to = this.temp('i32');
    this.cond(cond);
    this.emit('local.set', ok);
    for (const d of u.declares) this.stmt(d);
    const a = this.array(u.store.array);
    const i = this.index(a, u.store.index);
    this.emit('local.get', ok);
    this.emit('i32.and');
    this.emit('local.set', ok);
    this.address(a, i);
    this.emit('local.set', element);
    // nothing to update: read the spare slot's first 8 bytes (never written) and write its last 8, so passes that
    // update nothing do not wait on each other through one memory word
    for (const [at, offset] of [[from, 0], [to, 8]] as const) {
      this.emit('local.get', element);
      this.emit('local.get', this.spare);
      if (offset) { this.emit('i32.const', offset); this.emit('i32.add'); }
      this.emit('local.get', ok);
      this.emit('select');
      this.emit('local.set', at);
    }
    this.redirect = { load: u.load, at: from };
    this.store(u.store.element, u.store.array, u.store.index, u.store.value, true, to);
    this.redirect = undefined;
  }
}
