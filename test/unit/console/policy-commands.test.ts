// The console's config-change commands against a scripted connection: a prepared change is sent
// at most once, with the baseHash it was planned on; every attempt lands in the audit log as a
// 'policy' entry; a conflict is returned, not retried.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {openAuditLog} from '../../../source/audit/audit-log.ts';
import {createPolicyCommands} from '../../../source/console/policy-commands.ts';
import {createInitialState} from '../../../source/state/reducer.ts';
import {createStore} from '../../../source/state/store.ts';
import {configGet, fakeConnection, rejected} from '../policy/fake-connection.ts';
import {GW} from '../../support/state.ts';

const CONFIG = {
  channels: {qqbot: {accounts: {default: {dmPolicy: 'pairing', allowFrom: ['111']}}}},
  agents: {entries: {main: {}, ops: {}}},
};

const setup = (patch: (params: unknown) => unknown = () => ({ok: true, hash: 'h2'})) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oct-policy-'));
  const audit = openAuditLog(path.join(dir, 'audit.jsonl'));
  const connection = fakeConnection((method, params) =>
    method === 'config.get' ? configGet(CONFIG, 'h1') : patch(params),
  );
  const store = createStore(
    createInitialState({url: 'ws://fake', urlSource: 'test', credentialSource: 'none'}),
  );
  const commands = createPolicyCommands({
    connection,
    store,
    gateway: GW,
    audit,
    gatewayLabel: 'ws://fake',
    now: () => Date.parse('2026-09-14T10:00:00Z'),
  });
  return {commands, connection, audit};
};

const patches = (connection: ReturnType<typeof fakeConnection>) =>
  connection.calls.filter((call) => call.method === 'config.patch');

test('allow sender: the exact diff, sent once with its baseHash, audited as policy', async () => {
  const {commands, connection, audit} = setup();
  const view = await commands.prepareAllowSender('qqbot', 'default', '20417', {
    confirmWildcard: false,
  });
  assert.equal(view.status, 'ready');
  if (view.status !== 'ready') return;
  assert.deepEqual(view.diff, [
    'channels.qqbot.accounts.default.allowFrom: ["111"] → ["111","20417"]',
  ]);
  assert.deepEqual(patches(connection), [], 'prepare writes nothing');

  const first = await commands.applyPrepared(view.token);
  assert.equal(first.status, 'applied');
  const again = await commands.applyPrepared(view.token);
  assert.equal(again.status, 'expired');
  assert.equal(patches(connection).length, 1, 'sent exactly once');
  assert.equal((patches(connection)[0]?.params as {baseHash?: string}).baseHash, 'h1');

  const [entry] = audit.readRecent(10);
  assert.deepEqual(
    {...entry},
    {
      ts: '2026-09-14T10:00:00.000Z',
      gateway: 'ws://fake',
      kind: 'policy',
      id: 'channels.qqbot.accounts.default.allowFrom',
      decision: 'allow-sender',
      granted: 'channels.qqbot.accounts.default.allowFrom: ["111"] → ["111","20417"]',
      outcome: 'applied',
    },
  );
  assert.deepEqual(await commands.readAudit(), audit.readRecent(50));
});

test('"*" is refused until asked with confirmWildcard', async () => {
  const {commands} = setup();
  const first = await commands.prepareAllowSender('qqbot', 'default', '*', {
    confirmWildcard: false,
  });
  assert.equal(first.status, 'needs-wildcard-confirmation');
  const second = await commands.prepareAllowSender('qqbot', 'default', '*', {
    confirmWildcard: true,
  });
  assert.equal(second.status, 'ready');
});

test('a conflict is returned, never retried, and audited as not applied', async () => {
  const {commands, connection, audit} = setup(() => {
    throw rejected('config changed since last load; re-run config.get and retry');
  });
  const view = await commands.prepareAllowAgent('main', 'ops');
  assert.equal(view.status, 'ready');
  if (view.status !== 'ready') return;
  assert.deepEqual(view.diff, [
    'agents.entries.main.subagents.allowAgents: (unset) → ["main","ops"]',
  ]);
  const result = await commands.applyPrepared(view.token);
  assert.equal(result.status, 'conflict');
  assert.equal(patches(connection).length, 1);
  const [entry] = audit.readRecent(10);
  assert.equal(entry?.decision, 'allow-agent');
  assert.equal(entry?.outcome, 'not-applied');
});

test('a discarded change cannot be applied; no-ops and refusals hold nothing', async () => {
  const {commands, connection} = setup();
  const view = await commands.prepareAllowSender('qqbot', 'default', '20417', {
    confirmWildcard: false,
  });
  assert.equal(view.status, 'ready');
  if (view.status !== 'ready') return;
  commands.discardPrepared(view.token);
  assert.equal((await commands.applyPrepared(view.token)).status, 'expired');
  assert.equal(patches(connection).length, 0);
  const known = await commands.prepareAllowSender('qqbot', 'default', '111', {
    confirmWildcard: false,
  });
  assert.equal(known.status, 'no-op');
  const unknown = await commands.prepareAllowSender('qqbot', 'ops', '1', {
    confirmWildcard: false,
  });
  assert.equal(unknown.status, 'refused');
});
