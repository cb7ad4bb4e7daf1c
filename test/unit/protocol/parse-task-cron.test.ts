import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCronEvent, parseCronJob, parseCronList} from '../../../source/protocol/parse-cron.ts';
import {
  parseTaskCancel,
  parseTaskGet,
  parseTaskRecovery,
  parseTaskSummary,
} from '../../../source/protocol/parse-task.ts';

test('a 9.6 task summary keeps every field the console uses; ISO times become ms', () => {
  const task = parseTaskSummary({
    id: 't1',
    taskId: 't1',
    kind: 'subagent',
    runtime: 'subagent',
    status: 'running',
    execution: {
      state: 'waiting',
      currentTool: {name: 'exec', startedAt: '2026-09-20T10:00:00.000Z'},
      lastActivityAt: 1_760_000_000_500,
      wait: {kind: 'approval', pendingCount: 1, dependencies: [{runId: 'r'}]},
    },
    title: 'research',
    agentId: 'main',
    sessionKey: 'agent:main:main',
    childSessionKey: 'agent:main:subagent:1',
    ownerKey: 'agent:main:main',
    runId: 'run-1',
    createdAt: 1_760_000_000_000,
    updatedAt: '2026-09-20T10:00:01.000Z',
    startedAt: 1_760_000_000_100,
    toolUseCount: 4,
    lastToolName: 'exec',
    lastActivity: 'running exec',
    deliveryStatus: 'pending',
    hasTranscript: true,
    somethingNew: {x: 1},
  });
  assert.ok(task);
  assert.equal(task.execution?.state, 'waiting');
  assert.equal(task.execution?.waitKind, 'approval');
  assert.equal(task.execution?.pendingCount, 1);
  assert.equal(task.execution?.currentTool?.startedAt, Date.parse('2026-09-20T10:00:00.000Z'));
  assert.equal(task.updatedAt, Date.parse('2026-09-20T10:00:01.000Z'));
  assert.equal(task.toolUseCount, 4);
  assert.equal(task.deliveryStatus, 'pending');
  assert.equal(task.ownerKey, 'agent:main:main');
});

test('only id and status are needed; unknown status and delivery values are kept as sent', () => {
  assert.deepEqual(parseTaskSummary({taskId: 't', status: 'lost'}), {id: 't', status: 'lost'});
  assert.equal(
    parseTaskSummary({id: 't', status: 'completed', deliveryStatus: 'teleported'})?.deliveryStatus,
    'teleported',
  );
  assert.equal(parseTaskSummary({id: 't'}), undefined);
  assert.equal(parseTaskSummary({status: 'running'}), undefined);
  assert.equal(parseTaskSummary('t'), undefined);
  // wrong types are dropped, not thrown on
  const odd = parseTaskSummary({
    id: 't',
    status: 'running',
    execution: {state: 7},
    toolUseCount: -3,
    startedAt: 'yesterday',
  });
  assert.deepEqual(odd, {id: 't', status: 'running'});
});

test('tasks.get, tasks.cancel and tasks.retry/dismiss answers', () => {
  assert.equal(parseTaskGet({task: {id: 't', status: 'queued'}})?.status, 'queued');
  assert.equal(parseTaskGet({}), undefined);
  assert.deepEqual(parseTaskCancel({found: true, cancelled: false, reason: 'task is not active'}), {
    found: true,
    cancelled: false,
    reason: 'task is not active',
  });
  assert.equal(parseTaskCancel({}), undefined);
  assert.deepEqual(
    parseTaskRecovery({
      results: [
        {taskId: 'a', ok: true, duplicateRisk: true, task: {id: 'a', status: 'completed'}},
        {taskId: 'b', ok: false, reason: 'task not found'},
        {ok: true},
      ],
    }),
    [
      {taskId: 'a', ok: true, duplicateRisk: true, task: {id: 'a', status: 'completed'}},
      {taskId: 'b', ok: false, reason: 'task not found'},
    ],
  );
  assert.deepEqual(parseTaskRecovery(null), []);
});

test('cron jobs: schedule in one line, scheduler state from `state` first', () => {
  const job = parseCronJob({
    id: 'j1',
    name: 'Morning brief',
    enabled: true,
    schedule: {kind: 'cron', expr: '0 7 * * *', tz: 'UTC'},
    state: {nextRunAtMs: 2000, lastRunAtMs: 1000, lastRunStatus: 'error', lastError: 'boom'},
    nextRunAtMs: 9999,
  });
  assert.deepEqual(job, {
    id: 'j1',
    name: 'Morning brief',
    enabled: true,
    scheduleKind: 'cron',
    schedule: '0 7 * * * (UTC)',
    nextRunAt: 2000,
    lastRunAt: 1000,
    lastRunStatus: 'error',
    lastError: 'boom',
  });
  assert.equal(
    parseCronJob({id: 'j', schedule: {kind: 'every', everyMs: 900_000}})?.schedule,
    'every 15m',
  );
  assert.equal(
    parseCronJob({id: 'j', schedule: {kind: 'at', at: '2026-10-01'}})?.schedule,
    'at 2026-10-01',
  );
  assert.equal(parseCronJob({id: 'j', schedule: {kind: 'lunar'}})?.schedule, 'lunar');
  assert.equal(parseCronJob({id: 'j'})?.name, 'j', 'a job without a name is named by its id');
  // 4.1 kept the old field name
  assert.equal(parseCronJob({id: 'j', name: 'n', state: {lastStatus: 'ok'}})?.lastRunStatus, 'ok');
  assert.equal(parseCronJob({name: 'no id'}), undefined);
});

test('cron.list pages and cron events', () => {
  const page = parseCronList({jobs: [{id: 'a', name: 'A'}, 'junk'], hasMore: true, nextOffset: 1});
  assert.equal(page.jobs.length, 1);
  assert.equal(page.hasMore, true);
  assert.equal(page.nextOffset, 1);
  assert.deepEqual(parseCronList([{id: 'a', name: 'A'}]).jobs.length, 1);
  assert.deepEqual(parseCronList(undefined), {jobs: [], hasMore: false});
  const finished = parseCronEvent({
    action: 'finished',
    jobId: 'a',
    status: 'error',
    error: 'exit 1',
    runAtMs: 5,
    durationMs: 10,
  });
  assert.deepEqual(finished, {
    action: 'finished',
    jobId: 'a',
    status: 'error',
    error: 'exit 1',
    runAt: 5,
    durationMs: 10,
  });
  assert.equal(parseCronEvent({action: 'added', job: {id: 'b', name: 'B'}})?.jobId, 'b');
  assert.equal(parseCronEvent({jobId: 'a'}), undefined);
});
