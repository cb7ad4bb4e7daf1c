import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {TaskSummary} from '../../../source/protocol/types.ts';
import type {GatewayEvent} from '../../../source/state/actions.ts';
import {
  selectBlockedDeliveries,
  selectCronJobs,
  selectSessionTaskStates,
  selectTasks,
  selectTasksOfSession,
} from '../../../source/state/task-selectors.ts';
import {ledgerUnavailableText} from '../../../source/state/task-state.ts';
import {taskEntry} from '../../../source/state/task-entry.ts';
import {
  TASK_STATES,
  isBlockedDelivery,
  sameAsSession,
  summariseTasks,
  taskStateOf,
  type TaskState,
} from '../../../source/state/task-state.ts';
import {TASK_ACTION_MEMORY_MS, TASK_MEMORY} from '../../../source/state/tasks-slice.ts';
import {gw, GW} from '../../support/state.ts';
import {makeState, run} from './factories.ts';

const MAIN = 'agent:main:main';
const child = (n: number | string) => `agent:main:subagent:c${n}`;

const makeTask = (spec: Partial<TaskSummary> & {readonly id: string}): TaskSummary => ({
  status: 'running',
  runtime: 'subagent',
  sessionKey: MAIN,
  childSessionKey: child(spec.id),
  ...spec,
});

const upserted = (task: TaskSummary, at: number): GatewayEvent => ({
  type: 'task/updated',
  event: {action: 'upserted', task},
  at,
});

const listed = (tasks: TaskSummary[], requestedAt: number, complete = true): GatewayEvent => ({
  type: 'tasks/listed',
  tasks,
  complete,
  requestedAt,
  at: requestedAt + 5,
});

// ── every task state ──

const STATE_CASES: ReadonlyArray<readonly [TaskState, Partial<TaskSummary>]> = [
  ['queued', {status: 'queued'}],
  ['queued', {status: 'running', execution: {state: 'queued'}}],
  ['running', {status: 'running'}],
  ['running', {status: 'running', execution: {state: 'running'}}],
  ['running', {status: 'running', execution: {state: 'finished'}}],
  ['waiting-approval', {status: 'running', execution: {state: 'waiting', waitKind: 'approval'}}],
  ['waiting-input', {status: 'running', execution: {state: 'waiting', waitKind: 'user_input'}}],
  ['waiting-children', {status: 'running', execution: {state: 'waiting', waitKind: 'children'}}],
  ['waiting', {status: 'running', execution: {state: 'waiting', waitKind: 'external'}}],
  ['waiting', {status: 'running', execution: {state: 'waiting'}}],
  ['unknown', {status: 'running', execution: {state: 'unknown'}}],
  ['blocked-delivery', {status: 'completed', terminalOutcome: 'blocked'}],
  ['blocked-delivery', {status: 'completed', deliveryStatus: 'failed'}],
  ['done', {status: 'completed', terminalOutcome: 'blocked', deliveryStatus: 'dismissed'}],
  ['done', {status: 'completed', deliveryStatus: 'delivered', terminalOutcome: 'succeeded'}],
  ['done', {status: 'completed', deliveryStatus: 'session_queued'}],
  ['done', {status: 'completed'}],
  ['failed', {status: 'failed', error: 'boom'}],
  ['timed-out', {status: 'timed_out'}],
  ['cancelled', {status: 'cancelled'}],
  ['unknown', {status: 'lost'}],
  ['unknown', {status: 'something-new'}],
];

test('every task state, from status + execution + delivery (never guessed as idle)', () => {
  for (const [expected, spec] of STATE_CASES) {
    assert.equal(taskStateOf(makeTask({id: 'x', ...spec})), expected, JSON.stringify(spec));
  }
  const covered = new Set(STATE_CASES.map(([state]) => state));
  for (const state of TASK_STATES) assert.ok(covered.has(state), `no case for ${state}`);
});

test('a row shows its task state only where it differs from the session status', () => {
  assert.equal(sameAsSession('running', 'running'), true);
  assert.equal(sameAsSession('done', 'idle'), true);
  assert.equal(sameAsSession('cancelled', 'stopped'), true);
  assert.equal(sameAsSession('blocked-delivery', 'done'), false);
  assert.equal(sameAsSession('waiting-approval', 'running'), false);
  assert.equal(sameAsSession('unknown', 'running'), false);
  assert.equal(sameAsSession('running', 'idle'), false, 'a task runs where the row says idle');
});

test('several tasks: what needs a human wins; old terminal tasks do not haunt a row', () => {
  const running = makeTask({id: 'a', status: 'running'});
  const blocked = makeTask({id: 'b', status: 'completed', terminalOutcome: 'blocked'});
  const approval = makeTask({
    id: 'c',
    status: 'running',
    execution: {state: 'waiting', waitKind: 'approval'},
  });
  assert.equal(summariseTasks([running, blocked, approval]), 'blocked-delivery');
  assert.equal(summariseTasks([running, approval]), 'waiting-approval');
  const oldFail = makeTask({id: 'd', status: 'failed', updatedAt: 1});
  const newDone = makeTask({id: 'e', status: 'completed', updatedAt: 2});
  assert.equal(summariseTasks([oldFail, newDone]), 'done');
  assert.equal(summariseTasks([oldFail, running]), 'running');
  assert.equal(summariseTasks([]), undefined);
});

test('per-session states come from the task whose child session it is', () => {
  const state = run([
    upserted(
      makeTask({id: '1', status: 'completed', terminalOutcome: 'blocked', updatedAt: 10}),
      10,
    ),
    upserted(
      makeTask({id: '2', execution: {state: 'waiting', waitKind: 'user_input'}, updatedAt: 11}),
      11,
    ),
    upserted(makeTask({id: '3', childSessionKey: undefined, runtime: 'cli', updatedAt: 12}), 12),
  ]);
  const states = selectSessionTaskStates(state, GW);
  assert.equal(states.get(child(1)), 'blocked-delivery');
  assert.equal(states.get(child(2)), 'waiting-input');
  assert.equal(states.get(MAIN), 'running', 'a task without a child session sits on its requester');
  assert.deepEqual(
    selectTasksOfSession(state, GW, MAIN).map((task) => task.id),
    ['3', '2', '1'],
    'the requester sees every task it started, newest first',
  );
  assert.deepEqual(
    selectBlockedDeliveries(state, GW).map((task) => task.id),
    ['1'],
  );
});

test('a list replaces what we hold, except what events told us after it was requested', () => {
  const state = run([
    upserted(makeTask({id: 'old', status: 'running'}), 10),
    upserted(makeTask({id: 'fresh', status: 'queued'}), 30),
    // requested at 20: 'fresh' arrived by event after, the list's version of it is older
    listed([makeTask({id: 'fresh', status: 'failed'}), makeTask({id: 'listed'})], 20),
  ]);
  assert.deepEqual(Object.keys(gw(state).tasks.byId).sort(), ['fresh', 'listed']);
  assert.equal(gw(state).tasks.byId.fresh?.status, 'queued', 'the newer event wins');
  assert.equal(gw(state).tasks.support.state, 'offered');
  assert.equal(gw(state).tasks.complete, true);
});

test('a deleted task is not revived by a list requested before the delete', () => {
  const state = run([
    upserted(makeTask({id: 'gone'}), 10),
    {type: 'task/updated', event: {action: 'deleted', taskId: 'gone'}, at: 30},
    listed([makeTask({id: 'gone'})], 20),
  ]);
  assert.equal(gw(state).tasks.byId.gone, undefined);
  const later = run([listed([makeTask({id: 'gone'})], 40)], state);
  assert.ok(gw(later).tasks.byId.gone, 'a list requested after the delete is the authority');
});

test('a first page does not drop tasks it did not reach; restored marks the ledger stale', () => {
  const state = run([
    listed([makeTask({id: 'a'}), makeTask({id: 'b'})], 10),
    listed([makeTask({id: 'a'})], 20, false),
  ]);
  assert.deepEqual(Object.keys(gw(state).tasks.byId).sort(), ['a', 'b']);
  assert.equal(gw(state).tasks.complete, false);
  const full = run([listed([makeTask({id: 'a'})], 30)], state);
  assert.deepEqual(Object.keys(gw(full).tasks.byId), ['a']);
  const restored = run([{type: 'task/updated', event: {action: 'restored'}, at: 40}], full);
  assert.equal(gw(restored).tasks.complete, false);
});

test('the ledger keeps at most TASK_MEMORY tasks, the newest', () => {
  const tasks = Array.from({length: TASK_MEMORY + 5}, (_, i) =>
    makeTask({id: `t${i}`, updatedAt: i}),
  );
  const state = run([listed(tasks, 1)]);
  assert.equal(Object.keys(gw(state).tasks.byId).length, TASK_MEMORY);
  assert.equal(gw(state).tasks.byId.t0, undefined);
  assert.ok(gw(state).tasks.byId[`t${TASK_MEMORY + 4}`]);
});

test('operator actions: sending, then what the gateway said, then forgotten', () => {
  const task = makeTask({id: 'b', status: 'completed', terminalOutcome: 'blocked'});
  let state = run([
    upserted(task, 1),
    {type: 'task-action/started', taskId: 'b', action: 'retry', at: 2},
  ]);
  assert.deepEqual(gw(state).tasks.actions.b, {phase: 'sending', action: 'retry', at: 2});
  state = run(
    [
      {
        type: 'task-action/finished',
        taskId: 'b',
        action: 'retry',
        ok: true,
        message: 'delivery retried',
        task: {...task, deliveryStatus: 'delivered', terminalOutcome: 'succeeded'},
        at: 3,
      },
    ],
    state,
  );
  assert.equal(gw(state).tasks.actions.b?.phase, 'done');
  assert.equal(
    isBlockedDelivery(gw(state).tasks.byId.b!),
    false,
    'the answer carries the new task',
  );
  assert.equal(selectBlockedDeliveries(state, GW).length, 0);
  const refused = run(
    [
      {
        type: 'task-action/finished',
        taskId: 'b',
        action: 'cancel',
        ok: false,
        message: 'task is not active',
        at: 4,
      },
    ],
    state,
  );
  assert.equal(gw(refused).tasks.actions.b?.phase, 'refused');
  const later = run([{type: 'clock/ticked', now: 4 + TASK_ACTION_MEMORY_MS + 1}], refused);
  assert.equal(gw(later).tasks.actions.b, undefined);
});

test('not offered: said once in the tail per gateway version, and never an empty ledger', () => {
  const notOffered: GatewayEvent = {type: 'tasks/not-offered', version: '2026.4.1', at: 5};
  const state = run([notOffered, {...notOffered, at: 6}]);
  const lines = gw(state).events.items.filter((event) => event.summary.startsWith('tasks:'));
  assert.deepEqual(
    lines.map((event) => event.summary),
    ['tasks: not offered by this gateway (version 2026.4.1)'],
  );
  assert.equal(
    ledgerUnavailableText('tasks', gw(state).tasks.support),
    'tasks: not offered by this gateway (version 2026.4.1)',
  );
  const failed = run([{type: 'tasks/read-failed', reason: 'missing scope: operator.read', at: 7}]);
  assert.equal(
    ledgerUnavailableText('tasks', gw(failed).tasks.support),
    'tasks: could not be read (missing scope: operator.read)',
  );
  assert.equal(ledgerUnavailableText('tasks', gw(makeState()).tasks.support), undefined);
});

test('task tail lines say the blocked delivery and carry the twins’ task entry', () => {
  const task = makeTask({id: 'b', title: 'report', status: 'running'});
  const state = run([
    upserted(task, 1),
    upserted(
      {...task, status: 'completed', terminalOutcome: 'blocked', deliveryStatus: 'failed'},
      2,
    ),
    upserted(
      {...task, status: 'completed', terminalOutcome: 'blocked', deliveryStatus: 'failed'},
      3,
    ),
  ]);
  const lines = gw(state).events.items.filter((event) => event.kind === 'task');
  assert.deepEqual(
    lines.map((event) => event.summary),
    [
      'task "report" running',
      'task "report" completed, but its result was not delivered (blocked delivery)',
    ],
  );
  assert.equal(lines[1]?.severity, 'warn');
  assert.deepEqual(lines[1]?.detail, taskEntry(gw(state).tasks.byId.b!));
  assert.equal((lines[1]?.detail as {state?: string}).state, 'blocked-delivery');
});

test('cron: listed, then events update next run and last result; removed drops the job', () => {
  const state = run([
    {
      type: 'cron/listed',
      jobs: [
        {id: 'b', name: 'B', nextRunAt: 200},
        {id: 'a', name: 'A', nextRunAt: 100, lastRunStatus: 'ok'},
      ],
      complete: true,
      requestedAt: 1,
      at: 2,
    },
    {type: 'cron/changed', event: {action: 'started', jobId: 'a', runAt: 150}, at: 3},
  ]);
  assert.deepEqual(
    selectCronJobs(state, GW).map((job) => job.id),
    ['a', 'b'],
  );
  assert.equal(gw(state).tasks.cron.jobs.a?.runningAt, 150);
  const finished = run(
    [
      {
        type: 'cron/changed',
        event: {
          action: 'finished',
          jobId: 'a',
          status: 'error',
          error: 'exit 1',
          runAt: 150,
          nextRunAt: 300,
        },
        at: 4,
      },
    ],
    state,
  );
  assert.equal(gw(finished).tasks.cron.jobs.a?.lastRunStatus, 'error');
  assert.equal(gw(finished).tasks.cron.jobs.a?.lastError, 'exit 1');
  assert.equal(gw(finished).tasks.cron.jobs.a?.nextRunAt, 300);
  assert.equal(gw(finished).tasks.cron.jobs.a?.runningAt, undefined);
  const removed = run(
    [{type: 'cron/changed', event: {action: 'removed', jobId: 'b'}, at: 5}],
    finished,
  );
  assert.deepEqual(Object.keys(gw(removed).tasks.cron.jobs), ['a']);
  const old = run([{type: 'cron/not-offered', version: '2026.3.0', at: 1}]);
  assert.equal(gw(old).tasks.cron.support.state, 'not-offered');
});

test('the twins’ entry: every key present, unknowns null, times ISO', () => {
  const entry = taskEntry({id: 't', status: 'running'});
  assert.equal(entry.state, 'running');
  assert.equal(entry.runtime, null);
  assert.equal(entry.startedAt, null);
  assert.equal(Object.values(entry).includes(undefined as never), false);
  const timed = taskEntry({id: 't', status: 'queued', createdAt: Date.UTC(2026, 8, 20)});
  assert.equal(timed.createdAt, '2026-09-20T00:00:00.000Z');
  assert.equal(selectTasks(makeState(), GW).length, 0);
});
