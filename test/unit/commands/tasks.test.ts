import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {CliCommand} from '../../../source/cli-flags.ts';
import {runCommand} from '../../../source/commands/run-command.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {TASK_STATES} from '../../../source/state/task-state.ts';
import {capture, isRecord, makeOptions, onlyJson, tempHome} from './helpers.ts';

let gateway: FixtureGateway;
const home = tempHome();
let ids: string[] = [];

before(async () => {
  gateway = await startFixtureGateway({tickIntervalMs: 0});
  ids = gateway.seedTaskStates();
});

after(async () => {
  await gateway.close();
  home.remove();
});

const tasksCommand = (filter: {status?: string; runtime?: string} = {}): CliCommand => ({
  name: 'tasks',
  ...filter,
});

const options = (command: CliCommand, json: boolean, target: FixtureGateway = gateway) =>
  makeOptions({command, home: home.dir, url: target.url, token: target.token, json});

const ENTRY_KEYS = [
  'agentId',
  'childSessionKey',
  'createdAt',
  'delivery',
  'endedAt',
  'error',
  'execution',
  'kind',
  'lastActivity',
  'lastActivityAt',
  'lastToolName',
  'runId',
  'runtime',
  'sessionKey',
  'startedAt',
  'state',
  'stateLabel',
  'status',
  'summary',
  'taskId',
  'terminalOutcome',
  'title',
  'toolUseCount',
  'waitingFor',
];

test('tasks --json: every task with the same keys, every state the fixture can show', async () => {
  const out = capture();
  assert.equal(await runCommand(options(tasksCommand(), true), out.io), 0, out.stderr.text);
  const doc = onlyJson(out);
  assert.equal(doc.ok, true);
  assert.equal(doc.complete, true);
  assert.ok(Array.isArray(doc.tasks));
  const tasks = doc.tasks.filter(isRecord);
  assert.equal(doc.count, ids.length);
  for (const task of tasks) assert.deepEqual(Object.keys(task).sort(), ENTRY_KEYS);
  const states = new Set(tasks.map((task) => task.state));
  // 'waiting' (an external wait) and 'unknown' from an unknown status are reducer-tested only
  for (const state of TASK_STATES.filter((s) => s !== 'waiting'))
    assert.ok(states.has(state), `${state} missing from ${[...states].join(',')}`);
  const blocked = tasks.find((task) => task.state === 'blocked-delivery');
  assert.equal(blocked?.status, 'completed');
  assert.equal(blocked?.delivery, 'failed');
  assert.equal(blocked?.terminalOutcome, 'blocked');
});

test('--status takes a ledger status or a state (blocked), --runtime filters by runtime', async () => {
  const blocked = capture();
  await runCommand(options(tasksCommand({status: 'blocked'}), true), blocked.io);
  const doc = onlyJson(blocked);
  assert.equal(doc.count, 1);
  const failed = capture();
  await runCommand(options(tasksCommand({status: 'failed'}), true), failed.io);
  assert.equal(onlyJson(failed).count, 1);
  const cron = capture();
  await runCommand(options(tasksCommand({runtime: 'cron'}), true), cron.io);
  assert.equal(onlyJson(cron).count, 0);
  const subagents = capture();
  await runCommand(options(tasksCommand({runtime: 'subagent'}), true), subagents.io);
  assert.equal(onlyJson(subagents).count, ids.length);
});

test('tasks without --json: one line per task, state in words', async () => {
  const out = capture();
  assert.equal(await runCommand(options(tasksCommand(), false), out.io), 0, out.stderr.text);
  const text = out.stdout.text;
  assert.match(text, /blocked-result {2}\[blocked delivery\] {2}subagent {2}delivery failed/);
  assert.match(text, /approval-wait {2}\[waiting for approval\]/);
  assert.match(text, /unobserved {2}\[unknown\]/);
  assert.match(text, /failed-task {2}\[failed\][^\n]*\n {4}tool exec failed: exit 2/);
});

test('an older gateway: "tasks: not offered by this gateway (version …)", exit 1', async () => {
  const old = await startFixtureGateway({
    tickIntervalMs: 0,
    serverVersion: '2026.4.1',
    absentMethods: ['tasks.list', 'tasks.get', 'tasks.cancel', 'tasks.retry', 'tasks.dismiss'],
  });
  try {
    const out = capture();
    assert.equal(await runCommand(options(tasksCommand(), true, old), out.io), 1);
    const doc = onlyJson(out);
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.error, {
      kind: 'not-offered',
      message: 'tasks: not offered by this gateway (version 2026.4.1)',
    });
    assert.match(out.stderr.text, /tasks: not offered by this gateway \(version 2026\.4\.1\)/);
    // everything else still works against it
    const sessions = capture();
    assert.equal(await runCommand(options({name: 'sessions'}, true, old), sessions.io), 0);
  } finally {
    await old.close();
  }
});

test('tail --kind task prints the same entry as tasks --json', async () => {
  const out = capture();
  const before = new Set(gateway.connections().map((conn) => conn.connId));
  const done = runCommand(
    makeOptions({
      command: {name: 'tail', kinds: ['task']},
      home: home.dir,
      url: gateway.url,
      token: gateway.token,
      json: true,
    }),
    out.io,
  );
  for (let i = 0; i < 250; i++) {
    if (gateway.connections().some((conn) => !before.has(conn.connId) && conn.subscribed)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const running = ids.find((id) => id.endsWith('running-task'));
  assert.ok(running);
  gateway.blockDelivery(running);
  const line = await out.stdout.waitForLine((text) => text.includes('blocked delivery'));
  out.stop();
  assert.equal(await done, 0);
  const parsed = JSON.parse(line) as {kind: string; detail: Record<string, unknown>};
  assert.equal(parsed.kind, 'task');
  const listed = capture();
  await runCommand(options(tasksCommand({status: 'blocked'}), true), listed.io);
  const entries = (onlyJson(listed).tasks as unknown[]).filter(isRecord);
  const same = entries.find((entry) => entry.taskId === running);
  assert.deepEqual(parsed.detail, same);
  const kinds = new Set(
    out.stdout.lines().map((text) => (JSON.parse(text) as {kind: string}).kind),
  );
  assert.ok(!kinds.has('spawn') && !kinds.has('run'), [...kinds].join(','));
});
