import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {isRecord, onlyJson, runOnce, tempHome, type OptionsInput} from './helpers.ts';

let gateway: FixtureGateway;
const home = tempHome();
const MAIN = 'agent:main:main';
let orchestratorKey = '';
let workerKey = '';
let execId = '';
let pluginId = '';
let deviceRequestId = '';
let dmRequestId = '';

before(async () => {
  gateway = await startFixtureGateway();
  orchestratorKey = gateway.spawnSubagent(MAIN, {
    label: 'orchestrator',
    agentId: 'research',
  }).childKey;
  workerKey = gateway.spawnSubagent(orchestratorKey, {label: 'worker'}).childKey;
  gateway.addSession({key: 'agent:main:qqbot:direct:10086', channel: 'qqbot'});
  gateway.startRun('agent:main:qqbot:direct:10086');
  execId = gateway.requestExecApproval({
    command: 'git push origin main',
    cwd: '/srv/repo',
    channel: 'qqbot',
    to: '10086',
    accountId: 'default',
    sessionKey: 'agent:main:qqbot:direct:10086',
  });
  pluginId = gateway.requestPluginApproval({
    title: 'Merge PR #42',
    pluginId: 'github',
    toolName: 'github_merge',
    sessionKey: orchestratorKey,
    agentId: 'research',
  });
  deviceRequestId = gateway.requestDevicePairing({
    displayName: 'ops-laptop',
    approvedScopes: ['operator.read'],
    scopes: ['operator.read', 'operator.write'],
    remoteIp: '192.168.1.23',
  }).requestId;
  dmRequestId = gateway.addDmAccessRequest({channel: 'qqbot', senderId: '20417'}).requestId;
});

after(async () => {
  await gateway.close();
  home.remove();
});

const twin = (name: 'sessions' | 'pending', extra: Partial<OptionsInput> = {}) =>
  runOnce({command: {name}, home: home.dir, url: gateway.url, token: gateway.token, ...extra});

test('sessions --json: every session in tree order with parentKey and depth', async () => {
  const {code, out} = await twin('sessions', {json: true});
  assert.equal(code, 0, out.stderr.text);
  const doc = onlyJson(out);
  assert.equal(doc.ok, true);
  assert.equal(doc.complete, true);
  assert.ok(Array.isArray(doc.sessions));
  const rows = doc.sessions.filter(isRecord);
  const keys = rows.map((row) => row.key);
  // parents before children, main first
  assert.equal(keys[0], MAIN);
  assert.ok(keys.indexOf(orchestratorKey) < keys.indexOf(workerKey));
  const orchestrator = rows.find((row) => row.key === orchestratorKey);
  const worker = rows.find((row) => row.key === workerKey);
  assert.ok(orchestrator && worker);
  assert.equal(orchestrator.parentKey, MAIN);
  assert.equal(orchestrator.depth, 1);
  assert.equal(orchestrator.label, 'orchestrator');
  assert.equal(orchestrator.agentId, 'research');
  assert.equal(orchestrator.role, 'subagent');
  assert.equal(orchestrator.childCount, 1);
  assert.equal(worker.parentKey, orchestratorKey);
  assert.equal(worker.depth, 2);
  for (const row of rows) {
    assert.deepEqual(Object.keys(row).sort(), [
      'activeRunIds',
      'agentId',
      'channel',
      'childCount',
      'createdAt',
      'depth',
      'key',
      'label',
      'model',
      'parentKey',
      'parentMissing',
      'role',
      'status',
      'title',
      'updatedAt',
    ]);
    assert.ok(Array.isArray(row.activeRunIds));
  }
});

test('sessions without --json is an indented tree, gateway text sanitised', async () => {
  gateway.updateSession(workerKey, {label: 'evil\u001b[2Jlabel\u202e'});
  const {code, out} = await twin('sessions');
  assert.equal(code, 0, out.stderr.text);
  const lines = out.stdout.lines();
  // a root has no indent; its key follows the status
  assert.match(lines[0] ?? '', /^\S.* {2}\[\w+\] {2}agent:main:main\b/);
  const orchestratorLine = lines.find((line) => line.includes(orchestratorKey));
  assert.match(orchestratorLine ?? '', /^└ orchestrator {2}\[/);
  const workerLine = lines.find((line) => line.includes(workerKey));
  assert.ok(workerLine, out.stdout.text);
  assert.match(workerLine, /^ {2}└ evil␛\[2Jlabel⟨U\+202E⟩ {2}\[/);
  assert.ok(!out.stdout.text.includes('\u001b'));
  assert.ok(!out.stdout.text.includes('\u202e'));
});

test('pending --json: a stable record per item, oldest first', async () => {
  const {code, out} = await twin('pending', {json: true});
  assert.equal(code, 0, out.stderr.text);
  const doc = onlyJson(out);
  assert.equal(doc.ok, true);
  assert.equal(doc.count, 4);
  assert.deepEqual(doc.unread, {});
  assert.ok(Array.isArray(doc.pending));
  const items = doc.pending.filter(isRecord);
  for (const item of items) {
    assert.deepEqual(Object.keys(item), [
      'id',
      'kind',
      'summary',
      'requested',
      'approved',
      'requestedRoles',
      'approvedRoles',
      'allowedDecisions',
      'createdAt',
      'expiresAt',
      'state',
      'origin',
      'detail',
    ]);
    assert.ok(isRecord(item.origin));
    assert.deepEqual(Object.keys(item.origin).sort(), [
      'accountId',
      'agentId',
      'channel',
      'clientId',
      'platform',
      'remoteIp',
      'runId',
      'sender',
      'sessionKey',
    ]);
  }
  const byId = new Map(items.map((item) => [item.id, item]));

  const exec = byId.get(execId);
  assert.ok(exec && isRecord(exec.origin) && isRecord(exec.detail));
  assert.equal(exec.kind, 'exec-approval');
  assert.equal(exec.summary, 'git push origin main');
  // a qqbot-originated exec approval says where it came from
  assert.equal(exec.origin.channel, 'qqbot');
  assert.equal(exec.origin.sender, '10086');
  assert.equal(exec.origin.sessionKey, 'agent:main:qqbot:direct:10086');
  assert.deepEqual(exec.allowedDecisions, ['allow-once', 'deny']);
  assert.equal(exec.detail.command, 'git push origin main');
  assert.equal(exec.detail.cwd, '/srv/repo');
  assert.match(String(exec.expiresAt), /^\d{4}-\d\d-\d\dT/);

  const plugin = byId.get(pluginId);
  assert.ok(plugin && isRecord(plugin.origin));
  assert.equal(plugin.kind, 'plugin-approval');
  assert.equal(plugin.origin.agentId, 'research');
  assert.equal(plugin.origin.sessionKey, orchestratorKey);

  const device = byId.get(deviceRequestId);
  assert.ok(device && isRecord(device.origin));
  assert.equal(device.kind, 'device-pairing');
  assert.deepEqual(device.requested, ['operator.read', 'operator.write']);
  assert.deepEqual(device.approved, ['operator.read']);
  assert.deepEqual(device.requestedRoles, ['operator']);
  assert.deepEqual(device.allowedDecisions, ['allow-once', 'deny']);
  assert.equal(device.origin.remoteIp, '192.168.1.23');

  const dm = byId.get(dmRequestId);
  assert.ok(dm && isRecord(dm.origin));
  assert.equal(dm.kind, 'dm-access');
  assert.equal(dm.origin.channel, 'qqbot');
  assert.equal(dm.origin.sender, '20417');
});

test('pending without --json prints every exact id and what it asks', async () => {
  const {code, out} = await twin('pending');
  assert.equal(code, 0, out.stderr.text);
  const text = out.stdout.text;
  for (const id of [execId, pluginId, deviceRequestId, dmRequestId]) {
    assert.ok(text.includes(id), `id ${id} missing from:\n${text}`);
  }
  assert.match(text, /channel qqbot · from 10086/);
  assert.match(text, /has operator\.read; new: operator\.write/);
});

test('pending --read-only names the lists it could not read instead of claiming none', async () => {
  const fresh = tempHome();
  try {
    const {code, out} = await twin('pending', {home: fresh.dir, json: true, readOnly: true});
    assert.equal(code, 0, out.stderr.text);
    const doc = onlyJson(out);
    assert.equal(doc.count, 0);
    assert.ok(isRecord(doc.unread));
    assert.deepEqual(Object.keys(doc.unread).sort(), [
      'device-pairing',
      'dm-access',
      'exec-approval',
      'node-pairing',
      'plugin-approval',
      // The gateway offers these too, and read-only cannot read them either.
      'question',
      'system-agent-approval',
    ]);
  } finally {
    fresh.remove();
  }
});

test('pending reads only the inbox: no sessions read, task ledger or config.get to wait for', async () => {
  gateway.clearRequests();
  const {code, out} = await twin('pending', {json: true});
  assert.equal(code, 0, out.stderr.text);
  const methods = new Set(gateway.requests.map((request) => request.method));
  for (const unprinted of [
    'sessions.subscribe',
    'sessions.list',
    'tasks.list',
    'cron.list',
    'config.get',
  ]) {
    assert.equal(methods.has(unprinted), false, `pending asked for ${unprinted}`);
  }
  for (const list of ['device.pair.list', 'exec.approval.list', 'plugin.approval.list']) {
    assert.equal(methods.has(list), true, `pending did not read ${list}`);
  }
  // sessions (which prints the tree) still reads it.
  gateway.clearRequests();
  assert.equal((await twin('sessions', {json: true})).code, 0);
  assert.ok(
    gateway.requestsFor('sessions.subscribe').length > 0,
    gateway.requests.map((r) => r.method).join(' '),
  );
});
