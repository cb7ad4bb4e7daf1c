import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  selectCursor,
  selectCursorTarget,
  selectInboxItems,
  selectSessionCounts,
  selectTreeRows,
} from '../../../source/state/selectors.ts';
import {makeApproval, makeRow, run, snapshot} from './factories.ts';
import {GW} from '../../support/state.ts';

const MAIN = 'agent:main:main';

const base = run([
  snapshot(
    [
      makeRow({key: MAIN, isMain: true, hasActiveRun: true}),
      makeRow({
        key: 'agent:main:subagent:a',
        parent: MAIN,
        label: 'a',
        createdAt: 1,
        status: 'done',
      }),
      makeRow({
        key: 'agent:main:subagent:b',
        parent: MAIN,
        label: 'b',
        createdAt: 2,
        status: 'failed',
      }),
    ],
    10,
  ),
]);

test('tree rows are memoised on state identity and follow ui changes', () => {
  const rows = selectTreeRows(base, GW);
  assert.equal(selectTreeRows(base, GW), rows);
  assert.deepEqual(
    rows.map((row) => row.session.title),
    ['main', 'a', 'b'],
  );
  const collapsed = run([{type: 'ui/row-toggled', key: MAIN}], base);
  assert.deepEqual(
    selectTreeRows(collapsed, GW).map((row) => row.key),
    [MAIN],
  );
  const filtered = run(
    [{type: 'ui/filter-opened'}, {type: 'ui/filter-changed', text: 'status:failed'}],
    base,
  );
  assert.deepEqual(
    selectTreeRows(filtered, GW).map((row) => row.session.title),
    ['main', 'b'],
  );
  const cleared = run([{type: 'ui/filter-closed', keep: false}], filtered);
  assert.equal(cleared.ui.mode, 'normal');
  assert.equal(selectTreeRows(cleared, GW).length, 3);
});

test('counts by status', () => {
  const counts = selectSessionCounts(base, GW);
  assert.equal(counts.total, 3);
  assert.equal(counts.running, 1);
  assert.equal(counts.done, 1);
  assert.equal(counts.failed, 1);
});

test('cursor: first row by default, moves are clamped, a vanished row keeps the place', () => {
  assert.deepEqual(selectCursor(base, GW, 'sessions'), {key: MAIN, index: 0});
  const down = selectCursorTarget(base, GW, 'sessions', 'down');
  assert.deepEqual(down, {key: 'agent:main:subagent:a', index: 1});
  assert.deepEqual(selectCursorTarget(base, GW, 'sessions', {by: 10}), {
    key: 'agent:main:subagent:b',
    index: 2,
  });
  assert.deepEqual(selectCursorTarget(base, GW, 'sessions', 'up'), {key: MAIN, index: 0});

  const inbox = run(
    [
      {type: 'approval/requested', request: makeApproval({id: 'e1'}), at: 1},
      {type: 'approval/requested', request: makeApproval({id: 'e2'}), at: 2},
      {type: 'approval/requested', request: makeApproval({id: 'e3'}), at: 3},
      {type: 'ui/pane-selected', pane: 'inbox'},
      {type: 'ui/cursor-moved', pane: 'inbox', key: 'e2', index: 1},
      {
        type: 'approvals/listed',
        kind: 'exec',
        approvals: [makeApproval({id: 'e1'}), makeApproval({id: 'e3'})],
        requestedAt: 10,
        at: 11,
      },
    ],
    base,
  );
  // e2 is gone: the cursor stays at index 1, which is now e3.
  assert.deepEqual(selectCursor(inbox, GW), {key: 'e3', index: 1});
  assert.deepEqual(
    selectInboxItems(inbox, GW).map((item) => item.id),
    ['e1', 'e3'],
  );
  assert.equal(selectCursor(inbox, GW, 'gateway'), undefined);
});

test('inbox order: open oldest first, then history newest first; filter text applies', () => {
  const state = run([
    {type: 'approval/requested', request: makeApproval({id: 'e1', command: 'rm -rf build'}), at: 1},
    {type: 'approval/requested', request: makeApproval({id: 'e2', command: 'ls'}), at: 2},
    {type: 'approval/requested', request: makeApproval({id: 'e3', command: 'make'}), at: 3},
    {type: 'approval/resolved', resolved: {kind: 'exec', id: 'e1', decision: 'deny'}, at: 4},
  ]);
  assert.deepEqual(
    selectInboxItems(state, GW).map((item) => item.id),
    ['e2', 'e3', 'e1'],
  );
  const filtered = run(
    [
      {type: 'ui/pane-selected', pane: 'inbox'},
      {type: 'ui/filter-changed', text: 'make'},
    ],
    state,
  );
  assert.deepEqual(
    selectInboxItems(filtered, GW).map((item) => item.id),
    ['e3'],
  );
});
