import assert from 'node:assert/strict';
import {test} from 'node:test';
import {RequestError} from '../../../source/client/types.ts';
import {
  applyConfigChange,
  classifyPatchError,
  diffLine,
  loadPolicy,
  prepareConfigChange,
  type PreparedConfigChange,
} from '../../../source/control/config-change.ts';
import {parseConfigSnapshot} from '../../../source/protocol/parse-config-policy.ts';
import type {GatewayEvent} from '../../../source/state/actions.ts';
import {configGet, fakeConnection, rejected} from './fake-connection.ts';

const snapshotOf = (config: Record<string, unknown>, hash = 'h1') =>
  parseConfigSnapshot(configGet(config, hash));

const ready = (result: ReturnType<typeof prepareConfigChange>): PreparedConfigChange => {
  assert.equal(result.status, 'ready', JSON.stringify(result));
  return (result as {prepared: PreparedConfigChange}).prepared;
};

test('diff text: before → after, unset spelled out', () => {
  assert.equal(
    diffLine(['channels', 'qqbot', 'allowFrom'], ['a'], ['a', 'b']).text,
    'channels.qqbot.allowFrom: ["a"] → ["a","b"]',
  );
  assert.equal(diffLine(['a', 'b'], undefined, 1).text, 'a.b: (unset) → 1');
  assert.equal(
    diffLine(['agents', 'list', {id: 'main'}, 'subagents', 'allowAgents'], undefined, ['x']).text,
    'agents.list[id=main].subagents.allowAgents: (unset) → ["x"]',
  );
});

test('a growing array: minimal nested patch, full new array, no replacePaths', () => {
  const prepared = ready(
    prepareConfigChange(
      snapshotOf({channels: {qqbot: {allowFrom: ['A'], appId: '1'}}, other: {x: 1}}),
      [{path: ['channels', 'qqbot', 'allowFrom'], value: ['A', 'B']}],
      {summary: 's'},
    ),
  );
  assert.deepEqual(prepared.patch, {channels: {qqbot: {allowFrom: ['A', 'B']}}});
  assert.equal(prepared.raw, '{"channels":{"qqbot":{"allowFrom":["A","B"]}}}');
  assert.deepEqual(prepared.replacePaths, []);
  assert.equal(prepared.baseHash, 'h1');
  assert.deepEqual(
    prepared.diff.map((line) => line.text),
    ['channels.qqbot.allowFrom: ["A"] → ["A","B"]'],
  );
});

test('a shrinking array or a deleted subtree needs replacePaths', () => {
  const snapshot = snapshotOf({
    channels: {telegram: {allowFrom: ['1', '2'], accounts: {ops: {allowFrom: ['3']}}}},
    agents: {list: [{id: 'main', subagents: {allowAgents: ['a', 'b']}}]},
  });
  const shrink = ready(
    prepareConfigChange(snapshot, [{path: ['channels', 'telegram', 'allowFrom'], value: ['2']}], {
      summary: 's',
    }),
  );
  assert.deepEqual(shrink.replacePaths, ['channels.telegram.allowFrom']);
  const reorder = ready(
    prepareConfigChange(
      snapshot,
      [{path: ['channels', 'telegram', 'allowFrom'], value: ['2', '1']}],
      {
        summary: 's',
      },
    ),
  );
  assert.deepEqual(reorder.replacePaths, []);
  const deleted = ready(
    prepareConfigChange(snapshot, [{path: ['channels', 'telegram'], value: null}], {summary: 's'}),
  );
  assert.deepEqual(deleted.patch, {channels: {telegram: null}});
  assert.deepEqual(deleted.replacePaths, [
    'channels.telegram.accounts.ops.allowFrom',
    'channels.telegram.allowFrom',
  ]);
  assert.match(deleted.diff[0]!.text, /^channels\.telegram: \{.*\} → \(unset\)$/);
  const listEntry = ready(
    prepareConfigChange(
      snapshot,
      [{path: ['agents', 'list', {id: 'main'}, 'subagents', 'allowAgents'], value: ['a']}],
      {summary: 's'},
    ),
  );
  assert.deepEqual(listEntry.patch, {
    agents: {list: [{id: 'main', subagents: {allowAgents: ['a']}}]},
  });
  assert.deepEqual(listEntry.replacePaths, ['agents.list[].subagents.allowAgents']);
});

test('no change is a no-op; unsafe keys and a missing hash are refused', () => {
  const snapshot = snapshotOf({a: {b: [1]}});
  assert.equal(
    prepareConfigChange(snapshot, [{path: ['a', 'b'], value: [1]}], {summary: 's'}).status,
    'no-op',
  );
  assert.equal(
    prepareConfigChange(snapshot, [{path: ['a', '__proto__'], value: 1}], {summary: 's'}).status,
    'invalid',
  );
  const noHash = parseConfigSnapshot({sourceConfig: {a: 1}});
  assert.equal(
    prepareConfigChange(noHash, [{path: ['a'], value: 2}], {summary: 's'}).status,
    'invalid',
  );
});

const PREPARED: PreparedConfigChange = {
  baseHash: 'h1',
  patch: {channels: {telegram: {allowFrom: ['1']}}},
  raw: '{"channels":{"telegram":{"allowFrom":["1"]}}}',
  replacePaths: [],
  diff: [],
  notes: [],
  summary: 'allow sender 1 on telegram',
};

test('apply sends config.patch once with raw + baseHash and records the change', async () => {
  const actions: GatewayEvent[] = [];
  const connection = fakeConnection(() => ({
    ok: true,
    hash: 'h2',
    changedPaths: ['channels.telegram.allowFrom'],
  }));
  const result = await applyConfigChange(connection, PREPARED, {
    dispatch: (action) => actions.push(action),
    now: () => 7,
    note: 'openclaw-tui: allow sender',
  });
  assert.deepEqual(result, {
    status: 'applied',
    hash: 'h2',
    changedPaths: ['channels.telegram.allowFrom'],
    noop: false,
  });
  assert.deepEqual(connection.calls, [
    {
      method: 'config.patch',
      params: {raw: PREPARED.raw, baseHash: 'h1', note: 'openclaw-tui: allow sender'},
    },
  ]);
  assert.deepEqual(actions, [
    {
      type: 'policy/changed',
      by: 'console',
      hash: 'h2',
      changedPaths: ['channels.telegram.allowFrom'],
      at: 7,
    },
  ]);
});

test('replacePaths are sent only when needed', async () => {
  const connection = fakeConnection(() => ({ok: true}));
  await applyConfigChange(connection, {...PREPARED, replacePaths: ['channels.telegram.allowFrom']});
  assert.deepEqual((connection.calls[0]?.params as {replacePaths?: unknown}).replacePaths, [
    'channels.telegram.allowFrom',
  ]);
});

test('a hash mismatch is reported as a conflict, not retried, nothing recorded', async () => {
  const actions: GatewayEvent[] = [];
  const connection = fakeConnection(() => {
    throw rejected('config changed since last load; re-run config.get and retry');
  });
  const result = await applyConfigChange(connection, PREPARED, {dispatch: (a) => actions.push(a)});
  assert.equal(result.status, 'conflict');
  assert.equal(connection.calls.length, 1);
  assert.deepEqual(actions, []);
});

test('error classes: rate limit, persisted, refused, no answer', () => {
  assert.deepEqual(
    classifyPatchError(
      rejected('rate limit exceeded for config.patch; retry after 12s', 'UNAVAILABLE'),
    ),
    {
      status: 'rate-limited',
      message: 'rate limit exceeded for config.patch; retry after 12s',
      retryAfterMs: 12_000,
    },
  );
  assert.equal(
    classifyPatchError(
      rejected('config.patch persisted and was accepted for restart; wait …', 'UNAVAILABLE'),
    ).status,
    'persisted',
  );
  assert.deepEqual(classifyPatchError(rejected('missing scope: operator.admin', 'FORBIDDEN')), {
    status: 'refused',
    code: 'FORBIDDEN',
    message: 'missing scope: operator.admin',
  });
  assert.equal(
    classifyPatchError(new RequestError('timeout', {code: 'TIMEOUT', outcome: 'timeout'})).status,
    'unknown',
  );
});

test('loadPolicy records loaded (with the read time) or load-failed', async () => {
  const actions: GatewayEvent[] = [];
  let clock = 10;
  const ok = fakeConnection(() => configGet({channels: {telegram: {allowFrom: ['1']}}}, 'hx'));
  const snapshot = await loadPolicy(
    ok,
    (a) => actions.push(a),
    () => clock++,
  );
  assert.equal(snapshot?.hash, 'hx');
  assert.deepEqual(ok.calls, [{method: 'config.get', params: {}}]);
  const first = actions[0];
  assert.ok(first?.type === 'policy/loaded');
  assert.equal(first.requestedAt, 10);
  assert.equal(first.at, 11);
  assert.equal(first.hash, 'hx');
  const bad = fakeConnection(() => {
    throw rejected('missing scope: operator.read', 'FORBIDDEN');
  });
  assert.equal(
    await loadPolicy(
      bad,
      (a) => actions.push(a),
      () => 20,
    ),
    undefined,
  );
  assert.deepEqual(actions[1], {
    type: 'policy/load-failed',
    message: 'missing scope: operator.read',
    at: 20,
  });
});
