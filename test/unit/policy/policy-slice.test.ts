import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ConfigPolicy} from '../../../source/protocol/parse-config-policy.ts';
import type {DmAccessRequest} from '../../../source/protocol/types.ts';
import {
  selectPolicyHash,
  selectPolicyNeedsReload,
  selectPolicyView,
} from '../../../source/state/policy-selectors.ts';
import {policyRows} from '../../../source/views/policy-view.ts';
import {makeApproval, makeState, run} from '../state/factories.ts';
import {GW, type TestAction} from '../../support/state.ts';

const POLICY: ConfigPolicy = {
  channels: [
    {
      channel: 'telegram',
      dmPolicy: 'pairing',
      dmPolicySource: 'default',
      allowFrom: ['111'],
      allowFromSource: 'own',
    },
    {
      channel: 'qqbot',
      accountId: 'bot2',
      dmPolicy: 'allowlist',
      dmPolicySource: 'explicit',
      allowFrom: ['AAA'],
      allowFromSource: 'own',
    },
  ],
  agents: [
    {agentId: 'main', roster: 'entries'},
    {agentId: 'ops', roster: 'entries', allowAgents: ['*']},
  ],
  defaultAllowAgents: ['research'],
};

const loaded = (requestedAt: number, hash: string, policy: ConfigPolicy = POLICY): TestAction => ({
  type: 'policy/loaded',
  policy,
  hash,
  requestedAt,
  at: requestedAt + 5,
});

const dm = (spec: Partial<DmAccessRequest> & {readonly requestId: string}): DmAccessRequest => ({
  channel: 'telegram',
  accountId: 'default',
  senderId: '222',
  ...spec,
});

const dmListed = (requests: readonly DmAccessRequest[], at: number): TestAction => ({
  type: 'dm-access/listed',
  list: {requests, accounts: []},
  requestedAt: at,
  at,
});

test('starts unread and asking for a load; loaded clears that', () => {
  const start = makeState();
  assert.equal(selectPolicyNeedsReload(start, GW), true);
  assert.equal(selectPolicyView(start, GW).loaded, false);
  const state = run([loaded(100, 'h1')]);
  assert.equal(selectPolicyNeedsReload(state, GW), false);
  assert.equal(selectPolicyHash(state, GW), 'h1');
  assert.equal(selectPolicyView(state, GW).loaded, true);
});

test('an answer to an older read never replaces a newer one', () => {
  const newer: ConfigPolicy = {...POLICY, agents: []};
  const state = run([loaded(200, 'h2', newer), loaded(100, 'h1')]);
  assert.equal(selectPolicyHash(state, GW), 'h2');
  assert.deepEqual(selectPolicyView(state, GW).agents, []);
});

test('config.changed with a new hash asks for a reload; our own hash does not', () => {
  const base = run([loaded(100, 'h1')]);
  const same = run([{type: 'policy/changed', by: 'gateway', hash: 'h1', at: 150}], base);
  assert.equal(selectPolicyNeedsReload(same, GW), false);
  const moved = run([{type: 'policy/changed', by: 'gateway', hash: 'h2', at: 150}], base);
  assert.equal(selectPolicyNeedsReload(moved, GW), true);
  // a read sent before the change that still returns the old hash stays stale
  const raced = run([loaded(140, 'h1')], moved);
  assert.equal(selectPolicyNeedsReload(raced, GW), true);
  // a read sent before the change that already sees the new hash is current
  const caught = run([loaded(140, 'h2')], moved);
  assert.equal(selectPolicyNeedsReload(caught, GW), false);
  const fresh = run([loaded(160, 'h2')], moved);
  assert.equal(selectPolicyNeedsReload(fresh, GW), false);
});

test('a patch from the console marks the policy for a reload', () => {
  const state = run([
    loaded(100, 'h1'),
    {
      type: 'policy/changed',
      by: 'console',
      hash: 'h2',
      changedPaths: ['channels.telegram.allowFrom'],
      at: 120,
    },
  ]);
  assert.equal(selectPolicyNeedsReload(state, GW), true);
});

test('a failed read keeps the old policy and shows the error', () => {
  const state = run([
    loaded(100, 'h1'),
    {type: 'policy/load-failed', message: 'missing scope', at: 130},
  ]);
  const view = selectPolicyView(state, GW);
  assert.equal(view.loaded, true);
  assert.equal(view.error, 'missing scope');
  assert.equal(view.channels.length, 2);
});

test('a new connection asks for a reload', () => {
  const state = run([
    loaded(100, 'h1'),
    {
      type: 'gateway/connected',
      hello: {protocol: 4, methods: [], events: [], scopes: [], tickIntervalMs: 30_000},
      at: 200,
    },
  ]);
  assert.equal(selectPolicyNeedsReload(state, GW), true);
});

test('view: dmPolicy only when configured; agents and defaults pass through', () => {
  const view = selectPolicyView(run([loaded(100, 'h1')]), GW);
  assert.deepEqual(view.channels[0], {channel: 'telegram', allowFrom: ['111'], candidates: []});
  assert.equal(view.channels[1]?.dmPolicy, 'allowlist');
  assert.equal(view.channels[1]?.accountId, 'bot2');
  assert.deepEqual(view.agents, [{agentId: 'main'}, {agentId: 'ops', allowAgents: ['*']}]);
  assert.deepEqual(view.defaultAllowAgents, ['research']);
});

test('candidates: open DM requests and channel approvals not yet allowed, deduplicated', () => {
  const state = run([
    loaded(100, 'h1'),
    dmListed(
      [
        dm({requestId: 'r1', senderId: '222', senderLabel: 'Alice'}),
        dm({requestId: 'r2', senderId: '111'}), // already allowed
        dm({requestId: 'r3', senderId: 'telegram:222'}), // same sender, prefixed
        dm({requestId: 'r4', channel: 'qqbot', accountId: 'bot2', senderId: 'BBB'}),
      ],
      110,
    ),
    {
      type: 'approval/requested',
      request: makeApproval({id: 'e1', turnSourceChannel: 'telegram', turnSourceTo: '333'}),
      at: 120,
    },
    {
      // webchat is not a configured channel: its "to" is a session key, not a sender
      type: 'approval/requested',
      request: makeApproval({
        id: 'e2',
        turnSourceChannel: 'webchat',
        turnSourceTo: 'agent:main:main',
      }),
      at: 121,
    },
  ]);
  const view = selectPolicyView(state, GW);
  const telegram = view.channels.find((c) => c.channel === 'telegram');
  assert.deepEqual(telegram?.candidates, [
    {senderId: '222', label: 'Alice'},
    {senderId: '333', label: 'asked via exec approval'},
  ]);
  const qq = view.channels.find((c) => c.channel === 'qqbot');
  assert.deepEqual(qq?.candidates, [{senderId: 'BBB'}]);
  assert.equal(
    view.channels.some((c) => c.channel === 'webchat'),
    false,
  );
  // rows the pane renders: telegram, ✓111, ?222, ?333, qqbot/bot2, ✓AAA, ?BBB, 2 agents
  assert.deepEqual(
    policyRows(view).map((row) => row.kind),
    [
      'channel',
      'allowed',
      'candidate',
      'candidate',
      'channel',
      'allowed',
      'candidate',
      'agent',
      'agent',
    ],
  );
});

test('candidates: resolved requests drop out; "*" means nobody is a candidate', () => {
  const wildcard: ConfigPolicy = {
    ...POLICY,
    channels: [{...POLICY.channels[0]!, allowFrom: ['*']}],
  };
  const state = run([
    loaded(100, 'h1', wildcard),
    dmListed([dm({requestId: 'r1', senderId: '222'})], 110),
  ]);
  assert.deepEqual(selectPolicyView(state, GW).channels[0]?.candidates, []);
  const decided = run([
    loaded(100, 'h1'),
    dmListed([dm({requestId: 'r1', senderId: '222'})], 110),
    {type: 'decision/started', id: 'r1', decision: 'allow-once', at: 111},
    {type: 'decision/succeeded', id: 'r1', decision: 'allow-once', at: 112},
  ]);
  assert.deepEqual(selectPolicyView(decided, GW).channels[0]?.candidates, []);
});

test('candidates on an account the config does not list get a row of their own', () => {
  const state = run([
    loaded(100, 'h1'),
    dmListed([dm({requestId: 'r1', channel: 'signal', senderId: '+4912'})], 110),
  ]);
  const signal = selectPolicyView(state, GW).channels.find((c) => c.channel === 'signal');
  assert.deepEqual(signal, {channel: 'signal', allowFrom: [], candidates: [{senderId: '+4912'}]});
});

test('the view is the same object until the policy or the inbox changes', () => {
  const state = run([loaded(100, 'h1')]);
  assert.equal(selectPolicyView(state, GW), selectPolicyView(state, GW));
  const ticked = run([{type: 'ui/pane-selected', pane: 'policy'}], state);
  assert.equal(selectPolicyView(ticked, GW), selectPolicyView(state, GW));
});
