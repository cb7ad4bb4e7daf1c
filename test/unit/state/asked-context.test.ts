// Who asked, beyond the request: the task of its run (by runId, else the newest task running in
// its session) and whether its channel's own approval buttons are off (qqbot's marker), per
// gateway record.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parsePolicyFromConfig} from '../../../source/protocol/parse-config-policy.ts';
import type {ApprovalRequest, TaskSummary} from '../../../source/protocol/types.ts';
import {selectAskedContext, taskOfRequest} from '../../../source/state/asked-context.ts';
import {createInitialState, rootReducer} from '../../../source/state/reducer.ts';
import {addressed, gw, type TestAction} from '../../support/state.ts';

const task = (id: string, extra: Partial<TaskSummary>): TaskSummary => ({
  id,
  status: 'running',
  ...extra,
});

const TASKS: Record<string, TaskSummary> = {
  a: task('a', {runId: 'run-1', childSessionKey: 'agent:main:subagent:x', updatedAt: 10}),
  b: task('b', {childSessionKey: 'agent:main:subagent:y', updatedAt: 10}),
  c: task('c', {childSessionKey: 'agent:main:subagent:y', updatedAt: 20}),
};

test('taskOfRequest: the run first, else the newest task whose work runs in the session', () => {
  assert.equal(taskOfRequest(TASKS, 'run-1', 'agent:main:subagent:y')?.id, 'a');
  assert.equal(taskOfRequest(TASKS, 'run-unknown', 'agent:main:subagent:y')?.id, 'c');
  assert.equal(taskOfRequest(TASKS, undefined, 'agent:main:subagent:y')?.id, 'c');
  assert.equal(taskOfRequest(TASKS, undefined, 'agent:main:main'), undefined);
  assert.equal(taskOfRequest(TASKS, undefined, undefined), undefined);
});

const exec = (id: string, extra: Partial<ApprovalRequest>): ApprovalRequest => ({
  kind: 'exec',
  id,
  command: 'uptime',
  ...extra,
});

const stateWith = (actions: readonly TestAction[]) =>
  actions.reduce(
    (s, action) => rootReducer(s, addressed(action)),
    createInitialState({url: 'ws://x', urlSource: 'test', credentialSource: 'test'}),
  );

test('selectAskedContext: task and approver for approvals; nothing for other kinds', () => {
  const at = 1_000;
  const state = stateWith([
    {type: 'tasks/listed', tasks: Object.values(TASKS), complete: true, requestedAt: at, at},
    {
      type: 'policy/loaded',
      policy: parsePolicyFromConfig({
        channels: {
          qqbot: {
            accounts: {
              default: {allowFrom: ['openclaw:approval-disabled']},
              ops: {allowFrom: ['123']},
            },
          },
          telegram: {allowFrom: ['111']},
        },
      }),
      requestedAt: at,
      at,
    },
    {
      type: 'approval/requested',
      request: exec('qq', {runId: 'run-1', turnSourceChannel: 'qqbot', turnSourceTo: 'u1'}),
      at,
    },
    {
      type: 'approval/requested',
      request: exec('qq-ops', {turnSourceChannel: 'qqbot', turnSourceAccountId: 'ops'}),
      at,
    },
    {type: 'approval/requested', request: exec('tg', {turnSourceChannel: 'telegram'}), at},
  ]);
  const items = gw(state).inbox.items;
  const qq = selectAskedContext(state, 'default', items.qq);
  assert.equal(qq.task?.id, 'a');
  assert.equal(qq.approvalsOffOn, 'qqbot / default');
  // The ops account has its own approvers: its buttons work, the console is not the only way.
  assert.deepEqual(selectAskedContext(state, 'default', items['qq-ops']), {});
  assert.deepEqual(selectAskedContext(state, 'default', items.tg), {});
  assert.deepEqual(selectAskedContext(state, 'default', undefined), {});
});
