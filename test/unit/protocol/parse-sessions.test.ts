import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  parseSessionRow,
  parseSessionsChanged,
  parseSessionsSnapshot,
} from '../../../source/protocol/parse-sessions.ts';
import {captured, framesOf} from './captured.ts';

const CHILD = 'agent:main:subagent:6147bcb1-0a60-4b38-be35-cbb5b3f45943';

test('real rows after a spawn: lineage, status and run fields', () => {
  const parent = parseSessionRow(captured.sessionsAfterSpawn.parent);
  const child = parseSessionRow(captured.sessionsAfterSpawn.child);
  assert.equal(parent?.key, 'agent:main:main');
  assert.equal(parent?.isMain, true);
  assert.deepEqual(parent?.childSessions, [CHILD]);
  assert.deepEqual(parent?.activeRunIds, []);
  assert.equal(child?.parentSessionKey, 'agent:main:main');
  assert.equal(child?.spawnedBy, 'agent:main:main');
  assert.equal(child?.label, 'harness-subagent');
  assert.equal(child?.status, 'done');
  assert.equal(child?.createdVia, 'spawn');
  assert.equal(child?.spawnDepth, 1);
});

test('rows: missing key → undefined; wrong types dropped; nulls dropped', () => {
  assert.equal(parseSessionRow({label: 'x'}), undefined);
  assert.equal(parseSessionRow({key: ''}), undefined);
  assert.equal(parseSessionRow('agent:main:main'), undefined);
  assert.deepEqual(
    parseSessionRow({
      key: 'k',
      label: 7,
      status: null,
      hasActiveRun: 'yes',
      childSessions: ['a', 3, null, '', 'b'],
      activeRunIds: 'r1',
      updatedAt: null,
      createdAt: Number.NaN,
      lastInteractionAt: 5,
    }),
    {key: 'k', childSessions: ['a', 'b'], updatedAt: null, lastActivityAt: 5},
  );
});

test('snapshot: sessions.list result and sessions.subscribe {list}', () => {
  const [first] = framesOf(captured.agent, 'sessions.list');
  const parsed = parseSessionsSnapshot(first?.payload);
  assert.equal(parsed?.sessions.length, 2);
  assert.equal(parsed?.hasMore, false);
  assert.equal(parsed?.nextOffset, undefined, 'nextOffset null = no next page');
  assert.deepEqual(
    parseSessionsSnapshot({
      subscribed: true,
      list: {sessions: [{key: 'a'}, {}], hasMore: true, nextOffset: 200},
    }),
    {
      sessions: [{key: 'a'}],
      hasMore: true,
      nextOffset: 200,
    },
  );
  assert.equal(parseSessionsSnapshot({subscribed: true}), undefined);
});

test('sessions.changed: nested values win over the flattened top level', () => {
  // Real frame: top-level status "running", nested row already "done".
  const frame = framesOf(captured.agent, 'sessions.changed').find((candidate) => {
    const payload = candidate.payload as {
      phase?: string;
      status?: string;
      session?: {status?: string};
    };
    return (
      payload.phase === 'start' &&
      payload.status === 'running' &&
      payload.session?.status === 'done'
    );
  });
  assert.ok(frame, 'capture holds a frame where the two disagree');
  const change = parseSessionsChanged(frame.payload);
  assert.equal(change?.session?.status, 'done');
  assert.equal(change?.phase, 'start');
  assert.ok(change?.runId);

  assert.deepEqual(
    parseSessionsChanged({
      sessionKey: 'k',
      label: 'flat',
      status: 'running',
      session: {key: 'k', label: 'nested'},
    })?.session,
    {key: 'k', label: 'nested', status: 'running'},
  );
});

test('sessions.changed: activeRunIds null (clear) vs omitted (unchanged) vs []', () => {
  const frames = framesOf(captured.agent, 'sessions.changed').map((frame) =>
    parseSessionsChanged(frame.payload),
  );
  const cleared = frames.find((change) => change?.reason === 'agent.run.started');
  assert.equal(cleared?.session?.activeRunIds, null, 'nested omits it, top level says null');
  const idle = frames.find((change) => change?.reason === 'agent.input.settled');
  assert.deepEqual(idle?.session?.activeRunIds, []);
  assert.equal(
    'activeRunIds' in
      (parseSessionsChanged({sessionKey: 'k', session: {key: 'k', status: 'done'}})?.session ?? {}),
    false,
  );
});

test('sessions.changed: ancestorSessions [] and rows preserved; omitted stays undefined', () => {
  const frames = framesOf(captured.agent, 'sessions.changed').map((frame) =>
    parseSessionsChanged(frame.payload),
  );
  const create = frames.find((change) => change?.reason === 'create');
  assert.equal(create?.sessionKey, CHILD);
  assert.equal(create?.session?.parentSessionKey, 'agent:main:main');
  assert.deepEqual(
    create?.ancestorSessions?.map((row) => row.key),
    ['agent:main:main'],
  );
  const main = frames.find((change) => change?.sessionKey === 'agent:main:main');
  assert.deepEqual(main?.ancestorSessions, []);
  assert.equal(
    parseSessionsChanged({sessionKey: 'k', session: {key: 'k'}})?.ancestorSessions,
    undefined,
  );
});

test('sessions.changed: keyless and rowless changes carry no row', () => {
  assert.deepEqual(parseSessionsChanged({reason: 'update'}), {reason: 'update'});
  assert.deepEqual(
    parseSessionsChanged({sessionKey: 'k', agentId: 'main', reason: 'send', ts: 5}),
    {
      sessionKey: 'k',
      agentId: 'main',
      reason: 'send',
      ts: 5,
    },
  );
  // 4.1: flat payload, no nested row.
  assert.deepEqual(
    parseSessionsChanged({sessionKey: 'k', reason: 'patch', label: 'renamed'})?.session,
    {
      key: 'k',
      label: 'renamed',
    },
  );
  // Delete: keyed, no row, sessionId kept for the match.
  assert.deepEqual(parseSessionsChanged({sessionKey: 'k', reason: 'delete', sessionId: 's1'}), {
    sessionKey: 'k',
    sessionId: 's1',
    reason: 'delete',
  });
  assert.equal(parseSessionsChanged(null), undefined);
});
