// The task ledger on screen (issue 13), the whole App against a real store and fake commands:
// task badges on session rows (only where the tasks say something the row does not), `t` opening
// a session's tasks, c / r / D each behind a confirmation naming the exact task id (n sends
// nothing, y sends once), read-only hiding and refusing c / r / D, a blocked delivery as an Inbox
// item with r / d, and the "not offered" line of an older gateway.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import type {Store} from '../../source/state/store.ts';
import type {SessionRow, TaskSummary} from '../../source/protocol/types.ts';
import {callsOf, fakeCommands} from './fake-commands.ts';
import {KEY, waitFor, waitForText} from './helpers.tsx';
import {renderApp, lineWith} from './render-app.tsx';
import {connectedStore} from './connected-store.ts';
import {addressed} from '../support/state.ts';

afterEach(() => cleanup());

const MAIN = 'agent:main:main';
const WAITER = 'agent:main:subagent:aa';
const RUNNER = 'agent:main:subagent:bb';
const FINISHER = 'agent:main:subagent:cc';

const rows: SessionRow[] = [
  {
    key: MAIN,
    kind: 'direct',
    agentId: 'main',
    label: 'main session',
    isMain: true,
    status: 'running',
    activeRunIds: ['run-1'],
    childSessions: [WAITER, RUNNER, FINISHER],
  },
  {
    key: WAITER,
    kind: 'direct',
    label: 'waiter',
    parentSessionKey: MAIN,
    status: 'running',
    activeRunIds: ['run-a'],
  },
  {
    key: RUNNER,
    kind: 'direct',
    label: 'runner',
    parentSessionKey: MAIN,
    status: 'running',
    activeRunIds: ['run-b'],
  },
  {key: FINISHER, kind: 'direct', label: 'finisher', parentSessionKey: MAIN, status: 'done'},
];

const now = Date.now();

const tasks: TaskSummary[] = [
  {
    id: 'task-waits-approval',
    status: 'running',
    runtime: 'subagent',
    title: 'deploy the docs',
    sessionKey: MAIN,
    childSessionKey: WAITER,
    execution: {state: 'waiting', waitKind: 'approval'},
    startedAt: now - 60_000,
  },
  {
    id: 'task-runs',
    status: 'running',
    runtime: 'subagent',
    title: 'crawl the site',
    sessionKey: MAIN,
    childSessionKey: RUNNER,
    startedAt: now - 30_000,
  },
  {
    id: 'task-blocked-result',
    status: 'completed',
    runtime: 'subagent',
    title: 'summarise the logs',
    sessionKey: MAIN,
    childSessionKey: FINISHER,
    deliveryStatus: 'failed',
    terminalOutcome: 'blocked',
    terminalSummary: 'three errors, all from the cache',
    startedAt: now - 120_000,
    endedAt: now - 90_000,
  },
];

function makeStore(options: {readOnly?: boolean; ledger?: 'listed' | 'not-offered'} = {}): Store {
  const at = Date.now();
  const store = connectedStore({
    ...(options.readOnly === undefined ? {} : {readOnly: options.readOnly}),
    serverVersion: options.ledger === 'not-offered' ? '2026.4.1' : '2026.9.6',
    scopes: ['operator.read', 'operator.write'],
    rows,
    at,
  });
  if (options.ledger === 'not-offered') {
    store.dispatch(addressed({type: 'tasks/not-offered', version: '2026.4.1', at}));
  } else {
    store.dispatch(addressed({type: 'tasks/listed', tasks, complete: true, requestedAt: at, at}));
    store.dispatch(
      addressed({
        type: 'cron/listed',
        jobs: [
          {
            id: 'job-probe',
            name: 'Queue depth probe',
            schedule: 'every 15m',
            nextRunAt: at + 180_000,
            lastRunAt: at - 660_000,
            lastRunStatus: 'error',
            lastError: 'probe exited 1',
          },
        ],
        complete: true,
        requestedAt: at,
        at,
      }),
    );
  }
  return store;
}

/** Moves the tree cursor down until the selected line (›) names `title`. */
async function selectRow(
  lastFrame: () => string | undefined,
  write: (s: string) => void,
  title: string,
) {
  for (let i = 0; i < 6; i++) {
    const frame = lastFrame() ?? '';
    if (/›/.test(lineWith(frame, ` ${title}`))) return;
    write(KEY.down);
    await waitFor(lastFrame, (f) => f !== frame, 'the cursor to move');
  }
  assert.fail(`could not select ${title}:\n${lastFrame() ?? ''}`);
}

test('tree: a task badge where the tasks differ from the row, none where they agree', async () => {
  const {commands} = fakeCommands();
  const {lastFrame} = renderApp(makeStore(), commands);
  const frame = await waitForText(lastFrame, 'finisher');
  assert.match(lineWith(frame, ' waiter'), /◆ task waiting for approval/);
  assert.match(lineWith(frame, ' finisher'), /◆ task blocked delivery/);
  assert.doesNotMatch(lineWith(frame, ' runner'), /◆ task/, 'running task on a running row');
  assert.doesNotMatch(lineWith(frame, ' main session'), /◆ task/, 'main has no task of its own');
});

test("t lists the session's tasks; c asks with the exact task id, n sends nothing, y sends once", async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, 'waiter');
  await selectRow(lastFrame, (s) => stdin.write(s), 'waiter');
  stdin.write('t');
  const panel = await waitForText(lastFrame, 'tasks of waiter');
  assert.match(panel, /subagent\s+waiting for approval/);
  assert.match(panel, /task task-waits-approval/);
  assert.match(panel, /c cancel/, 'the footer offers cancel');

  stdin.write('c');
  const dialog = await waitForText(lastFrame, 'Cancel this task?');
  assert.match(dialog, /task id\s+task-waits-approval/);
  assert.match(dialog, /runs in\s+agent:main:subagent:aa/);
  stdin.write('n');
  await waitFor(lastFrame, (f) => !f.includes('Cancel this task?'), 'the dialog to close');
  await waitForText(lastFrame, 'tasks of waiter');
  assert.deepEqual(callsOf(calls, 'taskAction'), [], 'n sends nothing');

  stdin.write('c');
  await waitForText(lastFrame, 'Cancel this task?');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Cancel this task?'), 'the dialog to close');
  assert.deepEqual(callsOf(calls, 'taskAction'), [['taskAction', 'task-waits-approval', 'cancel']]);

  // r and D apply to a blocked delivery only: refused here with the reason, nothing sent.
  stdin.write('r');
  await waitForText(lastFrame, 'only a blocked delivery can be retried or dismissed');
  assert.equal(callsOf(calls, 'taskAction').length, 1);

  stdin.write(KEY.esc);
  await waitFor(lastFrame, (f) => !f.includes('tasks of waiter'), 'the panel to close');
});

test('t on a blocked delivery: r retries and D dismisses, each after its own confirmation', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, 'finisher');
  await selectRow(lastFrame, (s) => stdin.write(s), 'finisher');
  stdin.write('t');
  const panel = await waitForText(lastFrame, 'tasks of finisher');
  assert.match(panel, /subagent\s+blocked delivery\s+failed/);

  stdin.write('c');
  await waitForText(lastFrame, 'this task is blocked delivery: nothing to cancel');

  stdin.write('r');
  const retry = await waitForText(lastFrame, 'Retry this blocked delivery?');
  assert.match(retry, /task id\s+task-blocked-result/);
  assert.match(retry, /result\s+three errors, all from the cache/);
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Retry this blocked delivery?'), 'closed');

  stdin.write('D');
  const dismiss = await waitFor(
    lastFrame,
    (f) => /task id\s+task-blocked-result/.test(f) && /dismiss delivery/.test(f),
    'the dismiss confirmation',
  );
  assert.match(dismiss, /NOT delivered/);
  stdin.write(KEY.esc);
  await waitFor(lastFrame, (f) => !/dismiss delivery/.test(f), 'esc closes it');
  stdin.write('D');
  await waitFor(lastFrame, (f) => /dismiss delivery/.test(f), 'the dismiss confirmation again');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !/dismiss delivery/.test(f), 'closed');

  assert.deepEqual(callsOf(calls, 'taskAction'), [
    ['taskAction', 'task-blocked-result', 'retry'],
    ['taskAction', 'task-blocked-result', 'dismiss'],
  ]);
});

test('read-only: t still lists the tasks; c, r and D are hidden and refused with the reason', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore({readOnly: true}), commands, {readOnly: true});
  await waitForText(lastFrame, 'READ-ONLY');
  await selectRow(lastFrame, (s) => stdin.write(s), 'finisher');
  stdin.write('t');
  const panel = await waitForText(lastFrame, 'tasks of finisher');
  assert.doesNotMatch(panel, /c cancel|r retry|D dismiss/);
  for (const key of ['c', 'r', 'D']) {
    stdin.write(key);
    await waitForText(lastFrame, 'disabled: read-only');
    assert.doesNotMatch(lastFrame() ?? '', /Retry this blocked delivery\?|Cancel this task\?/);
  }
  stdin.write(KEY.esc);
  await waitFor(lastFrame, (f) => !f.includes('tasks of finisher'), 'the panel to close');
  stdin.write('?');
  const help = await waitForText(lastFrame, 'commands that change things are hidden');
  assert.doesNotMatch(help, /Cancel the task|Retry its blocked delivery|Dismiss its blocked/);
  assert.deepEqual(callsOf(calls, 'taskAction'), []);
});

test('inbox: a blocked delivery is an item; r retries it, d dismisses it, a says which keys apply', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, 'finisher');
  stdin.write('2');
  const inbox = await waitForText(lastFrame, '[2 inbox (1)]');
  assert.match(inbox, /›⚑ blocked deliv.*summarise the lo/, 'listed and selected');
  assert.match(inbox, /r retry/, 'the footer offers r');
  assert.match(inbox, /task-blocked-result/, 'the detail names the exact task');

  stdin.write('a');
  await waitForText(lastFrame, 'a blocked delivery: r delivers it again, d dismisses it');
  assert.doesNotMatch(lastFrame() ?? '', /Allow this/);

  stdin.write('r');
  const retry = await waitForText(lastFrame, 'Retry this blocked delivery?');
  assert.match(retry, /task id\s+task-blocked-result/);
  stdin.write('n');
  await waitFor(lastFrame, (f) => !f.includes('Retry this blocked delivery?'), 'n closes it');
  assert.deepEqual(callsOf(calls, 'taskAction'), []);
  stdin.write('r');
  await waitForText(lastFrame, 'Retry this blocked delivery?');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Retry this blocked delivery?'), 'sent');

  stdin.write('d');
  await waitFor(lastFrame, (f) => /dismiss delivery/.test(f), 'the dismiss confirmation');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !/dismiss delivery/.test(f), 'sent');
  assert.deepEqual(callsOf(calls, 'taskAction'), [
    ['taskAction', 'task-blocked-result', 'retry'],
    ['taskAction', 'task-blocked-result', 'dismiss'],
  ]);
});

test('read-only inbox: the blocked delivery is listed, r and d are refused', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore({readOnly: true}), commands, {readOnly: true});
  await waitForText(lastFrame, 'READ-ONLY');
  stdin.write('2');
  const inbox = await waitForText(lastFrame, 'Blocked delivery task task-blocked-result');
  assert.doesNotMatch(inbox, /\br retry\b/, 'r is hidden from the footer');
  stdin.write('r');
  await waitForText(lastFrame, 'disabled: read-only');
  stdin.write('d');
  await waitForText(lastFrame, 'disabled: read-only');
  assert.deepEqual(callsOf(calls, 'taskAction'), []);
});

test('gateway pane: the cron jobs, read-only: name, schedule, next run, last result', async () => {
  const {commands} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, 'finisher');
  stdin.write('4');
  const pane = await waitForText(lastFrame, 'Queue depth probe');
  assert.match(pane, /cron · 1 job/);
  assert.match(
    lineWith(pane, 'Queue depth probe'),
    /every 15m\s+in [23]m\s+error 11m ago: probe exited 1/,
  );
});

test('an older gateway: t says tasks are not offered (with its version); the tree still works', async () => {
  const {commands} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore({ledger: 'not-offered'}), commands);
  const tree = await waitForText(lastFrame, 'finisher');
  assert.doesNotMatch(tree, /◆ task/);
  await selectRow(lastFrame, (s) => stdin.write(s), 'waiter');
  stdin.write('t');
  await waitForText(lastFrame, 'tasks: not offered by this gateway (version 2026.4.1)');
  stdin.write(KEY.esc);
  await waitFor(lastFrame, (f) => !f.includes('tasks of waiter'), 'closed');
  stdin.write('4');
  await waitForText(lastFrame, 'not offered by this gateway (version 2026.4.1)');
});
