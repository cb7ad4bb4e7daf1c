// The real 2026.9.6 agent scenario (spawn a subagent, two exec approvals) replayed through the
// parsers and the reducer: what an operator would have seen at the end.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseAgentEvent} from '../../../source/protocol/parse-agent.ts';
import {
  parseApprovalList,
  parseApprovalRequest,
  parseApprovalResolved,
} from '../../../source/protocol/parse-approvals.ts';
import {
  parseSessionsChanged,
  parseSessionsSnapshot,
} from '../../../source/protocol/parse-sessions.ts';
import {parseTaskEvent} from '../../../source/protocol/parse-task.ts';
import {selectInboxCount, selectTreeRows} from '../../../source/state/selectors.ts';
import {captured, type CapturedFrame} from '../protocol/captured.ts';
import {run} from './factories.ts';
import {gw, GW, type TestAction} from '../../support/state.ts';

const CHILD = 'agent:main:subagent:6147bcb1-0a60-4b38-be35-cbb5b3f45943';

const toAction = (frame: CapturedFrame, at: number): TestAction | undefined => {
  switch (frame.event ?? frame.response) {
    case 'sessions.changed': {
      const change = parseSessionsChanged(frame.payload);
      return change && {type: 'session/changed', change, at};
    }
    case 'agent': {
      const event = parseAgentEvent(frame.payload);
      return event && {type: 'agent/event', event, at};
    }
    case 'task': {
      const event = parseTaskEvent(frame.payload);
      return event && {type: 'task/updated', event, at};
    }
    case 'exec.approval.requested': {
      const request = parseApprovalRequest(frame.payload, 'exec');
      return request && {type: 'approval/requested', request, at};
    }
    case 'exec.approval.resolved': {
      const resolved = parseApprovalResolved(frame.payload, 'exec');
      return resolved && {type: 'approval/resolved', resolved, at};
    }
    case 'exec.approval.list':
      return {
        type: 'approvals/listed',
        kind: 'exec',
        approvals: parseApprovalList(frame.payload, 'exec'),
        requestedAt: at - 1,
        at,
      };
    default:
      return undefined;
  }
};

const replay = () => {
  const actions = captured.agent
    .map((frame, index) => toAction(frame, 1_000 + index * 10))
    .filter((action): action is TestAction => action !== undefined);
  return run(actions);
};

test('replay: the tree shows the spawned child under main, both finished', () => {
  const state = replay();
  const rows = selectTreeRows(state, GW);
  assert.deepEqual(
    rows.map((row) => [row.path, row.session.role, row.session.status]),
    [
      ['main', 'main', 'done'],
      ['main › harness-subagent', 'subagent', 'done'],
    ],
  );
  assert.equal(
    gw(state).sessions.needsRefetch,
    false,
    'every change carried its row and ancestors',
  );
});

test('replay: both exec approvals are resolved, nothing left waiting', () => {
  const state = replay();
  const phases = Object.values(gw(state).inbox.items).map((item) => [item.kind, item.state.phase]);
  assert.deepEqual(phases, [
    ['exec-approval', 'resolved'],
    ['exec-approval', 'resolved'],
  ]);
  assert.equal(selectInboxCount(state, GW), 0);
});

test('replay: the tail tells the story', () => {
  const lines = gw(replay()).events.items.map((event) => `${event.kind}: ${event.summary}`);
  assert.ok(
    lines.includes('tool: main: spawning "harness-subagent": Reply with exactly: SUBAGENT_OK'),
    lines.join('\n'),
  );
  assert.ok(lines.includes('spawn: main: spawned "harness-subagent"'));
  assert.equal(
    lines.filter((line) => line.startsWith('spawn:')).length,
    1,
    'one spawn line per sessions_spawn: neither the request nor the create event repeats it',
  );
  assert.ok(lines.includes('approval: exec approval requested: echo EXEC_OK (from webchat)'));
  assert.ok(lines.includes('approval: exec approval 6bc8fc88 allow-once by harness-admin'));
  assert.ok(lines.includes('approval: exec approval 83deff71 deny by harness-admin'));
  assert.ok(lines.includes('task: task "harness-subagent" completed'));
  assert.ok(lines.includes('run: harness-subagent: run finished'));
});

test('replay: a later snapshot agrees with what the events built', () => {
  const state = replay();
  const last = captured.agent.filter((frame) => frame.response === 'sessions.list').at(-1);
  const parsed = parseSessionsSnapshot(last?.payload);
  assert.ok(parsed);
  const after = run(
    [
      {
        type: 'sessions/snapshot-loaded',
        rows: parsed.sessions,
        complete: !parsed.hasMore,
        requestedAt: 99_999,
        at: 100_000,
      },
    ],
    state,
  );
  assert.deepEqual(
    selectTreeRows(after, GW).map((row) => row.key),
    ['agent:main:main', CHILD],
  );
});
