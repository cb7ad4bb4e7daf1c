import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  applyAllowSender,
  checkSenderId,
  planAllowSender,
  prepareAllowSender,
  type AllowSenderInput,
  type AllowSenderPrepareResult,
} from '../../../source/control/allow-sender.ts';
import type {PreparedConfigChange} from '../../../source/control/config-change.ts';
import {parseConfigSnapshot} from '../../../source/protocol/parse-config-policy.ts';
import {configGet, fakeConnection, rejected} from './fake-connection.ts';

const plan = (config: Record<string, unknown>, input: AllowSenderInput): AllowSenderPrepareResult =>
  planAllowSender(parseConfigSnapshot(configGet(config)), input);

const ready = (result: AllowSenderPrepareResult): PreparedConfigChange => {
  assert.equal(result.status, 'ready', JSON.stringify(result));
  return (result as {prepared: PreparedConfigChange}).prepared;
};

type TargetCase = {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly input: AllowSenderInput;
  readonly patch: unknown;
  readonly notes?: RegExp;
};

const TARGETS: readonly TargetCase[] = [
  {
    name: 'channel root list',
    config: {channels: {telegram: {dmPolicy: 'allowlist', allowFrom: ['111', 222], botToken: 'x'}}},
    input: {channel: 'telegram', senderId: '333'},
    // existing entries kept exactly (the number stays a number): the array only grows
    patch: {channels: {telegram: {allowFrom: ['111', 222, '333']}}},
  },
  {
    name: 'accountId "default" without an account list → root',
    config: {channels: {telegram: {allowFrom: ['1'], accounts: {ops: {allowFrom: ['9']}}}}},
    input: {channel: 'telegram', accountId: 'default', senderId: '2'},
    patch: {channels: {telegram: {allowFrom: ['1', '2']}}},
  },
  {
    name: 'account with its own list',
    config: {channels: {telegram: {allowFrom: ['1'], accounts: {ops: {allowFrom: ['9']}}}}},
    input: {channel: 'telegram', accountId: 'ops', senderId: '2'},
    patch: {channels: {telegram: {accounts: {ops: {allowFrom: ['9', '2']}}}}},
  },
  {
    name: 'accounts.default with its own list',
    config: {channels: {qqbot: {accounts: {default: {dmPolicy: 'pairing', allowFrom: []}}}}},
    input: {channel: 'qqbot', accountId: 'default', senderId: 'ABC'},
    patch: {channels: {qqbot: {accounts: {default: {allowFrom: ['ABC']}}}}},
  },
  {
    name: 'configured account inheriting the root: own list seeded from the root',
    config: {channels: {telegram: {allowFrom: ['1'], accounts: {ops: {botToken: 'x'}}}}},
    input: {channel: 'telegram', accountId: 'ops', senderId: '2'},
    patch: {channels: {telegram: {accounts: {ops: {allowFrom: ['1', '2']}}}}},
    notes: /had no allowFrom of its own/,
  },
  {
    name: 'no channel block yet',
    config: {},
    input: {channel: 'telegram', senderId: '5'},
    patch: {channels: {telegram: {allowFrom: ['5']}}},
    notes: /does not exist yet/,
  },
  {
    name: 'qqbot without dmPolicy: the default flips open → allowlist, said so',
    config: {channels: {qqbot: {allowFrom: ['openclaw:approval-disabled'], appId: '1'}}},
    input: {channel: 'qqbot', senderId: 'ABC'},
    patch: {channels: {qqbot: {allowFrom: ['openclaw:approval-disabled', 'ABC']}}},
  },
  {
    name: 'dmPolicy disabled: written, with a warning',
    config: {channels: {signal: {dmPolicy: 'disabled'}}},
    input: {channel: 'signal', senderId: '+4912'},
    patch: {channels: {signal: {allowFrom: ['+4912']}}},
    notes: /DMs are disabled/,
  },
];

for (const c of TARGETS) {
  test(`target: ${c.name}`, () => {
    const prepared = ready(plan(c.config, c.input));
    assert.deepEqual(prepared.patch, c.patch);
    assert.deepEqual(prepared.replacePaths, []);
    assert.equal(prepared.diff.length, 1, 'exactly one value changes');
    if (c.notes) assert.match(prepared.notes.join('\n'), c.notes);
  });
}

test('qqbot: the first concrete entry flips its default policy open → allowlist, said so', () => {
  const prepared = ready(
    plan({channels: {qqbot: {appId: '1'}}}, {channel: 'qqbot', senderId: 'X'}),
  );
  assert.match(prepared.notes.join('\n'), /default changes from "open" to "allowlist"/);
  // with dmPolicy set, nothing flips
  const explicit = ready(
    plan({channels: {qqbot: {dmPolicy: 'open', appId: '1'}}}, {channel: 'qqbot', senderId: 'X'}),
  );
  assert.doesNotMatch(explicit.notes.join('\n'), /default changes/);
});

test('allow-sender changes exactly one entry: the diff and the new list', () => {
  const prepared = ready(
    plan(
      {channels: {qqbot: {dmPolicy: 'allowlist', allowFrom: ['A']}}},
      {channel: 'qqbot', senderId: 'B'},
    ),
  );
  assert.deepEqual(
    prepared.diff.map((line) => line.text),
    ['channels.qqbot.allowFrom: ["A"] → ["A","B"]'],
  );
  const before = prepared.diff[0]!.before as unknown[];
  const after = prepared.diff[0]!.after as unknown[];
  assert.deepEqual(after.slice(0, before.length), before);
  assert.deepEqual(after.slice(before.length), ['B']);
  assert.equal(prepared.summary, 'allow sender B on qqbot');
  assert.deepEqual(prepared.notes, []);
});

test('already present: a no-op with a message, nothing prepared', () => {
  const result = plan(
    {channels: {telegram: {allowFrom: ['111', 222]}}},
    {channel: 'telegram', senderId: '222'},
  );
  assert.equal(result.status, 'no-op');
  assert.match((result as {message: string}).message, /already allowed/);
  const everyone = plan(
    {channels: {telegram: {allowFrom: ['*']}}},
    {channel: 'telegram', senderId: '5'},
  );
  assert.equal(everyone.status, 'no-op');
});

test('"*" needs the second, explicit confirmation', () => {
  const config = {channels: {telegram: {allowFrom: ['1']}}};
  const first = plan(config, {channel: 'telegram', senderId: '*'});
  assert.equal(first.status, 'needs-wildcard-confirmation');
  assert.equal(
    plan(config, {channel: 'telegram', senderId: '*', confirmWildcard: false}).status,
    'needs-wildcard-confirmation',
  );
  const second = ready(plan(config, {channel: 'telegram', senderId: '*', confirmWildcard: true}));
  assert.deepEqual(second.patch, {channels: {telegram: {allowFrom: ['1', '*']}}});
  assert.match(second.notes.join('\n'), /ANYONE/);
});

test('sender ids are validated', () => {
  for (const bad of [
    '',
    '   ',
    'a\u0000b',
    'a\nb',
    '\u001b[31mred',
    'x\u202eevil',
    ' padded',
    'x'.repeat(257),
  ]) {
    assert.ok(checkSenderId(bad), `accepted ${JSON.stringify(bad)}`);
    assert.equal(plan({}, {channel: 'telegram', senderId: bad}).status, 'invalid');
  }
  for (const good of ['123456789', '@user:matrix.org', 'user:U12345', '+15551234567', 'ou_a8b6']) {
    assert.equal(checkSenderId(good), undefined);
  }
});

test('channel and account must be plain ids; an unknown non-default account is refused', () => {
  assert.equal(plan({}, {channel: 'defaults', senderId: '1'}).status, 'invalid');
  assert.equal(plan({}, {channel: '__proto__', senderId: '1'}).status, 'invalid');
  assert.equal(
    plan({}, {channel: 'telegram', accountId: '__proto__', senderId: '1'}).status,
    'invalid',
  );
  const unknown = plan(
    {channels: {telegram: {accounts: {ops: {}}}}},
    {channel: 'telegram', accountId: 'alerts', senderId: '1'},
  );
  assert.equal(unknown.status, 'invalid');
  assert.match((unknown as {message: string}).message, /not configured/);
});

test('two steps against the gateway: config.get, then one config.patch with the base hash', async () => {
  const connection = fakeConnection((method) =>
    method === 'config.get'
      ? configGet({channels: {telegram: {allowFrom: ['1']}}}, 'hash-1')
      : {ok: true, hash: 'hash-2', changedPaths: ['channels.telegram.allowFrom']},
  );
  const prepared = await prepareAllowSender(connection, {channel: 'telegram', senderId: '2'});
  assert.equal(prepared.status, 'ready');
  assert.equal(connection.calls.length, 1);
  const result = await applyAllowSender(
    connection,
    (prepared as {prepared: PreparedConfigChange}).prepared,
  );
  assert.equal(result.status, 'applied');
  assert.deepEqual(connection.calls[1], {
    method: 'config.patch',
    params: {raw: '{"channels":{"telegram":{"allowFrom":["1","2"]}}}', baseHash: 'hash-1'},
  });
});

test('a config changed in between is a conflict; a failed read is unavailable', async () => {
  const connection = fakeConnection((method) => {
    if (method === 'config.get') return configGet({channels: {telegram: {allowFrom: []}}}, 'old');
    throw rejected('config changed since last load; re-run config.get and retry');
  });
  const prepared = await prepareAllowSender(connection, {channel: 'telegram', senderId: '2'});
  const result = await applyAllowSender(
    connection,
    (prepared as {prepared: PreparedConfigChange}).prepared,
  );
  assert.equal(result.status, 'conflict');
  assert.equal(connection.calls.filter((c) => c.method === 'config.patch').length, 1);

  const down = fakeConnection(() => {
    throw rejected('missing scope: operator.read', 'FORBIDDEN');
  });
  const unavailable = await prepareAllowSender(down, {channel: 'telegram', senderId: '2'});
  assert.equal(unavailable.status, 'unavailable');
});
