// sessions.changed parsed with the rows we hold: a row the frame repeats exactly as we hold it is
// that very row (no new object); anything else parses exactly as without them.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseSessionsChanged} from '../../../source/protocol/parse-sessions.ts';
import type {SessionRow, SessionsChanged} from '../../../source/protocol/types.ts';
import {captured, framesOf} from './captured.ts';

const rowsOf = (change: SessionsChanged | undefined): SessionRow[] => [
  ...(change?.ancestorSessions ?? []),
  ...(change?.session === undefined ? [] : [change.session]),
];

const heldFrom = (rows: readonly SessionRow[]) => {
  const held = new Map(rows.map((row) => [row.key, row]));
  return (key: string) => held.get(key);
};

/** A spawn as the fixture and 9.6 send it: nested row, the same flattened, two ancestors. */
const spawned = {
  sessionKey: 'agent:main:subagent:b',
  reason: 'changed',
  label: 'b',
  hasActiveRun: true,
  session: {
    key: 'agent:main:subagent:b',
    label: 'b',
    hasActiveRun: true,
    parentSessionKey: 'agent:main:subagent:a',
    childSessions: [],
    updatedAt: 5,
    snapshotAt: 9,
  },
  ancestorSessions: [
    {
      key: 'agent:main:subagent:a',
      label: 'a',
      childSessions: ['agent:main:subagent:b'],
      parentSessionKey: 'agent:main:main',
      updatedAt: null,
      snapshotAt: 9,
    },
    {
      key: 'agent:main:main',
      label: 'main',
      isMain: true,
      childSessions: ['agent:main:subagent:a'],
      activeRunIds: [],
      snapshotAt: 9,
    },
  ],
};

const frames = (): unknown[] => [
  spawned,
  ...framesOf(captured.agent, 'sessions.changed').map((frame) => frame.payload),
];

test('rows repeated exactly as held are the held rows; the change equals a parse without them', () => {
  let reused = 0;
  for (const payload of frames()) {
    const fresh = parseSessionsChanged(payload);
    const held = rowsOf(fresh);
    const again = parseSessionsChanged(payload, heldFrom(held));
    assert.deepEqual(again, fresh);
    const byKey = new Map(held.map((row) => [row.key, row]));
    for (const row of again?.ancestorSessions ?? []) {
      assert.equal(row, byKey.get(row.key), `${row.key}: the held object itself`);
      reused++;
    }
  }
  // The fixture's (and 9.6's usual) shape: the top level adds nothing, the nested row is held.
  const fresh = parseSessionsChanged(spawned);
  const again = parseSessionsChanged(spawned, heldFrom(rowsOf(fresh)));
  assert.equal(again?.session, fresh?.session);
  assert.ok(reused >= 3, `rows reused: ${reused}`);
});

test('a held row that differs in any way is not reused: the frame parses as without it', () => {
  const fresh = parseSessionsChanged(spawned);
  const rows = rowsOf(fresh);
  const variants: [string, (row: SessionRow) => SessionRow][] = [
    ['a value', (row) => ({...row, label: `${row.label ?? ''}!`})],
    ['a field more', (row) => ({...row, lastRunError: 'x'})],
    ['a field less', ({label: _label, ...row}) => row],
    ['an array entry', (row) => ({...row, childSessions: [...(row.childSessions ?? []), 'z']})],
    ['null for a number', (row) => ({...row, updatedAt: row.updatedAt === null ? 1 : null})],
  ];
  for (const [what, vary] of variants) {
    for (const target of rows) {
      const changed = vary(target);
      const held = rows.map((row) => (row === target ? changed : row));
      const parsed = parseSessionsChanged(spawned, heldFrom(held));
      assert.deepEqual(parsed, fresh, `${what} of ${target.key}`);
      for (const row of rowsOf(parsed)) {
        assert.notEqual(row, changed, `${what} of ${target.key}: not the held row`);
      }
    }
  }
});

test('a held row is taken only for its own key', () => {
  const fresh = parseSessionsChanged(spawned);
  const main = rowsOf(fresh).find((row) => row.key === 'agent:main:main') as SessionRow;
  // A lookup that answers every key with main's row, and a record like main's under another key.
  const payload = {
    ...spawned,
    ancestorSessions: [{...spawned.ancestorSessions[1], key: 'agent:other:main'}],
  };
  const parsed = parseSessionsChanged(payload, () => main);
  assert.deepEqual(parsed, parseSessionsChanged(payload));
  assert.equal(parsed?.ancestorSessions?.[0]?.key, 'agent:other:main');
});

test('a top level that says more than the nested row is still merged in', () => {
  const payload = {...spawned, model: 'gpt-x', session: {...spawned.session}};
  const parsed = parseSessionsChanged(payload, heldFrom(rowsOf(parseSessionsChanged(spawned))));
  assert.equal(parsed?.session?.model, 'gpt-x');
  assert.deepEqual(parsed, parseSessionsChanged(payload));
});
