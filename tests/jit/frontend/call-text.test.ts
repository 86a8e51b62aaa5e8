// src/jit/frontend/call-text.ts: the callee text V8 puts in "… is not a function", compared with the message V8
// itself gives for the same callee (a typed-array row has no push), for every form the printer covers; the forms
// it does not cover are undefined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { calleeText } from '../../../src/jit/frontend/call-text.js';

const calls = [
  'rows[i].push(1)', 'rows[ i ].push(1)', 'rows[i + 1].push(1)', 'rows[i+1].push(1)', 'self.rows[i].push(1)', 'rows[(i)].push(1)',
  'rows[0].push(1)', 'rows[1.0].push(1)', 'rows[i | 0].push(1)', 'rows[rows.length - 1].push(1)', '(rows[i]).push(1)',
  'rows[-i].push(1)', 'rows[+i].push(1)', 'rows[~j].push(1)', 'rows[i*2-0].push(1)', 'rows[i % 2].push(1)', 'row.push(1)',
];

test('the callee text is V8\'s own for each covered form', () => {
  const rows = [new Float64Array(1), new Float64Array(1), new Float64Array(1)];
  const row = rows[0];
  const self = { rows };
  for (const call of calls) {
    const v8 = (() => {
      try {
        new Function('rows', 'row', 'self', 'i', 'j', call)(rows, row, self, 0, -1);
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const text = calleeText(parseFunction(`(rows, row, self, i, j) => ${call}`).body.callee);
    assert.equal(`${text} is not a function`, v8, call);
  }
});

test('forms not covered are undefined', () => {
  for (const call of ['rows[f(0)].push(1)', 'rows["a"].push(1)', 'rows[1e0 - 1].push(1)', 'rows[i - -1].push(1)', 'rows[c ? 0 : 1].push(1)']) {
    assert.equal(calleeText(parseFunction(`(rows, f, i, c) => ${call}`).body.callee), undefined, call);
  }
});
