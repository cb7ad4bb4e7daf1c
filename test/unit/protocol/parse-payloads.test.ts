import assert from 'node:assert/strict';
import {test} from 'node:test';
import {dataString, parseAgentEvent} from '../../../source/protocol/parse-agent.ts';
import {
  parseApprovalList,
  parseApprovalRequest,
  parseApprovalResolved,
} from '../../../source/protocol/parse-approvals.ts';
import {parseDmAccessList, parseDmAccessRequest} from '../../../source/protocol/parse-dm-access.ts';
import {
  parseDevicePairList,
  parseNodePairList,
  parsePairResolved,
  parsePendingDevice,
} from '../../../source/protocol/parse-pairing.ts';
import {
  parseSessionRow,
  parseSessionsChanged,
  parseSessionsSnapshot,
} from '../../../source/protocol/parse-sessions.ts';
import {parseShutdownNotice} from '../../../source/protocol/parse-shutdown.ts';
import {parseTaskEvent, parseTaskList} from '../../../source/protocol/parse-task.ts';
import {captured, framesOf} from './captured.ts';

test('exec approvals: real envelope, bare-array list, allowedDecisions, turn source', () => {
  const [requested] = framesOf(captured.agent, 'exec.approval.requested');
  const request = parseApprovalRequest(requested?.payload, 'exec');
  assert.equal(request?.kind, 'exec');
  assert.equal(request?.id, '6bc8fc88-ea3a-44bd-bf66-c689d6eac93d');
  assert.equal(request?.command, 'echo EXEC_OK');
  assert.equal(request?.host, 'gateway');
  assert.equal(request?.ask, 'always');
  assert.deepEqual(request?.allowedDecisions, ['allow-once', 'deny']);
  assert.equal(request?.sessionKey, 'agent:main:main');
  assert.equal(request?.turnSourceChannel, 'webchat');
  assert.equal(request?.turnSourceTo, 'agent:main:main');
  assert.equal(request?.turnSourceAccountId, undefined, 'null on the wire');
  assert.equal(request?.warningText, undefined);
  assert.equal(request?.expiresAtMs, 1795611271378);

  const [list] = framesOf(captured.agent, 'exec.approval.list');
  assert.deepEqual(
    parseApprovalList(list?.payload, 'exec').map((item) => item.id),
    ['6bc8fc88-ea3a-44bd-bf66-c689d6eac93d'],
  );
  assert.equal(parseApprovalList({approvals: [{id: 'a'}, {}]}, 'exec').length, 1);

  const [resolved] = framesOf(captured.agent, 'exec.approval.resolved');
  assert.deepEqual(parseApprovalResolved(resolved?.payload, 'exec'), {
    kind: 'exec',
    id: '6bc8fc88-ea3a-44bd-bf66-c689d6eac93d',
    decision: 'allow-once',
    resolvedBy: 'harness-admin',
    ts: 1795609471653,
  });
});

test('plugin approvals keep the prefixed id; unknown decisions are dropped', () => {
  const request = parseApprovalRequest(
    {
      id: 'plugin:1f2e',
      request: {
        title: 'Post to Slack',
        severity: 'warning',
        pluginId: 'slack',
        toolName: 'post',
        allowedDecisions: ['allow-once', 'maybe', 'deny'],
      },
      createdAtMs: 1,
      expiresAtMs: 2,
    },
    'exec',
  );
  assert.equal(request?.kind, 'plugin', 'the plugin: prefix tells the kind');
  assert.equal(request?.id, 'plugin:1f2e');
  assert.deepEqual(request?.allowedDecisions, ['allow-once', 'deny']);
  assert.equal(request?.title, 'Post to Slack');
  assert.equal(parseApprovalRequest({request: {}}, 'exec'), undefined);
  assert.equal(parseApprovalRequest({id: 'x', approvalKind: 'plugin'}, 'exec')?.kind, 'plugin');
});

test('device pairing: real requested, list and resolved frames', () => {
  const requested = framesOf(captured.pairing, 'device.pair.requested').map((frame) =>
    parsePendingDevice(frame.payload),
  );
  assert.equal(requested.length, 5);
  assert.equal(requested[0]?.displayName, 'harness-B');
  assert.deepEqual(requested[0]?.scopes, ['operator.read']);
  assert.equal(requested[0]?.isRepair, false);
  assert.equal(requested[3]?.isRepair, true);
  assert.equal(requested[4]?.remoteIp, '203.0.113.7');

  const [list] = framesOf(captured.pairing, 'device.pair.list');
  const parsed = parseDevicePairList(list?.payload);
  assert.equal(parsed.pending.length, 1);
  assert.equal(parsed.paired[0]?.approvedVia, 'silent');
  assert.equal(parsed.paired[0]?.connected, true);
  assert.equal('tokens' in (parsed.paired[0] ?? {}), false, 'token records are never read');

  const resolved = framesOf(captured.pairing, 'device.pair.resolved').map((frame) =>
    parsePairResolved(frame.payload),
  );
  assert.deepEqual(
    resolved.map((entry) => entry?.decision),
    ['approved', 'rejected', 'rejected', 'approved', 'rejected'],
  );
  assert.equal(parsePairResolved({requestId: '', nodeId: 'n', decision: 'removed'}), undefined);
  assert.equal(parsePendingDevice({requestId: 'r'}), undefined, 'no deviceId');
  assert.deepEqual(parseDevicePairList('nope'), {pending: [], paired: []});
});

test('node pairing list', () => {
  assert.deepEqual(
    parseNodePairList({
      pending: [{requestId: 'r', nodeId: 'n', caps: ['a', 1], ts: 5}, {requestId: 'x'}],
      paired: [{}],
    }),
    {pending: [{requestId: 'r', nodeId: 'n', caps: ['a'], ts: 5}]},
  );
});

test('DM access: ISO dates become epoch ms; incomplete requests dropped', () => {
  const list = parseDmAccessList({
    accounts: [
      {channel: 'telegram', accountId: 'default', channelLabel: 'Telegram'},
      {channel: 'x'},
    ],
    requests: [
      {
        requestId: 'a'.repeat(32),
        channel: 'telegram',
        channelLabel: 'Telegram',
        accountId: 'default',
        senderId: '4242',
        senderLabel: 'Telegram user id',
        createdAt: '2026-11-25T12:00:00.000Z',
        lastSeenAt: '2026-11-25T12:05:00.000Z',
        expiresAt: '2026-11-25T13:00:00.000Z',
        notifySupported: true,
      },
      {requestId: 'b', channel: 'telegram', accountId: 'default'},
    ],
  });
  assert.deepEqual(list.accounts, [{channel: 'telegram', accountId: 'default'}]);
  assert.equal(list.requests.length, 1);
  assert.equal(list.requests[0]?.createdAt, Date.UTC(2026, 10, 25, 12, 0, 0));
  assert.equal(list.requests[0]?.expiresAt, Date.UTC(2026, 10, 25, 13, 0, 0));
  assert.equal(
    parseDmAccessRequest({
      requestId: 'r',
      channel: 'c',
      accountId: 'a',
      senderId: 's',
      createdAt: 'not a date',
    })?.createdAt,
    undefined,
  );
});

test('agent events: real spawn tool start/result and lifecycle frames', () => {
  const events = framesOf(captured.agent, 'agent').map((frame) => parseAgentEvent(frame.payload));
  const start = events.find(
    (event) => event?.stream === 'tool' && dataString(event, 'phase') === 'start',
  );
  assert.equal(dataString(start!, 'name'), 'sessions_spawn');
  assert.deepEqual((start?.data.args as {label?: string}).label, 'harness-subagent');
  const waiting = events.find((event) => dataString(event!, 'phase') === 'waiting-approval');
  assert.equal(waiting?.stream, 'lifecycle');
  const child = events.find((event) => event?.spawnedBy !== undefined);
  assert.equal(child?.spawnedBy, 'agent:main:main');
  assert.equal(parseAgentEvent({data: {}}), undefined, 'no stream');
  assert.deepEqual(parseAgentEvent({stream: 'x', data: 'nope'})?.data, {});
});

test('task events: upserted, deleted, restored; real frames', () => {
  const tasks = framesOf(captured.agent, 'task').map((frame) => parseTaskEvent(frame.payload));
  assert.equal(tasks.length, 11);
  const first = tasks[0];
  assert.equal(first?.action, 'upserted');
  if (first?.action === 'upserted') {
    assert.equal(first.task.runtime, 'subagent');
    assert.equal(
      first.task.childSessionKey,
      'agent:main:subagent:6147bcb1-0a60-4b38-be35-cbb5b3f45943',
    );
  }
  assert.deepEqual(parseTaskEvent({action: 'deleted', taskId: 't'}), {
    action: 'deleted',
    taskId: 't',
  });
  assert.deepEqual(parseTaskEvent({action: 'restored'}), {action: 'restored'});
  assert.equal(parseTaskEvent({action: 'upserted', task: {id: 't'}}), undefined, 'no status');
  assert.deepEqual(parseTaskList({tasks: [{taskId: 't', status: 'queued'}], nextCursor: 'c'}), {
    tasks: [{id: 't', status: 'queued'}],
    nextCursor: 'c',
  });
});

test('shutdown notice defaults its reason', () => {
  assert.deepEqual(parseShutdownNotice({}), {reason: 'gateway stopping'});
  assert.deepEqual(parseShutdownNotice({reason: 'update', restartExpectedMs: 3000}), {
    reason: 'update',
    restartExpectedMs: 3000,
  });
});

test('no parser throws on hostile input', () => {
  const hostile: unknown[] = [
    undefined,
    null,
    0,
    'x',
    [],
    [null],
    {},
    {
      key: {},
      session: [],
      ancestorSessions: 'x',
      request: 5,
      pending: {},
      requests: [1],
      data: null,
    },
    Object.create(null),
    JSON.parse('{"__proto__": {"key": "x"}, "constructor": 1}'),
    {sessions: [null, 1, 'a', {key: 1}]},
  ];
  const parsers: ((value: unknown) => unknown)[] = [
    parseSessionRow,
    parseSessionsChanged,
    parseSessionsSnapshot,
    parsePendingDevice,
    parseDevicePairList,
    parsePairResolved,
    parseNodePairList,
    (value) => parseApprovalRequest(value, 'exec'),
    (value) => parseApprovalList(value, 'plugin'),
    (value) => parseApprovalResolved(value, 'exec'),
    parseDmAccessRequest,
    parseDmAccessList,
    parseAgentEvent,
    parseTaskEvent,
    parseTaskList,
    parseShutdownNotice,
  ];
  for (const parse of parsers) for (const value of hostile) assert.doesNotThrow(() => parse(value));
  // JSON.parse makes "__proto__" an own property, never a prototype: nothing leaks in.
  assert.equal(parseSessionRow(JSON.parse('{"__proto__": {"key": "inherited"}}')), undefined);
});
