import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  parseConfigChanged,
  parseConfigPolicy,
  parseConfigSnapshot,
  type ChannelPolicy,
} from '../../../source/protocol/parse-config-policy.ts';
import {configGet} from './fake-connection.ts';

type ChannelCase = {
  readonly name: string;
  readonly channels: unknown;
  readonly expected: readonly ChannelPolicy[];
};

const CHANNEL_CASES: readonly ChannelCase[] = [
  {
    name: 'nothing set: pairing by default, no list',
    channels: {telegram: {botToken: '<redacted>'}},
    expected: [
      {
        channel: 'telegram',
        dmPolicy: 'pairing',
        dmPolicySource: 'default',
        allowFrom: [],
        allowFromSource: 'none',
      },
    ],
  },
  {
    name: 'explicit policy and list, numbers stringified, junk dropped',
    channels: {telegram: {dmPolicy: 'allowlist', allowFrom: ['123', 456, null, {x: 1}]}},
    expected: [
      {
        channel: 'telegram',
        dmPolicy: 'allowlist',
        dmPolicySource: 'explicit',
        allowFrom: ['123', '456'],
        allowFromSource: 'own',
      },
    ],
  },
  {
    name: 'qqbot default: open without a concrete entry',
    channels: {qqbot: {allowFrom: ['*']}},
    expected: [
      {
        channel: 'qqbot',
        dmPolicy: 'open',
        dmPolicySource: 'default',
        allowFrom: ['*'],
        allowFromSource: 'own',
      },
    ],
  },
  {
    name: 'qqbot default: allowlist once a concrete entry is listed',
    channels: {qqbot: {allowFrom: ['A1B2']}},
    expected: [
      {
        channel: 'qqbot',
        dmPolicy: 'allowlist',
        dmPolicySource: 'default',
        allowFrom: ['A1B2'],
        allowFromSource: 'own',
      },
    ],
  },
  {
    name: 'accounts: own values win, omitted ones inherit the root',
    channels: {
      telegram: {
        dmPolicy: 'allowlist',
        allowFrom: ['1'],
        accounts: {ops: {allowFrom: ['2']}, alerts: {dmPolicy: 'disabled'}},
      },
    },
    expected: [
      {
        channel: 'telegram',
        accountId: 'ops',
        dmPolicy: 'allowlist',
        dmPolicySource: 'inherited',
        allowFrom: ['2'],
        allowFromSource: 'own',
      },
      {
        channel: 'telegram',
        accountId: 'alerts',
        dmPolicy: 'disabled',
        dmPolicySource: 'explicit',
        allowFrom: ['1'],
        allowFromSource: 'inherited',
      },
    ],
  },
  {
    name: 'metadata keys and non-objects are not channels',
    channels: {defaults: {groupPolicy: 'open'}, modelByChannel: {}, broken: 'yes', '': {}},
    expected: [],
  },
  {name: 'channels not an object', channels: ['telegram'], expected: []},
];

for (const c of CHANNEL_CASES) {
  test(`channels: ${c.name}`, () => {
    const policy = parseConfigPolicy(configGet({channels: c.channels}));
    assert.deepEqual(policy.channels, c.expected);
  });
}

test('agents: entries with and without allowAgents, defaults', () => {
  const policy = parseConfigPolicy(
    configGet({
      agents: {
        defaults: {subagents: {allowAgents: ['research']}},
        entries: {main: {subagents: {allowAgents: ['*']}}, research: {}, junk: 3},
      },
    }),
  );
  assert.deepEqual(policy.agents, [
    {agentId: 'main', roster: 'entries', allowAgents: ['*']},
    {agentId: 'research', roster: 'entries'},
  ]);
  assert.deepEqual(policy.defaultAllowAgents, ['research']);
  assert.equal(policy.hash, 'hmac-sha256:v1:base');
});

test('agents: the legacy agents.list form; entries wins when both exist', () => {
  const list = parseConfigPolicy(
    configGet({agents: {list: [{id: 'main', subagents: {allowAgents: ['ops']}}, {name: 'no id'}]}}),
  );
  assert.deepEqual(list.agents, [{agentId: 'main', roster: 'list', allowAgents: ['ops']}]);
  const both = parseConfigPolicy(configGet({agents: {entries: {a: {}}, list: [{id: 'b'}]}}));
  assert.deepEqual(
    both.agents.map((agent) => agent.agentId),
    ['a'],
  );
});

test('the mergeable config is sourceConfig, not the runtime config', () => {
  const snapshot = parseConfigSnapshot(configGet({channels: {}}));
  assert.equal('runtimeOnly' in snapshot.config, false);
  // a fixture / older gateway that sends only `config`
  const onlyConfig = parseConfigSnapshot({
    config: {channels: {telegram: {allowFrom: ['1']}}},
    hash: 'h',
  });
  assert.deepEqual(onlyConfig.policy.channels[0]?.allowFrom, ['1']);
});

test('odd payloads give an empty policy, never a throw', () => {
  for (const payload of [undefined, null, 'x', 42, [], {config: 'no'}, {hash: 7}]) {
    const policy = parseConfigPolicy(payload);
    assert.deepEqual(policy.channels, []);
    assert.deepEqual(policy.agents, []);
    assert.equal(policy.hash, undefined);
  }
});

test('config.changed payload', () => {
  assert.deepEqual(parseConfigChanged({path: '/p.json', hash: 'h2', ts: 5}), {
    path: '/p.json',
    hash: 'h2',
    ts: 5,
  });
  assert.deepEqual(parseConfigChanged({hash: ''}), {});
  assert.deepEqual(parseConfigChanged(null), {});
});
