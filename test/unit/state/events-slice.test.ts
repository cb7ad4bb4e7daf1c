import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {AgentEvent} from '../../../source/protocol/types.ts';
import {
  appendTail,
  createEventsState,
  type EventsState,
} from '../../../source/state/events-slice.ts';
import {clockTime} from '../../../source/state/tail-format.ts';
import {makeDevice, makeRow, makeState, run, snapshot, upsert} from './factories.ts';
import {gw, type TestAction} from '../../support/state.ts';

const MAIN = 'agent:main:main';
const CHILD = 'agent:main:subagent:c1';

const agent = (event: Partial<AgentEvent> & {readonly stream: string}, at: number): TestAction => ({
  type: 'agent/event',
  event: {data: {}, sessionKey: MAIN, agentId: 'main', runId: 'r1', ...event},
  at,
});

const spawnStart = (toolCallId: string, args: Record<string, unknown>, at: number): TestAction =>
  agent({stream: 'tool', data: {phase: 'start', name: 'sessions_spawn', toolCallId, args}}, at);

const spawnResult = (
  toolCallId: string,
  details: Record<string, unknown>,
  at: number,
  isError = false,
): TestAction =>
  agent(
    {
      stream: 'tool',
      data: {
        phase: 'result',
        name: 'sessions_spawn',
        toolCallId,
        isError,
        result: {content: [], details},
      },
    },
    at,
  );

const summaries = (state: ReturnType<typeof run>): string[] =>
  gw(state).events.items.map((event) => event.summary);

test('the ring is bounded: oldest lines fall out, ids keep counting', () => {
  const actions: TestAction[] = [];
  for (let index = 0; index < 12; index++)
    actions.push(agent({stream: 'lifecycle', data: {phase: 'start'}}, index));
  const state = run(actions, makeState({tailCapacity: 5}));
  assert.equal(gw(state).events.items.length, 5);
  assert.deepEqual(
    gw(state).events.items.map((event) => event.id),
    [8, 9, 10, 11, 12],
  );
  assert.equal(gw(state).events.dropped, 7);
});

test('the default ring holds 2,000 lines', () => {
  const actions: TestAction[] = [];
  for (let index = 0; index < 2_100; index++)
    actions.push(agent({stream: 'lifecycle', data: {phase: 'start'}}, index));
  const state = run(actions);
  assert.equal(gw(state).events.items.length, 2_000);
  assert.equal(gw(state).events.items[0]?.id, 101);
});

test('spawn accepted: one line naming the child, not repeated by the create event', () => {
  const state = run([
    snapshot([makeRow({key: MAIN, isMain: true})], 1),
    spawnStart('call1', {task: 'Reply with exactly: OK', label: 'helper', agentId: 'main'}, 10),
    spawnResult(
      'call1',
      {status: 'accepted', childSessionKey: CHILD, runId: 'r2', mode: 'run'},
      20,
    ),
    upsert(makeRow({key: CHILD, parent: MAIN, label: 'helper'}), 30, {reason: 'create'}),
  ]);
  assert.deepEqual(summaries(state), [
    'main: spawning "helper" (agent main): Reply with exactly: OK',
    'main: spawned "helper"',
  ]);
  assert.deepEqual(
    gw(state).events.items.map((item) => item.kind),
    ['tool', 'spawn'],
    'exactly one spawn line per sessions_spawn: the request is a tool line',
  );
  const spawned = gw(state).events.items[1];
  assert.equal(spawned?.kind, 'spawn');
  assert.equal(spawned?.sessionKey, CHILD);
  assert.equal(spawned?.parentKey, MAIN);
  assert.equal(spawned?.runId, 'r2');
  assert.deepEqual(gw(state).events.spawnCalls, {}, 'the open call is closed by its result');
});

test('session create with a parent is a spawn line when no tool result said so', () => {
  const state = run([
    snapshot([makeRow({key: MAIN, isMain: true})], 1),
    upsert(makeRow({key: CHILD, parent: MAIN, label: 'fetch-docs'}), 30, {reason: 'create'}),
  ]);
  assert.deepEqual(summaries(state), ['main: spawned "fetch-docs"']);
});

test('spawn failure: diagnosis names the blocked agent from the call args', () => {
  const state = run([
    spawnStart('call1', {task: 't', agentId: 'research'}, 10),
    spawnResult(
      'call1',
      {status: 'forbidden', error: 'agentId is not allowed for sessions_spawn (allowed: none)'},
      20,
    ),
  ]);
  const failed = gw(state).events.items.at(-1);
  assert.equal(failed?.severity, 'error');
  assert.equal(
    failed?.summary,
    'main: spawn failed: agentId is not allowed for sessions_spawn (allowed: none)',
  );
  assert.equal(failed?.diagnosis?.blockedAgentId, 'research');
  assert.equal(failed?.diagnosis?.requesterAgentId, 'main');
});

test('spawn failure "pairing required" links the pending device request in the inbox', () => {
  const state = run([
    {type: 'device-pairing/requested', request: makeDevice({requestId: 'dev-req'}), at: 5},
    spawnStart('call1', {task: 't'}, 10),
    spawnResult(
      'call1',
      {status: 'error', error: 'gateway closed (1008): pairing required'},
      20,
      true,
    ),
  ]);
  const failed = gw(state).events.items.at(-1);
  assert.equal(failed?.diagnosis?.inboxId, 'dev-req');
  assert.match(failed?.diagnosis?.fix ?? '', /Inbox/);
});

test('lifecycle and tool lines', () => {
  const state = run([
    agent({stream: 'lifecycle', data: {phase: 'start'}}, 1),
    agent({stream: 'lifecycle', data: {phase: 'model'}}, 2),
    agent({stream: 'lifecycle', data: {phase: 'waiting-approval', approvalId: '6bc8fc88-ea3a'}}, 3),
    agent({stream: 'tool', data: {phase: 'start', name: 'exec', toolCallId: 't1'}}, 4),
    agent(
      {stream: 'tool', data: {phase: 'result', name: 'exec', toolCallId: 't1', isError: false}},
      5,
    ),
    agent(
      {
        stream: 'tool',
        data: {
          phase: 'result',
          name: 'read',
          toolCallId: 't2',
          isError: true,
          toolErrorSummary: 'ENOENT',
        },
      },
      6,
    ),
    agent({stream: 'lifecycle', data: {phase: 'end', aborted: true}}, 7),
    agent({stream: 'lifecycle', data: {phase: 'error', error: 'model refused'}}, 8),
    agent({stream: 'assistant', data: {delta: 'hi'}}, 9),
    agent({stream: 'lifecycle', data: {phase: 'error', error: 'agent run aborted'}}, 10),
  ]);
  assert.deepEqual(
    gw(state).events.items.map((event) => [event.kind, event.severity, event.summary]),
    [
      ['run', 'info', 'main: run started'],
      ['run', 'warn', 'main: waiting for approval 6bc8fc88'],
      ['tool', 'info', 'main: exec ok'],
      ['tool', 'warn', 'main: read failed: ENOENT'],
      ['run', 'warn', 'main: run aborted'],
      ['run', 'error', 'main: run failed: model refused'],
      ['run', 'warn', 'main: run aborted (stopped)'],
    ],
  );
});

test('task lines only when the status changes', () => {
  const task = (status: string, at: number): TestAction => ({
    type: 'task/updated',
    event: {
      action: 'upserted',
      task: {id: 't1', status, title: 'harness-subagent', sessionKey: MAIN, childSessionKey: CHILD},
    },
    at,
  });
  const state = run([task('running', 1), task('running', 2), task('completed', 3)]);
  assert.deepEqual(summaries(state), [
    'task "harness-subagent" running',
    'task "harness-subagent" completed',
  ]);
  assert.equal(gw(state).events.items[0]?.sessionKey, CHILD);
  assert.equal(gw(state).events.items[0]?.parentKey, MAIN);
});

test('a gap leaves a marker naming the blind window', () => {
  const at = Date.UTC(2026, 0, 1, 12, 0, 9);
  const since = at - 5_000;
  const state = run([{type: 'gateway/gap-detected', expected: 4, received: 9, since, at}]);
  const gap = gw(state).events.items[0];
  assert.equal(gap?.kind, 'gap');
  assert.equal(
    gap?.summary,
    `missed events between ${clockTime(since)} and ${clockTime(at)}; state re-read`,
  );
  assert.deepEqual(gap?.detail, {expected: 4, received: 9, from: since, to: at});
});

test('approvals and pairing requests and resolutions become lines once', () => {
  const state = run([
    {
      type: 'approval/requested',
      request: {
        kind: 'exec',
        id: 'e1',
        command: 'echo EXEC_OK',
        turnSourceChannel: 'qqbot',
        sessionKey: MAIN,
      },
      at: 1,
    },
    {type: 'approval/requested', request: {kind: 'exec', id: 'e1', command: 'echo EXEC_OK'}, at: 2},
    {
      type: 'approval/resolved',
      resolved: {kind: 'exec', id: 'e1', decision: 'allow-once', resolvedBy: 'ops'},
      at: 3,
    },
    {
      type: 'device-pairing/requested',
      request: makeDevice({requestId: 'd1', deviceId: 'dev', displayName: 'harness-C'}),
      at: 4,
    },
    {
      type: 'device-pairing/requested',
      request: makeDevice({requestId: 'd2', deviceId: 'dev', displayName: 'harness-C'}),
      at: 5,
    },
    // The gateway rejects the replaced request: already said by "replaces d1".
    {
      type: 'device-pairing/resolved',
      resolved: {requestId: 'd1', deviceId: 'dev', decision: 'rejected'},
      at: 6,
    },
    // Our own approval: the response lands before the event; the event still makes the line.
    {type: 'decision/started', id: 'd2', decision: 'allow-once', at: 7},
    {type: 'decision/succeeded', id: 'd2', decision: 'allow-once', at: 8},
    {
      type: 'device-pairing/resolved',
      resolved: {requestId: 'd2', deviceId: 'dev', decision: 'approved'},
      at: 9,
    },
  ]);
  assert.deepEqual(summaries(state), [
    'exec approval requested: echo EXEC_OK (from qqbot)',
    'exec approval e1 allow-once by ops',
    'device "harness-C" requests pairing (operator.read)',
    'device "harness-C" requests pairing (operator.read); replaces d1',
    'device request d2 approved',
  ]);
});

test('gateway lines', () => {
  const state = run([
    {
      type: 'gateway/connected',
      hello: {
        protocol: 4,
        serverVersion: '2026.9.6',
        methods: [],
        events: [],
        scopes: [],
        tickIntervalMs: 30_000,
      },
      at: 1,
    },
    {
      type: 'gateway/shutdown-announced',
      notice: {reason: 'gateway stopping', restartExpectedMs: 5_000},
      at: 2,
    },
    {
      type: 'gateway/disconnected',
      code: 1012,
      reason: 'service restart',
      next: 'reconnecting',
      retryInMs: 1_000,
      at: 3,
    },
    {
      type: 'gateway/problem',
      problem: {kind: 'unreachable', url: 'ws://127.0.0.1:18789', detail: 'ECONNREFUSED'},
      at: 4,
    },
  ]);
  assert.deepEqual(summaries(state), [
    'connected to 127.0.0.1:18789 (gateway 2026.9.6, protocol 4)',
    'gateway shutting down: gateway stopping; restart expected in 5 s',
    'disconnected (1012 service restart); retrying in 1 s',
    'cannot reach ws://127.0.0.1:18789: ECONNREFUSED',
  ]);
});

test('the tail is a bounded ring: oldest lines drop first, counted, ids keep counting', () => {
  const line = (n: number) => ({
    ts: n,
    kind: 'run' as const,
    severity: 'info' as const,
    summary: `line ${n}`,
    detail: {},
  });
  const summaries = (state: EventsState): string[] => state.items.map((item) => item.summary);
  let state = createEventsState(3);
  state = appendTail(state, [line(1), line(2)]);
  assert.deepEqual(summaries(state), ['line 1', 'line 2']);
  const before = state.items;
  state = appendTail(state, [line(3), line(4)]);
  assert.deepEqual(summaries(state), ['line 2', 'line 3', 'line 4']);
  assert.equal(state.dropped, 1);
  assert.deepEqual(
    before.map((item) => item.summary),
    ['line 1', 'line 2'],
    'never mutated',
  );
  state = appendTail(state, [line(5), line(6), line(7), line(8), line(9)]);
  assert.deepEqual(summaries(state), ['line 7', 'line 8', 'line 9']);
  assert.equal(state.dropped, 6);
  assert.deepEqual(
    state.items.map((item) => item.id),
    [7, 8, 9],
  );
  assert.equal(appendTail(state, []), state, 'nothing to add: the same state');
});
